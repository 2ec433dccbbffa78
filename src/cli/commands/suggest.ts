/**
 * `lrlab suggest`: one answer to "what learning rate should I use?", with its reason: the exact theory
 * where it holds, the LR range test elsewhere, and always the edge of stability from the curvature.
 */
import { type Command, Option } from "commander";
import { toJsonText } from "../../core/export.js";
import { optimizerToConfig } from "../../core/optimizers/registry.js";
import { type LearningRateSuggestion, suggestLearningRate } from "../../core/suggest.js";
import { parseNumberFlag } from "../flags.js";
import { formatCount, formatNumber, wrap } from "../format.js";
import type { Io } from "../io.js";
import { flagName, type RunSetup, runSetupFrom } from "../run-options.js";
import {
  addRangeTestOptions,
  rangeOptionsFrom,
  rangeTestOptionsFrom,
  refuseRangeTestFlags,
} from "./find-lr.js";

export function registerSuggest(program: Command, io: Io, setExitCode: (code: number) => void): void {
  const command = program
    .command("suggest")
    .description(
      "one learning rate to use, and why: exact theory where it holds, the LR range test elsewhere",
    );
  addRangeTestOptions(
    command,
    "points per update (default: all of them, full batch, where the theory is exact; the range test then uses 32)",
  );
  command.addOption(
    new Option(
      "--within <gap>",
      "step counts aim for loss − optimum ≤ this (default: 0.1% of the optimum loss)",
    ).helpGroup("Output:"),
  );
  command.addOption(new Option("--json", "print one JSON document and nothing else").helpGroup("Output:"));
  command.action(async (options: Record<string, unknown>) => {
    setExitCode(await runSuggest(options, io));
  });
}

export async function runSuggest(options: Readonly<Record<string, unknown>>, io: Io): Promise<number> {
  refuseRangeTestFlags(options, "suggest");
  const rangeOptions = rangeOptionsFrom(options);
  const within =
    options.within === undefined
      ? undefined
      : parseNumberFlag("within", options.within, { min: 0, minExclusive: true });
  const setup = await runSetupFrom(options, io);
  const suggestion = suggestLearningRate(
    setup.data,
    { ...rangeTestOptionsFrom(setup, rangeOptions), ...(within === undefined ? {} : { tolerance: within }) },
    flagName,
  );
  io.stdout(
    options.json === true
      ? toJsonText(suggestDocument(setup, suggestion))
      : describeSuggestion(setup, suggestion),
  );
  return 0;
}

function suggestDocument(setup: RunSetup, suggestion: LearningRateSuggestion) {
  const { learningRate: _default, ...optimizer } = optimizerToConfig(setup.optimizer);
  const test = suggestion.rangeTest;
  return {
    learningRate: suggestion.learningRate,
    method: suggestion.method,
    reason: suggestion.reason,
    criticalLearningRate: suggestion.criticalLearningRate,
    criticalFormula: suggestion.criticalFormula,
    criticalIsExact: suggestion.criticalIsExact,
    optimalLearningRate: suggestion.optimalLearningRate,
    steps: suggestion.steps,
    tolerance: suggestion.tolerance,
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
          iterations: test.iterations,
          batchSize: test.batchSize,
        }
      : null,
    data: { source: setup.data.source, n: setup.data.x.length, x: setup.data.xName, y: setup.data.yName },
    loss: setup.loss,
    optimizer,
  };
}

function describeSuggestion(setup: RunSetup, suggestion: LearningRateSuggestion): string {
  const lines: string[] = [];
  const rate = suggestion.learningRate;
  lines.push(`lrlab suggest: ${setup.data.source}`);
  lines.push("");
  lines.push(
    rate === null
      ? "No learning rate can be suggested."
      : `Use --lr ${formatNumber(rate)}  (${suggestion.method === "theory" ? "exact theory" : suggestion.method === "range-test" ? "LR range test" : "curvature"})`,
  );
  lines.push(`  ${wrap(suggestion.reason, 98, "  ")}`);
  lines.push("");
  if (suggestion.criticalLearningRate !== null) {
    lines.push(
      `  critical rate  ${formatNumber(suggestion.criticalLearningRate)} = ${suggestion.criticalFormula}${suggestion.criticalIsExact ? " (exact)" : " (full-batch bound; mini-batch noise only lowers it)"}`,
    );
  }
  if (suggestion.optimalLearningRate !== null) {
    lines.push(
      `  optimal rate   ${formatNumber(suggestion.optimalLearningRate)} = 2/(λmin + λmax), for full-batch gradient descent`,
    );
  }
  const steps = suggestion.steps;
  if (steps && suggestion.tolerance !== null) {
    const count = (value: number | null) => (value === null ? "never" : `${formatCount(value)} steps`);
    lines.push(
      `  steps          ${wrap(`to within ${formatNumber(suggestion.tolerance)} of the optimum loss, full batch: at the optimal rate ${count(steps.optimal)}; at the critical rate never (it bounces forever)`, 100 - 17, " ".repeat(17))}`,
    );
  }
  const { curvature } = suggestion;
  lines.push(
    `  curvature      ${wrap(`λmax ≈ ${formatNumber(curvature.lambdaMax)} at the start (${curvature.iterations} power iterations on Hessian-vector products)${curvature.edgeOfStability === null ? ": the loss is flat there" : `; edge of stability 2/λmax ≈ ${formatNumber(curvature.edgeOfStability)}`}`, 100 - 17, " ".repeat(17))}`,
  );
  const test = suggestion.rangeTest;
  if (test) {
    const rateOf = (name: "valley" | "steep" | "minimum" | "slide") =>
      formatNumber(test.suggestions[name]?.learningRate ?? null);
    lines.push(
      `  range test     ${wrap(`valley ${rateOf("valley")} · steep ${rateOf("steep")} · minimum ${rateOf("minimum")} · slide ${rateOf("slide")} (${test.iterations} iterations, batch ${test.batchSize}; lrlab find-lr shows the curve)`, 100 - 17, " ".repeat(17))}`,
    );
  }
  return `${lines.join("\n")}\n`;
}
