/**
 * The training loop: y = w·x + b fitted by an optimizer, with divergence as a result, not a crash.
 *
 * Keras semantics throughout: a step is one update (`optimizer.iterations`); a schedule is evaluated at
 * that counter; mini-batches are reshuffled at the start of every epoch (as `fit(shuffle=True)`), the
 * last batch of an epoch keeps the remainder; a plateau callback sees the epoch's training loss as Keras
 * logs it, the mean of the batch losses weighted by batch size, each taken before its update.
 *
 * Full-batch MSE never touches the data after the statistics are computed: every loss and gradient is
 * O(1) (see stats.ts). Mini-batch steps walk their batch once, over typed arrays, allocating nothing.
 */
import type { Dataset } from "./data.js";
import { LrlabError } from "./errors.js";
import { createHistoryRecorder, type History } from "./history.js";
import {
  type BatchKernel,
  batchKernel,
  checkLossName,
  DEFAULT_HUBER_DELTA,
  type LossName,
} from "./losses.js";
import type { Optimizer, OptimizerState } from "./optimizers/optimizer.js";
import { sgd } from "./optimizers/sgd.js";
import { checkParam, type NumberParam, type ParamSpec } from "./params.js";
import { createRandom, shuffleInPlace } from "./random.js";
import type { Schedule } from "./schedules/schedule.js";
import { type LinearStats, linearStats, mseLossAndGradientAt } from "./stats.js";

/** A callback that may change the rate at the end of each epoch, as Keras's ReduceLROnPlateau. */
export interface EpochEndRateCallback<State = unknown> {
  init(): State;
  /** Given the epoch's monitored training loss and the current rate, returns the rate for the next epoch. */
  onEpochEnd(state: State, monitored: number, learningRate: number): number;
}

/** Any {@link EpochEndRateCallback}, whatever its state type: the loop only hands the state back. */
export interface AnyEpochEndRateCallback {
  init(): unknown;
  onEpochEnd(state: never, monitored: number, learningRate: number): number;
}

export interface TrainOptions {
  /** `mse` (default), `mae` or `huber`. */
  loss?: LossName;
  /** Huber's `delta` (Keras default 1.0). */
  huberDelta?: number;
  /** Default: Keras SGD, `sgd()`. */
  optimizer?: Optimizer;
  /** A constant rate or a schedule; default: the optimizer's `config.learningRate`. */
  learningRate?: number | Schedule;
  /** ReduceLROnPlateau or similar; needs a constant `learningRate`, as in Keras. */
  rateCallback?: AnyEpochEndRateCallback;
  /**
   * Called after every update with the batch's loss (taken before the update, as Keras logs it) and the
   * rate used; returning `true` stops the run with status `stopped` (Keras: `model.stop_training = True`).
   * The LR range test stops this way when its smoothed loss blows up.
   */
  onBatchEnd?: (step: number, batchLoss: number, learningRate: number) => boolean | undefined;
  /**
   * The data's sufficient statistics, if already computed (a sweep computes them once for all its rates).
   * They must be `linearStats(data)`; only used with MSE.
   */
  stats?: LinearStats;
  /** Points per update; default (and anything ≥ n): all of them, full-batch gradient descent. */
  batchSize?: number;
  /** Updates to run. Give `steps` or `epochs`, not both; default 100 steps. */
  steps?: number;
  /** Passes over the data; each is ceil(n / batchSize) updates. */
  epochs?: number;
  initialW?: number;
  initialB?: number;
  /** Seeds the per-epoch shuffles of mini-batches. */
  seed?: number;
  /** Stop as diverged once the loss exceeds this multiple of the starting loss (default 1e6). */
  divergeFactor?: number;
  /** Stop as converged once the full-data gradient norm is ≤ this. */
  tolerance?: number;
  /** Record every k-th step (always the first and the last); default: at most ~10,000 rows. */
  historyEvery?: number;
  /** Called now and then with the number of updates done and the total asked for. */
  onProgress?: (step: number, totalSteps: number) => void;
}

/**
 * `completed`: every update asked for ran; `converged`: the gradient norm fell within the tolerance;
 * `diverged`: the loss became non-finite or exceeded the divergence threshold; `stopped`: `onBatchEnd` said so.
 */
export type TrainStatus = "completed" | "converged" | "diverged" | "stopped";

export interface TrainResult {
  status: TrainStatus;
  /** The step at which the loss became non-finite or exceeded the divergence threshold, else null. */
  divergedAtStep: number | null;
  /** Updates actually applied. */
  steps: number;
  /** Updates asked for. */
  requestedSteps: number;
  batchSize: number;
  stepsPerEpoch: number;
  historyEvery: number;
  /** The last parameters and their loss on all the data. */
  final: { w: number; b: number; loss: number };
  history: History;
  /** The data's sufficient statistics, when the loss is MSE (else null). */
  stats: LinearStats | null;
}

/** The default number of steps when neither `steps` nor `epochs` is given. */
export const DEFAULT_STEPS = 100;
/** Histories are thinned to about this many rows unless `historyEvery` says otherwise. */
export const MAX_HISTORY_ROWS = 10_000;
/** Keras-free default: a loss a million times the starting loss has left any useful region. */
export const DEFAULT_DIVERGE_FACTOR = 1e6;

/**
 * The training options as a table (CLI flags and their validation come from it). `learningRate`,
 * `optimizer`, `loss` and the schedule are described by their own registries.
 */
export const trainParams = [
  {
    key: "steps",
    keras: "steps",
    flag: "steps",
    kind: "integer",
    min: 0,
    description: `updates to run (default: ${DEFAULT_STEPS}, unless --epochs is given)`,
  },
  {
    key: "epochs",
    keras: "epochs",
    flag: "epochs",
    kind: "integer",
    min: 0,
    description: "passes over the data",
  },
  {
    key: "batchSize",
    keras: "batch_size",
    flag: "batch-size",
    kind: "integer",
    min: 1,
    description: "points per update (default: all, full batch)",
  },
  {
    key: "initialW",
    keras: "w0",
    flag: "init-w",
    kind: "number",
    default: 0,
    description: "starting slope w",
  },
  {
    key: "initialB",
    keras: "b0",
    flag: "init-b",
    kind: "number",
    default: 0,
    description: "starting intercept b",
  },
  {
    key: "seed",
    keras: "seed",
    flag: "seed",
    kind: "integer",
    default: 0,
    description: "seed of the shuffles",
  },
  {
    key: "divergeFactor",
    keras: "diverge_factor",
    flag: "diverge-factor",
    kind: "number",
    default: DEFAULT_DIVERGE_FACTOR,
    min: 1,
    minExclusive: true,
    description: "stop as diverged when loss > this × the starting loss",
  },
  {
    key: "tolerance",
    keras: "tolerance",
    flag: "tolerance",
    kind: "number",
    min: 0,
    description: "stop as converged when the gradient norm is ≤ this",
  },
  {
    key: "historyEvery",
    keras: "history_every",
    flag: "history-every",
    kind: "integer",
    min: 1,
    description: "record every k-th step (default: at most ~10,000 rows)",
  },
  {
    key: "huberDelta",
    keras: "delta",
    flag: "delta",
    kind: "number",
    default: DEFAULT_HUBER_DELTA,
    min: 0,
    minExclusive: true,
    description: "Huber loss delta",
  },
] as const satisfies readonly NumberParam[];

type NumericTrainOption = (typeof trainParams)[number]["key"];

/** Validates the numeric options against {@link trainParams}; `nameOf` names them in errors (e.g. as flags). */
function checkNumericOptions(
  options: TrainOptions,
  nameOf: (spec: ParamSpec) => string = (spec) => spec.key,
): Record<NumericTrainOption, number | undefined> {
  const checked = {} as Record<NumericTrainOption, number | undefined>;
  for (const spec of trainParams) {
    const value = options[spec.key] ?? ("default" in spec ? spec.default : undefined);
    checked[spec.key] = value === undefined ? undefined : (checkParam(spec, value, nameOf(spec)) as number);
  }
  return checked;
}

/** Fits y = w·x + b to `data`. Pure: same data and options, same result, on every platform. */
export function train(
  data: Dataset,
  options: TrainOptions = {},
  nameOf?: (spec: ParamSpec) => string,
): TrainResult {
  const { x, y } = data;
  const n = x.length;
  if (n === 0 || y.length !== n) {
    throw new LrlabError("E_BAD_DATA", `${data.source}: expected equally long, non-empty x and y`);
  }
  const checked = checkNumericOptions(options, nameOf);
  const loss = checkLossName(options.loss ?? "mse");
  const optimizer = options.optimizer ?? sgd();
  const batchSize = Math.min(checked.batchSize ?? n, n);
  const fullBatch = batchSize === n;
  const stepsPerEpoch = Math.ceil(n / batchSize);
  if (checked.steps !== undefined && checked.epochs !== undefined) {
    const [stepsName, epochsName] = trainParams.slice(0, 2).map((spec) => (nameOf ? nameOf(spec) : spec.key));
    throw new LrlabError("E_USAGE", `${stepsName} and ${epochsName}: give one or the other, not both`);
  }
  const totalSteps =
    checked.steps ?? (checked.epochs !== undefined ? checked.epochs * stepsPerEpoch : DEFAULT_STEPS);
  const historyEvery = checked.historyEvery ?? Math.max(1, Math.ceil(totalSteps / MAX_HISTORY_ROWS));
  const divergeFactor = checked.divergeFactor as number;
  const tolerance = checked.tolerance;

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

  const stats = loss === "mse" ? (options.stats ?? linearStats(data)) : null;
  const kernel: BatchKernel = batchKernel(loss, checked.huberDelta);
  // The visiting order of the points; full-batch MSE never visits them, so it needs none.
  const order = new Uint32Array(stats && fullBatch ? 0 : n);
  for (let i = 0; i < order.length; i++) order[i] = i;
  const random = createRandom(checked.seed as number);
  const params = new Float64Array([checked.initialW as number, checked.initialB as number]);
  const grad = new Float64Array(2);
  const fullGrad = new Float64Array(2);
  const state: OptimizerState = optimizer.init(2);
  const recorder = createHistoryRecorder(Math.floor(totalSteps / historyEvery) + 2);
  const progressEvery = Math.max(1, Math.floor(totalSteps / 100));

  // The loss (and gradient, into fullGrad) on all the data: O(1) for MSE, one pass otherwise.
  const fullLossAndGradient = (w: number, b: number): number => {
    if (stats) return mseLossAndGradientAt(stats, w, b, fullGrad);
    return kernel(x, y, order, 0, n, w, b, fullGrad);
  };
  // For mini-batch MAE and Huber a full-data loss costs a pass, so it is taken on recorded steps only.
  const fullLossEveryStep = fullBatch || stats !== null;

  let startingLoss = Number.NaN;
  let divergenceThreshold = Number.POSITIVE_INFINITY;
  let status: TrainStatus = "completed";
  let divergedAtStep: number | null = null;
  let epochLossSum = 0;
  let step = 0;
  let currentLoss = Number.NaN;

  for (; ; step++) {
    const w = params[0] as number;
    const b = params[1] as number;
    const epoch = Math.floor(step / stepsPerEpoch);
    const isLast = step === totalSteps;
    const recordDue = step % historyEvery === 0 || isLast;
    const learningRate = rateAt(step);
    const lossKnown = fullLossEveryStep || recordDue;
    if (lossKnown) currentLoss = fullLossAndGradient(w, b);
    if (step === 0) {
      startingLoss = currentLoss;
      divergenceThreshold = startingLoss > 0 ? divergeFactor * startingLoss : Number.POSITIVE_INFINITY;
    }

    const blownUp =
      !Number.isFinite(w) ||
      !Number.isFinite(b) ||
      (lossKnown && !(currentLoss <= divergenceThreshold)) ||
      !Number.isFinite(learningRate);
    if (blownUp) {
      status = "diverged";
      divergedAtStep = step;
      recorder.record(step, epoch, learningRate, lossKnown ? currentLoss : Number.NaN, w, b);
      break;
    }
    if (
      tolerance !== undefined &&
      lossKnown &&
      Math.hypot(fullGrad[0] as number, fullGrad[1] as number) <= tolerance
    ) {
      status = "converged";
      recorder.record(step, epoch, learningRate, currentLoss, w, b);
      break;
    }
    if (isLast) {
      recorder.record(step, epoch, learningRate, currentLoss, w, b);
      break;
    }
    if (recordDue) recorder.record(step, epoch, learningRate, currentLoss, w, b);
    if (options.onProgress && step % progressEvery === 0) options.onProgress(step, totalSteps);

    // One update on this step's batch.
    let batchLoss = currentLoss;
    let batchStart = 0;
    let batchEnd = n;
    if (fullBatch) {
      grad[0] = fullGrad[0] as number;
      grad[1] = fullGrad[1] as number;
    } else {
      const indexInEpoch = step - epoch * stepsPerEpoch;
      if (indexInEpoch === 0) shuffleInPlace(order, random);
      batchStart = indexInEpoch * batchSize;
      batchEnd = Math.min(batchStart + batchSize, n);
      batchLoss = kernel(x, y, order, batchStart, batchEnd, w, b, grad);
    }
    optimizer.apply(params, grad, state, learningRate);

    if (options.onBatchEnd?.(step, batchLoss, learningRate) === true) {
      status = "stopped";
      step++;
      const w1 = params[0] as number;
      const b1 = params[1] as number;
      const lossAfter = fullLossAndGradient(w1, b1);
      recorder.record(step, Math.floor(step / stepsPerEpoch), rateAt(step), lossAfter, w1, b1);
      break;
    }
    if (rateCallback) {
      epochLossSum += batchLoss * (batchEnd - batchStart);
      if (batchEnd === n) {
        plateauRate = rateCallback.onEpochEnd(callbackState as never, epochLossSum / n, plateauRate);
        epochLossSum = 0;
      }
    }
  }
  options.onProgress?.(step, totalSteps);

  const history = recorder.finish();
  const last = history.length - 1;
  return {
    status,
    divergedAtStep,
    steps: step,
    requestedSteps: totalSteps,
    batchSize,
    stepsPerEpoch,
    historyEvery,
    final: { w: history.w[last] as number, b: history.b[last] as number, loss: history.loss[last] as number },
    history,
    stats,
  };
}
