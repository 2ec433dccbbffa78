/**
 * `lrlab random-search --model linear|polynomial|logistic|mlp`: the line's random search for a model
 * beyond the line (core choosing/model-random-search.ts): every weight guessed at random in a box scaled
 * to the data, the best guess kept, and beside it the loss evaluations full-batch gradient descent
 * (trained by trainModel from the model's own start) needs to do as well.
 */
import {
  type ModelRandomSearchResult,
  type ModelSearchBox,
  modelGradientDescentEvaluationsToReach,
  modelSearchBox,
  randomSearchModel,
} from "../../core/choosing/model-random-search.js";
import { fastestFromStart } from "../../core/choosing/model-suggest.js";
import { LrlabError } from "../../core/errors.js";
import { type ModelStability, stabilityAt } from "../../core/judging/model-run.js";
import { type KerasWeights, toKerasWeights } from "../../core/models/model.js";
import { sgd } from "../../core/optimizers/sgd.js";
import type { FastestRate } from "../../core/theory/fastest-from-start.js";
import { toJsonText } from "../../core/training/export.js";
import { modelSummary, optimumSummary } from "../../core/training/model-document.js";
import { modelTitle, startWords } from "../../render/model-words.js";
import { formatAdvisedRate } from "../../render/numbers.js";
import { parseSeed } from "../flag-rules.js";
import { parseNumberFlag, parseRange } from "../flags.js";
import { formatCount, formatNumber, formatRatio, formatTable, wrap } from "../format.js";
import type { Io } from "../io.js";
import { type ModelSetup, modelSetupFrom, startingWeights } from "../model-options.js";
import { noFiniteMinimumField, withNoFiniteMinimum } from "../no-finite-minimum.js";

/** Keras SGD's default rate: gradient descent's when the loss has no curvature at the start to scale it by. */
const FALLBACK_LEARNING_RATE = 0.01;

/** How gradient descent's rate was chosen, for the words and the JSON. */
type RateBasis = "given" | "fastest" | "best-worst-case" | "half-critical" | "keras-default";

/** Runs `random-search --model …` and returns the exit code. */
export async function runModelRandomSearch(
  options: Readonly<Record<string, unknown>>,
  io: Io,
): Promise<number> {
  if (options.trackSharpness !== undefined) {
    throw new LrlabError(
      "E_USAGE",
      "--track-sharpness does not apply to random-search: it compares guesses with one gradient-descent run and measures no sharpness along it",
    );
  }
  const trials =
    options.trials === undefined
      ? 1000
      : parseNumberFlag("trials", options.trials, { integer: true, min: 1 });
  const seed = typeof options.seed === "string" ? parseSeed(options.seed) : 0;
  const kernel = typeof options.wRange === "string" ? parseRange("--w-range", options.wRange) : undefined;
  const bias = typeof options.bRange === "string" ? parseRange("--b-range", options.bRange) : undefined;
  const givenRate =
    options.lr === undefined ? undefined : parseNumberFlag("lr", options.lr, { min: 0, minExclusive: true });
  const setup = await modelSetupFrom(options, io);
  const { prepared } = setup;
  const initial = startingWeights(setup);
  const box = modelSearchBox(prepared, { ...(kernel ? { kernel } : {}), ...(bias ? { bias } : {}) });
  const search = randomSearchModel(prepared, { trials, seed, box });
  // The curvature at gradient descent's start, for its default rate (plain SGD: 2/λmax is its bound).
  const stability = stabilityAt(prepared, initial, { optimizer: sgd() });
  const { learningRate, basis } = rateOf(givenRate, stability, fastestFromStart(prepared, initial)?.fastest);
  const gradientDescent = modelGradientDescentEvaluationsToReach(prepared, search.best.loss, {
    learningRate,
    initial,
  });
  const computation = { setup, trials, seed, search, initial, learningRate, basis, gradientDescent };
  io.stdout(
    options.json === true
      ? toJsonText({
          ...modelRandomSearchDocument(computation, stability),
          noFiniteMinimum: noFiniteMinimumField(prepared, "guesses"),
        })
      : withNoFiniteMinimum(
          describeModelRandomSearch(computation, stability, kernel !== undefined || bias !== undefined),
          prepared,
          "guesses",
        ),
  );
  return 0;
}

interface ModelRandomSearchComputation {
  readonly setup: ModelSetup;
  readonly trials: number;
  readonly seed: number;
  readonly search: ModelRandomSearchResult;
  /** Gradient descent's start. */
  readonly initial: Float64Array;
  readonly learningRate: number;
  readonly basis: RateBasis;
  /** Gradient descent's loss evaluations to match the best guess; null when it did not within its steps. */
  readonly gradientDescent: number | null;
}

/**
 * Gradient descent's rate: the given one; for the linear family under MSE the exact fastest rate from
 * this start (the line's default and suggest's answer; the best worst-case rate where none gets there); else half the critical rate measured at the start, 1/λmax, well inside the stable range
 * (the line's own default, the fastest rate from its start, needs the line's closed form).
 */
function rateOf(
  given: number | undefined,
  stability: ModelStability,
  fastest: FastestRate | null | undefined,
): { learningRate: number; basis: RateBasis } {
  if (given !== undefined) return { learningRate: given, basis: "given" };
  if (fastest && fastest.learningRate > 0) return { learningRate: fastest.learningRate, basis: "fastest" };
  const optimal = stability.optimalLearningRate;
  if (optimal !== null && Number.isFinite(optimal) && optimal > 0) {
    return { learningRate: optimal, basis: "best-worst-case" };
  }
  if (Number.isFinite(stability.sharpness) && stability.sharpness > 0) {
    return { learningRate: 1 / stability.sharpness, basis: "half-critical" };
  }
  return { learningRate: FALLBACK_LEARNING_RATE, basis: "keras-default" };
}

/** The box in Keras get_weights() order: per layer a kernel of intervals' ends, then a bias. */
function boxWeights(setup: ModelSetup, box: ModelSearchBox): { low: KerasWeights; high: KerasWeights } {
  const { model } = setup.prepared;
  return { low: toKerasWeights(model, box.low), high: toKerasWeights(model, box.high) };
}

/** The document `lrlab random-search --model … --json` prints: the line's names where they mean the same. */
function modelRandomSearchDocument(computation: ModelRandomSearchComputation, stability: ModelStability) {
  const { setup, trials, seed, search, initial, learningRate, basis, gradientDescent } = computation;
  const { prepared, data, columnNames } = setup;
  const { model } = prepared;
  return {
    data: { source: data.source, n: prepared.data.targets.length, x: columnNames, y: data.yName },
    model: modelSummary(prepared, columnNames),
    loss: model.loss.name === "huber" ? { ...model.loss } : { name: model.loss.name },
    trials,
    seed,
    box: boxWeights(setup, search.box),
    best: { weights: toKerasWeights(model, search.best.params), loss: search.best.loss },
    optimum: optimumSummary(prepared),
    evaluationsToMatch: { randomSearch: search.best.evaluations, gradientDescent },
    gradientDescent: {
      learningRate,
      rateBasis: basis,
      optimizer: "sgd",
      batch: "full",
      initial: { weights: toKerasWeights(model, initial) },
      criticalLearningRate: stability.criticalLearningRate,
      criticalIsExact: stability.basis === "exact",
    },
    progress: search.progress,
  };
}

const RATE_WORDS: Readonly<Record<RateBasis, string>> = {
  given: "",
  fastest: ", the fastest rate from this start, exact, as suggest gives it",
  "best-worst-case": ", the best worst-case rate, exact",
  "half-critical": ", half the critical rate 2/λmax measured at the start",
  "keras-default": ", Keras SGD's default: the loss has no curvature at the start to scale a rate by",
};

function describeModelRandomSearch(
  computation: ModelRandomSearchComputation,
  stability: ModelStability,
  rangesGiven: boolean,
): string {
  const { setup, trials, seed, search, learningRate, basis, gradientDescent } = computation;
  const { prepared, data } = setup;
  const { model, theory } = prepared;
  const count = model.parameterCount;
  const lines: string[] = [];
  lines.push(
    `lrlab random-search: ${formatCount(trials)} random guesses of the ${formatCount(count)} weights of ${modelTitle(prepared)}, on ${data.source}`,
  );
  lines.push(
    `  loss ${model.loss.name === "huber" ? "Huber" : model.loss.name.toUpperCase()} · each weight uniform in its interval${rangesGiven ? "" : ", scaled to the data"} · seed ${seed}`,
  );
  lines.push("");
  lines.push(...boxLines(setup, search.box));
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
    `Best guess        loss ${formatNumber(search.best.loss, 5)}${above}, after ${formatCount(search.best.evaluations)} guesses; its weights are in --json as best.weights`,
  );
  if (theory)
    lines.push(`Least squares     loss ${formatNumber(theory.optimum.loss, 5)}, exact (the optimum)`);
  const from = `from ${startWords(prepared, setup.config, setup.initSource)}`;
  const rateWords = `lr ${formatNumber(learningRate)}${RATE_WORDS[basis]}`;
  const indent = " ".repeat(18);
  if (gradientDescent === null) {
    lines.push(
      `Gradient descent  ${wrap(`(${rateWords}; ${from}) did not get as low within 100,000 steps: try another --lr.`, 100 - 18, indent)}`,
    );
  } else {
    const ratio = search.best.evaluations / gradientDescent;
    const evaluations = `${formatCount(gradientDescent)} loss evaluation${gradientDescent === 1 ? "" : "s"}`;
    // Guessing can win where the box is small and the rate slow: say so rather than claim the lesson.
    const verdict =
      ratio > 1
        ? `${evaluations}: ${formatRatio(ratio)} fewer. That is why we follow the gradient${count > 2 ? `, and more so with ${formatCount(count)} weights to guess than the line's two` : ""}.`
        : `${evaluations}, no fewer than the ${formatCount(search.best.evaluations)} guesses took: at this rate gradient descent is slow here (try a larger --lr${Number.isFinite(stability.criticalLearningRate) ? `, below the critical rate ${formatAdvisedRate(stability.criticalLearningRate)}` : ""}). Each weight more multiplies the guesses a box needs; a gradient step costs about the same.`;
    lines.push(
      `Gradient descent  ${wrap(`(${rateWords}; ${from}) gets as low in ${verdict}`, 100 - 18, indent)}`,
    );
  }
  if (basis === "given" && Number.isFinite(stability.criticalLearningRate)) {
    lines.push(
      `${indent}(the critical rate 2/λmax at the start is ${formatNumber(stability.criticalLearningRate)}, ${stability.basis === "exact" ? "exact" : "measured"})`,
    );
  }
  return `${lines.join("\n")}\n`;
}

/** The box, one line per kernel row of the first layer (its features differ in scale), one per other part. */
function boxLines(setup: ModelSetup, box: ModelSearchBox): string[] {
  const { model, featureNames } = setup.prepared;
  const rows: string[][] = [];
  const interval = (k: number) => {
    const low = box.low[k] as number;
    const high = box.high[k] as number;
    return low === -high ? `±${formatNumber(high)}` : `[${formatNumber(low)}, ${formatNumber(high)}]`;
  };
  let offset = 0;
  model.layers.forEach(({ inputs, units }, l) => {
    const layer = `Dense ${inputs} → ${units}`;
    if (l === 0) {
      for (let i = 0; i < inputs; i++) {
        rows.push([
          i === 0 ? layer : "",
          `kernel, from ${JSON.stringify(featureNames[i] ?? "")}`,
          interval(offset + i * units),
        ]);
      }
    } else {
      rows.push([layer, `kernel (${inputs}, ${units})`, interval(offset)]);
    }
    offset += inputs * units;
    rows.push(["", `bias (${units},)`, interval(offset)]);
    offset += units;
  });
  return [
    "The box each guess is drawn from:",
    formatTable(
      [
        { header: "layer", align: "left" },
        { header: "weights", align: "left" },
        { header: "interval", align: "left" },
      ],
      rows,
    ),
  ];
}
