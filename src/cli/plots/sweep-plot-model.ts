/**
 * `lrlab plot sweep --model linear|polynomial|logistic|mlp`: the model sweep that `lrlab sweep --model`
 * prints (same flags, same runs, core model-sweep.ts), drawn as the line's sweep figure draws its own: the
 * final loss of each rate, each run coloured by the regime the command's table gives it, diverged runs in
 * the top band, the best rate ringed, the critical rate at the start labelled exact or measured, and the
 * runs at the edge of stability ringed as the table notes them.
 */
import type { SweepBoundary } from "../../core/choosing/sweep.js";
import type { Figure, RenderEnvironment } from "../../render/frame.js";
import { modelTitle, noBestRateLegend } from "../../render/model-words.js";
import { formatCount, formatNumber } from "../../render/numbers.js";
import { ratesFrom } from "../commands/sweep.js";
import { computeModelSweep, type ModelSweepComputation } from "../commands/sweep-model.js";
import { optimizerWords } from "../commands/sweep-text.js";
import type { Io } from "../io.js";

/** Builds the figure of `lrlab sweep --model …`'s result. */
export async function modelSweepPlot(
  options: Readonly<Record<string, unknown>>,
  io: Io,
  environment: RenderEnvironment,
): Promise<{ figure: Figure; inputs: readonly string[] }> {
  const computation = await computeModelSweep(options, io, ratesFrom(options));
  return { figure: await modelSweepFigure(environment, computation), inputs: computation.setup.inputs };
}

/** The figure of a model sweep's result (also the sweep section of `lrlab report --model`). */
export async function modelSweepFigure(
  environment: RenderEnvironment,
  computation: ModelSweepComputation,
): Promise<Figure> {
  const { setup, result } = computation;
  const { prepared } = setup;
  const { sweepFigure } = await import("../../render/figures/sweep.js");
  const exact = result.stability.basis === "exact";
  const lossName = prepared.model.loss.name === "huber" ? "Huber" : prepared.model.loss.name.toUpperCase();
  return sweepFigure(environment, {
    result: {
      runs: result.runs,
      best: result.best,
      boundary: result.boundary,
      theory: prepared.theory ? { optimum: { loss: prepared.theory.optimum.loss } } : null,
    },
    // The linear family's runs carry the lesson's outcome, as the line's do; the other models', their regime.
    colorBy: result.runs.every((run) => run.outcome !== null) ? "outcome" : "regime",
    criticalNote: exact ? "exact" : "measured at the start",
    ...boundaryLegend(result.boundary, exact),
    lossName,
    title: `Final loss against learning rate: ${modelTitle(prepared)}`,
    subtitle: subtitleOf(computation),
    description: `Data: ${setup.data.source}, ${formatCount(prepared.data.targets.length)} points, x = ${setup.columnNames.map((name) => JSON.stringify(name)).join(", ")}, y = ${JSON.stringify(setup.data.yName)}`,
    // The words of the command's Best line.
    bestReason: "the lowest final loss of the runs that did not diverge (on a tie, the smallest rate)",
    ...(result.lowestWithoutMinimum
      ? {
          lowest: {
            run: result.lowestWithoutMinimum,
            reason: noBestRateLegend(result.lowestWithoutMinimum.largestKept),
          },
        }
      : {}),
  });
}

/**
 * How the bound at the start stands to where the runs began to diverge, as the command's Boundary line
 * says it (between them, or outside that bracket), for the legend beside the dashed rule.
 */
function boundaryLegend(
  { largestNonDiverged: below, smallestDiverged: above, criticalLearningRate: critical, rule }: SweepBoundary,
  exact: boolean,
): { criticalLegend?: string } {
  if (critical === null || rule === null || above === null || below === null) return {};
  const bound = `${rule}${exact ? " (exact)" : " measured at the start"}`;
  if (critical >= below && critical <= above) {
    return {
      criticalLegend: `${bound} lies between the largest rate that did not diverge and the smallest that did`,
    };
  }
  const side = critical < below ? "below" : "above";
  return {
    criticalLegend: `${bound} lies ${side} where the runs began to diverge${exact ? "" : " (the sharpness moved)"}`,
  };
}

/** The optimizer and batches, then where the runs began to diverge, as the line's sweep figure says it. */
function subtitleOf(computation: ModelSweepComputation): string {
  const { setup, result, resolved } = computation;
  const { config, prepared } = setup;
  const n = prepared.data.targets.length;
  const batch = Math.min(config.batchSize ?? n, n);
  const count = computation.learningRates.length;
  const parts = [
    `${count === 1 ? "one rate" : `${count} rates`}, ${formatCount(resolved.totalSteps)} steps each`,
    optimizerWords({ optimizerName: config.optimizer.name, optimizer: resolved.optimizer }).replace(
      /\(learning_rate=swept\)$/,
      "",
    ),
    batch === n ? "full batch" : `batch size ${formatCount(batch)}`,
  ];
  const { largestNonDiverged: below, smallestDiverged: above } = result.boundary;
  if (above === null) parts.push("none diverged");
  else if (below === null) parts.push("every rate diverged");
  else parts.push(`diverges between ${formatNumber(below)} and ${formatNumber(above)}`);
  return parts.join(" · ");
}
