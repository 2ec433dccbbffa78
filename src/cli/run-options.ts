/**
 * The flags every training command shares (data, loss, optimizer, schedule, run length), and their
 * translation into the core's objects. `fit` uses them today; `sweep` and `report` will too.
 */
import type { Command } from "commander";
import type { ReduceLROnPlateau } from "../core/callbacks/reduce-lr-on-plateau.js";
import { readCsv } from "../core/data/csv.js";
import { BUILTIN_DATA, builtinData, type Dataset, datasetFeatureNames } from "../core/data/data.js";
import type { LinearStats } from "../core/data/stats.js";
import { LrlabError } from "../core/errors.js";
import { checkLossName, DEFAULT_HUBER_DELTA, LOSS_NAMES, type LossName } from "../core/models/losses.js";
import { LINE_MODEL } from "../core/models/model-spec.js";
import type { Optimizer } from "../core/optimizers/optimizer.js";
import {
  createOptimizer,
  OPTIMIZER_NAMES,
  type OptimizerCliName,
  optimizerParams,
} from "../core/optimizers/registry.js";
import type { ParamSpec, ParamValue } from "../core/params.js";
import { SCHEDULE_NAMES, SCHEDULES, type ScheduleName, scheduleEntry } from "../core/schedules/registry.js";
import { checkNumericRange, checkStart } from "../core/theory/trust.js";
import { type ResolvedRun, type RunConfig, rateKeyOf, resolveRun } from "../core/training/run-config.js";
import { type TrainOptions, trainParams } from "../core/training/train.js";
import {
  argumentsFrom,
  collectFlags,
  type FlagDescription,
  parseFlagValue,
  refuseForeignFlags,
  repeatableOption,
  toOption,
} from "./flags.js";
import { type Io, STDIN_PATH } from "./io.js";
import { lineStartFromWeights, readWeights } from "./weights-file.js";

const optimizerFlags = collectFlags(
  "Optimizer (Keras arguments)",
  OPTIMIZER_NAMES.map((name) => [name, optimizerParams(name)] as const),
);
const scheduleFlags = collectFlags(
  "Schedule (Keras arguments; --lr is the initial rate)",
  SCHEDULE_NAMES.map((name) => [name, SCHEDULES[name].params] as const),
);
const runFlags = collectFlags("Run", [["", trainParams.filter((spec) => spec.key !== "huberDelta")]]);
const huberFlags = collectFlags("Data and model", [
  ["huber", trainParams.filter((spec) => spec.key === "huberDelta")],
]);
const allFlags: FlagDescription[] = [...huberFlags, ...optimizerFlags, ...scheduleFlags, ...runFlags];

/** Adds the data and model flags (data file, columns, loss, Huber delta) to a command. */
export function addDataOptions(command: Command): Command {
  const dataGroup = "Data and model:";
  command
    .option(
      "--data <file>",
      `CSV file with a header row (default: the built-in data, ${BUILTIN_DATA.description})`,
    )
    .addOption(
      repeatableOption(
        "--x <column>",
        "the x column's header; repeat it for several feature columns (default: the first of two columns)",
      ),
    )
    .option("--y <column>", "the y column's header (default: the second of two columns)")
    .option("--loss <name>", `${LOSS_NAMES.join(" | ")}, Keras definitions, MSE without ½ (default: mse)`);
  for (const name of ["--data", "--x", "--y", "--loss"]) findOption(command, name).helpGroup(dataGroup);
  command.addOption(toOption(huberFlags[0] as FlagDescription));
  return command;
}

/** Adds the data, model, optimizer, schedule and run flags to a command. */
export function addRunOptions(command: Command): Command {
  addDataOptions(command);
  command
    .option(
      "--optimizer <name>",
      `${OPTIMIZER_NAMES.join(" | ")}; momentum is SGD with momentum 0.9 (default: sgd)`,
    )
    .option("--schedule <name>", `${SCHEDULE_NAMES.join(" | ")} (default: constant)`);
  findOption(command, "--optimizer").helpGroup("Optimizer (Keras arguments):");
  findOption(command, "--schedule").helpGroup("Schedule (Keras arguments; --lr is the initial rate):");
  for (const description of [...optimizerFlags, ...scheduleFlags, ...runFlags]) {
    command.addOption(toOption(description));
  }
  return command;
}

function findOption(command: Command, long: string) {
  const option = command.options.find((candidate) => candidate.long === long);
  if (!option) throw new Error(`no option ${long}`);
  return option;
}

/** A camelCase commander attribute name for a kebab flag: "batch-size" → "batchSize". */
function attributeOf(flag: string): string {
  return flag.replace(/-([a-z0-9])/g, (_, letter: string) => letter.toUpperCase());
}

/** The given flags, by flag name, from commander's parsed options. */
function givenFlags(options: Readonly<Record<string, unknown>>): Map<string, unknown> {
  const given = new Map<string, unknown>();
  for (const description of allFlags) {
    const value = options[attributeOf(description.flag)];
    if (value !== undefined) given.set(description.flag, value);
  }
  return given;
}

export interface ScheduleSetup {
  readonly name: string;
  readonly className: string;
  /** The arguments as used: given values over defaults, the `--lr` rate included. */
  readonly args: Record<string, ParamValue>;
}

export interface RunSetup {
  readonly data: Dataset;
  readonly loss: LossName;
  /** The run's settings as the core's one description of a run. */
  readonly config: RunConfig;
  readonly resolved: ResolvedRun;
  /** The data's statistics (MSE), shared by everything the command computes. */
  readonly stats: LinearStats | undefined;
  readonly optimizer: Optimizer;
  /** The optimizer name as the user wrote it (`momentum` stays `momentum`). */
  readonly optimizerName: string;
  /** The constant rate, or the schedule's rate argument (`--lr`). */
  readonly learningRate: number;
  readonly schedule: ScheduleSetup;
  readonly plateau: ReduceLROnPlateau | null;
  readonly trainOptions: TrainOptions;
  /** Paths the command must never write to. */
  readonly inputs: readonly string[];
  /** The `--data` file as given; undefined for the built-in data. */
  readonly dataFile: string | undefined;
  /** The `--init` file the line's start was read from, as given; undefined for `--init-w/--init-b`. */
  readonly initSource: string | undefined;
}

export interface DataSetup {
  readonly data: Dataset;
  readonly loss: LossName;
  /** Huber's delta, for `--loss huber` only. */
  readonly huberDelta: number | undefined;
  /** The statistics, computed once while checking the data's range (used by MSE). */
  readonly stats: LinearStats;
  /** Paths the command must never write to. */
  readonly inputs: readonly string[];
}

/**
 * Reads the data and checks the loss flags of a command made with {@link addDataOptions}. Data whose
 * squares overflow or whose spread underflows float64 is refused here (exit 2, "rescale x").
 */
export async function dataSetupFrom(options: Readonly<Record<string, unknown>>, io: Io): Promise<DataSetup> {
  const given = givenFlags(options);
  const data = checkSingleX(await loadData(options, io));
  const stats = checkNumericRange(data);
  const loss = checkLossName(stringOption(options, "loss") ?? "mse");
  if (loss !== "huber" && given.has("delta")) {
    throw new LrlabError("E_USAGE", `--delta does not apply to --loss ${loss}; it is Huber's delta`);
  }
  const huberSpec = trainParams.find((spec) => spec.key === "huberDelta") as (typeof trainParams)[number];
  const huberDelta =
    loss !== "huber"
      ? undefined
      : given.has("delta")
        ? (parseFlagValue(huberSpec, given.get("delta")) as number)
        : DEFAULT_HUBER_DELTA;
  const dataPath = stringOption(options, "data");
  return { data, loss, huberDelta, stats, inputs: dataPath === undefined ? [] : [io.resolvePath(dataPath)] };
}

/** Reads the data and builds the run's config, optimizer, schedule and training options from parsed flags. */
export async function runSetupFrom(options: Readonly<Record<string, unknown>>, io: Io): Promise<RunSetup> {
  const dataSetup = await dataSetupFrom(options, io);
  const flagConfig = runConfigFromFlags(options, dataSetup);
  // `--init FILE.json` gives the line's start in Keras order, [[[w]], [b]]: one start in the config either way.
  const initSource = stringOption(options, "init");
  if (initSource !== undefined && (options.initW !== undefined || options.initB !== undefined)) {
    throw new LrlabError("E_USAGE", "--init and --init-w/--init-b: give the start one way, not both");
  }
  const config =
    initSource === undefined
      ? flagConfig
      : { ...flagConfig, start: lineStartFromWeights(await readWeights(io, initSource, 2), initSource) };
  const stats = dataSetup.loss === "mse" ? dataSetup.stats : undefined;
  const resolved = resolveRun(config, dataSetup.data, { ...(stats ? { stats } : {}), nameOf: flagName });
  checkStart(
    dataSetup.stats,
    config.start.w,
    config.start.b,
    initSource === undefined
      ? { w: "--init-w", b: "--init-b" }
      : { w: `--init ${initSource}: w`, b: `--init ${initSource}: b` },
  );
  return {
    data: dataSetup.data,
    loss: dataSetup.loss,
    config,
    resolved,
    stats,
    optimizer: resolved.optimizer,
    optimizerName: config.optimizer.name,
    learningRate: config.learningRate,
    schedule: resolved.schedule,
    plateau: resolved.plateau,
    trainOptions: resolved.trainOptions,
    inputs: initSource === undefined ? dataSetup.inputs : [...dataSetup.inputs, io.resolvePath(initSource)],
    dataFile: stringOption(options, "data"),
    initSource,
  };
}

/** The core's run config from parsed flags: the flag tables validate each value, refusing foreign flags. */
export function runConfigFromFlags(
  options: Readonly<Record<string, unknown>>,
  dataSetup: Pick<DataSetup, "loss" | "huberDelta">,
): RunConfig {
  const given = givenFlags(options);
  const optimizerName = stringOption(options, "optimizer") ?? "sgd";
  const optimizerSpecs = optimizerParams(optimizerName);
  refuseForeignFlags(optimizerFlags, given, optimizerName, "--optimizer", flagSet(optimizerSpecs));
  // Built once here to validate the arguments and to learn the optimizer's default rate.
  const optimizerArgs = argumentsFrom(optimizerSpecs, given);
  const optimizer = createOptimizer(optimizerName, optimizerArgs, flagName);
  const { learningRate: _rate, ...otherArgs } = optimizerArgs;

  const scheduleName = stringOption(options, "schedule") ?? "constant";
  const entry = scheduleEntry(scheduleName);
  refuseForeignFlags(scheduleFlags, given, scheduleName, "--schedule", flagSet(entry.params));
  if (rateKeyOf(scheduleName, entry) === undefined && given.has("lr")) {
    throw new LrlabError(
      "E_USAGE",
      `--lr does not apply to --schedule ${scheduleName}; its --values are the rates`,
    );
  }
  const run: Record<string, number> = {};
  for (const spec of trainParams) {
    if (spec.key !== "huberDelta" && given.has(spec.flag)) {
      run[spec.key] = parseFlagValue(spec, given.get(spec.flag)) as number;
    }
  }
  if (run.steps !== undefined && run.epochs !== undefined) {
    throw new LrlabError("E_USAGE", "--steps and --epochs: give one or the other, not both");
  }
  const config: RunConfig = {
    model: LINE_MODEL,
    loss:
      dataSetup.loss === "huber"
        ? { name: "huber", delta: dataSetup.huberDelta ?? DEFAULT_HUBER_DELTA }
        : { name: dataSetup.loss },
    optimizer: { name: optimizerName as OptimizerCliName, args: otherArgs },
    learningRate: optimizer.config.learningRate,
    schedule: { name: scheduleName as ScheduleName, args: argumentsFrom(entry.params, given) },
    batchSize: run.batchSize ?? null,
    steps: run.steps ?? null,
    epochs: run.epochs ?? null,
    seed: run.seed ?? 0,
    start: { w: run.initialW ?? 0, b: run.initialB ?? 0 },
  };
  const extras: { divergeFactor?: number; tolerance?: number; historyEvery?: number } = {};
  if (run.divergeFactor !== undefined) extras.divergeFactor = run.divergeFactor;
  if (run.tolerance !== undefined) extras.tolerance = run.tolerance;
  if (run.historyEvery !== undefined) extras.historyEvery = run.historyEvery;
  return { ...config, ...extras };
}

/** Names a spec by its flag in error messages. */
export const flagName = (spec: ParamSpec): string => `--${spec.flag}`;

const flagSet = (specs: readonly ParamSpec[]): Set<string> => new Set(specs.map((spec) => spec.flag));

/**
 * Refuses several feature columns (`--x a --x b`) where only the line y = w·x + b is trained: the one
 * place that says so, for the models that take several columns to relax. Returns the data unchanged.
 */
export function checkSingleX(data: Dataset): Dataset {
  const names = datasetFeatureNames(data);
  if (names.length > 1) {
    throw new LrlabError(
      "E_USAGE",
      `--x given ${names.length} times (${names.map(plainOrQuoted).join(", ")}): the line y = w·x + b takes one x; several need --model linear, logistic or mlp`,
    );
  }
  return data;
}

/** A column name as it is when a list of names can still be read (`bmi`), else quoted (`"dose, mg"`). */
function plainOrQuoted(name: string): string {
  return name !== "" && !/[,()]/.test(name) && JSON.stringify(name) === `"${name}"`
    ? name
    : JSON.stringify(name);
}

function stringOption(options: Readonly<Record<string, unknown>>, name: string): string | undefined {
  const value = options[name];
  return typeof value === "string" ? value : undefined;
}

/** A repeatable flag's values in the order given (see `repeatableOption`), or undefined when not given. */
function stringsOption(options: Readonly<Record<string, unknown>>, name: string): string[] | undefined {
  const value = options[name];
  if (typeof value === "string") return [value];
  return Array.isArray(value) && value.length > 0 ? value.map(String) : undefined;
}

export async function loadData(options: Readonly<Record<string, unknown>>, io: Io): Promise<Dataset> {
  const path = stringOption(options, "data");
  const xs = stringsOption(options, "x");
  const y = stringOption(options, "y");
  if (path === undefined) {
    if (xs !== undefined || y !== undefined) {
      throw new LrlabError(
        "E_USAGE",
        `--${xs !== undefined ? "x" : "y"} chooses a CSV column and needs --data FILE`,
      );
    }
    return builtinData();
  }
  return readCsv(io.openTextStream(path), {
    source: path === STDIN_PATH ? "standard input" : path,
    // One --x reads exactly as before; several fill the data set's features.
    ...(xs !== undefined && xs.length > 1 ? { xs } : { x: xs?.[0] }),
    y,
    choiceNames: { x: "--x", y: "--y" },
  });
}
