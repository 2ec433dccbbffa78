import { describe, expect, it } from "vitest";
import { errorOf, expectClose, GRADIENTS, trajectory } from "../../test-support/optimizer-trajectory.js";
import { type AdagradArgs, adagrad, adagradParams } from "./adagrad.js";

describe("adagrad", () => {
  it("Adagrad divides by the root of the accumulated squares, starting from 0.1: w = w − lr·g/√(accumulator + ε)", () => {
    const { w, slots } = trajectory(adagrad(), [1, -2], GRADIENTS, 0.1);
    // accumulator1 = [0.1 + 1, 0.1 + 4] = [1.1, 4.1]
    // w1 = [1 − 0.1·1/√1.1000001, −2 − 0.1·2/√4.1000001] = [1 − 0.0953462546, −2 − 0.0987729585]
    expectClose(slots[0]?.accumulator, [1.1, 4.1]);
    expectClose(w[0], [0.9046537454093613, -2.098772958460411]);
    // accumulator2 = [1.1 + 0.25, 4.1 + 1] = [1.35, 5.1]
    // w2 = w1 − 0.1·[0.5, −1]/√[1.3500001, 5.1000001] = w1 − [0.0430331467, −0.0442807438]
    expectClose(slots[1]?.accumulator, [1.35, 5.1]);
    expectClose(w[1], [0.8616205987119879, -2.054492214617531]);
    // accumulator3 = [1.35 + 4, 5.1 + 16] = [5.35, 21.1]
    // w3 = w2 − 0.1·[−2, 4]/√[5.3500001, 21.1000001] = w2 − [−0.0864675394, 0.0870800686]
    expectClose(slots[2]?.accumulator, [5.35, 21.1]);
    expectClose(w[2], [0.9480881381373034, -2.141572283248002]);
  });

  it("Adagrad with initialAccumulatorValue 0 starts from an empty sum", () => {
    const { w, slots } = trajectory(adagrad({ initialAccumulatorValue: 0 }), [1, -2], GRADIENTS, 0.1);
    // accumulator1 = [1, 4];  w1 = [1 − 0.1/√1.0000001, −2 − 0.2/√4.0000001] = [1 − 0.0999999950, −2 − 0.0999999988]
    expectClose(slots[0]?.accumulator, [1, 4]);
    expectClose(w[0], [0.9000000049999997, -2.09999999875]);
    // accumulator2 = [1.25, 5];  w2 = w1 − 0.1·[0.5, −1]/√[1.2500001, 5.0000001] = w1 − [0.0447213578, −0.0447213591]
    expectClose(slots[1]?.accumulator, [1.25, 5]);
    expectClose(w[1], [0.8552786472388582, -2.055278639647218]);
    // accumulator3 = [5.25, 21];  w3 = w2 − 0.1·[−2, 4]/√[5.2500001, 21.0000001] = w2 − [−0.0872871553, 0.0872871559]
    expectClose(slots[2]?.accumulator, [5.25, 21]);
    expectClose(w[2], [0.9425658025019489, -2.142565795533788]);
  });

  it("Adagrad adds epsilon inside the square root, unlike PyTorch", () => {
    const optimizer = adagrad({ initialAccumulatorValue: 0, epsilon: 0.25 });
    const { w } = trajectory(optimizer, [0, 0], [[1.2, -1.2]], 0.1);
    // accumulator = 1.44;  Keras: w = −0.1·g/√(1.44 + 0.25) = −0.12/1.3·[1, −1] = [−0.0923076923, 0.0923076923]
    // (PyTorch's −0.1·g/(√1.44 + 0.25) = −0.12/1.45 would give [−0.0827586207, 0.0827586207].)
    expectClose(w[0], [-0.12 / 1.3, 0.12 / 1.3]);
  });

  it("has Keras 3's defaults, and its parameter table agrees with the signature", () => {
    const config = adagrad().config;
    expect(config).toEqual({ learningRate: 0.001, initialAccumulatorValue: 0.1, epsilon: 1e-7 });
    expect(Object.fromEntries(adagradParams.map((spec) => [spec.key, spec.default]))).toEqual(config);
    expect(adagradParams.map((spec) => [spec.keras, spec.flag])).toEqual([
      ["learning_rate", "lr"],
      ["initial_accumulator_value", "initial-accumulator"],
      ["epsilon", "epsilon"],
    ]);
  });

  it("rejects a negative initial accumulator, naming the argument and the range", () => {
    const error = errorOf(() => adagrad({ initialAccumulatorValue: -1 }));
    expect(error.code).toBe("E_BAD_ARGUMENT");
    expect(error.message).toBe("adagrad: initialAccumulatorValue: expected a number ≥ 0, got -1");
    expect(errorOf(() => adagrad({ rho: 0.9 } as AdagradArgs)).message).toBe(
      'adagrad: unknown argument "rho"; expected one of learningRate, initialAccumulatorValue, epsilon',
    );
  });
});
