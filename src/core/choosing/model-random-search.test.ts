import { describe, expect, it } from "vitest";
import { builtinData, type Dataset } from "../data/data.js";
import { linearStats } from "../data/stats.js";
import { type ModelSpec, prepareModel } from "../models/model-spec.js";
import {
  fullDataLoss,
  modelGradientDescentEvaluationsToReach,
  modelSearchBox,
  randomSearchModel,
} from "./model-random-search.js";
import { gradientDescentEvaluationsToReach, randomSearch, searchBox } from "./random-search.js";

const relative = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);

function prepared(
  spec: ModelSpec,
  data: Pick<Dataset, "x" | "y"> = builtinData(),
  loss: "mse" | "bce" = "mse",
) {
  return prepareModel(spec, [data.x], data.y, { loss, columnNames: ["x"] });
}

describe("modelSearchBox", () => {
  it("is the line's box for the line: slopes ±3σy/σx, intercepts within 3σy of the middle", () => {
    const box = modelSearchBox(prepared({ name: "line" }));
    const line = searchBox(linearStats(builtinData()));
    // [w, b] in Keras order: kernel (1, 1), then bias (1,).
    expect(relative(box.low[0] as number, line.w[0])).toBeLessThan(1e-12);
    expect(relative(box.high[0] as number, line.w[1])).toBeLessThan(1e-12);
    expect(relative(box.low[1] as number, line.b[0])).toBeLessThan(1e-12);
    expect(relative(box.high[1] as number, line.b[1])).toBeLessThan(1e-12);
  });

  it("scales a 1-2-1 network layer by layer, as worked by hand", () => {
    // x = 0, 2: mean 1, σ 1. y = 1, 5: mean 3, σ 2.
    const data = { x: Float64Array.of(0, 2), y: Float64Array.of(1, 5) };
    const box = modelSearchBox(prepared({ name: "mlp", hidden: [2] }, data));
    // Hidden Dense 1 → 2 (outputs σ 1 about 0): kernel ±3·1/(1·√1) = ±3; bias 0 ± (3 + |1|·3) = ±6.
    // Output Dense 2 → 1 (linear, y's σ 2 about 3; inputs σ 1 about 0): kernel ±3·2/√2; bias 3 ± 6.
    const k = (3 * 2) / Math.SQRT2;
    const expectedLow = [-3, -3, -6, -6, -k, -k, -3];
    const expectedHigh = [3, 3, 6, 6, k, k, 9];
    expectedLow.forEach((value, i) => {
      expect(box.low[i]).toBeCloseTo(value, 12);
    });
    expectedHigh.forEach((value, i) => {
      expect(box.high[i]).toBeCloseTo(value, 12);
    });
  });

  it("puts a sigmoid output's logits within ±3 about 0 whatever the labels' mean", () => {
    // x = 0, 2, 1 (mean 1, σ √(2/3)), labels 0, 1, 1: kernel ±3/σ, bias 0 ± (3 + |1|·3/σ).
    const data = { x: Float64Array.of(0, 2, 1), y: Float64Array.of(0, 1, 1) };
    const deviationX = Math.sqrt(2 / 3);
    const box = modelSearchBox(prepared({ name: "logistic" }, data, "bce"));
    expect(box.high[0]).toBeCloseTo(3 / deviationX, 12);
    expect(box.high[1]).toBeCloseTo(3 + 3 / deviationX, 12);
    expect(box.low[1]).toBeCloseTo(-(box.high[1] as number), 12);
  });

  it("takes every kernel entry's and every bias's interval from the ranges when given", () => {
    const box = modelSearchBox(prepared({ name: "mlp", hidden: [3] }), { kernel: [-1, 2], bias: [5, 6] });
    // 1-3-1: kernel (1, 3) at 0–2, bias (3,) at 3–5, kernel (3, 1) at 6–8, bias (1,) at 9.
    const isBias = (k: number) => (k >= 3 && k <= 5) || k === 9;
    for (let k = 0; k < 10; k++) {
      expect([box.low[k], box.high[k]]).toEqual(isBias(k) ? [5, 6] : [-1, 2]);
    }
  });

  it("refuses an empty or reversed range", () => {
    expect(() => modelSearchBox(prepared({ name: "line" }), { kernel: [2, 1] })).toThrow(
      "kernel range: expected two finite numbers low < high, got 2:1",
    );
  });
});

describe("randomSearchModel", () => {
  it("guesses the line exactly as the line's random search does: w then b from the same generator", () => {
    for (const seed of [0, 7]) {
      const model = randomSearchModel(prepared({ name: "line" }), { trials: 300, seed });
      const line = randomSearch(builtinData(), { trials: 300, seed });
      expect(model.best.evaluations).toBe(line.best.evaluations);
      expect(relative(model.best.params[0] as number, line.best.w)).toBeLessThan(1e-12);
      expect(relative(model.best.params[1] as number, line.best.b)).toBeLessThan(1e-12);
      expect(relative(model.best.loss, line.best.loss)).toBeLessThan(1e-12);
      expect(model.progress.map((entry) => entry.evaluations)).toEqual(
        line.progress.map((entry) => entry.evaluations),
      );
    }
  });

  it("keeps the lowest of its guesses, each inside the box, its loss the model's at those weights", () => {
    const model = prepared({ name: "mlp", hidden: [4] });
    const result = randomSearchModel(model, { trials: 200, seed: 3 });
    result.best.params.forEach((value, k) => {
      expect(value).toBeGreaterThanOrEqual(result.box.low[k] as number);
      expect(value).toBeLessThanOrEqual(result.box.high[k] as number);
    });
    expect(result.best.loss).toBe(fullDataLoss(model)(result.best.params));
    const losses = result.progress.map((entry) => entry.loss);
    for (let i = 1; i < losses.length; i++) expect(losses[i]).toBeLessThan(losses[i - 1] as number);
    expect(result.progress.at(-1)).toEqual({ evaluations: result.best.evaluations, loss: result.best.loss });
  });

  it("is the same search for the same seed, and another for another", () => {
    const model = prepared({ name: "mlp", hidden: [4] });
    const first = randomSearchModel(model, { trials: 50, seed: 1 });
    expect(randomSearchModel(model, { trials: 50, seed: 1 }).best.params).toEqual(first.best.params);
    expect(randomSearchModel(model, { trials: 50, seed: 2 }).best.params).not.toEqual(first.best.params);
  });

  it("refuses a count of guesses below one", () => {
    expect(() => randomSearchModel(prepared({ name: "line" }), { trials: 0 })).toThrow(
      "trials: expected an integer ≥ 1, got 0",
    );
  });
});

describe("modelGradientDescentEvaluationsToReach", () => {
  it("counts as the line's does, for the line", () => {
    const data = builtinData();
    for (const target of [20, 2, 0.97]) {
      expect(
        modelGradientDescentEvaluationsToReach(prepared({ name: "line" }), target, {
          learningRate: 0.1,
          initial: new Float64Array(2),
        }),
      ).toBe(gradientDescentEvaluationsToReach(data, target, { learningRate: 0.1 }));
    }
  });

  it("needs one evaluation when the start is already as low, and none when it never gets there", () => {
    const model = prepared({ name: "mlp", hidden: [4] });
    const initial = Float64Array.from({ length: model.model.parameterCount }, (_, k) => 0.1 * (k % 3));
    const start = fullDataLoss(model)(initial);
    const options = { learningRate: 0.01, initial };
    expect(modelGradientDescentEvaluationsToReach(model, start, options)).toBe(1);
    // Below the least-squares optimum of the line no 1-4-1 net goes in 50 steps at this rate.
    expect(modelGradientDescentEvaluationsToReach(model, 0.5, { ...options, maxSteps: 50 })).toBeNull();
  });
});
