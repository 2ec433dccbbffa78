/**
 * One answer to "what learning rate should I use?", with its reason.
 *
 * - Full-batch plain gradient descent on linear MSE: exactly, the rate that reaches the closeness gap in
 *   the fewest steps from this start (fastest-rate.ts), beside the best worst-case rate 2/(λmin + λmax)
 *   and the critical rate 2/λmax.
 * - Full-batch SGD with momentum on linear MSE: Polyak's optimal pair of rate and momentum, and the best
 *   rate for the momentum given.
 * - Anything else (mini-batches, adaptive optimizers, MAE, Huber): the LR range test's `valley` (fastai's
 *   default), held below the optimizer's stability bound where one applies.
 * - Always: the sharpest curvature λmax at the start, estimated by power iteration on Hessian-vector
 *   products, and the edge of stability 2/λmax it implies. No LR finder gives that number.
 * - The bound: exact for MSE; for Huber the one near the best line (local-bound.ts), where the run has to
 *   settle, not the start's curvature, which can be ten times smaller; none for MAE (no curvature).
 * Every rate given is rounded down (fastest-rate.ts), so a printed suggestion never sits above a bound.
 */

import type { Dataset } from "../data/data.js";
import { type LinearStats, linearStats, mseAt } from "../data/stats.js";
import { closeness, closenessFor } from "../judging/closeness.js";
import type { Optimizer } from "../optimizers/optimizer.js";
import { createOptimizer } from "../optimizers/registry.js";
import { sgd } from "../optimizers/sgd.js";
import type { ParamSpec } from "../params.js";
import { type BestWorstCaseFormula, bestWorstCaseMeaning } from "../theory/best-worst-case.js";
import { type CurvatureEstimate, sharpestCurvature } from "../theory/curvature.js";
import { eigenComponents } from "../theory/fastest-from-start.js";
import {
  bestRateForMomentum,
  type FastestRate,
  fastestRate,
  type MomentumPair,
  optimalMomentumPair,
  roundDownSignificant,
  shortestRoundingDown,
} from "../theory/fastest-rate.js";
import { huberLocalBound, type LocalBound } from "../theory/local-bound.js";
import { robustOptimum } from "../theory/robust-optimum.js";
import {
  type LinearMseTheory,
  linearMseTheory,
  optimizerStabilityBound,
  type StabilityBound,
  stepsToTolerance,
} from "../theory/theory.js";
import { DEFAULT_STEPS } from "../training/train-options.js";
import { type BudgetShortfall, budgetShortfall, budgetShortfallWords } from "./budget-shortfall.js";
import { pickTrainOptions, type RangeTestOptions, type RangeTestResult, rangeTest } from "./range-test.js";
import { fastestRateByRuns } from "./rate-by-runs.js";
import { aboveBest, formatRate } from "./rate-words.js";
import {
  fastestRateBySimulation,
  MAX_SIMULATED_BUDGET,
  type SimulatedRate,
  trialAt,
} from "./simulated-rate.js";

export interface SuggestLearningRateOptions extends RangeTestOptions {
  /** The loss gap the step counts aim for; default the closeness gap (0.1% of the optimum loss). */
  tolerance?: number;
  /** The steps the run will have, for the optimizers whose best rate depends on it (Adam, …); default 100. */
  budget?: number;
}

export type SuggestionMethod = "theory" | "simulation" | "range-test" | "curvature";

export interface LearningRateSuggestion {
  /** The rate to use, rounded down; null only when nothing could be learnt (no finite loss, no curvature). */
  learningRate: number | null;
  /** With momentum: the momentum to use with it (Polyak's optimal pair), else null. */
  momentum: number | null;
  method: SuggestionMethod;
  /** Why, in a sentence a learner understands. */
  reason: string;
  /**
   * The rate above which the chosen optimizer diverges: exact on full-batch linear MSE; for Huber, the rate
   * above which it cannot settle near the best line (`localBound`); else from the curvature at the start.
   */
  criticalLearningRate: number | null;
  /** How that bound is written ("2/λmax", "2(1 + β)/λmax"), and whether it is exact or estimated. */
  criticalFormula: string | null;
  criticalIsExact: boolean;
  /** 2/(λmin + λmax): the best worst-case rate (1/λmax when λmin = 0), for linear MSE. */
  optimalLearningRate: number | null;
  /** That rate's formula, the theory's (best-worst-case.ts): what every face writes beside it. */
  optimalFormula: BestWorstCaseFormula | null;
  /** The fastest constant rate from this start, exactly (full-batch plain gradient descent on MSE). */
  fastest: FastestRate | null;
  /** With momentum: Polyak's optimal pair, and the best rate for the momentum given. */
  momentumPair: MomentumPair | null;
  bestRateForGivenMomentum: number | null;
  /** Adam, RMSprop, Adagrad on full-batch MSE: the rate that gets there soonest, found by running them. */
  simulated: SimulatedRate | null;
  /** Full-batch steps to get within `tolerance` of the optimum loss (linear MSE, SGD without momentum). */
  steps: { suggested: number | null; optimal: number | null; critical: number | null } | null;
  tolerance: number | null;
  /** The sharpest curvature at the start, by Hessian-vector power iteration. */
  curvature: CurvatureEstimate;
  /** Huber: the curvature at the best line and the bound it gives, which `criticalLearningRate` is; else null. */
  localBound: LocalBound | null;
  theory: LinearMseTheory | null;
  rangeTest: RangeTestResult | null;
  /** The exact method only: the budget (--steps, default 100) is shorter than the fastest rate needs. */
  budgetShortfall: BudgetShortfall | null;
}

export function suggestLearningRate(
  data: Dataset,
  options: SuggestLearningRateOptions = {},
  nameOf?: (spec: ParamSpec) => string,
): LearningRateSuggestion {
  const { loss = "mse", optimizer = sgd(), initialW = 0, initialB = 0 } = options;
  const n = data.x.length;
  const fullBatch = options.batchSize === undefined || options.batchSize >= n;
  const stats = loss === "mse" ? (options.stats ?? linearStats(data)) : null;
  const theory = stats ? linearMseTheory(stats) : null;
  const curvature = sharpestCurvature(data, {
    loss,
    w: initialW,
    b: initialB,
    ...(options.huberDelta === undefined ? {} : { huberDelta: options.huberDelta }),
  });
  const exactBound = theory ? optimizerStabilityBound(theory.hessianEigenvalues[0], optimizer) : null;
  const localBound = loss === "huber" ? huberLocalBound(data, optimizer, options.huberDelta) : null;
  const bound: StabilityBound | null =
    exactBound ??
    (localBound ? localBound.critical : optimizerStabilityBound(curvature.lambdaMax, optimizer));
  const tolerance =
    options.tolerance ?? (stats ? closeness(stats, mseAt(stats, initialW, initialB)).gap : null);
  const base = {
    momentum: null,
    criticalLearningRate: bound?.learningRate ?? null,
    criticalFormula: bound?.formula ?? null,
    criticalIsExact: exactBound !== null && fullBatch,
    optimalLearningRate: theory?.optimalLearningRate ?? null,
    optimalFormula: theory?.optimalFormula ?? null,
    fastest: null,
    momentumPair: null,
    bestRateForGivenMomentum: null,
    simulated: null,
    tolerance,
    curvature,
    localBound,
    theory,
    budgetShortfall: null,
  };
  const stepsAt = (learningRate: number): number | null =>
    stats && theory && tolerance !== null
      ? stepsToTolerance(stats, theory, { learningRate, initialW, initialB, tolerance })
      : null;

  if (stats && theory && tolerance !== null && fullBatch && isPlainSgd(optimizer)) {
    const fastest = fastestRate(stats, theory, { initialW, initialB, gap: tolerance });
    const optimal = theory.optimalLearningRate;
    // Unreachable: the flat direction crawls whatever the rate, and 2/(λmin + λmax) is then 2/λmax itself
    // to the last digit. 1/λmax is offered instead: the largest rate that settles the sharp direction
    // without a single jump across the minimum.
    const shortfall = budgetShortfall({
      fastest,
      directions: eigenComponents(
        theory.hessianEigenvalues,
        theory.eigenvectors,
        [initialW, initialB],
        [stats.optimum.w, stats.optimum.b],
      ),
      criticalLearningRate: theory.criticalLearningRate,
      budget: options.budget ?? DEFAULT_STEPS,
      optimumLoss: stats.optimum.loss,
      startingLoss: mseAt(stats, initialW, initialB),
    });
    // With too few steps for the fastest rate, the rate that ends lowest within them (budget-shortfall.ts).
    const learningRate =
      shortfall?.lowestWithinBudget.learningRate ??
      fastest?.learningRate ??
      shortestRoundingDown(1 / theory.hessianEigenvalues[0], () => true);
    const reason = fastestRateReason(fastest, "the two directions", theory.optimalFormula);
    return {
      ...base,
      learningRate,
      method: "theory",
      reason: shortfall ? budgetShortfallWords(shortfall) : reason,
      budgetShortfall: shortfall,
      fastest,
      steps: { suggested: stepsAt(learningRate), optimal: stepsAt(optimal), critical: null },
      rangeTest: null,
    };
  }

  const momentum = momentumOf(optimizer);
  if (theory && fullBatch && momentum !== null && momentum.momentum > 0) {
    const pair = optimalMomentumPair(theory, momentum.nesterov);
    const given = bestRateForMomentum(theory, momentum.momentum, momentum.nesterov);
    // From this start, the steps the pair needs to get within the gap and stay (by running it).
    const pairSteps =
      stats && tolerance !== null
        ? trialAt(
            data,
            {
              optimizer: createOptimizer("sgd", { momentum: pair.momentum, nesterov: momentum.nesterov }),
              stats,
              budget: MAX_SIMULATED_BUDGET,
              gap: tolerance,
              initialW,
              initialB,
            },
            pair.learningRate,
          ).settledAt
        : null;
    const pairWords =
      pairSteps === null
        ? ""
        : ` From this start the pair gets ${gapWordsFor(stats, tolerance, options, initialW, initialB)} and stays there from step ${pairSteps.toLocaleString("en-US")} on.`;
    // A budget given: the rate that gets there soonest within it with the momentum given.
    if (options.budget !== undefined && stats && tolerance !== null && bound !== null) {
      const budget = options.budget;
      const simulated = fastestRateBySimulation(data, {
        optimizer,
        stats,
        budget,
        gap: tolerance,
        initialW,
        initialB,
        range: [bound.learningRate * 1e-4, bound.learningRate * 0.999],
      });
      if (simulated && simulated.steps !== null) {
        const gapWords = gapWordsFor(stats, tolerance, options, initialW, initialB);
        return {
          ...base,
          learningRate: simulated.learningRate,
          method: "simulation",
          reason: `With momentum ${momentum.momentum}, ${simulated.tried} rates below the bound ${bound.formula} were each run for ${budget} steps from this start: at this rate SGD ${
            simulated.steps <= budget
              ? `gets ${gapWords} and stays there from step ${simulated.steps}, the soonest of them`
              : `gets ${gapWords} and stays there from step ${simulated.steps}: none does within ${budget} steps, so give it ${simulated.steps}`
          }. The best pair for this data is rate ${pair.learningRate} with momentum ${pair.momentum}.${pairWords}`,
          momentumPair: pair,
          bestRateForGivenMomentum: given,
          simulated,
          steps: null,
          rangeTest: null,
        };
      }
    }
    return {
      ...base,
      learningRate: pair.learningRate,
      momentum: pair.momentum,
      method: "theory",
      reason: `${
        momentum.nesterov
          ? "Exact for full-batch SGD with Nesterov momentum on MSE (Lessard, Recht & Packard 2016): rate 4/(3λmax + λmin) with momentum (√(3κ + 1) − 2)/(√(3κ + 1) + 2)"
          : "Exact for full-batch SGD with momentum on MSE (Polyak's heavy ball): rate 4/(√λmax + √λmin)² with momentum ((√κ − 1)/(√κ + 1))²"
      } shrinks every direction by ${roundDownSignificant(pair.contraction, 3)} per step, the best any constant pair can do${given !== null ? `; with momentum ${momentum.momentum} the steadiest rate is ${given}` : ""}.${pairWords}`,
      momentumPair: pair,
      bestRateForGivenMomentum: given,
      steps: null,
      rangeTest: null,
    };
  }

  const test = rangeTest(data, { ...options, ...(stats ? { stats } : {}) }, nameOf);
  if (stats && tolerance !== null && fullBatch && momentum === null) {
    const budget = options.budget ?? DEFAULT_STEPS;
    const simulation = { optimizer, stats, budget, gap: tolerance, initialW, initialB };
    const simulated = fastestRateBySimulation(data, simulation);
    if (simulated) {
      const valley = test.suggested !== null ? trialAt(data, simulation, test.suggested) : null;
      const name = KERAS_NAMES[optimizer.name] ?? optimizer.name;
      const gapWords = gapWordsFor(stats, tolerance, options, initialW, initialB);
      const there = (steps: number | null) =>
        steps === null ? `never gets ${gapWords} in ${budget} steps` : `stays ${gapWords} from step ${steps}`;
      return {
        ...base,
        learningRate: simulated.learningRate,
        method: "simulation",
        reason: `No closed form covers ${name}, but on full-batch MSE each step costs next to nothing, so ${simulated.tried} rates from ${formatRate(simulated.range[0])} to ${formatRate(simulated.range[1])} were each run for ${budget} steps from this start: ${
          simulated.steps === null
            ? ` none gets ${gapWords} and stays, even run for up to ${simulated.searchedBudget} steps; at this rate ${name} ends closest`
            : simulated.steps > budget
              ? ` none gets ${gapWords} and stays there within them. Run longer, at this rate ${name} ${there(simulated.steps)} on, the soonest of them: give it ${simulated.steps} steps`
              : ` at this rate ${name} ${there(simulated.steps)} on, the soonest of them`
        }.${
          valley && test.suggested !== null
            ? ` The range test's valley, ${formatRate(test.suggested)}, ${valley.settledAt !== null ? there(valley.settledAt) : `ends ${aboveBest(valley.finalGap, stats.optimum.loss)} after ${budget} steps`}.`
            : ""
        }`,
        simulated,
        steps: null,
        rangeTest: test,
      };
    }
  }
  // Mini-batches, MAE, Huber: no O(1) step, but small data runs fast: the rates around the range test's
  // valley, each run on the data for the budget as fit would, the soonest to get there and stay.
  if (test.suggested !== null) {
    const byRuns = rateByRuns(data, options, test.suggested, bound, stats, tolerance, loss);
    if (byRuns) {
      const { found, gapWords } = byRuns;
      const budget = found.budget;
      return {
        ...base,
        learningRate: found.learningRate,
        method: "simulation",
        reason: `No closed form covers ${describeSetup(loss, fullBatch, optimizer)}, so ${found.tried} rates from ${formatRate(found.range[0])} to ${formatRate(found.range[1])} around the range test's valley (${formatRate(test.suggested)}) were each run on the data for ${budget} steps${fullBatch ? "" : ` (seed ${options.seed ?? 0})`}: at this rate the loss ${
          found.steps === null
            ? `ends closest to the best loss (${aboveBest(found.finalGap, byRuns.best)}); none gets ${gapWords} and stays within ${budget} steps: give it more${fullBatch ? "" : ", or let the rate decay (--schedule exponential) so the mini-batch noise dies down"}`
            : `gets ${gapWords} and stays there from step ${found.steps} on, the soonest of them`
        }.`,
        simulated: found,
        steps: null,
        rangeTest: test,
      };
    }
  }
  const steps =
    theory && isPlainSgd(optimizer) ? { optimal: stepsAt(theory.optimalLearningRate), critical: null } : null;
  if (test.suggested !== null) {
    const capped = bound !== null && test.suggested >= bound.learningRate;
    const learningRate = capped
      ? roundDownSignificant(0.5 * (bound as StabilityBound).learningRate, 1)
      : roundDownSignificant(test.suggested, 3);
    return {
      ...base,
      learningRate,
      method: "range-test",
      reason: capped
        ? localBound
          ? `The range test's valley (${formatRate(test.suggested)}) is at or above the bound ${bound?.formula} = ${formatRate(bound?.learningRate ?? 0)} near the best line, where this optimizer cannot settle; half the bound is suggested instead.`
          : `The range test's valley (${formatRate(test.suggested)}) is at or above the stability bound ${bound?.formula} = ${formatRate(bound?.learningRate ?? 0)}, where this optimizer would diverge; half the bound is suggested instead.`
        : `No closed form covers ${describeSetup(loss, fullBatch, optimizer)}, so this is the LR range test's valley (fastai's default suggestion)${bound ? (localBound ? `, below the bound ${bound.formula} near the best line` : `, below the stability bound ${bound.formula}`) : ""}.`,
      steps: steps && { suggested: stepsAt(learningRate), ...steps },
      rangeTest: test,
    };
  }
  // No valley: half the bound that applies (Huber's near the best line, where the start's flat curvature
  // would give a rate that jumps out there), else half the edge of stability at the start.
  const edge = bound?.learningRate ?? curvature.edgeOfStability;
  const fallback = edge === null ? null : roundDownSignificant(edge / 2, 2);
  const why =
    test.suggestions.nothingBecause === "never-fell"
      ? `The range test's loss blew up before it fell at all (from its first rate, ${formatRate(test.learningRates[0] as number)}, every rate was already too large)`
      : "The range test recorded no finite loss";
  return {
    ...base,
    learningRate: fallback,
    method: "curvature",
    reason:
      fallback === null
        ? `${why}, and the loss has no curvature at the start: no rate can be suggested. Start the range test lower (--start-lr).`
        : `${why}; half the ${bound ? `bound ${bound.formula}${localBound ? " near the best line" : ""}` : "edge of stability 2/λmax at the start"} is suggested instead.`,
    steps: null,
    rangeTest: test,
  };
}

const KERAS_NAMES: Readonly<Record<string, string>> = {
  adam: "Adam",
  rmsprop: "RMSprop",
  adagrad: "Adagrad",
};

function momentumOf(optimizer: Optimizer): { momentum: number; nesterov: boolean } | null {
  if (optimizer.name !== "sgd") return null;
  const { momentum = 0, nesterov = false } = optimizer.config as { momentum?: number; nesterov?: boolean };
  return { momentum, nesterov: nesterov && momentum > 0 };
}

function isPlainSgd(optimizer: Optimizer): boolean {
  return momentumOf(optimizer)?.momentum === 0;
}

function describeSetup(loss: string, fullBatch: boolean, optimizer: Optimizer): string {
  const parts: string[] = [];
  if (loss !== "mse") parts.push(`the ${loss === "mae" ? "MAE" : "Huber"} loss`);
  if (!fullBatch) parts.push("mini-batches");
  if (!isPlainSgd(optimizer))
    parts.push(optimizer.name === "sgd" ? "momentum" : `the ${optimizer.name} optimizer`);
  return parts.join(" with ") || "this setup";
}

/**
 * "0.231 to 0.246": the ends of a range rounded inward (the low end up, the high end down) with the fewest
 * digits (at least 2) that keep them apart, so every rate written is inside the range.
 */
/**
 * Why the exact fastest rate (or 1/λmax when none gets there), in the words the line's suggest and the
 * linear family's (model-suggest.ts) share; `directions` names the eigen-directions ("the two directions").
 */
export function fastestRateReason(
  fastest: FastestRate | null,
  directions: string,
  /** The best worst-case rate's formula, the theory's own (best-worst-case.ts). */
  bestWorstCase: BestWorstCaseFormula,
): string {
  return fastest === null
    ? `No constant rate gets within the gap in a number of steps that can be counted: the curvature differs too much between ${directions}, and the flat one crawls at any rate below 2/λmax. 1/λmax is given, the largest rate that settles the steep direction without jumping across the minimum; standardize x first.`
    : fastest.steps === 0
      ? `The start is already within the gap of the best loss; the best worst-case rate ${bestWorstCase} is given.`
      : `Exact for full-batch gradient descent on MSE: from this start no constant rate gets within the gap in fewer steps (every rate from ${distinctPair(fastest.range[0], fastest.range[1])} needs ${fastest.steps.toLocaleString("en-US")}). The best worst-case rate ${bestWorstCase} ${bestWorstCaseMeaning(bestWorstCase)}; above 2/λmax every step overshoots further and the run diverges.`;
}

function distinctPair(low: number, high: number): string {
  for (let digits = 2; digits <= 17; digits++) {
    const top = roundDownSignificant(high, digits);
    const down = roundDownSignificant(low, digits);
    const bottom =
      down === low
        ? low
        : Number((down + 10 ** (Math.floor(Math.log10(down)) - digits + 1)).toPrecision(digits));
    if (bottom < top && bottom >= low && top <= high) return `${copyable(bottom)} to ${copyable(top)}`;
  }
  return `${copyable(low)} to ${copyable(high)}`;
}

/** A rate as render/numbers.ts's formatExact writes it (the core cannot import it): e-notation below 1e-4. */
function copyable(value: number): string {
  const magnitude = Math.abs(value);
  if (magnitude > 0 && magnitude < 1e-4) return value.toExponential();
  return String(value).replace("e+", "e");
}

/**
 * The soonest rate by running the data (rate-by-runs.ts) for setups without an O(1) step: from a hundredth
 * of the range test's valley to ten times it (below the stability bound of the average step when there is
 * one); null when the data are too large to run the grid, or nothing is known of the best loss.
 */
function rateByRuns(
  data: Dataset,
  options: SuggestLearningRateOptions,
  valley: number,
  bound: StabilityBound | null,
  stats: LinearStats | null,
  tolerance: number | null,
  loss: string,
): { found: SimulatedRate; best: number; gapWords: string } | null {
  const { initialW = 0, initialB = 0 } = options;
  let best: number;
  let gap: number;
  let gapWords: string;
  if (stats && tolerance !== null) {
    best = stats.optimum.loss;
    gap = tolerance;
    gapWords = gapWordsFor(stats, tolerance, options, initialW, initialB);
  } else if (loss === "mae" || loss === "huber") {
    const optimum = robustOptimum(data, loss, options.huberDelta);
    best = optimum.loss;
    // As the verdict judges MAE and Huber (all y equal: a best loss of 0, any scale will do).
    const close = closenessFor(best, optimum.flatLineLoss > 0 ? optimum.flatLineLoss : Number.MIN_VALUE);
    gap = close.gap;
    gapWords =
      close.relativeTo === "best-loss"
        ? "within 0.1% of the best loss"
        : `within ${formatRate(gap)} of the best loss`;
  } else return null;
  const high = Math.min(10 * valley, bound ? 0.999 * bound.learningRate : Number.POSITIVE_INFINITY);
  const found = fastestRateByRuns(data, {
    // The range test's own batch default (32) is not the run's: the run's batch, or the full batch.
    train: {
      ...pickTrainOptions(options),
      ...(options.batchSize !== undefined ? { batchSize: options.batchSize } : {}),
    },
    budget: options.budget ?? DEFAULT_STEPS,
    best,
    gap,
    range: [valley / 100, high],
  });
  return found ? { found, best, gapWords } : null;
}

/** "within 0.1% of the best loss", or the gap itself when it is not the rule's (a tolerance given, an exact line). */
function gapWordsFor(
  stats: LinearStats | null,
  tolerance: number | null,
  options: SuggestLearningRateOptions,
  initialW: number,
  initialB: number,
): string {
  const byRule =
    stats !== null &&
    options.tolerance === undefined &&
    closeness(stats, mseAt(stats, initialW, initialB)).relativeTo === "best-loss";
  return byRule ? "within 0.1% of the best loss" : `within ${formatRate(tolerance ?? 0)} of the best loss`;
}
