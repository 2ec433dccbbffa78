/**
 * What a run did, decided once, here; the CLI, the figures, the report and the web lab only word it.
 *
 * Two facts, and the lesson's word derived from them and the budget:
 * - `regime` (regime.ts): converging | oscillating | diverging, the dynamics at the end of the run. Exact
 *   from the theory for full-batch SGD (with or without momentum) on linear MSE, for any number of steps;
 *   read from the run's trajectory otherwise.
 * - `reached`: whether the run ended within the closeness gap of the best loss (closeness.ts); null when
 *   the best loss is not known exactly (MAE, Huber).
 * - `outcome`, the lesson's word: `jumps-out` (diverging), `rescued-by-decay` (a schedule that went
 *   above the bound and came back below it for good before it blew up), `good` (reached), `noisy`
 *   (mini-batches kept away from a minimum the same rate reaches on the full batch), `jumps-around`
 *   (overshooting, still jumping at the end of the budget), `too-small` (still crawling toward it: a larger
 *   rate gets there sooner), `needs-more-steps` (crawling at a rate as fast as any constant rate: the
 *   budget is short, not the rate).
 * Beside them: the bound of the chosen optimizer, the exact step counts, and a suggested rate that is
 * rounded down and never above a bound.
 */

import { type BudgetShortfall, budgetShortfall } from "../choosing/budget-shortfall.js";
import type { SimulatedRate } from "../choosing/simulated-rate.js";
import { mseAt } from "../data/stats.js";
import { eigenComponents } from "../theory/fastest-from-start.js";
import {
  bestRateForMomentum,
  type FastestRate,
  fastestRate,
  type MomentumPair,
  momentumRootModulus,
  optimalMomentumPair,
} from "../theory/fastest-rate.js";
import type { LocalBound } from "../theory/local-bound.js";
import {
  miniBatchRegime,
  type NoExactBoundReason,
  type OptimizerLike,
  type Regime,
  type RegimeBounds,
  regimeAt,
  regimeBoundsOf,
  type TrajectoryFacts,
  trajectoryRegime,
} from "../theory/regime.js";
import type { LinearMseTheory } from "../theory/theory.js";
import { stepsToTolerance } from "../theory/theory.js";
import type { TrainResult } from "../training/train.js";
import { type Closeness, closeness, closenessFor, relativeExcess } from "./closeness.js";
import type { FullBatchTwin } from "./full-batch-twin.js";
import { decideOutcome, sharpShareAlong, stillDescending } from "./outcome-rule.js";
import { outcomeAfterSearch, suggestedRateOf } from "./simulated-advice.js";

export { CLOSE_RELATIVE_GAP } from "./closeness.js";

/** The lesson's words for a run. */
export type Outcome =
  | "too-small"
  | "needs-more-steps"
  | "good"
  | "jumps-around"
  | "jumps-out"
  | "noisy"
  | "rescued-by-decay";

/** Every outcome, in the lesson's order. */
export const OUTCOMES: readonly Outcome[] = [
  "too-small",
  "needs-more-steps",
  "good",
  "jumps-around",
  "jumps-out",
  "noisy",
  "rescued-by-decay",
];

/** From this condition number, when even the fastest rate needs more than the budget, the valley is what is slow. */
export const NARROW_VALLEY = 100;
/** Above this condition number no constant rate serves both directions: rescale x. */
export const ILL_CONDITIONED = 1e4;
/** …when, from this start, even the fastest constant rate needs more steps than this. */
export const ILL_CONDITIONED_STEPS = 1_000;

/** A stretch of steps whose rate was above the bound: from `from` to the step before `to` (null: to the end). */
export interface BoundExcursion {
  readonly from: number;
  readonly to: number | null;
}

export interface Verdict {
  /** The dynamics at the end of the run. */
  regime: Regime;
  /** `theory`: decided exactly from the rate and the Hessian; `trajectory`: read from the run. */
  regimeBasis: "theory" | "trajectory";
  /** Why the theory could not decide, when it could not. */
  noExactBound: NoExactBoundReason | null;
  /** Whether the run ended within the closeness gap of the best loss; null when the best loss is unknown. */
  reached: boolean | null;
  /** The lesson's word, from `regime`, `reached` and the budget. */
  outcome: Outcome;
  /** The rate of the first step, and of the last. */
  learningRate: number;
  finalLearningRate: number;
  /**
   * The chosen optimizer's stability bound on this data: exact for full-batch SGD (plain 2/λmax, momentum
   * 2(1 + β)/λmax, Nesterov 2(1 + β)/((1 + 2β)·λmax)); for mini-batch SGD the bound of the mean step, above
   * which it surely diverges; null for Adam, RMSprop, Adagrad and for MAE and Huber.
   */
  criticalLearningRate: number | null;
  criticalFormula: string | null;
  /** Whether `criticalLearningRate` separates converging from diverging exactly (full batch). */
  criticalIsExact: boolean;
  /** Above this rate the optimizer overshoots (1/λmax for plain SGD). */
  overshootLearningRate: number | null;
  /**
   * How much the error along the sharpest direction is multiplied by per step at the run's last rate:
   * |1 − η·λmax| for plain SGD, the largest root modulus with momentum (exact theory only). Above 1 the
   * jumps grow, at 1 they never shrink.
   */
  growthPerStep: number | null;
  /** learningRate / criticalLearningRate. */
  criticalRatio: number | null;
  /** Whether the rate stayed the same for the whole run. */
  constantRate: boolean;
  /** The largest rate of the run (a schedule's peak; the rate itself when constant). */
  peakLearningRate: number;
  /** With a changing rate: the first step whose rate was above the bound, and the first step after it back below. */
  exceededBoundAt: number | null;
  crossedBoundAt: number | null;
  /**
   * How many separate stretches of steps had a rate above the bound (a cyclical schedule or restarts rise
   * again), and the last of them; 0 and null with a constant rate.
   */
  boundExcursions: number;
  lastExcursion: BoundExcursion | null;
  /** The lowest loss of any line: exact for MSE, found by search for MAE and Huber (robust-optimum.ts). */
  bestLoss: number | null;
  /** Final loss minus the best loss, when the best loss is known. */
  gap: number | null;
  /** The closeness rule that `reached` used. */
  closeness: Closeness | null;
  /** gap / best loss, or null when the best loss is too small for a percentage (see closeness.ts). */
  relativeGap: number | null;
  /** Steps this constant rate needs to get within the gap (plain full-batch SGD), null if never. */
  stepsNeeded: number | null;
  /** The fastest constant rate from this start and its steps (plain full-batch SGD on MSE). */
  fastest: FastestRate | null;
  /**
   * Mini-batches on MSE: the gap the same run (rates, optimizer, start, number of updates) leaves on the
   * full batch. Within the closeness gap, the noise is what keeps the mini-batch run away; beyond it, the
   * rate or the budget is. Null when not computed.
   */
  fullBatchGap: number | null;
  /** The steps asked for. */
  budget: number;
  /** Even the fastest constant rate needs more steps than the budget. */
  budgetTooShort: boolean;
  /**
   * A rate worth trying, suggest's for the same --steps: rounded down, never above the bound; null when
   * none can be named exactly.
   */
  suggestedLearningRate: number | null;
  /**
   * Plain full-batch SGD with fewer steps than the fastest rate needs: the rate that ends lowest within
   * them (suggest's headline, which `suggestedLearningRate` is), beside the fastest and its steps.
   */
  budgetShortfall: BudgetShortfall | null;
  /** With momentum: Polyak's optimal rate and momentum for this data. */
  momentumPair: MomentumPair | null;
  /** The steps `momentumPair` needs to stay within the gap from this start (found by running it), or null. */
  momentumPairSteps: number | null;
  /**
   * Adam, RMSprop, Adagrad and SGD with momentum on full-batch MSE: the rate that gets there soonest in this
   * budget (or, none getting there, in the shortest longer one), found by running them.
   */
  simulated: SimulatedRate | null;
  /** For MAE and Huber (no exact best loss): whether the loss had stopped falling at the end. */
  settled: boolean | null;
  conditionNumber: number | null;
  /** Condition number above {@link ILL_CONDITIONED}: no constant rate works well; rescale x. */
  illConditioned: boolean;
  /**
   * Condition number from {@link NARROW_VALLEY} and even the fastest rate short of the budget: a rate the
   * steep direction survives crawls along the flat one, and rescaling x is what would shorten the run.
   */
  narrowValley: boolean;
  divergedAtStep: number | null;
  /**
   * Huber: the stability bound near the best line, from the curvature there (local-bound.ts): above it the
   * run cannot settle in the minimum. Not a bound from the start, so it decides nothing here; null otherwise.
   */
  localBound: LocalBound | null;
}

export interface VerdictContext {
  /** Exact theory, for MSE runs; null otherwise. */
  theory: LinearMseTheory | null;
  /** The optimizer's name and Keras config decide which bound applies. */
  optimizer: OptimizerLike;
  /** Whether the rate stayed the same for the whole run (no schedule, no plateau). */
  constantRate: boolean;
  /** Where the run started. */
  initialW: number;
  initialB: number;
  /**
   * The schedule, to find the exact steps a changing rate crossed the bound; omitted with a plateau callback,
   * whose rate only the recorded rows know.
   */
  rateAt?: (step: number) => number;
  /**
   * Without the MSE theory: the best loss and the best flat line's loss (robust-optimum.ts), so MAE and Huber
   * runs are judged against their optimum too. Omitted: `reached` is null and `settled` decides.
   */
  best?: { readonly loss: number; readonly flatLineLoss: number } | null;
  /** Mini-batches on MSE: the same run on the full batch (full-batch-twin.ts), to tell noise from crawling. */
  fullBatchTwin?: FullBatchTwin | null;
  /**
   * Adam, RMSprop, Adagrad and SGD with momentum on full-batch MSE: the fastest rate for the budget, by
   * running them (simulated-rate.ts).
   */
  simulated?: SimulatedRate | null;
  /** With `simulated`: the steps the run's own constant rate needs to stay within the gap. */
  simulatedSteps?: number | null;
  /** With momentum on full-batch MSE: the steps the best (rate, momentum) pair needs to stay within the gap. */
  momentumPairSteps?: number | null;
  /** Huber: the bound near the best line (local-bound.ts), passed on for the words. */
  localBound?: LocalBound | null;
}

/** The rate to suggest below a bound, one significant digit, rounded down: 0.055 → 0.05. */
export function roundDownToOneDigit(value: number): number {
  if (!(value > 0) || !Number.isFinite(value)) return value;
  // From the shortest decimal form, not from value / 10^k · 10^k, whose rounding gives
  // 0.30000000000000004, nor from a 20-digit expansion, which reads 0.3 as 0.2999….
  const [mantissa, exponent] = value.toExponential().split("e") as [string, string];
  return Number(`${mantissa[0]}e${exponent}`);
}

export function judgeRun(run: TrainResult, context: VerdictContext): Verdict {
  const { theory, optimizer, constantRate } = context;
  const { history } = run;
  const stats = run.stats;
  const last = history.length - 1;
  const learningRate = history.learningRate[0] as number;
  const finalLearningRate = history.learningRate[last] as number;
  const fullBatch = run.stepsPerEpoch === 1;
  const bounds: RegimeBounds | null = theory ? regimeBoundsOf(theory, optimizer) : null;
  const startingLoss = history.loss[0] as number;
  const known = theory ? null : (context.best ?? null);
  const close = stats
    ? closeness(stats, startingLoss)
    : known
      ? closenessFor(known.loss, known.flatLineLoss > 0 ? known.flatLineLoss : startingLoss)
      : null;
  const best = theory?.optimum.loss ?? known?.loss ?? null;
  const finalLoss = run.final.loss;
  const blewUp = run.status === "diverged" || !Number.isFinite(finalLoss);

  const noExactBound: NoExactBoundReason | null = !theory
    ? "not-mse"
    : !bounds
      ? "adaptive-optimizer"
      : !fullBatch
        ? "mini-batch"
        : null;
  const exact = noExactBound === null && bounds !== null;
  const regime: Regime = blewUp
    ? "diverging"
    : exact
      ? regimeAt(bounds, constantRate ? learningRate : finalLearningRate)
      : readRegime(fullBatch ? null : (context.fullBatchTwin?.regime ?? null), {
          blewUp,
          startingLoss: history.loss[0] as number,
          finalLoss,
          bestLoss: best,
          flipPairs: run.dynamics.flipPairs,
          flips: run.dynamics.flips,
          flipMeasure: run.dynamics.flipMeasure,
          lossPairs: run.dynamics.lossPairs,
          lossRises: run.dynamics.lossRises,
        });

  const gap = best !== null && Number.isFinite(finalLoss) ? Math.max(0, finalLoss - best) : null;
  const reached = close === null ? null : gap !== null && gap <= close.gap;
  const settled = close === null && !blewUp ? lossSettled(run) : null;

  const critical = bounds?.critical ?? null;
  // A changing rate: its peak, and the stretches of steps whose rate was above the bound.
  const peakLearningRate = constantRate ? learningRate : peakRate(run);
  const excursions =
    critical !== null && !constantRate
      ? excursionsAbove(run, critical.learningRate, context.rateAt)
      : { count: 0, first: null, last: null };
  const exceededBoundAt = excursions.first?.from ?? null;
  const crossedBoundAt = blewUp ? null : (excursions.first?.to ?? null);
  // Back below the bound for good before the end: the last stretch above it ended.
  const backBelowAt = blewUp ? null : (excursions.last?.to ?? null);

  // Exact step counts and the fastest rate: plain full-batch SGD on MSE.
  const plainExact = exact && theory !== null && isPlainSgd(optimizer) && stats !== null && close !== null;
  const start = { initialW: context.initialW, initialB: context.initialB };
  const fastest = plainExact ? fastestRate(stats, theory, { ...start, gap: close.gap }) : null;
  const stepsNeeded =
    plainExact && constantRate
      ? stepsToTolerance(stats, theory, { ...start, learningRate, tolerance: close.gap })
      : constantRate && fullBatch
        ? (context.simulatedSteps ?? null)
        : null;
  const budgetTooShort = fastest !== null && fastest.steps > run.requestedSteps;

  // Ill-conditioned data, and it shows: a start whose error lies along the sharp direction alone is fixed
  // in a step whatever κ is, and then there is nothing to warn about. Constant x (λmin = 0) has no flat
  // direction to crawl along, only one that the loss ignores.
  const illConditioned =
    theory !== null &&
    theory.hessianEigenvalues[1] > 0 &&
    theory.conditionNumber > ILL_CONDITIONED &&
    (fastest === null || fastest.steps > ILL_CONDITIONED_STEPS);

  const near = gap !== null && close !== null ? gap <= close.gap / 1e-3 : settled === true; // within 100% of the scale
  const descending = stillDescending(run.history);
  // Full batch, exact: what is left at the end, the sharp direction (still jumping) or the flat (crawling)?
  const sharpShare =
    exact && theory && stats && gap !== null && gap > 0 ? sharpShareOfExcess(theory, run.final, gap) : null;
  // Mini-batches on MSE: where the same rates leave the full batch tells noise from crawling.
  const twin = !fullBatch && theory && close && best !== null ? (context.fullBatchTwin ?? null) : null;
  const fullBatchGap = twin ? (twin.blewUp ? null : Math.max(0, twin.final.loss - (best as number))) : null;
  const twinBounds = twin && theory ? regimeBoundsOf(theory, optimizer) : null;
  let outcome: Outcome = decideOutcome({
    regime,
    backBelowAt,
    reached,
    startingLoss,
    finalLoss,
    settled,
    fullBatch,
    twin:
      twin && close
        ? {
            fullBatchGap,
            closeGap: close.gap,
            jumping:
              fullBatchGap !== null &&
              fullBatchGap > close.gap &&
              twinBounds !== null &&
              theory !== null &&
              regimeAt(twinBounds, finalLearningRate) === "oscillating" &&
              sharpShareOfExcess(theory, twin.final, fullBatchGap) >= 0.5,
          }
        : null,
    near,
    descending,
    sharpShare,
    belowFastest: constantRate && fastest !== null && learningRate < fastest.exactLearningRate,
    illConditioned,
    budgetTooShort,
    fastestSteps: fastest?.steps ?? null,
    stepsNeeded,
  });

  const momentum = momentumOf(optimizer);
  const simulated = fullBatch && !isPlainSgd(optimizer) ? (context.simulated ?? null) : null;
  outcome = outcomeAfterSearch(outcome, {
    simulated,
    requestedSteps: run.requestedSteps,
    stepsNeeded,
    gap,
  });
  const momentumPair =
    theory && momentum !== null && momentum.momentum > 0
      ? optimalMomentumPair(theory, momentum.nesterov)
      : null;
  const shortfall =
    plainExact && constantRate
      ? budgetShortfall({
          fastest,
          directions: eigenComponents(
            theory.hessianEigenvalues,
            theory.eigenvectors,
            [start.initialW, start.initialB],
            [stats.optimum.w, stats.optimum.b],
          ),
          criticalLearningRate: theory.criticalLearningRate,
          budget: run.requestedSteps,
          optimumLoss: stats.optimum.loss,
          startingLoss: mseAt(stats, start.initialW, start.initialB),
        })
      : null;
  const suggestedLearningRate = suggestedRateOf(
    fastest,
    simulated,
    () =>
      exact && theory && momentum !== null && momentum.momentum > 0
        ? bestRateForMomentum(theory, momentum.momentum, momentum.nesterov)
        : null,
    shortfall,
  );

  return {
    regime,
    regimeBasis: exact && !blewUp ? "theory" : exact && constantRate ? "theory" : "trajectory",
    noExactBound,
    reached,
    outcome,
    learningRate,
    finalLearningRate,
    criticalLearningRate: critical?.learningRate ?? null,
    criticalFormula: critical?.formula ?? null,
    criticalIsExact: exact,
    overshootLearningRate: bounds?.overshoot.learningRate ?? null,
    growthPerStep:
      exact && theory && momentum !== null
        ? momentumRootModulus(
            (constantRate ? learningRate : finalLearningRate) * theory.hessianEigenvalues[0],
            momentum.momentum,
            momentum.nesterov,
          )
        : null,
    criticalRatio: critical ? learningRate / critical.learningRate : null,
    constantRate,
    peakLearningRate,
    exceededBoundAt,
    crossedBoundAt,
    boundExcursions: excursions.count,
    lastExcursion: excursions.last,
    gap,
    bestLoss: best,
    closeness: close,
    relativeGap:
      gap !== null && close !== null && best !== null ? relativeExcess(finalLoss, best, close) : null,
    stepsNeeded,
    fastest,
    fullBatchGap,
    budget: run.requestedSteps,
    budgetTooShort,
    suggestedLearningRate,
    budgetShortfall: shortfall,
    momentumPair,
    momentumPairSteps: momentumPair ? (context.momentumPairSteps ?? null) : null,
    simulated,
    settled,
    conditionNumber: theory ? theory.conditionNumber : null,
    // Ill-conditioned data, and it shows: a start whose error lies along the sharp direction alone is
    // fixed in a step whatever κ is, and then there is nothing to warn about.
    illConditioned,
    narrowValley:
      theory !== null &&
      theory.hessianEigenvalues[1] > 0 &&
      theory.conditionNumber >= NARROW_VALLEY &&
      budgetTooShort,
    divergedAtStep: run.divergedAtStep,
    localBound: context.localBound ?? null,
  };
}

/** The regime read from the run; with mini-batches, whether its steps overshoot is the full-batch twin's. */
function readRegime(twin: Regime | null, facts: TrajectoryFacts): Regime {
  return miniBatchRegime(trajectoryRegime(facts), twin);
}

function momentumOf(optimizer: OptimizerLike): { momentum: number; nesterov: boolean } | null {
  if (optimizer.name !== "sgd") return null;
  const { momentum = 0, nesterov = false } = optimizer.config as { momentum?: number; nesterov?: boolean };
  return { momentum, nesterov: nesterov && momentum > 0 };
}

function isPlainSgd(optimizer: OptimizerLike): boolean {
  return momentumOf(optimizer)?.momentum === 0;
}

/**
 * The stretches of steps whose rate was above `bound` (the line's and the linear family's runs alike): exact step by step from the schedule when given,
 * else from the recorded rows (a plateau callback's rate changes only where it is recorded).
 */
export function excursionsAbove(
  run: {
    readonly steps: number;
    readonly history: {
      readonly length: number;
      readonly step: ArrayLike<number>;
      readonly learningRate: ArrayLike<number>;
    };
  },
  bound: number,
  rateAt?: (step: number) => number,
): { count: number; first: BoundExcursion | null; last: BoundExcursion | null } {
  let count = 0;
  let first: BoundExcursion | null = null;
  let from = -1;
  let lastFrom = -1;
  let lastTo: number | null = null;
  const visit = (step: number, rate: number): void => {
    const above = rate > bound;
    if (above && from < 0) {
      from = step;
      count++;
    } else if (!above && from >= 0) {
      if (first === null) first = { from, to: step };
      lastFrom = from;
      lastTo = step;
      from = -1;
    }
  };
  if (rateAt) {
    for (let step = 0; step < run.steps; step++) visit(step, rateAt(step));
  } else {
    const { history } = run;
    for (let i = 0; i < history.length; i++)
      visit(history.step[i] as number, history.learningRate[i] as number);
  }
  if (from >= 0) {
    // Still above the bound at the end.
    const open = { from, to: null };
    return { count, first: first ?? open, last: open };
  }
  return { count, first, last: count > 0 ? { from: lastFrom, to: lastTo } : null };
}

/** The part of the final excess loss that lies along the sharpest direction: ½·λmax·c²/(L − L*). */
function sharpShareOfExcess(
  theory: LinearMseTheory,
  final: { readonly w: number; readonly b: number },
  gap: number,
): number {
  return sharpShareAlong(
    theory.hessianEigenvalues[0],
    theory.eigenvectors[0],
    [final.w - theory.optimum.w, final.b - theory.optimum.b],
    gap,
  );
}

/** The largest rate the run used, from its recorded rows. */
function peakRate(run: TrainResult): number {
  let peak = 0;
  const rates = run.history.learningRate;
  for (let i = 0; i < rates.length; i++) if ((rates[i] as number) > peak) peak = rates[i] as number;
  return peak;
}

/**
 * Without a best loss: the loss fell over the last tenth of the run by less than 1% of all it fell (a run
 * that crawls falls about a tenth of its total there; one that has arrived, next to nothing), and it did
 * fall.
 */
function lossSettled(run: TrainResult): boolean {
  const { history } = run;
  const last = history.length - 1;
  if (last < 1) return false;
  const lastStep = history.step[last] as number;
  let i = last;
  while (i > 0 && (history.step[i - 1] as number) >= 0.9 * lastStep) i--;
  if (i === last) i = last - 1;
  const earlier = history.loss[i] as number;
  const final = history.loss[last] as number;
  const start = history.loss[0] as number;
  const fell = start - final;
  return Number.isFinite(final) && fell > 0 && earlier - final <= 1e-2 * fell;
}
