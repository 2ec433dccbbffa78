/**
 * The line's verdict for the whole linear family under MSE (line, linear, polynomial as models): the same
 * quadratic as the line's, in d + 1 eigen-directions instead of two, so the same facts and the one outcome
 * rule (outcome-rule.ts) decide it, and the same run gets the same word, regime and suggested rate whether
 * `fit` ran it as the line or as `--model linear`.
 *
 * As on the line (verdict.ts): the regime is exact from the bound wherever the optimizer has one and the
 * batch is full (constant rates and schedules alike), and read from the run with mini-batches, whose mean
 * step is the full-batch twin's; `reached` is the closeness gap; the fastest constant rate from this start
 * (fastest-from-start.ts) and the run's own step count decide needs-more-steps; the twin decides noisy; a
 * schedule's stretches above the exact bound decide rescued-by-decay.
 *
 * Adam, RMSprop, Adagrad and momentum get the line's advice too: the rate found by running them
 * (choosing/run-simulation.ts, the same search with the model's own full-batch loop), and with momentum
 * Polyak's pair over the directions that move (λmin the smallest eigenvalue outside the null space).
 */

import { type BudgetShortfall, budgetShortfall } from "../choosing/budget-shortfall.js";
import type { RunSimulation } from "../choosing/run-simulation.js";
import type { SimulatedRate } from "../choosing/simulated-rate.js";
import type { LinearDesignStats, LinearDesignTheory } from "../models/linear-theory.js";
import {
  eigenComponents,
  type FastestRate,
  fastestRateAlong,
  stepsAlong,
} from "../theory/fastest-from-start.js";
import {
  bestRateForMomentum,
  type MomentumPair,
  optimalMomentumPair,
  type QuadraticExtremes,
} from "../theory/fastest-rate.js";
import {
  miniBatchRegime,
  type OptimizerLike,
  type Regime,
  type RegimeBounds,
  regimeAt,
  trajectoryRegime,
} from "../theory/regime.js";
import type { ModelTrainResult } from "../training/train-model.js";
import { type Closeness, closeness } from "./closeness.js";
import { decideOutcome, sharpShareAlong, stillDescending } from "./outcome-rule.js";
import { outcomeAfterSearch, suggestedRateOf } from "./simulated-advice.js";
import { excursionsAbove, ILL_CONDITIONED, ILL_CONDITIONED_STEPS, type Outcome } from "./verdict.js";

export interface LinearFamilyJudgement {
  readonly regime: Regime;
  /** `exact`: from the rate and the exact bound; `run`: read from the run (and its full-batch twin). */
  readonly regimeBasis: "exact" | "run";
  readonly reached: boolean;
  readonly outcome: Outcome;
  /**
   * The rate to try, rounded down, suggest's for the same --steps: plain full-batch SGD's rate that ends
   * lowest within a budget too short for the fastest (`budgetShortfall`), else its fastest from this start,
   * else the one found by running the optimizer (full batch), else with momentum the steadiest rate for it;
   * null otherwise.
   */
  readonly suggestedLearningRate: number | null;
  /** Plain full-batch SGD with fewer steps than the fastest rate needs: the budget's rate, and the fastest's steps. */
  readonly budgetShortfall: BudgetShortfall | null;
  /** Adam, RMSprop, Adagrad, momentum on the full batch: the search by running them, as the line's. */
  readonly simulated: SimulatedRate | null;
  /** With momentum: Polyak's pair for this data, and the steps it needs from this start (or null). */
  readonly momentumPair: MomentumPair | null;
  readonly momentumPairSteps: number | null;
  /** The closeness rule that `reached` used. */
  readonly closeness: Closeness;
  readonly fastest: FastestRate | null;
  /** The steps this constant rate needs to get within the gap (plain full-batch SGD), null if never. */
  readonly stepsNeeded: number | null;
  /** With a changing rate: the first step above the bound, and the first step after it back below. */
  readonly exceededBoundAt: number | null;
  readonly crossedBoundAt: number | null;
}

export interface LinearFamilyRun {
  readonly run: ModelTrainResult;
  readonly designStats: LinearDesignStats;
  readonly theory: LinearDesignTheory;
  /** The parameters the run started from, [w₁ … w_d, b]. */
  readonly initial: Float64Array;
  readonly optimizer: OptimizerLike;
  /** The optimizer's bounds from the exact λmax (SGD with or without momentum); null for adaptive ones. */
  readonly bounds: RegimeBounds | null;
  readonly constantRate: boolean;
  /** The schedule, for the exact steps a changing rate crossed the bound; omitted with a plateau callback. */
  readonly rateAt?: (step: number) => number;
  /** Mini-batches: the same run on the full batch (same rates, optimizer, start and updates). */
  readonly fullBatchTwin: ModelTrainResult | null;
  /** Full batch, an optimizer without a closed form: the search by running it (run-simulation.ts). */
  readonly simulation?: RunSimulation | null;
}

/**
 * λmax and the smallest eigenvalue that moves: the design's null space (collinear or constant columns) is
 * left out, as the loss ignores it; with λmax the only one that moves, λmin is 0, as on the line with a
 * constant x (then Polyak's pair is plain descent at 1/λmax).
 */
export function movingExtremes(theory: LinearDesignTheory): QuadraticExtremes {
  const lambdas = theory.hessianEigenvalues;
  const smallest = lambdas.length - 1 - theory.nullDirections;
  const lambdaMax = lambdas[0] as number;
  return { hessianEigenvalues: [lambdaMax, smallest > 0 ? (lambdas[smallest] as number) : 0] };
}

/** The line's rule on a run of the linear family under MSE. */
export function judgeLinearFamilyRun(input: LinearFamilyRun): LinearFamilyJudgement {
  const { run, designStats, theory, initial, optimizer, bounds, constantRate } = input;
  const { history } = run;
  const d = designStats.d;
  const last = history.length - 1;
  const learningRate = history.learningRate[0] as number;
  const finalLearningRate = history.learningRate[last] as number;
  const fullBatch = run.stepsPerEpoch === 1;
  const startingLoss = run.initialLoss;
  const finalLoss = run.final.loss;
  const blewUp = run.status === "diverged" || !Number.isFinite(finalLoss);
  const close = closeness({ ...designStats, optimum: theory.optimum }, startingLoss);
  const best = theory.optimum.loss;
  const optimum = [...theory.optimum.w, theory.optimum.b];
  const lambdas = theory.hessianEigenvalues;
  const lambdaMax = lambdas[0] as number;
  const sharpVector = theory.hessianEigenvectors[0] as Float64Array;
  const offset = (params: Float64Array) => optimum.map((value, j) => (params[j] as number) - value);

  const exact = bounds !== null && fullBatch;
  const twin = !fullBatch ? input.fullBatchTwin : null;
  const twinBlewUp = twin ? twin.status === "diverged" || !Number.isFinite(twin.final.loss) : false;
  const twinRegime: Regime | null = twin
    ? bounds && !twinBlewUp
      ? regimeAt(bounds, twin.history.learningRate[twin.history.length - 1] as number)
      : trajectoryRegime(lateLossFacts(twin, best))
    : null;
  const regime: Regime = blewUp
    ? "diverging"
    : exact
      ? regimeAt(bounds, constantRate ? learningRate : finalLearningRate)
      : miniBatchRegime(trajectoryRegime(lateLossFacts(run, best)), twinRegime);

  const gap = Number.isFinite(finalLoss) ? Math.max(0, finalLoss - best) : null;
  const reached = gap !== null && gap <= close.gap;

  const excursions =
    bounds !== null && !constantRate
      ? excursionsAbove(run, bounds.critical.learningRate, input.rateAt)
      : { count: 0, first: null, last: null };
  const backBelowAt = blewUp ? null : (excursions.last?.to ?? null);

  const plainSgd =
    optimizer.name === "sgd" && ((optimizer.config as { momentum?: number }).momentum ?? 0) === 0;
  const plainExact = exact && plainSgd;
  const directions = eigenComponents(lambdas, theory.hessianEigenvectors, initial, optimum);
  const fastest = plainExact
    ? fastestRateAlong({
        directions,
        gap: close.gap,
        criticalLearningRate: theory.criticalLearningRate,
        optimalLearningRate: theory.optimalLearningRate,
      })
    : null;
  let stepsNeeded = plainExact && constantRate ? stepsAlong(directions, learningRate, close.gap) : null;
  const budgetTooShort = fastest !== null && fastest.steps > run.requestedSteps;
  const lambdaMin = lambdas[d] as number;
  const illConditioned =
    lambdaMin > 0 &&
    theory.conditionNumber > ILL_CONDITIONED &&
    (fastest === null || fastest.steps > ILL_CONDITIONED_STEPS);

  const simulated = fullBatch && !plainSgd ? (input.simulation?.fastest ?? null) : null;
  if (stepsNeeded === null && constantRate && fullBatch && input.simulation)
    stepsNeeded = input.simulation.own;
  const fullBatchGap = twin ? (twinBlewUp ? null : Math.max(0, twin.final.loss - best)) : null;
  const decided = decideOutcome({
    regime,
    backBelowAt,
    reached,
    startingLoss,
    finalLoss,
    settled: null,
    fullBatch,
    twin: twin
      ? {
          fullBatchGap,
          closeGap: close.gap,
          jumping:
            fullBatchGap !== null &&
            fullBatchGap > close.gap &&
            bounds !== null &&
            regimeAt(bounds, finalLearningRate) === "oscillating" &&
            sharpShareAlong(lambdaMax, sharpVector, offset(twin.final.params), fullBatchGap) >= 0.5,
        }
      : null,
    near: gap !== null && gap <= close.gap / 1e-3,
    descending: stillDescending(history),
    sharpShare:
      exact && gap !== null && gap > 0
        ? sharpShareAlong(lambdaMax, sharpVector, offset(run.final.params), gap)
        : null,
    belowFastest: constantRate && fastest !== null && learningRate < fastest.exactLearningRate,
    illConditioned,
    budgetTooShort,
    fastestSteps: fastest?.steps ?? null,
    stepsNeeded,
  });
  const outcome = outcomeAfterSearch(decided, {
    simulated,
    requestedSteps: run.requestedSteps,
    stepsNeeded,
    gap,
  });
  const { momentum = 0, nesterov = false } = optimizer.config as { momentum?: number; nesterov?: boolean };
  const withMomentum = optimizer.name === "sgd" && momentum > 0;
  const extremes = movingExtremes(theory);
  const momentumPair = withMomentum && lambdaMax > 0 ? optimalMomentumPair(extremes, nesterov) : null;
  const shortfall = constantRate
    ? budgetShortfall({
        fastest,
        directions,
        criticalLearningRate: theory.criticalLearningRate,
        budget: run.requestedSteps,
        optimumLoss: best,
        startingLoss,
      })
    : null;
  return {
    regime,
    regimeBasis: exact && (!blewUp || constantRate) ? "exact" : "run",
    reached,
    outcome,
    suggestedLearningRate: suggestedRateOf(
      fastest,
      simulated,
      () => (exact && withMomentum ? bestRateForMomentum(extremes, momentum, nesterov) : null),
      shortfall,
    ),
    budgetShortfall: shortfall,
    simulated,
    momentumPair,
    momentumPairSteps: momentumPair ? (input.simulation?.pairSteps ?? null) : null,
    closeness: close,
    fastest,
    stepsNeeded,
    exceededBoundAt: excursions.first?.from ?? null,
    crossedBoundAt: blewUp ? null : (excursions.first?.to ?? null),
  };
}

/** The loss facts of a run for trajectoryRegime: its start and end, and the rises among its late recorded losses. */
export function lateLossFacts(run: ModelTrainResult, bestLoss: number | null) {
  const { loss } = run.history;
  const from = Math.floor(loss.length / 2);
  let lossPairs = 0;
  let lossRises = 0;
  for (let i = Math.max(1, from); i < loss.length; i++) {
    lossPairs++;
    if ((loss[i] as number) > (loss[i - 1] as number)) lossRises++;
  }
  return {
    blewUp: run.status === "diverged",
    startingLoss: run.initialLoss,
    finalLoss: run.final.loss,
    bestLoss,
    lossPairs,
    lossRises,
    flipPairs: 0,
    flips: 0,
    flipMeasure: "successive-updates" as const,
  };
}
