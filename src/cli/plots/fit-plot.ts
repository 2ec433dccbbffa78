/**
 * `lrlab plot fit`: the points, the red current line, the green ideal line, the residuals; with `--model`
 * other than the line, the fitted model (model-plots.ts).
 */
import { LrlabError } from "../../core/errors.js";
import { train } from "../../core/training/train.js";
import type { LineSnapshot } from "../../render/figures/fit.js";
import { strictNumber } from "../flags.js";
import { formatNumber } from "../format.js";
import { addModelOptions, refuseModelFlags } from "../model-options.js";
import { addRunOptions, flagName, runSetupFrom } from "../run-options.js";
import { modelFitPlot, plotsModel } from "./model-plots.js";
import type { PlotKind } from "./plot-kind.js";

export const fitPlot: PlotKind = {
  name: "fit",
  description:
    "the points, the red current line, the green ideal line and the residuals; --at for small multiples",
  configure(command) {
    addRunOptions(command);
    addModelOptions(command);
    command.option("--at <steps>", "steps to draw side by side, e.g. 0,5,20,100 (default: the last step)");
  },
  async build(options, io, environment) {
    if (plotsModel(options)) return modelFitPlot(options, io, environment);
    refuseModelFlags(options);
    const at = typeof options.at === "string" ? parseSteps(options.at) : undefined;
    const setup = await runSetupFrom(options, io);
    const trainOptions = { ...setup.trainOptions };
    if (at && trainOptions.steps === undefined && trainOptions.epochs === undefined) {
      trainOptions.steps = Math.max(...at);
    }
    const run = train(setup.data, { ...trainOptions, historyEvery: 1 }, flagName);
    const wanted = at ?? [run.steps];
    const snapshots: LineSnapshot[] = wanted.map((step) => {
      if (step > run.steps) {
        throw new LrlabError(
          "E_BAD_ARGUMENT",
          `--at ${step}: the run has only ${run.steps} steps${run.status === "diverged" ? " (it diverged)" : ""}`,
        );
      }
      return {
        step,
        w: run.history.w[step] as number,
        b: run.history.b[step] as number,
        loss: run.history.loss[step] as number,
      };
    });
    const lr = formatNumber(setup.learningRate);
    const { fitFigure } = await import("../../render/figures/fit.js");
    const figure = fitFigure(environment, {
      data: setup.data,
      ideal: run.stats ? run.stats.optimum : null,
      snapshots,
      ...(snapshots.length > 1
        ? {
            subtitle: `${setup.optimizerName} lr ${lr} · steps ${wanted.join(", ")} · final loss ${formatNumber(run.final.loss)}${run.stats ? ` (optimum ${formatNumber(run.stats.optimum.loss)})` : ""}`,
          }
        : {}),
    });
    return { figure, inputs: setup.inputs };
  },
};

function parseSteps(text: string): number[] {
  const steps = text.split(",").map(strictNumber);
  if (steps.length === 0 || steps.some((step) => !Number.isInteger(step) || step < 0)) {
    throw new LrlabError(
      "E_BAD_ARGUMENT",
      `--at: expected steps as whole numbers ≥ 0, e.g. 0,5,20,100, got ${JSON.stringify(text)}`,
    );
  }
  if (steps.length > 12)
    throw new LrlabError("E_BAD_ARGUMENT", `--at: at most 12 steps fit in one figure, got ${steps.length}`);
  return [...new Set(steps)].sort((a, b) => a - b);
}
