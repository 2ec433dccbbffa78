import { describe, expect, it } from "vitest";
import { createRandom } from "../random.js";
import { ACTIVATION_NAMES, activationCode, type OutputActivationName } from "./activations.js";
import { densePasses } from "./dense-passes.js";
import { allRows, type ModelData, type ModelLoss, type ModelLossName } from "./model.js";
import { oneHiddenLayerPasses } from "./one-hidden-layer.js";

const HEADS: readonly [ModelLossName, OutputActivationName][] = [
  ["mse", "linear"],
  ["mae", "linear"],
  ["huber", "linear"],
  ["bce", "sigmoid"],
  ["mse", "sigmoid"],
];
const SHAPES: readonly [number, number][] = [
  [1, 16],
  [1, 1],
  [3, 4],
  [2, 7],
];

/** Random weights (biases too) and data on both sides of every kink; targets to suit the loss. */
function setup(inputs: number, hidden: number, loss: ModelLossName, seed: number) {
  const random = createRandom(seed);
  const count = inputs * hidden + 2 * hidden + 1;
  const params = Float64Array.from({ length: count }, () => 1.5 * random.normal());
  const rows = 23;
  const data: ModelData = {
    inputs: Float64Array.from({ length: rows * inputs }, () => 4 * random.uniform() - 2),
    targets: Float64Array.from({ length: rows }, () =>
      loss === "bce" ? random.integer(2) : 2 * random.normal(),
    ),
    features: inputs,
  };
  const v = Float64Array.from({ length: count }, () => random.normal());
  return { params, data, v, count, rows };
}

describe("the one-hidden-layer passes", () => {
  it("give the general passes' loss, gradient, H·v and predictions bit for bit, for every activation and loss", () => {
    let compared = 0;
    for (const activation of ACTIVATION_NAMES) {
      for (const [lossName, output] of HEADS) {
        for (const [inputs, hidden] of SHAPES) {
          const loss: ModelLoss = { name: lossName, delta: 0.5 };
          const codes = [activationCode(activation), activationCode(output)];
          const fast = oneHiddenLayerPasses(inputs, hidden, codes[0] as number, codes[1] as number, loss);
          const general = densePasses([inputs, hidden, 1], codes, loss);
          const { params, data, v, count, rows } = setup(inputs, hidden, lossName, compared);
          const batch = Uint32Array.of(5, 0, 22, 5, 13, 7, 1);
          for (const chosen of [batch, allRows(rows)]) {
            const fastGrad = new Float64Array(count);
            const generalGrad = new Float64Array(count);
            expect(fast.lossAndGradient(params, data, chosen, fastGrad)).toBe(
              general.lossAndGradient(params, data, chosen, generalGrad),
            );
            expect([...fastGrad]).toEqual([...generalGrad]);
          }
          const fastHv = new Float64Array(count);
          const generalHv = new Float64Array(count);
          fast.hessianVectorProduct(params, data, v, fastHv);
          general.hessianVectorProduct(params, data, v, generalHv);
          expect([...fastHv]).toEqual([...generalHv]);
          expect(fast.predict(params, data, 4)).toBe(general.predict(params, data, 4));
          compared++;
        }
      }
    }
    expect(compared).toBe(ACTIVATION_NAMES.length * HEADS.length * SHAPES.length);
  });

  it("overwrite the gradient and H·v they are given rather than add to them", () => {
    const loss: ModelLoss = { name: "mse", delta: 1 };
    const fast = oneHiddenLayerPasses(1, 3, activationCode("tanh"), activationCode("linear"), loss);
    const { params, data, v, count, rows } = setup(1, 3, "mse", 7);
    const clean = new Float64Array(count);
    const dirty = new Float64Array(count).fill(99);
    fast.lossAndGradient(params, data, allRows(rows), clean);
    fast.lossAndGradient(params, data, allRows(rows), dirty);
    expect([...dirty]).toEqual([...clean]);
    fast.hessianVectorProduct(params, data, v, clean);
    dirty.fill(-5);
    fast.hessianVectorProduct(params, data, v, dirty);
    expect([...dirty]).toEqual([...clean]);
  });
});
