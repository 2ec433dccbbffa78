/**
 * `lrlab plot landscape`: contours of the loss over (w, b) with the paths of several rates (`--lrs`) or
 * optimizers (`--optimizers`), the start and the optimum marked, and, for MSE, the sharp and flat
 * directions of the bowl from the exact theory. The grid is the core landscape's (`lrlab landscape`),
 * centred on the optimum and holding every path that does not diverge.
 */

import { LrlabError } from "../../core/errors.js";
import { landscapeAxes, landscapeRanges, mseGrid, pathToHold } from "../../core/landscape/landscape.js";
import { formatConditionNumber } from "../../render/numbers.js";
import { addDirectionOptions, slicesModel } from "../commands/landscape-slice.js";
import { parseNumberFlag, parseRange } from "../flags.js";
import { formatNumber } from "../format.js";
import { directGridValues } from "../landscape-workers.js";
import { addModelOptions, refuseModelFlags } from "../model-options.js";
import { addRunOptions, runSetupFrom } from "../run-options.js";
import { modelLandscapeFigure } from "./landscape-plot-model.js";
import {
  addFigureRunOptions,
  checkFigureRunFlags,
  countInWords,
  figureRuns,
  lossTitle,
  optimizerTitle,
  runLabel,
  stabilityText,
} from "./landscape-plot-runs.js";
import type { PlotKind } from "./plot-kind.js";

/** Steps per run when neither --steps nor --epochs is given. */
const DEFAULT_STEPS = 40;
/** Grid points along each axis of the map. */
const DEFAULT_GRID = 201;
/** Points drawn per path at most; longer runs are thinned evenly. */
const MAX_PATH_POINTS = 2000;

export const landscapePlot: PlotKind = {
  name: "landscape",
  description:
    "contours of the loss over (w, b) with the paths of several rates (--lrs) or optimizers (--optimizers), the start, the optimum and the sharp and flat directions",
  configure(command) {
    addRunOptions(command);
    addModelOptions(command);
    addFigureRunOptions(command, { optimizers: true });
    command
      .option("--grid <n>", `grid points along each axis (default: ${DEFAULT_GRID})`)
      .option("--w-range <low:high>", "slopes to show (default: around the optimum and the paths)")
      .option("--b-range <low:high>", "intercepts to show (default: around the optimum and the paths)");
    for (const long of ["--grid", "--w-range", "--b-range"]) {
      command.options.find((option) => option.long === long)?.helpGroup("Grid:");
    }
    addDirectionOptions(command);
  },
  async build(options, io, environment) {
    if (slicesModel(options)) return modelLandscapeFigure(options, io, environment);
    refuseModelFlags(options);
    for (const [key, flag] of [
      ["alphaRange", "--alpha-range"],
      ["betaRange", "--beta-range"],
    ] as const) {
      if (options[key] !== undefined) {
        throw new LrlabError(
          "E_USAGE",
          `${flag} ranges a slice through a model's weights: give --directions too`,
        );
      }
    }
    const grid =
      options.grid === undefined
        ? DEFAULT_GRID
        : parseNumberFlag("grid", options.grid, { integer: true, min: 2 });
    if (grid > 1001) {
      throw new LrlabError("E_BAD_ARGUMENT", `--grid: at most 1001 points per axis in a figure, got ${grid}`);
    }
    const wRange = typeof options.wRange === "string" ? parseRange("--w-range", options.wRange) : undefined;
    const bRange = typeof options.bRange === "string" ? parseRange("--b-range", options.bRange) : undefined;
    checkFigureRunFlags(options);
    const setup = await runSetupFrom(options, io);
    // Loaded here, not at the top: every lrlab command imports the plot kinds, and only this one draws.
    const { equalAspectRanges, landscapeFigure } = await import("../../render/figures/landscape.js");
    const runs = figureRuns(setup, options, { defaultSteps: DEFAULT_STEPS, maxPathPoints: MAX_PATH_POINTS });
    const { stats, theory } = runs;
    const automatic = landscapeRanges(stats, {
      wRange,
      bRange,
      // A climbing run's first few jumps (up to 3× the starting loss) stay in view, so it is seen
      // jumping out of the bowl before it leaves the map.
      include: runs.runs.map((run) => pathToHold(run.run, 3)),
      // The paths decide the frame; the bowl only keeps it from collapsing when they barely move.
      bowl: 0.02,
    });
    const ranges = equalAspectRanges({
      w: wRange ?? automatic.w,
      b: bRange ?? automatic.b,
    });
    const axes = landscapeAxes(stats, {
      grid,
      wRange: wRange ?? ranges.w,
      bRange: bRange ?? ranges.b,
    });
    const values =
      setup.loss === "mse"
        ? mseGrid(stats, axes)
        : await directGridValues(setup.data, axes, {
            loss: setup.loss,
            huberDelta: setup.trainOptions.huberDelta,
          });
    if ((wRange || bRange) && values.some((value) => !Number.isFinite(value))) {
      const flags = [wRange && "--w-range", bRange && "--b-range"].filter(Boolean).join(" and ");
      throw new LrlabError(
        "E_BAD_ARGUMENT",
        `${flags}: the ${lossTitle(setup.loss)} loss overflows to infinity in that range; choose a narrower one`,
      );
    }
    const first = runs.runs[0]?.run;
    const n = setup.data.x.length;
    const batch = first?.batchSize ?? n;
    const steps = Math.max(...runs.runs.map((run) => run.run.requestedSteps));
    const only = runs.runs[0];
    const what =
      runs.runs.length === 1 && only
        ? `the path of lr ${formatNumber(only.learningRate)}`
        : runs.compareOptimizers
          ? `the paths of ${countInWords(runs.runs.length)} optimizers`
          : `the paths of ${countInWords(runs.runs.length)} learning rates`;
    const lossName = lossTitle(setup.loss);
    const optimizerPart = runs.compareOptimizers
      ? `Keras defaults${runs.sharedRate ? ` at lr ${formatNumber(only?.learningRate)}` : ""}`
      : optimizerTitle(setup.optimizerName);
    const parts = [
      `${optimizerPart}, ${steps} ${batch === n ? "full-batch" : `batch-${batch}`} steps from (${formatNumber(first?.history.w[0])}, ${formatNumber(first?.history.b[0])})`,
    ];
    if (theory) {
      const stability = runs.compareOptimizers
        ? `critical rate of gradient descent ${formatNumber(theory.criticalLearningRate)}`
        : stabilityText(
            theory,
            setup.optimizer,
            runs.runs.map((run) => run.learningRate),
          );
      if (stability) parts.push(batch === n ? stability : `${stability} (full batch)`);
      parts.push(`condition number ${formatConditionNumber(theory.conditionNumber)}`);
    } else {
      const delta = setup.loss === "huber" ? ` (δ = ${formatNumber(setup.trainOptions.huberDelta)})` : "";
      parts.push(`${lossName}${delta}: no exact optimum; the star is the grid's lowest point`);
    }
    const figure = landscapeFigure(environment, {
      surface: { ...axes, values },
      optimum: theory ? theory.optimum : null,
      directions: theory
        ? {
            sharp: theory.eigenvectors[0],
            flat: theory.eigenvectors[1],
            lambdaMax: theory.hessianEigenvalues[0],
            lambdaMin: theory.hessianEigenvalues[1],
          }
        : null,
      series: runs.runs.map((run) => ({
        label: runLabel(run, runs),
        w: run.run.history.w,
        b: run.run.history.b,
      })),
      lossName,
      layout: runs.compareOptimizers || runs.runs.length === 1 ? "overlay" : "panels",
      title: `The ${lossName} landscape over (w, b), and ${what} across it`,
      subtitle: parts.join(" · "),
    });
    return { figure, inputs: setup.inputs };
  },
};
