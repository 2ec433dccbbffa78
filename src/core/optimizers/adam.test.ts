import { describe, expect, it } from "vitest";
import {
  DIGITS,
  errorOf,
  expectClose,
  GRADIENTS,
  trajectory,
} from "../../test-support/optimizer-trajectory.js";
import { type AdamArgs, adam, adamParams } from "./adam.js";

describe("adam", () => {
  it("Adam folds both bias corrections into α = lr·√(1 − β₂ᵗ)/(1 − β₁ᵗ): w = w − α·m/(√v + ε)", () => {
    const { w, slots } = trajectory(adam(), [1, -2], GRADIENTS, 0.01);
    // t = 1: α1 = 0.01·√(1 − 0.999)/(1 − 0.9) = 0.01·0.0316227766/0.1 = 0.00316227766
    //   m1 = 0 + ([1, 2] − 0)·0.1 = [0.1, 0.2];  v1 = 0 + ([1, 4] − 0)·0.001 = [0.001, 0.004]
    //   w1 = w0 − α1·m1/(√v1 + 1e-7) = [1 − 0.0099999684, −2 − 0.0099999842]
    expectClose(slots[0]?.m, [0.1, 0.2]);
    expectClose(slots[0]?.v, [0.001, 0.004]);
    expectClose(w[0], [0.9900000316226766, -2.009999984188637]);
    // t = 2: α2 = 0.01·√(1 − 0.998001)/(1 − 0.81) = 0.01·√0.001999/0.19 = 0.00235316725
    //   m2 = [0.1 + (0.5 − 0.1)·0.1, 0.2 + (−1 − 0.2)·0.1] = [0.14, 0.08]
    //   v2 = [0.001 + (0.25 − 0.001)·0.001, 0.004 + (1 − 0.004)·0.001] = [0.001249, 0.004996]
    //   w2 = w1 − α2·m2/(√v2 + 1e-7) = w1 − [0.0093217700, 0.0026633666]
    expectClose(slots[1]?.m, [0.14, 0.08]);
    expectClose(slots[1]?.v, [0.001249, 0.004996]);
    expectClose(w[1], [0.9806782616110624, -2.012663350817164]);
    // t = 3: α3 = 0.01·√(1 − 0.999³)/(1 − 0.9³) = 0.01·√0.002997001/0.271 = 0.00202010597
    //   m3 = [0.14 + (−2 − 0.14)·0.1, 0.08 + (4 − 0.08)·0.1] = [−0.074, 0.472]
    //   v3 = [0.001249 + (4 − 0.001249)·0.001, 0.004996 + (16 − 0.004996)·0.001] = [0.005247751, 0.020991004]
    //   w3 = w2 − α3·m3/(√v3 + 1e-7) = w2 − [−0.0020635674, 0.0065811115]
    expectClose(slots[2]?.m, [-0.074, 0.472]);
    expectClose(slots[2]?.v, [0.005247751, 0.020991004]);
    expectClose(w[2], [0.9827418290344428, -2.019244462277337]);
  });

  it("Adam with amsgrad keeps the running maximum of v and divides by it", () => {
    // The second gradient shrinks, so its v falls below the maximum; the first grows, so the two agree.
    const gradients = [
      [1, 10],
      [0.5, 0],
      [-2, 0.1],
    ];
    const { w, slots } = trajectory(adam({ amsgrad: true }), [1, -2], gradients, 0.01);
    const plain = trajectory(adam(), [1, -2], gradients, 0.01);
    // Second coordinate (α1, α2, α3 as in the test above):
    //   t = 1: m = 1, v = 0.001·100 = 0.1, v̂ = 0.1;  w = −2 − α1·1/(√0.1 + 1e-7) = −2 − 0.0099999968
    expectClose(slots[0]?.vHat, [0.001, 0.1]);
    expectClose(w[0], [0.9900000316226766, -2.009999996837723]);
    //   t = 2: m = 1 + (0 − 1)·0.1 = 0.9, v = 0.1 + (0 − 0.1)·0.001 = 0.0999, v̂ = max(0.1, 0.0999) = 0.1
    //          w = w1 − α2·0.9/(√0.1 + 1e-7) = w1 − 0.0066972293  (with v instead of v̂: − 0.0067005804)
    expectClose(slots[1]?.v, [0.001249, 0.0999]);
    expectClose(slots[1]?.vHat, [0.001249, 0.1]);
    expectClose(w[1], [0.9806782616110624, -2.016697226131976]);
    expect(plain.w[1]?.[1]).toBeCloseTo(-2.016700577259119, DIGITS);
    //   t = 3: m = 0.9 + (0.1 − 0.9)·0.1 = 0.82, v = 0.0999 + (0.01 − 0.0999)·0.001 = 0.0998101, v̂ = 0.1
    //          w = w2 − α3·0.82/(√0.1 + 1e-7) = w2 − 0.0052382699
    // First coordinate: v grows (0.001, 0.001249, 0.005247751), so v̂ = v and w matches plain Adam.
    expectClose(slots[2]?.vHat, [0.005247751, 0.1]);
    expectClose(w[2], [0.9827418290344428, -2.0219354959905576]);
    expect(plain.w[2]?.[1]).toBeCloseTo(-2.0219438279484288, DIGITS);
  });

  it("Adam's epsilon is Keras's epsilon hat, added to √v before bias correction, unlike PyTorch", () => {
    const { w } = trajectory(adam({ beta1: 0.5, beta2: 0.75, epsilon: 0.5 }), [0, 0], [[1, -1]], 0.1);
    // α = 0.1·√(1 − 0.75)/(1 − 0.5) = 0.1;  m = 0.5·g;  v = 0.25
    // Keras:   w = −α·m/(√v + ε) = −0.1·0.5·g/(0.5 + 0.5) = −0.05·g
    // (PyTorch: m̂ = g, v̂ = 1, w = −0.1·g/(1 + 0.5) = −0.0666…·g.)
    expectClose(w[0], [-0.05, 0.05]);
  });

  it("Adam counts its bias-correction step from state.iterations, so a fresh state restarts it", () => {
    const optimizer = adam();
    const state = optimizer.init(1);
    const params = Float64Array.of(0);
    optimizer.apply(params, Float64Array.of(1), state, 0.01);
    expect(state.iterations).toBe(1);
    // t = 1 with g = 1: α·m/(√v + ε) = 0.00316227766·0.1/(0.0316227766 + 1e-7) = 0.0099999684
    expect(params[0]).toBeCloseTo(-0.009999968377323405, DIGITS);
  });

  it("Adam builds vHat only with amsgrad", () => {
    expect(Object.keys(adam().init(2).slots)).toEqual(["m", "v"]);
    expect(Object.keys(adam({ amsgrad: true }).init(2).slots)).toEqual(["m", "v", "vHat"]);
  });

  it("has Keras 3's defaults, and its parameter table agrees with the signature", () => {
    const config = adam().config;
    expect(config).toEqual({ learningRate: 0.001, beta1: 0.9, beta2: 0.999, epsilon: 1e-7, amsgrad: false });
    expect(Object.fromEntries(adamParams.map((spec) => [spec.key, spec.default]))).toEqual(config);
    expect(adamParams.map((spec) => [spec.keras, spec.flag])).toEqual([
      ["learning_rate", "lr"],
      ["beta_1", "beta1"],
      ["beta_2", "beta2"],
      ["epsilon", "epsilon"],
      ["amsgrad", "amsgrad"],
    ]);
  });

  it("rejects a beta of 1 or more, naming the argument and the range", () => {
    const error = errorOf(() => adam({ beta1: 1 }));
    expect(error.code).toBe("E_BAD_ARGUMENT");
    expect(error.message).toBe("adam: beta1: expected a number ≥ 0 and < 1, got 1");
    expect(errorOf(() => adam({ beta_2: 0.99 } as AdamArgs)).message).toMatch(
      /^adam: unknown argument "beta_2" \(did you mean "beta2"\?\)/,
    );
  });
});
