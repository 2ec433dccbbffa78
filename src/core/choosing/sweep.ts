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

import type { Dataset } from "../data/data.js";
import { linearStats, mseAt } from "../data/stats.js";
import { LrlabError } from "../errors.js";
import { type Closeness, closeness, closenessFor } from "../judging/closeness.js";
import type { Outcome } from "../judging/verdict.js";
import { checkLossName } from "../models/losses.js";
import { sgd } from "../optimizers/sgd.js";
import type { ParamSpec } from "../params.js";
import type { BestWorstCaseFormula } from "../theory/best-worst-case.js";
import { huberLocalBound, type LocalBound } from "../theory/local-bound.js";
import { type Regime, regimeBoundsOf } from "../theory/regime.js";
import { type LinearMseTheory, linearMseTheory } from "../theory/theory.js";
import type { TrainStatus } from "../training/train.js";
import { type SweepMeasurement, type SweepRunOptions, sweepRun } from "./sweep-run.js";

// The measuring of one run lives in sweep-run.ts; its names stay importable from here, where the
// sweep's users have always found them.
export type { FlipMeasure, SweepMeasurement, SweepRunOptions } from "./sweep-run.js";
export { defaultSweepTolerance, sweepRun } from "./sweep-run.js";

export interface SweepOptions extends SweepRunOptions {
  /** The rates to try, each finite and > 0; runs come back in this order. */
  learningRates: readonly number[];
  /** Called after each run with the number done and the total. */
  onRunEnd?: (done: number, total: number) => void;
}

/** One run of a sweep, judged as the verdict judges any run. */
export interface SweepRun {
  learningRate: number;
  status: TrainStatus;
  /** The dynamics: exact for full-batch SGD at a constant rate on MSE, read from the run otherwise. */
  regime: Regime;
  regimeBasis: "theory" | "trajectory";
  /** Ended within the closeness gap of the best loss (MSE: the optimum; else the sweep's lowest loss). */
  reached: boolean;
  /** The lesson's word for it. */
  outcome: Outcome;
  finalLoss: number;
  bestLoss: number;
  /** The step from which the run stayed within the tolerance to its end (MSE), else null. */
  stepsToTolerance: number | null;
  divergedAtStep: number | null;
  /** Flipped pairs / compared pairs, or null when no pair was compared. */
  flipFraction: number | null;
}

export interface SweepBest extends SweepRun {
  /**
   * `soonest-settled`: of the runs judged good, the one that stayed within the tolerance from the earliest
   * step; `lowest-final-loss`: no good run had a step count to compare (MAE, Huber) or none was good.
   */
  reason: "soonest-settled" | "lowest-final-loss";
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
  /** 2/(λmin + λmax) (1/λmax when λmin = 0): the best worst-case constant rate for full-batch gradient descent. */
  optimalLearningRate: number;
  /** That rate's formula, the theory's (best-worst-case.ts). */
  optimalFormula: BestWorstCaseFormula;
  hessianEigenvalues: readonly [number, number];
  optimum: { readonly w: number; readonly b: number; readonly loss: number };
}

export interface SweepResult {
  runs: SweepRun[];
  /**
   * Of the runs judged good, the soonest to settle within the tolerance; without step counts (MAE, Huber)
   * or without a good run, the lowest final loss.
   */
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
  /** Huber: the rate above which a run cannot settle near the best line (local-bound.ts); else null. */
  localBound: LocalBound | null;
  /** The closeness rule the tolerance comes from, as the verdicts word it; null for a tolerance given. */
  closeness: Closeness | null;
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
  /** Huber: the bound near the best line. */
  localBound: LocalBound | null;
  /** The closeness rule behind the default tolerance (MSE); null when the tolerance was given. */
  closeness: Closeness | null;
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
  // log(to) − log(from), not log(to/from): the ratio of 1e300 and 1e-300 overflows.
  const logRatio = Math.log(to) - Math.log(from);
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
      `tolerance: a gap to the best loss needs the exact best loss, which only MSE has (not ${loss})`,
    );
  }
  const stats = loss === "mse" ? (runOptions.stats ?? linearStats(data)) : null;
  const theory = stats ? linearMseTheory(stats) : null;
  // The verdicts' closeness gap (closeness.ts) from the common start, unless a gap is given.
  const close =
    stats && given === undefined
      ? closeness(stats, mseAt(stats, runOptions.initialW ?? 0, runOptions.initialB ?? 0))
      : null;
  const tolerance = stats ? (given ?? (close as Closeness).gap) : null;

  const optimizer = runOptions.optimizer ?? sgd();
  const n = data.x.length;
  const fullBatch = (runOptions.batchSize ?? n) >= n;
  const constantRate = runOptions.schedule === undefined && runOptions.rateCallback === undefined;
  let critical: SweepContext["critical"] = null;
  const bounds = theory ? regimeBoundsOf(theory, optimizer) : null;
  if (bounds && fullBatch && constantRate) {
    critical = { learningRate: bounds.critical.learningRate, rule: bounds.critical.formula };
  }
  const prepared: SweepRunOptions = { ...runOptions, optimizer };
  if (stats) prepared.stats = stats;
  if (tolerance !== null) prepared.tolerance = tolerance;
  const localBound = loss === "huber" ? huberLocalBound(data, optimizer, runOptions.huberDelta) : null;
  return { runOptions: prepared, context: { theory, tolerance, critical, localBound, closeness: close } };
}

/** Classifies each run, names the best rate and locates the divergence boundary. Runs keep their order. */
export function summarizeSweep(
  measurements: readonly SweepMeasurement[],
  context: SweepContext,
): SweepResult {
  const { theory, tolerance, critical } = context;
  const diverging = measurements.map((run) => run.regime === "diverging");

  // Without an exact optimum (MAE, Huber), "reached" means within the closeness gap of the lowest loss any
  // run that did not diverge reached.
  let reference: SweepResult["reference"] = null;
  if (theory) reference = { loss: theory.optimum.loss, source: "optimum" };
  else {
    const lowest = Math.min(...measurements.filter((_, i) => !diverging[i]).map((run) => run.bestLoss));
    if (Number.isFinite(lowest)) reference = { loss: lowest, source: "sweep-best" };
  }
  const referenceGap = reference && !theory ? closenessFor(reference.loss, 0).gap : null;

  const runs: SweepRun[] = measurements.map((run) => {
    const reached =
      run.reached ??
      (referenceGap !== null && reference !== null && run.finalLoss - reference.loss <= referenceGap);
    // MAE and Huber had no best loss to judge against inside the run: their outcome is settled here.
    const outcome: Outcome =
      run.reached !== null || run.regime === "diverging"
        ? run.outcome
        : reached
          ? "good"
          : run.regime === "oscillating"
            ? "jumps-around"
            : "too-small";
    return {
      learningRate: run.learningRate,
      status: run.status,
      regime: run.regime,
      regimeBasis: run.regimeBasis,
      reached,
      outcome,
      finalLoss: run.finalLoss,
      bestLoss: run.bestLoss,
      // The first step within the gap is only known where the best loss is (MSE).
      stepsToTolerance: run.stepsToTolerance,
      divergedAtStep: run.divergedAtStep,
      flipFraction: run.flipPairs > 0 ? run.flips / run.flipPairs : null,
    };
  });

  return {
    runs,
    best: bestRun(runs),
    theory: theory
      ? {
          criticalLearningRate: theory.criticalLearningRate,
          optimalLearningRate: theory.optimalLearningRate,
          optimalFormula: theory.optimalFormula,
          hessianEigenvalues: theory.hessianEigenvalues,
          optimum: theory.optimum,
        }
      : null,
    boundary: boundaryOf(runs, critical),
    tolerance,
    reference,
    localBound: context.localBound,
    closeness: context.closeness,
  };
}

/**
 * Of the good runs, the soonest to settle within the tolerance (ties: lower final loss): a noisy run that
 * touches the gap early but does not stay is not the best. Without a settled step to compare, the lowest
 * final loss of the good runs, or of all that did not diverge when none is good.
 */
function bestRun(runs: readonly SweepRun[]): SweepBest | null {
  const good = runs.filter((run) => run.outcome === "good");
  let best: SweepRun | null = null;
  for (const run of good) {
    if (run.stepsToTolerance === null) continue;
    if (
      best === null ||
      run.stepsToTolerance < (best.stepsToTolerance as number) ||
      (run.stepsToTolerance === best.stepsToTolerance && run.finalLoss < best.finalLoss)
    )
      best = run;
  }
  if (best) return { ...best, reason: "soonest-settled" };
  const candidates = good.length > 0 ? good : runs.filter((run) => run.regime !== "diverging");
  for (const run of candidates) {
    if (best === null || run.finalLoss < best.finalLoss) best = run;
  }
  return best ? { ...best, reason: "lowest-final-loss" } : null;
}

/**
 * The measured boundary of runs at many rates (the largest rate that did not diverge below the smallest
 * that did), beside the critical rate when there is one: the line's sweep and the models' alike.
 */
export function boundaryOf(
  runs: readonly Pick<SweepRun, "learningRate" | "regime">[],
  critical: SweepContext["critical"],
): SweepBoundary {
  let smallestDiverged: number | null = null;
  for (const run of runs) {
    if (run.regime === "diverging" && (smallestDiverged === null || run.learningRate < smallestDiverged))
      smallestDiverged = run.learningRate;
  }
  let largestNonDiverged: number | null = null;
  let monotone = true;
  for (const run of runs) {
    if (run.regime === "diverging") continue;
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
