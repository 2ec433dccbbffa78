/**
 * What the training loop can be asked: the options' types, their defaults, and the table that describes
 * and validates the numeric ones (CLI flags come from it too). The loop itself is train.ts.
 */

import type { LinearStats } from "../data/stats.js";
import { DEFAULT_HUBER_DELTA, type LossName } from "../models/losses.js";
import type { Optimizer } from "../optimizers/optimizer.js";
import { checkParam, type NumberParam, type ParamSpec } from "../params.js";
import { MAX_SEED } from "../random.js";
import type { Schedule } from "../schedules/schedule.js";

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
  /**
   * The loss gap L − L* that counts as "there" for `dynamics.reachedAt` (MSE); default the closeness gap of
   * closeness.ts. Does not stop the run.
   */
  closeGap?: number;
  /** Record every k-th step (always the first and the last); default: at most ~10,000 rows. */
  historyEvery?: number;
  /** Called now and then with the number of updates done and the total asked for. */
  onProgress?: (step: number, totalSteps: number) => void;
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
    min: 0,
    max: MAX_SEED,
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
export function checkNumericOptions(
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
