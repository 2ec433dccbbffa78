/**
 * `lrlab plot fit` and `lrlab plot loss` with `--model …` (other than the line): the run is `lrlab fit`'s
 * with the same flags. `fit` draws the fitted curve over the points on one input, the decision boundary
 * for a classifier on two, or predicted against actual on several; `loss` draws the loss per step of one rate (`--lr`) or several (`--lrs`), each labelled
 * with the regime its run was judged to be in.
 */
import { datasetColumns } from "../../core/data/data.js";
import { LrlabError } from "../../core/errors.js";
import { trainAndJudgeModel } from "../../core/judging/model-run.js";
import { drawsDecisionBoundary } from "../../core/models/decision-boundary.js";
import { predictOn } from "../../core/models/predictions.js";
import { withLearningRate } from "../../core/training/run-config.js";
import type { LossCurve } from "../../render/figures/loss.js";
import type { Figure, RenderEnvironment } from "../../render/frame.js";
import { modelTitle, regimeLabel } from "../../render/model-words.js";
import { formatCount, formatNumber, formatSteps } from "../../render/numbers.js";
import { optimizerCall } from "../commands/fit-text.js";
import { ratesFrom } from "../commands/sweep.js";
import type { Io } from "../io.js";
import { kerasOptimizerClass } from "../keras-words.js";
import { type ModelSetup, modelSetupFrom } from "../model-options.js";
import { flagName } from "../run-options.js";

/** Points drawn at most; an even sample beyond. */
const MAX_POINTS = 2000;
/** Points along the fitted curve. */
const CURVE_POINTS = 240;

/** Whether a plot's flags ask for a model other than the line. */
export function plotsModel(options: Readonly<Record<string, unknown>>): boolean {
  return typeof options.model === "string" && options.model !== "line";
}

/** `--track-sharpness` has its own figure; the others do not draw it. */
function refuseTracking(options: Readonly<Record<string, unknown>>, kind: string): void {
  if (options.trackSharpness !== undefined) {
    throw new LrlabError(
      "E_USAGE",
      `--track-sharpness: lrlab plot ${kind} does not draw the sharpness; lrlab plot sharpness does`,
    );
  }
}

/** `lrlab plot fit --model …`: the fitted curve, a classifier's decision boundary, or predicted against actual. */
export async function modelFitPlot(
  options: Readonly<Record<string, unknown>>,
  io: Io,
  environment: RenderEnvironment,
): Promise<{ figure: Figure; inputs: readonly string[] }> {
  if (options.at !== undefined) {
    throw new LrlabError(
      "E_USAGE",
      "--at draws the line's snapshots; with --model, plot fit draws the model at the end of the run",
    );
  }
  refuseTracking(options, "fit");
  const setup = await modelSetupFrom(options, io);
  const { prepared } = setup;
  const judged = trainAndJudgeModel(setup.config, prepared, {
    nameOf: flagName,
    ...(setup.initSource ? { initialWeightsSource: `--init ${setup.initSource}` } : {}),
  });
  const params = judged.run.final.params;
  const n = prepared.data.targets.length;
  const stride = Math.max(1, Math.ceil(n / MAX_POINTS));
  const { theory } = prepared;
  const subtitle = [
    modelTitle(prepared),
    optimizerCall({ optimizerName: setup.config.optimizer.name, optimizer: judged.resolved.optimizer }),
    `${formatCount(judged.run.steps)} steps`,
    `final loss ${formatNumber(judged.run.final.loss)}${theory ? ` (least squares ${formatNumber(theory.optimum.loss)})` : ""}`,
  ].join(" · ");
  const { modelFitFigure } = await import("../../render/figures/model-fit.js");
  if (setup.columnNames.length === 1) {
    const x = setup.data.x;
    const points: { x: number; y: number }[] = [];
    for (let r = 0; r < n; r += stride) points.push({ x: x[r] as number, y: setup.data.y[r] as number });
    let low = Number.POSITIVE_INFINITY;
    let high = Number.NEGATIVE_INFINITY;
    for (const value of x) {
      low = Math.min(low, value);
      high = Math.max(high, value);
    }
    const grid = Float64Array.from(
      { length: CURVE_POINTS },
      (_, i) => low + ((high - low) * i) / (CURVE_POINTS - 1),
    );
    const along = (weights: Float64Array) =>
      Array.from(predictOn(prepared, weights, [grid]), (y, i) => ({ x: grid[i] as number, y }));
    const figure = modelFitFigure(environment, {
      view: {
        kind: "curve",
        points,
        curve: along(params),
        ideal: theory ? along(Float64Array.of(...theory.optimum.w, theory.optimum.b)) : null,
        xName: setup.columnNames[0] as string,
        probability: prepared.model.output === "sigmoid",
      },
      yName: setup.data.yName,
      title: `What the ${modelTitle(prepared)} fitted`,
      subtitle,
      description: dataWords(setup),
    });
    return { figure, inputs: setup.inputs };
  }
  if (drawsDecisionBoundary(prepared)) {
    const { boundaryView } = await import("../../render/boundary-view.js");
    const [a, b] = datasetColumns(setup.data) as [Float64Array, Float64Array];
    const names = setup.columnNames as [string, string];
    const figure = modelFitFigure(environment, {
      view: boundaryView(prepared, params, [a, b], setup.data.y, names, stride),
      yName: setup.data.yName,
      title: `Where the ${modelTitle(prepared)} says p = 0.5`,
      subtitle,
      description: dataWords(setup),
    });
    return { figure, inputs: setup.inputs };
  }
  const points: { predicted: number; actual: number }[] = [];
  for (let r = 0; r < n; r += stride) {
    points.push({
      predicted: prepared.model.predict(params, prepared.data, r),
      actual: prepared.data.targets[r] as number,
    });
  }
  const figure = modelFitFigure(environment, {
    view: { kind: "predicted", points },
    yName: setup.data.yName,
    title: `Predicted against actual: the ${modelTitle(prepared)}`,
    subtitle,
    description: dataWords(setup),
  });
  return { figure, inputs: setup.inputs };
}

/** `lrlab plot loss --model …`: the loss per step at `--lr` or each of `--lrs`. */
export async function modelLossPlot(
  options: Readonly<Record<string, unknown>>,
  io: Io,
  environment: RenderEnvironment,
): Promise<{ figure: Figure; inputs: readonly string[] }> {
  refuseTracking(options, "loss");
  const setup = await modelSetupFrom(options, io);
  const rates = typeof options.lrs === "string" ? (ratesFrom({ lrs: options.lrs }) ?? []) : null;
  const configs = rates ? rates.map((rate) => withLearningRate(setup.config, rate)) : [setup.config];
  const runs = configs.map((config) =>
    trainAndJudgeModel(config, setup.prepared, {
      nameOf: flagName,
      ...(setup.initSource ? { initialWeightsSource: `--init ${setup.initSource}` } : {}),
    }),
  );
  // The regime the run was judged in; a run that did not blow up at a rate past the bound measured at the
  // start says so (its loss may still fall, not monotonically: the edge of stability, which lrlab plot
  // sharpness shows). The subtitle gives that bound.
  const curves: LossCurve[] = runs.map(({ run, verdict, resolved, stability }) => ({
    rate: resolved.config.learningRate,
    label:
      run.status !== "diverged" &&
      stability.basis === "measured" &&
      stability.bounds !== null &&
      resolved.config.learningRate > stability.bounds.critical.learningRate
        ? regimeLabel(verdict, ` past ${stability.bounds.critical.formula}`)
        : regimeLabel(verdict),
    steps: run.history.step,
    losses: run.history.loss,
    divergedAtStep: run.divergedAtStep,
  }));
  const { prepared } = setup;
  const first = runs[0];
  const n = prepared.data.targets.length;
  const { lossFigure } = await import("../../render/figures/loss.js");
  const lossName = prepared.model.loss.name === "huber" ? "Huber" : prepared.model.loss.name.toUpperCase();
  const figure = lossFigure(environment, {
    curves,
    optimumLoss: prepared.theory ? prepared.theory.optimum.loss : null,
    lossName,
    totalSteps: Math.max(...runs.map(({ run }) => run.requestedSteps)),
    title: `Loss per step of the ${modelTitle(prepared)}${runs.length > 1 ? ` at ${runs.length} learning rates` : ""}`,
    subtitle: [
      runs.length > 1
        ? kerasOptimizerClass(setup.config.optimizer.name)
        : first
          ? optimizerCall({ optimizerName: setup.config.optimizer.name, optimizer: first.resolved.optimizer })
          : "",
      (first?.run.batchSize ?? n) === n
        ? "full batch"
        : `batch size ${formatCount(first?.run.batchSize ?? n)}`,
      first
        ? `λmax at the start ${formatNumber(first.stability.sharpness)}${first.stability.basis === "exact" ? " (exact)" : ""}, 2/λmax = ${formatNumber(first.stability.criticalLearningRate)}`
        : "",
    ]
      .filter(Boolean)
      .join(" · "),
    description: dataWords(setup),
  });
  return { figure, inputs: setup.inputs };
}

function dataWords(setup: ModelSetup): string {
  return `Data: ${setup.data.source}, ${formatSteps(setup.prepared.data.targets.length, "point")}, x = ${setup.columnNames.map((name) => JSON.stringify(name)).join(", ")}, y = ${JSON.stringify(setup.data.yName)}`;
}
