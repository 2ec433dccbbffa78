/**
 * The fastest constant rate where no closed form helps and no O(1) step does either (mini-batches, MAE,
 * Huber): found by running a grid of rates on the data itself, as `fit` would, for the budget and a quarter
 * more. The same rule, grid and rounding as simulated-rate.ts: a rate "gets there" at the first step from which the full
 * loss stays within the closeness gap through the holding steps, so a mini-batch run that touches the gap
 * on one lucky batch is not credited. Each run costs O(n) a step, so the search is skipped (null) when
 * the grid would cost more than {@link MAX_RUNS_WORK} point-steps.
 */
import type { Dataset } from "../data/data.js";
import { train } from "../training/train.js";
import type { RangeTestTrainOptions } from "./range-test.js";
import {
  holdingSteps,
  logGrid,
  roundedDownAsGood,
  type SimulatedRate,
  soonestOf,
  type Trial,
} from "./simulated-rate.js";

export interface RunsSearchOptions {
  /** How to train: loss, optimizer, batch size, seed, start (the range test's options). */
  readonly train: RangeTestTrainOptions;
  readonly budget: number;
  /** The best loss and the gap above it that counts as there. */
  readonly best: number;
  readonly gap: number;
  /** The rates to try, log-spaced between the two. */
  readonly range: readonly [number, number];
}

/** Point-steps the whole grid may cost: about a second. */
export const MAX_RUNS_WORK = 30_000_000;

export function fastestRateByRuns(data: Dataset, options: RunsSearchOptions): SimulatedRate | null {
  const { budget, range } = options;
  const [low, high] = range;
  if (!(low > 0 && high > low && Number.isFinite(high)) || !(budget >= 1)) return null;
  const rates = logGrid(low, high);
  const count = rates.length;
  const steps = budget + holdingSteps(budget);
  if (count * steps * data.x.length > MAX_RUNS_WORK) return null;

  const best = soonestOf(rates, (rate) => runAt(data, options, rate));
  if (best.settledAt === 0) return null;
  const { learningRate, chosen } = roundedDownAsGood(best, (rate) => runAt(data, options, rate));
  return {
    learningRate,
    steps: chosen.settledAt,
    finalGap: chosen.finalGap,
    budget,
    searchedBudget: budget,
    range: [rates[0] as number, rates[count - 1] as number],
    tried: count,
  };
}

/** One run at `learningRate` for the budget and the holding steps, its full loss recorded at every step. */
export function runAt(data: Dataset, options: RunsSearchOptions, learningRate: number): Trial {
  const { budget, best, gap } = options;
  const steps = budget + holdingSteps(budget);
  const run = train(data, { ...options.train, learningRate, steps, historyEvery: 1 });
  const losses = run.history.loss;
  const recorded = run.history.length;
  // The last step outside the gap; a run that stopped short (diverged) is outside from there on.
  let lastOutside = recorded - 1 < steps ? steps : -1;
  if (lastOutside < 0) {
    for (let i = recorded - 1; i >= 0; i--) {
      if (!((losses[i] as number) - best <= gap)) {
        lastOutside = i;
        break;
      }
    }
  }
  const atBudget = budget < recorded ? (losses[budget] as number) - best : Number.POSITIVE_INFINITY;
  const settledAt = lastOutside + 1;
  return {
    settledAt: settledAt <= budget ? settledAt : null,
    finalGap: Number.isFinite(atBudget) ? Math.max(0, atBudget) : Number.POSITIVE_INFINITY,
  };
}
