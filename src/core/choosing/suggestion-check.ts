/**
 * Does the range test's suggestion hold up? Train briefly from the same start at ¼×, ½×, 1×, 2× and 4× the
 * suggestion, over a few seeds each, and see where 1× ranks and how much the result moves with the seed.
 *
 * LR finders' users keep asking this (pytorch-lr-finder #56 and #70, Lightning #21141, fastai #3295):
 * the suggestion changes from run to run, or does not train well. A rate is judged by the loss the brief
 * run ends on (on validation data when there is some), the median over seeds. A multiple whose median
 * diverged gets no rank (it is named as diverged, never placed above a finite one), and two medians closer
 * than the seeds move them are a tie, not a winner. This module plans the trials and sums them up into a
 * verdict every caller words alike; the caller trains (the line, a model, or a TF.js model, synchronously or
 * not).
 */

/** The multiples of the suggestion tried, around it by factors of 2. */
export const CHECK_MULTIPLIERS: readonly number[] = [0.25, 0.5, 1, 2, 4];
/** Seeds per multiple. */
export const CHECK_SEEDS = 3;

export interface SuggestionCheckOptions {
  /** The multiples of the suggestion to train at; default ¼, ½, 1, 2, 4. */
  multipliers?: readonly number[];
  /** Seeds per multiple (the batch order's; the start is the same); default 3. */
  seeds?: number;
  /** The first seed; the others follow it. Default 0. */
  seed?: number;
}

/** One brief training run to make. */
export interface SuggestionTrial {
  readonly multiplier: number;
  readonly learningRate: number;
  readonly seed: number;
}

/** What a trial ended on: its final loss (non-finite or `diverged` when it blew up). */
export interface TrialOutcome {
  readonly loss: number;
  readonly diverged: boolean;
}

/** The trials at one multiple of the suggestion. */
export interface MultipleSummary {
  readonly multiplier: number;
  readonly learningRate: number;
  /** Final loss per seed, in seed order; NaN where the run diverged. */
  readonly losses: readonly number[];
  /** How many of the seeds diverged. */
  readonly diverged: number;
  /** The median final loss over the seeds (Infinity when half or more diverged). */
  readonly median: number;
  /** (max − min)/median over the seeds that did not diverge: how much the seed moves the result. */
  readonly seedSpread: number;
  /** 1 for the lowest median; ties share a rank; null when the median diverged (half or more seeds did). */
  readonly rank: number | null;
}

/**
 * What the check says about the suggestion, decided here so the CLI and TF.js say the same:
 * - `holds`: 1× ends lowest, and lower than every other multiple by more than the seeds move them;
 * - `indistinguishable`: 1× and the lowest (or 1× and other multiples, when 1× is lowest) end within the
 *   seed spread of each other: the check cannot tell them apart;
 * - `beaten`: another multiple ends lower than 1× by more than the seed spread;
 * - `suggestion-diverged`: 1× itself diverged (half or more of its seeds) while some multiple did not;
 * - `all-diverged`: every multiple tried diverged: the suggestion does not hold;
 * - `not-tried`: 1× was not among the multiples.
 */
export type SuggestionVerdict =
  | "holds"
  | "indistinguishable"
  | "beaten"
  | "suggestion-diverged"
  | "all-diverged"
  | "not-tried";

export interface SuggestionCheck {
  readonly suggested: number;
  readonly seeds: readonly number[];
  readonly multiples: readonly MultipleSummary[];
  /** The rank of 1× among the multiples (1 is best), or null when 1× was not tried or diverged. */
  readonly rankOfSuggestion: number | null;
  /** The multiple with the lowest finite median final loss (the smallest on a tie); null if all diverged. */
  readonly bestMultiplier: number | null;
  /** Whether that is the largest multiple tried: a larger rate still might end lower. */
  readonly bestIsLargest: boolean;
  /**
   * The multiples whose median is within the seed spread of the best's (the best included, in the order
   * tried): |median − best median| ≤ the larger of the two seed ranges (max − min over seeds).
   */
  readonly indistinguishableFromBest: readonly number[];
  readonly verdict: SuggestionVerdict;
}

/** The trials to run: every multiple at every seed, multiples in the order given. */
export function suggestionTrials(suggested: number, options: SuggestionCheckOptions = {}): SuggestionTrial[] {
  const { multipliers = CHECK_MULTIPLIERS, seeds = CHECK_SEEDS, seed = 0 } = options;
  const trials: SuggestionTrial[] = [];
  for (const multiplier of multipliers) {
    for (let k = 0; k < seeds; k++) {
      trials.push({ multiplier, learningRate: suggested * multiplier, seed: seed + k });
    }
  }
  return trials;
}

/** Sums up the outcomes of {@link suggestionTrials}, given in the same order. */
export function summarizeSuggestionCheck(
  suggested: number,
  trials: readonly SuggestionTrial[],
  outcomes: readonly TrialOutcome[],
): SuggestionCheck {
  const byMultiple = new Map<number, { learningRate: number; losses: number[]; diverged: number }>();
  const seeds: number[] = [];
  trials.forEach((trial, i) => {
    const outcome = outcomes[i] as TrialOutcome;
    const failed = outcome.diverged || !Number.isFinite(outcome.loss);
    const entry = byMultiple.get(trial.multiplier) ?? {
      learningRate: trial.learningRate,
      losses: [],
      diverged: 0,
    };
    entry.losses.push(failed ? Number.NaN : outcome.loss);
    if (failed) entry.diverged += 1;
    byMultiple.set(trial.multiplier, entry);
    if (!seeds.includes(trial.seed)) seeds.push(trial.seed);
  });
  const unranked = [...byMultiple].map(([multiplier, { learningRate, losses, diverged }]) => {
    const finite = losses.filter(Number.isFinite).sort((a, b) => a - b);
    // A diverged seed counts as the worst result: it sorts above every finite loss.
    const median = medianWithFailures(finite, diverged);
    const seedSpread =
      finite.length >= 2 && median > 0 && Number.isFinite(median)
        ? ((finite.at(-1) as number) - (finite[0] as number)) / median
        : 0;
    return { multiplier, learningRate, losses, diverged, median, seedSpread };
  });
  const finiteMedians = unranked.filter((entry) => Number.isFinite(entry.median));
  const multiples = unranked.map((entry) => ({
    ...entry,
    rank: Number.isFinite(entry.median)
      ? 1 + finiteMedians.filter((other) => other.median < entry.median).length
      : null,
  }));
  const best = finiteMedians.reduce<(typeof finiteMedians)[number] | null>(
    (a, b) =>
      a === null || b.median < a.median || (b.median === a.median && b.multiplier < a.multiplier) ? b : a,
    null,
  );
  const suggestion = multiples.find((entry) => entry.multiplier === 1);
  const indistinguishable =
    best === null
      ? []
      : finiteMedians
          .filter(
            (entry) => Math.abs(entry.median - best.median) <= Math.max(seedRange(entry), seedRange(best)),
          )
          .map((entry) => entry.multiplier);
  return {
    suggested,
    seeds,
    multiples,
    rankOfSuggestion: suggestion?.rank ?? null,
    bestMultiplier: best?.multiplier ?? null,
    bestIsLargest:
      best !== null && best.multiplier === Math.max(...multiples.map((entry) => entry.multiplier)),
    indistinguishableFromBest: indistinguishable,
    verdict: verdictOf(suggestion, best, indistinguishable),
  };
}

function verdictOf(
  suggestion: { readonly multiplier: number; readonly rank: number | null } | undefined,
  best: { readonly multiplier: number } | null,
  indistinguishable: readonly number[],
): SuggestionVerdict {
  if (best === null) return "all-diverged";
  if (suggestion === undefined) return "not-tried";
  if (suggestion.rank === null) return "suggestion-diverged";
  if (indistinguishable.includes(1) && indistinguishable.length > 1) return "indistinguishable";
  return best.multiplier === 1 ? "holds" : "beaten";
}

/** How far apart the seeds' finite final losses are (max − min): the noise a difference must exceed. */
function seedRange(entry: { readonly seedSpread: number; readonly median: number }): number {
  return entry.seedSpread * entry.median;
}

/** Runs every trial with `train` and sums them up: for callers that train synchronously (the core). */
export function checkSuggestion(
  suggested: number,
  train: (trial: SuggestionTrial) => TrialOutcome,
  options: SuggestionCheckOptions = {},
): SuggestionCheck {
  const trials = suggestionTrials(suggested, options);
  return summarizeSuggestionCheck(suggested, trials, trials.map(train));
}

/** The median of `finite` (sorted) with `failures` more values above all of them. */
function medianWithFailures(finite: readonly number[], failures: number): number {
  const count = finite.length + failures;
  const at = (i: number): number => (i < finite.length ? (finite[i] as number) : Number.POSITIVE_INFINITY);
  if (count === 0) return Number.POSITIVE_INFINITY;
  return count % 2 === 1 ? at((count - 1) / 2) : (at(count / 2 - 1) + at(count / 2)) / 2;
}
