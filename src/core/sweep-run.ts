/**
 * One run of a learning-rate sweep, measured as it happens: the optimizer is wrapped so that every update
 * is seen (loss, sign flips, first step within the tolerance), in O(1) memory however long the run.
 * Nothing of a run is kept but a few numbers, plain data that can cross a thread boundary.
 *
 * The run is an ordinary `train` at the swept rate (a constant, or the argument of `options.schedule`);
 * classifying the runs and comparing them is sweep.ts's business.
 */
import type { Dataset } from "./data.js";
import { checkLossName } from "./losses.js";
import type { Optimizer } from "./optimizers/optimizer.js";
import { sgd } from "./optimizers/sgd.js";
import type { ParamSpec } from "./params.js";
import type { Schedule } from "./schedules/schedule.js";
import { type LinearStats, linearStats } from "./stats.js";
import { linearMseTheory } from "./theory.js";
import { type TrainStatus, train } from "./train.js";
import { DEFAULT_STEPS, type TrainOptions } from "./train-options.js";
import { CLOSE_RELATIVE_GAP } from "./verdict.js";

/** How sign flips are counted: along the sharpest Hessian eigenvector (MSE), or between successive updates. */
export type FlipMeasure = "sharpest-direction" | "successive-updates";

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

/**
 * The default closeness for MSE, the verdict's: 0.1% of the optimum loss, plus a hair so that a perfect
 * fit (L* = 0) can be reached.
 */
export function defaultSweepTolerance(optimumLoss: number): number {
  return CLOSE_RELATIVE_GAP * optimumLoss + 1e-12 * (1 + Math.abs(optimumLoss));
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
