/**
 * The fastest constant rate for an optimizer with no closed form for it (Adam, RMSprop, Adagrad, and SGD
 * with momentum from a given start and budget), found the only exact way there is: by running it. On
 * linear MSE a full-batch step is O(1) (sufficient statistics), so a grid of rates, each run for the whole
 * budget, costs a few thousand steps at the default budget of 100.
 *
 * A rate "gets there" at the first step from which the loss stays within the closeness gap, checked a
 * quarter of the budget past its end (at least 10 steps): a rate that passes through the gap on one of its
 * swings at the last step is a lucky landing, not a rate to recommend. The fastest rate is the one that gets
 * there soonest. When none does within the budget, longer budgets (doubling, up to
 * {@link MAX_SIMULATED_BUDGET}) are searched, so the advice is a rate and the steps it needs, both true.
 * The rate is rounded down and kept only if it does as well, so a suggested rate is exactly as good as this
 * search says when `fit` runs it.
 */
import type { Dataset } from "../data/data.js";
import type { LinearStats } from "../data/stats.js";
import type { Optimizer } from "../optimizers/optimizer.js";
import { shortestRoundingDown } from "../theory/fastest-rate.js";
import { train } from "../training/train.js";

export interface SimulatedRate {
  /** The suggestion, rounded down to the fewest digits that do as well as the best rate of the grid. */
  readonly learningRate: number;
  /**
   * The first step from which the loss stays within the gap at `learningRate`: at most `budget` when some
   * rate gets there within it, more when only a longer search found one; null if none gets there at all.
   */
  readonly steps: number | null;
  /** The final loss minus the best loss after `budget` steps, at `learningRate`. */
  readonly finalGap: number;
  /** The run's budget, the one the search was for. */
  readonly budget: number;
  /** The budget of the grid that found the rate: `budget`, or a longer one when nothing got there in it. */
  readonly searchedBudget: number;
  /** The rates tried: log-spaced from `range[0]` to `range[1]`. */
  readonly range: readonly [number, number];
  /** Rates per grid. */
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
  /**
   * The rates to search, e.g. below a momentum bound; default: scaled by the distance to the optimum (an
   * adaptive step moves each parameter by about the rate).
   */
  readonly range?: readonly [number, number];
  /** The longest budget a longer search may try (default {@link MAX_SIMULATED_BUDGET}). */
  readonly longest?: number;
}

/** The longest budget worth simulating at every rate of the grid (57 runs of it: about a second). */
export const MAX_SIMULATED_BUDGET = 100_000;

/** Rates per factor of 10 on the grid. */
const PER_DECADE = 8;
/** Decades below the distance to travel: an adaptive step moves each parameter by about the rate. */
const DECADES_BELOW = 6;
const DECADES_ABOVE = 1;

/** Steps past the budget a run must stay within the gap: a quarter of the budget, at least 10. */
export function holdingSteps(budget: number): number {
  return Math.max(10, Math.ceil(budget / 4));
}

/** How a run at one rate ends: when it got there for good, and how far it is at the end of the budget. */
export interface Trial {
  /** The first step from which the loss stays within the gap through the holding steps; null if never. */
  readonly settledAt: number | null;
  readonly finalGap: number;
}

/**
 * The constant rate that gets `optimizer` within `gap` of the best loss soonest in `budget` full-batch
 * steps from the start (or, when none does, in the shortest longer budget some rate does), or null when
 * the start is already there or nothing moves.
 */
export function fastestRateBySimulation(data: Dataset, options: SimulatedRateOptions): SimulatedRate | null {
  const { stats, initialW, initialB } = options;
  return fastestRateBySearch({
    budget: options.budget,
    distance: Math.max(Math.abs(initialW - stats.optimum.w), Math.abs(initialB - stats.optimum.b)),
    ...(options.range ? { range: options.range } : {}),
    ...(options.longest !== undefined ? { longest: options.longest } : {}),
    trial: (learningRate, budget) => trialAt(data, { ...options, budget }, learningRate),
  });
}

/** A search for the fastest constant rate, whatever runs the trials (the line's O(1) loop or a model's). */
export interface RateSearch {
  readonly budget: number;
  /** The farthest any parameter starts from the optimum: the default range scales with it. */
  readonly distance: number;
  readonly range?: readonly [number, number];
  readonly longest?: number;
  /** One full-batch run at `learningRate` for `budget` steps and the holding steps after it. */
  readonly trial: (learningRate: number, budget: number) => Trial;
}

/**
 * The search itself, one decision for the line and the linear family alike: the log grid, the doubling of
 * the budget when nothing gets there, and the rate rounded down to the fewest digits that do as well.
 */
export function fastestRateBySearch(search: RateSearch): SimulatedRate | null {
  const { budget, distance, trial } = search;
  if (!(distance > 0) || !Number.isFinite(distance) || !(budget >= 1)) return null;
  const [low, high] = search.range ?? [distance * 10 ** -DECADES_BELOW, distance * 10 ** DECADES_ABOVE];
  if (!(low > 0 && high > low && Number.isFinite(high))) return null;
  const rates = logGrid(low, high);
  const count = rates.length;
  const longest = Math.max(budget, search.longest ?? MAX_SIMULATED_BUDGET);

  let searched = budget;
  let found = searchGrid(trial, rates, searched);
  if (found.best.settledAt === 0) return null;
  // Nothing gets there within the budget: the soonest rate of the shortest longer budget that gets there.
  let longer = found;
  while (longer.best.settledAt === null && searched * 2 <= longest) {
    searched *= 2;
    longer = searchGrid(trial, rates, searched);
  }
  if (longer.best.settledAt !== null) found = longer;
  else searched = budget;

  const { best } = found;
  const atBudget = (rate: number) => (searched === budget ? null : trial(rate, budget).finalGap);
  const { learningRate, chosen } = roundedDownAsGood(best, (rate) => trial(rate, searched));
  return {
    learningRate,
    steps: chosen.settledAt,
    finalGap: atBudget(learningRate) ?? chosen.finalGap,
    budget,
    searchedBudget: searched,
    range: [rates[0] as number, rates[count - 1] as number],
    tried: count,
  };
}

/** Eight rates a decade, log-spaced from `low` to `high`, both included (at least three). */
export function logGrid(low: number, high: number): number[] {
  const count = Math.max(2, Math.round(Math.log10(high / low) * PER_DECADE)) + 1;
  return Array.from({ length: count }, (_, i) => low * (high / low) ** (i / (count - 1)));
}

/** Every rate of the grid run for `budget` steps: the one that gets there soonest, or else ends lowest. */
function searchGrid(
  trial: RateSearch["trial"],
  rates: readonly number[],
  budget: number,
): { best: Trial & { learningRate: number } } {
  return { best: soonestOf(rates, (rate) => trial(rate, budget)) };
}

/** The rate of `rates` whose trial gets there soonest, or, none getting there, ends lowest (first on ties). */
export function soonestOf(
  rates: readonly number[],
  trial: (learningRate: number) => Trial,
): Trial & { learningRate: number } {
  let best = { learningRate: rates[0] as number, ...trial(rates[0] as number) };
  for (let i = 1; i < rates.length; i++) {
    const learningRate = rates[i] as number;
    const result = trial(learningRate);
    if (better(result, best)) best = { learningRate, ...result };
  }
  return best;
}

/**
 * `best`'s rate rounded down to the fewest digits that do as well: as soon (within 10%), or, never there,
 * ending as low (within 10%); with the trial of the rate kept.
 */
export function roundedDownAsGood(
  best: Trial & { learningRate: number },
  trial: (learningRate: number) => Trial,
  ceilingGap = Number.POSITIVE_INFINITY,
): { learningRate: number; chosen: Trial } {
  const asGood = (result: Trial): boolean =>
    best.settledAt !== null
      ? result.settledAt !== null && result.settledAt <= Math.ceil(1.1 * best.settledAt)
      : result.finalGap <= 1.1 * best.finalGap && result.finalGap <= ceilingGap;
  let chosen: Trial = best;
  const learningRate = shortestRoundingDown(best.learningRate, (rate) => {
    const result = trial(rate);
    if (!asGood(result)) return false;
    chosen = result;
    return true;
  });
  return { learningRate, chosen };
}

function better(result: Trial, than: Trial): boolean {
  if (result.settledAt !== null && than.settledAt !== null) return result.settledAt < than.settledAt;
  if (result.settledAt !== null) return true;
  if (than.settledAt !== null) return false;
  return result.finalGap < than.finalGap;
}

/**
 * One full-batch run at `learningRate`, for the budget and the holding steps after it: the first step from
 * which the loss stays within the gap (if that is within the budget), and its gap after the budget.
 */
export function trialAt(data: Dataset, options: SimulatedRateOptions, learningRate: number): Trial {
  const { stats, budget, gap, initialW, initialB, optimizer } = options;
  return trialOf({ budget, gap, bestLoss: stats.optimum.loss }, (steps, onBatchEnd) => {
    const run = train(data, {
      optimizer,
      learningRate,
      stats,
      steps,
      initialW,
      initialB,
      historyEvery: steps,
      onBatchEnd: (step, loss) => {
        onBatchEnd(step, loss);
        return undefined;
      },
    });
    return { diverged: run.status === "diverged", finalLoss: run.final.loss };
  });
}

/**
 * The bookkeeping of a trial around any full-batch loop: `run` runs `steps` updates, reporting the
 * full-batch loss before each, and says how it ended.
 */
export function trialOf(
  target: { readonly budget: number; readonly gap: number; readonly bestLoss: number },
  run: (
    steps: number,
    onBatchEnd: (step: number, loss: number) => void,
  ) => { readonly diverged: boolean; readonly finalLoss: number },
): Trial {
  const { budget, gap, bestLoss: best } = target;
  const steps = budget + holdingSteps(budget);
  // The loss before each update is the full batch's: the last step it was outside the gap, and the loss
  // after `budget` updates (before update number `budget`).
  let lastOutside = -1;
  let atBudget = Number.NaN;
  const ended = run(steps, (step, loss) => {
    if (!(loss - best <= gap)) lastOutside = step;
    if (step === budget) atBudget = loss;
  });
  const endGap = ended.finalLoss - best;
  if (ended.diverged || !Number.isFinite(endGap)) lastOutside = steps;
  else if (!(endGap <= gap)) lastOutside = steps;
  // A run that stopped early (the gradient vanished) is where it stopped at the budget too.
  const budgetGap = (Number.isNaN(atBudget) ? ended.finalLoss : atBudget) - best;
  const finalGap = Number.isFinite(budgetGap) ? Math.max(0, budgetGap) : Number.POSITIVE_INFINITY;
  const settledAt = lastOutside + 1;
  return { settledAt: settledAt <= budget ? settledAt : null, finalGap };
}
