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

import type { Dataset } from "../data/data.js";
import { type LinearStats, linearStats, mseLossAndGradientAt } from "../data/stats.js";
import { LrlabError } from "../errors.js";
import { closeness } from "../judging/closeness.js";
import { type RunDynamics, RunWatcher } from "../judging/dynamics.js";
import { type BatchKernelInto, batchKernelInto, checkLossName } from "../models/losses.js";
import type { OptimizerState } from "../optimizers/optimizer.js";
import { sgd } from "../optimizers/sgd.js";
import type { ParamSpec } from "../params.js";
import { createRandom, shuffleInPlace } from "../random.js";
import type { Schedule } from "../schedules/schedule.js";
import { linearMseTheory } from "../theory/theory.js";
import { createHistoryRecorder, type History } from "./history.js";
import {
  checkNumericOptions,
  DEFAULT_STEPS,
  MAX_HISTORY_ROWS,
  type TrainOptions,
  trainParams,
} from "./train-options.js";

// The options, their defaults and their table live in train-options.ts; their names stay importable
// from here, where the loop's users have always found them.
export type { AnyEpochEndRateCallback, EpochEndRateCallback, TrainOptions } from "./train-options.js";
export { DEFAULT_DIVERGE_FACTOR, DEFAULT_STEPS, MAX_HISTORY_ROWS, trainParams } from "./train-options.js";

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
  /** How the run moved: late direction flips, the lowest loss seen, the first step within the closeness gap. */
  dynamics: RunDynamics;
}

/** Fits y = w·x + b to `data`. Pure: same data and options, same result, on every platform. */
export function train(
  data: Dataset,
  options: TrainOptions = {},
  nameOf?: (spec: ParamSpec) => string,
): TrainResult {
  const { x, y } = data;
  const n = x?.length;
  if (typeof n !== "number" || n === 0 || y?.length !== n) {
    const source = typeof data.source === "string" ? `${data.source}: ` : "";
    throw new LrlabError(
      "E_BAD_DATA",
      `${source}expected x and y of the same, non-zero length; got ${n ?? "no"} x and ${y?.length ?? "no"} y values`,
    );
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
  if (typeof rate === "number" ? !(rate >= 0 && Number.isFinite(rate)) : typeof rate !== "function") {
    throw new LrlabError(
      "E_BAD_ARGUMENT",
      `learningRate: expected a finite number ≥ 0 or a schedule (step) => rate, got ${typeof rate === "number" ? rate : typeof rate === "string" ? JSON.stringify(rate) : typeof rate}`,
    );
  }
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
  const kernel: BatchKernelInto = batchKernelInto(loss, checked.huberDelta);
  // The visiting order of the points; full-batch MSE never visits them, so it needs none.
  const order = new Uint32Array(stats && fullBatch ? 0 : n);
  for (let i = 0; i < order.length; i++) order[i] = i;
  const random = createRandom(checked.seed as number);
  const params = new Float64Array([checked.initialW as number, checked.initialB as number]);
  // A batch's [∂L/∂w, ∂L/∂b, L] as the kernel writes them (the first two are the step's gradient), and
  // the same on all the data.
  const batchOut = new Float64Array(3);
  const grad = batchOut.subarray(0, 2);
  const fullOut = new Float64Array(3);
  const fullGrad = fullOut.subarray(0, 2);
  const state: OptimizerState = optimizer.init(2);
  const recorder = createHistoryRecorder(Math.floor(totalSteps / historyEvery) + 2);
  const watcher = watcherFor(stats, totalSteps, options.closeGap);
  // Progress every 1% of the run, but at least every 65,536 steps, so a run of 1e12 steps still reports
  // every few milliseconds for the caller to pace (a caller prints by time, not by call).
  const progressEvery = Math.max(1, Math.min(65_536, Math.floor(totalSteps / 100)));

  // The loss (and gradient, into fullGrad) on all the data at `params`: O(1) for MSE, one pass otherwise.
  const fullLossAndGradient = (): number => {
    if (stats) return mseLossAndGradientAt(stats, params[0] as number, params[1] as number, fullGrad);
    kernel(x, y, order, 0, n, params, fullOut);
    return fullOut[2] as number;
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
  // The step's place in its epoch, in the history's thinning and in the progress reports, kept by counting
  // rather than by dividing the step: two integer divisions a step were a measurable part of a 32-point
  // mini-batch step.
  let epoch = 0;
  let indexInEpoch = 0;
  let sinceRecord = 0;
  let sinceProgress = 0;
  const { onProgress, onBatchEnd } = options;

  for (; ; step++) {
    const w = params[0] as number;
    const b = params[1] as number;
    const isLast = step === totalSteps;
    const recordDue = sinceRecord === 0 || isLast;
    const learningRate = rateAt(step);
    const lossKnown = fullLossEveryStep || recordDue;
    if (lossKnown) {
      currentLoss = fullLossAndGradient();
      watcher.seeLoss(step, currentLoss);
    }
    if (step === 0) {
      startingLoss = currentLoss;
      divergenceThreshold = startingLoss > 0 ? divergeFactor * startingLoss : Number.POSITIVE_INFINITY;
      watcher.start(w, b);
      if (stats && options.closeGap === undefined) watcher.setGap(closeness(stats, startingLoss).gap);
    }

    // A non-finite loss is divergence whatever the threshold (a start so far out that its loss
    // overflows has nowhere to go but "diverged").
    const blownUp =
      !Number.isFinite(w) ||
      !Number.isFinite(b) ||
      (lossKnown && !(currentLoss <= divergenceThreshold && Number.isFinite(currentLoss))) ||
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
    if (onProgress && sinceProgress === 0) onProgress(step, totalSteps);

    // One update on this step's batch.
    let batchLoss = currentLoss;
    let batchStart = 0;
    let batchEnd = n;
    if (fullBatch) {
      grad[0] = fullGrad[0] as number;
      grad[1] = fullGrad[1] as number;
    } else {
      if (indexInEpoch === 0) shuffleInPlace(order, random);
      batchStart = indexInEpoch * batchSize;
      batchEnd = Math.min(batchStart + batchSize, n);
      kernel(x, y, order, batchStart, batchEnd, params, batchOut);
      batchLoss = batchOut[2] as number;
    }
    optimizer.apply(params, grad, state, learningRate);
    watcher.update(step + 1, w, b, params[0] as number, params[1] as number);

    if (onBatchEnd?.(step, batchLoss, learningRate) === true) {
      status = "stopped";
      step++;
      const w1 = params[0] as number;
      const b1 = params[1] as number;
      const lossAfter = fullLossAndGradient();
      watcher.seeLoss(step, lossAfter);
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
    // On to step + 1.
    if (++indexInEpoch === stepsPerEpoch) {
      indexInEpoch = 0;
      epoch++;
    }
    if (++sinceRecord === historyEvery) sinceRecord = 0;
    if (++sinceProgress === progressEvery) sinceProgress = 0;
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
    dynamics: watcher.finish(),
  };
}

/** The run's watcher: flips along the sharpest direction and the closeness gap for MSE, else successive updates. */
function watcherFor(stats: LinearStats | null, totalSteps: number, closeGap: number | undefined): RunWatcher {
  const countFrom = Math.floor(totalSteps / 2);
  if (!stats) return new RunWatcher(null, countFrom, null);
  const [vw, vb] = linearMseTheory(stats).eigenvectors[0];
  const { w, b, loss } = stats.optimum;
  return new RunWatcher({ w, b, vw, vb, loss }, countFrom, closeGap ?? closeness(stats).gap);
}
