/**
 * `lrlab random-search`: the lesson's first idea, guessing (w, b) at random, against gradient descent.
 * `--model linear|polynomial|logistic|mlp` guesses a model's weights instead (random-search-model.ts);
 * the line's path here is unchanged.
 */

import type { Command } from "commander";
import { Option } from "commander";
import { gradientDescentEvaluationsToReach, randomSearch } from "../../core/choosing/random-search.js";
import { linearStats, mseAt } from "../../core/data/stats.js";
import { closeness } from "../../core/judging/closeness.js";
import { fastestRate } from "../../core/theory/fastest-rate.js";
import { linearMseTheory } from "../../core/theory/theory.js";
import { toJsonText } from "../../core/training/export.js";
import { formatExact } from "../../render/numbers.js";
import { parseSeed } from "../flag-rules.js";
import { parseNumberFlag, parseRange } from "../flags.js";
import {
  formatCount,
  formatLine,
  formatLossName,
  formatNumber,
  formatRatio,
  formatTable,
} from "../format.js";
import type { Io } from "../io.js";
import { addModelOptions, refuseModelFlags, wantsModelPath } from "../model-options.js";
import { addDataOptions, dataSetupFrom } from "../run-options.js";
import { runModelRandomSearch } from "./random-search-model.js";

/** Keras SGD's default rate: the gradient-descent comparison for losses without exact theory. */
const FALLBACK_LEARNING_RATE = 0.01;

export function registerRandomSearch(program: Command, io: Io, setExitCode: (code: number) => void): void {
  const command = program
    .command("random-search")
    .description(
      "guess the line's (w, b), or a --model's weights, at random, keep the best, and count how much sooner gradient descent gets there",
    );
  addDataOptions(command);
  addModelOptions(command);
  // It trains one gradient-descent run to compare with, and tracks nothing along it.
  command.options.find((option) => option.long === "--track-sharpness")?.hideHelp();
  const init = command.options.find((option) => option.long === "--init");
  if (init)
    init.description = "gradient descent's starting weights, as JSON in Keras model.get_weights() order";
  const group = "Search:";
  for (const option of [
    new Option("--trials <n>", "random guesses (default: 1000)"),
    new Option("--seed <n>", "seed of the guesses (default: 0)"),
    new Option(
      "--w-range <low:high>",
      "slopes to guess from (default: ±3·σy/σx); with --model, every kernel weight's",
    ),
    new Option(
      "--b-range <low:high>",
      "intercepts to guess from (default: within 3σy of the data's middle); with --model, every bias's",
    ),
    new Option(
      "--lr <x>",
      "gradient descent's rate for the comparison (default: the fastest constant rate from (0, 0) for MSE, else 0.01; with --model, the best worst-case rate for the linear family under MSE, else half the critical rate measured at the start)",
    ),
    new Option("--json", "print one JSON document and nothing else"),
  ]) {
    command.addOption(option.helpGroup(group));
  }
  command.action(async (options: Record<string, unknown>) => {
    setExitCode(await runRandomSearch(options, io));
  });
}

export async function runRandomSearch(options: Readonly<Record<string, unknown>>, io: Io): Promise<number> {
  // The line's random search has no start flags (--init-w/--init-b); a start from a file is the model path's.
  if (wantsModelPath(options) || options.init !== undefined) return runModelRandomSearch(options, io);
  refuseModelFlags(options);
  const trials =
    options.trials === undefined
      ? 1000
      : parseNumberFlag("trials", options.trials, { integer: true, min: 1 });
  const seed = typeof options.seed === "string" ? parseSeed(options.seed) : 0;
  const wRange = typeof options.wRange === "string" ? parseRange("--w-range", options.wRange) : undefined;
  const bRange = typeof options.bRange === "string" ? parseRange("--b-range", options.bRange) : undefined;
  const { data, loss, huberDelta } = await dataSetupFrom(options, io);
  const stats = linearStats(data);
  const theory = loss === "mse" ? linearMseTheory(stats) : null;
  // The comparison is fairest to gradient descent at the rate that gets there fastest from the same start.
  const fastest = theory
    ? fastestRate(stats, theory, { initialW: 0, initialB: 0, gap: closeness(stats, mseAt(stats, 0, 0)).gap })
    : null;
  const learningRate =
    options.lr === undefined
      ? (fastest?.learningRate ?? theory?.optimalLearningRate ?? FALLBACK_LEARNING_RATE)
      : parseNumberFlag("lr", options.lr, { min: 0, minExclusive: true });

  const search = randomSearch(data, {
    trials,
    seed,
    loss,
    ...(huberDelta === undefined ? {} : { huberDelta }),
    ...(wRange ? { wRange } : {}),
    ...(bRange ? { bRange } : {}),
  });
  const gradientDescent = gradientDescentEvaluationsToReach(data, search.best.loss, {
    learningRate,
    loss,
    ...(huberDelta === undefined ? {} : { huberDelta }),
  });
  const document = {
    data: { source: data.source, n: data.x.length, x: data.xName, y: data.yName },
    loss: huberDelta === undefined ? { name: loss } : { name: loss, delta: huberDelta },
    trials,
    seed,
    box: search.box,
    best: { w: search.best.w, b: search.best.b, loss: search.best.loss },
    optimum: theory ? theory.optimum : null,
    evaluationsToMatch: { randomSearch: search.best.evaluations, gradientDescent },
    gradientDescent: { learningRate, optimizer: "sgd", batch: "full" },
    progress: search.progress,
  };
  if (options.json === true) {
    io.stdout(toJsonText(document));
    return 0;
  }

  const lines: string[] = [];
  lines.push(`lrlab random-search: ${formatCount(trials)} random guesses of (w, b) on ${data.source}`);
  lines.push(
    `  loss ${formatLossName(loss)} · w in [${formatNumber(search.box.w[0])}, ${formatNumber(search.box.w[1])}] · b in [${formatNumber(search.box.b[0])}, ${formatNumber(search.box.b[1])}] · seed ${seed}`,
  );
  lines.push("");
  lines.push("Each time a guess beat the best so far:");
  lines.push(
    formatTable(
      [{ header: "guesses" }, { header: "best loss" }],
      search.progress.map((entry) => [formatCount(entry.evaluations), formatNumber(entry.loss, 5)]),
    ),
  );
  lines.push("");
  const above = theory
    ? ` (${formatNumber((100 * (search.best.loss - theory.optimum.loss)) / theory.optimum.loss, 3)}% above the optimum ${formatNumber(theory.optimum.loss)})`
    : "";
  lines.push(
    `Best guess        ${formatLine(search.best.w, search.best.b)}, loss ${formatNumber(search.best.loss, 5)}${above}, after ${formatCount(search.best.evaluations)} guesses`,
  );
  if (theory) lines.push(`Ideal line        ${formatLine(theory.optimum.w, theory.optimum.b)}`);
  const rateWords =
    theory && options.lr === undefined
      ? `lr ${formatExact(learningRate)}, the fastest rate from this start`
      : `lr ${formatNumber(learningRate)}`;
  if (gradientDescent === null) {
    lines.push(`Gradient descent  (${rateWords}) did not get as low within 100,000 steps: try another --lr.`);
  } else {
    const ratio = search.best.evaluations / gradientDescent;
    lines.push(
      `Gradient descent  (${rateWords}) gets as low in ${formatCount(gradientDescent)} loss evaluation${gradientDescent === 1 ? "" : "s"}${ratio > 1 ? `: ${formatRatio(ratio)} fewer` : ""}. That is why we follow the gradient.`,
    );
  }
  io.stdout(`${lines.join("\n")}\n`);
  return 0;
}
