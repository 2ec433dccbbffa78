import { describe, expect, it } from "vitest";
import { isLrlabError } from "../errors.js";
import { mlp } from "./mlp.js";
import { fromKerasWeights, type ModelLoss, pointLoss, toKerasWeights } from "./model.js";

function lossAt(loss: ModelLoss, prediction: number, target: number): number[] {
  const out = new Float64Array(3);
  pointLoss(loss, prediction, target, out);
  return Array.from(out);
}

function thrownMessage(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (isLrlabError(error)) return error.message;
    throw error;
  }
  throw new Error("expected an LrlabError");
}

describe("pointLoss (Keras losses and their first two derivatives in the prediction)", () => {
  it("MSE has no ½: e = 3 − 1 = 2 gives [4, 4, 2]", () => {
    expect(lossAt({ name: "mse", delta: 1 }, 3, 1)).toEqual([4, 4, 2]);
  });

  it("MAE is |e| with slope sign(e) and sign(0) = 0", () => {
    expect(lossAt({ name: "mae", delta: 1 }, -1, 2)).toEqual([3, -1, 0]);
    expect(lossAt({ name: "mae", delta: 1 }, 2, 2)).toEqual([0, 0, 0]);
  });

  it("Huber is quadratic up to delta and linear beyond", () => {
    // e = 0.5 ≤ δ = 1: ½·0.25 = 0.125; e = −3: 1·3 − ½ = 2.5, slope −δ.
    expect(lossAt({ name: "huber", delta: 1 }, 1.5, 1)).toEqual([0.125, 0.5, 1]);
    expect(lossAt({ name: "huber", delta: 1 }, -2, 1)).toEqual([2.5, -1, 0]);
    // δ = 2, e = 3: 2·3 − ½·4 = 4.
    expect(lossAt({ name: "huber", delta: 2 }, 3, 0)).toEqual([4, 2, 0]);
  });

  it("BCE is −log p for label 1 and −log(1 − p) for label 0", () => {
    const [value, first, second] = lossAt({ name: "bce", delta: 1 }, 0.8, 1);
    expect(value).toBeCloseTo(0.2231435513142097, 15); // −ln 0.8
    expect(first).toBeCloseTo(-1.25, 14); // −1/0.8
    expect(second).toBeCloseTo(1.5625, 13); // 1/0.64
    expect(lossAt({ name: "bce", delta: 1 }, 0.75, 0)[0]).toBeCloseTo(1.3862943611198906, 14); // −ln 0.25
  });

  it("BCE clips p to [1e-7, 1 − 1e-7] as Keras, with no gradient beyond the clip", () => {
    // −ln(1e-7) = 16.11809565095832
    expect(lossAt({ name: "bce", delta: 1 }, 0, 1)).toEqual([-Math.log(1e-7), 0, 0]);
    const [value, first] = lossAt({ name: "bce", delta: 1 }, 1, 0);
    expect(value).toBeCloseTo(16.11809565095832, 6);
    expect(first).toBe(0);
  });
});

describe("Keras weight layout", () => {
  const model = mlp({ inputs: 2, hidden: [3], activation: "tanh" });

  it("lays parameters out as get_weights(): kernel (inputs, units) row-major, then bias, layer by layer", () => {
    const params = Float64Array.from({ length: model.parameterCount }, (_, i) => i);
    expect(model.parameterCount).toBe(2 * 3 + 3 + 3 * 1 + 1);
    expect(toKerasWeights(model, params)).toEqual([
      [
        [0, 1, 2],
        [3, 4, 5],
      ],
      [6, 7, 8],
      [[9], [10], [11]],
      [12],
    ]);
  });

  it("reads the kernel as (inputs, units): x·kernel, not kernel·x", () => {
    // kernel₁ = [[1, 2], [3, 4]], bias₁ = 0, linear; x = (1, 0) → z = x·K = (1, 2) (K·x would be (1, 3)).
    // kernel₂ = [[10], [100]], bias₂ = 0.5 → y = 10·1 + 100·2 + 0.5 = 210.5
    const linear = mlp({ inputs: 2, hidden: [2], activation: "linear" });
    const params = fromKerasWeights(linear, [
      [
        [1, 2],
        [3, 4],
      ],
      [0, 0],
      [[10], [100]],
      [0.5],
    ]);
    expect(
      linear.predict(params, { inputs: Float64Array.of(1, 0), targets: Float64Array.of(0), features: 2 }, 0),
    ).toBe(210.5);
  });

  it("round-trips through JSON unchanged", () => {
    const params = Float64Array.from({ length: model.parameterCount }, (_, i) => Math.sin(i + 1) / 3);
    const json = JSON.stringify(toKerasWeights(model, params));
    expect(fromKerasWeights(model, JSON.parse(json))).toEqual(params);
  });

  it("names the layer and both shapes when a kernel has the wrong shape", () => {
    const weights = toKerasWeights(model, new Float64Array(model.parameterCount));
    weights[2] = [
      [1, 2],
      [3, 4],
      [5, 6],
    ];
    expect(thrownMessage(() => fromKerasWeights(model, weights))).toBe(
      "layer 2 of 2 (Dense 3 → 1) kernel: expected shape (3, 1), got (3, 2)",
    );
  });

  it("names the bias, a ragged kernel, a wrong count and a non-finite value", () => {
    const weights = toKerasWeights(model, new Float64Array(model.parameterCount));
    expect(thrownMessage(() => fromKerasWeights(model, [...weights.slice(0, 3), [0, 0]]))).toBe(
      "layer 2 of 2 (Dense 3 → 1) bias: expected shape (1,), got (2,)",
    );
    expect(thrownMessage(() => fromKerasWeights(model, [[[1, 2, 3], [4]], ...weights.slice(1)]))).toBe(
      "layer 1 of 2 (Dense 2 → 3) kernel: expected shape (2, 3), got an irregular nested array of 2 rows",
    );
    expect(thrownMessage(() => fromKerasWeights(model, weights.slice(0, 2)))).toBe(
      "weights: expected 4 arrays (kernel, bias per layer: (2, 3), (3,), (3, 1), (1,)), got 2 arrays shaped (2, 3), (3,)",
    );
    expect(thrownMessage(() => fromKerasWeights(model, [...weights.slice(0, 3), [null]]))).toBe(
      "layer 2 of 2 (Dense 3 → 1) bias[0]: expected a finite number, got null",
    );
    expect(thrownMessage(() => fromKerasWeights(model, { weights }))).toBe(
      "weights: expected 4 arrays (kernel, bias per layer: (2, 3), (3,), (3, 1), (1,)), got an object",
    );
  });
});
