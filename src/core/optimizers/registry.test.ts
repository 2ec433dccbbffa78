import { describe, expect, it } from "vitest";
import { errorOf } from "../../test-support/optimizer-trajectory.js";
import type { Optimizer } from "./optimizer.js";
import {
  createOptimizer,
  deserializeOptimizerState,
  OPTIMIZER_NAMES,
  OPTIMIZERS,
  optimizerFromConfig,
  optimizerParams,
  optimizerToConfig,
  serializeOptimizerState,
} from "./registry.js";
import { sgdParams } from "./sgd.js";

/** Through JSON text and back, as a saved run would travel. */
function viaJson(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value));
}

/** A gradient that changes every update, so the slots carry real history: g = [sin k, cos 2k − 0.5]. */
function gradientAt(k: number): Float64Array {
  return Float64Array.of(Math.sin(k + 1), Math.cos(2 * k) - 0.5);
}

/** A decaying rate, so that resuming must also resume the schedule's step. */
function rateAt(k: number): number {
  return 0.05 * 0.9 ** k;
}

function runUpdates(
  optimizer: Optimizer,
  params: Float64Array,
  state: ReturnType<Optimizer["init"]>,
  n: number,
) {
  for (let i = 0; i < n; i++) {
    optimizer.apply(params, gradientAt(state.iterations), state, rateAt(state.iterations));
  }
}

/** One optimizer of each kind with every slot switched on. */
const EVERY_SLOT: [string, Record<string, unknown>][] = [
  ["sgd", { learningRate: 0.05, momentum: 0.8, nesterov: true }],
  ["rmsprop", { learningRate: 0.02, rho: 0.8, momentum: 0.5, epsilon: 1e-6, centered: true }],
  ["adam", { learningRate: 0.03, beta1: 0.8, beta2: 0.99, epsilon: 1e-8, amsgrad: true }],
  ["adagrad", { learningRate: 0.2, initialAccumulatorValue: 0.5, epsilon: 1e-6 }],
];

describe("registry", () => {
  it("lists the CLI names, with momentum as a name of its own", () => {
    expect(OPTIMIZER_NAMES).toEqual(["sgd", "momentum", "rmsprop", "adam", "adagrad"]);
    expect(Object.entries(OPTIMIZERS).map(([name, entry]) => [name, entry.kerasClass])).toEqual([
      ["sgd", "SGD"],
      ["rmsprop", "RMSprop"],
      ["adam", "Adam"],
      ["adagrad", "Adagrad"],
    ]);
  });

  it("creates each registered optimizer by name with Keras's defaults", () => {
    for (const [name, entry] of Object.entries(OPTIMIZERS)) {
      const optimizer = createOptimizer(name);
      expect(optimizer.name).toBe(name);
      expect(optimizer.config).toEqual(
        Object.fromEntries(entry.params.map((spec) => [spec.key, spec.default])),
      );
    }
  });

  it('"momentum" is SGD with momentum 0.9, and an explicit momentum argument still wins', () => {
    const alias = createOptimizer("momentum");
    expect(alias.name).toBe("sgd");
    expect(alias.config).toEqual({ learningRate: 0.01, momentum: 0.9, nesterov: false });
    expect(createOptimizer("momentum", { momentum: 0.5, nesterov: true }).config).toEqual({
      learningRate: 0.01,
      momentum: 0.5,
      nesterov: true,
    });
    expect(createOptimizer("momentum", { momentum: 0 }).config).toMatchObject({ momentum: 0 });
    expect(createOptimizer("momentum", { momentum: undefined }).config).toMatchObject({ momentum: 0.9 });
  });

  it('gives "momentum" the SGD table with momentum defaulting to 0.9, leaving SGD\'s own table alone', () => {
    const momentumSpec = optimizerParams("momentum").find((spec) => spec.key === "momentum");
    expect(momentumSpec?.default).toBe(0.9);
    expect(optimizerParams("sgd")).toBe(sgdParams);
    expect(sgdParams.find((spec) => spec.key === "momentum")?.default).toBe(0);
    expect(optimizerParams("momentum").map((spec) => spec.flag)).toEqual(["lr", "momentum", "nesterov"]);
  });

  it("suggests the nearest name for an unknown optimizer", () => {
    const error = errorOf(() => createOptimizer("adma"));
    expect(error.code).toBe("E_UNKNOWN_OPTIMIZER");
    expect(error.message).toBe(
      'unknown optimizer "adma" (did you mean "adam"?); expected one of sgd, momentum, rmsprop, adam, adagrad',
    );
    expect(errorOf(() => optimizerParams("rmsporp")).message).toMatch(/did you mean "rmsprop"\?/);
    expect(errorOf(() => createOptimizer("lbfgs-b-with-wolfe")).message).toBe(
      'unknown optimizer "lbfgs-b-with-wolfe"; expected one of sgd, momentum, rmsprop, adam, adagrad',
    );
  });

  it("does not treat inherited object keys as optimizer names", () => {
    expect(errorOf(() => createOptimizer("toString")).code).toBe("E_UNKNOWN_OPTIMIZER");
  });

  it("names arguments in errors the way the caller asks, e.g. as CLI flags", () => {
    const error = errorOf(() => createOptimizer("adam", { beta1: 2 }, (spec) => `--${spec.flag}`));
    expect(error.code).toBe("E_BAD_ARGUMENT");
    expect(error.message).toBe("--beta1: expected a number ≥ 0 and < 1, got 2");
    expect(errorOf(() => createOptimizer("momentum", { momentum: -1 })).message).toBe(
      "momentum: momentum: expected a number ≥ 0 and ≤ 1, got -1",
    );
    expect(errorOf(() => createOptimizer("sgd", { beta1: 0.9 })).message).toMatch(
      /^sgd: unknown argument "beta1"/,
    );
  });

  it("turns an optimizer into plain JSON config and back", () => {
    for (const [name, args] of EVERY_SLOT) {
      const optimizer = createOptimizer(name, args);
      const config = optimizerToConfig(optimizer);
      expect(config).toEqual({ name, ...args });
      const restored = optimizerFromConfig(viaJson(config));
      expect(restored.name).toBe(optimizer.name);
      expect(restored.config).toEqual(optimizer.config);
    }
    expect(Object.keys(optimizerToConfig(createOptimizer("adam")))[0]).toBe("name");
  });

  it("rejects a config without a name, or with bad arguments", () => {
    expect(errorOf(() => optimizerFromConfig({ learningRate: 0.1 })).message).toBe(
      'optimizer config: expected an object with a "name" (one of sgd, momentum, rmsprop, adam, adagrad)',
    );
    expect(errorOf(() => optimizerFromConfig([])).code).toBe("E_BAD_ARGUMENT");
    expect(errorOf(() => optimizerFromConfig({ name: "adam", beta1: "0.9" })).message).toBe(
      'adam: beta1: expected a number ≥ 0 and < 1, got "0.9"',
    );
  });

  it("a run resumed from JSON config and state continues exactly like an uninterrupted one", () => {
    for (const [name, args] of EVERY_SLOT) {
      const optimizer = createOptimizer(name, args);
      const straight = Float64Array.of(0.5, -1.5);
      const straightState = optimizer.init(2);
      runUpdates(optimizer, straight, straightState, 10);

      const first = Float64Array.of(0.5, -1.5);
      const firstState = optimizer.init(2);
      runUpdates(optimizer, first, firstState, 4);
      const saved = viaJson({
        optimizer: optimizerToConfig(optimizer),
        state: serializeOptimizerState(firstState),
        params: Array.from(first),
      }) as { optimizer: unknown; state: unknown; params: number[] };

      const resumed = optimizerFromConfig(saved.optimizer);
      const resumedState = deserializeOptimizerState(saved.state);
      const params = Float64Array.from(saved.params);
      expect(resumedState.iterations).toBe(4);
      runUpdates(resumed, params, resumedState, 6);

      expect(Array.from(params)).toStrictEqual(Array.from(straight));
      expect(serializeOptimizerState(resumedState)).toStrictEqual(serializeOptimizerState(straightState));
    }
  });

  it("serializes state as plain arrays, and brings a diverged entry back from JSON null as NaN", () => {
    const state = { iterations: 3, slots: { v: Float64Array.of(1.5, Number.POSITIVE_INFINITY) } };
    expect(serializeOptimizerState(state)).toEqual({
      iterations: 3,
      slots: { v: [1.5, Number.POSITIVE_INFINITY] },
    });
    const back = deserializeOptimizerState(viaJson(serializeOptimizerState(state)));
    expect(back.iterations).toBe(3);
    expect(Array.from(back.slots.v ?? [])).toEqual([1.5, Number.NaN]);
  });

  it("rejects malformed state JSON with a one-line reason", () => {
    expect(errorOf(() => deserializeOptimizerState(null)).message).toBe(
      "optimizer state: expected an object with iterations and slots",
    );
    expect(errorOf(() => deserializeOptimizerState({ iterations: -1, slots: {} })).message).toBe(
      "optimizer state: expected iterations to be an integer ≥ 0, got -1",
    );
    expect(errorOf(() => deserializeOptimizerState({ iterations: 0, slots: { m: [1, "2"] } })).message).toBe(
      'optimizer state: slot "m"[1]: expected a number or null, got "2"',
    );
    expect(
      errorOf(() => deserializeOptimizerState({ iterations: 0, slots: { m: [1, 2], v: [1] } })).message,
    ).toBe('optimizer state: slot "v" has 1 entries, the others 2');
  });

  it("a state from one optimizer does not silently drive another", () => {
    const adam = createOptimizer("adam");
    const foreign = createOptimizer("adagrad").init(2);
    const error = errorOf(() => adam.apply(new Float64Array(2), new Float64Array(2), foreign, 0.1));
    expect(error.code).toBe("E_BAD_ARGUMENT");
    expect(error.message).toMatch(/^adam: state has no "m" slot for 2 parameters/);
  });
});
