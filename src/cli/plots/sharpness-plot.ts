/**
 * `lrlab plot sharpness`: trains as `lrlab fit --model … --track-sharpness K` does (the same flags; K by
 * default so that about 50 measurements are made) and draws the sharpness λmax against step with the
 * bound the rate sets on it, above the loss: progressive sharpening and the edge of stability.
 */
import {
  type SharpnessBound,
  type SharpnessPhases,
  sharpnessBound,
  sharpnessPhases,
} from "../../core/judging/edge-of-stability.js";
import { type JudgedModelRun, trainAndJudgeModel } from "../../core/judging/model-run.js";
import { resolveRun } from "../../core/training/run-config.js";
import type { ModelHistory } from "../../core/training/train-model.js";
import type { SharpnessBoundCurve } from "../../render/figures/sharpness.js";
import { modelTitle } from "../../render/model-words.js";
import { formatCount, formatNumber, formatSteps } from "../../render/numbers.js";
import { textWidth } from "../../render/text.js";
import { THEME } from "../../render/theme.js";
import { optimizerCall, scheduleCall } from "../commands/fit-text.js";
import { kerasOptimizerClass } from "../keras-words.js";
import { addModelOptions, type ModelSetup, modelSetupFrom } from "../model-options.js";
import { createProgress } from "../progress.js";
import { addRunOptions, flagName } from "../run-options.js";
import type { PlotKind } from "./plot-kind.js";

/** The figure's width (sharpnessFigure's default), which the subtitle must fit. */
const FIGURE_WIDTH = 720;

/** About this many measurements when --track-sharpness is not given. */
export const DEFAULT_MEASUREMENTS = 50;

export const sharpnessPlot: PlotKind = {
  name: "sharpness",
  description:
    "the sharpness λmax (largest eigenvalue of the loss Hessian) against step with the bound 2/η (and (2+2β)/η with momentum), above the loss: progressive sharpening and the edge of stability; any --model",
  configure(command) {
    addRunOptions(command);
    addModelOptions(command);
  },
  async build(options, io, environment) {
    const setup = await modelSetupFrom(options, io);
    const { prepared } = setup;
    const n = prepared.data.targets.length;
    const { totalSteps } = resolveRun(
      setup.config,
      { x: { length: n } as Float64Array },
      { nameOf: flagName },
    );
    const every = setup.config.trackSharpness ?? Math.max(1, Math.round(totalSteps / DEFAULT_MEASUREMENTS));
    const config = { ...setup.config, trackSharpness: every };
    const batch = Math.min(config.batchSize ?? n, n);
    const progress = createProgress(io, "lrlab plot sharpness", 1);
    const judged = trainAndJudgeModel(config, prepared, {
      nameOf: flagName,
      onProgress: (done, total) => progress.update(done * batch, total * batch),
      ...(setup.initSource ? { initialWeightsSource: `--init ${setup.initSource}` } : {}),
    });
    progress.stop();
    const { sharpnessFigure } = await import("../../render/figures/sharpness.js");
    const figure = sharpnessFigure(environment, sharpnessFigureInput(setup, judged));
    return { figure, inputs: setup.inputs };
  },
};

/** What the figure draws, from a judged run: the curves, their labels, the phases and the words. */
export function sharpnessFigureInput(setup: ModelSetup, judged: JudgedModelRun) {
  const { prepared } = setup;
  const { run, resolved, stability } = judged;
  const series = run.sharpness;
  const optimizerName = setup.config.optimizer.name;
  const bound = sharpnessBound(resolved.optimizer);
  const plain = bound ? { factor: 2, formula: "2/η" } : null;
  const curves: SharpnessBoundCurve[] = [];
  const ownBound = bound !== null && bound.formula !== plain?.formula;
  if (plain) {
    const curve = boundCurve(plain, run.history, "plain", resolved.constantRate);
    curves.push(ownBound ? { ...curve, qualifier: "without momentum" } : curve);
  }
  if (bound && ownBound) {
    curves.push(boundCurve(bound, run.history, "optimizer", resolved.constantRate, momentumOf(resolved)));
  }
  // A run that blew up went beyond the edge, not to it: it has no phases to name.
  const phases: SharpnessPhases | null =
    bound && series && run.status !== "diverged" && judged.verdict.regime !== "diverging"
      ? sharpnessPhases(series.step, series.sharpness, (step) => bound.factor / rateAt(run.history, step), {
          starting: run.initialLoss,
          final: run.final.loss,
        })
      : null;
  const exact =
    stability.basis === "exact"
      ? {
          value: stability.sharpness,
          label: `exact λmax = ${formatNumber(stability.sharpness)} (theory)`,
        }
      : null;
  const className = kerasOptimizerClass(optimizerName);
  const note = bound
    ? run.batchSize < n(setup)
      ? `Mini-batches of ${formatCount(run.batchSize)}: the bound is that of full-batch gradient descent, and λmax is measured on all the data; the noise of the batches adds its own instability.`
      : undefined
    : `${className} has no ${"2/η"} line: it divides each step by running statistics of the gradients (a preconditioner P), so its stability bound is on the preconditioned sharpness λmax(P⁻¹H), not on the λmax(H) drawn here (Cohen et al. 2022, "Adaptive Gradient Methods at the Edge of Stability").`;
  const measuredCount = series?.step.length ?? 0;
  const every = `λmax every ${series?.every === 1 ? "step" : formatSteps(series?.every ?? 0)}`;
  const parts = {
    model: modelTitle(prepared),
    optimizer: optimizerCall({ optimizerName, optimizer: resolved.optimizer }),
    schedule: resolved.schedule.name === "constant" ? "" : scheduleCall({ schedule: resolved.schedule }),
    batch: run.batchSize === n(setup) ? "full batch" : `batch size ${formatCount(run.batchSize)}`,
    steps: `${formatCount(run.requestedSteps)} steps`,
    every: `${every} (${formatCount(measuredCount)} measurements)`,
  };
  // One line under the title: the least needed words go first (the figure and its <desc> say the rest).
  const line = () => Object.values(parts).filter(Boolean).join(" · ");
  for (const shorten of [
    () => {
      parts.every = every;
    },
    () => {
      if (parts.schedule) parts.schedule = resolved.schedule.className;
    },
    () => {
      parts.every = "";
    },
  ]) {
    if (textWidth(line(), THEME.subtitleSize) <= FIGURE_WIDTH) break;
    shorten();
  }
  return {
    measured: { steps: series?.step ?? [], values: series?.sharpness ?? [] },
    measuredLabel: exact ? "λmax (power iteration)" : "λmax (measured)",
    bounds: curves,
    exact,
    phases,
    loss: { steps: run.history.step, values: run.history.loss, name: lossName(prepared.model.loss.name) },
    // A run that blew up is drawn up to where it did, not across the budget it never used.
    totalSteps: run.status === "diverged" ? Math.max(1, run.steps) : run.requestedSteps,
    ...(note ? { note } : {}),
    title: titleOf(phases, bound, exact, className, run),
    subtitle: line(),
    description: `Data: ${setup.data.source}, ${formatSteps(n(setup), "point")}, x = ${setup.columnNames.map((name) => JSON.stringify(name)).join(", ")}, y = ${JSON.stringify(setup.data.yName)}. λmax is the largest eigenvalue of the full-data loss Hessian, by power iteration on exact Hessian-vector products.`,
  };
}

function n(setup: ModelSetup): number {
  return setup.prepared.data.targets.length;
}

function momentumOf(resolved: JudgedModelRun["resolved"]): number {
  const { momentum = 0 } = resolved.optimizer.config as { momentum?: number };
  return momentum;
}

/** The bound factor/η at each recorded step, labelled with its formula (and its value at a constant rate). */
function boundCurve(
  bound: SharpnessBound,
  history: ModelHistory,
  kind: SharpnessBoundCurve["kind"],
  constantRate: boolean,
  momentum?: number,
): SharpnessBoundCurve {
  const values = Float64Array.from(history.learningRate, (rate) =>
    rate > 0 ? bound.factor / rate : Number.POSITIVE_INFINITY,
  );
  return {
    formula: bound.formula,
    value: constantRate ? (values[0] as number) : null,
    ...(momentum !== undefined
      ? { qualifier: `β = ${formatNumber(momentum)}` }
      : constantRate
        ? {}
        : { qualifier: "η from the schedule" }),
    steps: history.step,
    values,
    kind,
  };
}

/** The rate recorded at the last recorded step at or before `step`. */
function rateAt(history: ModelHistory, step: number): number {
  let low = 0;
  let high = history.length - 1;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if ((history.step[middle] as number) <= step) low = middle;
    else high = middle - 1;
  }
  return history.learningRate[low] as number;
}

function lossName(name: string): string {
  return name === "huber" ? "Huber" : name.toUpperCase();
}

function titleOf(
  phases: SharpnessPhases | null,
  bound: SharpnessBound | null,
  exact: { value: number } | null,
  className: string,
  run: JudgedModelRun["run"],
): string {
  const lastMeasured = run.sharpness?.step.at(-1);
  if (run.status === "diverged")
    return `The run diverged at step ${formatCount(run.divergedAtStep ?? run.steps)}`;
  if (!bound) return `Sharpness λmax against step (${className} has no 2/η bound on it)`;
  // A long formula (Nesterov's) is named in the labels, not in a title that must fit one line.
  const formula = bound.formula.length <= 12 ? bound.formula : "its bound";
  if (exact)
    return `λmax is a constant of this linear model, exactly the theory's ${formatNumber(exact.value)}`;
  if (!phases) return `Sharpness λmax against step, with the bound ${formula}`;
  // Every sentence here follows the core's phases, the same decision fit's verdict words.
  const staysAtEdge = phases.edgeTo !== null && phases.edgeTo === lastMeasured;
  if (phases.edgeOfStability) {
    if (phases.sharpening) {
      return staysAtEdge
        ? `Progressive sharpening, then the edge of stability: λmax rises to ${formula} and hovers there`
        : `Progressive sharpening, then the edge of stability: λmax rises to ${formula}, until step ${formatCount(phases.edgeTo ?? 0)}`;
    }
    if (phases.startsAbove && phases.fellBelowFrom === null)
      return `λmax starts above ${formula}: at the edge of stability from the first step`;
    return `λmax reaches ${formula}: the edge of stability`;
  }
  if (phases.fellBelowFrom !== null) {
    return `λmax starts above ${formula} and falls below it by step ${formatCount(phases.fellBelowFrom)}: not the edge of stability`;
  }
  if (phases.edgeFrom !== null)
    return `λmax crosses ${formula} only briefly, at step ${formatCount(phases.edgeFrom)}: not the edge of stability`;
  if (phases.sharpening) return `Progressive sharpening: λmax rises, but stays below ${formula}`;
  return `Sharpness λmax against step, below the bound ${formula}`;
}
