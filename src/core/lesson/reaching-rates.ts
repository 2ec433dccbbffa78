/**
 * Which constant rates get there within a budget: for full-batch gradient descent on linear MSE, the rates
 * whose run ends within the closeness gap after `steps` steps.
 *
 * After k steps the gap is g_k(η) = Σ ½·λ_i·c_i²·(1 − η·λ_i)^(2k), a convex function of η (fastest-rate.ts),
 * so the rates with g_k(η) ≤ gap form one interval; below the critical rate g_k only falls with k, so a run
 * within the gap at step k stays within it, and "within the gap after the budget" is "there within the
 * budget". The interval's ends are where crawling stops (below it the rate is too small) and where jumping
 * around starts (above it the last jumps are still too long): the lesson's two edges of "good".
 */

import type { LinearStats } from "../data/stats.js";
import { fastestRate } from "../theory/fastest-rate.js";
import { type LinearMseTheory, stepsToTolerance } from "../theory/theory.js";

export interface ReachingRatesOptions {
  readonly initialW: number;
  readonly initialB: number;
  /** The loss gap L − L* to reach. */
  readonly gap: number;
  /** The budget. */
  readonly steps: number;
}

/** The rates from `low` to `high` get within the gap in at most `steps` steps. */
export interface ReachingRates {
  readonly low: number;
  readonly high: number;
  readonly steps: number;
}

/**
 * The interval of constant rates that get within `gap` in at most `steps` full-batch steps from the start,
 * or null when none does (the budget is shorter than the fastest rate needs) or the start is already there.
 */
export function reachingRates(
  stats: LinearStats,
  theory: LinearMseTheory,
  { initialW, initialB, gap, steps }: ReachingRatesOptions,
): ReachingRates | null {
  const fastest = fastestRate(stats, theory, { initialW, initialB, gap });
  if (fastest === null || fastest.steps === 0 || fastest.steps > steps) return null;
  const within = (rate: number) => {
    const needed = stepsToTolerance(stats, theory, {
      learningRate: rate,
      initialW,
      initialB,
      tolerance: gap,
    });
    return needed !== null && needed <= steps;
  };
  // Bisection from a rate inside the interval (the fastest one) towards an end outside it.
  const edge = (inside: number, outside: number): number => {
    for (let i = 0; i < 200 && Math.abs(outside - inside) > 1e-15 * Math.abs(inside); i++) {
      const middle = (inside + outside) / 2;
      if (within(middle)) inside = middle;
      else outside = middle;
    }
    return inside;
  };
  const inside = within(fastest.exactLearningRate) ? fastest.exactLearningRate : fastest.learningRate;
  return { low: edge(inside, 0), high: edge(inside, theory.criticalLearningRate), steps };
}
