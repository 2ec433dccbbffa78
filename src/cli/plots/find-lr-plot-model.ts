/**
 * `lrlab plot find-lr --model linear|polynomial|logistic|mlp`: the range test `lrlab find-lr --model`
 * runs (same flags, same run, core range-test.ts on the model), drawn as the line's find-lr figure draws
 * its own: the smoothed loss, fastai's suggestions with the valley (the rate the command suggests)
 * emphasised, and the critical rate at the starting weights beside them, labelled exact or measured.
 */
import { noFiniteOptimum } from "../../core/judging/finite-optimum.js";
import type { ModelStability } from "../../core/judging/model-run.js";
import type { Figure, RenderEnvironment } from "../../render/frame.js";
import { modelTitle } from "../../render/model-words.js";
import { formatCount, formatNumber } from "../../render/numbers.js";
import { textWidth } from "../../render/text.js";
import { THEME } from "../../render/theme.js";
import { rangeOptionsFrom, refuseModelRangeTestFlags } from "../commands/find-lr.js";
import { computeModelFindLr, type ModelFindLrComputation } from "../commands/find-lr-model.js";
import type { Io } from "../io.js";
import { kerasOptimizerClass } from "../keras-words.js";
import { modelSetupFrom } from "../model-options.js";

/** The figure's width (findLrFigure's default), which the title must fit. */
const FIGURE_WIDTH = 720;

/** Builds the figure of `lrlab find-lr --model …`'s range test. */
export async function modelFindLrPlot(
  options: Readonly<Record<string, unknown>>,
  io: Io,
  environment: RenderEnvironment,
): Promise<{ figure: Figure; inputs: readonly string[] }> {
  refuseModelRangeTestFlags(options);
  const rangeOptions = rangeOptionsFrom(options);
  const setup = await modelSetupFrom(options, io);
  const computation = computeModelFindLr(setup, rangeOptions);
  const { run, settings, stability } = computation;
  const { prepared } = setup;
  const { findLrFigure } = await import("../../render/figures/find-lr.js");
  const loss = prepared.model.loss.name;
  const figure = findLrFigure(environment, {
    learningRates: run.learningRates,
    losses: run.losses,
    smoothedLosses: run.smoothedLosses,
    suggestions: run.suggestions,
    critical: criticalOf(stability, run.batchSize < prepared.data.targets.length),
    lossName: loss === "huber" ? "Huber" : loss === "bce" ? "binary cross-entropy" : loss.toUpperCase(),
    smoothing: settings.smoothing,
    steepLagCorrected: run.steepLagCorrected,
    title: titleOf(modelTitle(prepared), settings),
    subtitle: subtitleOf(computation),
    // The core's decision, as the command's "Suggested no rate" words it (find-lr-model.ts).
    ...(noFiniteOptimum(prepared) ? { valleyNotARate: "no finite minimum" } : {}),
    description: `Data: ${setup.data.source}, ${formatCount(prepared.data.targets.length)} points, x = ${setup.columnNames.map((name) => JSON.stringify(name)).join(", ")}, y = ${JSON.stringify(setup.data.yName)}`,
  });
  return { figure, inputs: setup.inputs };
}

/**
 * The rule beside the suggestions, as the command's "Suggested" line names it: the optimizer's bound at
 * the start (SGD, with or without momentum), else plain gradient descent's 2/λmax for an optimizer that
 * rescales its steps; exact for the linear family under MSE, measured at the starting weights otherwise.
 */
function criticalOf(
  stability: ModelStability,
  miniBatch: boolean,
): { learningRate: number; formula: string; legend: string } | null {
  // The bound is full-batch gradient descent's; a test on mini-batches is told so.
  const how = `${stability.basis === "exact" ? "exact" : "measured at the starting weights"}${miniBatch ? ", for full-batch descent" : ""}`;
  const bound = stability.bounds?.critical;
  if (bound) {
    return { learningRate: bound.learningRate, formula: bound.formula, legend: `critical rate (${how})` };
  }
  const critical = stability.criticalLearningRate;
  if (!(Number.isFinite(critical) && critical > 0)) return null;
  return {
    learningRate: critical,
    formula: "2/λmax (SGD)",
    legend: `critical rate of plain gradient descent (${how})`,
  };
}

/** The model and the ramp; the ramp left to the x axis where a long model name leaves it no room. */
function titleOf(model: string, settings: ModelFindLrComputation["settings"]): string {
  const title = `The LR range test on ${model}`;
  const ramp = `${title}: the rate from ${formatNumber(settings.startLearningRate)} to ${formatNumber(settings.endLearningRate)}`;
  return textWidth(ramp, THEME.titleSize, true) <= FIGURE_WIDTH ? ramp : title;
}

function subtitleOf({ setup, run, settings }: ModelFindLrComputation): string {
  const n = setup.prepared.data.targets.length;
  const parts = [
    kerasOptimizerClass(setup.config.optimizer.name),
    run.batchSize === n ? "full batch" : `batch size ${formatCount(run.batchSize)}`,
  ];
  const lastRate = run.learningRates[run.iterations - 1];
  parts.push(
    run.stoppedEarly
      ? `blew up at rate ${formatNumber(lastRate)}, iteration ${formatCount(run.iterations)} of ${formatCount(settings.numIterations)}`
      : `${formatCount(run.iterations)} iterations`,
  );
  return parts.join(" · ");
}
