/**
 * `lrlab find-lr`: the LR range test (Smith 2015; fastai's `lr_find`), with fastai's four suggestions
 * and, on linear MSE, the exact critical and optimal rates beside them.
 *
 * All the `fit` flags for data, loss, optimizer, batches, seed and starting point apply. Those that would
 * fight the test (a schedule or `--lr`, since the test ramps the rate itself; `--steps`, `--epochs`,
 * `--tolerance`, `--diverge-factor`, `--history-every`, since it sets its own length and stopping rule)
 * are refused with a one-line reason rather than silently ignored, and hidden from `find-lr --help`.
 *
 * `--model linear|polynomial|logistic|mlp` (or `--init`) runs the test on a model instead, in
 * find-lr-model.ts; the line's path here is unchanged.
 */
import { type Command, Option } from "commander";
import {
  RANGE_TEST_DEFAULTS,
  type RangeTestOptions,
  type RangeTestResult,
  rangeTest,
  rangeTestParams,
} from "../../core/choosing/range-test.js";
import { linearStats } from "../../core/data/stats.js";
import { LrlabError } from "../../core/errors.js";
import { OPTIMIZER_NAMES, optimizerParams, optimizerToConfig } from "../../core/optimizers/registry.js";
import { SCHEDULE_NAMES, SCHEDULES } from "../../core/schedules/registry.js";
import { huberLocalBound, type LocalBound } from "../../core/theory/local-bound.js";
import {
  type LinearMseTheory,
  linearMseTheory,
  optimizerStabilityBound,
  type StabilityBound,
} from "../../core/theory/theory.js";
import { toJsonText } from "../../core/training/export.js";
import { trainParams } from "../../core/training/train.js";
import { collectFlags, parseFlagValue, toOption } from "../flags.js";
import type { Io } from "../io.js";
import { addModelOptions, refuseModelFlags, wantsModelPath } from "../model-options.js";
import { addRunOptions, flagName, type RunSetup, runSetupFrom } from "../run-options.js";
import {
  addFindLrCheckOptions,
  checkFindLrCheckFlags,
  type FindLrChecks,
  findLrCheckFields,
  findLrCheckLines,
  findLrChecks,
  type ReferenceRate,
} from "./find-lr-checks.js";
import { rangeTestCurve, rangeTestFields, settingsOf } from "./find-lr-document.js";
import { runModelFindLr } from "./find-lr-model.js";
import { describeFindLr, fastestFrom } from "./find-lr-text.js";

const RAMP = "the range test ramps the rate itself, from --start-lr to --end-lr (--linear for a linear ramp)";
const STOPS = "the range test stops when the smoothed loss passes --diverge-threshold × its lowest so far";

/** The shared run flags that make no sense for a range test, and why. */
const REFUSED: ReadonlyMap<string, string> = new Map([
  ["schedule", RAMP],
  ["lr", RAMP],
  ["steps", "the range test runs --num-it iterations"],
  ["epochs", "the range test runs --num-it iterations"],
  ["tolerance", STOPS],
  ["diverge-factor", STOPS],
  ["history-every", "the range test records every iteration"],
]);

/** Schedule arguments (`--decay-steps`, `--boundaries`, …) that no optimizer or run option shares. */
export const SCHEDULE_ARGUMENT_FLAGS: readonly string[] = (() => {
  const shared = new Set([
    ...OPTIMIZER_NAMES.flatMap((name) => optimizerParams(name).map((spec) => spec.flag)),
    ...trainParams.map((spec) => spec.flag),
  ]);
  const flags = SCHEDULE_NAMES.flatMap((name) => SCHEDULES[name].params.map((spec) => spec.flag));
  return [...new Set(flags)].filter((flag) => !shared.has(flag));
})();

const rangeFlags = collectFlags("Range test (fastai lr_find)", [["", rangeTestParams]]);

/** A camelCase commander attribute name for a kebab flag: "num-it" → "numIt". */
const attributeOf = (flag: string): string =>
  flag.replace(/-([a-z0-9])/g, (_, letter: string) => letter.toUpperCase());

export function registerFindLr(program: Command, io: Io, setExitCode: (code: number) => void): void {
  const command = program
    .command("find-lr")
    .description(
      "the LR range test (Smith 2015, fastai lr_find): ramp the rate over mini-batches, suggest a rate, and set it beside the exact theory",
    );
  addRangeTestOptions(
    command,
    `points per iteration (default: ${RANGE_TEST_DEFAULTS.batchSize}; all of them for full batch)`,
  );
  addModelOptions(command);
  addFindLrCheckOptions(command);
  // The range test measures the sharpness once, at the start: tracking it during the ramp is refused.
  command.options.find((option) => option.long === "--track-sharpness")?.hideHelp();
  command.addOption(
    new Option("--json", "print one JSON document (curve, suggestions, theory) and nothing else").helpGroup(
      "Output:",
    ),
  );
  command.action(async (options: Record<string, unknown>) => {
    setExitCode(await runFindLr(options, io));
  });
}

/**
 * Adds the run flags that keep their meaning in a range test (those that would fight it are hidden and
 * refused by {@link refuseRangeTestFlags}) and the range test's own flags.
 */
export function addRangeTestOptions(
  command: Command,
  batchSizeHelp: string,
  kept: Readonly<Record<string, string>> = {},
): void {
  addRunOptions(command);
  for (const option of command.options) {
    const flag = option.long?.slice(2) ?? "";
    if (kept[flag] !== undefined) option.description = kept[flag];
    else if (REFUSED.has(flag) || SCHEDULE_ARGUMENT_FLAGS.includes(flag)) option.hideHelp();
    if (flag === "batch-size") option.description = batchSizeHelp;
  }
  for (const description of rangeFlags) command.addOption(toOption(description));
  command.addOption(
    new Option("--linear", "ramp the rate linearly instead of exponentially").helpGroup(
      "Range test (fastai lr_find):",
    ),
  );
}

/** Runs `find-lr` with parsed options and returns the exit code. */
export async function runFindLr(options: Readonly<Record<string, unknown>>, io: Io): Promise<number> {
  checkFindLrCheckFlags(options);
  if (wantsModelPath(options)) {
    refuseModelRangeTestFlags(options);
    return runModelFindLr(options, rangeOptionsFrom(options), io);
  }
  refuseModelFlags(options);
  const { setup, settings, run, theory, optimizerCritical, rangeTestOptions } = await computeFindLr(
    options,
    io,
  );
  const checks = findLrChecks(options, setup.data, rangeTestOptions, run);
  const reference = referenceRate(setup, theory, optimizerCritical);
  if (options.json === true) {
    io.stdout(
      toJsonText({
        ...findLrDocument(setup, settings, run, theory, optimizerCritical),
        ...findLrCheckFields(checks, reference),
      }),
    );
  } else {
    io.stdout(
      describeFindLr({ setup, settings, run, theory, optimizerCritical }) + checkText(checks, reference),
    );
  }
  return 0;
}

/** The checks' words after the rest, or nothing. */
function checkText(checks: FindLrChecks, reference: ReferenceRate | null): string {
  const lines = findLrCheckLines(checks, reference);
  return lines.length === 0 ? "" : `${lines.join("\n")}\n`;
}

/**
 * The exact rate the line's suggestions are compared with: the fastest constant rate of full-batch
 * gradient descent from this start (the line's `suggest`), where plain gradient descent's theory applies.
 */
function referenceRate(
  setup: RunSetup,
  theory: LinearMseTheory | null,
  optimizerCritical: OptimizerCriticalRate | null,
): ReferenceRate | null {
  if (!theory || optimizerCritical?.formula !== "2/λmax") return null;
  const fastest = fastestFrom(setup, theory);
  return fastest ? { name: "fastest rate", learningRate: fastest.learningRate } : null;
}

/** The flags a model's range test refuses (`lrlab find-lr --model`, `lrlab plot find-lr --model`), with why. */
export function refuseModelRangeTestFlags(options: Readonly<Record<string, unknown>>): void {
  if (options.trackSharpness !== undefined) {
    throw new LrlabError(
      "E_USAGE",
      "--track-sharpness does not apply to find-lr: the range test measures the sharpness once, at the starting weights, and sets 2/λmax beside its suggestions",
    );
  }
  refuseRangeTestFlags(options, "find-lr");
}

/** A range test run as `find-lr`'s flags describe it, with the theory beside it (linear MSE only). */
export interface FindLrComputation {
  setup: RunSetup;
  settings: RangeTestSettings;
  run: RangeTestResult;
  theory: LinearMseTheory | null;
  optimizerCritical: OptimizerCriticalRate | null;
  /** Huber: the bound near the best line (core/local-bound.ts); else null. */
  localBound: LocalBound | null;
  /** The options the range test ran with, for checks that repeat it (find-lr-checks.ts). */
  rangeTestOptions: RangeTestOptions;
}

/** Runs the range test that the flags of {@link addRangeTestOptions} describe. */
export async function computeFindLr(
  options: Readonly<Record<string, unknown>>,
  io: Io,
): Promise<FindLrComputation> {
  refuseRangeTestFlags(options, "find-lr");
  const rangeOptions = rangeOptionsFrom(options);
  const setup = await runSetupFrom(options, io);
  const stats = setup.loss === "mse" ? linearStats(setup.data) : null;
  const theory = stats ? linearMseTheory(stats) : null;
  const rangeTestOptions = { ...rangeTestOptionsFrom(setup, rangeOptions), ...(stats ? { stats } : {}) };
  const run = rangeTest(setup.data, rangeTestOptions, flagName);
  const optimizerCritical = theory ? optimizerCriticalRate(setup, theory) : null;
  const localBound =
    setup.loss === "huber"
      ? huberLocalBound(setup.data, setup.optimizer, setup.trainOptions.huberDelta)
      : null;
  return {
    setup,
    settings: settingsOf(rangeOptions, run),
    run,
    theory,
    optimizerCritical,
    localBound,
    rangeTestOptions,
  };
}

/**
 * Refuses, with a reason, the run flags that would fight a range test run by `command`; `reasons` gives a
 * command's own words for some (suggest, which often runs no range test at all).
 */
export function refuseRangeTestFlags(
  options: Readonly<Record<string, unknown>>,
  command: string,
  kept: Readonly<Record<string, string>> = {},
  reasons: Readonly<Record<string, string>> = {},
): void {
  for (const [flag, reason] of REFUSED) {
    if (kept[flag] === undefined && options[attributeOf(flag)] !== undefined) {
      throw new LrlabError("E_USAGE", `--${flag} does not apply to ${command}: ${reasons[flag] ?? reason}`);
    }
  }
  for (const flag of SCHEDULE_ARGUMENT_FLAGS) {
    if (options[attributeOf(flag)] !== undefined) {
      throw new LrlabError(
        "E_USAGE",
        `--${flag} is a schedule argument and does not apply to ${command}: ${RAMP}`,
      );
    }
  }
}

/** The range test's own flags (`--start-lr`, `--num-it`, `--linear`, …) as options. */
export function rangeOptionsFrom(options: Readonly<Record<string, unknown>>): RangeTestOptions {
  const rangeOptions: RangeTestOptions = {};
  for (const spec of rangeTestParams) {
    const raw = options[attributeOf(spec.flag)];
    if (raw !== undefined) rangeOptions[spec.key] = parseFlagValue(spec, raw) as number;
  }
  if (options.linear === true) rangeOptions.mode = "linear";
  return rangeOptions;
}

/**
 * The options of a range test on the run the shared flags set up: its loss, optimizer, batch size, start
 * and seed (where given), with the range test's own options from {@link rangeOptionsFrom}.
 */
export function rangeTestOptionsFrom(setup: RunSetup, rangeOptions: RangeTestOptions = {}): RangeTestOptions {
  const { huberDelta, batchSize, initialW, initialB, seed } = setup.trainOptions;
  return {
    ...rangeOptions,
    loss: setup.loss,
    optimizer: setup.optimizer,
    ...(huberDelta === undefined ? {} : { huberDelta }),
    ...(batchSize === undefined ? {} : { batchSize }),
    ...(initialW === undefined ? {} : { initialW }),
    ...(initialB === undefined ? {} : { initialB }),
    ...(seed === undefined ? {} : { seed }),
  };
}

/** The range test's settings as used: given values over fastai's defaults. */
export interface RangeTestSettings {
  readonly mode: "exponential" | "linear";
  readonly startLearningRate: number;
  readonly endLearningRate: number;
  readonly numIterations: number;
  readonly smoothing: number;
  readonly divergeThreshold: number;
}

/** The stability bound of the chosen optimizer on full-batch linear MSE (none for adaptive optimizers). */
export type OptimizerCriticalRate = StabilityBound;

function optimizerCriticalRate(setup: RunSetup, theory: LinearMseTheory): OptimizerCriticalRate | null {
  return optimizerStabilityBound(theory.hessianEigenvalues[0], setup.optimizer);
}

/** The JSON document: never NaN or Infinity (`JSON.stringify` writes `null`; a blown-up loss is `null`). */
function findLrDocument(
  setup: RunSetup,
  settings: RangeTestSettings,
  run: RangeTestResult,
  theory: LinearMseTheory | null,
  optimizerCritical: OptimizerCriticalRate | null,
) {
  const { data } = setup;
  const { learningRate: _ramped, ...optimizer } = optimizerToConfig(setup.optimizer);
  return {
    data: { source: data.source, n: data.x.length, x: data.xName, y: data.yName },
    model: "y = w·x + b",
    loss:
      setup.loss === "huber"
        ? { name: setup.loss, delta: setup.trainOptions.huberDelta }
        : { name: setup.loss },
    optimizer,
    batchSize: run.batchSize,
    stepsPerEpoch: run.stepsPerEpoch,
    seed: setup.trainOptions.seed ?? 0,
    initial: { w: setup.trainOptions.initialW ?? 0, b: setup.trainOptions.initialB ?? 0 },
    ...rangeTestFields(settings, run),
    theory: theory
      ? {
          criticalLearningRate: theory.criticalLearningRate,
          optimalLearningRate: theory.optimalLearningRate,
          hessianEigenvalues: theory.hessianEigenvalues,
          optimizerCriticalLearningRate: optimizerCritical?.learningRate ?? null,
          optimum: theory.optimum,
        }
      : null,
    curve: rangeTestCurve(run),
  };
}
