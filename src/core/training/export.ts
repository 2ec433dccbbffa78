/**
 * A run as plain data: the JSON document of `lrlab fit --json` and the history as CSV.
 *
 * JSON never holds NaN or Infinity: `JSON.stringify` writes them as `null`, and `status`
 * says what happened. Typed arrays become plain arrays.
 */
import type { Dataset } from "../data/data.js";
import type { Verdict } from "../judging/verdict.js";
import type { LossName } from "../models/losses.js";
import type { LinearMseTheory } from "../theory/theory.js";
import { type History, historyRows } from "./history.js";
import type { TrainResult } from "./train.js";

export interface RunDocumentInput {
  data: Dataset;
  loss: LossName;
  huberDelta?: number | undefined;
  optimizer: { name: string } & Readonly<Record<string, unknown>>;
  schedule: { name: string } & Readonly<Record<string, unknown>>;
  seed: number;
  /** The run's settings as the core's run config (run-config.ts), JSON-ready. */
  config?: Readonly<Record<string, unknown>>;
  run: TrainResult;
  theory: LinearMseTheory | null;
  verdict: Verdict;
}

/** The document `lrlab fit --json` prints. */
export function runDocument({
  data,
  loss,
  huberDelta,
  optimizer,
  schedule,
  seed,
  config,
  run,
  theory,
  verdict,
}: RunDocumentInput) {
  return {
    ...(config ? { config } : {}),
    data: { source: data.source, n: data.x.length, x: data.xName, y: data.yName },
    model: "y = w·x + b",
    loss: loss === "huber" ? { name: loss, delta: huberDelta } : { name: loss },
    optimizer,
    schedule,
    batchSize: run.batchSize,
    stepsPerEpoch: run.stepsPerEpoch,
    seed,
    requestedSteps: run.requestedSteps,
    steps: run.steps,
    status: run.status,
    divergedAtStep: run.divergedAtStep,
    final: run.final,
    optimum: theory ? theory.optimum : null,
    stability: theory
      ? {
          criticalLearningRate: theory.criticalLearningRate,
          optimalLearningRate: theory.optimalLearningRate,
          hessianEigenvalues: theory.hessianEigenvalues,
          conditionNumber: theory.conditionNumber,
          hessian: theory.hessian,
        }
      : null,
    verdict,
    historyEvery: run.historyEvery,
    history: historyRows(run.history),
  };
}

/** JSON text with non-finite numbers as `null` (what `JSON.stringify` does) and a final newline. */
export function toJsonText(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

const HISTORY_COLUMNS = ["step", "epoch", "learningRate", "loss", "w", "b"] as const;

/** The history as CSV with a header row; non-finite values are empty cells. */
export function historyCsv(history: History): string {
  const lines: string[] = [HISTORY_COLUMNS.join(",")];
  for (let i = 0; i < history.length; i++) {
    lines.push(
      HISTORY_COLUMNS.map((column) => {
        const value = history[column][i] as number;
        return Number.isFinite(value) ? String(value) : "";
      }).join(","),
    );
  }
  return `${lines.join("\n")}\n`;
}
