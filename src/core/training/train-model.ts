/**
 * The training loop for any model (models/model-spec.ts): the same Keras semantics as train.ts, which
 * stays the line's O(1) fast path, on a parameter vector of any length.
 *
 * A step is one update (`optimizer.iterations`); a schedule is evaluated at that counter; mini-batches are
 * reshuffled at the start of every epoch with the seeded generator, exactly as train.ts does, so the
 * line run through here visits its points in the same order; the last batch keeps the remainder.
 *
 * Full-batch MSE on the linear family takes its loss and gradient from the statistics (O(d²) per step,
 * no pass over the rows); everything else backpropagates through the model.
 *
 * With `trackSharpness: K` the largest Hessian eigenvalue of the full-data loss is measured at step 0,
 * every K steps and at the last step, by power iteration on exact Hessian-vector products, each warm-started
 * from the previous eigenvector (models/sharpness.ts).
 */

import { LrlabError } from "../errors.js";
import { designMseAndGradient } from "../models/linear-theory.js";
import { allRows } from "../models/model.js";
import type { PreparedModel } from "../models/model-spec.js";
import { sharpness } from "../models/sharpness.js";
import type { Optimizer, OptimizerState } from "../optimizers/optimizer.js";
import { sgd } from "../optimizers/sgd.js";
import { createRandom, shuffleInPlace } from "../random.js";
import type { Schedule } from "../schedules/schedule.js";
import type { TrainStatus } from "./train.js";
import type { AnyEpochEndRateCallback } from "./train-options.js";
import { DEFAULT_DIVERGE_FACTOR, DEFAULT_STEPS, MAX_HISTORY_ROWS } from "./train-options.js";

/**
 * Power iteration stops when λ changes by at most this fraction between products; with the warm start a
 * measurement during training then costs a few dozen products and is within about 1e-5 of λmax.
 */
export const SHARPNESS_TOLERANCE = 1e-6;
export const SHARPNESS_MAX_ITERATIONS = 500;

export interface ModelTrainOptions {
  /** Default: Keras SGD. */
  readonly optimizer?: Optimizer;
  /** A constant rate or a schedule; default: the optimizer's rate. */
  readonly learningRate?: number | Schedule;
  /** ReduceLROnPlateau or similar; needs a constant rate, as in Keras. */
  readonly rateCallback?: AnyEpochEndRateCallback;
  /** The starting parameters (models/model-spec.ts `initialParameters`). */
  readonly initial: Float64Array;
  /** Rows per update; default (and anything ≥ n): all of them. */
  readonly batchSize?: number;
  /** Updates, or passes over the data: at most one; default 100 steps. */
  readonly steps?: number;
  readonly epochs?: number;
  /** Seeds the per-epoch shuffles. */
  readonly seed?: number;
  /** Stop as diverged above this × the starting loss (default 1e6). */
  readonly divergeFactor?: number;
  /** Stop as converged at this full-data gradient norm (full batch only). */
  readonly tolerance?: number;
  /** Record every k-th step (always the first and the last). */
  readonly historyEvery?: number;
  /** Measure the sharpness every K steps (and at the first and last); absent or 0: never. */
  readonly trackSharpness?: number;
  readonly onProgress?: (step: number, totalSteps: number) => void;
  /**
   * Called after every update with the batch's loss (taken before the update, as Keras logs it) and the rate
   * used; returning `true` stops the run with status `stopped` (as train.ts; the range test stops this way).
   */
  readonly onBatchEnd?: (step: number, batchLoss: number, learningRate: number) => boolean | undefined;
  /**
   * Called at every recorded step with the parameters whose loss is recorded (before that step's update),
   * e.g. to keep a run's path through parameter space; `params` is the loop's own array: copy what you keep.
   */
  readonly onRecord?: (step: number, params: Float64Array) => void;
}

/** The recorded steps: the full-data loss (taken before that step's update) and the rate used. */
export interface ModelHistory {
  readonly length: number;
  readonly step: Float64Array;
  readonly epoch: Float64Array;
  readonly learningRate: Float64Array;
  readonly loss: Float64Array;
}

/** The sharpness measured during a run: λmax of the full-data Hessian and 2/λmax, per measured step. */
export interface SharpnessSeries {
  readonly every: number;
  readonly step: number[];
  readonly sharpness: number[];
  /** 2/λmax; Infinity when λmax ≤ 0. */
  readonly criticalLearningRate: number[];
  /** Hessian-vector products each measurement used. */
  readonly products: number[];
  /** Whether every measurement met the tolerance. */
  readonly converged: boolean;
}

export interface ModelTrainResult {
  readonly status: TrainStatus;
  readonly divergedAtStep: number | null;
  readonly steps: number;
  readonly requestedSteps: number;
  readonly batchSize: number;
  readonly stepsPerEpoch: number;
  readonly historyEvery: number;
  /** The last parameters (Keras get_weights() order, flattened) and their full-data loss. */
  readonly final: { readonly params: Float64Array; readonly loss: number };
  readonly initialLoss: number;
  readonly history: ModelHistory;
  readonly sharpness: SharpnessSeries | null;
}

/** Every how many steps a run records its loss: `historyEvery` when given, else at most MAX_HISTORY_ROWS rows. */
export function historyEveryOf(totalSteps: number, historyEvery?: number): number {
  return historyEvery ?? Math.max(1, Math.ceil(totalSteps / MAX_HISTORY_ROWS));
}

/**
 * Every how many steps the run takes the loss on all the data, and so tests for divergence (and always at
 * the last step): every step of a full batch, or when the statistics make it free (the linear family
 * under MSE); else a mini-batch run pays a pass for it, so only on recorded steps.
 */
export function fullLossEvery(prepared: PreparedModel, fullBatch: boolean, historyEvery: number): number {
  return fullBatch || prepared.designStats !== null ? 1 : historyEvery;
}

/** Trains a prepared model. Pure: same inputs, same result, on every platform. */
export function trainModel(prepared: PreparedModel, options: ModelTrainOptions): ModelTrainResult {
  const { model, data, designStats, theory } = prepared;
  const n = data.targets.length;
  if (options.initial.length !== model.parameterCount) {
    throw new LrlabError(
      "E_BAD_ARGUMENT",
      `initial parameters: expected ${model.parameterCount} numbers, got ${options.initial.length}`,
    );
  }
  if (options.steps !== undefined && options.epochs !== undefined) {
    throw new LrlabError("E_USAGE", "steps and epochs: give one or the other, not both");
  }
  const optimizer = options.optimizer ?? sgd();
  const batchSize = Math.min(options.batchSize ?? n, n);
  const fullBatch = batchSize === n;
  const stepsPerEpoch = Math.ceil(n / batchSize);
  const totalSteps =
    options.steps ?? (options.epochs !== undefined ? options.epochs * stepsPerEpoch : DEFAULT_STEPS);
  const historyEvery = historyEveryOf(totalSteps, options.historyEvery);
  const divergeFactor = options.divergeFactor ?? DEFAULT_DIVERGE_FACTOR;
  const sharpnessEvery = options.trackSharpness ?? 0;

  const rate = options.learningRate ?? optimizer.config.learningRate;
  const rateCallback = options.rateCallback;
  if (rateCallback && typeof rate !== "number") {
    throw new LrlabError(
      "E_USAGE",
      "a plateau callback needs a constant learning rate, not a schedule (as in Keras)",
    );
  }
  const schedule: Schedule = typeof rate === "number" ? () => rate : rate;
  const callbackState = rateCallback?.init();
  let plateauRate = typeof rate === "number" ? rate : Number.NaN;
  const rateAt = rateCallback ? () => plateauRate : schedule;

  const params = Float64Array.from(options.initial);
  const grad = new Float64Array(params.length);
  const fullGrad = new Float64Array(params.length);
  const state: OptimizerState = optimizer.init(params.length);
  const every = allRows(n);
  const order = allRows(n);
  // Each batch's rows as a view of `order`, made once: the shuffles move the rows under the views.
  const batches = Array.from({ length: stepsPerEpoch }, (_, i) =>
    order.subarray(i * batchSize, Math.min((i + 1) * batchSize, n)),
  );
  const random = createRandom(options.seed ?? 0);
  const capacity = Math.floor(totalSteps / historyEvery) + 2;
  const history = {
    step: new Float64Array(capacity),
    epoch: new Float64Array(capacity),
    learningRate: new Float64Array(capacity),
    loss: new Float64Array(capacity),
  };
  let rows = 0;
  const record = (step: number, epoch: number, learningRate: number, loss: number) => {
    history.step[rows] = step;
    history.epoch[rows] = epoch;
    history.learningRate[rows] = learningRate;
    history.loss[rows] = loss;
    rows++;
    options.onRecord?.(step, params);
  };
  const series: SharpnessSeries | null =
    sharpnessEvery > 0
      ? {
          every: sharpnessEvery,
          step: [],
          sharpness: [],
          criticalLearningRate: [],
          products: [],
          converged: true,
        }
      : null;
  let eigenvector: Float64Array | undefined;
  const measureSharpness = (step: number) => {
    if (!series) return;
    const measured = sharpness(model, params, data, {
      tolerance: SHARPNESS_TOLERANCE,
      maxIterations: SHARPNESS_MAX_ITERATIONS,
      seed: options.seed ?? 0,
      ...(eigenvector ? { start: eigenvector } : {}),
    });
    if (!Number.isFinite(measured.eigenvalue)) return;
    eigenvector = measured.eigenvector;
    series.step.push(step);
    series.sharpness.push(measured.eigenvalue);
    series.criticalLearningRate.push(measured.criticalLearningRate);
    series.products.push(measured.products);
    if (!measured.converged) (series as { converged: boolean }).converged = false;
  };

  // The loss (and gradient, into fullGrad) on all the data: O(d²) for the linear family under MSE.
  const fullLossAndGradient = (): number =>
    designStats && theory
      ? designMseAndGradient(designStats, theory, params, fullGrad)
      : model.lossAndGradient(params, data, every, fullGrad);
  const lossEvery = fullLossEvery(prepared, fullBatch, historyEvery);
  const progressEvery = Math.max(1, Math.min(65_536, Math.floor(totalSteps / 100)));

  let status: TrainStatus = "completed";
  let divergedAtStep: number | null = null;
  let initialLoss = Number.NaN;
  let divergenceThreshold = Number.POSITIVE_INFINITY;
  let currentLoss = Number.NaN;
  let epochLossSum = 0;
  let step = 0;
  for (; ; step++) {
    const epoch = Math.floor(step / stepsPerEpoch);
    const isLast = step === totalSteps;
    const recordDue = step % historyEvery === 0 || isLast;
    const learningRate = rateAt(step);
    const lossKnown = step % lossEvery === 0 || isLast;
    if (lossKnown) currentLoss = fullLossAndGradient();
    if (step === 0) {
      initialLoss = currentLoss;
      divergenceThreshold = initialLoss > 0 ? divergeFactor * initialLoss : Number.POSITIVE_INFINITY;
    }
    const blownUp =
      (lossKnown && !(currentLoss <= divergenceThreshold && Number.isFinite(currentLoss))) ||
      !Number.isFinite(learningRate);
    if (blownUp) {
      status = "diverged";
      divergedAtStep = step;
      record(step, epoch, learningRate, lossKnown ? currentLoss : Number.NaN);
      break;
    }
    if (sharpnessEvery > 0 && (step % sharpnessEvery === 0 || isLast)) measureSharpness(step);
    if (options.tolerance !== undefined && lossKnown && fullBatch && norm(fullGrad) <= options.tolerance) {
      status = "converged";
      record(step, epoch, learningRate, currentLoss);
      if (!isLast && sharpnessEvery > 0 && step % sharpnessEvery !== 0) measureSharpness(step);
      break;
    }
    if (recordDue) record(step, epoch, learningRate, currentLoss);
    if (isLast) break;
    if (options.onProgress && step % progressEvery === 0) options.onProgress(step, totalSteps);

    let batchLoss = currentLoss;
    let batchRows = n;
    if (fullBatch) {
      grad.set(fullGrad);
    } else {
      const indexInEpoch = step - epoch * stepsPerEpoch;
      if (indexInEpoch === 0) shuffleInPlace(order, random);
      const batch = batches[indexInEpoch] as Uint32Array;
      batchRows = batch.length;
      batchLoss = model.lossAndGradient(params, data, batch, grad);
    }
    optimizer.apply(params, grad, state, learningRate);
    if (options.onBatchEnd?.(step, batchLoss, learningRate) === true) {
      status = "stopped";
      step++;
      const lossAfter = fullLossAndGradient();
      record(step, Math.floor(step / stepsPerEpoch), rateAt(step), lossAfter);
      break;
    }
    if (rateCallback) {
      epochLossSum += batchLoss * batchRows;
      if ((step + 1) % stepsPerEpoch === 0) {
        plateauRate = rateCallback.onEpochEnd(callbackState as never, epochLossSum / n, plateauRate);
        epochLossSum = 0;
      }
    }
  }
  options.onProgress?.(step, totalSteps);

  const trimmed: ModelHistory = {
    length: rows,
    step: history.step.slice(0, rows),
    epoch: history.epoch.slice(0, rows),
    learningRate: history.learningRate.slice(0, rows),
    loss: history.loss.slice(0, rows),
  };
  return {
    status,
    divergedAtStep,
    steps: step,
    requestedSteps: totalSteps,
    batchSize,
    stepsPerEpoch,
    historyEvery,
    final: { params, loss: trimmed.loss[rows - 1] as number },
    initialLoss,
    history: trimmed,
    sharpness: series,
  };
}

function norm(vector: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < vector.length; i++) sum += (vector[i] as number) ** 2;
  return Math.sqrt(sum);
}
