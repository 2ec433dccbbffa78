/**
 * `lrlab report --model linear|polynomial|logistic|mlp`: one run of a model, trained as `lrlab fit --model`
 * trains it with the same flags (100 steps unless told), and the sweep of rates `lrlab sweep --model` runs
 * with them (as the line's report has its sweep), written as one self-contained HTML page
 * (render/model-report.ts) through a temporary file and a rename, so a failed write leaves nothing half
 * written.
 */
import { defaultModelSweepRates, modelSweepStability, sweepModel } from "../../core/choosing/model-sweep.js";
import { LrlabError } from "../../core/errors.js";
import { trainAndJudgeModel } from "../../core/judging/model-run.js";
import { type ResolvedRun, totalStepsOf } from "../../core/training/run-config.js";
import type { Figure } from "../../render/frame.js";
import { modelTitle, startWords } from "../../render/model-words.js";
import { formatCount } from "../format.js";
import type { Io } from "../io.js";
import { kerasOptimizerClass } from "../keras-words.js";
import { type ModelSetup, modelSetupFrom } from "../model-options.js";
import { modelSweepFigure } from "../plots/sweep-plot-model.js";
import {
  createProgress,
  modelRunsProgress,
  modelRunWork,
  NANOSECONDS_PER_PARAMETER_ROW,
} from "../progress.js";
import { flagName } from "../run-options.js";
import { optimizerCall, scheduleCall } from "./fit-text.js";
import { type ModelSweepComputation, sweptArgumentOf } from "./sweep-model.js";
import { modelSweepConclusions } from "./sweep-model-text.js";

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
  const totalSteps = totalStepsOf(config, n);
  const work = modelRunWork({
    steps: totalSteps,
    batch,
    rows: n,
    parameters: prepared.model.parameterCount,
    trackSharpness: config.trackSharpness,
  });
  const progress = createProgress(
    io,
    "lrlab report: the run",
    work,
    undefined,
    "steps",
    NANOSECONDS_PER_PARAMETER_ROW,
  );
  // The estimate before the first step, as fit's; the sweep that follows gives its own.
  progress.update(0, totalSteps);
  const judged = trainAndJudgeModel(config, prepared, {
    nameOf: flagName,
    onProgress: (done, total) => progress.update(done, total),
    ...(setup.initSource ? { initialWeightsSource: `--init ${setup.initSource}` } : {}),
  });
  progress.stop();
  const { resolved, run } = judged;
  const sweep = sweepOf(setup, resolved, io);
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
  const sweepComputation = "computation" in sweep ? sweep.computation : null;
  const page = modelReportPage(
    environment,
    {
      ...(sharpnessFigure ? { sharpnessFigure } : {}),
      sweep: sweepComputation
        ? {
            figure: await modelSweepFigure(environment, sweepComputation),
            result: sweepComputation.result,
            steps: resolved.totalSteps,
            ...modelSweepConclusions(sweepComputation),
          }
        : { none: (sweep as { none: string }).none },
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

/**
 * The sweep `lrlab sweep --model` runs with the report's flags at its default rates (a hundredth of the
 * bound at the start to three times it), from the same start; none where the schedule has no rate
 * argument to sweep.
 */
function sweepOf(
  setup: ModelSetup,
  resolved: ResolvedRun,
  io: Io,
): { computation: ModelSweepComputation } | { none: string } {
  const { config, prepared } = setup;
  try {
    sweptArgumentOf(config.schedule.name);
  } catch (error) {
    if (error instanceof LrlabError) return { none: `No sweep of rates: ${error.message}.` };
    throw error;
  }
  const source = setup.initSource ? { initialWeightsSource: `--init ${setup.initSource}` } : {};
  const { stability } = modelSweepStability(config, prepared, { nameOf: flagName, ...source });
  const learningRates = defaultModelSweepRates(stability);
  const n = prepared.data.targets.length;
  const batch = Math.min(config.batchSize ?? n, n);
  const progress = modelRunsProgress(
    io,
    "lrlab report: a sweep of rates",
    learningRates.length,
    totalStepsOf(config, n) * batch * prepared.model.parameterCount,
  );
  const result = sweepModel(config, prepared, learningRates, {
    stability,
    nameOf: flagName,
    ...source,
    onRunEnd: (done, total) => progress.update(done, total),
  });
  progress.stop();
  return { computation: { setup, learningRates, result, resolved } };
}
