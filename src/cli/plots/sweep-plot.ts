/**
 * `lrlab plot sweep`: the final loss of each rate of a sweep, its regimes shaded, the best and the
 * critical rate marked. The flags are `lrlab sweep`'s (`--from/--to/--count` or `--lrs`, every fit flag,
 * `--workers`), and the runs are the same: the figure draws exactly what `lrlab sweep` prints. With
 * `--model` (or `--init`, `--track-sharpness`), the model sweep `lrlab sweep --model` prints
 * (sweep-plot-model.ts).
 */
import type { SweepResult } from "../../core/choosing/sweep.js";
import { toleranceWords } from "../../render/verdict-words.js";
import { addSweepOptions, computeSweep, type SweepComputation } from "../commands/sweep.js";
import { formatCount, formatLossName, formatNumber } from "../format.js";
import { addModelOptions, refuseModelFlags, wantsModelPath } from "../model-options.js";
import { dataDescription } from "./loss-plot.js";
import type { PlotKind } from "./plot-kind.js";
import { modelSweepPlot } from "./sweep-plot-model.js";

export const sweepPlot: PlotKind = {
  name: "sweep",
  description:
    "final loss against learning rate (log-log), regimes shaded, the best and the critical rate (2/λmax) marked; flags as lrlab sweep",
  configure(command) {
    addSweepOptions(command);
    addModelOptions(command);
  },
  async build(options, io, environment) {
    // The same choice as lrlab sweep's, so the figure draws the runs the command prints.
    if (wantsModelPath(options)) return modelSweepPlot(options, io, environment);
    refuseModelFlags(options);
    const computation = await computeSweep(options, io);
    const { setup, result, learningRates } = computation;
    const { sweepFigure } = await import("../../render/figures/sweep.js");
    const figure = sweepFigure(environment, {
      result,
      lossName: formatLossName(setup.loss),
      title: `Final loss against learning rate: ${learningRates.length === 1 ? "one rate" : `${learningRates.length} rates`}, ${formatCount(computation.stepsPerRun)} steps each`,
      subtitle: subtitleOf(computation),
      description: dataDescription(setup),
      bestReason: bestReason(result),
    });
    return { figure, inputs: setup.inputs };
  },
};

/** The run's setting and the two numbers a sweep is for: the best rate and where divergence begins. */
function subtitleOf({ setup, result }: SweepComputation): string {
  const n = setup.data.x.length;
  const batch = Math.min(setup.trainOptions.batchSize ?? n, n);
  const parts = [
    setup.optimizerName === "sgd" ? "SGD" : setup.optimizerName,
    ...(setup.schedule.name === "constant" ? [] : [setup.schedule.className]),
    batch === n ? "full batch" : `batch size ${formatCount(batch)}`,
  ];
  const { largestNonDiverged, smallestDiverged } = result.boundary;
  if (largestNonDiverged !== null && smallestDiverged !== null) {
    parts.push(`diverges between ${formatNumber(largestNonDiverged)} and ${formatNumber(smallestDiverged)}`);
  } else if (smallestDiverged !== null) {
    parts.push("every rate diverged");
  } else {
    parts.push("none diverged");
  }
  return parts.join(" · ");
}

/** Why the best rate is the best, in the words of `lrlab sweep`'s Best line. */
function bestReason({
  best,
  tolerance,
  closeness,
}: Pick<SweepResult, "best" | "tolerance" | "closeness">): string {
  if (!best) return "";
  if (best.reason === "soonest-settled" && best.stepsToTolerance !== null && tolerance !== null) {
    return `the soonest good run to stay ${toleranceWords(tolerance, closeness)} (from step ${formatCount(best.stepsToTolerance)})`;
  }
  return "lowest final loss";
}
