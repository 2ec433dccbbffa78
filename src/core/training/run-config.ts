/**
 * A run's settings as plain data: the one source of truth for what a run is, and its rate.
 *
 * The CLI parses its flags into a RunConfig, the web lab maps its URL state onto one, and the report, the
 * demo, the race and the figures derive theirs from it (`withLearningRate`). {@link resolveRun} is the one
 * function that turns it into what `train` needs; {@link runConfigToJson} / {@link runConfigFromJson} are
 * its JSON round trip, in Keras's get_config style:
 *
 *   { "model": { "name": "line" }, "loss": { "name": "mse" }, "optimizer": { "name": "sgd", "momentum": 0.9 },
 *     "learningRate": 0.1, "schedule": { "name": "exponential", "decaySteps": 50, "decayRate": 0.5 },
 *     "batchSize": null, "steps": 100, "epochs": null, "seed": 0, "start": { "w": 0, "b": 0 } }
 *
 * Where a schedule needs a length that the user did not give (decay steps, one-cycle's total), the run's
 * own length supplies it: a decay that spans the run is what a learner means by "decay".
 */
import { type ReduceLROnPlateau, reduceLROnPlateau } from "../callbacks/reduce-lr-on-plateau.js";
import type { Dataset } from "../data/data.js";
import type { LinearStats } from "../data/stats.js";
import { LrlabError } from "../errors.js";
import { checkLossName, DEFAULT_HUBER_DELTA } from "../models/losses.js";
import type { KerasWeights, ModelLossName } from "../models/model.js";
import { checkModelSpec, LINE_MODEL, type ModelSpec, modelSpecFromJson } from "../models/model-spec.js";
import type { Optimizer } from "../optimizers/optimizer.js";
import {
  createOptimizer,
  OPTIMIZER_NAMES,
  type OptimizerCliName,
  optimizerParams,
} from "../optimizers/registry.js";
import type { ParamSpec, ParamValue } from "../params.js";
import { type RegistryEntry, type ScheduleName, scheduleEntry } from "../schedules/registry.js";
import type { Schedule } from "../schedules/schedule.js";
import { DEFAULT_STEPS, type TrainOptions } from "./train-options.js";

export interface RunConfig {
  /** The model: the line y = w·x + b (the lesson's), or a linear, polynomial, logistic or mlp model. */
  readonly model: ModelSpec;
  readonly loss: {
    /** The line takes mse, mae, huber; the other models bce too. */
    readonly name: ModelLossName /** Huber's delta (Keras default 1.0). */;
    readonly delta?: number;
  };
  /** The optimizer's CLI name (`momentum` is SGD with momentum 0.9) and its Keras arguments, camelCase, without the rate. */
  readonly optimizer: {
    readonly name: OptimizerCliName;
    readonly args: Readonly<Record<string, ParamValue>>;
  };
  /** The rate: constant, the schedule's rate argument (initial or peak), or the plateau callback's start. */
  readonly learningRate: number;
  /** `constant`, a schedule or `plateau`, and its arguments without the rate. */
  readonly schedule: { readonly name: ScheduleName; readonly args: Readonly<Record<string, ParamValue>> };
  /** Points per update; null: all of them (full batch). */
  readonly batchSize: number | null;
  /** Updates, or passes over the data; at most one of them, neither: 100 steps. */
  readonly steps: number | null;
  readonly epochs: number | null;
  /** Seeds the mini-batch shuffles. */
  readonly seed: number;
  /** Where (w, b) starts. */
  readonly start: { readonly w: number; readonly b: number };
  /** Stop as diverged above this × the starting loss (default 1e6); stop as converged at this gradient norm. */
  readonly divergeFactor?: number;
  readonly tolerance?: number;
  /** Record every k-th step. */
  readonly historyEvery?: number;
  /** Measure the sharpness (λmax of the full-data Hessian) every k steps, and at the first and last. */
  readonly trackSharpness?: number;
  /** The starting weights of a model other than the line, in Keras get_weights() order (`--init FILE`). */
  readonly initialWeights?: KerasWeights;
}

/** The defaults: the lesson's plain gradient descent, Keras SGD's default rate 0.01, 100 full-batch steps. */
export const DEFAULT_RUN_CONFIG: RunConfig = {
  model: LINE_MODEL,
  loss: { name: "mse" },
  optimizer: { name: "sgd", args: {} },
  learningRate: 0.01,
  schedule: { name: "constant", args: {} },
  batchSize: null,
  steps: null,
  epochs: null,
  seed: 0,
  start: { w: 0, b: 0 },
};

/** A config with another rate, everything else the same (a sweep's, a race lane's, the lesson's rates). */
export function withLearningRate(config: RunConfig, learningRate: number): RunConfig {
  return { ...config, learningRate };
}

/** The updates a config asks for on n points. */
export function totalStepsOf(config: Pick<RunConfig, "steps" | "epochs" | "batchSize">, n: number): number {
  if (config.steps !== null) return config.steps;
  if (config.epochs !== null) return config.epochs * Math.ceil(n / Math.min(config.batchSize ?? n, n));
  return DEFAULT_STEPS;
}

/**
 * The length arguments a schedule takes from the run when they are not given: decays span the run (a
 * decay rate is then the factor over the whole run), one-cycle's total is the run, StepLR drops three
 * times, cosine restarts run three cycles.
 */
export function scheduleLengthDefaults(
  name: string,
  args: Readonly<Record<string, ParamValue>>,
  totalSteps: number,
): Record<string, number> {
  const steps = Math.max(1, totalSteps);
  const whole = (value: number) => Math.max(1, Math.round(value));
  switch (name) {
    case "exponential":
    case "inverse-time":
    case "polynomial":
      return { decaySteps: steps };
    case "cosine": {
      const warmup = typeof args.warmupSteps === "number" ? args.warmupSteps : 0;
      return { decaySteps: whole(steps - warmup) };
    }
    case "cosine-restarts": {
      const tMul = typeof args.tMul === "number" ? args.tMul : 2;
      return { firstDecaySteps: whole(steps / (1 + tMul + tMul * tMul)) };
    }
    case "step":
      return { stepSize: whole(steps / 4) };
    case "one-cycle":
      return { totalSteps: steps };
    default:
      return {};
  }
}

/** What `train` needs for a config, and how the schedule is described. */
export interface ResolvedRun {
  readonly config: RunConfig;
  readonly optimizer: Optimizer;
  readonly trainOptions: TrainOptions;
  /** The schedule (or plateau callback) as used: its Keras class and arguments, defaults and rate filled in. */
  readonly schedule: {
    readonly name: ScheduleName;
    readonly className: string;
    readonly args: Record<string, ParamValue>;
  };
  readonly plateau: ReduceLROnPlateau | null;
  /** The rate at each step, when it follows a schedule (not the plateau callback, which depends on the loss). */
  readonly rateAt: (step: number) => number;
  readonly constantRate: boolean;
  readonly totalSteps: number;
}

export interface ResolveOptions {
  /** The data's statistics when already computed (MSE). */
  readonly stats?: LinearStats;
  /** How an argument is named in error messages, e.g. as a CLI flag. */
  readonly nameOf?: (spec: ParamSpec) => string;
}

/** Turns a config into the optimizer, the schedule and the options `train` takes, validating all of it. */
export function resolveRun(
  config: RunConfig,
  data: Pick<Dataset, "x">,
  options: ResolveOptions = {},
): ResolvedRun {
  const { nameOf } = options;
  const lossName = config.model.name === "line" ? checkLossName(config.loss.name) : config.loss.name;
  const optimizer = createOptimizer(
    config.optimizer.name,
    { ...config.optimizer.args, learningRate: config.learningRate },
    nameOf,
  );
  const n = data.x.length;
  const totalSteps = totalStepsOf(config, n);
  const entry: RegistryEntry = scheduleEntry(config.schedule.name);
  const rateKey = rateKeyOf(config.schedule.name, entry);
  const givenArgs = { ...config.schedule.args };
  const filled: Record<string, ParamValue> = { ...givenArgs };
  for (const [key, value] of Object.entries(
    scheduleLengthDefaults(config.schedule.name, givenArgs, totalSteps),
  )) {
    if (filled[key] === undefined && entry.params.some((spec) => spec.key === key)) filled[key] = value;
  }
  if (
    config.schedule.name === "one-cycle" &&
    typeof filled.totalSteps === "number" &&
    filled.totalSteps < totalSteps
  ) {
    throw new LrlabError(
      "E_USAGE",
      `${nameOf ? nameOf(entry.params.find((spec) => spec.key === "totalSteps") as ParamSpec) : "totalSteps"} ${filled.totalSteps} is shorter than the run's ${totalSteps} steps; one-cycle has no rate past its end (PyTorch refuses this too)`,
    );
  }

  let learningRate: number | Schedule = config.learningRate;
  let plateau: ReduceLROnPlateau | null = null;
  if (entry.kind === "callback") {
    plateau = reduceLROnPlateau(filled as Parameters<typeof reduceLROnPlateau>[0], nameOf);
  } else if (config.schedule.name !== "constant") {
    learningRate = entry.create(filled, config.learningRate, nameOf);
  }
  // The arguments as used, for the JSON document and a Keras-style description: given over defaults.
  const usedArgs: Record<string, ParamValue> =
    rateKey === undefined ? {} : { [rateKey]: config.learningRate };
  for (const spec of entry.params) {
    const value = filled[spec.key] ?? spec.default;
    if (value !== undefined) usedArgs[spec.key] = value;
  }

  const trainOptions: TrainOptions = {
    loss: lossName === "bce" ? "mse" : lossName,
    optimizer,
    learningRate,
    seed: config.seed,
  };
  if (config.steps !== null) trainOptions.steps = config.steps;
  if (config.epochs !== null) trainOptions.epochs = config.epochs;
  if (config.batchSize !== null) trainOptions.batchSize = config.batchSize;
  trainOptions.initialW = config.start.w;
  trainOptions.initialB = config.start.b;
  if (lossName === "huber") trainOptions.huberDelta = config.loss.delta ?? DEFAULT_HUBER_DELTA;
  if (lossName === "mse" && options.stats) trainOptions.stats = options.stats;
  if (plateau) trainOptions.rateCallback = plateau;
  // A changing rate can bring a blown-up run back (a decay below the bound), so unless told otherwise only
  // a loss that is no longer a number stops it; a constant rate keeps the 1e6× cut-off, where the exact
  // regime is known anyway.
  if (config.divergeFactor !== undefined) trainOptions.divergeFactor = config.divergeFactor;
  else if (config.schedule.name !== "constant") trainOptions.divergeFactor = Number.MAX_VALUE;
  if (config.tolerance !== undefined) trainOptions.tolerance = config.tolerance;
  if (config.historyEvery !== undefined) trainOptions.historyEvery = config.historyEvery;

  const schedule = typeof learningRate === "number" ? null : learningRate;
  return {
    config,
    optimizer,
    trainOptions,
    schedule: { name: config.schedule.name, className: entry.className, args: usedArgs },
    plateau,
    rateAt: schedule ?? (() => config.learningRate),
    constantRate: schedule === null && plateau === null,
    totalSteps,
  };
}

/** The argument the rate fills: a schedule's rate argument, the rate itself for constant and plateau, none for piecewise. */
export function rateKeyOf(name: string, entry: RegistryEntry = scheduleEntry(name)): string | undefined {
  if (entry.kind === "callback" || name === "constant") return "learningRate";
  return entry.rateKey;
}

/** The config as JSON-ready plain data: arguments inline, Keras get_config style. */
export function runConfigToJson(config: RunConfig): Record<string, unknown> {
  const json: Record<string, unknown> = {
    model: { ...config.model, ...(config.model.hidden ? { hidden: [...config.model.hidden] } : {}) },
    loss:
      config.loss.name === "huber"
        ? { name: "huber", delta: config.loss.delta ?? DEFAULT_HUBER_DELTA }
        : { name: config.loss.name },
    optimizer: { name: config.optimizer.name, ...config.optimizer.args },
    learningRate: config.learningRate,
    schedule: { name: config.schedule.name, ...config.schedule.args },
    batchSize: config.batchSize,
    steps: config.steps,
    epochs: config.epochs,
    seed: config.seed,
    start: { w: config.start.w, b: config.start.b },
  };
  if (config.divergeFactor !== undefined) json.divergeFactor = config.divergeFactor;
  if (config.tolerance !== undefined) json.tolerance = config.tolerance;
  if (config.historyEvery !== undefined) json.historyEvery = config.historyEvery;
  if (config.trackSharpness !== undefined) json.trackSharpness = config.trackSharpness;
  if (config.initialWeights !== undefined) json.initialWeights = config.initialWeights;
  return json;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function bad(what: string, expected: string, got: unknown): LrlabError {
  // JSON.stringify writes Infinity and NaN as null: name them as they are.
  const shown =
    typeof got === "number" && !Number.isFinite(got) ? String(got) : (JSON.stringify(got) ?? String(got));
  return new LrlabError("E_BAD_ARGUMENT", `run config: ${what}: expected ${expected}, got ${shown}`);
}

function numberOr<T>(
  value: unknown,
  what: string,
  fallback: T,
  check: (n: number) => boolean,
  expected: string,
): number | T {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !check(value)) throw bad(what, expected, value);
  return value;
}

const KNOWN_KEYS = new Set([
  "model",
  "loss",
  "optimizer",
  "learningRate",
  "schedule",
  "batchSize",
  "steps",
  "epochs",
  "seed",
  "start",
  "divergeFactor",
  "tolerance",
  "historyEvery",
  "trackSharpness",
  "initialWeights",
]);

/**
 * A config from parsed JSON (what {@link runConfigToJson} writes), validated: unknown keys and wrong types
 * are refused by name; missing keys take the defaults. The arguments are validated against the optimizer's
 * and schedule's tables when the config is resolved.
 */
export function runConfigFromJson(value: unknown): RunConfig {
  if (!isRecord(value)) throw bad("the document", "an object", value);
  for (const key of Object.keys(value)) {
    if (!KNOWN_KEYS.has(key)) throw bad(key, `one of ${[...KNOWN_KEYS].join(", ")}`, key);
  }
  const d = DEFAULT_RUN_CONFIG;
  // "linear" as a string is the line, as run configs named it before there were other models.
  const model =
    value.model === undefined || value.model === "linear" || value.model === "line"
      ? LINE_MODEL
      : checkModelSpec(
          modelSpecFromJson(typeof value.model === "string" ? { name: value.model } : value.model, bad),
        );
  const loss = value.loss === undefined ? d.loss : value.loss;
  if (!isRecord(loss) || typeof loss.name !== "string") throw bad("loss", 'an object with a "name"', loss);
  const lossName: ModelLossName =
    loss.name === "bce" && model.name !== "line" ? "bce" : checkLossName(loss.name);
  const optimizer = value.optimizer === undefined ? { name: "sgd" } : value.optimizer;
  if (!isRecord(optimizer) || typeof optimizer.name !== "string")
    throw bad("optimizer", 'an object with a "name"', optimizer);
  const { name: optimizerName, learningRate: optimizerRate, ...optimizerArgs } = optimizer;
  if (!(OPTIMIZER_NAMES as readonly string[]).includes(optimizerName as string)) {
    throw bad("optimizer.name", `one of ${OPTIMIZER_NAMES.join(", ")}`, optimizerName);
  }
  const schedule = value.schedule === undefined ? { name: "constant" } : value.schedule;
  if (!isRecord(schedule) || typeof schedule.name !== "string")
    throw bad("schedule", 'an object with a "name"', schedule);
  const { name: scheduleName, ...scheduleArgs } = schedule;
  scheduleEntry(scheduleName as string);
  const defaultRate = optimizerParams(optimizerName as string).find((spec) => spec.key === "learningRate");
  const rateFallback =
    typeof optimizerRate === "number"
      ? optimizerRate
      : defaultRate && "default" in defaultRate
        ? (defaultRate.default as number)
        : d.learningRate;
  const positiveFinite = (n: number) => n >= 0 && Number.isFinite(n);
  const positiveInteger = (n: number) => Number.isSafeInteger(n) && n >= 0;
  const start = value.start === undefined ? d.start : value.start;
  if (!isRecord(start)) throw bad("start", "an object { w, b }", start);
  const config: RunConfig = {
    model,
    loss:
      lossName === "huber"
        ? {
            name: lossName,
            delta: numberOr(
              loss.delta,
              "loss.delta",
              DEFAULT_HUBER_DELTA,
              (n) => n > 0 && Number.isFinite(n),
              "a number > 0",
            ),
          }
        : { name: lossName },
    optimizer: { name: optimizerName as OptimizerCliName, args: optimizerArgs as Record<string, ParamValue> },
    learningRate: numberOr(
      value.learningRate,
      "learningRate",
      rateFallback,
      positiveFinite,
      "a finite number ≥ 0",
    ),
    schedule: { name: scheduleName as ScheduleName, args: scheduleArgs as Record<string, ParamValue> },
    batchSize:
      value.batchSize === null
        ? null
        : numberOr(
            value.batchSize,
            "batchSize",
            null,
            (n) => positiveInteger(n) && n >= 1,
            "an integer ≥ 1 or null",
          ),
    steps:
      value.steps === null
        ? null
        : numberOr(value.steps, "steps", null, positiveInteger, "an integer ≥ 0 or null"),
    epochs:
      value.epochs === null
        ? null
        : numberOr(value.epochs, "epochs", null, positiveInteger, "an integer ≥ 0 or null"),
    seed: numberOr(value.seed, "seed", d.seed, positiveInteger, "an integer ≥ 0"),
    start: {
      w: numberOr(start.w, "start.w", 0, Number.isFinite, "a finite number"),
      b: numberOr(start.b, "start.b", 0, Number.isFinite, "a finite number"),
    },
  };
  if (config.steps !== null && config.epochs !== null)
    throw bad("steps and epochs", "one or the other, not both", "both");
  const extras: {
    divergeFactor?: number;
    tolerance?: number;
    historyEvery?: number;
    trackSharpness?: number;
    initialWeights?: KerasWeights;
  } = {};
  if (value.trackSharpness !== undefined)
    extras.trackSharpness = numberOr(
      value.trackSharpness,
      "trackSharpness",
      1,
      (n) => positiveInteger(n) && n >= 1,
      "an integer ≥ 1",
    );
  if (value.initialWeights !== undefined) {
    if (!Array.isArray(value.initialWeights))
      throw bad("initialWeights", "an array in Keras get_weights() order", value.initialWeights);
    extras.initialWeights = value.initialWeights as KerasWeights;
  }
  if (value.divergeFactor !== undefined)
    extras.divergeFactor = numberOr(value.divergeFactor, "divergeFactor", 0, (n) => n > 1, "a number > 1");
  if (value.tolerance !== undefined)
    extras.tolerance = numberOr(value.tolerance, "tolerance", 0, positiveFinite, "a finite number ≥ 0");
  if (value.historyEvery !== undefined)
    extras.historyEvery = numberOr(
      value.historyEvery,
      "historyEvery",
      1,
      (n) => positiveInteger(n) && n >= 1,
      "an integer ≥ 1",
    );
  return { ...config, ...extras };
}
