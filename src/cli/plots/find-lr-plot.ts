/**
 * `lrlab plot find-lr`: the LR range test's curve with fastai's four suggestions and, on linear MSE, the
 * exact critical rate beside them. The flags and the run are `lrlab find-lr`'s; with `--model` (or
 * `--init`), the model's range test `lrlab find-lr --model` runs (find-lr-plot-model.ts).
 */
import { Option } from "commander";
import { LrlabError } from "../../core/errors.js";
import { hasRate, LOCAL_BOUND_CAVEAT } from "../../render/local-bound-words.js";
import { addRangeTestOptions, computeFindLr, type FindLrComputation } from "../commands/find-lr.js";
import { formatCount, formatLossName, formatNumber } from "../format.js";
import { addModelOptions, refuseModelFlags, wantsModelPath } from "../model-options.js";
import { modelFindLrPlot } from "./find-lr-plot-model.js";
import { dataDescription } from "./loss-plot.js";
import type { PlotKind } from "./plot-kind.js";

export const findLrPlot: PlotKind = {
  name: "find-lr",
  description:
    "the LR range test: smoothed loss against learning rate, fastai's suggestions marked, the critical rate 2/λmax beside them; flags as lrlab find-lr",
  configure(command) {
    addRangeTestOptions(command, "points per iteration (default: 32; all of them for full batch)");
    addModelOptions(command);
    // The range test measures the sharpness once, at the start: tracking it during the ramp is refused.
    command.options.find((option) => option.long === "--track-sharpness")?.hideHelp();
    // find-lr's checks are tables, not this figure: taken only to be refused with a pointer to find-lr.
    for (const flag of ["--seeds <n>", "--validate", "--validate-steps <n>"]) {
      command.addOption(new Option(flag).hideHelp());
    }
  },
  async build(options, io, environment) {
    refuseFindLrChecks(options);
    // The same choice as lrlab find-lr's, so the figure draws the run the command prints.
    if (wantsModelPath(options)) return modelFindLrPlot(options, io, environment);
    refuseModelFlags(options);
    const computation = await computeFindLr(options, io);
    const { setup, settings, run, theory, optimizerCritical, localBound } = computation;
    // The optimizer's own bound when it has one (SGD, with or without momentum); for the adaptive
    // optimizers, which have none, plain gradient descent's 2/λmax as the data's sharpness; for Huber, the
    // bound near the best line, said to be only that.
    // The exact bound is full-batch gradient descent's; a test on mini-batches is told so in the legend.
    const exactLegend =
      run.batchSize < setup.data.x.length
        ? "critical rate (exact, for full-batch descent)"
        : "critical rate (exact)";
    const critical = optimizerCritical
      ? {
          learningRate: optimizerCritical.learningRate,
          formula: optimizerCritical.formula,
          legend: exactLegend,
        }
      : theory
        ? { learningRate: theory.criticalLearningRate, formula: "2/λmax (SGD)", legend: exactLegend }
        : hasRate(localBound)
          ? {
              learningRate: localBound.critical.learningRate,
              formula: `${localBound.critical.formula} near the best line`,
              legend: `rates above it jump out of the minimum (${LOCAL_BOUND_CAVEAT})`,
            }
          : null;
    const { findLrFigure } = await import("../../render/figures/find-lr.js");
    const figure = findLrFigure(environment, {
      learningRates: run.learningRates,
      losses: run.losses,
      smoothedLosses: run.smoothedLosses,
      suggestions: run.suggestions,
      critical,
      lossName: formatLossName(setup.loss),
      smoothing: settings.smoothing,
      steepLagCorrected: run.steepLagCorrected,
      title: `The LR range test: loss as the rate ramps from ${formatNumber(settings.startLearningRate)} to ${formatNumber(settings.endLearningRate)}`,
      subtitle: subtitleOf(computation),
      description: dataDescription(setup),
    });
    return { figure, inputs: setup.inputs };
  },
};

function subtitleOf({ setup, run, settings }: FindLrComputation): string {
  const n = setup.data.x.length;
  const parts = [
    setup.optimizerName === "sgd" ? "SGD" : setup.optimizerName,
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

/** The figure draws one range test; --seeds and --validate print their checks with lrlab find-lr. */
function refuseFindLrChecks(options: Readonly<Record<string, unknown>>): void {
  const flag = [
    ["seeds", "--seeds"],
    ["validate", "--validate"],
    ["validateSteps", "--validate-steps"],
  ].find(([key]) => options[key as string] !== undefined)?.[1];
  if (flag) {
    throw new LrlabError(
      "E_USAGE",
      `${flag} does not apply to plot find-lr: the figure draws one range test; run lrlab find-lr ${flag === "--seeds" ? "--seeds N" : "--validate"} with the same flags for that check`,
    );
  }
}
