/**
 * When the budget is shorter than the fastest rate needs: the linear family's exact answer names the rate
 * that gets within the gap soonest, but with fewer steps than that no constant rate gets there, and a
 * sweep, which ranks runs by their final loss, names the rate that ends lowest within the budget: a
 * different rate. Both are exact; this says which is which, in one sentence, for the line and the models
 * alike (one truth).
 */
import { type EigenComponent, type FastestRate, lowestAfter } from "../theory/fastest-from-start.js";
import { aboveBest, formatRate } from "./rate-words.js";

export interface BudgetShortfall {
  /** The steps the run has. */
  readonly budget: number;
  /** The steps the fastest rate needs to get within the gap, more than the budget. */
  readonly stepsNeeded: number;
  /** The rate below 2/λmax whose run ends lowest after `budget` steps (sweep's rule), and that loss. */
  readonly lowestWithinBudget: { readonly learningRate: number; readonly finalLoss: number };
  /** L*, the best loss, which the gap is measured from. */
  readonly optimumLoss: number;
}

/** The shortfall of `budget` for the fastest rate, or null when the budget is enough (or nothing is). */
export function budgetShortfall(problem: {
  readonly fastest: FastestRate | null;
  readonly directions: readonly EigenComponent[];
  readonly criticalLearningRate: number;
  readonly budget: number;
  readonly optimumLoss: number;
}): BudgetShortfall | null {
  const { fastest, budget } = problem;
  if (fastest === null || fastest.steps <= budget) return null;
  const lowest = lowestAfter(problem.directions, budget, problem.criticalLearningRate);
  return {
    budget,
    stepsNeeded: fastest.steps,
    lowestWithinBudget: {
      learningRate: lowest.learningRate,
      finalLoss: problem.optimumLoss + lowest.gap,
    },
    optimumLoss: problem.optimumLoss,
  };
}

/** The sentence: give it more steps; and what the lowest final loss within the budget would name. */
export function budgetShortfallWords(shortfall: BudgetShortfall): string {
  const { budget, stepsNeeded, lowestWithinBudget: lowest, optimumLoss } = shortfall;
  const needed = stepsNeeded.toLocaleString("en-US");
  return `With --steps ${budget} no constant rate gets within the gap; this rate gets there in ${needed} steps: give it --steps ${stepsNeeded}. Within ${budget} steps the run that ends lowest (sweep's rule) is at lr ${formatRate(lowest.learningRate)}, ${aboveBest(lowest.finalLoss - optimumLoss, optimumLoss)}.`;
}
