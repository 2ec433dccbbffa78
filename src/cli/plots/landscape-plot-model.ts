/**
 * `lrlab plot landscape --model … --directions random|hessian|interpolate`: the slice `lrlab landscape`
 * computes with the same flags, drawn in the (w, b) landscape's look (contours log-spaced above the
 * lowest point, the run's path over them, its start ringed and the centre starred), on axes α and β; or,
 * for the interpolation, the loss along the line with the run beside it.
 */
import { LrlabError } from "../../core/errors.js";
import type { Figure, RenderEnvironment } from "../../render/frame.js";
import {
  MODEL_LANDSCAPE_TITLES,
  offSliceWords,
  PLANE_MARKS,
  planeAxisLabels,
  ZERO_HESSIAN_SHORT,
} from "../../render/model-landscape-words.js";
import { modelTitle } from "../../render/model-words.js";
import { formatCount, formatSteps } from "../../render/numbers.js";
import { optimizerCall } from "../commands/fit-text.js";
import { type SlicedRun, sliceModelRun } from "../commands/landscape-slice.js";
import type { Io } from "../io.js";

/** The most grid points per axis a figure takes (a contour of more is no sharper on screen). */
const MAX_FIGURE_GRID = 401;

const TITLES = MODEL_LANDSCAPE_TITLES;

/** Builds the figure of a slice through a model's weights. */
export async function modelLandscapeFigure(
  options: Readonly<Record<string, unknown>>,
  io: Io,
  environment: RenderEnvironment,
): Promise<{ figure: Figure; inputs: readonly string[] }> {
  for (const [key, flag] of [
    ["lrs", "--lrs"],
    ["optimizers", "--optimizers"],
  ] as const) {
    if (options[key] !== undefined) {
      throw new LrlabError(
        "E_USAGE",
        `${flag} compares runs on the line's (w, b) plane; a slice through a model's weights draws one run`,
      );
    }
  }
  const sliced = await sliceModelRun(options, io, "lrlab plot landscape", MAX_FIGURE_GRID);
  const { landscape, setup } = sliced;
  const lossName = lossNameOf(setup.prepared.model.loss.name);
  const subtitle = subtitleOf(sliced);
  const description = `Data: ${setup.data.source}, ${formatSteps(setup.prepared.data.targets.length, "point")}, x = ${setup.columnNames.map((name) => JSON.stringify(name)).join(", ")}, y = ${JSON.stringify(setup.data.yName)}.`;
  // A diverged run is sliced through the last weights it accepted, and the words say so.
  const diverged = sliced.divergedAt !== null;
  const endName = diverged ? `weights at step ${formatCount(sliced.centre.step)}` : "final weights";
  const titleOf = (kind: keyof typeof TITLES) => TITLES[kind].replace("final weights", endName);
  if (landscape.kind === "interpolate") {
    const { interpolationFigure } = await import("../../render/figures/interpolation.js");
    const figure = interpolationFigure(environment, {
      alpha: landscape.alpha,
      values: landscape.values,
      path: { alpha: landscape.path.alpha, loss: landscape.path.loss },
      lossName,
      endName,
      title: titleOf("interpolate"),
      subtitle,
      description,
    });
    return { figure, inputs: setup.inputs };
  }
  const { landscapeFigure } = await import("../../render/figures/landscape.js");
  const hessian = landscape.kind === "hessian" && landscape.eigenvalues;
  const figure = landscapeFigure(environment, {
    surface: { w: landscape.alpha, b: landscape.beta, values: landscape.values },
    // The star marks the centre of the slice: the final weights, at α = β = 0.
    optimum: { w: 0, b: 0, loss: landscape.centreLoss },
    directions: null,
    series: [{ label: PLANE_MARKS.path, w: landscape.path.alpha, b: landscape.path.beta }],
    lossName,
    layout: "overlay",
    title: titleOf(landscape.kind),
    subtitle,
    axisLabels: planeAxisLabels(hessian ? landscape.eigenvalues : null),
    centreLabel: diverged ? `${endName} (the centre)` : PLANE_MARKS.centre,
    startLabel: PLANE_MARKS.start,
  });
  return { figure, inputs: setup.inputs };
}

function lossNameOf(name: string): string {
  return name === "huber" ? "Huber" : name.toUpperCase();
}

/** The model, the run, and what the path's projection leaves out. */
function subtitleOf({ setup, judged, landscape, seed, divergedAt }: SlicedRun): string {
  const { run, resolved } = judged;
  const n = setup.prepared.data.targets.length;
  const parts = [
    modelTitle(setup.prepared),
    optimizerCall({ optimizerName: setup.config.optimizer.name, optimizer: resolved.optimizer }),
    `${formatCount(run.steps)} ${run.batchSize === n ? "full-batch" : `batch-${formatCount(run.batchSize)}`} steps`,
    ...(divergedAt === null ? [] : [`diverged at step ${formatCount(divergedAt)}`]),
    // A zero Hessian has no sharpest direction: the core took random ones, and the subtitle says why.
    ...(landscape.kind !== "interpolate" && landscape.zeroHessian ? [ZERO_HESSIAN_SHORT] : []),
    ...(landscape.kind === "random" ? [`seed ${seed}`] : []),
    offSliceWords(landscape.off, landscape.kind),
  ];
  return parts.join(" · ");
}
