/**
 * The worker's logistic regression and network on several x columns, against the real `lrlab fit` on the
 * same file and settings: the same final loss to the last bit, and the scene's view (the a–b plane on two
 * columns, the probability beside each label on more, predicted against actual for a network under MSE).
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { lrlabJson, scratchDirectory } from "../test-support/cli.js";
import { housesCsv } from "../test-support/houses.js";
import { answer, csvLab } from "./lab-fixture.js";
import { defaultState, type LabState } from "./lab-state.js";
import { modelSettingsOf } from "./model-settings.js";
import { runConfigOf } from "./protocol.js";

/**
 * 48 rows on a 8 × 6 grid of (a, b) with a third column c = a·b mod 5: label 1 where a + 2b > 9, except
 * two rows flipped (so the classes overlap and the minimum is finite).
 */
const ROWS = Array.from({ length: 48 }, (_, k) => {
  const a = k % 8;
  const b = Math.floor(k / 8);
  const flipped = k === 10 || k === 37;
  const label = a + 2 * b > 9 !== flipped ? 1 : 0;
  return [a, b, (a * b) % 5, label];
});
const CSV = `a,b,c,passed\n${ROWS.map((row) => row.join(",")).join("\n")}\n`;
const work = scratchDirectory("web-inputs");
const file = join(work, "pass.csv");
writeFileSync(file, CSV);

/** The lab with `csv` loaded (x `a`, y the last column), and its answer to a model run of `changes`. */
async function runOn(changes: Partial<LabState>, csv = CSV, y = "passed") {
  const { lab, info } = await csvLab(csv, "pass.csv", { x: "a", y });
  const state = { ...defaultState(), data: "csv", x: "a", y, ...changes } as LabState;
  const request = {
    type: "model-run",
    id: 2,
    config: runConfigOf(state),
    model: modelSettingsOf(state),
  } as const;
  return { info, result: (await answer(lab, request)).result };
}

describe("the worker's logistic regression and network on several x columns", () => {
  it("fits logistic regression on a and b as `lrlab fit --model logistic --x a --x b` does, and draws its plane", async () => {
    const { result } = await runOn({
      model: "logistic",
      features: '["b"]',
      learningRate: 0.5,
      steps: 300,
    });
    const cli = lrlabJson([
      "fit",
      "--data",
      file,
      "--model",
      "logistic",
      "--x",
      "a",
      "--x",
      "b",
      "--y",
      "passed",
      "--lr",
      "0.5",
      "--steps",
      "300",
    ]);
    expect(result.featureNames).toEqual(["a", "b"]);
    expect(result.parameterCount).toBe(3);
    expect(result.lossName).toBe("bce");
    // Real labels, as the CLI takes them: no median split.
    expect(result.labels).toEqual({
      threshold: null,
      ones: ROWS.filter((row) => row[3] === 1).length,
      n: 48,
    });
    expect(result.finalLoss).toBe(cli.final.loss);
    expect(result.stability.criticalLearningRate).toBe(cli.stability.criticalLearningRate);
    // The plane instead of a curve or predictions: every point, coloured by its own label.
    expect(result.predictions).toBeNull();
    expect(result.curve.x.length).toBe(0);
    const plane = result.plane;
    if (!plane) throw new Error("no plane");
    expect(plane.points).toHaveLength(48);
    expect(plane.points.map((p) => p.label)).toEqual(ROWS.map((row) => row[3]));
    expect([plane.aName, plane.bName]).toEqual(["a", "b"]);
    // The boundary's ends lie on w1·a + w2·b + bias = 0 with the CLI's final weights.
    const [[[w1], [w2]], [bias]] = cli.final.weights;
    const line = plane.line;
    if (!line) throw new Error("no boundary line");
    for (const { a, b } of line) expect(w1 * a + w2 * b + bias).toBeCloseTo(0, 9);
    // p on the grid: below 0.5 at the low corner (a + 2b small), above at the high one.
    const { size, values } = plane.grid;
    expect(values[0]).toBeLessThan(0.5);
    expect(values[size * size - 1]).toBeGreaterThan(0.5);
  });

  it("fits a network on a and b, standardized, as `lrlab fit --model mlp --x a --x b --standardize` does", async () => {
    const { result } = await runOn({
      model: "mlp",
      hidden: [4],
      features: '["b"]',
      standardize: true,
      learningRate: 0.1,
      steps: 200,
    });
    const cli = lrlabJson([
      "fit",
      "--data",
      file,
      "--model",
      "mlp",
      "--hidden",
      "4",
      "--x",
      "a",
      "--x",
      "b",
      "--y",
      "passed",
      "--standardize",
      "--lr",
      "0.1",
      "--steps",
      "200",
    ]);
    expect(cli.model.parameterCount).toBe(17); // 2·4 + 4 + 4·1 + 1
    expect(result.parameterCount).toBe(17);
    expect(result.title).toBe("mlp 2-4-1 (tanh)");
    expect(result.finalLoss).toBe(cli.final.loss);
    expect(result.lossName).toBe("mse");
    // MSE's output is not a probability: predicted against actual, no plane.
    expect(result.plane).toBeNull();
    expect(result.predictions?.actual.length).toBe(48);
  });

  it("fits logistic regression on three columns as the CLI does, each label beside its probability", async () => {
    const { result } = await runOn({
      model: "logistic",
      features: '["b","c"]',
      learningRate: 0.5,
      steps: 100,
    });
    const cli = lrlabJson(
      ["fit", "--data", file, "--model", "logistic", "--x", "a", "--x", "b", "--x", "c"].concat([
        "--y",
        "passed",
        "--lr",
        "0.5",
        "--steps",
        "100",
      ]),
    );
    expect(result.finalLoss).toBe(cli.final.loss);
    expect(result.plane).toBeNull();
    const predictions = result.predictions;
    if (!predictions) throw new Error("no predictions");
    expect(Array.from(predictions.actual)).toEqual(ROWS.map((row) => row[3]));
    for (const p of predictions.predicted) expect(p > 0 && p < 1).toBe(true);
    // The fitted probabilities separate the labels on the whole: the 1s' mean above the 0s'.
    const mean = (label: number) => {
      const ps = Array.from(predictions.predicted).filter((_, k) => predictions.actual[k] === label);
      return ps.reduce((sum, p) => sum + p, 0) / ps.length;
    };
    expect(mean(1)).toBeGreaterThan(mean(0) + 0.2);
  });

  it("names the lab's own degree field, not the CLI's --degree, when a polynomial has more coefficients than points", async () => {
    const { result } = await runOn(
      { model: "polynomial", degree: 4 } as Partial<LabState>,
      "a,y\n0,1\n1,3\n2,2\n",
      "y",
    );
    expect(result.words.stability.join(" ")).toContain(
      'the "degree" field to at most 2, or add points; the "standardize x" checkbox cannot help',
    );
    expect(result.words.stability.join(" ")).not.toContain("--");
  });

  it("splits regression data at the median of y on two columns too, and plots it on the plane", async () => {
    const { lab } = await csvLab(housesCsv(), "houses.csv", { x: "area_m2", y: "price_k" });
    const state = {
      ...defaultState(),
      data: "csv",
      x: "area_m2",
      y: "price_k",
      model: "logistic",
      features: '["age_years"]',
      standardize: true,
      learningRate: 0.5,
      steps: 100,
    } as LabState;
    const { result } = await answer(lab, {
      type: "model-run",
      id: 2,
      config: runConfigOf(state),
      model: modelSettingsOf(state),
    });
    expect(result.labels?.threshold).not.toBeNull();
    expect(result.plane?.aName).toBe("area_m2");
    expect(result.plane?.bName).toBe("age_years");
    const labels = new Set(result.plane?.points.map((p) => p.label));
    expect([...labels].sort()).toEqual([0, 1]);
  });
});
