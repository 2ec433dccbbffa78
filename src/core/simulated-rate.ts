/**
 * The fastest constant rate for an optimizer with no closed form (Adam, RMSprop, Adagrad), found the only
 * exact way there is: by running it. On linear MSE a full-batch step is O(1) (sufficient statistics), so a
 * grid of rates, each run for the whole budget, costs a few thousand steps at the default budget of 100.
 *
 * A rate "gets there" at the first step from which the loss stays within the closeness gap to the end of
 * the budget: that is what `fit` judges (the final loss), without crediting a rate that passes through the
 * gap on one of its swings. The fastest rate is the one that gets there soonest; when none does within the
 * budget, the one that ends lowest. Its rounding down is run again and kept only if it does as well, so a
 * suggested rate is exactly as good as this search says when `fit` runs it.
 */
import type { Dataset } from "./data.js";
import { shortestRoundingDown } from "./fastest-rate.js";
import type { Optimizer } from "./optimizers/optimizer.js";
import type { LinearStats } from "./stats.js";
import { train } from "./train.js";

export interface SimulatedRate {
  /** The suggestion, rounded down to the fewest digits that do as well as the best rate of the grid. */
  readonly learningRate: number;
  /** The first step from which the loss stays within the gap, at `learningRate`; null if never in the budget. */
  readonly steps: number | null;
  /** The final loss minus the best loss after the budget, at `learningRate`. */
  readonly finalGap: number;
  /** The steps every rate was run for. */
  readonly budget: number;
  /** The rates tried: log-spaced from `range[0]` to `range[1]`. */
  readonly range: readonly [number, number];
  readonly tried: number;
}

export interface SimulatedRateOptions {
  readonly optimizer: Optimizer;
  readonly stats: LinearStats;
  readonly budget: number;
  /** The loss gap L − L* that counts as there. */
  readonly gap: number;
  readonly initialW: number;
  readonly initialB: number;
}

/** The longest budget worth simulating at every rate of the grid (57 runs of it: about a second). */
export const MAX_SIMULATED_BUDGET = 100_000;

/** Rates per factor of 10 on the grid. */
const PER_DECADE = 8;
/** Decades below the distance to travel: an adaptive step moves each parameter by about the rate. */
const DECADES_BELOW = 6;
const DECADES_ABOVE = 1;

/** How a run at one rate ends: when it got there for good, and how far it is at the end. */
export interface Trial {
  readonly settledAt: number | null;
  readonly finalGap: number;
}

/**
 * The constant rate that gets `optimizer` within `gap` of the best loss soonest in `budget` full-batch
 * steps from the start, or null when the start is already there or nothing moves.
 */
export function fastestRateBySimulation(data: Dataset, options: SimulatedRateOptions): SimulatedRate | null {
  const { stats, budget, initialW, initialB } = options;
  // An adaptive step moves each parameter by about the rate, so the grid is scaled by the distance to go.
  const distance = Math.max(Math.abs(initialW - stats.optimum.w), Math.abs(initialB - stats.optimum.b));
  if (!(distance > 0) || !Number.isFinite(distance) || !(budget >= 1)) return null;
  const low = distance * 10 ** -DECADES_BELOW;
  const count = (DECADES_BELOW + DECADES_ABOVE) * PER_DECADE + 1;
  const rates = Array.from({ length: count }, (_, i) => low * 10 ** (i / PER_DECADE));

  const trial = (learningRate: number): Trial => trialAt(data, options, learningRate);
  let best = { learningRate: rates[0] as number, ...trial(rates[0] as number) };
  for (let i = 1; i < count; i++) {
    const learningRate = rates[i] as number;
    const result = trial(learningRate);
    if (better(result, best)) best = { learningRate, ...result };
  }
  if (best.settledAt === 0) return null;

  // Rounded down to the fewest digits that do as well: as soon, or (never there) ending as low, ±10%.
  const asGood = (result: Trial): boolean =>
    best.settledAt !== null
      ? result.settledAt !== null && result.settledAt <= Math.ceil(1.1 * best.settledAt)
      : result.finalGap <= 1.1 * best.finalGap;
  let chosen: Trial = best;
  const learningRate = shortestRoundingDown(best.learningRate, (rate) => {
    const result = trial(rate);
    if (!asGood(result)) return false;
    chosen = result;
    return true;
  });
  return {
    learningRate,
    steps: chosen.settledAt,
    finalGap: chosen.finalGap,
    budget,
    range: [rates[0] as number, rates[count - 1] as number],
    tried: count,
  };
}

function better(result: Trial, than: Trial): boolean {
  if (result.settledAt !== null && than.settledAt !== null) return result.settledAt < than.settledAt;
  if (result.settledAt !== null) return true;
  if (than.settledAt !== null) return false;
  return result.finalGap < than.finalGap;
}

/** One full-batch run of the budget at `learningRate`: when it got within the gap for good, and its final gap. */
export function trialAt(data: Dataset, options: SimulatedRateOptions, learningRate: number): Trial {
  const { stats, budget, gap, initialW, initialB, optimizer } = options;
  const best = stats.optimum.loss;
  // The loss before each update is the full batch's: the last step it was outside the gap.
  let lastOutside = -1;
  const run = train(data, {
    optimizer,
    learningRate,
    stats,
    steps: budget,
    initialW,
    initialB,
    historyEvery: budget,
    onBatchEnd: (step, loss) => {
      if (!(loss - best <= gap)) lastOutside = step;
      return undefined;
    },
  });
  const finalGap = run.final.loss - best;
  if (run.status === "diverged" || !Number.isFinite(finalGap)) {
    return { settledAt: null, finalGap: Number.POSITIVE_INFINITY };
  }
  const settled = finalGap <= gap;
  return { settledAt: settled ? lastOutside + 1 : null, finalGap: Math.max(0, finalGap) };
}
