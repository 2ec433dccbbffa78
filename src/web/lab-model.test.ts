import { describe, expect, it } from "vitest";
import { lrlabJson } from "../test-support/cli.js";
import { housesCsv, housesFlags } from "../test-support/houses.js";
import type { LabHandler } from "./lab.js";
import { answer, csvLab, defaultRunConfig, lessonLab } from "./lab-fixture.js";
import { median } from "./lab-model.js";
import { defaultState, type LabState, withOptimizer } from "./lab-state.js";
import { LAB_MODEL_NAMES, modelSettingsOf } from "./model-settings.js";
import { runConfigOf } from "./protocol.js";

/** The lab's answer to a model run of `state` (the default lab with `changes`). */
async function modelRun(lab: LabHandler, changes: Partial<LabState> = {}) {
  const state = { ...defaultState(), ...changes };
  const request = {
    type: "model-run",
    id: 2,
    config: runConfigOf(state),
    model: modelSettingsOf(state),
  } as const;
  return (await answer(lab, request)).result;
}

describe("the worker's model runs", () => {
  it("does not tell a run to try its own rate, and rounds the fastest rate down (web round 5 #5)", async () => {
    // Degree 12 at lr 1e-10 for 1,000 steps: the budget is short, and 1e-10 already ends lowest in it.
    const { lab } = await lessonLab();
    const result = await modelRun(lab, { model: "polynomial", degree: 12, steps: 1000, learningRate: 1e-10 });
    const words = result.words.verdict.join(" ");
    expect(words).not.toContain("Try lr 1e−10");
    expect(words).toContain(
      "lr 1e−10 already ends lowest of every constant rate below 2/λmax after 1,000 steps",
    );
    // The fastest rate as written, typed in, does not jump out (rounded to nearest, 1.453e−10 did).
    const written = /the fastest from this start, lr ([\d.]+)e−(\d+)/.exec(words);
    expect(written).not.toBeNull();
    const fastest = Number(`${written?.[1]}e-${written?.[2]}`);
    const typed = await modelRun(lab, {
      model: "polynomial",
      degree: 12,
      steps: 1000,
      learningRate: fastest,
    });
    expect(typed.verdict.outcome).not.toBe("jumps-out");
    expect(typed.status).not.toBe("diverged");
  });

  it("fits a polynomial to the same final loss as `lrlab fit --model polynomial` with the same settings", async () => {
    const { lab } = await lessonLab();
    const result = await modelRun(lab, { model: "polynomial", degree: 3, learningRate: 0.001, steps: 200 });
    const cli = lrlabJson([
      "fit",
      "--model",
      "polynomial",
      "--degree",
      "3",
      "--lr",
      "0.001",
      "--steps",
      "200",
    ]);
    expect(result.status).toBe("completed");
    expect(result.finalLoss).toBe(cli.final.loss);
    expect(result.stability.criticalLearningRate).toBe(cli.stability.criticalLearningRate);
    expect(result.bestLoss).toBe(cli.optimum.loss);
    expect(result.title).toBe("polynomial of degree 3");
    expect(result.parameterCount).toBe(4);
  });

  it("measures the line's sharpness at the exact λmax at every tracked step, and runs it as the lesson does", async () => {
    const { lab } = await lessonLab();
    const start = { learningRate: 0.2, initialW: 1, initialB: -1 };
    const lesson = (await answer(lab, { type: "run", id: 3, config: defaultRunConfig(start) })).result;
    const result = await modelRun(lab, { ...start, model: "line", trackSharpness: 10 });
    const lambdaMax = lesson.theory?.lambdaMax as number;
    expect(lambdaMax).toBeCloseTo(2 / 0.3069, 2); // the README's critical rate 0.3069
    // Steps 0, 10, …, 100: eleven measurements, each the exact λmax to power iteration's tolerance.
    expect(Array.from(result.sharpness.step)).toEqual([0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100]);
    for (const value of result.sharpness.value) expect(Math.abs(value / lambdaMax - 1)).toBeLessThan(1e-6);
    expect(result.stability.basis).toBe("exact");
    expect(result.stability.sharpness / lambdaMax - 1).toBeCloseTo(0, 12);
    // The lesson's start (w, b) = (1, −1), the same Keras SGD: the lesson's losses, step for step.
    expect(result.history.length).toBe(lesson.history.length);
    result.history.loss.forEach((loss, i) => {
      expect(loss).toBeCloseTo(lesson.history.loss[i] as number, 10);
    });
    expect(result.verdict).toMatchObject({ regime: "oscillating", regimeBasis: "exact", reached: true });
    // Constant to power iteration's tolerance, so said to stay, not to rise by a rounding error.
    expect(result.words.verdict).toContain("sharpness stayed at 6.517 over the run; 2/λ stayed at 0.3069");
  });

  it("tracks the sharpness about 50 times a run by default: every 6 steps of 300", async () => {
    const { lab } = await lessonLab();
    const result = await modelRun(lab, { model: "mlp", learningRate: 0.1, steps: 300 });
    expect(result.sharpness.every).toBe(6);
    // 0, 6, …, 300: 51 measurements, the last at the last step.
    expect(result.sharpness.step).toHaveLength(51);
    expect(result.sharpness.step.at(-1)).toBe(300);
    expect(result.title).toBe("mlp 1-16-1 (tanh)");
    expect(result.parameterCount).toBe(49); // 16 + 16 kernel and bias, then 16 + 1
    expect(result.stability.basis).toBe("measured");
    // The CLI's run of the same network: the same glorot start from the seed, the same numbers.
    const cli = lrlabJson(["fit", "--model", "mlp", "--hidden", "16", "--lr", "0.1", "--steps", "300"]);
    expect(result.finalLoss).toBe(cli.final.loss);
    expect(result.stability.sharpness).toBe(cli.stability.sharpness);
  });

  it("draws 2/η for plain SGD, 2(1 + β)/η beside it with momentum, and no bound of its own for Adam", async () => {
    const { lab } = await lessonLab();
    const plain = await modelRun(lab, { model: "mlp", learningRate: 0.1, steps: 20 });
    expect(plain.thresholds.plain[0]).toBeCloseTo(20, 12); // 2/0.1
    expect(plain.thresholds).toMatchObject({ optimizer: null, adaptive: false, optimizerClass: "SGD" });

    const momentum = await modelRun(lab, {
      model: "mlp",
      optimizer: "momentum",
      optimizerArgs: { momentum: 0.9, nesterov: false },
      learningRate: 0.01,
      steps: 20,
    });
    expect(momentum.thresholds.formula).toBe("2(1 + β)/η");
    expect(momentum.thresholds.detail).toBe("momentum β = 0.9");
    expect(momentum.thresholds.optimizer?.[0]).toBeCloseTo(380, 9); // 2·1.9/0.01
    expect(momentum.thresholds.plain[0]).toBeCloseTo(200, 9);

    const adam = await modelRun(lab, { ...withOptimizer(defaultState(), "adam"), model: "mlp", steps: 20 });
    expect(adam.thresholds).toMatchObject({ optimizer: null, adaptive: true, optimizerClass: "Adam" });
    expect(adam.words.stability.join(" ")).toMatch(/Adam rescales its steps/);
  });

  it("follows a schedule's rate in the bound: 2/η doubles as an exponential decay halves η", async () => {
    const { lab } = await lessonLab();
    const result = await modelRun(lab, {
      model: "mlp",
      learningRate: 0.1,
      steps: 10,
      schedule: "exponential",
      scheduleArgs: { decaySteps: 10, decayRate: 0.5, staircase: false },
    });
    expect(result.thresholds.plain[0]).toBeCloseTo(20, 9);
    expect(result.thresholds.plain[10]).toBeCloseTo(40, 9); // 2/(0.1·0.5)
  });

  it("fits logistic regression on y above its median, and marks where the probability is 0.5", async () => {
    const { lab, info } = await lessonLab();
    const result = await modelRun(lab, { model: "logistic", learningRate: 1, steps: 300 });
    const ys = Float64Array.from(info.sampleY); // all 100 points
    const threshold = median(ys);
    expect(result.labels).toEqual({ threshold, ones: 50, n: 100 });
    expect(result.lossName).toBe("bce");
    expect(result.finalLoss).toBeLessThan(Math.log(2)); // better than p = 0.5 everywhere
    for (const p of result.curve.y) expect(p > 0 && p < 1).toBe(true);
    // y ≈ 2x + 1 rises with x: the probability rises, and crosses 0.5 at the boundary.
    expect(result.curve.y.at(-1)).toBeGreaterThan(result.curve.y[0] as number);
    const boundary = result.boundary as number;
    const i = result.curve.x.findIndex((x) => x > boundary);
    expect(result.curve.y[i - 1]).toBeLessThan(0.5);
    expect(result.curve.y[i]).toBeGreaterThan(0.5);
    // Near where 2x + 1 reaches the median of y.
    expect(boundary).toBeCloseTo((threshold - 1) / 2, 0);
  });

  it("standardizes x when asked, and says what it did to the critical rate", async () => {
    const { lab, info } = await lessonLab();
    const result = await modelRun(lab, {
      model: "polynomial",
      degree: 3,
      standardize: true,
      learningRate: 0.01,
    });
    const xs = Array.from(info.sampleX);
    const mean = xs.reduce((sum, x) => sum + x, 0) / xs.length;
    expect(result.standardization?.mean).toBeCloseTo(mean, 12);
    expect(result.words.standardize).toMatch(/^standardizing changed the condition number from 981 to /);
    // The curve is drawn in x's own units: at the data's mean, z = 0 and the prediction is the bias.
    expect(result.curve.x[0]).toBeLessThan(info.extentX[0]);
    expect(result.curve.x.at(-1)).toBeGreaterThan(info.extentX[1]);
  });

  it("a line model ignores a standardize left checked from another model", async () => {
    const { lab } = await lessonLab();
    const result = await modelRun(lab, { model: "line", standardize: true });
    expect(result.standardization).toBeNull();
    expect(result.settings.standardize).toBe(false);
  });

  it("answers an impossible network with the core's message in the lab's words", async () => {
    const { lab } = await lessonLab();
    const state = { ...defaultState(), model: "mlp" as const, hidden: [0] };
    const response = await lab.handle({
      type: "model-run",
      id: 9,
      config: runConfigOf(state),
      model: modelSettingsOf(state),
    });
    expect(response).toMatchObject({ type: "error", code: "E_BAD_ARGUMENT" });
    expect(response.type === "error" && response.message).toMatch(/^hidden layers: expected layer widths/);
  });

  it("runs every model the lab offers with every loss and optimizer, and words each run", async () => {
    const { lab } = await lessonLab();
    const { OPTIMIZER_NAMES, LOSS_NAMES } = await import("../core/index.js");
    for (const model of LAB_MODEL_NAMES) {
      for (const loss of LOSS_NAMES) {
        for (const optimizer of OPTIMIZER_NAMES) {
          const state = { ...withOptimizer(defaultState(), optimizer), model, loss, steps: 20 };
          const response = await lab.handle({
            type: "model-run",
            id: 4,
            config: runConfigOf(state),
            model: modelSettingsOf(state),
          });
          const where = `${model}, ${loss}, ${optimizer}: ${JSON.stringify(response).slice(0, 300)}`;
          expect(response.type, where).toBe("model-run");
          if (response.type !== "model-run") continue;
          expect(response.result.words.verdict.length, where).toBeGreaterThan(0);
          expect(response.result.curve.y.every(Number.isFinite), where).toBe(true);
          // Logistic regression is fitted with BCE whatever the lesson's loss.
          expect(response.result.lossName, where).toBe(model === "logistic" ? "bce" : loss);
        }
      }
    }
  });

  it("says a degree-12 condition number beyond float64 is too large to measure, not ∞, and names the checkbox", async () => {
    const { lab } = await lessonLab();
    const result = await modelRun(lab, { model: "polynomial", degree: 12, standardize: true, steps: 1 });
    expect(result.words.standardize).toMatch(
      /^standardizing changed the condition number from above 1e12 \(too large to measure in float64\) to \d/,
    );
    const raw = await modelRun(lab, { model: "polynomial", degree: 12, steps: 1 });
    const singular = raw.words.stability.find((line) => line.includes("singular"));
    expect(singular).toContain('the "standardize x" checkbox often cures it');
  });

  it("median: the middle value, or the mean of the two middle ones", () => {
    expect(median(Float64Array.from([3, 1, 2]))).toBe(2);
    expect(median(Float64Array.from([4, 1, 3, 2]))).toBe(2.5);
  });
});

describe("the worker's landscape of a model", () => {
  it("slices a network's loss as `lrlab landscape --model mlp --grid 41` does, with the path projected", async () => {
    const { lab } = await lessonLab();
    const result = await modelRun(lab, { model: "mlp", learningRate: 0.1, steps: 100 });
    const cli = lrlabJson(["landscape", "--model", "mlp", "--lr", "0.1", "--steps", "100", "--grid", "41"]);
    const landscape = result.landscape;
    if (!landscape) throw new Error(`no landscape: ${result.landscapeNote}`);
    expect(result.landscapeNote).toBeNull();
    // The CLI's default for a network: random filter-normalized directions from the run's seed.
    expect(landscape.kind).toBe(cli.directions.kind);
    expect(landscape.kind).toBe("random");
    expect(Array.from(landscape.alpha)).toEqual(cli.alpha);
    expect(Array.from(landscape.beta)).toEqual(cli.beta);
    // The CLI's rows are β's: loss[j][i] at (alpha[i], beta[j]), the web's values[j·41 + i].
    expect(Array.from(landscape.values)).toEqual(cli.loss.flat());
    expect(landscape.centreLoss).toBe(cli.centre.loss);
    // Every step of 100 is kept (at most 200 points), step 0 to 100, as the CLI's.
    expect(Array.from(landscape.path.step)).toEqual(cli.path.step);
    expect(Array.from(landscape.path.alpha)).toEqual(cli.path.alpha);
    // The path ends at the centre of the plane, where the run ended.
    expect(landscape.path.alpha.at(-1)).toBeCloseTo(0, 12);
    expect(landscape.path.beta.at(-1)).toBeCloseTo(0, 12);
  });

  it("takes the Hessian's directions for a polynomial, and none for the two parameters of the line", async () => {
    const { lab } = await lessonLab();
    const polynomial = await modelRun(lab, {
      model: "polynomial",
      degree: 2,
      learningRate: 0.001,
      steps: 50,
    });
    expect(polynomial.landscape?.kind).toBe("hessian");
    const [first, second] = polynomial.landscape?.eigenvalues ?? [Number.NaN, Number.NaN];
    // The Hessian's two largest eigenvalues, largest first; the largest is the measured sharpness.
    expect(first).toBeGreaterThanOrEqual(second);
    expect(first / polynomial.stability.sharpness).toBeCloseTo(1, 6);
    const line = await modelRun(lab, { model: "line" });
    expect(line.landscape).toBeNull();
    expect(line.landscapeNote).toContain("the Lesson tab draws this very surface");
    // Logistic regression has 2 parameters too, but not the line's surface: its own plane, whole, with the
    // BCE at the star equal to the run's final loss.
    const logistic = await modelRun(lab, { model: "logistic", learningRate: 1, steps: 100 });
    expect(logistic.parameterCount).toBe(2);
    expect(logistic.landscapeNote).toBeNull();
    expect(logistic.landscape?.kind).toBe("hessian");
    expect(logistic.landscape?.centreLoss).toBeCloseTo(logistic.finalLoss as number, 12);
  });

  it("has no landscape for a run that diverged, and says why", async () => {
    const { lab } = await lessonLab();
    const result = await modelRun(lab, { model: "mlp", learningRate: 5, steps: 100 });
    expect(result.status).toBe("diverged");
    expect(result.landscape).toBeNull();
    expect(result.landscapeNote).toMatch(/^The run diverged/);
  });
});

describe("the worker's linear regression on several columns", () => {
  const housesLab = (x: string) => csvLab(housesCsv(), "houses.csv", { x, y: "price_k" });

  it("fits the columns ticked beside x as `lrlab fit --model linear --x … --x … --standardize` does", async () => {
    const { lab, info } = await housesLab("area_m2");
    expect(info.columns).toEqual(["area_m2", "rooms", "age_years", "price_k"]);
    const result = await modelRun(lab, {
      model: "linear",
      x: "area_m2",
      y: "price_k",
      features: '["rooms","age_years"]',
      standardize: true,
      learningRate: 0.1,
      steps: 100,
    });
    const cli = lrlabJson([
      "fit",
      ...housesFlags(),
      "--model",
      "linear",
      "--standardize",
      "--lr",
      "0.1",
      "--steps",
      "100",
    ]);
    expect(cli.model.parameterCount).toBe(4);
    expect(result.parameterCount).toBe(4);
    expect(result.featureNames).toEqual(["area_m2", "rooms", "age_years"]);
    expect(result.finalLoss).toBe(cli.final.loss);
    expect(result.stability.criticalLearningRate).toBe(cli.stability.criticalLearningRate);
    expect(result.bestLoss).toBe(cli.optimum.loss);
    // Predicted against actual: every house's price, and the model's prediction for it.
    const predictions = result.predictions;
    if (!predictions) throw new Error("no predictions");
    expect(predictions.actual.length).toBe(info.n);
    expect(predictions.actual[0]).toBe(445);
    expect(result.curve.x.length).toBe(0);
  });

  it("refuses more x columns on the built-in data, which has one, saying where to find more", async () => {
    const { lab } = await lessonLab();
    const response = await lab.handle({
      type: "model-run",
      id: 2,
      config: runConfigOf(defaultState()),
      model: { ...modelSettingsOf({ ...defaultState(), model: "linear" }), features: ["z"] },
    });
    expect(response.type).toBe("error");
    expect(response.type === "error" && response.message).toMatch(
      /has one x column; pick a bundled data set/,
    );
  });
});
