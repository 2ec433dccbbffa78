/**
 * The runs the slices and landscape figures draw: one configuration (the fit flags) at several rates
 * (`--lrs`), or several optimizers (`--optimizers`), each run exactly as `lrlab fit` would run it.
 *
 * With no `--lrs`, the rates come from the theory, one per lesson: too small, good, oscillating and
 * diverging, each rounded to a readable number that stays in its regime.
 */
import type { Command } from "commander";
import { reduceLROnPlateau } from "../../core/callbacks/reduce-lr-on-plateau.js";
import { LrlabError } from "../../core/errors.js";
import { createOptimizer, OPTIMIZER_NAMES, optimizerParams } from "../../core/optimizers/registry.js";
import { SCHEDULES, type ScheduleName } from "../../core/schedules/registry.js";
import { type LinearStats, linearStats } from "../../core/stats.js";
import { type LinearMseTheory, linearMseTheory, optimizerStabilityBound } from "../../core/theory.js";
import { type TrainOptions, type TrainResult, train } from "../../core/train.js";
import { parseRateList } from "../flags.js";
import { formatNumber } from "../format.js";
import { flagName, type RunSetup } from "../run-options.js";

/** At most this many runs share a figure: the Okabe–Ito palette has eight colours. */
export const MAX_FIGURE_RUNS = 8;

export interface FigureRun {
  /** The optimizer as the user named it (`momentum` stays `momentum`). */
  optimizerName: string;
  learningRate: number;
  /** The regime the exact theory gives this rate (plain full-batch SGD on MSE), else null. */
  regime: RateRegime | null;
  run: TrainResult;
}

export type RateRegime = "too small" | "good" | "oscillating" | "diverging";

/** Adds `--lrs` (and, for figures that compare optimizers, `--optimizers`) under "Runs:". */
export function addFigureRunOptions(command: Command, { optimizers }: { optimizers: boolean }): void {
  command.option(
    "--lrs <list>",
    "learning rates to draw, comma-separated (default: from the theory: too small, good, oscillating, diverging)",
  );
  if (optimizers) {
    command.option(
      "--optimizers <list>",
      `optimizers to compare, comma-separated, each with its Keras defaults (${OPTIMIZER_NAMES.join(", ")})`,
    );
  }
  for (const long of optimizers ? ["--lrs", "--optimizers"] : ["--lrs"]) {
    command.options.find((option) => option.long === long)?.helpGroup("Runs:");
  }
}

/** Parses `--lrs`, each rate once. */
export function parseRates(text: string): number[] {
  return [...new Set(parseRateList(text))];
}

function parseOptimizers(text: string): string[] {
  const names = text.split(",").map((part) => part.trim());
  for (const name of names) optimizerParams(name); // throws E_UNKNOWN_OPTIMIZER with a suggestion
  return [...new Set(names)];
}

export interface FigureRunsOptions {
  /** Steps when neither --steps nor --epochs is given. */
  defaultSteps: number;
  /** Record every step up to this many, then thin the path. */
  maxPathPoints: number;
}

export interface FigureRuns {
  runs: FigureRun[];
  stats: LinearStats;
  /** The exact theory when the loss is MSE, else null. */
  theory: LinearMseTheory | null;
  /** Whether the rates came from the theory (no --lrs). */
  ratesFromTheory: boolean;
  /** Whether several optimizers are compared. */
  compareOptimizers: boolean;
  /** Whether every run has the same rate. */
  sharedRate: boolean;
}

/**
 * Checks the flags that choose the runs, before the data is read: `--lr` or `--lrs`, `--optimizer` or
 * `--optimizers`, and no optimizer arguments beside `--optimizers`.
 */
export function checkFigureRunFlags(options: Readonly<Record<string, unknown>>): void {
  if (options.lr !== undefined && options.lrs !== undefined) {
    throw new LrlabError(
      "E_USAGE",
      "--lr and --lrs: give one rate with --lr or several with --lrs, not both",
    );
  }
  if (typeof options.lrs === "string") parseRates(options.lrs);
  if (typeof options.optimizers === "string") {
    parseOptimizers(options.optimizers);
    refuseOptimizerArguments(options);
  }
}

/** Runs the configuration at each rate (and optimizer) the flags ask for. */
export function figureRuns(
  setup: RunSetup,
  options: Readonly<Record<string, unknown>>,
  { defaultSteps, maxPathPoints }: FigureRunsOptions,
): FigureRuns {
  checkFigureRunFlags(options);
  const optimizerNames =
    typeof options.optimizers === "string" ? parseOptimizers(options.optimizers) : [setup.optimizerName];
  const compareOptimizers = typeof options.optimizers === "string";
  const stats = linearStats(setup.data);
  const theory = setup.loss === "mse" ? linearMseTheory(stats) : null;
  const given =
    typeof options.lrs === "string"
      ? parseRates(options.lrs)
      : options.lr !== undefined
        ? [setup.learningRate]
        : null;
  // Optimizers are compared at one shared rate: by default half the critical rate of plain gradient
  // descent on this data's MSE (a good rate for SGD, and a fair scale for the others).
  const rates =
    given ??
    (compareOptimizers
      ? [readable(linearMseTheory(stats).criticalLearningRate / 2, () => true)]
      : theoryRates(linearMseTheory(stats), setup));
  const count = rates.length * optimizerNames.length;
  if (count > MAX_FIGURE_RUNS) {
    throw new LrlabError(
      "E_BAD_ARGUMENT",
      `--lrs: at most ${MAX_FIGURE_RUNS} runs fit in one figure (one colour each), got ${count}`,
    );
  }
  const { trainOptions } = setup;
  const steps = trainOptions.steps ?? (trainOptions.epochs === undefined ? defaultSteps : undefined);
  const runs: FigureRun[] = [];
  for (const optimizerName of optimizerNames) {
    for (const learningRate of rates) {
      const runOptions: TrainOptions = {
        ...trainOptions,
        ...(steps === undefined ? {} : { steps }),
        optimizer: compareOptimizers
          ? createOptimizer(optimizerName, { learningRate }, flagName)
          : withRate(setup, learningRate),
        learningRate: scheduleAt(setup, learningRate),
        stats,
      };
      if (setup.plateau) runOptions.rateCallback = reduceLROnPlateau(setup.plateau.config);
      runOptions.historyEvery = Math.max(1, Math.ceil(requestedSteps(setup, runOptions) / maxPathPoints));
      const run = train(setup.data, runOptions, flagName);
      const fullBatch = run.batchSize === setup.data.x.length;
      const config = runOptions.optimizer?.config as { momentum?: number } | undefined;
      const plain = optimizerName === "sgd" && (config?.momentum ?? 0) === 0;
      runs.push({
        optimizerName,
        learningRate,
        regime:
          theory &&
          !compareOptimizers &&
          fullBatch &&
          plain &&
          setup.schedule.name === "constant" &&
          !setup.plateau
            ? rateRegime(theory, learningRate)
            : null,
        run,
      });
    }
  }
  return {
    runs,
    stats,
    theory,
    ratesFromTheory: given === null,
    compareOptimizers,
    sharedRate: rates.length === 1,
  };
}

/** Updates a run will make: --steps, or --epochs × batches per epoch. */
export function requestedSteps(setup: Pick<RunSetup, "data">, options: TrainOptions): number {
  const n = setup.data.x.length;
  return options.steps ?? (options.epochs ?? 0) * Math.ceil(n / Math.min(options.batchSize ?? n, n));
}

/** The same optimizer with another rate: its config (momentum included) with `learningRate` replaced. */
function withRate(setup: RunSetup, learningRate: number) {
  return createOptimizer(setup.optimizer.name, { ...setup.optimizer.config, learningRate }, flagName);
}

/** The rate (or schedule) a run at `learningRate` uses: the schedule's rate argument set to it. */
function scheduleAt(setup: RunSetup, learningRate: number): NonNullable<TrainOptions["learningRate"]> {
  const name = setup.schedule.name as ScheduleName;
  const entry = SCHEDULES[name];
  if (entry.kind !== "schedule" || name === "constant") return learningRate;
  if (entry.rateKey === undefined) {
    throw new LrlabError(
      "E_USAGE",
      `--schedule ${name}: its --values are the rates, so there is no rate to vary; drop --lrs or the schedule`,
    );
  }
  const { [entry.rateKey]: _rate, ...args } = setup.schedule.args;
  return entry.create(args, learningRate, flagName);
}

/** With --optimizers each runs with its Keras defaults; an optimizer argument would apply to some only. */
function refuseOptimizerArguments(options: Readonly<Record<string, unknown>>): void {
  if (options.optimizer !== undefined) {
    throw new LrlabError("E_USAGE", "--optimizer and --optimizers: give one or the other, not both");
  }
  const flags = new Set(
    OPTIMIZER_NAMES.flatMap((name) => optimizerParams(name).map((spec) => spec.flag)).filter(
      (flag) => flag !== "lr",
    ),
  );
  for (const flag of flags) {
    const key = flag.replace(/-([a-z0-9])/g, (_, letter: string) => letter.toUpperCase());
    if (options[key] !== undefined) {
      throw new LrlabError(
        "E_USAGE",
        `--${flag}: with --optimizers each optimizer runs with its Keras defaults; draw one optimizer with --optimizer to set it`,
      );
    }
  }
}

/**
 * What the exact theory says a constant rate does under full-batch gradient descent on MSE, in the
 * lesson's words: `diverging` above 2/λmax; `oscillating` when each jump across the minimum along the
 * sharpest direction keeps 90% or more of its size (1 − η·λmax ≤ −0.9); `too small` below half the
 * optimal rate 2/(λmin + λmax); `good` in between.
 */
export function rateRegime(theory: LinearMseTheory, learningRate: number): RateRegime {
  const sharpFactor = 1 - learningRate * theory.hessianEigenvalues[0];
  if (sharpFactor < -1) return "diverging";
  if (sharpFactor <= -0.9) return "oscillating";
  return learningRate < theory.optimalLearningRate / 2 ? "too small" : "good";
}

/**
 * One rate per lesson from the theory, rounded to few digits while staying in its regime: too small
 * (a sixth of the critical rate), good (the optimal rate), oscillating (0.975 × critical: each jump keeps
 * 95% of its size) and diverging (1.075 × critical). For momentum SGD the same fractions of its own
 * stability bound; adaptive optimizers have no such bound, so they need --lrs.
 */
export function theoryRates(
  theory: LinearMseTheory,
  setup: Pick<RunSetup, "optimizer" | "optimizerName">,
): number[] {
  const bound = optimizerStabilityBound(theory.hessianEigenvalues[0], setup.optimizer);
  if (!bound) {
    throw new LrlabError(
      "E_USAGE",
      `--lrs: no default rates for ${setup.optimizerName}, whose steps are not bounded by the curvature; give --lrs, e.g. 0.01,0.1,0.5`,
    );
  }
  const critical = bound.learningRate;
  const plain = bound.formula === "2/λmax";
  const good = plain ? theory.optimalLearningRate : critical / 2;
  return [
    readable(critical / 6, (rate) => rate < good / 2),
    readable(good, (rate) => rate > good / 2 && rate < 0.95 * critical),
    readable(0.975 * critical, (rate) => rate > 0.95 * critical && rate < critical),
    readable(1.075 * critical, (rate) => rate > 1.03 * critical),
  ];
}

/** `value` with the fewest significant digits (1 to 6) that still satisfy `keeps`. */
function readable(value: number, keeps: (rate: number) => boolean): number {
  for (let digits = 1; digits <= 6; digits++) {
    const rounded = Number(value.toPrecision(digits));
    if (keeps(rounded)) return rounded;
  }
  return value;
}

/** "lr 0.3 · oscillating", "Adam lr 0.1" — what a run is called in a figure. */
export function runLabel(run: FigureRun, runs: FigureRuns): string {
  const rate = `lr ${formatNumber(run.learningRate)}`;
  if (!runs.compareOptimizers) return `${rate}${run.regime ? ` · ${run.regime}` : ""}`;
  // Optimizers at one shared rate are told apart by name alone; the subtitle gives the rate.
  const name = optimizerTitle(run.optimizerName);
  return runs.sharedRate ? name : `${name} ${rate}`;
}

/** A loss's name as a reader knows it: "MSE", "MAE", "Huber". */
export function lossTitle(loss: string): string {
  return loss === "huber" ? "Huber" : loss.toUpperCase();
}

/** How a run ended, in a few words: "loss 0.9693 after 25 steps", "diverged at step 12". */
export function runOutcome(run: FigureRun): string {
  const { run: result } = run;
  if (result.status === "diverged") return `diverged at step ${result.divergedAtStep}`;
  const start = result.history.loss[0] as number;
  if (run.regime === "diverging" || result.final.loss > start) {
    return `loss ${formatNumber(result.final.loss)} at step ${result.steps}, climbing`;
  }
  return `loss ${formatNumber(result.final.loss)} after ${result.steps} steps`;
}

const OPTIMIZER_TITLES: Readonly<Record<string, string>> = {
  sgd: "SGD",
  momentum: "SGD with momentum",
  rmsprop: "RMSprop",
  adam: "Adam",
  adagrad: "Adagrad",
};

/** An optimizer's name as Keras writes it: "SGD", "Adam", "RMSprop". */
export function optimizerTitle(name: string): string {
  return OPTIMIZER_TITLES[name] ?? name;
}

/** A small count in words ("four"), larger ones in digits. */
export function countInWords(count: number): string {
  return ["no", "one", "two", "three", "four", "five", "six", "seven", "eight"][count] ?? String(count);
}

/**
 * The rate the theory says an optimizer stays stable below, for a subtitle: "critical rate 0.3069" (plain
 * SGD), "stable below lr 0.5831 = 2(1 + m)/λmax" (momentum), or null (adaptive optimizers, non-MSE).
 */
export function stabilityText(
  theory: LinearMseTheory | null,
  optimizer: Parameters<typeof optimizerStabilityBound>[1],
): string | null {
  const bound = theory ? optimizerStabilityBound(theory.hessianEigenvalues[0], optimizer) : null;
  if (!bound) return null;
  return bound.formula === "2/λmax"
    ? `critical rate ${formatNumber(bound.learningRate)}`
    : `stable below lr ${formatNumber(bound.learningRate)} = ${bound.formula}`;
}
