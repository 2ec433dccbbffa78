/**
 * `lrlab plot slices`: the loss along w (b held at b*) and along b (w held at w*), with each run's steps
 * drawn on the curves as arrows, one row per rate. The slices go through the least-squares optimum: for
 * MSE that is the minimum, so every curve bottoms out at the marked point and a step's height on the curve
 * is exactly the loss there with the other parameter at its best.
 */

import type { Dataset } from "../../core/data/data.js";
import { mseAt } from "../../core/data/stats.js";
import { LrlabError } from "../../core/errors.js";
import { batchKernel, type LossName } from "../../core/models/losses.js";
import { formatNumber } from "../format.js";
import { addRunOptions, type RunSetup, runSetupFrom } from "../run-options.js";
import {
  addFigureRunOptions,
  checkFigureRunFlags,
  countInWords,
  type FigureRuns,
  figureRuns,
  lossTitle,
  optimizerTitle,
  requestedSteps,
  runLabel,
  runOutcome,
  stabilityText,
} from "./landscape-plot-runs.js";
import { addRefusedModelOptions, refuseModels } from "./model-refusals.js";
import type { PlotKind } from "./plot-kind.js";

/** Steps per run when neither --steps nor --epochs is given: enough to see each rate's character. */
const DEFAULT_STEPS = 20;
/** More arrows than this per panel is a smudge, not a picture. */
const MAX_ARROWS = 400;

export const slicesPlot: PlotKind = {
  name: "slices",
  description:
    "the loss along w and along b through the optimum, with each step drawn on the curve as an arrow; one row per rate (--lrs)",
  configure(command) {
    addRunOptions(command);
    addFigureRunOptions(command, { optimizers: false });
    addRefusedModelOptions(command);
  },
  async build(options, io, environment) {
    refuseModels(
      options,
      (model) =>
        `plot slices draws the line's loss along w and along b; for --model ${model} use \`lrlab plot landscape --model ${model}\` (a slice through its weights)`,
    );
    checkFigureRunFlags(options);
    const setup = await runSetupFrom(options, io);
    const steps = requestedSteps(setup, {
      ...setup.trainOptions,
      ...(setup.trainOptions.steps === undefined && setup.trainOptions.epochs === undefined
        ? { steps: DEFAULT_STEPS }
        : {}),
    });
    if (steps > MAX_ARROWS) {
      throw new LrlabError(
        "E_BAD_ARGUMENT",
        `--steps: at most ${MAX_ARROWS} steps can be drawn as arrows, got ${steps}; the landscape figure draws longer runs`,
      );
    }
    const runs = figureRuns(setup, options, {
      defaultSteps: DEFAULT_STEPS,
      maxPathPoints: MAX_ARROWS,
      maxSteps: MAX_ARROWS,
    });
    const { stats } = runs;
    const lossAt =
      setup.loss === "mse"
        ? (w: number, b: number) => mseAt(stats, w, b)
        : directLoss(setup.data, setup.loss, setup.trainOptions.huberDelta);
    const centre = { ...stats.optimum, loss: lossAt(stats.optimum.w, stats.optimum.b) };
    // Loaded here, not at the top: every lrlab command imports the plot kinds, and only this one draws.
    const { slicesFigure } = await import("../../render/figures/slices.js");
    const figure = slicesFigure(environment, {
      lossAt,
      centre,
      runs: runs.runs.map((run) => ({
        label: runLabel(run, runs),
        detail: runOutcome(run),
        w: run.run.history.w,
        b: run.run.history.b,
      })),
      lossLabel: `loss (${lossTitle(setup.loss)})`,
      title: `${setup.optimizerName === "sgd" ? "Gradient descent" : optimizerTitle(setup.optimizerName)} step by step on the loss curve, at ${countInWords(runs.runs.length)} learning rate${runs.runs.length === 1 ? "" : "s"}`,
      // The steps the runs were given (the lesson's rule may choose the budget of its default rates).
      subtitle: subtitleOf(setup, runs, Math.max(...runs.runs.map((run) => run.run.requestedSteps))),
    });
    return { figure, inputs: setup.inputs };
  },
};

function subtitleOf(setup: RunSetup, runs: FigureRuns, steps: number): string {
  const n = setup.data.x.length;
  const { batchSize, initialW = 0, initialB = 0 } = setup.trainOptions;
  const batch = Math.min(batchSize ?? n, n);
  const parts = [
    `${optimizerTitle(setup.optimizerName)}, ${steps} ${batch === n ? "full-batch" : `batch-${batch}`} steps from (${formatNumber(initialW)}, ${formatNumber(initialB)})`,
  ];
  const stability = stabilityText(
    runs.theory,
    setup.optimizer,
    runs.runs.map((run) => run.learningRate),
  );
  // The theory's bound is exact for full batches; mini-batch steps are noisy around it.
  if (stability) parts.push(batch === n ? stability : `${stability} (full batch)`);
  parts.push(runs.theory ? "curves through the optimum (w*, b*)" : "curves through the least-squares line");
  return parts.join(" · ");
}

/** The loss at (w, b) over all the data, with the training kernels: O(N) per call (MAE, Huber). */
function directLoss(data: Dataset, loss: LossName, huberDelta: number | undefined) {
  const kernel = batchKernel(loss, huberDelta);
  const order = Uint32Array.from({ length: data.x.length }, (_, i) => i);
  const gradient = new Float64Array(2);
  return (w: number, b: number) => kernel(data.x, data.y, order, 0, order.length, w, b, gradient);
}
