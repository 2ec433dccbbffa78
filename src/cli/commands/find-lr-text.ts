/**
 * The words `lrlab find-lr` prints for a person: the setup, where the test stopped, the smoothed curve as
 * a sparkline against log lr, fastai's four suggestions and, on linear MSE, the exact rates beside them.
 */

import type { LrSuggestion, SuggestionName } from "../../core/choosing/lr-suggestions.js";
import type { RangeTestResult } from "../../core/choosing/range-test.js";
import { mseAt } from "../../core/data/stats.js";
import { closeness } from "../../core/judging/closeness.js";
import { optimizerParams } from "../../core/optimizers/registry.js";
import { bestWorstCaseMeaning } from "../../core/theory/best-worst-case.js";
import { type FastestRate, fastestRate } from "../../core/theory/fastest-rate.js";
import type { LinearMseTheory } from "../../core/theory/theory.js";
import { largest, smallest } from "../../render/extremes.js";
import { formatAdvisedRate, formatExact, formatSteps } from "../../render/numbers.js";
import { neverFellWords } from "../../render/verdict-words.js";
import { formatCount, formatNumber, formatRatio, formatTable, sparkline, wrap } from "../format.js";
import { kerasArguments, kerasOptimizerClass } from "../keras-words.js";
import type { RunSetup } from "../run-options.js";
import type { OptimizerCriticalRate, RangeTestSettings } from "./find-lr.js";
import { steepLagWords } from "./find-lr-checks.js";

export interface FindLrText {
  setup: RunSetup;
  settings: RangeTestSettings;
  run: RangeTestResult;
  theory: LinearMseTheory | null;
  /** The stability bound for the chosen optimizer (null for adaptive ones or without theory). */
  optimizerCritical: OptimizerCriticalRate | null;
}

/** Columns of the sparkline: one per iteration up to this many, sampled beyond. */
const CURVE_WIDTH = 72;
const WIDTH = 100;

const HOW: Record<SuggestionName, string> = {
  valley: "half way along the longest valley of the curve (fastai's default)",
  steep: "where the smoothed loss falls fastest against log(lr)",
  minimum: "a tenth of the rate where these iterations' smoothed loss is lowest",
  slide: "the interval slide rule: where the slope stops changing, walking left from the end",
};

/** The fastest constant rate of full-batch gradient descent from the setup's start (core fastest-rate.ts). */
export function fastestFrom(setup: RunSetup, theory: LinearMseTheory): FastestRate | null {
  const { stats } = setup;
  if (!stats) return null;
  const { w, b } = setup.config.start;
  return fastestRate(stats, theory, {
    initialW: w,
    initialB: b,
    gap: closeness(stats, mseAt(stats, w, b)).gap,
  });
}

export function describeFindLr({ setup, settings, run, theory, optimizerCritical }: FindLrText): string {
  const lines: string[] = [];
  const { data } = setup;
  const n = data.x.length;
  lines.push(`lrlab find-lr: the LR range test (Smith 2015; fastai lr_find) on ${data.source}`);
  const batch =
    run.batchSize === n
      ? `full batch (${formatSteps(n, "point")})`
      : `batch size ${formatCount(run.batchSize)} (${formatCount(run.stepsPerEpoch)} steps per epoch)`;
  lines.push(
    `  loss ${lossName(setup)} · ${optimizerCall(setup)} · ${batch} · seed ${setup.trainOptions.seed ?? 0}`,
  );
  lines.push(
    `  rate ${formatNumber(settings.startLearningRate)} → ${formatNumber(settings.endLearningRate)}, ${settings.mode}, over ${formatCount(settings.numIterations)} iterations · loss smoothed with β ${formatNumber(settings.smoothing)}, bias-corrected · stop above ${formatNumber(settings.divergeThreshold)}× its lowest so far`,
  );
  lines.push("");
  lines.push(stopWords(run, settings));
  const curve = curveLines(run, settings);
  if (curve.length > 0) {
    lines.push("");
    lines.push(...curve);
  }
  lines.push("");
  lines.push(...suggestionLines(run, optimizerCritical));
  const lag = steepLagWords(run, settings.smoothing);
  if (lag) lines.push(`  ${wrap(lag, WIDTH - 2, "  ")}`);
  if (theory) {
    lines.push("");
    lines.push("Theory (exact for full-batch gradient descent on MSE)");
    lines.push(
      `  critical rate  ${formatNumber(theory.criticalLearningRate)} = 2/λmax: above it each step overshoots further and gradient descent diverges`,
    );
    const fastest = fastestFrom(setup, theory);
    if (fastest)
      lines.push(
        `  fastest rate   ${formatExact(fastest.learningRate)} from this start: ${formatSteps(fastest.steps)} to within 0.1% of the best loss, the fewest of any constant rate`,
      );
    lines.push(
      `  best worst-case ${formatNumber(theory.optimalLearningRate)} = ${theory.optimalFormula}: ${bestWorstCaseMeaning(theory.optimalFormula)}`,
    );
    if (optimizerCritical && optimizerCritical.formula !== "2/λmax") {
      lines.push(
        `  with momentum  ${formatNumber(optimizerCritical.learningRate)} = ${optimizerCritical.formula}: the bound for ${optimizerCall(setup)}`,
      );
    } else if (!optimizerCritical) {
      lines.push(
        `  note           ${kerasOptimizerClass(setup.optimizer.name)} rescales each step by its own statistics, so these bounds of plain gradient descent do not carry over`,
      );
    }
  }
  lines.push("");
  lines.push(
    `Suggested  ${wrap(suggestedWords(setup, run, theory, optimizerCritical), WIDTH - 11, "           ")}`,
  );
  return `${lines.join("\n")}\n`;
}

function lossName(setup: RunSetup): string {
  if (setup.loss === "huber") return `Huber(delta=${formatNumber(setup.trainOptions.huberDelta ?? 1)})`;
  return setup.loss.toUpperCase();
}

/** A Keras-style call with the arguments that differ from the defaults; the rate is the ramp's. */
export function optimizerCall(setup: Pick<RunSetup, "optimizer">): string {
  const className = kerasOptimizerClass(setup.optimizer.name);
  const parts = kerasArguments(
    optimizerParams(setup.optimizer.name).filter((spec) => spec.key !== "learningRate"),
    setup.optimizer.config as Readonly<Record<string, unknown>>,
    { format: (value) => (typeof value === "boolean" ? (value ? "True" : "False") : String(value)) },
  );
  return parts.length === 0 ? className : `${className}(${parts.join(", ")})`;
}

/** Where the test stopped, and why, in a sentence. */
export function stopWords(run: RangeTestResult, settings: RangeTestSettings): string {
  const last = run.iterations - 1;
  if (run.iterations === 0) return "The loss was not finite from the first iteration: nothing to show.";
  const ran = `Ran ${formatCount(run.iterations)} of ${formatCount(run.requestedIterations)} iterations`;
  if (!run.stoppedEarly) {
    const first = run.smoothedLosses[0] as number;
    const end = run.smoothedLosses[last] as number;
    // A threshold set too high to stop it: the loss still rose far (the core's never-fell rule reads 4×).
    return end > 4 * first
      ? `${ran}, up to lr ${formatNumber(run.learningRates[last])}; the smoothed loss rose from ${formatNumber(first)} to ${formatNumber(end)} without passing ${formatNumber(settings.divergeThreshold)}× the lowest before it.`
      : `${ran}, up to lr ${formatNumber(run.learningRates[last])}; the smoothed loss never blew up.`;
  }
  const smoothed = run.smoothedLosses[last] as number;
  if (!Number.isFinite(smoothed)) {
    return `${ran}: at lr ${formatNumber(run.learningRates[last])} the loss overflowed.`;
  }
  return `${ran}: at lr ${formatNumber(run.learningRates[last])} the smoothed loss ${formatNumber(smoothed)} passed ${formatNumber(settings.divergeThreshold)}× the lowest before it, ${lowestWords(run)}.`;
}

/**
 * The lowest smoothed loss the stop compares with (fastai's `best_loss`, over every iteration), and where
 * it lies. Only the suggestions' window names a rate as the minimum: a lowest point outside it is placed
 * by its iteration, so the words never give two rates for one minimum.
 */
function lowestWords(run: RangeTestResult): string {
  if (run.bestIteration < 0) return "—";
  const loss = formatNumber(run.bestSmoothedLoss);
  const { start, end } = run.suggestions.window;
  const at = run.bestIteration;
  if (at >= start && at < end && run.suggestions.minimum !== null)
    return `${loss} (at lr ${formatNumber(run.learningRates[at])}, the minimum below)`;
  if (at >= start && at < end) return `${loss} (at lr ${formatNumber(run.learningRates[at])})`;
  const side = at < start ? "before" : "after";
  return `${loss} at iteration ${formatCount(at)}, ${side} the iterations the suggestions read`;
}

/** The smoothed loss as a log-scale sparkline, one column per iteration (so against log lr on the exponential ramp). */
export function curveLines(run: RangeTestResult, settings: RangeTestSettings): string[] {
  const m = run.iterations;
  if (m < 2) return [];
  const width = Math.min(m, CURVE_WIDTH);
  const indexOf = (column: number) => (width === m ? column : Math.round((column * (m - 1)) / (width - 1)));
  const values = Array.from({ length: width }, (_, c) => run.smoothedLosses[indexOf(c)] as number);
  // The scale runs from the lowest loss to the highest before the blow-up; the blow-up clips to a full bar.
  const before = [...run.smoothedLosses.slice(0, run.stoppedEarly ? m - 1 : m)].filter(Number.isFinite);
  const low = smallest(before.filter((value) => value > 0));
  const high = largest(before);
  if (!(low > 0) || !Number.isFinite(high) || !(high > low)) return [];
  const lines = [
    `Smoothed loss against ${settings.mode === "linear" ? "lr" : "log(lr)"}, log scale from ${formatNumber(low)} to ${formatNumber(high)}${run.suggested === null ? "" : "; ↑ marks valley"}:`,
  ];
  lines.push(`  ${sparkline(values, low, high)}`);
  const left = formatNumber(run.learningRates[0]);
  const right = formatNumber(run.learningRates[m - 1]);
  const marker = new Array<string>(width).fill(" ");
  const valley = run.suggestions.valley;
  if (valley) {
    const index = nearestIndex(run, valley.point.learningRate);
    let column = 0;
    for (let c = 0; c < width; c++) if (indexOf(c) <= index) column = c;
    marker[column] = "↑";
  }
  lines.push(`  ${marker.join("").trimEnd()}`);
  lines.push(`  ${left}${" ".repeat(Math.max(1, width - left.length - right.length))}${right}`);
  return lines;
}

function nearestIndex(run: RangeTestResult, learningRate: number): number {
  let best = 0;
  for (let i = 1; i < run.iterations; i++) {
    const distance = Math.abs((run.learningRates[i] as number) - learningRate);
    if (distance < Math.abs((run.learningRates[best] as number) - learningRate)) best = i;
  }
  return best;
}

/**
 * How the suggestions table sets them beside a critical rate: its column header, the rate each is divided
 * by, and the paragraph for those above the bound (null: no such paragraph).
 */
export interface SuggestionRatios {
  readonly header: string;
  readonly learningRate: number;
  readonly aboveWords: ((names: string, verb: "is" | "are") => string) | null;
}

function suggestionLines(run: RangeTestResult, optimizerCritical: OptimizerCriticalRate | null): string[] {
  // The ratio to the critical rate only where that bound applies: SGD, with or without momentum.
  const critical = optimizerCritical?.learningRate ?? null;
  return suggestionTable(
    run,
    critical === null
      ? null
      : {
          header: "× critical",
          learningRate: critical,
          aboveWords: (names, verb) =>
            `${names} ${verb} above the critical rate ${formatNumber(critical)}, where full-batch gradient descent diverges. A rate just past it diverges slowly from a point already near the optimum, so a range test's smoothed loss can stay flat well beyond it.`,
        },
  );
}

/** fastai's four suggestions as a table, each beside `ratios`' rate when given, with the notes under it. */
export function suggestionTable(run: RangeTestResult, ratios: SuggestionRatios | null): string[] {
  const { suggestions } = run;
  const { start, end } = suggestions.window;
  const span = `iterations ${formatCount(start)} to ${formatCount(Math.max(start, end - 1))}`;
  const lines = [
    suggestions.fellBack
      ? `Suggestions (fastai's methods, on the smoothed losses of ${span}: all there was before the blow-up)`
      : `Suggestions (fastai's, from the smoothed losses of ${span}: past the noisy start, short of the blow-up)`,
  ];
  const critical = ratios?.learningRate ?? null;
  const names: SuggestionName[] = ["valley", "steep", "minimum", "slide"];
  const rows = names.map((name) => {
    const suggestion = suggestions[name];
    const cells = [name, formatAdvisedRate(suggestion?.learningRate ?? null)];
    if (critical !== null) cells.push(suggestion ? formatRatio(suggestion.learningRate / critical) : "—");
    cells.push(howWords(name, suggestion));
    return cells;
  });
  const columns = [
    { header: "", align: "left" as const },
    { header: "lr" },
    ...(ratios !== null ? [{ header: ratios.header }] : []),
    { header: "", align: "left" as const },
  ];
  lines.push(formatTable(columns, rows));
  for (const note of suggestions.notes) lines.push(`  note: ${wrap(note, WIDTH - 8, "        ")}`);
  const paragraph = (text: string) => lines.push(`  ${wrap(text, WIDTH - 2, "  ")}`);
  // With nothing to suggest, the Suggested line says why and what to change.
  if (suggestions.fellBack && suggestions.nothingBecause === null) {
    paragraph(
      `The loss blew up after ${formatCount(run.iterations)} iterations, too soon to judge by: start lower (--start-lr), stop sooner (--end-lr) or ramp more finely (--num-it).`,
    );
  }
  if (critical !== null && ratios?.aboveWords && !suggestions.fellBack) {
    const above = names.filter((name) => (suggestions[name]?.learningRate ?? 0) > critical);
    if (above.length > 0) paragraph(ratios.aboveWords(listWords(above), above.length === 1 ? "is" : "are"));
  }
  return lines;
}

/** "a", "a and b", "a, b and c". */
function listWords(words: readonly string[]): string {
  return words.length <= 1 ? (words[0] ?? "") : `${words.slice(0, -1).join(", ")} and ${words.at(-1)}`;
}

function howWords(name: SuggestionName, suggestion: LrSuggestion | null): string {
  if (name === "minimum" && suggestion) {
    // fastai's point for `minimum` is the minimum itself, ten times the suggested rate.
    return `a tenth of ${formatNumber(suggestion.point.learningRate)}, the rate where these iterations' smoothed loss is lowest`;
  }
  return HOW[name];
}

function suggestedWords(
  setup: RunSetup,
  run: RangeTestResult,
  theory: LinearMseTheory | null,
  optimizerCritical: OptimizerCriticalRate | null,
): string {
  if (run.suggestions.nothingBecause === "never-fell") {
    const bound = optimizerCritical
      ? { formula: optimizerCritical.formula, learningRate: optimizerCritical.learningRate }
      : theory
        ? { formula: "2/λmax", learningRate: theory.criticalLearningRate }
        : null;
    const below = bound
      ? ` below the critical rate ${bound.formula} = ${formatAdvisedRate(bound.learningRate)}`
      : "";
    return `nothing: ${neverFellWords(run.stoppedEarly)}, so every rate the ramp reached was already too large. Lower --start-lr${below}.`;
  }
  if (run.suggested === null) {
    return "nothing: no finite loss was recorded. Start nearer the data (--init-w, --init-b) or lower --start-lr.";
  }
  // A flag to copy: four digits, as the table reads it, in ASCII ("5.754e-6", never "5.754e−6").
  const parts = [`--lr ${formatExact(Number(run.suggested.toPrecision(4)))} (valley)`];
  if (theory && !optimizerCritical) {
    parts.push(
      `critical rate 2/λmax ${formatNumber(theory.criticalLearningRate)}, for plain gradient descent`,
    );
  } else if (theory && optimizerCritical) {
    const ratio = optimizerCritical.learningRate / run.suggested;
    const relation =
      ratio >= 1
        ? `${formatRatio(ratio)} the suggestion`
        : `the suggestion is ${formatRatio(1 / ratio)} above it and diverges under full-batch gradient descent`;
    parts.push(
      `critical rate ${optimizerCritical.formula} ${formatNumber(optimizerCritical.learningRate)} (${relation})`,
    );
    const fastest = fastestFrom(setup, theory);
    if (optimizerCritical.formula === "2/λmax" && fastest) {
      const times = fastest.learningRate / run.suggested;
      parts.push(
        `fastest rate from this start ${formatExact(fastest.learningRate)} (exact; ${times >= 1 ? `${formatRatio(times)} the suggestion` : `the suggestion is ${formatRatio(1 / times)} above it`})`,
      );
    }
  }
  let text = parts.join(" · ");
  if (optimizerCritical?.formula === "2/λmax") {
    text +=
      ". On linear MSE the theory needs no test: it names the constant rate that gets there in the fewest full-batch steps";
    // Only mini-batches add noise that asks for a smaller rate; a full batch is what the theory describes.
    text += run.batchSize < setup.data.x.length ? "; mini-batches want a little less." : ".";
  }
  return text;
}
