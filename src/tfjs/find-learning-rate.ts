/**
 * `findLearningRate(model, x, y, options)`: the LR range test of `lrlab find-lr` on any compiled
 * `tf.LayersModel`, with fastai's `lr_find` semantics and the core's own pieces, not copies of them:
 * the ramp is the core's `rangeTestSchedule`, the smoothing its `smoothLosses` (fastai's `AvgSmoothLoss`,
 * β = 0.98, bias-corrected), the suggestions its `suggestLearningRates` (valley, steep, minimum, slide
 * on the window `[numIt//10 : −5]`), the arguments checked against its `rangeTestParams`.
 *
 * Iteration i sets the rate `start·(end/start)^(i/numIt)` and runs `model.trainOnBatch` on the i-th
 * mini-batch; the loss it returns is the batch's loss before the update, as fastai records. The batches
 * are the core's: `batchSize` rows in an order reshuffled at the start of every epoch by the core's seeded
 * generator (the last batch of an epoch keeps the remainder), so the same seed gives the same batches as
 * `lrlab find-lr`. The test stops once the smoothed loss passes `divergeThreshold` × its minimum or turns
 * NaN (fastai's `stop_div`).
 *
 * Like the core's range test, it starts from a fresh optimizer state: it trains with a new optimizer of
 * the model's optimizer's class and configuration (`fromConfig(getConfig())`) swapped in for the test, so
 * the model's own optimizer (its slots, its update counter, its rate) is never touched. The model's
 * weights, trainable or not (batch-norm statistics too), are copied before and written back after,
 * exactly, even if the test throws.
 */
import * as tf from "@tensorflow/tfjs";
import { type LrSuggestions, suggestLearningRates } from "../core/choosing/lr-suggestions.js";
import {
  RANGE_TEST_DEFAULTS,
  type RampMode,
  type RangeTestStop,
  rangeTestParams,
  rangeTestSchedule,
  smoothLosses,
} from "../core/choosing/range-test.js";
import { type LagCorrectedSteep, lagCorrectedSteep } from "../core/choosing/smoothing-lag.js";
import {
  type SuggestionCheck,
  type SuggestionTrial,
  suggestionTrials,
  summarizeSuggestionCheck,
  type TrialOutcome,
} from "../core/choosing/suggestion-check.js";
import { LrlabError } from "../core/errors.js";
import { checkParam, type NumberParam } from "../core/params.js";
import { createRandom, shuffleInPlace } from "../core/random.js";
import { trainParams } from "../core/training/train-options.js";
import { optimizerOf, rateAccessOf, setLearningRate } from "./learning-rate.js";
import { checkOptionNames, checkValidateOptions } from "./validate-options.js";

export interface FindLearningRateOptions {
  /** The first rate of the ramp (fastai `start_lr=1e-7`). */
  startLr?: number;
  /** Where the ramp heads (fastai `end_lr=10`); the last rate is start·(end/start)^((numIt−1)/numIt). */
  endLr?: number;
  /** Iterations, i.e. mini-batches (fastai `num_it=100`); at least 6. */
  numIt?: number;
  /** Rows per iteration (default 32, as `model.fit`). */
  batchSize?: number;
  /** `exponential` (fastai `SchedExp`) or `linear` (`SchedLin`). */
  mode?: RampMode;
  /** β of the smoothed loss (fastai `Recorder(beta=0.98)`). */
  beta?: number;
  /** Stop once the smoothed loss exceeds this multiple of its minimum (fastai: 4). */
  divergeThreshold?: number;
  /** Stop on divergence at all (fastai `stop_div=True`). */
  stopDiv?: boolean;
  /** Reshuffle the rows every epoch (as `model.fit`'s `shuffle: true`); default true. */
  shuffle?: boolean;
  /** Seeds the shuffles (lrlab's generator; the same seed, the same batches everywhere). */
  seed?: number;
  /**
   * Check the suggestion (core suggestion-check.ts): after the test, train briefly from the same start at
   * ¼×, ½×, 1×, 2× and 4× the valley, over 3 seeds each (`seed` and the two after it), and rank the
   * multiples by the loss they end on (on `validationData` when given). `true` for the defaults, or the
   * multiples, seeds and updates per run (default `numIt`).
   */
  validate?: boolean | { multipliers?: readonly number[]; seeds?: number; steps?: number };
  /** Held-out `[x, y]` the brief runs of `validate` are judged on; default the training data. */
  validationData?: [tf.Tensor | tf.Tensor[], tf.Tensor | tf.Tensor[]];
}

export interface FindLearningRateResult {
  /** The rate, the batch loss and the smoothed loss of each iteration run. */
  readonly curve: {
    readonly learningRates: Float64Array;
    readonly losses: Float64Array;
    readonly smoothedLosses: Float64Array;
  };
  /** fastai's four suggestions on the smoothed curve, with the window used and any notes. */
  readonly suggestions: LrSuggestions;
  /** fastai's default, the valley; `null` when there is nothing to suggest, and `suggestions.nothingBecause` says why. */
  readonly suggested: number | null;
  readonly iterations: number;
  readonly requestedIterations: number;
  /** `diverged`: the smoothed loss passed the threshold or turned NaN. */
  readonly stop: RangeTestStop;
  readonly stoppedEarly: boolean;
  readonly bestSmoothedLoss: number;
  readonly bestIteration: number;
  readonly batchSize: number;
  readonly stepsPerEpoch: number;
  /** `steep` moved back by the smoothing's lag (core smoothing-lag.ts), or null. */
  readonly steepLagCorrected: LagCorrectedSteep | null;
  /**
   * With `validate`: where the suggestion ranks among its multiples, and the spread over seeds. Null without
   * `validate`, or when there was no suggestion to check (`suggestions.nothingBecause` says why).
   */
  readonly validation:
    | (SuggestionCheck & { readonly steps: number; readonly on: "training" | "validation" })
    | null;
}

const WHO = "findLearningRate";

/** Each numeric option, its name here and the core's spec that checks it and gives its default. */
const NUMERIC_OPTIONS = [
  ["startLr", "startLearningRate"],
  ["endLr", "endLearningRate"],
  ["numIt", "numIterations"],
  ["beta", "smoothing"],
  ["divergeThreshold", "divergeThreshold"],
] as const;

/** Every option `findLearningRate` takes: any other name is refused (it was silently ignored). */
const FIND_LEARNING_RATE_OPTIONS = [
  ...NUMERIC_OPTIONS.map(([name]) => name),
  "batchSize",
  "mode",
  "stopDiv",
  "shuffle",
  "seed",
  "validate",
  "validationData",
] as const satisfies readonly (keyof FindLearningRateOptions)[];

/** The core's (and the CLI JSON's) name of each numeric option, e.g. `ramp.startLearningRate`, → its name here. */
const CORE_NAMES: Readonly<Record<string, string>> = Object.fromEntries(
  NUMERIC_OPTIONS.filter(([name, key]) => name !== key).map(([name, key]) => [key, name]),
);

const BATCH_SIZE_SPEC: NumberParam = {
  key: "batchSize",
  keras: "batch_size",
  flag: "batch-size",
  kind: "integer",
  default: RANGE_TEST_DEFAULTS.batchSize,
  min: 1,
  description: "rows per iteration",
};
/** The core's own spec for the seed of the shuffles, so both check it alike. */
const SEED_SPEC = trainParams.find((spec) => spec.key === "seed") as NumberParam;

/**
 * Runs the LR range test on a compiled model and returns the curve and fastai's suggestions; the model's
 * weights and optimizer are as they were afterwards.
 *
 *     const { suggested, suggestions } = await findLearningRate(model, xs, ys, { numIt: 100 });
 */
export async function findLearningRate(
  model: tf.LayersModel,
  x: tf.Tensor | tf.Tensor[],
  y: tf.Tensor | tf.Tensor[],
  options: FindLearningRateOptions = {},
): Promise<FindLearningRateResult> {
  checkOptionNames(options, FIND_LEARNING_RATE_OPTIONS, WHO, { aliases: CORE_NAMES });
  const checked = checkOptions(options);
  checkValidateOptions(options.validate, options.validationData, WHO);
  const { startLr, endLr, numIt, beta, divergeThreshold, batchSize, seed } = checked;
  const original = optimizerOf(model, WHO);
  rateAccessOf(original);
  const inputs = Array.isArray(x) ? x : [x];
  const targets = Array.isArray(y) ? y : [y];
  const n = rowsOf([...inputs, ...targets]);
  const stepsPerEpoch = Math.ceil(n / Math.min(batchSize, n));
  const ramp = rangeTestSchedule(startLr, endLr, numIt, checked.mode);

  const savedWeights = await copyWeights(model);
  const owned = (model as unknown as { isOptimizerOwned?: unknown }).isOptimizerOwned;
  const optimizer = freshOptimizer(original);
  model.optimizer = optimizer;

  const learningRates: number[] = [];
  const losses: number[] = [];
  let iterations = 0;
  let curve: FindLearningRateResult["curve"] | null = null;
  let suggestions: LrSuggestions | null = null;
  let testOptimizerDisposed = false;
  let validation: FindLearningRateResult["validation"] = null;
  let smoothed: Float64Array = new Float64Array(0);
  let best = Number.POSITIVE_INFINITY;
  let bestIteration = -1;
  let diverged = false;
  try {
    await trainInBatches(
      model,
      { inputs, targets, n, stepsPerEpoch },
      { ...checked, seed, steps: numIt },
      {
        before: (step) => setLearningRate(optimizer, ramp(step), WHO),
        after: (step, loss) => {
          learningRates.push(ramp(step));
          losses.push(loss);
          smoothed = smoothLosses(losses, beta);
          const current = smoothed[step] as number;
          // fastai LRFinder.after_batch:
          //   if self.smooth_loss < self.best_loss: self.best_loss = self.smooth_loss
          //   if self.smooth_loss > 4*self.best_loss and self.stop_div: raise CancelFitException()
          if (current < best) {
            best = current;
            bestIteration = step;
          }
          if (checked.stopDiv && (Number.isNaN(current) || current > divergeThreshold * best)) {
            diverged = true;
            return true;
          }
          return false;
        },
      },
    );
    // The brief runs of `validate` each make their own optimizer; the test's is done with.
    disposeOptimizer(optimizer);
    testOptimizerDisposed = true;
    iterations = losses.length;
    curve = {
      learningRates: Float64Array.from(learningRates),
      losses: Float64Array.from(losses),
      smoothedLosses: smoothed,
    };
    suggestions = suggestLearningRates(curve.learningRates, curve.smoothedLosses, {
      numIt,
      stoppedEarly: diverged || iterations < numIt,
    });
    const suggested = suggestions.valley?.learningRate ?? null;
    if (options.validate && suggested !== null) {
      const settings = options.validate === true ? {} : options.validate;
      const steps = settings.steps ?? numIt;
      const trials = suggestionTrials(suggested, { ...settings, seed });
      const outcomes: TrialOutcome[] = [];
      const judgedOn = options.validationData ?? [x, y];
      for (const trial of trials) {
        outcomes.push(
          await briefRun(
            model,
            original,
            savedWeights,
            { inputs, targets, n, stepsPerEpoch },
            checked,
            trial,
            steps,
            judgedOn,
          ),
        );
      }
      validation = {
        ...summarizeSuggestionCheck(suggested, trials, outcomes),
        steps,
        on: options.validationData ? "validation" : "training",
      };
    }
  } finally {
    model.optimizer = original;
    if (typeof owned === "boolean")
      (model as unknown as { isOptimizerOwned: boolean }).isOptimizerOwned = owned;
    if (!testOptimizerDisposed) disposeOptimizer(optimizer);
    model.setWeights(savedWeights);
    tf.dispose(savedWeights);
  }

  const stoppedEarly = diverged || iterations < numIt;
  // Both are set at the end of the try block, which either completes or throws past this point.
  const ranCurve = curve as unknown as FindLearningRateResult["curve"];
  const ranSuggestions = suggestions as unknown as LrSuggestions;
  return {
    curve: ranCurve,
    suggestions: ranSuggestions,
    suggested: ranSuggestions.valley?.learningRate ?? null,
    iterations,
    requestedIterations: numIt,
    stop: diverged ? "diverged" : "completed",
    stoppedEarly,
    bestSmoothedLoss: best,
    bestIteration,
    batchSize: Math.min(batchSize, n),
    stepsPerEpoch,
    steepLagCorrected: lagCorrectedSteep(ranCurve.learningRates, ranSuggestions.steep, beta),
    validation,
  };
}

/**
 * One brief run of `validate`: from the saved start, with a fresh optimizer of the model's class at the
 * trial's constant rate, `steps` updates on the test's batches (shuffled by the trial's seed), then the
 * compiled loss on `judgedOn`. A non-finite batch loss ends it as diverged.
 */
async function briefRun(
  model: tf.LayersModel,
  original: tf.Optimizer,
  start: readonly tf.Tensor[],
  data: { inputs: readonly tf.Tensor[]; targets: readonly tf.Tensor[]; n: number; stepsPerEpoch: number },
  checked: CheckedOptions,
  trial: SuggestionTrial,
  steps: number,
  judgedOn: [tf.Tensor | tf.Tensor[], tf.Tensor | tf.Tensor[]],
): Promise<TrialOutcome> {
  model.setWeights([...start]);
  const optimizer = freshOptimizer(original);
  model.optimizer = optimizer;
  try {
    setLearningRate(optimizer, trial.learningRate, WHO);
    let blewUp = false;
    await trainInBatches(
      model,
      data,
      { ...checked, seed: trial.seed, steps },
      {
        after: (_step, loss) => {
          blewUp = !Number.isFinite(loss);
          return blewUp;
        },
      },
    );
    if (blewUp) return { loss: Number.NaN, diverged: true };
    const evaluated = model.evaluate(judgedOn[0], judgedOn[1], {
      batchSize: Math.max(checked.batchSize, 256),
    });
    const scalars = Array.isArray(evaluated) ? evaluated : [evaluated];
    const loss = ((await (scalars[0] as tf.Scalar).data())[0] as number) ?? Number.NaN;
    tf.dispose(scalars);
    return { loss, diverged: !Number.isFinite(loss) };
  } finally {
    model.optimizer = original;
    disposeOptimizer(optimizer);
  }
}

/**
 * The batch loop the range test and each brief run of `validate` share: `steps` updates on the rows in
 * batches of `batchSize` (the last keeps the remainder), reshuffled by the seeded generator at the start of
 * each epoch when `shuffle`. `before(step)` runs before update `step` (to set its rate), `after(step,
 * loss)` after it with the batch's loss; `after` returning true stops the loop.
 */
async function trainInBatches(
  model: tf.LayersModel,
  data: { inputs: readonly tf.Tensor[]; targets: readonly tf.Tensor[]; n: number; stepsPerEpoch: number },
  loop: { batchSize: number; shuffle: boolean; seed: number; steps: number },
  hooks: { before?: (step: number) => void; after: (step: number, loss: number) => boolean },
): Promise<void> {
  const order = new Uint32Array(data.n);
  for (let i = 0; i < data.n; i++) order[i] = i;
  const random = createRandom(loop.seed);
  for (let step = 0; step < loop.steps; step++) {
    const indexInEpoch = step % data.stepsPerEpoch;
    if (indexInEpoch === 0 && loop.shuffle) shuffleInPlace(order, random);
    const from = indexInEpoch * loop.batchSize;
    const rows = order.subarray(from, Math.min(from + loop.batchSize, data.n));
    hooks.before?.(step);
    const loss = await trainOnRows(model, data.inputs, data.targets, rows);
    if (hooks.after(step, loss)) return;
  }
}

interface CheckedOptions {
  startLr: number;
  endLr: number;
  numIt: number;
  beta: number;
  divergeThreshold: number;
  batchSize: number;
  seed: number;
  mode: RampMode;
  stopDiv: boolean;
  shuffle: boolean;
}

function checkOptions(options: FindLearningRateOptions): CheckedOptions {
  const number = (spec: NumberParam, value: unknown, name: string) =>
    checkParam(spec, value ?? spec.default, `${WHO}: ${name}`) as number;
  const checked = {} as Record<(typeof NUMERIC_OPTIONS)[number][0], number>;
  for (const [name, key] of NUMERIC_OPTIONS) {
    const spec = rangeTestParams.find((candidate) => candidate.key === key) as NumberParam;
    checked[name] = number(spec, options[name], name);
  }
  if (!(checked.endLr > checked.startLr)) {
    throw new LrlabError(
      "E_BAD_ARGUMENT",
      `${WHO}: endLr: expected a rate above startLr (${checked.startLr}), got ${checked.endLr}`,
    );
  }
  const mode = options.mode ?? "exponential";
  if (mode !== "exponential" && mode !== "linear") {
    throw new LrlabError(
      "E_BAD_ARGUMENT",
      `${WHO}: mode: expected "exponential" or "linear", got ${String(mode)}`,
    );
  }
  for (const flag of ["stopDiv", "shuffle"] as const) {
    if (options[flag] !== undefined && typeof options[flag] !== "boolean") {
      throw new LrlabError(
        "E_BAD_ARGUMENT",
        `${WHO}: ${flag}: expected true or false, got ${String(options[flag])}`,
      );
    }
  }
  return {
    ...checked,
    batchSize: number(BATCH_SIZE_SPEC, options.batchSize, "batchSize"),
    seed: number(SEED_SPEC, options.seed, "seed"),
    mode,
    stopDiv: options.stopDiv ?? true,
    shuffle: options.shuffle ?? true,
  };
}

/** The number of rows, the same in every input and target. */
function rowsOf(tensors: readonly tf.Tensor[]): number {
  const counts = tensors.map((tensor) => tensor.shape[0] ?? 0);
  const n = counts[0] ?? 0;
  if (n === 0 || counts.some((count) => count !== n)) {
    throw new LrlabError(
      "E_BAD_DATA",
      `${WHO}: expected x and y with the same number of rows (at least 1), got ${counts.join(", ")}`,
    );
  }
  return n;
}

/** One `trainOnBatch` on the given rows; its total loss (the first of its outputs). */
async function trainOnRows(
  model: tf.LayersModel,
  inputs: readonly tf.Tensor[],
  targets: readonly tf.Tensor[],
  rows: Uint32Array,
): Promise<number> {
  const indices = tf.tensor1d(Int32Array.from(rows), "int32");
  const xs = inputs.map((tensor) => tf.gather(tensor, indices));
  const ys = targets.map((tensor) => tf.gather(tensor, indices));
  try {
    const result = await model.trainOnBatch(
      xs.length === 1 ? (xs[0] as tf.Tensor) : xs,
      ys.length === 1 ? (ys[0] as tf.Tensor) : ys,
    );
    return Array.isArray(result) ? (result[0] as number) : result;
  } finally {
    tf.dispose([indices, ...xs, ...ys]);
  }
}

/** Copies of every weight of the model (trainable or not), as new tensors with the same bits. */
async function copyWeights(model: tf.LayersModel): Promise<tf.Tensor[]> {
  // getWeights() returns the variables themselves, and data() may share the backend's array: copy both.
  return Promise.all(
    model
      .getWeights()
      .map(async (weight) => tf.tensor((await weight.data()).slice(), weight.shape, weight.dtype)),
  );
}

/** A new optimizer of the same class and configuration, with a fresh state. */
function freshOptimizer(optimizer: tf.Optimizer): tf.Optimizer {
  const optimizerClass = optimizer.constructor as unknown as {
    fromConfig(cls: unknown, config: tf.serialization.ConfigDict): tf.Optimizer;
  };
  if (typeof optimizerClass.fromConfig !== "function") {
    throw new LrlabError(
      "E_UNKNOWN_OPTIMIZER",
      `${WHO}: cannot make a fresh ${optimizer.getClassName()} optimizer for the test: its class has no fromConfig`,
    );
  }
  return optimizerClass.fromConfig(optimizerClass, optimizer.getConfig());
}

/**
 * Disposes an optimizer's tensors. `MomentumOptimizer.dispose` (tfjs-core 4.22.0) disposes its momentum
 * scalar and accumulators but not the rate tensor `c` it inherits from SGD, so that one is disposed here.
 */
function disposeOptimizer(optimizer: tf.Optimizer): void {
  optimizer.dispose();
  const rate = (optimizer as unknown as { c?: tf.Tensor }).c;
  if (rate instanceof tf.Tensor && !rate.isDisposed) rate.dispose();
}
