/**
 * `lrlab fit --model linear|polynomial|logistic|mlp`: train a model beyond the line with a Keras optimizer
 * and schedule, and say what happened beside its critical rate, exact or measured.
 */

import { trainAndJudgeModel } from "../../core/judging/model-run.js";
import { saturatedInput } from "../../core/models/input-scale.js";
import { optimizerToConfig } from "../../core/optimizers/registry.js";
import { toJsonText } from "../../core/training/export.js";
import { modelHistoryCsv, modelRunDocument } from "../../core/training/model-document.js";
import { runConfigToJson, totalStepsOf } from "../../core/training/run-config.js";
import {
  bestLossWords,
  modelTitle,
  modelVerdictWords,
  momentumPairWords,
  stabilityWords,
  standardizeWords,
  startWords,
} from "../../render/model-words.js";
import { formatCount, formatNumber, formatSteps } from "../../render/numbers.js";
import { formatTable, wrap } from "../format.js";
import type { Io } from "../io.js";
import { kerasOptimizerClass } from "../keras-words.js";
import { type ModelSetup, modelSetupFrom } from "../model-options.js";
import { refuseOutputOverInput } from "../output-guard.js";
import { createProgress, modelRunWork, NANOSECONDS_PER_PARAMETER_ROW } from "../progress.js";
import { flagName } from "../run-options.js";
import { CLI_SPEAKER, optimizerCall, scheduleCall } from "./fit-text.js";

/** Runs `fit` for a model other than the line and returns the exit code. */
export async function runModelFit(
  options: Readonly<Record<string, unknown>>,
  io: Io,
  out: string | undefined,
  outFormat: "csv" | "json" | undefined,
): Promise<number> {
  const setup = await modelSetupFrom(options, io);
  refuseOutputOverInput(io, out, setup.inputs);
  const { prepared, config } = setup;
  const n = prepared.data.targets.length;
  const batch = Math.min(config.batchSize ?? n, n);
  // Each step passes a batch through every weight: that is the work the progress estimate scales with.
  const totalSteps = totalStepsOf(config, n);
  const work = modelRunWork({
    steps: totalSteps,
    batch,
    rows: n,
    parameters: prepared.model.parameterCount,
    trackSharpness: config.trackSharpness,
  });
  const progress = createProgress(io, "lrlab fit", work, undefined, "steps", NANOSECONDS_PER_PARAMETER_ROW);
  // The estimate before the first step: on a large network, step 0's loss alone takes seconds.
  progress.update(0, totalSteps);
  const judged = trainAndJudgeModel(config, prepared, {
    nameOf: flagName,
    onProgress: (done, total) => progress.update(done, total),
    ...(setup.initSource ? { initialWeightsSource: `--init ${setup.initSource}` } : {}),
  });
  progress.stop();
  const { resolved, run } = judged;
  const document = modelRunDocument({
    source: setup.data.source,
    columnNames: setup.columnNames,
    yName: setup.data.yName,
    prepared,
    judged,
    optimizer: optimizerToConfig(resolved.optimizer),
    schedule: { name: resolved.schedule.name, ...resolved.schedule.args },
    config: runConfigToJson(
      config.steps === null && config.epochs === null ? { ...config, steps: run.requestedSteps } : config,
    ),
  });
  if (out !== undefined) {
    io.writeFileAtomic(out, outFormat === "csv" ? modelHistoryCsv(judged) : toJsonText(document));
  }
  if (options.json === true) io.stdout(toJsonText(document));
  else io.stdout(describeModelFit(setup, judged, out));
  return 0;
}

function describeModelFit(
  setup: ModelSetup,
  judged: ReturnType<typeof trainAndJudgeModel>,
  out: string | undefined,
): string {
  const { prepared, data, columnNames } = setup;
  const { resolved, run, stability } = judged;
  const n = prepared.data.targets.length;
  const lines: string[] = [];
  lines.push(
    `lrlab fit: ${modelTitle(prepared)}, ${formatCount(prepared.model.parameterCount)} parameters, on ${data.source}`,
  );
  lines.push(
    `  x = ${columnNames.map((name) => JSON.stringify(name)).join(", ")}, y = ${JSON.stringify(data.yName)}, ${formatSteps(n, "point")}`,
  );
  if (prepared.standardization) {
    const parts = columnNames.map(
      (name, j) =>
        `${JSON.stringify(name)}: mean ${formatNumber(prepared.standardization?.means[j])}, σ ${formatNumber(prepared.standardization?.deviations[j])}`,
    );
    lines.push(`  standardized: ${parts.join("; ")}`);
  }
  // fit names no start otherwise; with --standardize, where --init's weights act is what a Keras user
  // loading weights trained on the raw columns needs to know.
  if (prepared.standardization && setup.initSource !== undefined)
    lines.push(`  ${wrap(`start: ${startWords(prepared, setup.config, setup.initSource)}`, 98, "    ")}`);
  const optimizerName = setup.config.optimizer.name;
  const batchText =
    run.batchSize === n
      ? `full batch (${formatSteps(n, "point")})`
      : `batch size ${formatCount(run.batchSize)} (${formatCount(run.stepsPerEpoch)} steps per epoch)`;
  lines.push(
    `  loss ${prepared.model.loss.name} · ${optimizerCall({ optimizerName, optimizer: resolved.optimizer })} · ${scheduleCall({ schedule: resolved.schedule })} · ${batchText} · ${formatSteps(run.requestedSteps)}`,
  );
  lines.push("");
  lines.push(stability.basis === "exact" ? "Theory (exact)" : "Stability (measured)");
  for (const line of stabilityWords(stability, kerasOptimizerClass(optimizerName), undefined, prepared))
    lines.push(`  ${wrap(line, 98, "    ")}`);
  const pair = momentumPairWords(
    judged.verdict,
    (resolved.optimizer.config as { nesterov?: boolean }).nesterov === true,
    CLI_SPEAKER,
  );
  if (pair) lines.push(`  ${wrap(pair, 98, "    ")}`);
  const standardized = standardizeWords(prepared);
  if (standardized) lines.push(`  ${standardized}`);
  if (prepared.theory) lines.push(`  ${bestLossWords(prepared.theory)}`);
  lines.push("");
  lines.push("Run");
  lines.push(sampledRows(judged));
  lines.push("");
  const final = formatNumber(run.final.loss, 6);
  const result =
    run.status === "diverged"
      ? `diverged at step ${formatCount(run.divergedAtStep ?? run.steps)}, loss ${final}`
      : run.status === "converged"
        ? `converged at step ${formatCount(run.steps)} (gradient norm within the tolerance), loss ${final}`
        : `completed ${formatCount(run.steps)} steps, loss ${formatNumber(run.initialLoss, 6)} → ${final}`;
  lines.push(`Result   ${result}`);
  for (const line of modelVerdictWords(judged, resolved.rateAt(0), {
    ...CLI_SPEAKER,
    rescale: "add --standardize",
  }))
    lines.push(`         ${line}`);
  const saturated = saturatedInput(prepared);
  if (saturated) {
    lines.push(
      `         warning: inputs far outside ${saturated.activation}'s range (${JSON.stringify(saturated.feature)} reaches ${formatNumber(saturated.largest)} in size): every hidden unit saturates and the hidden weights get no gradient, so the loss stalls; use --standardize`,
    );
  }
  lines.push("");
  lines.push("  final weights (Keras get_weights() order) are in --json as final.weights");
  if (out !== undefined) lines.push(`  wrote ${out}`);
  return `${lines.join("\n")}\n`;
}

/** About a dozen recorded rows, with the sharpness where it was measured. */
function sampledRows(judged: ReturnType<typeof trainAndJudgeModel>): string {
  const { history, sharpness } = judged.run;
  const last = history.length - 1;
  const picks = new Set<number>([0, last]);
  const count = Math.min(10, last);
  for (let k = 1; k < count; k++) picks.add(Math.round((k * last) / count));
  const measured = new Map<number, number>();
  sharpness?.step.forEach((step, i) => {
    measured.set(step, sharpness.sharpness[i] as number);
  });
  const rows = [...picks]
    .sort((a, b) => a - b)
    .map((i) => {
      const step = history.step[i] as number;
      const row = [
        formatCount(step),
        formatNumber(history.learningRate[i] as number),
        formatNumber(history.loss[i] as number, 6),
      ];
      if (sharpness) row.push(measured.has(step) ? formatNumber(measured.get(step)) : "");
      return row;
    });
  const columns = [{ header: "step" }, { header: "lr" }, { header: "loss" }];
  if (sharpness) columns.push({ header: "sharpness" });
  return formatTable(columns, rows);
}
