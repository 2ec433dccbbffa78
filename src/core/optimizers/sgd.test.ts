import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { errorOf, expectClose, GRADIENTS, trajectory } from "../../test-support/optimizer-trajectory.js";
import { type SgdArgs, sgd, sgdParams } from "./sgd.js";

describe("sgd", () => {
  it("plain SGD steps against the gradient: w = w − lr·g", () => {
    const { w, slots } = trajectory(sgd(), [1, -2], GRADIENTS, 0.1);
    // w1 = [1 − 0.1·1, −2 − 0.1·2] = [0.9, −2.2]
    expectClose(w[0], [0.9, -2.2]);
    // w2 = [0.9 − 0.1·0.5, −2.2 − 0.1·(−1)] = [0.85, −2.1]
    expectClose(w[1], [0.85, -2.1]);
    // w3 = [0.85 − 0.1·(−2), −2.1 − 0.1·4] = [1.05, −2.5]
    expectClose(w[2], [1.05, -2.5]);
    expect(slots[2]).toEqual({});
  });

  it("SGD with momentum accumulates a velocity that already includes the rate: v = m·v − lr·g; w = w + v", () => {
    const { w, slots } = trajectory(sgd({ momentum: 0.9 }), [1, -2], GRADIENTS, 0.1);
    // v1 = 0.9·[0, 0] − 0.1·[1, 2] = [−0.1, −0.2];  w1 = [1 − 0.1, −2 − 0.2] = [0.9, −2.2]
    expectClose(slots[0]?.velocity, [-0.1, -0.2]);
    expectClose(w[0], [0.9, -2.2]);
    // v2 = 0.9·[−0.1, −0.2] − 0.1·[0.5, −1] = [−0.09 − 0.05, −0.18 + 0.1] = [−0.14, −0.08]
    // w2 = [0.9 − 0.14, −2.2 − 0.08] = [0.76, −2.28]
    expectClose(slots[1]?.velocity, [-0.14, -0.08]);
    expectClose(w[1], [0.76, -2.28]);
    // v3 = 0.9·[−0.14, −0.08] − 0.1·[−2, 4] = [−0.126 + 0.2, −0.072 − 0.4] = [0.074, −0.472]
    // w3 = [0.76 + 0.074, −2.28 − 0.472] = [0.834, −2.752]
    expectClose(slots[2]?.velocity, [0.074, -0.472]);
    expectClose(w[2], [0.834, -2.752]);
  });

  it("SGD with nesterov steps by the new velocity's look-ahead: w = w + m·v − lr·g", () => {
    const { w, slots } = trajectory(sgd({ momentum: 0.9, nesterov: true }), [1, -2], GRADIENTS, 0.1);
    // The velocities are those of plain momentum: [−0.1, −0.2], [−0.14, −0.08], [0.074, −0.472].
    // w1 = [1 + 0.9·(−0.1) − 0.1·1, −2 + 0.9·(−0.2) − 0.1·2] = [1 − 0.09 − 0.1, −2 − 0.18 − 0.2] = [0.81, −2.38]
    expectClose(w[0], [0.81, -2.38]);
    // w2 = [0.81 + 0.9·(−0.14) − 0.1·0.5, −2.38 + 0.9·(−0.08) + 0.1·1] = [0.81 − 0.126 − 0.05, −2.38 − 0.072 + 0.1]
    //    = [0.634, −2.352]
    expectClose(w[1], [0.634, -2.352]);
    // w3 = [0.634 + 0.9·0.074 + 0.1·2, −2.352 + 0.9·(−0.472) − 0.1·4] = [0.634 + 0.0666 + 0.2, −2.352 − 0.4248 − 0.4]
    //    = [0.9006, −3.1768]
    expectClose(w[2], [0.9006, -3.1768]);
    expectClose(slots[2]?.velocity, [0.074, -0.472]);
  });

  it("momentum under a changing learning rate gives Keras's result, not PyTorch's", () => {
    const rates = [0.1, 0.01, 0.001];
    const g = [1, -2];
    const { w } = trajectory(sgd({ momentum: 0.9 }), [0, 0], [g, g, g], rates);
    // Keras, v = m·v − lr·g; w = w + v:
    //   v1 = −0.1·[1, −2] = [−0.1, 0.2];                        w1 = [−0.1, 0.2]
    //   v2 = 0.9·[−0.1, 0.2] − 0.01·[1, −2] = [−0.1, 0.2];      w2 = [−0.2, 0.4]
    //   v3 = 0.9·[−0.1, 0.2] − 0.001·[1, −2] = [−0.091, 0.182]; w3 = [−0.291, 0.582]
    expectClose(w[0], [-0.1, 0.2]);
    expectClose(w[1], [-0.2, 0.4]);
    expectClose(w[2], [-0.291, 0.582]);
    // PyTorch, b = m·b + g; w = w − lr·b, would give:
    //   b1 = [1, −2], w1 = [−0.1, 0.2];  b2 = [1.9, −3.8], w2 = [−0.119, 0.238];
    //   b3 = [2.71, −5.42], w3 = [−0.12171, 0.24342]
    expect(w[2]?.[0]).not.toBeCloseTo(-0.12171, 3);
  });

  it("SGD ignores nesterov without momentum, as Keras does", () => {
    const { w } = trajectory(sgd({ nesterov: true }), [1, -2], GRADIENTS, 0.1);
    expectClose(w[2], [1.05, -2.5]);
  });

  it("SGD keeps a velocity slot only when momentum > 0", () => {
    expect(Object.keys(sgd().init(2).slots)).toEqual([]);
    const state = sgd({ momentum: 0.5 }).init(2);
    expect(state).toEqual({ iterations: 0, slots: { velocity: new Float64Array(2) } });
  });

  it("apply counts updates in state.iterations", () => {
    const optimizer = sgd({ momentum: 0.9 });
    const state = optimizer.init(2);
    const params = Float64Array.of(1, 2);
    optimizer.apply(params, Float64Array.of(1, 1), state, 0.1);
    optimizer.apply(params, Float64Array.of(1, 1), state, 0.1);
    expect(state.iterations).toBe(2);
  });

  it("has Keras 3's defaults, and its parameter table agrees with the signature", () => {
    const config = sgd().config;
    expect(config).toEqual({ learningRate: 0.01, momentum: 0, nesterov: false });
    expect(Object.fromEntries(sgdParams.map((spec) => [spec.key, spec.default]))).toEqual(config);
    expect(sgdParams.map((spec) => [spec.keras, spec.flag])).toEqual([
      ["learning_rate", "lr"],
      ["momentum", "momentum"],
      ["nesterov", "nesterov"],
    ]);
  });

  it("rejects a momentum outside [0, 1], naming the argument and the range", () => {
    const error = errorOf(() => sgd({ momentum: 1.5 }));
    expect(error.code).toBe("E_BAD_ARGUMENT");
    expect(error.message).toBe("sgd: momentum: expected a number ≥ 0 and ≤ 1, got 1.5");
    expect(errorOf(() => sgd({ learningRate: -0.1 })).message).toBe(
      "sgd: learningRate: expected a number ≥ 0, got -0.1",
    );
  });

  it("rejects unknown arguments with the nearest valid name, and values of the wrong type", () => {
    const unknown = errorOf(() => sgd({ momentun: 0.9 } as SgdArgs));
    expect(unknown.code).toBe("E_BAD_ARGUMENT");
    expect(unknown.message).toBe(
      'sgd: unknown argument "momentun" (did you mean "momentum"?); expected one of learningRate, momentum, nesterov',
    );
    expect(errorOf(() => sgd({ nesterov: "yes" } as unknown as SgdArgs)).message).toBe(
      'sgd: nesterov: expected true or false, got "yes"',
    );
  });

  it("plain SGD moves every parameter to exactly w − lr·g, for any finite inputs", () => {
    const finite = fc.double({ noNaN: true, noDefaultInfinity: true });
    fc.assert(
      fc.property(
        fc.array(fc.tuple(finite, finite), { minLength: 1, maxLength: 8 }),
        fc.double({ min: 0, max: 10, noNaN: true }),
        (pairs, lr) => {
          const optimizer = sgd();
          const params = Float64Array.from(pairs, ([w]) => w);
          const grad = Float64Array.from(pairs, ([, g]) => g);
          optimizer.apply(params, grad, optimizer.init(params.length), lr);
          pairs.forEach(([w0, g], i) => {
            expect(params[i]).toBe(w0 - g * lr);
          });
        },
      ),
    );
  });

  it("with a constant rate, Keras's momentum traces PyTorch's trajectory (they differ only when the rate changes)", () => {
    const small = fc.double({ min: -10, max: 10, noNaN: true });
    fc.assert(
      fc.property(
        fc.array(fc.tuple(small, small), { minLength: 1, maxLength: 12 }),
        fc.double({ min: 0, max: 0.99, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (gradients, momentum, lr) => {
          const optimizer = sgd({ momentum });
          const params = Float64Array.of(0, 0);
          const state = optimizer.init(2);
          const torchW = [0, 0];
          const torchB = [0, 0];
          for (const g of gradients) {
            optimizer.apply(params, Float64Array.from(g), state, lr);
            for (let i = 0; i < 2; i++) {
              torchB[i] = momentum * (torchB[i] as number) + (g[i] as number);
              torchW[i] = (torchW[i] as number) - lr * (torchB[i] as number);
            }
          }
          for (let i = 0; i < 2; i++) {
            expect(Math.abs((params[i] as number) - (torchW[i] as number))).toBeLessThan(1e-9);
          }
        },
      ),
    );
  });
});
