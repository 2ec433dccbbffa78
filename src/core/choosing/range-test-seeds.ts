/**
 * How much each range-test suggestion moves with the seed: the same test, from the same start, with the
 * batches shuffled by `seeds` different seeds. LR finders are known to suggest different rates from run to
 * run (pytorch-lr-finder #56); this says by how much, for each of fastai's four suggestions.
 */
import type { LrSuggestions, SuggestionName } from "./lr-suggestions.js";

export const SUGGESTION_NAMES: readonly SuggestionName[] = ["valley", "steep", "minimum", "slide"];

/** One suggestion over the seeds. */
export interface SuggestionSpread {
  readonly name: SuggestionName;
  /** The suggested rate for each seed, in seed order; null where that run had none. */
  readonly values: readonly (number | null)[];
  /** Over the seeds that gave one: the median (geometric middle for an even count), lowest and highest. */
  readonly median: number | null;
  readonly min: number | null;
  readonly max: number | null;
  /** max/min: 1 when every seed agrees. */
  readonly ratio: number | null;
}

/** The spread of each suggestion over runs of the range test (one `LrSuggestions` per seed). */
export function suggestionSpreads(runs: readonly LrSuggestions[]): SuggestionSpread[] {
  return SUGGESTION_NAMES.map((name) => {
    const values = runs.map((run) => run[name]?.learningRate ?? null);
    const given = values
      .filter((value): value is number => value !== null && value > 0)
      .sort((a, b) => a - b);
    if (given.length === 0) return { name, values, median: null, min: null, max: null, ratio: null };
    const middle = given.length >> 1;
    // A rate's middle is geometric: the range test's rates are spaced on a log scale.
    const median =
      given.length % 2 === 1
        ? (given[middle] as number)
        : Math.sqrt((given[middle - 1] as number) * (given[middle] as number));
    const min = given[0] as number;
    const max = given.at(-1) as number;
    return { name, values, median, min, max, ratio: max / min };
  });
}
