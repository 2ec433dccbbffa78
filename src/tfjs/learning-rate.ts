/**
 * Reading and setting a TF.js optimizer's learning rate in place: the one thing TF.js does not make
 * uniform, and where the obvious way fails silently.
 *
 * What @tensorflow/tfjs-core 4.22.0 does (dist/optimizers/*.js):
 * - `SGDOptimizer` caches the rate as a tensor, `this.c = keep(scalar(-learningRate))`, in
 *   `setLearningRate`, and updates with `add(mul(this.c, gradient), value)`; `MomentumOptimizer` extends
 *   it and uses the same `this.c`. Assigning `optimizer.learningRate = x` changes `getConfig()` but not
 *   `this.c`: the update keeps the old rate, silently. Only `setLearningRate(x)` works.
 * - `AdamOptimizer`, `RMSPropOptimizer`, `AdagradOptimizer`, `AdadeltaOptimizer` and `AdamaxOptimizer`
 *   read `this.learningRate` inside `applyGradients` on every update (`mul(…, -this.learningRate)`,
 *   `mul(gradient, this.learningRate)`), so assigning the property takes effect on the next update.
 *   (Adamax divides it by `1 + decay·iteration` on top, its own decay.)
 *
 * An optimizer lrlab does not know is refused with a clear error rather than assigned to and hoped for.
 */
import type * as tf from "@tensorflow/tfjs";
import { LrlabError } from "../core/errors.js";

/** How the rate of each TF.js optimizer class (by `getClassName()`) is changed in place. */
export type RateAccess = "setLearningRate" | "property";

/** The TF.js 4.22.0 optimizer classes and how each takes a new rate, as verified above. */
export const RATE_ACCESS: Readonly<Record<string, RateAccess>> = {
  SGD: "setLearningRate",
  Momentum: "setLearningRate",
  Adam: "property",
  RMSProp: "property",
  Adagrad: "property",
  Adadelta: "property",
  Adamax: "property",
};

/** The fields lrlab reads and writes; `learningRate` is `protected` in TF.js's typings. */
interface RateFields {
  learningRate?: unknown;
  setLearningRate?: unknown;
}

const fields = (optimizer: tf.Optimizer) => optimizer as unknown as RateFields;

/**
 * How `optimizer`'s rate can be changed in place. A class not in {@link RATE_ACCESS} that has a
 * `setLearningRate` method (a subclass of SGD) uses it; any other is refused.
 */
export function rateAccessOf(optimizer: tf.Optimizer): RateAccess {
  const name = optimizer.getClassName();
  const known = RATE_ACCESS[name];
  if (known) return known;
  if (typeof fields(optimizer).setLearningRate === "function") return "setLearningRate";
  throw new LrlabError(
    "E_UNKNOWN_OPTIMIZER",
    `lrlab/tfjs: cannot change the learning rate of a ${name} optimizer in place: it is none of TF.js's ${Object.keys(RATE_ACCESS).join(", ")} and has no setLearningRate method, and assigning its learningRate may be silently ignored (as it is for SGD); use one of those optimizers`,
  );
}

/** The rate the optimizer's next update will use. */
export function learningRateOf(optimizer: tf.Optimizer): number {
  rateAccessOf(optimizer);
  const rate = fields(optimizer).learningRate;
  if (typeof rate !== "number") {
    throw new LrlabError(
      "E_UNKNOWN_OPTIMIZER",
      `lrlab/tfjs: the ${optimizer.getClassName()} optimizer has no numeric learningRate (got ${String(rate)})`,
    );
  }
  return rate;
}

/**
 * Sets the rate of the optimizer's next updates, the way its class takes it: `setLearningRate(rate)` for
 * SGD and Momentum, the `learningRate` property for the others. `rate` must be finite and ≥ 0.
 */
export function setLearningRate(optimizer: tf.Optimizer, rate: number, who = "lrlab/tfjs"): void {
  if (typeof rate !== "number" || !Number.isFinite(rate) || rate < 0) {
    throw new LrlabError("E_BAD_ARGUMENT", `${who}: expected a learning rate ≥ 0, got ${String(rate)}`);
  }
  const target = fields(optimizer);
  if (rateAccessOf(optimizer) === "setLearningRate") {
    (target.setLearningRate as (value: number) => void).call(optimizer, rate);
  } else {
    target.learningRate = rate;
  }
}

/** The compiled model's optimizer, or a clear error naming what is missing. */
export function optimizerOf(model: tf.LayersModel | null | undefined, who: string): tf.Optimizer {
  if (model == null) {
    throw new LrlabError(
      "E_USAGE",
      `${who}: no model: pass the callback to model.fit({ callbacks: [...] }), which gives it the model`,
    );
  }
  const optimizer = (model as { optimizer?: tf.Optimizer }).optimizer;
  if (optimizer == null) {
    throw new LrlabError("E_USAGE", `${who}: the model has no optimizer: call model.compile() first`);
  }
  return optimizer;
}
