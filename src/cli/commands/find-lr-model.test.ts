/** `lrlab find-lr --model …` (the range test on a model beyond the line) through the real binary. */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { expectUserError, lrlab, lrlabJson, scratchDirectory } from "../../test-support/cli.js";
import { housesFlags } from "../../test-support/houses.js";

let work: string;
beforeAll(() => {
  work = scratchDirectory("find-lr-model");
  writeFileSync(
    join(work, "narrow.json"),
    JSON.stringify([[[0.1, 0.2]], [0, 0, 0, 0], [[1], [1], [1], [1]], [0]]),
  );
});

const relative = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);
const houses = [...housesFlags()];

describe("lrlab find-lr --model linear", () => {
  it("states the exact critical rate of lrlab fit --model linear, on one column and on three standardized ones", () => {
    for (const args of [
      ["--model", "linear"],
      ["--model", "linear", "--standardize", ...houses],
    ]) {
      const test = lrlabJson(["find-lr", ...args]);
      const fit = lrlabJson(["fit", ...args]);
      expect(test.stability.basis).toBe("exact");
      // The same theory object in both: equal to the last bit, not merely close.
      expect(test.stability.criticalLearningRate).toBe(fit.stability.criticalLearningRate);
      expect(test.theory.criticalLearningRate).toBe(fit.stability.criticalLearningRate);
      expect(test.theory.hessianEigenvalues).toEqual(fit.stability.hessianEigenvalues);
      expect(test.theory.optimum).toEqual(fit.optimum);
      // Plain SGD's bound is 2/λmax itself.
      expect(test.theory.optimizerCriticalLearningRate).toBe(fit.stability.criticalLearningRate);
      for (const name of ["valley", "steep", "minimum", "slide"]) {
        expect(test.ratioToCritical[name]).toBe(test.suggestions[name] / test.stability.criticalLearningRate);
      }
    }
  });

  it("on one column is the line's range test: the same ramp, the same batches, the same suggestions", () => {
    const line = lrlabJson(["find-lr"]);
    const linear = lrlabJson(["find-lr", "--model", "linear"]);
    expect(linear.iterations).toBe(line.iterations);
    linear.curve.forEach((point: { learningRate: number; loss: number; smoothedLoss: number }, i: number) => {
      expect(point.learningRate).toBe(line.curve[i].learningRate);
      // train.ts's O(1) line and trainModel's backpropagation round differently, nothing more.
      expect(relative(point.loss, line.curve[i].loss)).toBeLessThan(1e-9);
      expect(relative(point.smoothedLoss, line.curve[i].smoothedLoss)).toBeLessThan(1e-9);
    });
    expect(linear.suggestions).toEqual(line.suggestions);
    // The line's five sums and the linear model's d×d solve: two computations of one number.
    expect(relative(linear.theory.criticalLearningRate, line.theory.criticalLearningRate)).toBeLessThan(
      1e-12,
    );
    for (const key of [
      "ramp",
      "smoothing",
      "divergeThreshold",
      "batchSize",
      "stepsPerEpoch",
      "seed",
      "stop",
    ]) {
      expect(linear[key]).toEqual(line[key]);
    }
    // Zero weights, in Keras get_weights() order, where the line starts at w = b = 0.
    expect(linear.initial.weights).toEqual([[[0]], [0]]);
    expect(line.initial).toEqual({ w: 0, b: 0 });
  });

  it("tells a person the exact critical rate beside the suggestions, as fit prints it", () => {
    const { status, stdout, stderr } = lrlab(["find-lr", "--model", "linear"]);
    expect(status).toBe(0);
    expect(stderr).toBe("");
    expect(stdout).toContain(
      "lrlab find-lr: the LR range test (Smith 2015; fastai lr_find) on linear y = x·w + b",
    );
    expect(stdout).toMatch(/^ {17}lr {2}× 2\/λmax$/m);
    expect(stdout).toMatch(/^ {2}valley {3}0\.004365 {4}0\.014× /m);
    expect(stdout).toContain("Theory (exact for full-batch gradient descent on MSE)");
    expect(stdout).toContain("  sharpness λmax = 6.517 at the start (exact); 2/λmax = 0.3069");
    expect(stdout).toContain(
      "Suggested  --lr 0.004365 (valley) · critical rate 2/λmax 0.3069, exact (70.3× the suggestion)",
    );
  });

  it("with momentum sets the momentum bound (2 + 2β)/λmax beside the suggestions", () => {
    const document = lrlabJson(["find-lr", "--model", "linear", "--optimizer", "momentum"]);
    // Keras SGD(momentum=0.9): diverges above 2(1 + β)/λmax = 3.8/λmax.
    const lambdaMax = document.theory.hessianEigenvalues[0];
    expect(relative(document.theory.optimizerCriticalLearningRate, 3.8 / lambdaMax)).toBeLessThan(1e-12);
    expect(document.stability.optimizerBound.formula).toBe("2(1 + β)/λmax");
  });
});

describe("lrlab find-lr --model linear --loss mae", () => {
  it("has no critical rate where the loss has no curvature, and says why rather than blaming SGD", () => {
    const document = lrlabJson(["find-lr", "--model", "linear", "--loss", "mae"]);
    expect(document.stability).toMatchObject({ basis: "measured", sharpness: 0, criticalLearningRate: null });
    expect(document.ratioToCritical).toEqual({ valley: null, steep: null, minimum: null, slide: null });
    const { stdout } = lrlab(["find-lr", "--model", "linear", "--loss", "mae"]);
    expect(stdout).toMatch(
      /the loss has no curvature at the start \(λmax ≤ 0\): 2\/λmax bounds no rate here/,
    );
    expect(stdout).not.toContain("SGD rescales");
    expect(stdout).not.toContain("× 2/λmax");
  });
});

describe("lrlab find-lr --model mlp", () => {
  const args = ["find-lr", "--model", "mlp", "--hidden", "8"];

  it("sets 2/λmax measured at the glorot start beside the suggestions, the start fit measures", () => {
    const test = lrlabJson(args);
    const fit = lrlabJson(["fit", "--model", "mlp", "--hidden", "8", "--steps", "1"]);
    expect(test.stability.basis).toBe("measured");
    expect(test.stability.converged).toBe(true);
    expect(test.initial).toEqual(fit.initial);
    expect(test.stability.sharpness).toBe(fit.stability.sharpness);
    expect(test.stability.criticalLearningRate).toBe(2 / test.stability.sharpness);
    expect(test.theory).toBeNull();
    expect(test.model.layers).toEqual([
      { type: "Dense", inputs: 1, units: 8, activation: "tanh" },
      { type: "Dense", inputs: 8, units: 1, activation: "linear" },
    ]);
    expect(test.ratioToCritical.valley).toBe(test.suggestions.valley / test.stability.criticalLearningRate);
    // The ramp ran until the smoothed loss blew up, and the curve holds every iteration.
    expect(test.curve).toHaveLength(test.iterations);
    expect(test.stop).toBe("diverged");
  });

  it("tells a person the measured critical rate and each suggestion's ratio to it", () => {
    const { status, stdout } = lrlab(args);
    expect(status).toBe(0);
    expect(stdout).toContain("Critical rate (measured at the starting weights)");
    expect(stdout).toMatch(/sharpness λmax = [\d.]+ at the start \(measured by power iteration on exact/);
    expect(stdout).toMatch(/^ {2}valley +[\d.e−]+ +[\d.e−]+× +half way/m);
    expect(stdout).toMatch(
      /Suggested {2}--lr [\d.e-]+ \(valley\) · critical rate 2\/λmax [\d.]+, measured at the start/,
    );
    expect(stdout).toContain("from glorot_uniform kernels and zero biases from seed 0");
  });

  it("says that Adam's rate is not bounded by 2/λmax, and gives no bound in the JSON", () => {
    const document = lrlabJson([...args, "--optimizer", "adam"]);
    expect(document.stability.optimizerBound).toBeNull();
    expect(document.optimizer.name).toBe("adam");
    const { stdout } = lrlab([...args, "--optimizer", "adam"]);
    expect(stdout).toContain("Adam rescales its steps per weight: no exact bound");
    expect(stdout).toMatch(
      /critical rate 2\/λmax [\d.]+, measured at the start, for plain\s+gradient descent/,
    );
  });

  it("starts from --init weights: the initial loss is the final loss of the fit that wrote them", () => {
    const fit = lrlabJson(["fit", "--model", "mlp", "--hidden", "8", "--lr", "0.05", "--steps", "20"]);
    const file = join(work, "final.json");
    writeFileSync(file, JSON.stringify(fit.final.weights));
    const test = lrlabJson([...args, "--init", file]);
    expect(test.initial.weights).toEqual(fit.final.weights);
    expect(test.initial.loss).toBe(fit.final.loss);
  });
});

describe("lrlab find-lr --model: bad input gets exit 2 and one line", () => {
  const cases: [string[], string][] = [
    [
      ["--model", "mlp", "--track-sharpness", "5"],
      "--track-sharpness does not apply to find-lr: the range test measures the sharpness once, at the starting weights, and sets 2/λmax beside its suggestions",
    ],
    [
      ["--model", "mlp", "--lr", "0.1"],
      "--lr does not apply to find-lr: the range test ramps the rate itself, from --start-lr to --end-lr (--linear for a linear ramp)",
    ],
    [
      ["--model", "mlp", "--steps", "10"],
      "--steps does not apply to find-lr: the range test runs --num-it iterations",
    ],
    [["--model", "linear", "--degree", "2"], "--degree applies to --model polynomial, not linear"],
    [["--degree", "2"], "--degree applies to --model polynomial, not line"],
    [
      ["--model", "mlp", "--hidden", "0"],
      '--hidden: expected 1 to 8 layer widths from 1 to 4096 separated by commas (e.g. 16 or 8,8), got "0"',
    ],
    [
      ["--model", "mpl"],
      '--model: unknown model "mpl" (did you mean "mlp"?); expected one of line, linear, polynomial, logistic, mlp',
    ],
    [
      ["--loss", "bce"],
      "--loss bce needs a sigmoid output: use --model logistic (or mlp); the line is fitted with mse, mae or huber",
    ],
    [["--model", "mlp", "--num-it", "3"], "--num-it: expected an integer ≥ 6, got 3"],
  ];
  it.each(cases)("find-lr %j", (args, message) => {
    expectUserError(["find-lr", ...args], message);
  });

  it("names the --init file, the layer and both shapes when the weights do not fit", () => {
    const file = join(work, "narrow.json");
    expectUserError(
      ["find-lr", "--model", "mlp", "--hidden", "4", "--init", file],
      `--init ${file}: layer 1 of 2 (Dense 1 → 4) kernel: expected shape (1, 4), got (1, 2)`,
    );
  });
});
