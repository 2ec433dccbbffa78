/**
 * `sharpnessMonitor({ x, y, every })`: every `every` batches of `model.fit`, the sharpness of a TF.js
 * model, λmax of its full-data loss Hessian, and the critical rate 2/λmax it implies (Cohen et al. 2021,
 * "Gradient Descent on Neural Networks Typically Occurs at the Edge of Stability").
 *
 * The eigenvalue comes from the core's power iteration (`largestEigenvalue`, src/core/models/sharpness.ts),
 * the same code `lrlab fit --track-sharpness` uses; only the Hessian-vector product is TF.js's, by central
 * differences of the exact gradient `tf.variableGrads`:
 *
 *     H·v ≈ (∇L(w + h·v) − ∇L(w − h·v)) / (2h),   h = 1e-3 · max(‖w‖, 1),  ‖v‖ = 1.
 *
 * Accuracy, in float32: the truncation error is O(h²) (zero for a linear model, whose gradient is linear
 * in w); the rounding error is about ε₃₂·‖w‖/h ≈ 1e-4 relative. The power iteration stops when the
 * estimate moves by less than `tolerance` (1e-3 by default) of itself, so the sharpness is good to about
 * 1e-3 relative: measured against lrlab's exact λmax in the tests (one unit: better than 1e-3; an MLP
 * against lrlab's exact Hessian-vector products on the same weights: better than 1e-2).
 *
 * The weights are moved to w ± h·v and then written back from a saved copy, so they end bit for bit as
 * they were; the optimizer is never called, so its state (moments, iterations) is untouched. The loss is
 * the one `fit` minimizes: the compiled loss, averaged over all of `x`, plus the layers' regularization.
 */
import * as tf from "@tensorflow/tfjs";
import { LrlabError } from "../core/errors.js";
import { largestEigenvalue } from "../core/models/sharpness.js";
import type { CallbackLogs } from "./logs.js";
import { checkOptionNames } from "./validate-options.js";

/** The batch-log and epoch-log keys the monitor writes, as Keras names logs (snake case). */
export const SHARPNESS_LOG_KEY = "sharpness";
export const CRITICAL_RATE_LOG_KEY = "critical_learning_rate";

/** One measurement. */
export interface SharpnessMeasurement {
  /** Updates done when it was measured: 0 before the first, then every `every`, and the last. */
  readonly batch: number;
  /** λmax of the full-data loss Hessian at the weights after that many updates. */
  readonly sharpness: number;
  /** 2/λmax: the rate above which full-batch gradient descent diverges along the sharpest direction. */
  readonly criticalLearningRate: number;
  /** Hessian-vector products the power iteration used (two gradients each). */
  readonly products: number;
  /** False when the power iteration did not settle within `maxIterations`. */
  readonly converged: boolean;
}

export interface MeasureSharpnessOptions {
  /** Rows per gradient evaluation, to bound memory on large data; default all rows at once. */
  batchSize?: number;
  /** Stop the power iteration when the estimate moves by at most this fraction of itself; default 1e-3. */
  tolerance?: number;
  /** Default 100. */
  maxIterations?: number;
  /** Seeds the random start vector; default 0. */
  seed?: number;
  /** Start from this unit vector (the last eigenvector) instead of a random one. */
  start?: Float64Array;
}

export interface SharpnessMonitorOptions extends MeasureSharpnessOptions {
  /** The full training inputs and targets the Hessian is taken over. */
  x: tf.Tensor;
  y: tf.Tensor;
  /** Measure every this many batches (updates), counted across epochs and `fit` calls; default 10. */
  every?: number;
  /** Called after each measurement. */
  onMeasure?: (measurement: SharpnessMeasurement) => void | Promise<void>;
}

const WHO = "sharpnessMonitor";

/** Every option of {@link measureSharpness}: any other name is refused, not ignored. */
const MEASURE_OPTIONS = [
  "batchSize",
  "tolerance",
  "maxIterations",
  "seed",
  "start",
] as const satisfies readonly (keyof MeasureSharpnessOptions)[];
/** Every option of {@link sharpnessMonitor}. */
const MONITOR_OPTIONS = [
  "x",
  "y",
  "every",
  "onMeasure",
  ...MEASURE_OPTIONS,
] as const satisfies readonly (keyof SharpnessMonitorOptions)[];

/** A measurement with the eigenvector, for a warm start of the next one. */
interface Estimate extends SharpnessMeasurement {
  readonly eigenvector: Float64Array;
}

/**
 * λmax of `model`'s full-data loss Hessian at its current weights, on `x` and `y`. The weights end exactly
 * as they were.
 */
export function measureSharpness(
  model: tf.LayersModel,
  x: tf.Tensor,
  y: tf.Tensor,
  options: MeasureSharpnessOptions = {},
): SharpnessMeasurement & { readonly eigenvector: Float64Array } {
  checkOptionNames(options, MEASURE_OPTIONS, "measureSharpness");
  checkMeasureOptions(options, "measureSharpness");
  return estimate(model, x, y, options, 0, "measureSharpness");
}

/** Refuses what would measure nothing (NaN) or never stop, naming the function called and the option. */
function checkMeasureOptions(options: MeasureSharpnessOptions, who: string): void {
  const refuse = (name: string, expected: string, value: unknown): never => {
    throw new LrlabError("E_BAD_ARGUMENT", `${who}: ${name}: expected ${expected}, got ${String(value)}`);
  };
  const { batchSize, tolerance, maxIterations } = options;
  // Zero power iterations measure nothing: the estimate would be NaN, in the history as null.
  if (maxIterations !== undefined && !(Number.isInteger(maxIterations) && maxIterations >= 1)) {
    refuse("maxIterations", "an integer ≥ 1 (power iterations)", maxIterations);
  }
  if (batchSize !== undefined && !(Number.isInteger(batchSize) && batchSize >= 1)) {
    refuse("batchSize", "an integer ≥ 1 (rows per gradient)", batchSize);
  }
  if (tolerance !== undefined && !(Number.isFinite(tolerance) && tolerance > 0)) {
    refuse("tolerance", "a number > 0", tolerance);
  }
}

function estimate(
  model: tf.LayersModel,
  x: tf.Tensor,
  y: tf.Tensor,
  { batchSize, tolerance = 1e-3, maxIterations = 100, seed = 0, start }: MeasureSharpnessOptions,
  batch: number,
  who: string,
): Estimate {
  const lossFunction = compiledLoss(model, who);
  const rows = x.shape[0] ?? 0;
  if (rows === 0 || y.shape[0] !== rows) {
    throw new LrlabError(
      "E_BAD_ARGUMENT",
      `${who}: x and y need the same number of rows, at least one; got ${rows} and ${y.shape[0]}`,
    );
  }
  const chunk = batchSize === undefined ? rows : Math.max(1, Math.floor(batchSize));
  const variables = model.trainableWeights.map((weight) => weight.read() as tf.Variable);
  const sizes = variables.map((variable) => variable.size);
  const dimension = sizes.reduce((sum, size) => sum + size, 0);
  const saved = variables.map((variable) => tf.keep(variable.clone()));
  try {
    const weightNorm = Math.sqrt(
      saved.reduce((sum, value) => sum + tf.tidy(() => tf.sum(tf.square(value)).dataSync()[0] as number), 0),
    );
    const h = 1e-3 * Math.max(weightNorm, 1);

    // ∇L at the variables' current values, flattened into one Float64Array in trainableWeights order.
    const gradient = (): Float64Array => {
      const total = new Float64Array(dimension);
      for (let from = 0; from < rows; from += chunk) {
        const size = Math.min(chunk, rows - from);
        const parts = tf.tidy(() => {
          const xs = x.slice(from, size);
          const ys = y.slice(from, size);
          const { grads } = tf.variableGrads(() => {
            const predictions = model.apply(xs, { training: false }) as tf.Tensor;
            const dataLoss = tf.mean(lossFunction(ys, predictions)).mul(size / rows) as tf.Scalar;
            // Regularization enters the loss once, with the first chunk.
            return from === 0 ? (tf.addN([dataLoss, ...model.calculateLosses()]) as tf.Scalar) : dataLoss;
          }, variables);
          return variables.map((variable) => (grads[variable.name] as tf.Tensor).dataSync());
        });
        let offset = 0;
        for (const part of parts) {
          for (let i = 0; i < part.length; i++)
            total[offset + i] = (total[offset + i] as number) + (part[i] as number);
          offset += part.length;
        }
      }
      return total;
    };
    const moveTo = (v: Float64Array, step: number): void => {
      let offset = 0;
      variables.forEach((variable, index) => {
        const size = sizes[index] as number;
        tf.tidy(() => {
          const direction = tf.tensor(
            Float32Array.from(v.subarray(offset, offset + size)),
            variable.shape,
            "float32",
          );
          variable.assign(tf.add(saved[index] as tf.Tensor, tf.mul(direction, step)));
        });
        offset += size;
      });
    };
    const restore = (): void => {
      for (const [index, variable] of variables.entries()) variable.assign(saved[index] as tf.Tensor);
    };

    // H·v by central differences of the exact gradient (the accuracy is stated at the top of the file).
    const product = (v: Float64Array, out: Float64Array): void => {
      moveTo(v, h);
      const plus = gradient();
      moveTo(v, -h);
      const minus = gradient();
      restore();
      for (let i = 0; i < dimension; i++) out[i] = ((plus[i] as number) - (minus[i] as number)) / (2 * h);
    };
    const found = largestEigenvalue(product, dimension, {
      tolerance,
      maxIterations,
      seed,
      ...(start !== undefined && start.length === dimension ? { start } : {}),
    });
    return {
      batch,
      sharpness: found.eigenvalue,
      criticalLearningRate: found.eigenvalue > 0 ? 2 / found.eigenvalue : Number.POSITIVE_INFINITY,
      products: found.products,
      converged: found.converged,
      eigenvector: found.eigenvector,
    };
  } finally {
    for (const [index, variable] of variables.entries()) variable.assign(saved[index] as tf.Tensor);
    for (const value of saved) value.dispose();
  }
}

/** The loss function `model.compile` was given, as TF.js calls it per sample. */
function compiledLoss(model: tf.LayersModel, who: string): (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.Tensor {
  // A tf.Sequential compiles its inner LayersModel (`model.model`), which holds the loss functions.
  type Compiled = { lossFunctions?: unknown[]; model?: Compiled };
  const compiled = model as unknown as Compiled;
  const functions = compiled.lossFunctions ?? compiled.model?.lossFunctions;
  const first = functions?.[0];
  if (typeof first !== "function" || (functions?.length ?? 0) !== 1) {
    throw new LrlabError(
      "E_USAGE",
      `${who}: the model needs model.compile({ loss, optimizer }) with one output and one loss before it can measure the loss's Hessian`,
    );
  }
  return first as (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.Tensor;
}

/** The callback {@link sharpnessMonitor} returns. */
export class SharpnessMonitor extends tf.Callback {
  /** Every measurement, in order. */
  readonly measurements: SharpnessMeasurement[] = [];
  private readonly options: SharpnessMonitorOptions;
  private readonly every: number;
  /** Updates seen, across epochs and fit calls: the batch number a measurement carries. */
  private updates = 0;
  private lastMeasuredAt = -1;
  private lastEigenvector: Float64Array | undefined;

  constructor(options: SharpnessMonitorOptions) {
    super();
    checkOptionNames(options, MONITOR_OPTIONS, WHO);
    const { x, y, every = 10 } = options;
    if (!(x instanceof tf.Tensor) || !(y instanceof tf.Tensor)) {
      throw new LrlabError(
        "E_BAD_ARGUMENT",
        `${WHO}: x and y: expected the training tensors, the same as model.fit's`,
      );
    }
    if (!Number.isInteger(every) || every < 1) {
      throw new LrlabError(
        "E_BAD_ARGUMENT",
        `${WHO}: every: expected an integer ≥ 1 (batches), got ${every}`,
      );
    }
    checkMeasureOptions(options, WHO);
    this.options = options;
    this.every = every;
  }

  /** Measures now, at `this.updates`, warm-started from the last eigenvector. */
  private async measure(): Promise<SharpnessMeasurement> {
    const model = this.model as tf.LayersModel | null;
    if (model == null) {
      throw new LrlabError(
        "E_USAGE",
        `${WHO}: no model: pass the callback to model.fit({ callbacks: [...] })`,
      );
    }
    const { x, y, onMeasure, every: _every, ...rest } = this.options;
    const { eigenvector, ...measurement } = estimate(
      model,
      x,
      y,
      { ...rest, ...(this.lastEigenvector ? { start: this.lastEigenvector } : {}) },
      this.updates,
      WHO,
    );
    this.lastEigenvector = eigenvector;
    this.lastMeasuredAt = this.updates;
    this.measurements.push(measurement);
    await onMeasure?.(measurement);
    return measurement;
  }

  override async onTrainBegin(): Promise<void> {
    if (this.lastMeasuredAt !== this.updates) await this.measure();
  }

  override async onBatchEnd(_batch: number, logs?: CallbackLogs): Promise<void> {
    this.updates += 1;
    if (this.updates % this.every !== 0) return;
    const { sharpness, criticalLearningRate } = await this.measure();
    if (logs) write(logs, sharpness, criticalLearningRate);
  }

  override async onEpochEnd(_epoch: number, logs?: CallbackLogs): Promise<void> {
    // The epoch's logs carry the latest measurement, so model.fit's History holds a sharpness series.
    const last = this.measurements.at(-1);
    if (logs && last) write(logs, last.sharpness, last.criticalLearningRate);
  }

  override async onTrainEnd(): Promise<void> {
    if (this.lastMeasuredAt !== this.updates) await this.measure();
  }
}

function write(logs: NonNullable<CallbackLogs>, sharpness: number, criticalLearningRate: number): void {
  logs[SHARPNESS_LOG_KEY] = sharpness;
  logs[CRITICAL_RATE_LOG_KEY] = criticalLearningRate;
}

/**
 * A `model.fit` callback that measures the sharpness (λmax of the full-data loss Hessian) at the start, every
 * `every` batches and at the end, logs `sharpness` and `critical_learning_rate` (2/λmax) in the batch and
 * epoch logs, and calls `onMeasure({ batch, sharpness, criticalLearningRate })`:
 *
 *     const monitor = sharpnessMonitor({ x, y, every: 10, onMeasure: (m) => console.log(m) });
 *     const history = await model.fit(x, y, { batchSize: 32, epochs: 20, callbacks: [monitor] });
 *     // history.history.sharpness: one value per epoch; monitor.measurements: every measurement
 */
export function sharpnessMonitor(options: SharpnessMonitorOptions): SharpnessMonitor {
  return new SharpnessMonitor(options);
}
