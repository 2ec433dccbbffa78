/**
 * A learning-rate sweep: one configuration trained at many rates, each run classified, the best rate
 * named, and the measured divergence boundary set beside the theory's.
 *
 * Every run starts from the same point and, with the same seed, sees the same batches in the same order;
 * only the rate differs. For a schedule the swept rate is its rate argument (`initialLearningRate`, or
 * one-cycle's `maxLearningRate`); for ReduceLROnPlateau it is the starting rate.
 *
 * Each run is measured by sweep-run.ts in O(1) memory; full-batch MSE runs share one set of sufficient
 * statistics, so each of their steps is O(1).
 *
 * The work is split so a caller can spread it: {@link prepareSweep} once, {@link sweepRun} per rate (pure,
 * plain data out, so runs can go to other threads), {@link summarizeSweep} over the results in rate order.
 * {@link sweep} does all three in one thread.
 */
import type { Dataset } from "./data.js";
import { LrlabError } from "./errors.js";
import { checkLossName } from "./losses.js";
import { sgd } from "./optimizers/sgd.js";
import type { ParamSpec } from "./params.js";
import { linearStats } from "./stats.js";
import {
  defaultSweepTolerance,
  type FlipMeasure,
  type SweepMeasurement,
  type SweepRunOptions,
  sweepRun,
} from "./sweep-run.js";
import { type LinearMseTheory, linearMseTheory, momentumCriticalLearningRate } from "./theory.js";
import type { TrainStatus } from "./train.js";

// The measuring of one run lives in sweep-run.ts; its names stay importable from here, where the
// sweep's users have always found them.
export type { FlipMeasure, SweepMeasurement, SweepRunOptions } from "./sweep-run.js";
export { defaultSweepTolerance, sweepRun } from "./sweep-run.js";

/**
 * - `diverged`: the loop stopped it as diverged, or it ended above its starting loss (on its way out,
 *   the divergence threshold just not reached within the budget);
 * - `oscillating`: converging while overshooting: successive steps along the sharpest direction flip sign;
 * - `converging`: came within the tolerance of the optimum loss without flipping;
 * - `too-slow`: neither: did not get within the tolerance in the budget.
 */
export type SweepRegime = "diverged" | "oscillating" | "converging" | "too-slow";

/**
 * Below these fractions of flipped consecutive pairs a run is not called oscillating. Along the sharpest
 * direction of linear MSE the iterate flips on every step when η > 1/λmax and never below (full batch),
 * and with mini-batch noise it flips on more than half of them exactly when 1 − η·λmax < 0. Between
 * successive updates mini-batch noise alone flips about half the pairs, so a clear majority is asked for.
 */
export const OSCILLATING_FLIP_FRACTION: Readonly<Record<FlipMeasure, number>> = {
  "sharpest-direction": 1 / 2,
  "successive-updates": 2 / 3,
};

export interface SweepOptions extends SweepRunOptions {
  /** The rates to try, each finite and > 0; runs come back in this order. */
  learningRates: readonly number[];
  /** Called after each run with the number done and the total. */
  onRunEnd?: (done: number, total: number) => void;
}

/** One run of a sweep, classified. */
export interface SweepRun {
  learningRate: number;
  status: TrainStatus;
  regime: SweepRegime;
  finalLoss: number;
  bestLoss: number;
  stepsToTolerance: number | null;
  divergedAtStep: number | null;
  /** Flipped pairs / compared pairs, or null when no pair was compared. */
  flipFraction: number | null;
}

export interface SweepBest extends SweepRun {
  reason: "fewest-steps-to-tolerance" | "lowest-final-loss";
}

/** Where the sweep found the edge of stability, beside the theory's when the theory applies. */
export interface SweepBoundary {
  /** The largest swept rate below `smallestDiverged` that did not diverge (all of them if none diverged). */
  largestNonDiverged: number | null;
  /** The smallest swept rate that diverged. */
  smallestDiverged: number | null;
  /** False when some rate above `smallestDiverged` did not diverge (mini-batch noise, schedules). */
  monotone: boolean;
  /**
   * The theory's critical rate for this configuration: 2/λmax for full-batch SGD at a constant rate on
   * MSE, the heavy-ball bound with momentum; null when no exact bound applies.
   */
  criticalLearningRate: number | null;
  /** The formula of `criticalLearningRate`, e.g. "2/λmax" or "2(1 + m)/λmax". */
  rule: string | null;
  /** Whether `criticalLearningRate` lies in [largestNonDiverged, smallestDiverged]; null without theory. */
  agrees: boolean | null;
}

export interface SweepTheory {
  /** 2/λmax: above it full-batch gradient descent diverges. */
  criticalLearningRate: number;
  /** 2/(λmin + λmax): the fastest constant rate for full-batch gradient descent. */
  optimalLearningRate: number;
  hessianEigenvalues: readonly [number, number];
  optimum: { readonly w: number; readonly b: number; readonly loss: number };
}

export interface SweepResult {
  runs: SweepRun[];
  /** Fewest steps to the tolerance; if no run reached it (or no optimum is known), lowest final loss. */
  best: SweepBest | null;
  /** Exact for MSE; null for MAE and Huber. */
  theory: SweepTheory | null;
  boundary: SweepBoundary;
  /** The loss gap used (MSE); null for MAE and Huber, which have no exact optimum. */
  tolerance: number | null;
  /**
   * What "within the tolerance" was measured against: the exact optimum loss (MSE), or, for MAE and Huber,
   * the lowest loss any non-diverged run of the sweep reached, with a gap of 0.1% of it.
   */
  reference: { loss: number; source: "optimum" | "sweep-best" } | null;
}

/** What every run of a sweep shares, and what summarizing needs to know about them. */
export interface PreparedSweep {
  /** The options for {@link sweepRun}, statistics and tolerance filled in. */
  runOptions: SweepRunOptions;
  context: SweepContext;
}

export interface SweepContext {
  theory: LinearMseTheory | null;
  tolerance: number | null;
  /** The exact critical rate for this configuration, when there is one. */
  critical: { learningRate: number; rule: string } | null;
}

/** Log-spaced rates from `from` to `to`, both included: from·(to/from)^(i/(count − 1)). */
export function logSpacedRates(from: number, to: number, count: number): number[] {
  if (!(from > 0 && Number.isFinite(from) && to >= from && Number.isFinite(to))) {
    throw new LrlabError("E_BAD_ARGUMENT", `rates: expected 0 < from ≤ to, both finite; got ${from}, ${to}`);
  }
  if (!Number.isInteger(count) || count < 1 || (count === 1 && to !== from)) {
    throw new LrlabError(
      "E_BAD_ARGUMENT",
      `count: expected an integer ≥ ${to === from ? 1 : 2} to span ${from} … ${to}, got ${count}`,
    );
  }
  if (count === 1) return [from];
  const logRatio = Math.log(to / from);
  const rates = Array.from({ length: count }, (_, i) => from * Math.exp((i / (count - 1)) * logRatio));
  rates[count - 1] = to; // exactly, not exp(log(to/from))·from
  return rates;
}

/** Validates the options and computes what the runs share: the statistics once, the tolerance, the theory. */
export function prepareSweep(data: Dataset, options: SweepOptions): PreparedSweep {
  const { learningRates, onRunEnd: _onRunEnd, ...runOptions } = options;
  if (learningRates.length === 0) {
    throw new LrlabError("E_BAD_ARGUMENT", "learningRates: expected at least one rate");
  }
  for (const rate of learningRates) {
    if (!(rate > 0 && Number.isFinite(rate))) {
      throw new LrlabError("E_BAD_ARGUMENT", `learningRates: expected finite numbers > 0, got ${rate}`);
    }
  }
  const loss = checkLossName(runOptions.loss ?? "mse");
  const given = runOptions.tolerance;
  if (given !== undefined && !(given >= 0 && Number.isFinite(given))) {
    throw new LrlabError("E_BAD_ARGUMENT", `tolerance: expected a finite number ≥ 0, got ${given}`);
  }
  if (loss !== "mse" && given !== undefined) {
    throw new LrlabError(
      "E_USAGE",
      `tolerance: a gap to the optimum loss needs the exact optimum, which only MSE has (not ${loss})`,
    );
  }
  const stats = loss === "mse" ? (runOptions.stats ?? linearStats(data)) : null;
  const theory = stats ? linearMseTheory(stats) : null;
  const tolerance = theory ? (given ?? defaultSweepTolerance(theory.optimum.loss)) : null;

  const optimizer = runOptions.optimizer ?? sgd();
  const n = data.x.length;
  const fullBatch = (runOptions.batchSize ?? n) >= n;
  const constantRate = runOptions.schedule === undefined && runOptions.rateCallback === undefined;
  let critical: SweepContext["critical"] = null;
  if (theory && optimizer.name === "sgd" && fullBatch && constantRate) {
    const config = optimizer.config as { momentum?: number; nesterov?: boolean };
    const momentum = config.momentum ?? 0;
    const nesterov = config.nesterov === true && momentum > 0;
    critical = {
      learningRate: momentumCriticalLearningRate(theory, momentum, nesterov),
      rule: momentum === 0 ? "2/λmax" : nesterov ? "2(1 + m)/((1 + 2m)·λmax)" : "2(1 + m)/λmax",
    };
  }
  const prepared: SweepRunOptions = { ...runOptions, optimizer };
  if (stats) prepared.stats = stats;
  if (tolerance !== null) prepared.tolerance = tolerance;
  return { runOptions: prepared, context: { theory, tolerance, critical } };
}

/** Classifies each run, names the best rate and locates the divergence boundary. Runs keep their order. */
export function summarizeSweep(
  measurements: readonly SweepMeasurement[],
  context: SweepContext,
): SweepResult {
  const { theory, tolerance, critical } = context;
  const diverged = measurements.map(
    (run) => run.status === "diverged" || !(run.finalLoss <= run.startingLoss),
  );

  // Without an exact optimum, "arrived" means within 0.1% of the lowest loss any non-diverged run reached.
  let reference: SweepResult["reference"] = null;
  if (theory) reference = { loss: theory.optimum.loss, source: "optimum" };
  else {
    const lowest = Math.min(...measurements.filter((_, i) => !diverged[i]).map((run) => run.bestLoss));
    if (Number.isFinite(lowest)) reference = { loss: lowest, source: "sweep-best" };
  }
  const reached = (run: SweepMeasurement): boolean => {
    if (theory) return run.stepsToTolerance !== null;
    if (!reference) return false;
    return run.bestLoss - reference.loss <= defaultSweepTolerance(reference.loss);
  };

  const runs: SweepRun[] = measurements.map((run, i) => {
    const flipFraction = run.flipPairs > 0 ? run.flips / run.flipPairs : null;
    const overshooting = flipFraction !== null && flipFraction > OSCILLATING_FLIP_FRACTION[run.flipMeasure];
    const regime: SweepRegime = diverged[i]
      ? "diverged"
      : overshooting
        ? "oscillating"
        : reached(run)
          ? "converging"
          : "too-slow";
    return {
      learningRate: run.learningRate,
      status: run.status,
      regime,
      finalLoss: run.finalLoss,
      bestLoss: run.bestLoss,
      stepsToTolerance: run.stepsToTolerance,
      divergedAtStep: run.divergedAtStep,
      flipFraction,
    };
  });

  return {
    runs,
    best: bestRun(runs),
    theory: theory
      ? {
          criticalLearningRate: theory.criticalLearningRate,
          optimalLearningRate: theory.optimalLearningRate,
          hessianEigenvalues: theory.hessianEigenvalues,
          optimum: theory.optimum,
        }
      : null,
    boundary: boundaryOf(runs, critical),
    tolerance,
    reference,
  };
}

/** Fewest steps to the tolerance (ties: lower final loss); if none got there, the lowest final loss. */
function bestRun(runs: readonly SweepRun[]): SweepBest | null {
  const candidates = runs.filter((run) => run.regime !== "diverged");
  let best: SweepRun | null = null;
  for (const run of candidates) {
    if (run.stepsToTolerance === null) continue;
    if (
      best === null ||
      run.stepsToTolerance < (best.stepsToTolerance as number) ||
      (run.stepsToTolerance === best.stepsToTolerance && run.finalLoss < best.finalLoss)
    )
      best = run;
  }
  if (best) return { ...best, reason: "fewest-steps-to-tolerance" };
  for (const run of candidates) {
    if (best === null || run.finalLoss < best.finalLoss) best = run;
  }
  return best ? { ...best, reason: "lowest-final-loss" } : null;
}

function boundaryOf(runs: readonly SweepRun[], critical: SweepContext["critical"]): SweepBoundary {
  let smallestDiverged: number | null = null;
  for (const run of runs) {
    if (run.regime === "diverged" && (smallestDiverged === null || run.learningRate < smallestDiverged))
      smallestDiverged = run.learningRate;
  }
  let largestNonDiverged: number | null = null;
  let monotone = true;
  for (const run of runs) {
    if (run.regime === "diverged") continue;
    if (smallestDiverged !== null && run.learningRate > smallestDiverged) {
      monotone = false;
      continue;
    }
    if (largestNonDiverged === null || run.learningRate > largestNonDiverged)
      largestNonDiverged = run.learningRate;
  }
  // A rate at the critical rate itself (to rounding) bounces forever without growing: either side is fair.
  const slack = 1 + 1e-9;
  const agrees =
    critical === null
      ? null
      : (largestNonDiverged === null || largestNonDiverged <= critical.learningRate * slack) &&
        (smallestDiverged === null || critical.learningRate <= smallestDiverged * slack);
  return {
    largestNonDiverged,
    smallestDiverged,
    monotone,
    criticalLearningRate: critical?.learningRate ?? null,
    rule: critical?.rule ?? null,
    agrees,
  };
}

/** Trains `data` at every rate of `options.learningRates` in this thread and summarizes the sweep. */
export function sweep(
  data: Dataset,
  options: SweepOptions,
  nameOf?: (spec: ParamSpec) => string,
): SweepResult {
  const { runOptions, context } = prepareSweep(data, options);
  const total = options.learningRates.length;
  const measurements = options.learningRates.map((rate, i) => {
    const measurement = sweepRun(data, rate, runOptions, nameOf);
    options.onRunEnd?.(i + 1, total);
    return measurement;
  });
  return summarizeSweep(measurements, context);
}
