import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { builtinData } from "../data/data.js";
import { isLrlabError } from "../errors.js";
import { createRandom } from "../random.js";
import { glorotUniform } from "./glorot.js";
import { batchKernel } from "./losses.js";
import { ACTIVATION_NAMES, type ActivationName, type Mlp, mlp, type OutputActivationName } from "./mlp.js";
import { allRows, type ModelData, type ModelLossName } from "./model.js";

/** Every loss with the output it goes with, and MSE on a sigmoid output (its chain rule has a bend). */
const HEADS: readonly [ModelLossName, OutputActivationName][] = [
  ["mse", "linear"],
  ["mae", "linear"],
  ["huber", "linear"],
  ["bce", "sigmoid"],
  ["mse", "sigmoid"],
];
const CASES = ACTIVATION_NAMES.flatMap((activation) =>
  HEADS.map(([loss, output]) => ({ activation, loss, output })),
);

const ROWS = 5;

/** A small random net with random weights (biases too, so a bias bug shows) and data to suit the loss. */
function randomSetup(
  activation: ActivationName,
  loss: ModelLossName,
  output: OutputActivationName,
  inputs: number,
  hidden: number[],
  seed: number,
): { model: Mlp; params: Float64Array; data: ModelData } {
  // Huber's delta 0.5 puts some errors on each side of it.
  const model = mlp({ inputs, hidden, activation, output, loss, huberDelta: 0.5 });
  const random = createRandom(seed);
  const params = glorotUniform(model, seed);
  for (let k = 0; k < params.length; k++) params[k] = 1.5 * (params[k] as number) + 0.3 * random.normal();
  const data: ModelData = {
    inputs: Float64Array.from({ length: ROWS * inputs }, () => 4 * random.uniform() - 2),
    targets: Float64Array.from({ length: ROWS }, () =>
      loss === "bce" ? random.integer(2) : output === "sigmoid" ? random.uniform() : 2 * random.normal(),
    ),
    features: inputs,
  };
  return { model, params, data };
}

const netArbitrary = fc.record({
  inputs: fc.integer({ min: 1, max: 3 }),
  hidden: fc.array(fc.integer({ min: 1, max: 4 }), { maxLength: 2 }),
  seed: fc.integer({ min: 0, max: 2 ** 31 }),
});

function lossOf(model: Mlp, params: Float64Array, data: ModelData, rows: Uint32Array): number {
  return model.lossAndGradient(params, data, rows, new Float64Array(model.parameterCount));
}

describe("mlp gradients (backprop) against central finite differences", () => {
  it.each(CASES)("$activation hidden layers, $loss on a $output output", ({ activation, loss, output }) => {
    fc.assert(
      fc.property(netArbitrary, ({ inputs, hidden, seed }) => {
        const { model, params, data } = randomSetup(activation, loss, output, inputs, hidden, seed);
        // A batch that skips and repeats rows: the mean is over the batch's entries.
        const rows = Uint32Array.of(3, 0, 4, 0);
        const grad = new Float64Array(model.parameterCount);
        const value = model.lossAndGradient(params, data, rows, grad);
        expect(value).toBeCloseTo(
          (lossOf(model, params, data, Uint32Array.of(3)) +
            2 * lossOf(model, params, data, Uint32Array.of(0)) +
            lossOf(model, params, data, Uint32Array.of(4))) /
            4,
          12,
        );
        const h = 1e-6;
        for (let k = 0; k < params.length; k++) {
          const shifted = Float64Array.from(params);
          shifted[k] = (params[k] as number) + h;
          const up = lossOf(model, shifted, data, rows);
          shifted[k] = (params[k] as number) - h;
          const down = lossOf(model, shifted, data, rows);
          const difference = (up - down) / (2 * h);
          expect(Math.abs((grad[k] as number) - difference)).toBeLessThan(
            1e-6 * Math.max(1, Math.abs(difference)),
          );
        }
      }),
      { numRuns: 40 },
    );
  });
});

describe("mlp Hessian-vector product (R-operator)", () => {
  it.each(CASES)(
    "matches finite differences of the gradient: $activation, $loss on $output",
    ({ activation, loss, output }) => {
      fc.assert(
        fc.property(netArbitrary, ({ inputs, hidden, seed }) => {
          const { model, params, data } = randomSetup(activation, loss, output, inputs, hidden, seed);
          const random = createRandom(seed + 1);
          const v = Float64Array.from({ length: model.parameterCount }, () => random.normal());
          const hv = new Float64Array(model.parameterCount);
          model.hessianVectorProduct(params, data, v, hv);
          const rows = allRows(ROWS);
          const h = 1e-5;
          const up = new Float64Array(model.parameterCount);
          const down = new Float64Array(model.parameterCount);
          model.lossAndGradient(
            params.map((p, k) => p + h * (v[k] as number)),
            data,
            rows,
            up,
          );
          model.lossAndGradient(
            params.map((p, k) => p - h * (v[k] as number)),
            data,
            rows,
            down,
          );
          const scale = Math.max(1, ...Array.from(hv, Math.abs));
          for (let k = 0; k < params.length; k++) {
            const difference = ((up[k] as number) - (down[k] as number)) / (2 * h);
            expect(Math.abs((hv[k] as number) - difference)).toBeLessThan(1e-6 * scale);
          }
        }),
        { numRuns: 40 },
      );
    },
  );

  it("is symmetric: uᵀ(H·w) = wᵀ(H·u) for tanh and sigmoid nets on MSE and BCE", () => {
    fc.assert(
      fc.property(
        netArbitrary,
        fc.constantFrom(...HEADS),
        fc.constantFrom("tanh", "sigmoid"),
        (net, head, act) => {
          const { model, params, data } = randomSetup(
            act,
            head[0],
            head[1],
            net.inputs,
            net.hidden,
            net.seed,
          );
          const random = createRandom(net.seed + 7);
          const u = Float64Array.from({ length: model.parameterCount }, () => random.normal());
          const w = Float64Array.from({ length: model.parameterCount }, () => random.normal());
          const hu = new Float64Array(model.parameterCount);
          const hw = new Float64Array(model.parameterCount);
          model.hessianVectorProduct(params, data, u, hu);
          model.hessianVectorProduct(params, data, w, hw);
          const dot = (a: Float64Array, b: Float64Array) =>
            a.reduce((sum, x, k) => sum + x * (b[k] as number), 0);
          const uHw = dot(u, hw);
          expect(Math.abs(uHw - dot(w, hu))).toBeLessThan(
            1e-12 * Math.max(1, Math.abs(uHw)) * model.parameterCount,
          );
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe("mlp with no hidden layer and a linear output is the line", () => {
  const data = builtinData();
  const lineData: ModelData = { inputs: data.x, targets: data.y, features: 1 };

  it.each(["mse", "mae", "huber"] as const)(
    "its %s loss and gradient equal the line's batch kernel",
    (loss) => {
      const model = mlp({ inputs: 1, loss });
      const params = Float64Array.of(0.7, -0.4); // kernel [[w]], bias [b]
      const grad = new Float64Array(2);
      const value = model.lossAndGradient(params, lineData, allRows(data.x.length), grad);
      const lineGrad = new Float64Array(2);
      const lineValue = batchKernel(loss)(
        data.x,
        data.y,
        allRows(data.x.length),
        0,
        data.x.length,
        0.7,
        -0.4,
        lineGrad,
      );
      expect(value).toBeCloseTo(lineValue, 12);
      expect(grad[0]).toBeCloseTo(lineGrad[0] as number, 12);
      expect(grad[1]).toBeCloseTo(lineGrad[1] as number, 12);
    },
  );

  it("has the constant Hessian 2·[[mean x², x̄], [x̄, 1]] on MSE", () => {
    const model = mlp({ inputs: 1 });
    const n = data.x.length;
    const meanX = data.x.reduce((sum, x) => sum + x, 0) / n;
    const meanX2 = data.x.reduce((sum, x) => sum + x * x, 0) / n;
    const column = new Float64Array(2);
    model.hessianVectorProduct(Float64Array.of(5, -3), lineData, Float64Array.of(1, 0), column);
    expect(column[0]).toBeCloseTo(2 * meanX2, 12);
    expect(column[1]).toBeCloseTo(2 * meanX, 12);
    model.hessianVectorProduct(Float64Array.of(-1, 2), lineData, Float64Array.of(0, 1), column);
    expect(column[0]).toBeCloseTo(2 * meanX, 12);
    expect(column[1]).toBeCloseTo(2, 13);
  });
});

describe("mlp by hand", () => {
  it("a 1-2-1 tanh net predicts tanh(0.5)·2 + tanh(−0.5)·1 + 0.1 and its MSE gradient follows", () => {
    // kernel₁ = [[1, −1]], bias₁ = [0, 0], kernel₂ = [[2], [1]], bias₂ = [0.1]; x = 0.5, y = 0.
    // t = tanh 0.5 = 0.46211715726000974; ŷ = 2t − t + 0.1 = t + 0.1; e = ŷ; L = e².
    // ∂L/∂kernel₂ = 2e·(t, −t); ∂L/∂bias₂ = 2e; δ₁ = 2e·(2, 1)·(1 − t²); ∂L/∂kernel₁ = 0.5·δ₁.
    const model = mlp({ inputs: 1, hidden: [2], activation: "tanh" });
    const params = Float64Array.of(1, -1, 0, 0, 2, 1, 0.1);
    const data: ModelData = { inputs: Float64Array.of(0.5), targets: Float64Array.of(0), features: 1 };
    const t = Math.tanh(0.5);
    const e = t + 0.1;
    expect(model.predict(params, data, 0)).toBeCloseTo(0.5621171572600097, 15);
    const grad = new Float64Array(7);
    expect(model.lossAndGradient(params, data, Uint32Array.of(0), grad)).toBeCloseTo(e * e, 15);
    const slope = 1 - t * t;
    const expected = [
      0.5 * 2 * e * 2 * slope,
      0.5 * 2 * e * slope,
      2 * e * 2 * slope,
      2 * e * slope,
      2 * e * t,
      -2 * e * t,
      2 * e,
    ];
    for (const [k, value] of expected.entries()) expect(grad[k]).toBeCloseTo(value, 14);
    // Called again, the gradient is overwritten, not accumulated.
    model.lossAndGradient(params, data, Uint32Array.of(0), grad);
    expect(grad[6]).toBeCloseTo(2 * e, 14);
  });
});

describe("mlp rejects bad configurations with one line", () => {
  const messageOf = (run: () => unknown): string => {
    try {
      run();
    } catch (error) {
      if (isLrlabError(error)) return error.message;
      throw error;
    }
    throw new Error("expected an LrlabError");
  };

  it("names an unknown activation, zero units and BCE on a linear output", () => {
    expect(messageOf(() => mlp({ inputs: 1, activation: "tahn" as ActivationName }))).toBe(
      'unknown activation "tahn" (did you mean "tanh"?); expected one of tanh, relu, sigmoid, linear',
    );
    expect(messageOf(() => mlp({ inputs: 1, hidden: [8, 0] }))).toBe(
      "hidden layer 2 units: expected an integer ≥ 1, got 0",
    );
    expect(messageOf(() => mlp({ inputs: 1, loss: "bce", output: "linear" }))).toBe(
      "loss bce: expected a sigmoid output (Keras from_logits=False)",
    );
  });

  it("names a data set with the wrong number of features", () => {
    const model = mlp({ inputs: 2 });
    const data: ModelData = {
      inputs: Float64Array.of(1, 2, 3),
      targets: Float64Array.of(1, 2, 3),
      features: 1,
    };
    expect(
      messageOf(() => model.lossAndGradient(new Float64Array(3), data, allRows(3), new Float64Array(3))),
    ).toBe("the data has 1 feature column(s); the model expects 2");
  });
});
