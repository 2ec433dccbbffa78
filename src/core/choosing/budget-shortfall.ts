/**
 * When the budget is shorter than the fastest rate needs: the linear family's exact answer names the rate
 * that gets within the gap soonest, but with fewer steps than that no constant rate gets there, and a
 * sweep, which ranks runs by their final loss, names the rate that ends lowest within the budget: a
 * different rate. Both are exact. Within the budget the one to use is the one that ends lowest (sweep's
 * rule, best-run.ts), so it is suggest's headline; the fastest rate, which needs far more steps and
 * often sits a hair below 2/λmax (fragile: any change to the data tips it over), is the detail. This says
 * which is which, in one sentence, for the line and the models alike (one truth).
 */
import {
  type EigenComponent,
  type FastestRate,
  gapAfter,
  lowestAfter,
} from "../theory/fastest-from-start.js";
import { roundDownSignificant, shortestRoundingDown } from "../theory/rounding.js";
import { aboveBest, formatExactRate } from "./rate-words.js";

/**
 * The rounding down of the lowest-ending rate may end this much higher above the best loss (10%, as
 * simulated-rate.ts's `roundedDownAsGood`): a rate a reader can type, not seven digits.
 */
const AS_LOW = 1.1;

export interface BudgetShortfall {
  /** The steps the run has. */
  readonly budget: number;
  /** The steps the fastest rate needs to get within the gap, more than the budget. */
  readonly stepsNeeded: number;
  /** The fastest rate itself (which needs `stepsNeeded`). */
  readonly fastestLearningRate: number;
  /**
   * The rate below 2/λmax whose run ends lowest after `budget` steps (sweep's rule), rounded down to the
   * fewest digits that end as low (within 10% of its excess loss), and its final loss: the rate to use.
   */
  readonly lowestWithinBudget: {
    readonly learningRate: number;
    readonly finalLoss: number;
    /** The exact rate that ends lowest and its final loss, when the rate above was rounded down from it. */
    readonly roundedFrom: { readonly learningRate: number; readonly finalLoss: number } | null;
  };
  /** L*, the best loss, which the gap is measured from. */
  readonly optimumLoss: number;
  /** The loss at the start: the scale below which L* is too small to divide by (rate-words.ts). */
  readonly startingLoss: number;
}

/** The shortfall of `budget` for the fastest rate, or null when the budget is enough (or nothing is). */
export function budgetShortfall(problem: {
  readonly fastest: FastestRate | null;
  readonly directions: readonly EigenComponent[];
  readonly criticalLearningRate: number;
  readonly budget: number;
  readonly optimumLoss: number;
  readonly startingLoss: number;
}): BudgetShortfall | null {
  const { fastest, budget, directions } = problem;
  if (fastest === null || fastest.steps <= budget) return null;
  const lowest = lowestAfter(directions, budget, problem.criticalLearningRate);
  const learningRate = shortestRoundingDown(
    lowest.learningRate,
    (rate) => gapAfter(directions, budget, rate) <= AS_LOW * lowest.gap,
  );
  return {
    budget,
    stepsNeeded: fastest.steps,
    fastestLearningRate: fastest.learningRate,
    lowestWithinBudget: {
      learningRate,
      finalLoss: problem.optimumLoss + gapAfter(directions, budget, learningRate),
      roundedFrom:
        learningRate === lowest.learningRate
          ? null
          : { learningRate: lowest.learningRate, finalLoss: problem.optimumLoss + lowest.gap },
    },
    optimumLoss: problem.optimumLoss,
    startingLoss: problem.startingLoss,
  };
}

/**
 * The sentences, for a headline that is `lowestWithinBudget`: why this rate, and the fastest rate with the
 * steps it needs as the detail.
 */
export function budgetShortfallWords(shortfall: BudgetShortfall): string {
  const { budget, stepsNeeded, lowestWithinBudget: lowest, optimumLoss, startingLoss } = shortfall;
  const needed = stepsNeeded.toLocaleString("en-US");
  const above = (finalLoss: number) => aboveBest(finalLoss - optimumLoss, optimumLoss, startingLoss);
  // Rounded down to fewer digits, the rate no longer ends lowest itself: say from what, and how close.
  const which = lowest.roundedFrom
    ? `lr ${formatExactRate(roundDownSignificant(lowest.roundedFrom.learningRate, 4))}… ends lowest after --steps ${budget} (sweep's rule, over every rate rather than a grid), ${above(lowest.roundedFrom.finalLoss)}; rounded down from it, this one ends ${above(lowest.finalLoss)}`
    : `this one ends lowest after --steps ${budget} (sweep's rule, over every rate rather than a grid), ${above(lowest.finalLoss)}`;
  return `Exact for full-batch gradient descent on MSE: of every constant rate below 2/λmax, ${which}. No constant rate gets within the gap in ${budget} steps: the fastest from this start, lr ${formatExactRate(shortfall.fastestLearningRate)}, needs ${needed} (give it --steps ${stepsNeeded}).`;
}
