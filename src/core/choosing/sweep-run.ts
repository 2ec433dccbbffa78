/**
 * One run of a learning-rate sweep, measured and judged: an ordinary `train` at the swept rate (a constant,
 * or the argument of `options.schedule`) that keeps only its first and last rows, watched in O(1) memory
 * by the loop itself (dynamics.ts), and judged by the verdict every face uses (regime, reached, outcome).
 * Nothing of a run is kept but a few numbers, plain data that can cross a thread boundary. Comparing the
 * runs is sweep.ts's business.
 */

import type { Dataset } from "../data/data.js";
import { type LinearStats, linearStats, mseAt } from "../data/stats.js";
import { closeness } from "../judging/closeness.js";
import type { FlipMeasure } from "../judging/dynamics.js";
import { fullBatchTwin } from "../judging/full-batch-twin.js";
import { judgeRun, type Outcome } from "../judging/verdict.js";
import { checkLossName } from "../models/losses.js";
import { sgd } from "../optimizers/sgd.js";
import type { ParamSpec } from "../params.js";
import type { Schedule } from "../schedules/schedule.js";
import type { Regime } from "../theory/regime.js";
import { linearMseTheory } from "../theory/theory.js";
import { type TrainStatus, train } from "../training/train.js";
import { DEFAULT_STEPS, type TrainOptions } from "../training/train-options.js";

export type { FlipMeasure } from "../judging/dynamics.js";

export interface SweepRunOptions
  extends Omit<TrainOptions, "learningRate" | "tolerance" | "historyEvery" | "onBatchEnd" | "onProgress"> {
  /**
   * Builds the schedule for one swept rate (the rate is its rate argument). Omitted: a constant rate, or
   * the starting rate of `rateCallback`.
   */
  schedule?: (learningRate: number) => Schedule;
  /**
   * How close to the optimum loss counts as arrived: an absolute loss gap L − L* (MSE only; default
   * the closeness gap of closeness.ts, the verdict's).
   */
  tolerance?: number;
}

/** What one run measured and how it was judged: plain data, so it can cross a thread boundary. */
export interface SweepMeasurement {
  learningRate: number;
  status: TrainStatus;
  divergedAtStep: number | null;
  steps: number;
  startingLoss: number;
  finalLoss: number;
  /**
   * The lowest loss on all the data: over every step for MSE and full batch, over epoch boundaries for
   * mini-batch MAE and Huber (where a full-data loss costs a pass over the data).
   */
  bestLoss: number;
  /**
   * The step from which the loss gap L − L* stayed ≤ the tolerance to the end of the run (MSE), else null:
   * where the run stays, not where noise or a cycle first touched the gap.
   */
  stepsToTolerance: number | null;
  /** The verdict's regime, how it was decided, whether the run ended within the gap (MSE), its outcome. */
  regime: Regime;
  regimeBasis: "theory" | "trajectory";
  reached: boolean | null;
  outcome: Outcome;
  flipMeasure: FlipMeasure;
  /** Consecutive pairs of steps compared for a sign flip in the run's second half, and how many flipped. */
  flipPairs: number;
  flips: number;
}

/** The default closeness for MSE: the verdict's (closeness.ts), from the sweep's common start. */
export function defaultSweepTolerance(stats: LinearStats, initialW = 0, initialB = 0): number {
  return closeness(stats, mseAt(stats, initialW, initialB)).gap;
}

/**
 * Trains at one rate and measures it. Pure: the same data, rate and options give the same numbers in any
 * thread. Pass the options from `prepareSweep` (sweep.ts) so every run shares the statistics.
 */
export function sweepRun(
  data: Dataset,
  learningRate: number,
  options: SweepRunOptions = {},
  nameOf?: (spec: ParamSpec) => string,
): SweepMeasurement {
  const { schedule, tolerance, optimizer = sgd(), ...trainOptions } = options;
  const loss = checkLossName(trainOptions.loss ?? "mse");
  const stats = loss === "mse" ? (trainOptions.stats ?? linearStats(data)) : null;
  const n = data.x.length;
  const batchSize = Math.min(trainOptions.batchSize ?? n, n);
  const fullBatch = batchSize === n;
  const stepsPerEpoch = Math.ceil(n / batchSize);
  const { steps, epochs } = trainOptions;
  const totalSteps = steps ?? (epochs !== undefined ? epochs * stepsPerEpoch : DEFAULT_STEPS);
  const rate = schedule ? schedule(learningRate) : learningRate;
  const runOptions: TrainOptions = {
    ...trainOptions,
    optimizer,
    learningRate: rate,
    // MSE and full batch see every loss as it happens, so the history keeps only the first and last rows;
    // mini-batch MAE and Huber pay a pass per recorded loss, so they record one per epoch.
    historyEvery: stats || fullBatch ? Math.max(1, totalSteps) : stepsPerEpoch,
  };
  if (stats) runOptions.stats = stats;
  if (tolerance !== undefined) runOptions.closeGap = tolerance;
  const run = train(data, runOptions, nameOf);
  const verdict = judgeRun(run, {
    theory: stats ? linearMseTheory(stats) : null,
    optimizer,
    constantRate: schedule === undefined && trainOptions.rateCallback === undefined,
    initialW: trainOptions.initialW ?? 0,
    initialB: trainOptions.initialB ?? 0,
    ...(typeof rate === "function" ? { rateAt: rate } : {}),
    fullBatchTwin: run.status === "diverged" ? null : fullBatchTwin(data, runOptions, run, nameOf),
  });
  const { history, dynamics } = run;
  let bestLoss = dynamics.bestLoss;
  for (let i = 0; i < history.length; i++) {
    const lossHere = history.loss[i] as number;
    if (lossHere < bestLoss) bestLoss = lossHere;
  }
  return {
    learningRate,
    status: run.status,
    divergedAtStep: run.divergedAtStep,
    steps: run.steps,
    startingLoss: history.loss[0] as number,
    finalLoss: run.final.loss,
    bestLoss: Number.isFinite(bestLoss) ? bestLoss : (history.loss[0] as number),
    stepsToTolerance: dynamics.settledAt,
    regime: verdict.regime,
    regimeBasis: verdict.regimeBasis,
    reached: verdict.reached,
    outcome: verdict.outcome,
    flipMeasure: dynamics.flipMeasure,
    flipPairs: dynamics.flipPairs,
    flips: dynamics.flips,
  };
}
