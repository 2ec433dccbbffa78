/**
 * `lrlab sweep`: one configuration at many learning rates. Each run is judged by the verdict every face
 * uses (its regime, whether it reached the best loss, the lesson's word for it), the best rate is named,
 * and the measured divergence boundary is set beside the optimizer's exact bound where there is one.
 * Without rates given, it spans a hundredth of the bound to three times it.
 *
 * Full-batch MSE runs are O(1) per step on shared statistics and run here, one after another; mini-batch
 * and MAE/Huber sweeps with enough work go to worker threads, one per core (`--workers`).
 *
 * `--model linear|polynomial|logistic|mlp` (and `--track-sharpness`, `--init`) sweep a model instead, in
 * sweep-model.ts; the line's path here is unchanged.
 */
import type { Command, Option } from "commander";
import {
  logSpacedRates,
  prepareSweep,
  type SweepMeasurement,
  type SweepResult,
  summarizeSweep,
  sweepRun,
} from "../../core/choosing/sweep.js";
import { LrlabError } from "../../core/errors.js";
import { optimizerToConfig } from "../../core/optimizers/registry.js";
import { SCHEDULES, type ScheduleName } from "../../core/schedules/registry.js";
import { linearMseTheory, optimizerStabilityBound } from "../../core/theory/theory.js";
import { toJsonText } from "../../core/training/export.js";
import { DEFAULT_STEPS } from "../../core/training/train.js";
import { parseRateList, strictNumber } from "../flags.js";
import type { Io } from "../io.js";
import { addModelOptions, refuseModelFlags, wantsModelPath } from "../model-options.js";
import { refuseOutputOverInput } from "../output-guard.js";
import { createProgress } from "../progress.js";
import { addRunOptions, flagName, type RunSetup, runSetupFrom } from "../run-options.js";
import { PLAN_TRAIN_KEYS, runOptionsFromPlan, type SweepPlan, sweepInParallel } from "../sweep-workers.js";
import { defaultWorkerCount } from "../worker-pool.js";
import { runModelSweep } from "./sweep-model.js";
import { describeSweep, sweepCsv } from "./sweep-text.js";

/** Rates given by --count when only --from and --to are. */
const DEFAULT_COUNT = 10;
/** Above this many rates a sweep is more likely a typo than a plan. */
const MAX_RATES = 10_000;
/**
 * Point-gradient evaluations below which starting threads costs more than it saves (a worker takes tens
 * of milliseconds to start; this is about a tenth of a second of serial work).
 */
const PARALLEL_MIN_WORK = 1e7;

export function registerSweep(program: Command, io: Io, setExitCode: (code: number) => void): void {
  const command = program
    .command("sweep")
    .description(
      "train one configuration at many learning rates; classify each run, name the best rate, and set the measured divergence boundary beside the theory's 2/λmax",
    );
  addSweepOptions(command);
  addModelOptions(command);
  command
    .option("--json", "print one JSON document (every run, the best rate, the theory, the boundary)")
    .option("--out <file>", "also write the runs: .csv (one row per rate) or .json (the document)");
  for (const long of ["--json", "--out"]) findOption(command, long).helpGroup("Output:");
  command.action(async (options: Record<string, unknown>) => {
    setExitCode(await runSweep(options, io));
  });
}

/** Adds the run flags as a sweep means them, and the rates (`--from/--to/--count`, `--lrs`) and `--workers`. */
export function addSweepOptions(command: Command): void {
  addRunOptions(command);
  // The shared flags, as the sweep means them: --lr is what it sweeps, a history is not kept, and
  // --tolerance is a gap to the optimum loss rather than a gradient norm to stop at.
  findOption(command, "--lr").hideHelp();
  findOption(command, "--history-every").hideHelp();
  findOption(command, "--tolerance").description =
    "a run has arrived once its loss is within this of the best loss, an absolute gap (default: 0.1% of the best loss; MSE only)";
  command
    .option("--from <rate>", "the smallest rate to try")
    .option("--to <rate>", "the largest rate to try")
    .option("--count <k>", `rates from --from to --to, log-spaced, both included (default: ${DEFAULT_COUNT})`)
    .option(
      "--lrs <list>",
      "the rates to try, comma-separated, instead of --from/--to/--count (default: 13 rates from a hundredth of the critical rate to 3× it; without one, 1e-4 to 10)",
    )
    .option(
      "--workers <n>",
      "threads for mini-batch and MAE/Huber sweeps (default: one per core; 1 runs them one after another)",
    );
  for (const long of ["--from", "--to", "--count", "--lrs"]) findOption(command, long).helpGroup("Rates:");
  findOption(command, "--workers").helpGroup("Run:");
}

function findOption(command: Command, long: string): Option {
  const option = command.options.find((candidate) => candidate.long === long);
  if (!option) throw new Error(`no option ${long}`);
  return option;
}

/** Runs `sweep` with parsed options and returns the exit code. */
export async function runSweep(options: Readonly<Record<string, unknown>>, io: Io): Promise<number> {
  const out = typeof options.out === "string" ? options.out : undefined;
  const outFormat = out === undefined ? undefined : formatOf(out);
  if (wantsModelPath(options)) return runModelSweep(options, io, ratesFrom(options), out, outFormat);
  refuseModelFlags(options);
  const { setup, result, learningRates, stepsPerRun } = await computeSweep(options, io, (setup) => {
    refuseOutputOverInput(io, out, setup.inputs, "the input data file");
  });
  const document = sweepDocument(setup, result, stepsPerRun);
  if (out !== undefined)
    io.writeFileAtomic(out, outFormat === "csv" ? sweepCsv(result) : toJsonText(document));
  if (options.json === true) io.stdout(toJsonText(document));
  else io.stdout(describeSweep({ setup, result, learningRates, options, out }));
  return 0;
}

/** A computed sweep: the setup it ran, its result, the rates in order, and the steps each run was given. */
export interface SweepComputation {
  setup: RunSetup;
  result: SweepResult;
  learningRates: number[];
  stepsPerRun: number;
}

/**
 * Runs the sweep that the flags of {@link addSweepOptions} describe (serially, or on worker threads when
 * that pays). `checkSetup` sees the setup once the data is read, before any run starts.
 */
export async function computeSweep(
  options: Readonly<Record<string, unknown>>,
  io: Io,
  checkSetup: (setup: RunSetup) => void = () => {},
): Promise<SweepComputation> {
  const givenRates = ratesFrom(options);
  const tolerance = optionalNumber(options, "tolerance", (value) => value >= 0, "a number ≥ 0");
  const workersGiven = optionalNumber(
    options,
    "workers",
    (value) => Number.isInteger(value) && value >= 1,
    "an integer ≥ 1",
  );
  if (options.lr !== undefined) {
    throw new LrlabError("E_USAGE", "--lr: the sweep sets the rate; give --from/--to/--count or --lrs");
  }
  if (options.historyEvery !== undefined) {
    throw new LrlabError("E_USAGE", "--history-every does not apply to sweep: it keeps no history");
  }

  const { tolerance: _gradientTolerance, ...runFlags } = options;
  const setup = await runSetupFrom(runFlags, io);
  checkSetup(setup);
  if (setup.loss !== "mse" && tolerance !== undefined) {
    throw new LrlabError(
      "E_USAGE",
      `--tolerance: a gap to the best loss needs the exact best loss, which --loss ${setup.loss} does not have`,
    );
  }
  const { data } = setup;
  const learningRates = givenRates ?? defaultRates(setup);
  const basePlan = planFrom(setup);
  const { runOptions, context } = prepareSweep(data, {
    ...runOptionsFromPlan(basePlan),
    learningRates,
    ...(tolerance !== undefined ? { tolerance } : {}),
  });
  // Build every run's schedule now, so a rate the schedule refuses is reported before any work starts.
  for (const rate of learningRates) runOptions.schedule?.(rate);

  const n = data.x.length;
  const batch = Math.min(setup.trainOptions.batchSize ?? n, n);
  const fullBatchMse = setup.loss === "mse" && batch === n;
  const { steps, epochs } = setup.trainOptions;
  const stepsPerRun = steps ?? (epochs !== undefined ? epochs * Math.ceil(n / batch) : DEFAULT_STEPS);
  if (stepsPerRun === 0) throw noRunsToCompare(steps !== undefined ? "steps" : "epochs");
  const work = learningRates.length * stepsPerRun * (fullBatchMse ? 1 : batch);
  const workers = Math.min(workersGiven ?? defaultWorkerCount(), learningRates.length);
  const parallel = workers > 1 && !fullBatchMse && (workersGiven !== undefined || work >= PARALLEL_MIN_WORK);

  const progress = createProgress(io, "lrlab sweep", work);
  const onRunEnd = (done: number, total: number) => progress.update(done * stepsPerRun, total * stepsPerRun);
  let measurements: SweepMeasurement[];
  if (parallel) {
    const plan: SweepPlan = {
      ...basePlan,
      ...(runOptions.stats ? { stats: runOptions.stats } : {}),
      ...(runOptions.tolerance !== undefined ? { tolerance: runOptions.tolerance } : {}),
    };
    measurements = await sweepInParallel(data, learningRates, plan, { workers, onRunEnd });
  } else {
    measurements = learningRates.map((rate, i) => {
      const measurement = sweepRun(data, rate, runOptions, flagName);
      onRunEnd(i + 1, learningRates.length);
      return measurement;
    });
  }
  progress.stop();
  return { setup, result: summarizeSweep(measurements, context), learningRates, stepsPerRun };
}

/**
 * The refusal of a sweep whose runs take no step: every final loss would be the starting loss, and a
 * best rate, a boundary or a regime read from them would name something that never happened.
 */
export function noRunsToCompare(flag: "steps" | "epochs"): LrlabError {
  return new LrlabError(
    "E_BAD_ARGUMENT",
    `--${flag}: 0 leaves every run where it started, with no rate to compare; expected at least 1`,
  );
}

/** The plain-data plan of the runs: what the serial sweep and every worker build their options from. */
export function planFrom(setup: RunSetup): SweepPlan {
  const { trainOptions } = setup;
  const name = setup.schedule.name as ScheduleName;
  const entry = SCHEDULES[name];
  let schedule: SweepPlan["schedule"] = null;
  if (entry.kind === "schedule" && name !== "constant") {
    if (entry.rateKey === undefined) {
      throw new LrlabError(
        "E_USAGE",
        `--schedule ${name}: its --values are the rates, so there is no rate argument to sweep`,
      );
    }
    const { [entry.rateKey]: _rate, ...args } = setup.schedule.args;
    schedule = { name, args };
  }
  const plan: Record<string, unknown> = {
    loss: setup.loss,
    optimizer: optimizerToConfig(setup.optimizer),
    schedule,
    plateau: setup.plateau?.config ?? null,
  };
  for (const key of PLAN_TRAIN_KEYS) {
    if (trainOptions[key] !== undefined) plan[key] = trainOptions[key];
  }
  return plan as unknown as SweepPlan;
}

/** Rates in the default sweep. */
const DEFAULT_SPAN_COUNT = 13;

/**
 * The rates a sweep tries when none are given: where the theory gives a bound, from a hundredth of it to
 * three times it (the crawl, the good rates, the jumps around and out); without one, 1e-4 to 10.
 */
export function defaultRates(setup: RunSetup): number[] {
  const theory = setup.stats ? linearMseTheory(setup.stats) : null;
  const bound = theory ? optimizerStabilityBound(theory.hessianEigenvalues[0], setup.optimizer) : null;
  if (bound) return logSpacedRates(bound.learningRate / 100, 3 * bound.learningRate, DEFAULT_SPAN_COUNT);
  return logSpacedRates(1e-4, 10, DEFAULT_SPAN_COUNT);
}

/** The rates from --from/--to/--count or --lrs, ascending; null when none of them is given. */
export function ratesFrom(options: Readonly<Record<string, unknown>>): number[] | null {
  const positive = (value: number) => value > 0;
  const from = optionalNumber(options, "from", positive, "a number > 0");
  const to = optionalNumber(options, "to", positive, "a number > 0");
  const countGiven = optionalNumber(
    options,
    "count",
    (value) => Number.isInteger(value) && value >= 1 && value <= MAX_RATES,
    `an integer ≥ 1 and ≤ ${MAX_RATES}`,
  );
  const list = typeof options.lrs === "string" ? options.lrs : undefined;
  const ranged = from !== undefined || to !== undefined || countGiven !== undefined;
  if (list !== undefined && ranged) {
    throw new LrlabError("E_USAGE", "--lrs: give either --lrs or --from/--to/--count, not both");
  }
  if (list !== undefined) {
    const rates = parseRateList(list);
    if (rates.length > MAX_RATES) {
      throw new LrlabError("E_BAD_ARGUMENT", `--lrs: at most ${MAX_RATES} rates, got ${rates.length}`);
    }
    return [...new Set(rates)].sort((a, b) => a - b);
  }
  if (from === undefined || to === undefined) {
    if (!ranged) return null;
    throw new LrlabError(
      "E_USAGE",
      `${from === undefined ? "--from" : "--to"}: missing; --from and --to go together`,
    );
  }
  if (from > to) {
    throw new LrlabError("E_BAD_ARGUMENT", `--from ${from} is above --to ${to}; expected --from ≤ --to`);
  }
  const count = countGiven ?? (from === to ? 1 : DEFAULT_COUNT);
  if (count === 1 && from !== to) {
    throw new LrlabError("E_BAD_ARGUMENT", `--count 1: one rate cannot span --from ${from} to --to ${to}`);
  }
  if (count > 1 && from === to) {
    throw new LrlabError("E_BAD_ARGUMENT", `--count ${count}: --from and --to are both ${from}`);
  }
  return logSpacedRates(from, to, count);
}

function optionalNumber(
  options: Readonly<Record<string, unknown>>,
  name: string,
  valid: (value: number) => boolean,
  expected: string,
): number | undefined {
  const raw = options[name];
  if (raw === undefined) return undefined;
  const value = typeof raw === "string" ? strictNumber(raw) : Number.NaN;
  if (!valid(value)) {
    throw new LrlabError("E_BAD_ARGUMENT", `--${name}: expected ${expected}, got ${String(raw)}`);
  }
  return value;
}

function formatOf(path: string): "csv" | "json" {
  const lower = path.toLowerCase();
  if (lower.endsWith(".csv")) return "csv";
  if (lower.endsWith(".json")) return "json";
  throw new LrlabError("E_USAGE", `--out ${path}: expected a file name ending in .csv or .json`);
}

/** The document `lrlab sweep --json` prints: the setup, then the result. */
function sweepDocument(setup: RunSetup, result: SweepResult, stepsPerRun: number) {
  const { data, trainOptions } = setup;
  const n = data.x.length;
  const { learningRate: _rate, ...optimizer } = optimizerToConfig(setup.optimizer);
  const name = setup.schedule.name as ScheduleName;
  const entry = SCHEDULES[name];
  const rateKey = entry.kind === "schedule" && name !== "constant" ? entry.rateKey : "learningRate";
  const { [rateKey ?? ""]: _scheduleRate, ...scheduleArgs } = setup.schedule.args;
  return {
    data: { source: data.source, n, x: data.xName, y: data.yName },
    model: "y = w·x + b",
    loss:
      setup.loss === "huber" ? { name: setup.loss, delta: trainOptions.huberDelta } : { name: setup.loss },
    optimizer,
    schedule: { name, ...scheduleArgs, sweptArgument: rateKey ?? null },
    batchSize: Math.min(trainOptions.batchSize ?? n, n),
    requestedSteps: stepsPerRun,
    seed: trainOptions.seed ?? 0,
    initial: { w: trainOptions.initialW ?? 0, b: trainOptions.initialB ?? 0 },
    ...result,
  };
}
