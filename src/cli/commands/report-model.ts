/**
 * `lrlab report --model linear|polynomial|logistic|mlp`: one run of a model, trained as `lrlab fit --model`
 * trains it with the same flags (100 steps unless told), written as one self-contained HTML page
 * (render/model-report.ts) through a temporary file and a rename, so a failed write leaves nothing half
 * written.
 */
import { trainAndJudgeModel } from "../../core/judging/model-run.js";
import { totalStepsOf } from "../../core/training/run-config.js";
import type { Figure } from "../../render/frame.js";
import { modelTitle, startWords } from "../../render/model-words.js";
import { formatCount } from "../format.js";
import type { Io } from "../io.js";
import { kerasOptimizerClass } from "../keras-words.js";
import { modelSetupFrom } from "../model-options.js";
import { createProgress } from "../progress.js";
import { flagName } from "../run-options.js";
import { optimizerCall, scheduleCall } from "./fit-text.js";

/** Runs `report --model …` into `out` (checked writable and not an input) and returns the exit code. */
export async function runModelReport(
  options: Readonly<Record<string, unknown>>,
  io: Io,
  out: string,
  refuseInput: (inputs: readonly string[]) => void,
): Promise<number> {
  const setup = await modelSetupFrom(options, io);
  refuseInput(setup.inputs);
  const { prepared, config } = setup;
  const n = prepared.data.targets.length;
  const batch = Math.min(config.batchSize ?? n, n);
  // Each step passes a batch through every weight (as fit --model counts it); then the page is drawn.
  const work = totalStepsOf(config, n) * batch * prepared.model.parameterCount;
  const progress = createProgress(io, "lrlab report", work);
  const judged = trainAndJudgeModel(config, prepared, {
    nameOf: flagName,
    onProgress: (done, total) => progress.update(done, total),
    ...(setup.initSource ? { initialWeightsSource: `--init ${setup.initSource}` } : {}),
  });
  progress.stop();
  const { resolved, run } = judged;
  const optimizerName = config.optimizer.name;
  const batchWords =
    run.batchSize === n
      ? `full batch (${n === 1 ? "its one point" : `all ${formatCount(n)} points`} per step)`
      : `batches of ${formatCount(run.batchSize)}, ${formatCount(run.stepsPerEpoch)} steps per epoch, reshuffled each epoch (seed ${config.seed})`;
  // The renderer (Plot, linkedom) loads only here, so other commands stay light.
  const { modelReportPage } = await import("../../render/model-report.js");
  const { embeddedFontCss, nodeEnvironment } = await import("../../render/node.js");
  const environment = nodeEnvironment();
  let sharpnessFigure: Figure | undefined;
  if (run.sharpness && run.sharpness.step.length > 0) {
    const { sharpnessFigure: drawSharpness } = await import("../../render/figures/sharpness.js");
    const { sharpnessFigureInput } = await import("../plots/sharpness-plot.js");
    sharpnessFigure = drawSharpness(environment, sharpnessFigureInput(setup, judged));
  }
  const page = modelReportPage(
    environment,
    {
      ...(sharpnessFigure ? { sharpnessFigure } : {}),
      data: setup.data,
      columnNames: setup.columnNames,
      prepared,
      judged,
      optimizerClass: kerasOptimizerClass(optimizerName),
      setup: [
        ["Optimizer", optimizerCall({ optimizerName, optimizer: resolved.optimizer })],
        ["Learning rate", scheduleCall({ schedule: resolved.schedule })],
        ["Batches", batchWords],
        ["Steps", formatCount(run.requestedSteps)],
        ["Start", startWords(prepared, config, setup.initSource)],
      ],
    },
    { fontCss: embeddedFontCss() },
  );
  io.writeFileAtomic(out, page);
  io.stdout(
    `Wrote ${out} (${Math.round(Buffer.byteLength(page) / 1024).toLocaleString("en-US")} kB): the ${modelTitle(prepared)} on ${setup.data.source}\n`,
  );
  return 0;
}
