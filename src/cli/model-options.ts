/**
 * The model flags (`--model`, `--degree`, `--hidden`, `--activation`, `--standardize`, `--init`,
 * `--track-sharpness`) and their translation into the core's model spec, prepared model and run config.
 *
 * The line stays the default and keeps its own fast path (run-options.ts); every other model goes through
 * the core's `prepareModel` and `trainAndJudgeModel`.
 */
import type { Command } from "commander";
import { type Dataset, datasetColumns, datasetFeatureNames } from "../core/data/data.js";
import { LrlabError } from "../core/errors.js";
import { ACTIVATION_NAMES, type ActivationName, checkActivationName } from "../core/models/mlp.js";
import { MODEL_LOSS_NAMES, type ModelLossName } from "../core/models/model.js";
import {
  checkModelName,
  DEFAULT_MLP_ACTIVATION,
  defaultLossOf,
  initialParameters,
  MAX_HIDDEN_LAYERS,
  MAX_HIDDEN_UNITS,
  MODEL_NAMES,
  type ModelSpec,
  type PreparedModel,
  prepareModel,
} from "../core/models/model-spec.js";
import { nearestName } from "../core/params.js";
import { checkFeatureColumns, checkNumericRange, checkTargetRange } from "../core/theory/trust.js";
import type { RunConfig } from "../core/training/run-config.js";
import { parseNumberFlag, strictNumber } from "./flags.js";
import type { Io } from "./io.js";
import { type DataSetup, loadData, runConfigFromFlags } from "./run-options.js";
import { readWeights } from "./weights-file.js";

const MODEL_GROUP = "Model (beyond the line):";

/** Adds the model flags to a command that already has the data flags. */
export function addModelOptions(command: Command): Command {
  command
    .option(
      "--model <name>",
      `${MODEL_NAMES.join(" | ")}: line is y = w·x + b (default); linear takes several --x; mlp is Keras Dense layers`,
    )
    .option("--degree <k>", "polynomial: the highest power of x (default 2)")
    .option("--hidden <units>", "mlp: units per hidden layer, e.g. 16 or 8,8 (default 16)")
    .option(
      "--activation <name>",
      `mlp: ${ACTIVATION_NAMES.join(" | ")} for the hidden layers (default ${DEFAULT_MLP_ACTIVATION})`,
    )
    .option("--standardize", "z-score each input column (population σ, as Keras Normalization) first")
    .option("--init <file.json>", "starting weights as JSON in Keras model.get_weights() order")
    .option("--track-sharpness <k>", "measure λmax of the loss Hessian every k steps (and 2/λmax)");
  for (const long of [
    "--model",
    "--degree",
    "--hidden",
    "--activation",
    "--standardize",
    "--init",
    "--track-sharpness",
  ]) {
    command.options.find((option) => option.long === long)?.helpGroup(MODEL_GROUP);
  }
  // The data flags described --loss for the line; with a model, bce is one more choice (finding 10).
  const loss = command.options.find((option) => option.long === "--loss");
  if (loss !== undefined) {
    loss.description =
      "mse | mae | huber | bce (logistic, mlp), Keras definitions, MSE without ½ (default: mse; logistic: bce)";
  }
  return command;
}

/** The model named by `--model` (the line when absent). */
export function modelNameOf(options: Readonly<Record<string, unknown>>): ModelSpec["name"] {
  const name = options.model;
  return typeof name === "string" ? checkModelName(name, "--model") : "line";
}

/**
 * Whether the flags ask for the model path (trainModel) rather than the line's own: a model other than the
 * line, or what only the model path does (sharpness tracking). A start from a file (`--init`) is still
 * the line's lesson: the line's own path reads it (run-options.ts).
 */
export function wantsModelPath(options: Readonly<Record<string, unknown>>): boolean {
  return modelNameOf(options) !== "line" || options.trackSharpness !== undefined;
}

/** The spec from the model flags, refusing those that do not apply to the chosen model. */
export function modelSpecFromFlags(options: Readonly<Record<string, unknown>>): ModelSpec {
  const name = modelNameOf(options);
  const refuse = (flag: string, who: string) => {
    throw new LrlabError("E_USAGE", `--${flag} applies to --model ${who}, not ${name}`);
  };
  const spec: { -readonly [K in keyof ModelSpec]: ModelSpec[K] } = { name };
  if (options.degree !== undefined) {
    if (name !== "polynomial") refuse("degree", "polynomial");
    spec.degree = parseIntegerIn("--degree", options.degree, 1, 12);
  }
  if (options.hidden !== undefined) {
    if (name !== "mlp") refuse("hidden", "mlp");
    spec.hidden = parseHidden(options.hidden);
  }
  if (options.activation !== undefined) {
    if (name !== "mlp") refuse("activation", "mlp");
    spec.activation = parseActivation(options.activation);
  }
  if (options.standardize === true) {
    if (name === "line") {
      throw new LrlabError(
        "E_USAGE",
        "--standardize applies to --model linear, polynomial, logistic or mlp; the line's lesson keeps x as it is",
      );
    }
    spec.standardize = true;
  }
  return spec;
}

/** For the line's own path: the model flags that only other models take are refused by name. */
export function refuseModelFlags(options: Readonly<Record<string, unknown>>): void {
  modelSpecFromFlags(options);
  // The line's own loss check would call bce unknown and suggest mse: it is known, for other models.
  if (options.loss === "bce") {
    throw new LrlabError(
      "E_USAGE",
      "--loss bce needs a sigmoid output: use --model logistic (or mlp); the line is fitted with mse, mae or huber",
    );
  }
  if (options.trackSharpness !== undefined) {
    throw new LrlabError(
      "E_USAGE",
      "--track-sharpness is not taken by this command for the line yet; lrlab fit takes it with any --model",
    );
  }
}

/** Everything a command needs to run a model other than the line. */
export interface ModelSetup {
  readonly data: Dataset;
  readonly columnNames: readonly string[];
  readonly prepared: PreparedModel;
  readonly config: RunConfig;
  /** Paths the command must never write to. */
  readonly inputs: readonly string[];
  /** The `--init` file, for messages. */
  readonly initSource: string | undefined;
}

/** Reads the data and the flags into a prepared model and its run config. */
export async function modelSetupFrom(
  options: Readonly<Record<string, unknown>>,
  io: Io,
): Promise<ModelSetup> {
  const spec = modelSpecFromFlags(options);
  const loss = modelLossOf(options, spec);
  if (loss !== "huber" && options.delta !== undefined) {
    throw new LrlabError("E_USAGE", `--delta does not apply to --loss ${loss}; it is Huber's delta`);
  }
  for (const flag of ["initW", "initB"] as const) {
    if (options[flag] !== undefined && spec.name !== "line") {
      const kebab = flag === "initW" ? "--init-w" : "--init-b";
      throw new LrlabError(
        "E_USAGE",
        `${kebab} sets the line's start; for --model ${spec.name} give --init FILE.json (Keras get_weights() order)`,
      );
    }
  }
  const huberDelta = loss === "huber" ? huberDeltaOf(options) : undefined;
  const data = await loadData(options, io);
  const columns = datasetColumns(data);
  const columnNames = datasetFeatureNames(data);
  // Every --x column, by name, the first as the others.
  checkFeatureColumns(
    data.source,
    columns.map((values, j) => ({ name: columnNames[j] as string, values })),
    // Standardized, a column's size is no bar: the model sees its z-scores (finding 9).
    { standardized: spec.standardize === true },
  );
  if (spec.standardize === true) {
    // The raw first column's sums of squares are not the model's (web round 5 #3: a 1e150 column was
    // refused as "x" when it came first, and run when it came second): only y's range is left to check.
    checkTargetRange(data);
  } else {
    checkNumericRange(data, undefined, { xLabel: `column ${JSON.stringify(columnNames[0])}` });
  }
  const prepared = prepareModel(spec, columns, data.y, {
    loss,
    ...(huberDelta !== undefined ? { huberDelta } : {}),
    columnNames,
    names: { degree: "--degree", hidden: "--hidden", activation: "--activation", x: "--x", loss: "--loss" },
    targetSource: { source: data.source, column: data.yName },
    // Name what the user typed: --loss bce, or the model whose default BCE is.
    bceChosenBy: options.loss !== undefined ? "--loss bce" : `--model ${spec.name} (BCE)`,
  });
  // The optimizer, schedule and run flags as for the line; the loss and model are this module's.
  const lineConfig = runConfigFromFlags(options, {
    loss: "mse",
    huberDelta: undefined,
  } satisfies Pick<DataSetup, "loss" | "huberDelta">);
  const init = typeof options.init === "string" ? options.init : undefined;
  if (init !== undefined && (options.initW !== undefined || options.initB !== undefined)) {
    throw new LrlabError("E_USAGE", "--init and --init-w/--init-b: give the start one way, not both");
  }
  const initialWeights =
    init !== undefined
      ? await readWeights(io, init, prepared.model.parameterCount)
      : spec.name === "line"
        ? [[[lineConfig.start.w]], [lineConfig.start.b]]
        : undefined;
  const trackSharpness =
    options.trackSharpness === undefined
      ? undefined
      : parseNumberFlag("track-sharpness", options.trackSharpness, { integer: true, min: 1 });
  const config: RunConfig = {
    ...lineConfig,
    model: prepared.spec,
    loss: loss === "huber" ? { name: "huber", delta: huberDelta ?? 1 } : { name: loss },
    ...(trackSharpness !== undefined ? { trackSharpness } : {}),
    ...(initialWeights !== undefined ? { initialWeights: initialWeights as never } : {}),
  };
  const dataPath = typeof options.data === "string" ? options.data : undefined;
  const inputs = [dataPath, init].filter((path): path is string => path !== undefined).map(io.resolvePath);
  return { data, columnNames, prepared, config, inputs, initSource: init };
}

/**
 * The starting weights the setup's config asks for (core `initialParameters`: `--init`, else glorot from
 * the seed for an mlp, else zeros), a shape error naming the `--init` file.
 */
export function startingWeights(setup: Pick<ModelSetup, "prepared" | "config" | "initSource">): Float64Array {
  try {
    return initialParameters(setup.prepared, setup.config.seed, setup.config.initialWeights);
  } catch (error) {
    if (setup.initSource !== undefined && error instanceof LrlabError) {
      throw new LrlabError(error.code, `--init ${setup.initSource}: ${error.message}`);
    }
    throw error;
  }
}

/** `--loss`, checked for the model: bce only for logistic and mlp, and the logistic model's default. */
function modelLossOf(options: Readonly<Record<string, unknown>>, spec: ModelSpec): ModelLossName {
  const given = options.loss;
  if (given === undefined) return defaultLossOf(spec.name);
  const name = String(given);
  if (!(MODEL_LOSS_NAMES as readonly string[]).includes(name)) {
    const hint = nearestName(name, MODEL_LOSS_NAMES);
    throw new LrlabError(
      "E_BAD_ARGUMENT",
      `--loss: unknown loss "${name}"${hint ? ` (did you mean "${hint}"?)` : ""}; expected one of ${MODEL_LOSS_NAMES.join(", ")}`,
    );
  }
  return name as ModelLossName;
}

function huberDeltaOf(options: Readonly<Record<string, unknown>>): number {
  return options.delta === undefined
    ? 1
    : parseNumberFlag("delta", options.delta, { min: 0, minExclusive: true });
}

function parseIntegerIn(flag: string, raw: unknown, min: number, max: number): number {
  const value = typeof raw === "string" ? strictNumber(raw) : Number.NaN;
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new LrlabError(
      "E_BAD_ARGUMENT",
      `${flag}: expected an integer from ${min} to ${max}, got ${String(raw)}`,
    );
  }
  return value;
}

/** `--hidden 16` or `--hidden 8,8`: one to eight layer widths, each an integer ≥ 1. */
function parseHidden(raw: unknown): number[] {
  const text = String(raw);
  const parts = text.split(",").map((part) => strictNumber(part));
  if (
    parts.length > MAX_HIDDEN_LAYERS ||
    parts.some((units) => !Number.isInteger(units) || units < 1 || units > MAX_HIDDEN_UNITS)
  ) {
    throw new LrlabError(
      "E_BAD_ARGUMENT",
      `--hidden: expected 1 to ${MAX_HIDDEN_LAYERS} layer widths from 1 to ${MAX_HIDDEN_UNITS} separated by commas (e.g. 16 or 8,8), got ${JSON.stringify(text)}`,
    );
  }
  return parts;
}

function parseActivation(raw: unknown): ActivationName {
  try {
    return checkActivationName(String(raw));
  } catch (error) {
    if (error instanceof LrlabError) throw new LrlabError(error.code, `--activation: ${error.message}`);
    throw error;
  }
}
