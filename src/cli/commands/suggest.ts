/**
 * `lrlab suggest`: one answer to "what learning rate should I use?", with its reason: the exact theory
 * where it holds, the LR range test elsewhere, and always the edge of stability from the curvature.
 * `--model linear|polynomial|logistic|mlp` asks it of a model instead (suggest-model.ts); the line's path
 * here is unchanged.
 */
import { type Command, Option } from "commander";
import { rangeTestParams } from "../../core/choosing/range-test.js";
import { MAX_SIMULATED_BUDGET } from "../../core/choosing/simulated-rate.js";
import { type LearningRateSuggestion, suggestLearningRate } from "../../core/choosing/suggest.js";
import { linearStats, mseAt } from "../../core/data/stats.js";
import { LrlabError } from "../../core/errors.js";
import { closeness } from "../../core/judging/closeness.js";
import { ILL_CONDITIONED } from "../../core/judging/verdict.js";
import { optimizerToConfig } from "../../core/optimizers/registry.js";
import { bestWorstCaseMeaning } from "../../core/theory/best-worst-case.js";
import { regimeBounds } from "../../core/theory/regime.js";
import { toJsonText } from "../../core/training/export.js";
import { DEFAULT_STEPS } from "../../core/training/train-options.js";
import { hasRate, localBoundRow, localCurvatureWords } from "../../render/local-bound-words.js";
import {
  distinctNumbers,
  formatAdvisedRate,
  formatConditionNumber,
  formatExact,
  formatSteps,
} from "../../render/numbers.js";
import { neverFellWords, toleranceWords } from "../../render/verdict-words.js";
import { parseNumberFlag } from "../flags.js";
import { formatNumber, wrap } from "../format.js";
import type { Io } from "../io.js";
import { addModelOptions, refuseModelFlags, wantsModelPath } from "../model-options.js";
import { flagName, type RunSetup, runSetupFrom } from "../run-options.js";
import {
  addRangeTestOptions,
  rangeOptionsFrom,
  rangeTestOptionsFrom,
  refuseRangeTestFlags,
} from "./find-lr.js";
import { LR_REFUSED, runModelSuggest } from "./suggest-model.js";

/** Run flags suggest keeps from fit: the budget the suggestion is for. */
const KEPT_RUN_FLAGS = {
  steps: `the steps the run will have: Adam, RMSprop and Adagrad on the full batch are run at many rates for this long (default: ${DEFAULT_STEPS}, fit's default; at most ${MAX_SIMULATED_BUDGET.toLocaleString("en-US")})`,
};

/** Why suggest refuses the run flags, in its own words (its answer is often exact, with no range test). */
const SUGGEST_REASONS = {
  schedule: "suggest finds one constant rate",
  epochs: "suggest finds one rate for a budget of updates; give it as --steps",
  tolerance: "each candidate rate runs for the whole budget (--within sets the gap its step counts aim for)",
  "diverge-factor": "suggest judges divergence by the theory, or by its own runs of each candidate",
  "history-every": "suggest keeps no history",
};

export function registerSuggest(program: Command, io: Io, setExitCode: (code: number) => void): void {
  const command = program
    .command("suggest")
    .description(
      "one learning rate to use, and why: exact theory where it holds, the LR range test elsewhere",
    );
  addRangeTestOptions(
    command,
    "points per update (default: all of them, full batch, where the theory is exact; the range test then uses 32)",
    KEPT_RUN_FLAGS,
  );
  command.addOption(
    new Option(
      "--within <gap>",
      "step counts aim for loss − best loss ≤ this (default: 0.1% of the best loss)",
    ).helpGroup("Output:"),
  );
  addModelOptions(command);
  command.addOption(new Option("--json", "print one JSON document and nothing else").helpGroup("Output:"));
  command.action(async (options: Record<string, unknown>) => {
    setExitCode(await runSuggest(options, io));
  });
}

/**
 * `asked` is the header of the model the user asked for when suggest --model hands the line's own problem
 * here (suggest-model.ts): the answer is the line's, but the header names what was asked.
 */
export async function runSuggest(
  options: Readonly<Record<string, unknown>>,
  io: Io,
  asked?: string,
): Promise<number> {
  // Refused before the model path, which --track-sharpness alone would choose (model-options.ts).
  if (options.trackSharpness !== undefined) {
    throw new LrlabError(
      "E_USAGE",
      "--track-sharpness does not apply to suggest: it ranks candidate rates by where their runs end and measures no sharpness along them (lrlab fit --track-sharpness K measures it along one run)",
    );
  }
  if (wantsModelPath(options)) return runModelSuggest(options, io);
  refuseModelFlags(options);
  // Before the range test's refusals: the line's suggest is mostly exact theory, and its reason is suggest's.
  if (options.lr !== undefined)
    throw new LrlabError("E_USAGE", `--lr does not apply to suggest: ${LR_REFUSED}`);
  refuseRangeTestFlags(options, "suggest", KEPT_RUN_FLAGS, SUGGEST_REASONS);
  const rangeOptions = rangeOptionsFrom(options);
  const within =
    options.within === undefined
      ? undefined
      : parseNumberFlag("within", options.within, { min: 0, minExclusive: true });
  const setup = await runSetupFrom(options, io);
  const budget = setup.trainOptions.steps;
  if (budget === 0)
    throw new LrlabError(
      "E_BAD_ARGUMENT",
      "--steps: 0 leaves nothing to suggest a rate for; expected at least 1",
    );
  if (budget !== undefined && budget > MAX_SIMULATED_BUDGET)
    throw new LrlabError(
      "E_BAD_ARGUMENT",
      `--steps: ${budget} is more than suggest runs each rate for; expected at most ${MAX_SIMULATED_BUDGET.toLocaleString("en-US")}`,
    );
  const suggestion = suggestLearningRate(
    setup.data,
    {
      ...rangeTestOptionsFrom(setup, rangeOptions),
      ...(within === undefined ? {} : { tolerance: within }),
      ...(budget === undefined ? {} : { budget }),
    },
    flagName,
  );
  if (suggestion.rangeTest === null) refuseUnusedRangeTestFlags(options);
  io.stdout(
    options.json === true
      ? toJsonText(suggestDocument(setup, suggestion))
      : describeSuggestion(setup, suggestion, asked),
  );
  return 0;
}

/**
 * The range test's flags where the answer ran no range test (the exact theory, Polyak's pair, momentum's
 * runs below its bound): they would change nothing, and were silently ignored.
 */
function refuseUnusedRangeTestFlags(options: Readonly<Record<string, unknown>>): void {
  for (const flag of [...rangeTestParams.map((spec) => spec.flag), "linear"]) {
    const given = options[flag.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase())];
    if (given !== undefined) {
      throw new LrlabError(
        "E_USAGE",
        `--${flag} does not apply here: on full-batch MSE with SGD (momentum or not) suggest's rate is exact and runs no range test; the range test's flags apply with --batch-size, --loss mae or huber, or Adam, RMSprop and Adagrad`,
      );
    }
  }
}

function suggestDocument(setup: RunSetup, suggestion: LearningRateSuggestion) {
  const { learningRate: _default, ...optimizer } = optimizerToConfig(setup.optimizer);
  const test = suggestion.rangeTest;
  return {
    learningRate: suggestion.learningRate,
    momentum: suggestion.momentum,
    method: suggestion.method,
    reason: suggestion.reason,
    criticalLearningRate: suggestion.criticalLearningRate,
    criticalFormula: suggestion.criticalFormula,
    criticalIsExact: suggestion.criticalIsExact,
    optimalLearningRate: suggestion.optimalLearningRate,
    fastest: suggestion.fastest,
    budgetShortfall: suggestion.budgetShortfall,
    momentumPair: suggestion.momentumPair,
    bestRateForGivenMomentum: suggestion.bestRateForGivenMomentum,
    simulated: suggestion.simulated,
    steps: suggestion.steps,
    tolerance: suggestion.tolerance,
    localBound: suggestion.localBound,
    curvature: {
      lambdaMax: suggestion.curvature.lambdaMax,
      edgeOfStability: suggestion.curvature.edgeOfStability,
      direction: suggestion.curvature.direction,
      iterations: suggestion.curvature.iterations,
      at: { w: setup.trainOptions.initialW ?? 0, b: setup.trainOptions.initialB ?? 0 },
    },
    theory: suggestion.theory
      ? {
          optimum: suggestion.theory.optimum,
          hessianEigenvalues: suggestion.theory.hessianEigenvalues,
          criticalLearningRate: suggestion.theory.criticalLearningRate,
          optimalLearningRate: suggestion.theory.optimalLearningRate,
          optimalFormula: suggestion.theory.optimalFormula,
        }
      : null,
    rangeTest: test
      ? {
          suggestions: {
            valley: test.suggestions.valley?.learningRate ?? null,
            steep: test.suggestions.steep?.learningRate ?? null,
            minimum: test.suggestions.minimum?.learningRate ?? null,
            slide: test.suggestions.slide?.learningRate ?? null,
          },
          suggested: test.suggested,
          nothingBecause: test.suggestions.nothingBecause,
          iterations: test.iterations,
          requestedIterations: test.requestedIterations,
          batchSize: test.batchSize,
        }
      : null,
    data: { source: setup.data.source, n: setup.data.x.length, x: setup.data.xName, y: setup.data.yName },
    loss: setup.loss,
    optimizer,
  };
}

/**
 * The gap the step counts aim for, in the verdicts' words: "within 0.1% of the best loss" for the closeness
 * rule, the number itself for a gap given with --within.
 */
function gapWords(setup: RunSetup, suggestion: LearningRateSuggestion): string {
  if (suggestion.tolerance === null) return "to the best loss";
  const stats = linearStats(setup.data);
  const start = mseAt(stats, setup.trainOptions.initialW ?? 0, setup.trainOptions.initialB ?? 0);
  return toleranceWords(suggestion.tolerance, closeness(stats, start));
}

function describeSuggestion(setup: RunSetup, suggestion: LearningRateSuggestion, asked?: string): string {
  const lines: string[] = [];
  const rate = suggestion.learningRate;
  const row = (label: string, text: string) =>
    lines.push(`  ${label.padEnd(17)}${wrap(text, 100 - 19, " ".repeat(19))}`);
  if (asked === undefined) lines.push(`lrlab suggest: ${setup.data.source}`);
  else {
    lines.push(`lrlab suggest: ${asked}`);
    lines.push(
      "  One column from zero weights is the line's own problem (y = w·x + b): answered by the line's method, as lrlab suggest without --model.",
    );
  }
  lines.push("");
  const method =
    suggestion.method === "theory"
      ? "exact theory"
      : suggestion.method === "simulation"
        ? `run at ${suggestion.simulated?.tried ?? 0} rates`
        : suggestion.method === "range-test"
          ? "LR range test"
          : "curvature";
  // Printed exactly as the core rounded it (down, never above a bound): no further rounding here.
  lines.push(
    rate === null
      ? "No learning rate can be suggested."
      : `Use --lr ${formatExact(rate)}${suggestion.momentum !== null ? ` --momentum ${formatExact(suggestion.momentum)}` : ""}  (${method})`,
  );
  lines.push(`  ${wrap(suggestion.reason, 98, "  ")}`);
  if (suggestion.theory && suggestion.theory.conditionNumber > ILL_CONDITIONED) {
    lines.push(
      `  ${wrap(`But the condition number is ${formatConditionNumber(suggestion.theory.conditionNumber)}: no constant rate serves both directions in a sensible number of steps. Standardize x (subtract its mean, divide by its standard deviation) and ask again.`, 98, "  ")}`,
    );
  }
  lines.push("");
  const count = (value: number | null) => (value === null ? "never" : formatSteps(value));
  const theory = suggestion.theory;
  const config = setup.optimizer.config as { momentum?: number; nesterov?: boolean };
  const momentum = setup.optimizer.name === "sgd" ? (config.momentum ?? 0) : 0;
  // With momentum the bound depends on β: the one typed, and the suggested pair's, each said with its β.
  const pairBound =
    theory && suggestion.momentumPair && suggestion.momentumPair.momentum !== momentum
      ? (regimeBounds(theory.hessianEigenvalues[0], {
          name: "sgd",
          config: { momentum: suggestion.momentumPair.momentum, nesterov: config.nesterov === true },
        })?.critical ?? null)
      : null;
  const optimal =
    suggestion.optimalLearningRate !== null && suggestion.method === "theory" && suggestion.momentum === null
      ? suggestion.optimalLearningRate
      : null;
  const edge = suggestion.localBound ? null : suggestion.curvature.edgeOfStability;
  // On MSE the estimate is the exact λmax: its edge of stability is plain gradient descent's critical rate,
  // a row above unless momentum or an adaptive optimizer changed the bound (then it is shown beside it).
  const edgeIsCritical = theory !== null && edge !== null && suggestion.criticalFormula === "2/λmax";
  // The rates of these rows, told apart by their digits (a rate to type keeps all of its own).
  const shown = distinctNumbers(
    [
      suggestion.criticalLearningRate,
      optimal,
      edgeIsCritical ? null : edge,
      pairBound?.learningRate ?? null,
    ].filter((value): value is number => value !== null),
  );
  if (suggestion.fastest) {
    row(
      "fastest rate",
      `${formatExact(suggestion.fastest.learningRate)}: ${count(suggestion.fastest.steps)} to get ${gapWords(setup, suggestion)}, full batch, from this start`,
    );
  }
  if (hasRate(suggestion.localBound)) {
    row(
      "critical rate",
      localBoundRow(suggestion.localBound, shown(suggestion.localBound.critical.learningRate)),
    );
  } else if (suggestion.criticalLearningRate !== null) {
    const forWhich = momentum > 0 ? ` with your β = ${formatExact(momentum)}` : "";
    const pair =
      pairBound && suggestion.momentumPair
        ? `; with the suggested pair's β = ${formatExact(suggestion.momentumPair.momentum)} it is ${shown(pairBound.learningRate)}`
        : "";
    row(
      "critical rate",
      `${shown(suggestion.criticalLearningRate)} = ${suggestion.criticalFormula}${forWhich}${suggestion.criticalIsExact ? " (exact): above it the run diverges, at it the sharp direction bounces forever" : " (full-batch bound; mini-batch noise only lowers it)"}${pair}`,
    );
  }
  const formula = suggestion.optimalFormula;
  if (optimal !== null && formula !== null) {
    const critical = suggestion.criticalLearningRate;
    row(
      "best worst-case",
      critical !== null && optimal >= critical
        ? // λmin so small beside λmax that 2/(λmin + λmax) rounds to 2/λmax: the same number, not a second rate.
          `2/(λmin + λmax) is the critical rate itself here: λmin is ${formatConditionNumber(theory?.conditionNumber ?? null)} times smaller than λmax and adds nothing to it, so at this rate the sharp direction bounces forever`
        : `${shown(optimal)} = ${formula}: ${bestWorstCaseMeaning(formula)}${suggestion.steps ? `; from this start ${count(suggestion.steps.optimal)}` : ""}`,
    );
  }
  if (suggestion.bestRateForGivenMomentum !== null) {
    row(
      "your momentum",
      `with momentum ${formatExact(momentum)} the steadiest rate (best worst case) is ${formatExact(suggestion.bestRateForGivenMomentum)}`,
    );
  }
  const { curvature } = suggestion;
  if (suggestion.localBound)
    // Huber: the curvature that bounds the rate is the best line's; the start's is smaller, fewer points
    // being within δ of a line far from them.
    row(
      "curvature",
      `${localCurvatureWords(suggestion.localBound)}; ${formatNumber(curvature.lambdaMax)} at the start (by ${curvature.iterations} power iterations), where fewer points are within δ`,
    );
  else {
    const edgeWords =
      edge === null
        ? ": the loss is flat there"
        : edgeIsCritical
          ? "; its edge of stability 2/λmax is the critical rate"
          : `; edge of stability 2/λmax ≈ ${shown(edge)}${theory ? " (plain gradient descent's)" : ""}`;
    row(
      "curvature",
      `λmax ≈ ${formatNumber(curvature.lambdaMax)} at the start (${curvature.iterations} power iterations on Hessian-vector products)${edgeWords}`,
    );
  }
  const test = suggestion.rangeTest;
  if (test) {
    const rateOf = (name: "valley" | "steep" | "minimum" | "slide") =>
      formatAdvisedRate(test.suggestions[name]?.learningRate ?? null);
    const why = test.suggestions.nothingBecause;
    row(
      "range test",
      why !== null
        ? `nothing to suggest: ${why === "never-fell" ? `${neverFellWords(test.stoppedEarly)}, from lr ${formatNumber(test.learningRates[0])} on` : "no finite loss was recorded"} (${test.iterations} iteration${test.iterations === 1 ? "" : "s"}, batch ${test.batchSize}; lower --start-lr; lrlab find-lr shows the curve)`
        : `valley ${rateOf("valley")} · steep ${rateOf("steep")} · minimum ${rateOf("minimum")} · slide ${rateOf("slide")} (${test.iterations} iterations, batch ${test.batchSize}; lrlab find-lr shows the curve)`,
    );
  }
  return `${lines.join("\n")}\n`;
}
