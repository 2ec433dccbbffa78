/**
 * The LR range test (Smith, "Cyclical Learning Rates for Training Neural Networks", arXiv:1506.01186
 * §3.3), with the semantics of fastai v2's `Learner.lr_find` and `LRFinder` (fastai/callback/schedule.py):
 *
 * - the rate of iteration i is `start·(end/start)^(i/numIt)` (`SchedExp` at `pos = train_iter/num_it`),
 *   for i = 0 … numIt − 1, so the last rate is one step short of `end`; `linear` uses `SchedLin`,
 *   `start + (i/numIt)·(end − start)`;
 * - each iteration's loss is the batch loss computed before its update, smoothed as fastai's
 *   `AvgSmoothLoss`: `val = torch.lerp(loss, val, β)`, reported as `val / (1 − β^count)`;
 * - it stops once the smoothed loss exceeds 4× the smallest so far (`stop_div=True`), and here also on a
 *   NaN, which fastai's `>` comparison lets through;
 * - the suggestions are fastai's, on the smoothed curve (see lr-suggestions.ts).
 *
 * The batches are lrlab's (Keras `fit(shuffle=True)`): reshuffled every epoch, and the last batch of an
 * epoch keeps the remainder, where fastai's training loader drops it (`drop_last=True`).
 *
 * It is a pure function: it starts from `initialW`, `initialB` and a fresh optimizer state, and leaves the
 * data, the optimizer and the options as it found them; nothing needs restoring afterwards (fastai saves
 * and reloads the model, torch-lr-finder asks the user to reset it). The training loop is `train` itself,
 * with the ramp as its schedule and `onBatchEnd` to record and stop (or `trainModel`, for a model beyond the
 * line, with the same two).
 */
import type { Dataset } from "../data/data.js";
import { LrlabError } from "../errors.js";
import type { PreparedModel } from "../models/model-spec.js";
import { checkParam, type NumberParam, type ParamSpec } from "../params.js";
import type { Schedule } from "../schedules/schedule.js";
import { type TrainOptions, train } from "../training/train.js";
import { trainModel } from "../training/train-model.js";
import { type LrSuggestions, suggestLearningRates } from "./lr-suggestions.js";
import { type LagCorrectedSteep, lagCorrectedSteep } from "./smoothing-lag.js";

/** The training options that keep their meaning in a range test (the ramp replaces rate and length). */
export type RangeTestTrainOptions = Pick<
  TrainOptions,
  "loss" | "huberDelta" | "optimizer" | "stats" | "batchSize" | "initialW" | "initialB" | "seed"
>;

export interface RangeTestOptions extends RangeTestTrainOptions {
  /** The first rate of the ramp (fastai `start_lr=1e-7`). */
  startLearningRate?: number;
  /** Where the ramp heads (fastai `end_lr=10`); the last rate is start·(end/start)^((numIt−1)/numIt). */
  endLearningRate?: number;
  /** Iterations, i.e. mini-batches (fastai `num_it=100`); at least 6, fastai's floor. */
  numIterations?: number;
  /** `exponential` (fastai's `SchedExp`) or `linear` (`SchedLin`). */
  mode?: RampMode;
  /** β of the smoothed loss (fastai `Recorder(beta=0.98)`). */
  smoothing?: number;
  /** Stop once the smoothed loss exceeds this multiple of its minimum (fastai: 4). */
  divergeThreshold?: number;
  /** Points per iteration; default 32 (fastai's data loaders default to 64). */
  batchSize?: number;
  /**
   * A model beyond the line (models/model-spec.ts) and its starting weights: the test then trains it with
   * `trainModel` instead of the line's `train`, with the same ramp, smoothing and stopping rule. `data` is
   * then only the source of its inputs.
   */
  model?: { readonly prepared: PreparedModel; readonly initial: Float64Array };
}

export type RampMode = "exponential" | "linear";

/** Why the test ended. */
export type RangeTestStop = "completed" | "diverged";

export interface RangeTestResult {
  /** The rate of each iteration. */
  readonly learningRates: Float64Array;
  /** Each iteration's batch loss, taken before its update (as fastai's `learn.loss`). */
  readonly losses: Float64Array;
  /** The bias-corrected moving average of `losses`, what fastai records and plots. */
  readonly smoothedLosses: Float64Array;
  /** Iterations run (the length of the arrays). */
  readonly iterations: number;
  readonly requestedIterations: number;
  /** `diverged`: the smoothed loss passed the threshold, turned NaN, or the parameters overflowed. */
  readonly stop: RangeTestStop;
  /** Whether a blow-up stopped the test (`stop` is `diverged`), even at its last iteration. */
  readonly stoppedEarly: boolean;
  /** The smallest smoothed loss seen, and its iteration. */
  readonly bestSmoothedLoss: number;
  readonly bestIteration: number;
  readonly batchSize: number;
  readonly stepsPerEpoch: number;
  readonly suggestions: LrSuggestions;
  /** fastai's default suggestion, `valley`; `null` only when no finite loss was recorded. */
  readonly suggested: number | null;
  /** `steep` moved back by the smoothing's lag (smoothing-lag.ts): where the batch losses fell fastest. */
  readonly steepLagCorrected: LagCorrectedSteep | null;
}

/** fastai's `lr_find` defaults; the batch size is lrlab's (the issue asks for 32). */
export const RANGE_TEST_DEFAULTS = {
  startLearningRate: 1e-7,
  endLearningRate: 10,
  numIterations: 100,
  smoothing: 0.98,
  divergeThreshold: 4,
  batchSize: 32,
} as const;

/** fastai's `LRFinder`: `if num_it < 6: num_it = 6`; lrlab refuses fewer rather than raising it silently. */
export const MIN_RANGE_TEST_ITERATIONS = 6;

/** The range test's own arguments as a table (CLI flags and validation come from it). */
export const rangeTestParams = [
  {
    key: "startLearningRate",
    keras: "start_lr",
    flag: "start-lr",
    kind: "number",
    default: RANGE_TEST_DEFAULTS.startLearningRate,
    min: 0,
    minExclusive: true,
    description: "the first rate of the ramp",
  },
  {
    key: "endLearningRate",
    keras: "end_lr",
    flag: "end-lr",
    kind: "number",
    default: RANGE_TEST_DEFAULTS.endLearningRate,
    min: 0,
    minExclusive: true,
    description: "the rate the ramp heads for, above the first rate",
  },
  {
    key: "numIterations",
    keras: "num_it",
    flag: "num-it",
    kind: "integer",
    default: RANGE_TEST_DEFAULTS.numIterations,
    min: MIN_RANGE_TEST_ITERATIONS,
    description: "iterations (mini-batches) of the ramp",
  },
  {
    key: "smoothing",
    keras: "beta",
    flag: "smoothing",
    kind: "number",
    default: RANGE_TEST_DEFAULTS.smoothing,
    min: 0,
    max: 1,
    maxExclusive: true,
    description: "β of the loss's moving average, bias-corrected",
  },
  {
    key: "divergeThreshold",
    keras: "diverge_threshold",
    flag: "diverge-threshold",
    kind: "number",
    default: RANGE_TEST_DEFAULTS.divergeThreshold,
    min: 1,
    minExclusive: true,
    description: "stop once the smoothed loss exceeds this × its lowest so far",
  },
] as const satisfies readonly NumberParam[];

/**
 * The ramp as a schedule: the rate of iteration `step`, `pos = step/numIt` (fastai's
 * `before_batch: self._update_val(self.train_iter/self.num_it)`).
 */
export function rangeTestSchedule(
  startLearningRate: number,
  endLearningRate: number,
  numIterations: number,
  mode: RampMode = "exponential",
): Schedule {
  if (mode === "linear") {
    // fastai sched_lin: start + pos*(end-start)
    return (step) => startLearningRate + (step / numIterations) * (endLearningRate - startLearningRate);
  }
  // fastai sched_exp: start * (end/start) ** pos
  return (step) => startLearningRate * (endLearningRate / startLearningRate) ** (step / numIterations);
}

/**
 * torch.lerp(start, end, weight) as ATen computes it: `start + weight·(end − start)` for |weight| < 0.5,
 * else `end − (end − start)·(1 − weight)`. fastai's smoothing is `lerp(loss, val, β)`.
 */
export function torchLerp(start: number, end: number, weight: number): number {
  return Math.abs(weight) < 0.5 ? start + weight * (end - start) : end - (end - start) * (1 - weight);
}

/**
 * fastai's `AvgSmoothLoss` over a sequence of losses: `val = torch.lerp(loss, val, β)`, each reported
 * bias-corrected as `val / (1 − β^count)`. (The range test applies the same two lines as it goes.)
 */
export function smoothLosses(
  losses: ArrayLike<number>,
  beta: number = RANGE_TEST_DEFAULTS.smoothing,
): Float64Array {
  const smoothed = new Float64Array(losses.length);
  let average = 0;
  for (let i = 0; i < losses.length; i++) {
    average = torchLerp(losses[i] as number, average, beta);
    smoothed[i] = average / (1 - beta ** (i + 1));
  }
  return smoothed;
}

type NumericKey = (typeof rangeTestParams)[number]["key"];

/** Runs the LR range test on `data`. Pure: same data and options, same result. */
export function rangeTest(
  data: Dataset,
  options: RangeTestOptions = {},
  nameOf: (spec: ParamSpec) => string = (spec) => spec.key,
): RangeTestResult {
  const checked = {} as Record<NumericKey, number>;
  for (const spec of rangeTestParams) {
    checked[spec.key] = checkParam(spec, options[spec.key] ?? spec.default, nameOf(spec)) as number;
  }
  const { startLearningRate, endLearningRate, numIterations, smoothing, divergeThreshold } = checked;
  if (!(endLearningRate > startLearningRate)) {
    const [startSpec, endSpec] = rangeTestParams;
    throw new LrlabError(
      "E_BAD_ARGUMENT",
      `${nameOf(endSpec)}: expected a rate above ${nameOf(startSpec)} (${startLearningRate}), got ${endLearningRate}`,
    );
  }
  const mode = options.mode ?? "exponential";
  if (mode !== "exponential" && mode !== "linear") {
    throw new LrlabError("E_BAD_ARGUMENT", `mode: expected exponential or linear, got ${String(mode)}`);
  }

  const learningRates = new Float64Array(numIterations);
  const losses = new Float64Array(numIterations);
  const smoothedLosses = new Float64Array(numIterations);
  let count = 0;
  let average = 0;
  let best = Number.POSITIVE_INFINITY;
  let bestIteration = -1;
  let diverged = false;

  const trainOptions: TrainOptions = {
    ...pickTrainOptions(options),
    batchSize: options.batchSize ?? RANGE_TEST_DEFAULTS.batchSize,
    learningRate: rangeTestSchedule(startLearningRate, endLearningRate, numIterations, mode),
    steps: numIterations,
    // The range test has its own stopping rule; the loop's guard is left for overflowing parameters only.
    divergeFactor: Number.MAX_VALUE,
    // Only the batch losses matter: no full-data loss on every step for MAE and Huber.
    historyEvery: numIterations,
    onBatchEnd: (step, batchLoss, learningRate) => {
      learningRates[step] = learningRate;
      losses[step] = batchLoss;
      count++;
      average = torchLerp(batchLoss, average, smoothing);
      const smoothed = average / (1 - smoothing ** count);
      smoothedLosses[step] = smoothed;
      // fastai LRFinder.after_batch:
      //   if self.smooth_loss < self.best_loss: self.best_loss = self.smooth_loss
      //   if self.smooth_loss > 4*self.best_loss and self.stop_div: raise CancelFitException()
      if (smoothed < best) {
        best = smoothed;
        bestIteration = step;
      }
      if (Number.isNaN(smoothed) || smoothed > divergeThreshold * best) {
        diverged = true;
        return true;
      }
      return false;
    },
  };
  const run = options.model
    ? trainModel(options.model.prepared, {
        initial: options.model.initial,
        ...(trainOptions.optimizer ? { optimizer: trainOptions.optimizer } : {}),
        ...(trainOptions.seed !== undefined ? { seed: trainOptions.seed } : {}),
        batchSize: trainOptions.batchSize as number,
        learningRate: trainOptions.learningRate as Schedule,
        steps: numIterations,
        divergeFactor: Number.MAX_VALUE,
        historyEvery: numIterations,
        onBatchEnd: trainOptions.onBatchEnd as NonNullable<TrainOptions["onBatchEnd"]>,
      })
    : train(data, trainOptions, nameOf);
  // A run that overflowed its parameters stops as `diverged` before reporting that batch.
  if (run.status === "diverged") diverged = true;
  const iterations = count;
  const curve = {
    learningRates: learningRates.slice(0, iterations),
    losses: losses.slice(0, iterations),
    smoothedLosses: smoothedLosses.slice(0, iterations),
  };
  // Stopped by a blow-up, at any iteration: a ramp stopped at its last iteration has blown up too.
  const stoppedEarly = diverged || iterations < numIterations;
  const suggestions = suggestLearningRates(curve.learningRates, curve.smoothedLosses, {
    numIt: numIterations,
    stoppedEarly,
  });
  return {
    ...curve,
    iterations,
    requestedIterations: numIterations,
    stop: diverged ? "diverged" : "completed",
    stoppedEarly,
    bestSmoothedLoss: best,
    bestIteration,
    batchSize: run.batchSize,
    stepsPerEpoch: run.stepsPerEpoch,
    suggestions,
    suggested: suggestions.valley?.learningRate ?? null,
    steepLagCorrected: lagCorrectedSteep(curve.learningRates, suggestions.steep, smoothing),
  };
}

/** Only the training options a range test passes on, so a stray `steps` or `schedule` cannot slip in. */
export function pickTrainOptions(options: RangeTestOptions): RangeTestTrainOptions {
  const picked: RangeTestTrainOptions = {};
  if (options.loss !== undefined) picked.loss = options.loss;
  if (options.huberDelta !== undefined) picked.huberDelta = options.huberDelta;
  if (options.optimizer !== undefined) picked.optimizer = options.optimizer;
  if (options.stats !== undefined) picked.stats = options.stats;
  if (options.initialW !== undefined) picked.initialW = options.initialW;
  if (options.initialB !== undefined) picked.initialB = options.initialB;
  if (options.seed !== undefined) picked.seed = options.seed;
  return picked;
}
