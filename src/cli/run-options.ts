/**
 * The flags every training command shares (data, loss, optimizer, schedule, run length), and their
 * translation into the core's objects. `fit` uses them today; `sweep` and `report` will too.
 */
import type { Command } from "commander";
import {
  type ReduceLROnPlateau,
  type ReduceLROnPlateauOptions,
  reduceLROnPlateau,
} from "../core/callbacks/reduce-lr-on-plateau.js";
import { readCsv } from "../core/csv.js";
import { BUILTIN_DATA, builtinData, type Dataset } from "../core/data.js";
import { LrlabError } from "../core/errors.js";
import { checkLossName, DEFAULT_HUBER_DELTA, LOSS_NAMES, type LossName } from "../core/losses.js";
import type { Optimizer } from "../core/optimizers/optimizer.js";
import { createOptimizer, OPTIMIZER_NAMES, optimizerParams } from "../core/optimizers/registry.js";
import type { ParamSpec, ParamValue } from "../core/params.js";
import { type RegistryEntry, SCHEDULE_NAMES, SCHEDULES, scheduleEntry } from "../core/schedules/registry.js";
import type { Schedule } from "../core/schedules/schedule.js";
import { type TrainOptions, trainParams } from "../core/train.js";
import {
  argumentsFrom,
  collectFlags,
  type FlagDescription,
  parseFlagValue,
  refuseForeignFlags,
  toOption,
} from "./flags.js";
import type { Io } from "./io.js";

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
    .option("--x <column>", "the x column's header (default: the first of two columns)")
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
}

export interface DataSetup {
  readonly data: Dataset;
  readonly loss: LossName;
  /** Huber's delta, for `--loss huber` only. */
  readonly huberDelta: number | undefined;
  /** Paths the command must never write to. */
  readonly inputs: readonly string[];
}

/** Reads the data and checks the loss flags of a command made with {@link addDataOptions}. */
export async function dataSetupFrom(options: Readonly<Record<string, unknown>>, io: Io): Promise<DataSetup> {
  const given = givenFlags(options);
  const data = await loadData(options, io);
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
  return { data, loss, huberDelta, inputs: dataPath === undefined ? [] : [io.resolvePath(dataPath)] };
}

/** Reads the data and builds the optimizer, schedule and training options from parsed flags. */
export async function runSetupFrom(options: Readonly<Record<string, unknown>>, io: Io): Promise<RunSetup> {
  const given = givenFlags(options);
  const { data, loss, inputs } = await dataSetupFrom(options, io);

  const optimizerName = stringOption(options, "optimizer") ?? "sgd";
  const optimizerSpecs = optimizerParams(optimizerName);
  refuseForeignFlags(optimizerFlags, given, optimizerName, "--optimizer", flagSet(optimizerSpecs));
  const optimizer = createOptimizer(optimizerName, argumentsFrom(optimizerSpecs, given), flagName);
  const learningRate = optimizer.config.learningRate;

  const scheduleName = stringOption(options, "schedule") ?? "constant";
  const entry = scheduleEntry(scheduleName);
  refuseForeignFlags(scheduleFlags, given, scheduleName, "--schedule", flagSet(entry.params));
  const scheduleArgs = argumentsFrom(entry.params, given);
  const rateKey = rateKeyOf(scheduleName, entry);
  if (rateKey === undefined && given.has("lr")) {
    throw new LrlabError(
      "E_USAGE",
      `--lr does not apply to --schedule ${scheduleName}; its --values are the rates`,
    );
  }
  let schedule: Schedule | number = learningRate;
  let plateau: ReduceLROnPlateau | null = null;
  if (entry.kind === "callback") {
    plateau = reduceLROnPlateau(scheduleArgs as ReduceLROnPlateauOptions);
  } else if (scheduleName !== "constant") {
    schedule = entry.create(scheduleArgs, learningRate, flagName);
  }
  // The arguments as used, for the JSON output and the Keras-style description: given over defaults.
  const usedArgs: Record<string, ParamValue> = rateKey === undefined ? {} : { [rateKey]: learningRate };
  for (const spec of entry.params) {
    const value = scheduleArgs[spec.key] ?? spec.default;
    if (value !== undefined) usedArgs[spec.key] = value;
  }

  const trainOptions: TrainOptions = { loss, optimizer, learningRate: schedule };
  if (plateau) trainOptions.rateCallback = plateau;
  for (const spec of trainParams) {
    if (given.has(spec.flag)) {
      (trainOptions as Record<string, unknown>)[spec.key] = parseFlagValue(spec, given.get(spec.flag));
    }
  }
  if (loss === "huber") trainOptions.huberDelta ??= DEFAULT_HUBER_DELTA;
  return {
    data,
    loss,
    optimizer,
    optimizerName,
    learningRate,
    schedule: { name: scheduleName, className: entry.className, args: usedArgs },
    plateau,
    trainOptions,
    inputs,
  };
}

/** Names a spec by its flag in error messages. */
export const flagName = (spec: ParamSpec): string => `--${spec.flag}`;

const flagSet = (specs: readonly ParamSpec[]): Set<string> => new Set(specs.map((spec) => spec.flag));

/** The argument `--lr` fills: a schedule's rate argument, the rate itself for constant and plateau, none for piecewise. */
function rateKeyOf(name: string, entry: RegistryEntry): string | undefined {
  if (entry.kind === "callback" || name === "constant") return "learningRate";
  return entry.rateKey;
}

function stringOption(options: Readonly<Record<string, unknown>>, name: string): string | undefined {
  const value = options[name];
  return typeof value === "string" ? value : undefined;
}

async function loadData(options: Readonly<Record<string, unknown>>, io: Io): Promise<Dataset> {
  const path = stringOption(options, "data");
  const x = stringOption(options, "x");
  const y = stringOption(options, "y");
  if (path === undefined) {
    if (x !== undefined || y !== undefined) {
      throw new LrlabError(
        "E_USAGE",
        `--${x !== undefined ? "x" : "y"} chooses a CSV column and needs --data FILE`,
      );
    }
    return builtinData();
  }
  return readCsv(io.openTextStream(path), { source: path, x, y });
}
