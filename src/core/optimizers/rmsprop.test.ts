import { describe, expect, it } from "vitest";
import {
  DIGITS,
  errorOf,
  expectClose,
  GRADIENTS,
  trajectory,
} from "../../test-support/optimizer-trajectory.js";
import { type RmspropArgs, rmsprop, rmspropParams } from "./rmsprop.js";

describe("rmsprop", () => {
  it("RMSprop divides the gradient by the root of a running mean square: w = w − lr·g / √(velocity + ε)", () => {
    const { w, slots } = trajectory(rmsprop(), [1, -2], GRADIENTS, 0.01);
    // velocity1 = 0.9·0 + 0.1·[1², 2²] = [0.1, 0.4]
    // w1 = [1 − 0.01·1/√0.1000001, −2 − 0.01·2/√0.4000001] = [1 − 0.0316227608, −2 − 0.0316227726]
    expectClose(slots[0]?.velocity, [0.1, 0.4]);
    expectClose(w[0], [0.9683772392096927, -2.0316227726488374]);
    // velocity2 = 0.9·[0.1, 0.4] + 0.1·[0.25, 1] = [0.115, 0.46]
    // w2 = w1 − 0.01·[0.5, −1]/√[0.1150001, 0.4600001] = w1 − [0.0147441892, −0.0147441940]
    expectClose(slots[1]?.velocity, [0.115, 0.46]);
    expectClose(w[1], [0.9536330500047185, -2.0168785786359775]);
    // velocity3 = 0.9·[0.115, 0.46] + 0.1·[4, 16] = [0.5035, 2.014]
    // w3 = w2 − 0.01·[−2, 4]/√[0.5035001, 2.0140001] = w2 − [−0.0281857902, 0.0281857923]
    expectClose(slots[2]?.velocity, [0.5035, 2.014]);
    expectClose(w[2], [0.9818188402140452, -2.0450643709445435]);
  });

  it("centered RMSprop divides by the estimated variance: velocity − average_grad² + ε", () => {
    const { w, slots } = trajectory(rmsprop({ centered: true }), [1, -2], GRADIENTS, 0.01);
    // average1 = 0.1·[1, 2] = [0.1, 0.2];  velocity1 = [0.1, 0.4]
    // denominator1 = [0.1 − 0.01 + 1e-7, 0.4 − 0.04 + 1e-7] = [0.0900001, 0.3600001]
    // w1 = [1 − 0.01/√0.0900001, −2 − 0.02/√0.3600001] = [1 − 0.0333333148, −2 − 0.0333333287]
    expectClose(slots[0]?.averageGradient, [0.1, 0.2]);
    expectClose(w[0], [0.9666666851851697, -2.0333333287037045]);
    // average2 = 0.9·[0.1, 0.2] + 0.1·[0.5, −1] = [0.14, 0.08];  velocity2 = [0.115, 0.46]
    // denominator2 = [0.115 − 0.0196 + 1e-7, 0.46 − 0.0064 + 1e-7] = [0.0954001, 0.4536001]
    // w2 = w1 − 0.01·[0.5, −1]/√denominator2 = w1 − [0.0161880892, −0.0148478451]
    expectClose(slots[1]?.averageGradient, [0.14, 0.08]);
    expectClose(w[1], [0.9504785959635366, -2.018485483567459]);
    // average3 = 0.9·[0.14, 0.08] + 0.1·[−2, 4] = [−0.074, 0.472];  velocity3 = [0.5035, 2.014]
    // denominator3 = [0.5035 − 0.005476 + 1e-7, 2.014 − 0.222784 + 1e-7] = [0.4980241, 1.7912161]
    // w3 = w2 − 0.01·[−2, 4]/√denominator3 = w2 − [−0.0283403243, 0.0298872530]
    expectClose(slots[2]?.averageGradient, [-0.074, 0.472]);
    expectClose(w[2], [0.9788189202902942, -2.048372736518544]);
  });

  it("RMSprop with momentum accumulates the increments: momentum = μ·momentum + increment; w = w − momentum", () => {
    const { w, slots } = trajectory(rmsprop({ momentum: 0.9 }), [1, -2], GRADIENTS, 0.01);
    // The increments lr·g/√(velocity + ε) are those of plain RMSprop:
    //   [0.0316227608, 0.0316227726], [0.0147441892, −0.0147441940], [−0.0281857902, 0.0281857923]
    // momentum1 = increment1;  w1 = [1 − 0.0316227608, −2 − 0.0316227726]
    expectClose(slots[0]?.momentum, [0.031622760790307354, 0.031622772648837456]);
    expectClose(w[0], [0.9683772392096927, -2.0316227726488374]);
    // momentum2 = 0.9·momentum1 + increment2 = [0.0284604847 + 0.0147441892, 0.0284604954 − 0.0147441940]
    //           = [0.0432046739, 0.0137163014];  w2 = w1 − momentum2
    expectClose(slots[1]?.momentum, [0.04320467391625068, 0.013716301371093696]);
    expectClose(w[1], [0.9251725652934419, -2.0453390740199313]);
    // momentum3 = 0.9·momentum2 + increment3 = [0.0388842065 − 0.0281857902, 0.0123446712 + 0.0281857923]
    //           = [0.0106984163, 0.0405304635];  w3 = w2 − momentum3
    expectClose(slots[2]?.momentum, [0.01069841631529891, 0.04053046354255043]);
    expectClose(w[2], [0.914474148978143, -2.085869537562482]);
  });

  it("centered RMSprop with momentum accumulates the centered increments: momentum = μ·momentum + increment", () => {
    const { w, slots } = trajectory(rmsprop({ centered: true, momentum: 0.9 }), [1, -2], GRADIENTS, 0.01);
    // The increments lr·g/√(velocity − average_grad² + ε) are those of centered RMSprop above:
    //   [0.0333333148, 0.0333333287], [0.0161880892, −0.0148478451], [−0.0283403243, 0.0298872530]
    // momentum1 = increment1;  w1 = [1 − 0.0333333148, −2 − 0.0333333287] (= centered RMSprop's w1)
    expectClose(slots[0]?.momentum, [0.033333314814830255, 0.03333332870370467]);
    expectClose(w[0], [0.9666666851851697, -2.0333333287037045]);
    // momentum2 = 0.9·momentum1 + increment2 = [0.0299999833 + 0.0161880892, 0.0299999958 − 0.0148478451]
    //           = [0.0461880726, 0.0151521507];  w2 = w1 − momentum2 = [0.9204786126, −2.0484854794]
    expectClose(slots[1]?.momentum, [0.046188072554980364, 0.01515215069708888]);
    expectClose(w[1], [0.9204786126301894, -2.0484854794007936]);
    // momentum3 = 0.9·momentum2 + increment3 = [0.0415692653 − 0.0283403243, 0.0136369356 + 0.0298872530]
    //           = [0.0132289410, 0.0435241886];  w3 = w2 − momentum3 = [0.9072496717, −2.0920096680]
    expectClose(slots[2]?.momentum, [0.013228940972724784, 0.04352418857846503]);
    expectClose(w[2], [0.9072496716574646, -2.0920096679792586]);
    // Both slots are kept, with the same averages as centered RMSprop without momentum.
    expectClose(slots[2]?.averageGradient, [-0.074, 0.472]);
    expectClose(slots[2]?.velocity, [0.5035, 2.014]);
  });

  it("RMSprop's momentum under a changing learning rate keeps each increment's own rate, as Keras, not PyTorch", () => {
    // rho = 0 makes velocity = g², so every increment is lr·u with u = g/√(g² + ε) = [1/√(1 + 1e-7), −2/√(4 + 1e-7)].
    const g = [1, -2];
    const { w } = trajectory(rmsprop({ rho: 0, momentum: 0.9 }), [0, 0], [g, g, g], [0.1, 0.01, 0.001]);
    const u = [1 / Math.sqrt(1 + 1e-7), -2 / Math.sqrt(4 + 1e-7)];
    // Keras, momentum = μ·momentum + lr·u; w = w − momentum:
    //   momentum1 = 0.1·u;                      w1 = −0.1·u
    //   momentum2 = 0.9·0.1·u + 0.01·u = 0.1·u;  w2 = −0.2·u
    //   momentum3 = 0.9·0.1·u + 0.001·u = 0.091·u; w3 = −0.291·u
    expectClose(w[0], [-0.1 * (u[0] as number), -0.1 * (u[1] as number)]);
    expectClose(w[1], [-0.2 * (u[0] as number), -0.2 * (u[1] as number)]);
    expectClose(w[2], [-0.291 * (u[0] as number), -0.291 * (u[1] as number)]);
    // PyTorch, buf = μ·buf + u; w = w − lr·buf, would give w3 = −(0.1 + 0.019 + 0.00271)·u = −0.12171·u.
    expect(w[2]?.[0]).not.toBeCloseTo(-0.12171 * (u[0] as number), 3);
  });

  it("RMSprop adds epsilon inside the square root, unlike PyTorch", () => {
    const { w } = trajectory(rmsprop({ rho: 0.75, epsilon: 0.44 }), [0, 0], [[2, -2]], 0.1);
    // velocity = 0.25·2² = 1;  Keras: w = −0.1·[2, −2]/√(1 + 0.44) = −[0.2, −0.2]/1.2 = [−1/6, 1/6]
    // (PyTorch's −0.1·g/(√1 + 0.44) would give [−0.1388…, 0.1388…].)
    expectClose(w[0], [-1 / 6, 1 / 6]);
  });

  it("RMSprop reproduces the example in Keras's docstring (10 → 9.683772)", () => {
    // var1 = 10, loss = var1²/2 so g = 10;  velocity = 0.1·100 = 10;  w = 10 − 0.1·10/√(10 + 1e-7)
    const { w } = trajectory(rmsprop({ learningRate: 0.1 }), [10], [[10]], 0.1);
    expect(w[0]?.[0]).toBeCloseTo(9.683772, 6);
    expect(w[0]?.[0]).toBeCloseTo(9.683772235564302, DIGITS);
  });

  it("RMSprop builds the momentum and averageGradient slots only when asked to, as Keras does", () => {
    expect(Object.keys(rmsprop().init(2).slots)).toEqual(["velocity"]);
    expect(Object.keys(rmsprop({ momentum: 0.5, centered: true }).init(2).slots).sort()).toEqual([
      "averageGradient",
      "momentum",
      "velocity",
    ]);
  });

  it("has Keras 3's defaults, and its parameter table agrees with the signature", () => {
    const config = rmsprop().config;
    expect(config).toEqual({ learningRate: 0.001, rho: 0.9, momentum: 0, epsilon: 1e-7, centered: false });
    expect(Object.fromEntries(rmspropParams.map((spec) => [spec.key, spec.default]))).toEqual(config);
    expect(rmspropParams.map((spec) => spec.flag)).toEqual(["lr", "rho", "momentum", "epsilon", "centered"]);
  });

  it("rejects a rho of 1 or more and a non-positive epsilon, naming the argument and the range", () => {
    const rho = errorOf(() => rmsprop({ rho: 1 }));
    expect(rho.code).toBe("E_BAD_ARGUMENT");
    expect(rho.message).toBe("rmsprop: rho: expected a number ≥ 0 and < 1, got 1");
    expect(errorOf(() => rmsprop({ epsilon: 0 })).message).toBe(
      "rmsprop: epsilon: expected a number > 0, got 0",
    );
    expect(errorOf(() => rmsprop({ centred: true } as RmspropArgs)).message).toMatch(
      /^rmsprop: unknown argument "centred" \(did you mean "centered"\?\)/,
    );
  });

  it("rejects a state made for a different number of parameters", () => {
    const optimizer = rmsprop({ centered: true });
    const state = optimizer.init(3);
    const error = errorOf(() => optimizer.apply(new Float64Array(2), new Float64Array(2), state, 0.1));
    expect(error.message).toBe(
      'rmsprop: state has no "velocity" slot for 2 parameters (was it made by this optimizer\'s init(2)?)',
    );
  });
});
