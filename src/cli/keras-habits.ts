/**
 * What people coming from Keras and PyTorch type, read as they mean it: `--learning-rate` and
 * `--learning_rate` for `--lr`; optimizer, schedule and loss names in any case and as Keras class names
 * (`--optimizer SGD`, `--schedule ExponentialDecay`, `--loss mean_squared_error`); and PyTorch's rule that a
 * one-cycle run may not outlast its `total_steps`.
 */
import type { EventEmitter } from "node:events";
import { type Command, Option } from "commander";
import { LrlabError } from "../core/errors.js";
import { LOSS_NAMES } from "../core/models/losses.js";
import { OPTIMIZER_NAMES } from "../core/optimizers/registry.js";
import { SCHEDULE_NAMES, SCHEDULES } from "../core/schedules/registry.js";
import { strictNumber } from "./flags.js";

/** Other spellings of `--lr`: Keras's argument name, in kebab and in snake case. */
export const LEARNING_RATE_ALIASES = ["learning-rate", "learning_rate"] as const;

/** Keras's names for the losses, as strings and as classes, lower-cased. */
const KERAS_LOSSES: Readonly<Record<string, string>> = {
  mean_squared_error: "mse",
  meansquarederror: "mse",
  mean_absolute_error: "mae",
  meanabsoluteerror: "mae",
};

/** Schedule class names lower-cased (`exponentialdecay`, `onecyclelr`, …) → the CLI's names. */
const SCHEDULE_CLASSES: Readonly<Record<string, string>> = Object.fromEntries(
  SCHEDULE_NAMES.filter((name) => name !== "constant").map((name) => [
    SCHEDULES[name].className.toLowerCase(),
    name,
  ]),
);

/** The CLI's name for an optimizer, schedule or loss as a Keras or PyTorch user may write it. */
const NAME_READERS: Readonly<Record<string, (name: string) => string>> = {
  "--optimizer": (name) => readName(name, OPTIMIZER_NAMES, {}),
  "--optimizers": (list) =>
    list
      .split(",")
      .map((name) => readName(name, OPTIMIZER_NAMES, {}))
      .join(","),
  "--schedule": (name) => readName(name, SCHEDULE_NAMES, SCHEDULE_CLASSES),
  "--compare": (list) =>
    list
      .split(",")
      .map((name) => readName(name, SCHEDULE_NAMES, SCHEDULE_CLASSES))
      .join(","),
  "--loss": (name) => readName(name, LOSS_NAMES, KERAS_LOSSES),
};

function readName(text: string, names: readonly string[], aliases: Readonly<Record<string, string>>): string {
  const lower = text.trim().toLowerCase();
  if (names.includes(lower)) return lower;
  return aliases[lower] ?? text;
}

/**
 * Teaches `command` and its subcommands the habits: hidden `--learning-rate`/`--learning_rate` options
 * wherever `--lr` exists (each passes its value on as `--lr`, so giving both counts as giving `--lr`
 * twice), and names read in any case.
 */
export function acceptKerasHabits(command: Command): void {
  for (const subcommand of command.commands) acceptKerasHabits(subcommand);
  for (const option of command.options) {
    const reader = option.long === undefined ? undefined : NAME_READERS[option.long];
    if (reader) option.argParser(reader);
  }
  if (!command.options.some((option) => option.long === "--lr")) return;
  for (const alias of LEARNING_RATE_ALIASES) {
    const option = new Option(`--${alias} <x>`).hideHelp();
    command.addOption(option);
    command.on(`option:${alias}`, (value: string) => {
      command.setOptionValueWithSource(option.attributeName(), undefined, "default");
      // Commander's Command is an EventEmitter; its typings leave out emit.
      (command as unknown as EventEmitter).emit("option:lr", value);
    });
  }
}

/**
 * PyTorch's OneCycleLR refuses to step past its `total_steps`; so does lrlab rather than hold the final
 * rate in silence. Checks the flags as given (`--steps` against `--total-steps`).
 */
export function refuseOneCycleOverrun(options: Readonly<Record<string, unknown>>): void {
  if (options.schedule !== "one-cycle") return;
  if (typeof options.steps !== "string" || typeof options.totalSteps !== "string") return;
  const steps = strictNumber(options.steps);
  const totalSteps = strictNumber(options.totalSteps);
  if (steps > totalSteps) {
    throw new LrlabError(
      "E_USAGE",
      `--steps ${options.steps} runs past one-cycle's --total-steps ${options.totalSteps} (PyTorch refuses this too); give --total-steps ≥ --steps`,
    );
  }
}
