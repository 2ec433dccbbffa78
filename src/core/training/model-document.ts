/**
 * A model run as plain data: the JSON document of `lrlab fit --model … --json`, in the line's conventions
 * (export.ts): the same top-level names where they mean the same thing (`optimum.loss`,
 * `stability.hessianEigenvalues`, `stability.criticalLearningRate`, `status`, `history`), weights in Keras
 * `model.get_weights()` order so that `model.set_weights(doc["final"]["weights"])` works, and never NaN or
 * Infinity (JSON writes them as null; `status` says what happened).
 */
import type { JudgedModelRun, ModelStability } from "../judging/model-run.js";
import { type KerasWeights, toKerasWeights } from "../models/model.js";
import type { PreparedModel } from "../models/model-spec.js";

export interface ModelDocumentInput {
  readonly source: string;
  readonly columnNames: readonly string[];
  readonly yName: string;
  readonly prepared: PreparedModel;
  readonly judged: JudgedModelRun;
  readonly optimizer: { name: string } & Readonly<Record<string, unknown>>;
  readonly schedule: { name: string } & Readonly<Record<string, unknown>>;
  /** The run config, JSON-ready (run-config.ts). */
  readonly config: Readonly<Record<string, unknown>>;
}

/** The layers as a Keras summary would list them. */
export function layerSummary(prepared: PreparedModel) {
  const { model } = prepared;
  return model.layers.map(({ inputs, units }, l) => ({
    type: "Dense",
    inputs,
    units,
    activation: l === model.layers.length - 1 ? model.output : model.activation,
  }));
}

/** The model as the documents describe it: its spec, layers, features and the standardization used. */
export function modelSummary(prepared: PreparedModel, columnNames: readonly string[]) {
  const { standardization } = prepared;
  return {
    ...prepared.spec,
    layers: layerSummary(prepared),
    parameterCount: prepared.model.parameterCount,
    features: prepared.featureNames,
    standardization: standardization
      ? {
          columns: columnNames,
          means: Array.from(standardization.means),
          deviations: Array.from(standardization.deviations),
        }
      : null,
  };
}

/** The stability at the start, in the line's names where they mean the same (`hessianEigenvalues`, …). */
export function stabilitySummary(stability: ModelStability) {
  return {
    basis: stability.basis,
    sharpness: stability.sharpness,
    criticalLearningRate: stability.criticalLearningRate,
    ...(stability.hessianEigenvalues
      ? {
          hessianEigenvalues: Array.from(stability.hessianEigenvalues),
          conditionNumber: stability.conditionNumber,
          optimalLearningRate: stability.optimalLearningRate,
        }
      : {}),
    optimizerBound: stability.bounds
      ? { learningRate: stability.bounds.critical.learningRate, formula: stability.bounds.critical.formula }
      : null,
    ...(stability.basis === "measured" ? { converged: stability.converged } : {}),
  };
}

/** The least-squares optimum in Keras get_weights() order (kernel (d, 1), bias (1,)), or null without theory. */
export function optimumSummary(prepared: PreparedModel) {
  const { theory } = prepared;
  return theory
    ? {
        loss: theory.optimum.loss,
        approximate: theory.optimumApproximate,
        weights: [Array.from(theory.optimum.w, (w) => [w]), [theory.optimum.b]],
      }
    : null;
}

/** The document `lrlab fit --model … --json` prints. */
export function modelRunDocument({
  source,
  columnNames,
  yName,
  prepared,
  judged,
  optimizer,
  schedule,
  config,
}: ModelDocumentInput) {
  const { run, stability, verdict, initial } = judged;
  const { model } = prepared;
  const weights = (params: Float64Array): KerasWeights => toKerasWeights(model, params);
  return {
    config,
    data: { source, n: prepared.data.targets.length, x: columnNames, y: yName },
    model: modelSummary(prepared, columnNames),
    loss: model.loss.name === "huber" ? { ...model.loss } : { name: model.loss.name },
    optimizer,
    schedule,
    batchSize: run.batchSize,
    stepsPerEpoch: run.stepsPerEpoch,
    requestedSteps: run.requestedSteps,
    steps: run.steps,
    status: run.status,
    divergedAtStep: run.divergedAtStep,
    initial: { loss: run.initialLoss, weights: weights(initial) },
    final: { loss: run.final.loss, weights: weights(run.final.params) },
    optimum: optimumSummary(prepared),
    stability: stabilitySummary(stability),
    verdict,
    sharpness: run.sharpness
      ? {
          every: run.sharpness.every,
          step: run.sharpness.step,
          sharpness: run.sharpness.sharpness,
          criticalLearningRate: run.sharpness.criticalLearningRate,
          converged: run.sharpness.converged,
        }
      : null,
    historyEvery: run.historyEvery,
    history: Array.from({ length: run.history.length }, (_, i) => ({
      step: run.history.step[i],
      epoch: run.history.epoch[i],
      learningRate: run.history.learningRate[i],
      loss: run.history.loss[i],
    })),
  };
}

/** The history as CSV (step, epoch, learningRate, loss, and sharpness where measured); non-finite values are empty. */
export function modelHistoryCsv(judged: JudgedModelRun): string {
  const { history, sharpness } = judged.run;
  const measured = new Map<number, number>();
  sharpness?.step.forEach((step, i) => {
    measured.set(step, sharpness.sharpness[i] as number);
  });
  const cell = (value: number | undefined) =>
    value !== undefined && Number.isFinite(value) ? String(value) : "";
  const lines = [`step,epoch,learningRate,loss${sharpness ? ",sharpness" : ""}`];
  for (let i = 0; i < history.length; i++) {
    const step = history.step[i] as number;
    const row = [cell(step), cell(history.epoch[i]), cell(history.learningRate[i]), cell(history.loss[i])];
    if (sharpness) row.push(cell(measured.get(step)));
    lines.push(row.join(","));
  }
  return `${lines.join("\n")}\n`;
}
