/** `lrlab random-search --model …` (guessing a model's weights) through the real binary. */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { expectUserError, lrlab, lrlabJson, scratchDirectory } from "../../test-support/cli.js";

let work: string;
beforeAll(() => {
  work = scratchDirectory("random-search-model");
  writeFileSync(join(work, "short.json"), JSON.stringify([[[0.1]], [0]]));
});

const relative = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

describe("lrlab random-search --model linear", () => {
  it("on one column guesses what the line's random search guesses, in the same box", () => {
    const line = lrlabJson(["random-search", "--trials", "400", "--seed", "5"]);
    const linear = lrlabJson(["random-search", "--model", "linear", "--trials", "400", "--seed", "5"]);
    // Keras order: kernel (1, 1) is w, bias (1,) is b.
    const [[[w]], [b]] = linear.best.weights;
    expect(relative(w, line.best.w)).toBeLessThan(1e-12);
    expect(relative(b, line.best.b)).toBeLessThan(1e-12);
    expect(relative(linear.best.loss, line.best.loss)).toBeLessThan(1e-12);
    expect(linear.evaluationsToMatch.randomSearch).toBe(line.evaluationsToMatch.randomSearch);
    expect(linear.box.low[0][0][0]).toBeCloseTo(line.box.w[0], 12);
    expect(linear.box.high[0][0][0]).toBeCloseTo(line.box.w[1], 12);
    expect(linear.box.low[1][0]).toBeCloseTo(line.box.b[0], 12);
    expect(linear.box.high[1][0]).toBeCloseTo(line.box.b[1], 12);
    expect(relative(linear.optimum.loss, line.optimum.loss)).toBeLessThan(1e-12);
    // Gradient descent at the line's rate, the exact fastest from zero weights (0.24), and so the same count.
    expect(linear.gradientDescent.rateBasis).toBe("fastest");
    expect(linear.gradientDescent.learningRate).toBe(0.24);
    expect(line.gradientDescent.learningRate).toBe(0.24);
    expect(linear.evaluationsToMatch.gradientDescent).toBe(line.evaluationsToMatch.gradientDescent);
    expect(linear.gradientDescent.initial.weights).toEqual([[[0]], [0]]);
  });
});

describe("lrlab random-search --model mlp", () => {
  const args = ["random-search", "--model", "mlp", "--hidden", "6", "--trials", "300", "--seed", "2"];

  it("finds a best guess whose loss fit computes at those weights, inside the box", () => {
    const search = lrlabJson(args);
    const file = join(work, "best.json");
    writeFileSync(file, JSON.stringify(search.best.weights));
    // One step: the loss at the starting weights is the document's initial loss (fit refuses --steps 0).
    const fit = lrlabJson(["fit", "--model", "mlp", "--hidden", "6", "--init", file, "--steps", "1"]);
    expect(fit.initial.loss).toBe(search.best.loss);
    const low = search.box.low.flat(2);
    const high = search.box.high.flat(2);
    search.best.weights.flat(2).forEach((value: number, k: number) => {
      expect(value).toBeGreaterThanOrEqual(low[k]);
      expect(value).toBeLessThanOrEqual(high[k]);
    });
    expect(search.progress.at(-1)).toEqual({
      evaluations: search.evaluationsToMatch.randomSearch,
      loss: search.best.loss,
    });
  });

  it("counts gradient descent's loss evaluations as fit's history shows them: the first step as low, plus one", () => {
    const search = lrlabJson(args);
    const { learningRate, rateBasis, criticalLearningRate } = search.gradientDescent;
    // Half the critical rate 2/λmax measured at the glorot start.
    expect(rateBasis).toBe("half-critical");
    expect(relative(learningRate, criticalLearningRate / 2)).toBeLessThan(1e-12);
    const fit = lrlabJson([
      "fit",
      "--model",
      "mlp",
      "--hidden",
      "6",
      "--seed",
      "2",
      "--lr",
      String(learningRate),
      "--steps",
      "200",
    ]);
    expect(fit.initial.weights).toEqual(search.gradientDescent.initial.weights);
    const first = fit.history.findIndex((row: { loss: number }) => row.loss <= search.best.loss);
    expect(first).toBeGreaterThanOrEqual(0);
    expect(search.evaluationsToMatch.gradientDescent).toBe(fit.history[first].step + 1);
  });

  it("tells a person the box, the best guess and how much sooner gradient descent gets there", () => {
    const { status, stdout, stderr } = lrlab(args);
    expect(status).toBe(0);
    expect(stderr).toBe("");
    expect(stdout).toContain(
      "lrlab random-search: 300 random guesses of the 19 weights of mlp 1-6-1 (tanh), on built-in",
    );
    expect(stdout).toMatch(/^ {2}Dense 1 → 6 {2}kernel, from "x" +±[\d.]+$/m);
    expect(stdout).toMatch(/^ {2}Dense 6 → 1 {2}kernel \(6, 1\) +±[\d.]+$/m);
    expect(stdout).toMatch(/^ {15}bias \(1,\) +\[−?[\d.]+, [\d.]+\]$/m);
    expect(stdout).toMatch(
      /Gradient descent {2}\(lr [\d.]+, half the critical rate 2\/λmax measured at the start; from\s+glorot_uniform/,
    );
    expect(stdout).toMatch(/gets as low\s+in \d+ loss\s+evaluations?/);
  });

  it("takes every kernel weight from --w-range and every bias from --b-range", () => {
    const search = lrlabJson([...args, "--w-range", "-1:2", "--b-range", "0.5:0.75"]);
    // 1-6-1: kernel (1, 6), bias (6,), kernel (6, 1), bias (1,).
    expect(search.box.low).toEqual([
      [[-1, -1, -1, -1, -1, -1]],
      [0.5, 0.5, 0.5, 0.5, 0.5, 0.5],
      [[-1], [-1], [-1], [-1], [-1], [-1]],
      [0.5],
    ]);
    expect(search.box.high[2]).toEqual([[2], [2], [2], [2], [2], [2]]);
    expect(search.box.high[3]).toEqual([0.75]);
  });
});

describe("lrlab random-search --model logistic", () => {
  it("says so when guessing got there in fewer evaluations than gradient descent at its rate", () => {
    const file = join(work, "labels.csv");
    writeFileSync(file, "x,y\n1,0\n2,0\n3,0\n4,1\n5,0\n6,1\n7,1\n8,1\n");
    const args = ["random-search", "--model", "logistic", "--data", file];
    const search = lrlabJson(args);
    // Two weights in a small box, and half of BCE's critical rate at zero weights: guessing wins here.
    expect(search.evaluationsToMatch.gradientDescent).toBeGreaterThan(search.evaluationsToMatch.randomSearch);
    const { stdout } = lrlab(args);
    expect(stdout).toMatch(
      /no fewer than\s+the [\d,]+ guesses took: at this rate gradient descent is slow here/,
    );
    expect(stdout).not.toContain("That is why we follow the gradient");
  });
});

describe("lrlab random-search --model: bad input gets exit 2 and one line", () => {
  const cases: [string[], string][] = [
    [
      ["--model", "mlp", "--track-sharpness", "5"],
      "--track-sharpness does not apply to random-search: it compares guesses with one gradient-descent run and measures no sharpness along it",
    ],
    [["--model", "mlp", "--trials", "0"], "--trials: expected an integer ≥ 1, got 0"],
    [
      ["--model", "mlp", "--w-range", "2:1"],
      '--w-range: expected low:high with low < high, e.g. -5:5, got "2:1"',
    ],
    [["--model", "mlp", "--lr", "0"], "--lr: expected a number > 0, got 0"],
    [
      ["--model", "mlp", "--activation", "tanhh"],
      '--activation: unknown activation "tanhh" (did you mean "tanh"?); expected one of tanh, relu, sigmoid, linear',
    ],
    [["--hidden", "4"], "--hidden applies to --model mlp, not line"],
  ];
  it.each(cases)("random-search %j", (args, message) => {
    expectUserError(["random-search", ...args], message);
  });

  it("names the --init file and the shapes when gradient descent's start does not fit", () => {
    const file = join(work, "short.json");
    expectUserError(
      ["random-search", "--model", "mlp", "--hidden", "4", "--init", file],
      `--init ${file}: weights: expected 4 arrays (kernel, bias per layer: (1, 4), (4,), (4, 1), (1,)), got 2 arrays shaped (1, 1), (1,)`,
    );
  });
});
