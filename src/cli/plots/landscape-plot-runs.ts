/**
 * The runs the slices and landscape figures draw: one configuration (the fit flags) at several rates
 * (`--lrs`), or several optimizers (`--optimizers`), each run exactly as `lrlab fit` would run it.
 *
 * With no `--lrs`, the rates are the lesson's four from the core's one rule (core/lesson.ts): too small,
 * good, jumps around, jumps out. Every run is labelled with what its verdict says it shows.
 */
import type { Command } from "commander";
import { type LinearStats, linearStats } from "../../core/data/stats.js";
import { LrlabError } from "../../core/errors.js";
import { trainAndJudge } from "../../core/judging/judged-run.js";
import type { Outcome, Verdict } from "../../core/judging/verdict.js";
import { lessonPlan } from "../../core/lesson/lesson.js";
import { OPTIMIZER_NAMES, type OptimizerCliName, optimizerParams } from "../../core/optimizers/registry.js";
import { type LinearMseTheory, linearMseTheory, optimizerStabilityBound } from "../../core/theory/theory.js";
import { type RunConfig, rateKeyOf, totalStepsOf, withLearningRate } from "../../core/training/run-config.js";
import type { TrainOptions, TrainResult } from "../../core/training/train.js";
import { formatRatio as formatGrowth, withRealMinus } from "../../render/numbers.js";
import { formatDistinct } from "../../render/text.js";
import { OUTCOME_WORDS } from "../../render/verdict-words.js";
import { parseRateList } from "../flags.js";
import { formatNumber } from "../format.js";
import { flagName, type RunSetup } from "../run-options.js";

/** At most this many runs share a figure: the Okabe–Ito palette has eight colours. */
export const MAX_FIGURE_RUNS = 8;

export interface FigureRun {
  /** The optimizer as the user named it (`momentum` stays `momentum`). */
  optimizerName: string;
  learningRate: number;
  /** What the run shows, by the verdict every face uses. */
  outcome: Outcome;
  verdict: Verdict;
  run: TrainResult;
}

/** Adds `--lrs` (and, for figures that compare optimizers, `--optimizers`) under "Runs:". */
export function addFigureRunOptions(command: Command, { optimizers }: { optimizers: boolean }): void {
  command.option(
    "--lrs <list>",
    "learning rates to draw, comma-separated (default: the lesson's four: too small, good, jumps around, jumps out)",
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
  /** The longest run the figure can draw (its default rates are chosen for at most this budget). */
  maxSteps?: number;
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
  /** The optimizer the runs share (without --optimizers), whose bound the subtitle names. */
  optimizer: RunSetup["optimizer"];
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
  { defaultSteps, maxPathPoints, maxSteps = Number.POSITIVE_INFINITY }: FigureRunsOptions,
): FigureRuns {
  checkFigureRunFlags(options);
  const optimizerNames =
    typeof options.optimizers === "string" ? parseOptimizers(options.optimizers) : [setup.optimizerName];
  const compareOptimizers = typeof options.optimizers === "string";
  const stats = setup.stats ?? linearStats(setup.data);
  const theory = setup.loss === "mse" ? linearMseTheory(stats) : null;
  const given =
    typeof options.lrs === "string"
      ? parseRates(options.lrs)
      : options.lr !== undefined
        ? [setup.learningRate]
        : null;
  // Such a schedule ignores the rate: a run "at" an --lrs rate would be labelled with a rate it never
  // used. (--lr is refused with it when the flags are read.)
  if (rateKeyOf(setup.config.schedule.name) === undefined) {
    throw new LrlabError(
      "E_USAGE",
      `--schedule ${setup.config.schedule.name}: its --values are the rates, so there is no rate to vary; drop --lrs or the schedule`,
    );
  }
  const stepsGiven = setup.config.steps !== null || setup.config.epochs !== null;
  // The lesson's rates come with their own budget (the one rule's, as demo and report use); rates the
  // user gave run for the figure's default.
  const fromPlan = given === null && !compareOptimizers;
  let base: RunConfig = stepsGiven || fromPlan ? setup.config : { ...setup.config, steps: defaultSteps };
  // Optimizers are compared at one shared rate: by default half the critical rate of plain gradient
  // descent on this data's MSE (a good rate for SGD, and a fair scale for the others). One optimizer's
  // rates are the lesson's four, from the core's one rule, for the figure's budget.
  let rates = given;
  if (rates === null && compareOptimizers) {
    rates = [readable(linearMseTheory(stats).criticalLearningRate / 2, () => true)];
  }
  if (rates === null) {
    const planFor = (steps: number | null) =>
      lessonPlan({ ...base, schedule: { name: "constant", args: {} } }, setup.data, {
        stats,
        ...(theory ? { theory } : {}),
        ...(steps !== null ? { steps } : {}),
      });
    let plan = planFor(base.steps);
    // A budget the figure cannot draw (arrows, path points) is cut to what it can, and the rates chosen
    // for that; each run is still labelled by its own verdict.
    if (plan && plan.steps > maxSteps) plan = planFor(maxSteps);
    if (!plan) {
      throw new LrlabError(
        "E_USAGE",
        `--lrs: the lesson's default rates are chosen for MSE; give --lrs for ${lossTitle(setup.loss)}, e.g. 0.01,0.1,0.5`,
      );
    }
    if (plan.rates.length === 0) {
      throw new LrlabError(
        "E_USAGE",
        `--lrs: no default rates for ${setup.optimizerName} on this data; give --lrs, e.g. 0.01,0.1,0.5`,
      );
    }
    rates = plan.rates.map((rate) => rate.learningRate);
    base = { ...base, steps: plan.steps, epochs: null };
  }
  const count = rates.length * optimizerNames.length;
  if (count > MAX_FIGURE_RUNS) {
    throw new LrlabError(
      "E_BAD_ARGUMENT",
      `--lrs: at most ${MAX_FIGURE_RUNS} runs fit in one figure (one colour each), got ${count}`,
    );
  }
  const totalSteps = totalStepsOf(base, setup.data.x.length);
  const historyEvery = base.historyEvery ?? Math.max(1, Math.ceil(totalSteps / maxPathPoints));
  const runs: FigureRun[] = [];
  for (const optimizerName of optimizerNames) {
    for (const learningRate of rates) {
      const config: RunConfig = {
        ...withLearningRate(base, learningRate),
        ...(compareOptimizers ? { optimizer: { name: optimizerName as OptimizerCliName, args: {} } } : {}),
        historyEvery,
      };
      const { run, verdict } = trainAndJudge(config, setup.data, {
        ...(setup.loss === "mse" ? { stats } : {}),
        ...(theory ? { theory } : {}),
        nameOf: flagName,
      });
      runs.push({ optimizerName, learningRate, outcome: verdict.outcome, verdict, run });
    }
  }
  return {
    runs,
    stats,
    theory,
    ratesFromTheory: given === null,
    compareOptimizers,
    sharedRate: rates.length === 1,
    optimizer: setup.optimizer,
  };
}

/** Updates a run will make: --steps, or --epochs × batches per epoch. */
export function requestedSteps(setup: Pick<RunSetup, "data">, options: TrainOptions): number {
  const n = setup.data.x.length;
  return options.steps ?? (options.epochs ?? 0) * Math.ceil(n / Math.min(options.batchSize ?? n, n));
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

/** `value` with the fewest significant digits (1 to 6) that still satisfy `keeps`. */
function readable(value: number, keeps: (rate: number) => boolean): number {
  for (let digits = 1; digits <= 6; digits++) {
    const rounded = Number(value.toPrecision(digits));
    if (keeps(rounded)) return rounded;
  }
  return value;
}

/** The drawn optimizer's stability bound, as a list of none or one. */
function boundOf(
  theory: LinearMseTheory | null,
  optimizer: Parameters<typeof optimizerStabilityBound>[1],
): number[] {
  const bound = theory ? optimizerStabilityBound(theory.hessianEigenvalues[0], optimizer) : null;
  return bound ? [bound.learningRate] : [];
}

/** "lr 0.3 · jumps around", "Adam lr 0.1" — what a run is called in a figure. */
export function runLabel(run: FigureRun, runs: FigureRuns): string {
  const rates = runs.runs.map((other) => other.learningRate);
  // Told apart from each other and from the bound the subtitle names (stabilityText): a rate a hair
  // above 2/λmax must not read as the critical rate itself.
  const bound = runs.compareOptimizers ? [] : boundOf(runs.theory, runs.optimizer);
  const texts = formatDistinct([...rates, ...bound]).map(withRealMinus);
  const rate = `lr ${texts[rates.indexOf(run.learningRate)] ?? formatNumber(run.learningRate)}`;
  if (!runs.compareOptimizers) return `${rate} · ${OUTCOME_WORDS[run.outcome]}`;
  // Optimizers at one shared rate are told apart by name alone; the subtitle gives the rate.
  const name = optimizerTitle(run.optimizerName);
  return runs.sharedRate ? name : `${name} ${rate}`;
}

/** A loss's name as a reader knows it: "MSE", "MAE", "Huber". */
export function lossTitle(loss: string): string {
  return loss === "huber" ? "Huber" : loss.toUpperCase();
}

/**
 * How a run ended, in a few words, as its verdict tells it: "loss 0.9693 after 25 steps", "diverged at
 * step 12", "loss 15.72 at step 20, climbing"; and a run just above the bound whose loss has not risen
 * yet, "loss 15.78 → 15.72 in 20 steps, not climbed yet (error ×1.00000004 per step)".
 */
export function runOutcome(run: FigureRun): string {
  const { run: result, verdict } = run;
  if (result.status === "diverged") return `diverged at step ${result.divergedAtStep}`;
  const start = result.history.loss[0] as number;
  const final = result.final.loss;
  if (result.final.loss > start) return `loss ${formatNumber(final)} at step ${result.steps}, climbing`;
  if (verdict.regime === "diverging") {
    const growth =
      verdict.growthPerStep !== null
        ? ` (error ×${formatGrowth(verdict.growthPerStep).replace("×", "")} per step)`
        : "";
    return `loss ${formatNumber(start)} → ${formatNumber(final)} in ${result.steps} steps, not climbed yet${growth}`;
  }
  return `loss ${formatNumber(final)} after ${result.steps} steps`;
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
 * SGD), "stable below lr 0.5831 = 2(1 + β)/λmax" (momentum), or null (adaptive optimizers, non-MSE).
 */
export function stabilityText(
  theory: LinearMseTheory | null,
  optimizer: Parameters<typeof optimizerStabilityBound>[1],
  rates: readonly number[] = [],
): string | null {
  const bound = theory ? optimizerStabilityBound(theory.hessianEigenvalues[0], optimizer) : null;
  if (!bound) return null;
  // With the digits that tell it from the rates drawn (runLabel writes them the same way).
  const text = withRealMinus(formatDistinct([...rates, bound.learningRate]).at(-1) as string);
  return bound.formula === "2/λmax" ? `critical rate ${text}` : `stable below lr ${text} = ${bound.formula}`;
}
