/**
 * The range test checked against itself, for the line and for every model: the same test over several
 * seeds (range-test-seeds.ts), and its suggestion tried in brief runs around it (suggestion-check.ts).
 * Both start where the range test starts, with a fresh optimizer state each time; nothing here changes the
 * data, the optimizer or the options, so there is nothing to restore.
 */
import type { Dataset } from "../data/data.js";
import type { ParamSpec } from "../params.js";
import { train } from "../training/train.js";
import { trainModel } from "../training/train-model.js";
import {
  pickTrainOptions,
  RANGE_TEST_DEFAULTS,
  type RangeTestOptions,
  type RangeTestResult,
  rangeTest,
} from "./range-test.js";
import { type SuggestionSpread, suggestionSpreads } from "./range-test-seeds.js";
import { checkSuggestion, type SuggestionCheck, type SuggestionCheckOptions } from "./suggestion-check.js";

/** The range test at `count` seeds from `options.seed` (default 0) on: every run and each suggestion's spread. */
export function rangeTestOverSeeds(
  data: Dataset,
  options: RangeTestOptions,
  count: number,
  nameOf?: (spec: ParamSpec) => string,
): { readonly seeds: number[]; readonly runs: RangeTestResult[]; readonly spreads: SuggestionSpread[] } {
  const first = options.seed ?? 0;
  const seeds = Array.from({ length: count }, (_, k) => first + k);
  const runs = seeds.map((seed) => rangeTest(data, { ...options, seed }, nameOf));
  return { seeds, runs, spreads: suggestionSpreads(runs.map((run) => run.suggestions)) };
}

export interface RangeTestCheckOptions extends SuggestionCheckOptions {
  /** Updates per brief run; default the range test's iterations (fastai's 100). */
  steps?: number;
}

/**
 * Trains from the range test's start at multiples of `suggested` (¼× … 4×), over seeds, with the range
 * test's loss, optimizer and batch size, a constant rate, for `steps` updates; ranks the multiples by the
 * median full-data loss they end on.
 */
export function checkRangeTestSuggestion(
  data: Dataset,
  options: RangeTestOptions,
  suggested: number,
  {
    steps = options.numIterations ?? RANGE_TEST_DEFAULTS.numIterations,
    ...check
  }: RangeTestCheckOptions = {},
): SuggestionCheck & { readonly steps: number } {
  const batchSize = options.batchSize ?? RANGE_TEST_DEFAULTS.batchSize;
  const { model } = options;
  const result = checkSuggestion(
    suggested,
    ({ learningRate, seed }) => {
      if (model) {
        const run = trainModel(model.prepared, {
          initial: model.initial,
          ...(options.optimizer ? { optimizer: options.optimizer } : {}),
          seed,
          batchSize,
          learningRate,
          steps,
          historyEvery: steps,
        });
        return { loss: run.final.loss, diverged: run.status === "diverged" };
      }
      const run = train(data, {
        ...pickTrainOptions(options),
        batchSize,
        learningRate,
        steps,
        seed,
        historyEvery: steps,
      });
      return { loss: run.final.loss, diverged: run.status === "diverged" };
    },
    { seed: options.seed ?? 0, ...check },
  );
  return { ...result, steps };
}
