/**
 * `find-lr --seeds N` and `find-lr --validate`: the range test checked against itself, for the line and
 * every model (the core's range-test-checks.ts), worded and put into the JSON document; and the line under
 * the suggestions on the smoothing's lag (smoothing-lag.ts), which every range test gets.
 */
import { type Command, Option } from "commander";
import type { RangeTestOptions, RangeTestResult } from "../../core/choosing/range-test.js";
import { checkRangeTestSuggestion, rangeTestOverSeeds } from "../../core/choosing/range-test-checks.js";
import type { SuggestionSpread } from "../../core/choosing/range-test-seeds.js";
import type { SuggestionCheck } from "../../core/choosing/suggestion-check.js";
import type { Dataset } from "../../core/data/data.js";
import { LrlabError } from "../../core/errors.js";
import { formatExact } from "../../render/numbers.js";
import { formatCount, formatNumber, formatRatio, formatTable, wrap } from "../format.js";
import { flagName } from "../run-options.js";

const GROUP = "Checking the suggestion:";
const WIDTH = 100;
/** More range tests than this is a long wait for little more information. */
const MAX_SEEDS = 100;

/** An exact rate the suggestions are compared with (the line's fastest rate from the start). */
export interface ReferenceRate {
  readonly name: string;
  readonly learningRate: number;
}

export interface FindLrChecks {
  readonly overSeeds: { readonly seeds: number[]; readonly spreads: SuggestionSpread[] } | null;
  readonly validation: (SuggestionCheck & { readonly steps: number }) | null;
  /** Every batch is all the rows: there is no batch order, so a seed changes nothing. */
  readonly fullBatch: boolean;
  /** --validate was given: with no suggestion to check, the words say so rather than nothing. */
  readonly validateAsked: boolean;
}

export function addFindLrCheckOptions(command: Command): void {
  command.addOption(
    new Option(
      "--seeds <n>",
      "run the range test with n batch-order seeds (the --seed and those after it) from the same start, and report how much each suggestion moves",
    ).helpGroup(GROUP),
  );
  command.addOption(
    new Option(
      "--validate",
      "train briefly from the same start at ¼×, ½×, 1×, 2× and 4× the suggestion, 3 seeds each, and rank them by the loss they end on",
    ).helpGroup(GROUP),
  );
  command.addOption(
    new Option("--validate-steps <n>", "updates per brief run of --validate (default: --num-it)").helpGroup(
      GROUP,
    ),
  );
}

/** A whole number of at least `min` (and at most `max`) from a flag, or a one-line usage error. */
function countFlag(raw: unknown, flag: string, min: number, max: number): number {
  const text = String(raw).trim();
  const value = Number(text);
  if (text === "" || !Number.isInteger(value) || value < min || value > max) {
    throw new LrlabError(
      "E_USAGE",
      `--${flag}: expected a whole number from ${formatCount(min)} to ${formatCount(max)}, got ${JSON.stringify(String(raw))}`,
    );
  }
  return value;
}

/** Refuses --validate-steps without --validate before anything runs. */
export function checkFindLrCheckFlags(options: Readonly<Record<string, unknown>>): void {
  if (options.validateSteps !== undefined && options.validate !== true) {
    throw new LrlabError("E_USAGE", "--validate-steps applies only with --validate");
  }
  if (options.seeds !== undefined) countFlag(options.seeds, "seeds", 2, MAX_SEEDS);
  if (options.validateSteps !== undefined) countFlag(options.validateSteps, "validate-steps", 1, 1_000_000);
}

/** The checks the flags ask for, on the range test `run` made with `rangeOptions`. */
export function findLrChecks(
  options: Readonly<Record<string, unknown>>,
  data: Dataset,
  rangeOptions: RangeTestOptions,
  run: RangeTestResult,
): FindLrChecks {
  checkFindLrCheckFlags(options);
  const rows = data.x.length;
  const fullBatch = run.batchSize >= rows;
  if (fullBatch && options.seeds !== undefined) {
    throw new LrlabError(
      "E_USAGE",
      `--seeds: a full batch (--batch-size ${String(options.batchSize ?? run.batchSize)} ≥ the ${rows} rows) has no batch order for a seed to change, so every seed gives the same test; drop --seeds or give a smaller --batch-size`,
    );
  }
  const overSeeds =
    options.seeds === undefined
      ? null
      : (() => {
          const { seeds, spreads } = rangeTestOverSeeds(
            data,
            rangeOptions,
            countFlag(options.seeds, "seeds", 2, MAX_SEEDS),
            flagName,
          );
          return { seeds, spreads };
        })();
  const validation =
    options.validate === true && run.suggested !== null
      ? checkRangeTestSuggestion(data, rangeOptions, run.suggested, {
          // A full batch trains alike at every seed: one run per multiple says it all.
          ...(fullBatch ? { seeds: 1 } : {}),
          ...(options.validateSteps !== undefined
            ? { steps: countFlag(options.validateSteps, "validate-steps", 1, 1_000_000) }
            : {}),
        })
      : null;
  return { overSeeds, validation, fullBatch, validateAsked: options.validate === true };
}

/** The line under the suggestions table: how late the smoothed curve runs, and steep moved back. */
export function steepLagWords(run: RangeTestResult, smoothing: number): string | null {
  const corrected = run.steepLagCorrected;
  if (!corrected || !run.suggestions.steep) return null;
  const steepRate = formatNumber(run.suggestions.steep.learningRate);
  const movedRate = formatNumber(corrected.learningRate);
  const lag = `The smoothed curve runs about ${formatNumber(corrected.lag, 2)} iterations behind the batch losses at steep (β ${formatNumber(smoothing)}; up to β/(1 − β) = ${formatNumber(smoothing / (1 - smoothing), 3)})`;
  // A lag under an iteration (a short curve) moves nothing: "near lr 0.6, not 0.6" said nothing.
  if (movedRate === steepRate) return `${lag}: too little to move steep.`;
  return `${lag}: moved back by that lag, the batch losses fell fastest near lr ${movedRate}, not ${steepRate}.`;
}

/** The words for the checks, after the suggestions; empty when none was asked for. */
export function findLrCheckLines(
  checks: FindLrChecks,
  reference: ReferenceRate | null,
  noFiniteMinimum = false,
): string[] {
  const lines: string[] = [];
  const paragraph = (text: string) => lines.push(`  ${wrap(text, WIDTH - 2, "  ")}`);
  const { overSeeds, validation } = checks;
  if (overSeeds) {
    const { seeds, spreads } = overSeeds;
    lines.push("");
    lines.push(
      `Over ${formatCount(seeds.length)} seeds (${seeds[0]} to ${seeds.at(-1)}: the batch order; the same start)`,
    );
    const rows = spreads.map((spread) => {
      const cells = [
        spread.name,
        formatNumber(spread.median),
        formatNumber(spread.min),
        formatNumber(spread.max),
        spread.ratio === null ? "—" : formatRatio(spread.ratio),
      ];
      if (reference) {
        cells.push(spread.median === null ? "—" : formatRatio(reference.learningRate / spread.median));
      }
      return cells;
    });
    lines.push(
      formatTable(
        [
          { header: "", align: "left" },
          { header: "median" },
          { header: "lowest" },
          { header: "highest" },
          { header: "highest/lowest" },
          ...(reference ? [{ header: `${reference.name} ÷ median` }] : []),
        ],
        rows,
      ),
    );
    const valley = spreads.find((spread) => spread.name === "valley");
    const missing = valley ? valley.values.filter((value) => value === null).length : 0;
    const given = valley ? valley.values.length - missing : 0;
    // Seeds whose ramp suggested nothing are said, not dropped: "the same at every seed" hid them.
    const some =
      missing > 0 ? ` at the ${formatCount(given)} seed${given === 1 ? "" : "s"} that suggested one` : "";
    if (valley?.ratio != null && valley.min !== null && valley.max !== null) {
      paragraph(
        valley.ratio === 1
          ? `The valley is the same${missing > 0 ? some : " at every seed"} (${formatNumber(valley.median)}).`
          : valley.ratio < 1.05
            ? `The valley moves by less than 5% with the seed${some}, from ${formatNumber(valley.min)} to ${formatNumber(valley.max)}.`
            : `The valley moves by ${formatRatio(valley.ratio)} with the seed alone${some}, from ${formatNumber(valley.min)} to ${formatNumber(valley.max)}: one range test is one sample.`,
      );
    }
    if (missing > 0) {
      paragraph(
        given === 0
          ? `No seed's range test suggested a rate: each ramp blew up before its loss fell, or recorded no finite loss. Lower --start-lr.`
          : `${formatCount(missing)} of ${formatCount(valley?.values.length ?? 0)} seeds suggested no rate: a ramp that blows up before its loss falls suggests nothing, and this one starts close to where that happens.`,
      );
    }
  }
  if (!validation && checks.validateAsked) {
    lines.push("");
    paragraph("Checked (--validate): nothing to check, the range test suggested no rate (above).");
  }
  if (validation) {
    const seedCount = validation.seeds.length;
    lines.push("");
    lines.push(
      `Checked (--validate): ${formatCount(validation.steps)} updates from the same start at each multiple of the valley ${formatNumber(validation.suggested)}, ${checks.fullBatch ? "one run each (a full batch has no batch order for seeds to vary)" : `${formatCount(seedCount)} seed${seedCount === 1 ? "" : "s"} each`}`,
    );
    const rows = validation.multiples.map((multiple) => [
      `${multiplierWords(multiple.multiplier)}`,
      formatNumber(multiple.learningRate),
      multiple.diverged === seedCount
        ? "diverged"
        : `${formatNumber(multiple.median)}${multiple.diverged > 0 ? ` (${multiple.diverged} diverged)` : ""}`,
      multiple.diverged === seedCount || seedCount === 1
        ? "—"
        : `${formatNumber(multiple.seedSpread * 100, 2)}%`,
      // A multiple whose median diverged is not placed: "diverged" says all there is.
      multiple.rank === null ? "—" : String(multiple.rank),
    ]);
    lines.push(
      formatTable(
        [
          { header: "", align: "left" },
          { header: "lr" },
          { header: seedCount === 1 ? "final loss" : `final loss (median of ${seedCount})` },
          { header: "seed spread" },
          { header: "rank" },
        ],
        rows,
      ),
    );
    paragraph(
      noFiniteMinimum
        ? "The loss has no finite minimum (above): any rate that does not diverge keeps lowering it, so a larger rate ends lower within the same steps. This ranking shows the endless slope, not a rate to use."
        : validationVerdict(validation),
    );
  }
  return lines;
}

function multiplierWords(multiplier: number): string {
  const names: Record<string, string> = {
    "0.25": "¼×",
    "0.5": "½×",
    "1": "1× (valley)",
    "2": "2×",
    "4": "4×",
  };
  return names[String(multiplier)] ?? `${formatNumber(multiplier)}×`;
}

/** One sentence on where the suggestion ranks and what ends lowest, from the core's verdict. */
function validationVerdict(check: SuggestionCheck): string {
  const count = check.multiples.length;
  const best = check.multiples.find((multiple) => multiple.multiplier === check.bestMultiplier);
  const suggestion = check.multiples.find((multiple) => multiple.multiplier === 1);
  const finiteCount = check.multiples.filter((multiple) => multiple.rank !== null).length;
  const ofRanked = finiteCount === count ? `of ${count}` : `of the ${finiteCount} that did not diverge`;
  const bestWords = best
    ? `${multiplierWords(best.multiplier)} (lr ${formatExact(Number(best.learningRate.toPrecision(4)))})`
    : "";
  const edge = check.bestIsLargest
    ? ", at the top of the range tried: a larger rate may be better still"
    : "";
  const others = (multipliers: readonly number[]) =>
    listWords(multipliers.filter((multiplier) => multiplier !== 1).map(multiplierWords));
  switch (check.verdict) {
    case "all-diverged":
      return `Every rate tried diverged, ${multiplierWords(Math.min(...check.multiples.map((m) => m.multiplier)))} to ${multiplierWords(Math.max(...check.multiples.map((m) => m.multiplier)))} the valley: the suggestion does not hold; run the range test from a lower --start-lr.`;
    case "suggestion-diverged":
      return `The valley diverges (${suggestion?.diverged ?? 0} of ${check.seeds.length} seeds), so it gets no rank; ${bestWords} ends lowest of the rates that did not diverge${edge}.`;
    case "indistinguishable":
      return check.bestMultiplier === 1
        ? `The valley ends lowest, but ${others(check.indistinguishableFromBest)} ${check.indistinguishableFromBest.length > 2 ? "end" : "ends"} within the seed spread of it: indistinguishable within the seed spread, so this check cannot prefer the valley.`
        : `The valley ranks ${ordinal(check.rankOfSuggestion ?? 0)} ${ofRanked}, but it and ${bestWords}, which ends lowest, are indistinguishable within the seed spread: the suggestion holds up as well as any rate tried.`;
    case "holds":
      return `The valley ends lowest of the ${count} rates tried, by more than the seed spread: the suggestion holds up over these ${count} rates.`;
    case "beaten":
      return `The valley ranks ${ordinal(check.rankOfSuggestion ?? 0)} ${ofRanked}; ${bestWords} ends lowest${edge}.`;
    case "not-tried":
      return `${bestWords} ends lowest${edge}.`;
  }
}

/** "a", "a and b", "a, b and c". */
function listWords(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? "") : `${items.slice(0, -1).join(", ")} and ${items.at(-1)}`;
}

function ordinal(n: number): string {
  const suffix =
    n % 10 === 1 && n % 100 !== 11
      ? "st"
      : n % 10 === 2 && n % 100 !== 12
        ? "nd"
        : n % 10 === 3 && n % 100 !== 13
          ? "rd"
          : "th";
  return `${n}${suffix}`;
}

/** The checks in the JSON document (null when not asked for); non-finite numbers become null. */
export function findLrCheckFields(checks: FindLrChecks, reference: ReferenceRate | null) {
  const finite = (value: number | null): number | null =>
    value !== null && Number.isFinite(value) ? value : null;
  return {
    seeds: checks.overSeeds
      ? {
          seeds: checks.overSeeds.seeds,
          suggestions: Object.fromEntries(
            checks.overSeeds.spreads.map((spread) => [
              spread.name,
              {
                values: spread.values,
                median: spread.median,
                min: spread.min,
                max: spread.max,
                ratio: spread.ratio,
                ...(reference
                  ? {
                      referenceOverMedian:
                        spread.median === null ? null : reference.learningRate / spread.median,
                    }
                  : {}),
              },
            ]),
          ),
          ...(reference ? { reference } : {}),
        }
      : null,
    validation: checks.validation
      ? {
          suggested: checks.validation.suggested,
          steps: checks.validation.steps,
          seeds: checks.validation.seeds,
          rankOfSuggestion: checks.validation.rankOfSuggestion,
          bestMultiplier: checks.validation.bestMultiplier,
          bestIsLargest: checks.validation.bestIsLargest,
          verdict: checks.validation.verdict,
          indistinguishableFromBest: checks.validation.indistinguishableFromBest,
          multiples: checks.validation.multiples.map((multiple) => ({
            multiplier: multiple.multiplier,
            learningRate: multiple.learningRate,
            finalLosses: multiple.losses.map((loss) => finite(loss)),
            diverged: multiple.diverged,
            medianFinalLoss: finite(multiple.median),
            seedSpread: multiple.seedSpread,
            rank: multiple.rank,
          })),
        }
      : null,
  };
}
