/**
 * `lrlab suggest --model linear|polynomial|logistic|mlp`: one learning rate for a model beyond the line,
 * decided in the core (choosing/model-suggest.ts): the exact fastest rate from this start for the linear
 * family under MSE with plain full-batch SGD (the line's answer), otherwise the lowest final loss of candidate rates run below the
 * bound measured at the start. Only the words and the JSON are made here.
 */

import { budgetShortfallWords } from "../../core/choosing/budget-shortfall.js";
import { type ModelSuggestion, suggestModelRate } from "../../core/choosing/model-suggest.js";
import { rangeTestParams } from "../../core/choosing/range-test.js";
import { MAX_SIMULATED_BUDGET } from "../../core/choosing/simulated-rate.js";
import { fastestRateReason } from "../../core/choosing/suggest.js";
import { LrlabError } from "../../core/errors.js";
import { noFiniteOptimum } from "../../core/judging/finite-optimum.js";
import type { PreparedModel } from "../../core/models/model-spec.js";
import { optimizerToConfig } from "../../core/optimizers/registry.js";
import { toJsonText } from "../../core/training/export.js";
import { modelSummary } from "../../core/training/model-document.js";
import { resolveRun, totalStepsOf } from "../../core/training/run-config.js";
import { conditioningWarning } from "../../render/conditioning-words.js";
import { edgeOfStabilityWords, sweepAgreementWords } from "../../render/model-suggest-words.js";
import { modelTitle, standardizeWords, startWords } from "../../render/model-words.js";
import { distinctNumbers, formatConditionNumber, formatExact } from "../../render/numbers.js";
import { toleranceWords } from "../../render/verdict-words.js";
import { formatCount, formatNumber, wrap } from "../format.js";
import type { Io } from "../io.js";
import { kerasOptimizerClass } from "../keras-words.js";
import { type ModelSetup, modelSetupFrom } from "../model-options.js";
import { noFiniteMinimumField, noFiniteMinimumWords } from "../no-finite-minimum.js";
import { modelRunsProgress, type Progress } from "../progress.js";
import { flagName } from "../run-options.js";
import { SCHEDULE_ARGUMENT_FLAGS } from "./find-lr.js";
import { runSuggest } from "./suggest.js";

/** The flags of the line's suggest that pick the LR range test's settings: a model's rate is found by running. */
const RANGE_TEST_FLAGS = [...rangeTestParams.map((spec) => spec.flag), "linear", "within"];

/** Why suggest takes no --lr, on the line as on a model (the line's suggest is exact theory, not the range test). */
export const LR_REFUSED = "it is what suggest finds";
const CONSTANT = "suggest finds one constant rate for --steps full or mini-batch steps";
/** Run flags that would fight the search, and why. */
const REFUSED: readonly (readonly [string, string])[] = [
  ["lr", LR_REFUSED],
  ["schedule", CONSTANT],
  ...SCHEDULE_ARGUMENT_FLAGS.map((flag) => [flag, `a schedule argument; ${CONSTANT}`] as const),
  ["epochs", `${CONSTANT}; give the budget as --steps`],
  ["tolerance", "each candidate runs for the whole budget"],
  ["history-every", "suggest keeps no history"],
];

const camel = (flag: string) => flag.replace(/-([a-z0-9])/g, (_, letter: string) => letter.toUpperCase());

/** Runs `suggest --model …` and returns the exit code. */
export async function runModelSuggest(options: Readonly<Record<string, unknown>>, io: Io): Promise<number> {
  for (const [flag, reason] of REFUSED) {
    if (options[camel(flag)] !== undefined) {
      throw new LrlabError("E_USAGE", `--${flag} does not apply to suggest --model: ${reason}`);
    }
  }
  for (const flag of RANGE_TEST_FLAGS) {
    if (options[camel(flag)] !== undefined) {
      throw new LrlabError(
        "E_USAGE",
        `--${flag} does not apply to suggest --model: a model's rate is found by running candidate rates for --steps, not by the range test or a gap to the best loss`,
      );
    }
  }
  const setup = await modelSetupFrom(options, io);
  const { prepared, config } = setup;
  const budget = config.steps ?? totalStepsOf(config, prepared.data.targets.length);
  if (budget < 1) {
    throw new LrlabError(
      "E_BAD_ARGUMENT",
      "--steps: 0 leaves nothing to suggest a rate for; expected at least 1",
    );
  }
  if (budget > MAX_SIMULATED_BUDGET) {
    throw new LrlabError(
      "E_BAD_ARGUMENT",
      `--steps: ${budget} is more than suggest runs each rate for; expected at most ${MAX_SIMULATED_BUDGET.toLocaleString("en-US")}`,
    );
  }
  const n = prepared.data.targets.length;
  const batch = Math.min(config.batchSize ?? n, n);
  if (isTheLineBeyondPlainDescent(setup, batch))
    return runSuggest(lineOptionsOf(options), io, modelHeader(setup));
  // The grid's size is known once the start's sharpness is measured: the core announces it before the
  // first run, and the estimate is made then (see modelRunsProgress for why not a cost limit).
  let progress: Progress | null = null;
  const suggestion = suggestModelRate(config, prepared, {
    budget,
    nameOf: flagName,
    ...(setup.initSource ? { initialWeightsSource: `--init ${setup.initSource}` } : {}),
    onRunEnd: (done, total) => {
      progress ??= modelRunsProgress(
        io,
        "lrlab suggest",
        total,
        budget * batch * prepared.model.parameterCount,
      );
      progress.update(done, total);
    },
  });
  (progress as Progress | null)?.stop();
  io.stdout(
    options.json === true
      ? toJsonText(modelSuggestDocument(setup, suggestion))
      : describeModelSuggestion(setup, suggestion),
  );
  return 0;
}

/**
 * `--model linear` on one column, or `polynomial --degree 1`, unstandardized, from zero weights, under MSE:
 * the line's own problem, the same quadratic. Plain full-batch gradient descent is answered here by the
 * same exact search; anything else (momentum's exact Polyak pair, Adam's simulated runs, mini-batch
 * runs) goes to the line's suggest, so that the same problem gets the same answer (one truth).
 */
function isTheLineBeyondPlainDescent(setup: ModelSetup, batch: number): boolean {
  const { prepared, config } = setup;
  const { spec, designStats, standardization } = prepared;
  const oneColumn =
    (spec.name === "linear" || (spec.name === "polynomial" && spec.degree === 1)) && designStats?.d === 1;
  if (!oneColumn || standardization !== null || setup.initSource || config.trackSharpness !== undefined)
    return false;
  const rows = { x: { length: prepared.data.targets.length } as Float64Array };
  const optimizer = optimizerToConfig(resolveRun(config, rows).optimizer) as {
    name: string;
    momentum?: number;
  };
  const plainDescent = optimizer.name === "sgd" && !((optimizer.momentum ?? 0) > 0);
  return !(plainDescent && batch === prepared.data.targets.length);
}

/** The model asked for, its size and its data, as the header names them. */
function modelHeader({ prepared, data }: ModelSetup): string {
  return `${modelTitle(prepared)}, ${formatCount(prepared.model.parameterCount)} parameters, on ${data.source}`;
}

/** The flags as the line's suggest takes them: the same data, optimizer and budget, without the model's. */
function lineOptionsOf(options: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const { model: _model, degree: _degree, ...line } = options;
  return line;
}

/** Why this rate, in one or two sentences. */
function reasonWords(
  suggestion: ModelSuggestion,
  optimizerName: string,
  rate: (value: number) => string,
): string {
  const { learningRate, search, critical, stability, budget } = suggestion;
  if (suggestion.method === "theory") {
    const directions = `its ${formatCount(stability.hessianEigenvalues?.length ?? 0)} eigen-directions`;
    // Too few steps for the fastest rate: the headline is the rate that ends lowest within them.
    if (suggestion.budgetShortfall) return budgetShortfallWords(suggestion.budgetShortfall);
    return fastestRateReason(
      suggestion.fastest,
      directions,
      suggestion.stability.optimalFormula ?? "2/(λmin + λmax)",
    );
  }
  if (!search) return "";
  const grid = `${search.tried} rates from ${rate(search.range[0])} to ${rate(search.range[1])}`;
  const how = critical
    ? ` (eight a decade up to ${critical.formula} = ${rate(critical.learningRate)}, ${stability.basis === "exact" ? "exact" : "measured at the start"}, continued above it until a run diverged, and sweep's default rates)`
    : stability.sharpness > 0
      ? ` (${kerasOptimizerClass(optimizerName)} rescales its steps, so 2/λmax does not bound its rate)`
      : " (the loss has no curvature at the start, λmax ≤ 0, so 2/λmax bounds nothing)";
  if (learningRate === null)
    return `Every one of ${grid}${how} diverged within ${formatCount(budget)} steps.`;
  const best = search.best;
  // Rounded, the rate is not the one that ended lowest: name that one and its loss, so "lowest" stays true.
  const rounded =
    best && best.learningRate !== learningRate
      ? `: lr ${rate(best.learningRate)} ends lowest (final loss ${formatNumber(best.finalLoss, 5)}), and this rate is rounded down from it to the fewest digits that end within 10% of its loss${search.sweepDefault.best && search.sweepDefault.best.learningRate !== best.learningRate ? " and no worse than sweep's pick" : ""}${suggestion.atSuggestion ? ` (final loss ${formatNumber(suggestion.atSuggestion.finalLoss, 5)})` : ""}`
      : "";
  return `Of ${grid}${how}, each run for ${formatCount(budget)} steps from the same start: the lowest final loss that did not diverge, the smallest rate on a tie to 5 digits (the rule sweep uses)${rounded}.`;
}

/** Where λmin = 0, why the best worst-case rate leaves it out: the flat directions never move. */
function flatWords(prepared: PreparedModel): string {
  const flat = prepared.theory?.flatDirections ?? 0;
  if (flat === 0) return "";
  const formula =
    prepared.theory?.optimalFormula === "1/λmax"
      ? "λmax is the only positive eigenvalue"
      : "λ₊min is the smallest positive eigenvalue";
  return ` (${formula}; the ${flat === 1 ? "flat direction, λ = 0, never moves" : `${flat} flat directions, λ = 0, never move`}, whatever the rate)`;
}

/** "1 step", "11 steps". */
function steps(count: number): string {
  return `${formatCount(count)} ${count === 1 ? "step" : "steps"}`;
}

function describeModelSuggestion(setup: ModelSetup, suggestion: ModelSuggestion): string {
  const { prepared, config } = setup;
  const { stability, critical, learningRate, atSuggestion } = suggestion;
  const rate = distinctNumbers(
    [
      ...(learningRate !== null ? [learningRate] : []),
      stability.criticalLearningRate,
      ...(critical ? [critical.learningRate] : []),
      ...(suggestion.optimalLearningRate !== null ? [suggestion.optimalLearningRate] : []),
      ...(suggestion.belowBound ? [suggestion.belowBound.learningRate] : []),
      ...(suggestion.search ? [...suggestion.search.range] : []),
    ].filter((value) => Number.isFinite(value)),
  );
  const lines: string[] = [];
  // A hanging indent: every line of the text as wide as the first.
  const row = (label: string, text: string) =>
    lines.push(
      `  ${label.padEnd(17)}${wrap(text, 100 - 19, "")
        .split("\n")
        .join(`\n${" ".repeat(19)}`)}`,
    );
  lines.push(`lrlab suggest: ${modelHeader(setup)}`);
  lines.push("");
  const method =
    suggestion.method === "theory" ? "exact theory" : `run at ${suggestion.search?.tried ?? 0} rates`;
  // Printed exactly as the core rounded it (down, never above a bound): no further rounding here.
  const noMinimum = noFiniteOptimum(prepared);
  if (suggestion.stalledStart) {
    // Every run stayed where it started: a tie of equal losses, and the start, not a rate, is the cause.
    lines.push("No learning rate is suggested.");
    lines.push(
      `  ${wrap("Stalled start: the gradient at these starting weights vanishes (saturated units: the loss is flat here), so no rate that does not blow up moves them, and every run ends where it began. The start is the cause, not the rate: start from smaller weights.", 98, "  ")}`,
    );
  } else if (noMinimum) {
    // Every rate that does not diverge slides further down the endless slope the larger it is: the
    // largest such rate would win by the lowest final loss, and that is not a choice.
    lines.push("No learning rate is suggested.");
    lines.push(`  ${wrap(noFiniteMinimumWords(noMinimum), 98, "  ")}`);
  } else {
    lines.push(
      learningRate === null
        ? "No learning rate can be suggested."
        : `Use --lr ${formatExact(learningRate)}  (${method})`,
    );
    lines.push(`  ${wrap(reasonWords(suggestion, config.optimizer.name, rate), 98, "  ")}`);
  }
  const aboutTheRate =
    noMinimum || suggestion.stalledStart
      ? []
      : [edgeOfStabilityWords(suggestion, rate), sweepAgreementWords(suggestion)];
  for (const words of aboutTheRate) {
    if (words) lines.push(`  ${wrap(words, 98, "  ")}`);
  }
  const condition = stability.conditionNumber;
  const warning = conditioningWarning(prepared);
  if (warning) lines.push(`  ${wrap(warning, 98, "  ")}`);
  lines.push("");
  if (suggestion.fastest && suggestion.closeness) {
    row(
      "fastest rate",
      `${formatExact(suggestion.fastest.learningRate)}: ${steps(suggestion.fastest.steps)} to get ${toleranceWords(suggestion.closeness.gap, suggestion.closeness)}, full batch, from this start`,
    );
  }
  if (critical) {
    row(
      "critical rate",
      stability.basis === "exact"
        ? `${rate(critical.learningRate)} = ${critical.formula} (exact): above it full-batch SGD diverges`
        : `${rate(critical.learningRate)} = ${critical.formula}, measured at the start by power iteration on exact Hessian-vector products; the sharpness moves as the weights do, so the bound holds where the run starts, not necessarily later`,
    );
  }
  row(
    "curvature",
    `λmax ${stability.basis === "exact" ? "=" : "≈"} ${formatNumber(stability.sharpness)} at the start; 2/λmax = ${rate(stability.criticalLearningRate)}`,
  );
  if (suggestion.optimalLearningRate !== null) {
    const plain = critical?.formula === "2/λmax" ? "" : " for plain gradient descent";
    const fromHere =
      suggestion.optimalSteps !== null ? `; from this start ${steps(suggestion.optimalSteps)}` : "";
    row(
      "best worst-case",
      `${rate(suggestion.optimalLearningRate)} = ${stability.optimalFormula ?? "2/(λmin + λmax)"}${plain}${flatWords(prepared)}${condition !== null ? `; condition number ${formatConditionNumber(condition)}` : ""}${fromHere}`,
    );
  }
  const standardized = standardizeWords(prepared);
  if (standardized) row("standardized", standardized);
  if (atSuggestion && !noMinimum) {
    row(
      "at this rate",
      `loss ${formatNumber(suggestion.initialLoss)} → ${formatNumber(atSuggestion.finalLoss)} in ${formatCount(suggestion.budget)} steps from ${startWords(prepared, config, setup.initSource)} (${atSuggestion.status})`,
    );
  }
  return `${lines.join("\n")}\n`;
}

/** The document `lrlab suggest --model … --json` prints: the line's suggest's names where they mean the same. */
function modelSuggestDocument(setup: ModelSetup, suggestion: ModelSuggestion) {
  const { prepared, data, columnNames, config } = setup;
  const { stability, critical, search } = suggestion;
  // The optimizer as configured, without its rate: the rate is what is suggested.
  const rows = { x: { length: prepared.data.targets.length } as Float64Array };
  const { learningRate: _default, ...optimizer } = optimizerToConfig(resolveRun(config, rows).optimizer);
  const rate = distinctNumbers([stability.criticalLearningRate]);
  const noMinimum = noFiniteMinimumField(prepared);
  return {
    // With no finite minimum the runs' winner is only the largest rate that did not diverge: not given.
    learningRate: noMinimum ? null : suggestion.learningRate,
    noFiniteMinimum: noMinimum,
    stalledStart: suggestion.stalledStart,
    method: suggestion.method,
    reason: reasonWords(suggestion, config.optimizer.name, rate),
    criticalLearningRate: critical?.learningRate ?? null,
    criticalFormula: critical?.formula ?? null,
    criticalIsExact: stability.basis === "exact",
    optimalLearningRate: suggestion.optimalLearningRate,
    optimalFormula: stability.optimalFormula,
    flatDirections: prepared.theory?.flatDirections ?? null,
    conditioningWarning: conditioningWarning(prepared),
    fastest: suggestion.fastest,
    tolerance: suggestion.closeness?.gap ?? null,
    optimalSteps: suggestion.optimalSteps,
    budgetShortfall: suggestion.budgetShortfall,
    steps: suggestion.budget,
    initialLoss: suggestion.initialLoss,
    atSuggestion: suggestion.atSuggestion,
    aboveStartBound: suggestion.aboveStartBound,
    belowBound: suggestion.belowBound,
    curvature: {
      basis: stability.basis,
      lambdaMax: stability.sharpness,
      edgeOfStability: stability.criticalLearningRate,
      ...(stability.hessianEigenvalues
        ? { hessianEigenvalues: Array.from(stability.hessianEigenvalues) }
        : {}),
      conditionNumber: stability.conditionNumber,
      converged: stability.converged,
    },
    search: search
      ? {
          range: search.range,
          tried: search.tried,
          best: search.best,
          sweepDefault: search.sweepDefault,
          candidates: search.candidates,
        }
      : null,
    model: modelSummary(prepared, columnNames),
    data: { source: data.source, n: prepared.data.targets.length, x: columnNames, y: data.yName },
    loss:
      prepared.model.loss.name === "huber" ? { ...prepared.model.loss } : { name: prepared.model.loss.name },
    optimizer,
  };
}
