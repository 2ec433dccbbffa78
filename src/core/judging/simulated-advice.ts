/**
 * What the search by running (choosing/simulated-rate.ts) changes in a verdict, decided once for the line
 * (verdict.ts) and the linear family (linear-family-verdict.ts): when a rate that "crawls" is in fact as fast
 * as any, and which rate to suggest.
 */
import type { BudgetShortfall } from "../choosing/budget-shortfall.js";
import type { SimulatedRate } from "../choosing/simulated-rate.js";
import type { FastestRate } from "../theory/fastest-rate.js";
import { AS_FAST_AS_ANY } from "./outcome-rule.js";
import type { Outcome } from "./verdict.js";

/**
 * The outcome once the search is known: a run called too-small or jumps-around whose own rate gets there
 * (run longer) within 10% of the steps the soonest rate needs, when no rate gets there within the budget,
 * needs more steps, not another rate; and so does a too-small run that ends as close as any when nothing
 * gets there even in the longest budget searched.
 */
export function outcomeAfterSearch(
  outcome: Outcome,
  facts: {
    readonly simulated: SimulatedRate | null;
    readonly requestedSteps: number;
    /** The steps the run's own constant rate needs, or null. */
    readonly stepsNeeded: number | null;
    /** Final loss minus the best loss, or null. */
    readonly gap: number | null;
  },
): Outcome {
  const { simulated, requestedSteps, stepsNeeded, gap } = facts;
  if (simulated === null) return outcome;
  if (
    (outcome === "too-small" || outcome === "jumps-around") &&
    simulated.steps !== null &&
    simulated.steps > requestedSteps &&
    stepsNeeded !== null &&
    stepsNeeded <= Math.ceil(AS_FAST_AS_ANY * simulated.steps)
  )
    return "needs-more-steps";
  if (
    outcome === "too-small" &&
    simulated.steps === null &&
    gap !== null &&
    gap <= AS_FAST_AS_ANY * simulated.finalGap
  )
    return "needs-more-steps";
  return outcome;
}

/**
 * The rate to suggest, the one suggest gives for the same --steps: when the budget is shorter than the
 * fastest rate needs, the rate that ends lowest within it (budget-shortfall.ts, suggest's headline); else
 * plain SGD's exact fastest rate from this start; else the search's; else, with momentum and exact theory,
 * the steadiest rate for that momentum (`momentumRate`); else none.
 */
export function suggestedRateOf(
  fastest: FastestRate | null,
  simulated: SimulatedRate | null,
  momentumRate: () => number | null,
  shortfall: BudgetShortfall | null = null,
): number | null {
  if (shortfall) return shortfall.lowestWithinBudget.learningRate;
  if (fastest) return fastest.learningRate;
  if (simulated) return simulated.learningRate;
  return momentumRate();
}
