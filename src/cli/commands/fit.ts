/**
 * `lrlab fit`: train y = w·x + b on a data set with a Keras optimizer and schedule, and say what happened
 * beside the exact theory.
 */
import type { Command } from "commander";
import { LrlabError } from "../../core/errors.js";
import { trainAndJudge } from "../../core/judging/judged-run.js";
import { trainAndJudgeModel } from "../../core/judging/model-run.js";
import { optimizerToConfig } from "../../core/optimizers/registry.js";
import { historyCsv, runDocument, toJsonText } from "../../core/training/export.js";
import { runConfigToJson } from "../../core/training/run-config.js";
import type { SharpnessSeries } from "../../core/training/train-model.js";
import { formatNumber } from "../../render/numbers.js";
import { sharpnessCadenceWords } from "../../render/sharpness-cadence.js";
import { strictNumber } from "../flags.js";
import type { Io } from "../io.js";
import {
  addModelOptions,
  modelNameOf,
  modelSetupFrom,
  refuseModelFlags,
  wantsModelPath,
} from "../model-options.js";
import { refuseOutputOverInput } from "../output-guard.js";
import { createProgress } from "../progress.js";
import { addRunOptions, flagName, runSetupFrom } from "../run-options.js";
import { runModelFit } from "./fit-model.js";
import { describeFit } from "./fit-text.js";

export function registerFit(program: Command, io: Io, setExitCode: (code: number) => void): void {
  const command = program
    .command("fit")
    .description(
      "train the line y = w·x + b, or --model linear|polynomial|logistic|mlp, with a Keras optimizer and schedule; report the run beside the exact theory or the measured sharpness",
    );
  addRunOptions(command);
  addModelOptions(command);
  command
    .option("--json", "print one JSON document (the run, the theory and the history) and nothing else")
    .option(
      "--out <file>",
      "also write the history: .csv (one row per recorded step) or .json (the document)",
    );
  for (const long of ["--json", "--out"])
    command.options.find((option) => option.long === long)?.helpGroup("Output:");
  command.action(async (options: Record<string, unknown>) => {
    setExitCode(await runFit(options, io));
  });
}

/** Runs `fit` with parsed options and returns the exit code. */
export async function runFit(options: Readonly<Record<string, unknown>>, io: Io): Promise<number> {
  refuseNothingToJudge(options);
  const out = typeof options.out === "string" ? options.out : undefined;
  const outFormat = out === undefined ? undefined : formatOf(out);
  // Sharpness tracked on the line: still the line's lesson, with the measured sharpness beside it.
  const trackedOnLine = modelNameOf(options) === "line" && options.trackSharpness !== undefined;
  if (wantsModelPath(options) && !trackedOnLine) {
    return runModelFit(options, io, out, outFormat);
  }
  refuseModelFlags(trackedOnLine ? { ...options, trackSharpness: undefined } : options);
  const setup = await runSetupFrom(options, io);
  refuseOutputOverInput(io, out, setup.inputs, "the input data file");

  const n = setup.data.x.length;
  const batch = Math.min(setup.trainOptions.batchSize ?? n, n);
  const perStepWork = setup.loss === "mse" && batch === n ? 1 : batch;
  const progress = createProgress(io, "lrlab fit", setup.resolved.totalSteps * perStepWork);
  const { run, theory, verdict } = trainAndJudge(setup.config, setup.data, {
    ...(setup.stats ? { stats: setup.stats } : {}),
    nameOf: flagName,
    onProgress: (done, total) => progress.update(done, total),
  });
  const tracked = trackedOnLine ? await trackedSharpness(options, io) : null;
  progress.stop();

  const lineDocument = runDocument({
    data: setup.data,
    loss: setup.loss,
    huberDelta: setup.trainOptions.huberDelta,
    optimizer: optimizerToConfig(setup.optimizer),
    schedule: { name: setup.schedule.name, ...setup.schedule.args },
    seed: setup.config.seed,
    // The steps as run, so the document's config replays the same run without knowing the default.
    config: runConfigToJson(
      setup.config.steps === null && setup.config.epochs === null
        ? { ...setup.config, steps: setup.resolved.totalSteps }
        : setup.config,
    ),
    run,
    theory,
    verdict,
  });
  const document = tracked ? { ...lineDocument, sharpness: tracked } : lineDocument;

  // Where the start came from, when a file gave it (config.start holds the start itself).
  const sourced =
    setup.initSource === undefined ? document : { ...document, startFrom: `--init ${setup.initSource}` };
  if (out !== undefined)
    io.writeFileAtomic(out, outFormat === "csv" ? historyCsv(run.history) : toJsonText(sourced));
  if (options.json === true) io.stdout(toJsonText(sourced));
  else {
    const text = describeFit({ setup, run, theory, verdict, out });
    io.stdout(tracked ? `${text}${trackedWords(tracked, theory?.hessianEigenvalues[0] ?? null)}` : text);
  }
  return 0;
}

/**
 * `--steps 0` or `--epochs 0`: no step is run, so a verdict could only blame the rate or the edge of
 * stability for what never happened (sweep and suggest refuse it too). What such a run would show, the
 * starting loss and the theory, is in any run's --json.
 */
function refuseNothingToJudge(options: Readonly<Record<string, unknown>>): void {
  for (const flag of ["steps", "epochs"] as const) {
    const raw = options[flag];
    if (typeof raw === "string" && strictNumber(raw) === 0) {
      throw new LrlabError(
        "E_BAD_ARGUMENT",
        `--${flag}: 0 runs no step, so there is nothing to judge; expected at least 1 (the starting loss and the stability bounds are in any run's --json)`,
      );
    }
  }
}

/**
 * `--track-sharpness K` on the line: the same run on the model path, which measures λmax by power
 * iteration every K steps. The line's loss is a quadratic, so what it measures is the exact λmax throughout.
 */
async function trackedSharpness(
  options: Readonly<Record<string, unknown>>,
  io: Io,
): Promise<SharpnessSeries | null> {
  const { config, prepared } = await modelSetupFrom(options, io);
  return trainAndJudgeModel(config, prepared, { nameOf: flagName }).run.sharpness;
}

/** The tracked sharpness in one line, beside the exact λmax it should equal. */
function trackedWords(series: SharpnessSeries, exact: number | null): string {
  const values = series.sharpness.filter((value) => Number.isFinite(value));
  if (values.length === 0) return "";
  const low = Math.min(...values);
  const high = Math.max(...values);
  const measured =
    high - low <= 1e-6 * Math.abs(high)
      ? `stayed at ${formatNumber(high)}`
      : `went between ${formatNumber(low)} and ${formatNumber(high)}`;
  const agrees = exact !== null ? `; the exact λmax is ${formatNumber(exact)} everywhere` : "";
  return `Sharpness λmax measured ${sharpnessCadenceWords(series)}: ${measured}${agrees}\n`;
}

function formatOf(path: string): "csv" | "json" {
  const lower = path.toLowerCase();
  if (lower.endsWith(".csv")) return "csv";
  if (lower.endsWith(".json")) return "json";
  throw new LrlabError("E_USAGE", `--out ${path}: expected a file name ending in .csv or .json`);
}
