/**
 * A learning-rate sweep: one configuration trained at many rates, each run classified, the best rate
 * named, and the measured divergence boundary set beside the theory's.
 *
 * Every run starts from the same point and, with the same seed, sees the same batches in the same order;
 * only the rate differs. For a schedule the swept rate is its rate argument (`initialLearningRate`, or
 * one-cycle's `maxLearningRate`); for ReduceLROnPlateau it is the starting rate.
 *
 * Nothing of a run is kept but a few numbers: the optimizer is wrapped so that every update is seen as it
 * happens (loss, sign flips, first step within the tolerance), in O(1) memory however long the run.
 * Full-batch MSE runs share one set of sufficient statistics, so each of their steps is O(1).
 *
 * The work is split so a caller can spread it: {@link prepareSweep} once, {@link sweepRun} per rate (pure,
 * plain data out, so runs can go to other threads), {@link summarizeSweep} over the results in rate order.
 * {@link sweep} does all three in one thread.
 */
import type { Dataset } from "./data.js";
import { LrlabError } from "./errors.js";
import { checkLossName } from "./losses.js";
import type { Optimizer } from "./optimizers/optimizer.js";
import { sgd } from "./optimizers/sgd.js";
import type { ParamSpec } from "./params.js";
import type { Schedule } from "./schedules/schedule.js";
import { type LinearStats, linearStats } from "./stats.js";
import { type LinearMseTheory, linearMseTheory, momentumCriticalLearningRate } from "./theory.js";
import { DEFAULT_STEPS, type TrainOptions, type TrainStatus, train } from "./train.js";
import { CLOSE_RELATIVE_GAP } from "./verdict.js";

/**
 * - `diverged`: the loop stopped it as diverged, or it ended above its starting loss (on its way out,
 *   the divergence threshold just not reached within the budget);
 * - `oscillating`: converging while overshooting: successive steps along the sharpest direction flip sign;
 * - `converging`: came within the tolerance of the optimum loss without flipping;
 * - `too-slow`: neither: did not get within the tolerance in the budget.
 */
export type SweepRegime = "diverged" | "oscillating" | "converging" | "too-slow";

/** How sign flips are counted: along the sharpest Hessian eigenvector (MSE), or between successive updates. */
export type FlipMeasure = "sharpest-direction" | "successive-updates";

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

/** Flips are not counted once the flipping quantity has shrunk below this fraction of its largest value. */
const FLIP_RELATIVE_FLOOR = 1e-9;
/** …nor below this fraction of the parameters' size: rounding noise, not a step. */
const FLIP_ROUNDING_FLOOR = 1e-13;

export interface SweepRunOptions
  extends Omit<TrainOptions, "learningRate" | "tolerance" | "historyEvery" | "onBatchEnd" | "onProgress"> {
  /**
   * Builds the schedule for one swept rate (the rate is its rate argument). Omitted: a constant rate, or
   * the starting rate of `rateCallback`.
   */
  schedule?: (learningRate: number) => Schedule;
  /**
   * How close to the optimum loss counts as arrived: an absolute loss gap L − L* (MSE only; default
   * {@link defaultSweepTolerance}).
   */
  tolerance?: number;
}

export interface SweepOptions extends SweepRunOptions {
  /** The rates to try, each finite and > 0; runs come back in this order. */
  learningRates: readonly number[];
  /** Called after each run with the number done and the total. */
  onRunEnd?: (done: number, total: number) => void;
}

/** What one run measured: plain numbers, so it can cross a thread boundary. */
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
  /** The first step whose loss gap L − L* was ≤ the tolerance (MSE), else null. */
  stepsToTolerance: number | null;
  flipMeasure: FlipMeasure;
  /** Consecutive pairs of steps compared for a sign flip, and how many of them flipped. */
  flipPairs: number;
  flips: number;
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

/**
 * The default closeness for MSE, the verdict's: 0.1% of the optimum loss, plus a hair so that a perfect
 * fit (L* = 0) can be reached.
 */
export function defaultSweepTolerance(optimumLoss: number): number {
  return CLOSE_RELATIVE_GAP * optimumLoss + 1e-12 * (1 + Math.abs(optimumLoss));
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

/**
 * Trains at one rate and measures it. Pure: the same data, rate and options give the same numbers in any
 * thread. Pass the options from {@link prepareSweep} so every run shares the statistics.
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
  const initialW = trainOptions.initialW ?? 0;
  const initialB = trainOptions.initialB ?? 0;

  const monitor: UpdateMonitor = stats
    ? new SharpestDirectionMonitor(
        stats,
        tolerance ?? defaultSweepTolerance(stats.optimum.loss),
        initialW,
        initialB,
      )
    : new SuccessiveUpdateMonitor();
  const observed: Optimizer = {
    name: optimizer.name,
    config: optimizer.config,
    init: (size) => optimizer.init(size),
    apply(params, grad, state, rate) {
      const w0 = params[0] as number;
      const b0 = params[1] as number;
      optimizer.apply(params, grad, state, rate);
      monitor.observe(w0, b0, params[0] as number, params[1] as number);
    },
  };
  const runOptions: TrainOptions = {
    ...trainOptions,
    optimizer: observed,
    learningRate: schedule ? schedule(learningRate) : learningRate,
    // MSE and full batch see every loss as it happens, so the history keeps only the first and last rows;
    // mini-batch MAE and Huber pay a pass per recorded loss, so they record one per epoch.
    historyEvery: stats || fullBatch ? Math.max(1, totalSteps) : stepsPerEpoch,
  };
  if (stats) runOptions.stats = stats;
  if (!stats && fullBatch) {
    runOptions.onBatchEnd = (_step, batchLoss) => {
      if (batchLoss < monitor.bestLoss) monitor.bestLoss = batchLoss;
      return undefined;
    };
  }
  const run = train(data, runOptions, nameOf);
  const { history } = run;
  let bestLoss = monitor.bestLoss;
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
    stepsToTolerance: monitor.reachedAt,
    flipMeasure: monitor.measure,
    flipPairs: monitor.flipPairs,
    flips: monitor.flips,
  };
}

/**
 * Watches every update of a run (through the wrapped optimizer) in O(1) memory: a run of a million steps
 * keeps a handful of numbers, not a history.
 */
abstract class UpdateMonitor {
  abstract readonly measure: FlipMeasure;
  /** Updates seen so far: after the k-th, the parameters are those of step k. */
  updates = 0;
  bestLoss = Number.POSITIVE_INFINITY;
  reachedAt: number | null = null;
  flipPairs = 0;
  flips = 0;
  /** The largest magnitude of the flipping quantity so far. */
  protected largest = 0;

  abstract observe(w0: number, b0: number, w1: number, b1: number): void;

  /** Counts a sign flip from `previous` to `value`, unless either has shrunk to rounding level. */
  protected countFlip(previous: number, value: number, noise: number): void {
    const magnitude = Math.abs(value);
    if (magnitude > this.largest) this.largest = magnitude;
    const floor = FLIP_RELATIVE_FLOOR * this.largest + noise;
    if (Math.abs(previous) > floor && magnitude > floor) {
      this.flipPairs++;
      if (value < 0 !== previous < 0) this.flips++;
    }
  }
}

/** Linear MSE: the loss gap and the component along the sharpest eigenvector, exactly, at every step. */
class SharpestDirectionMonitor extends UpdateMonitor {
  readonly measure = "sharpest-direction";
  private readonly meanX: number;
  private readonly spread: number;
  private readonly wStar: number;
  private readonly bStar: number;
  private readonly lossStar: number;
  private readonly vw: number;
  private readonly vb: number;
  private readonly tolerance: number;
  private readonly noise: number;
  private previous: number;

  constructor(stats: LinearStats, tolerance: number, initialW: number, initialB: number) {
    super();
    const [vw, vb] = linearMseTheory(stats).eigenvectors[0];
    this.meanX = stats.meanX;
    this.spread = stats.sxx / stats.n;
    this.wStar = stats.optimum.w;
    this.bStar = stats.optimum.b;
    this.lossStar = stats.optimum.loss;
    this.vw = vw;
    this.vb = vb;
    this.tolerance = tolerance;
    this.noise = FLIP_ROUNDING_FLOOR * (Math.abs(this.wStar) + Math.abs(this.bStar));
    this.previous = this.visit(initialW, initialB);
    this.largest = Math.abs(this.previous);
  }

  /** Takes in the loss at (w, b), L* + (Sxx/n)·dw² + (x̄·dw + db)² summed as mseAt does, and returns
   * the component along the sharpest direction. */
  private visit(w: number, b: number): number {
    const dw = w - this.wStar;
    const db = b - this.bStar;
    const along = this.meanX * dw + db;
    const spreadTerm = this.spread * dw * dw;
    const alongTerm = along * along;
    const loss = this.lossStar + spreadTerm + alongTerm;
    if (loss < this.bestLoss) this.bestLoss = loss;
    if (this.reachedAt === null && spreadTerm + alongTerm <= this.tolerance) this.reachedAt = this.updates;
    return this.vw * dw + this.vb * db;
  }

  observe(_w0: number, _b0: number, w1: number, b1: number): void {
    this.updates++;
    const sharp = this.visit(w1, b1);
    this.countFlip(this.previous, sharp, this.noise);
    this.previous = sharp;
  }
}

/** No exact theory: successive updates pointing in opposite directions (a negative dot product). */
class SuccessiveUpdateMonitor extends UpdateMonitor {
  readonly measure = "successive-updates";
  private previousW = 0;
  private previousB = 0;

  observe(w0: number, b0: number, w1: number, b1: number): void {
    this.updates++;
    const dw = w1 - w0;
    const db = b1 - b0;
    const size = Math.hypot(dw, db);
    if (this.updates > 1) {
      const dot = dw * this.previousW + db * this.previousB;
      // The dot product's sign carried by the update's size, so the floors apply to both updates.
      const noise = FLIP_ROUNDING_FLOOR * (Math.abs(w1) + Math.abs(b1));
      this.countFlip(Math.hypot(this.previousW, this.previousB), dot < 0 ? -size : size, noise);
    } else this.largest = size;
    this.previousW = dw;
    this.previousB = db;
  }
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
