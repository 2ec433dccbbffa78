/**
 * One table of every learning-rate policy the CLI and the web lab can name, keyed by its CLI name.
 *
 * Each entry is either a `schedule` (a pure function of the step, built by `create`) or a `callback`
 * (`plateau`: Keras's ReduceLROnPlateau, which needs the monitored loss each epoch and is built with
 * `reduceLROnPlateau` instead). Both kinds carry their param table, so the CLI can build flags and help for
 * every name from here. The rate argument of a schedule (`initialLearningRate`, or `maxLearningRate` for
 * one-cycle) is not in its table: it comes from the CLI's `--lr`, passed to `create` as `learningRate`.
 */
import { reduceLROnPlateauParams } from "../callbacks/reduce-lr-on-plateau.js";
import { LrlabError } from "../errors.js";
import { nearestName, type ParamSpec } from "../params.js";
import { checkArguments, type NameOf } from "./arguments.js";
import {
  type CosineDecayOptions,
  cosineDecay,
  cosineDecayOptional,
  cosineDecayParams,
} from "./cosine-decay.js";
import {
  type CosineDecayRestartsOptions,
  cosineDecayRestarts,
  cosineDecayRestartsParams,
} from "./cosine-decay-restarts.js";
import {
  type CyclicalLearningRateOptions,
  cyclicalLearningRate,
  cyclicalLearningRateParams,
} from "./cyclical-learning-rate.js";
import {
  type ExponentialDecayOptions,
  exponentialDecay,
  exponentialDecayParams,
} from "./exponential-decay.js";
import {
  type InverseTimeDecayOptions,
  inverseTimeDecay,
  inverseTimeDecayParams,
} from "./inverse-time-decay.js";
import { type OneCycleOptions, oneCycle, oneCycleParams } from "./one-cycle.js";
import {
  type PiecewiseConstantDecayOptions,
  piecewiseConstantDecay,
  piecewiseConstantDecayParams,
} from "./piecewise-constant-decay.js";
import { type PolynomialDecayOptions, polynomialDecay, polynomialDecayParams } from "./polynomial-decay.js";
import type { Schedule } from "./schedule.js";
import { type StepDecayOptions, stepDecay, stepDecayParams } from "./step-decay.js";

interface EntryBase {
  /** The Keras class (or the paper's / PyTorch's / TF Addons' class) this entry reproduces. */
  readonly className: string;
  /** Where the formula comes from, for help text and docs. */
  readonly citation: string;
  /** Its arguments, without the rate that `--lr` provides. */
  readonly params: readonly ParamSpec[];
}

/** A per-step schedule. */
export interface ScheduleEntry extends EntryBase {
  readonly kind: "schedule";
  /** The argument `--lr` fills (`initialLearningRate`, `maxLearningRate`), or none (piecewise, constant). */
  readonly rateKey: string | undefined;
  /** Keys of `params` with no default that may still be omitted (cosine's `warmupTarget`). */
  readonly optional: readonly string[];
  /** Validates `args` (keys of `params`) and builds the schedule with `learningRate` as its rate argument. */
  create(args: Readonly<Record<string, unknown>>, learningRate: number, nameOf?: NameOf): Schedule;
}

/** A Keras callback that sets the rate between epochs from a monitored value; see `reduceLROnPlateau`. */
export interface CallbackEntry extends EntryBase {
  readonly kind: "callback";
}

export type RegistryEntry = ScheduleEntry | CallbackEntry;

/**
 * Builds the entry of a schedule family from its factory and full param table. The factory validates
 * everything again at run time, so the cast to its options type only names the shape it is about to check.
 */
function family<Options>(
  name: string,
  entry: {
    className: string;
    citation: string;
    table: readonly ParamSpec[];
    rateKey: string | undefined;
    optional?: readonly string[];
    factory: (options: Options, nameOf?: NameOf) => Schedule;
  },
): ScheduleEntry {
  const { className, citation, table, rateKey, optional = [], factory } = entry;
  const params = table.filter((spec) => spec.key !== rateKey);
  return {
    kind: "schedule",
    className,
    citation,
    params,
    rateKey,
    optional,
    create(args, learningRate, nameOf) {
      // Rejects the rate argument itself and unknown keys, naming `name` (the factory would name itself).
      checkArguments(params, args, name, nameOf, optional);
      const options = rateKey === undefined ? { ...args } : { ...args, [rateKey]: learningRate };
      return factory(options as Options, nameOf);
    },
  };
}

const KERAS = "keras.optimizers.schedules";

/** A float learning rate in Keras: the same rate at every step. */
const constant: ScheduleEntry = {
  kind: "schedule",
  className: "float",
  citation: "Keras: a float learning_rate",
  params: [],
  rateKey: undefined,
  optional: [],
  create(args, learningRate, nameOf) {
    checkArguments([], args, "constant", nameOf);
    return () => learningRate;
  },
};

/** ReduceLROnPlateau is listed for its flags; build it with `reduceLROnPlateau`. */
const plateau: CallbackEntry = {
  kind: "callback",
  className: "ReduceLROnPlateau",
  citation: "Keras keras.callbacks.ReduceLROnPlateau",
  params: reduceLROnPlateauParams,
};

/** Every learning-rate policy by CLI name. */
export const SCHEDULES = {
  constant,
  exponential: family<ExponentialDecayOptions>("exponential", {
    className: "ExponentialDecay",
    citation: `Keras ${KERAS}.ExponentialDecay`,
    table: exponentialDecayParams,
    rateKey: "initialLearningRate",
    factory: exponentialDecay,
  }),
  piecewise: family<PiecewiseConstantDecayOptions>("piecewise", {
    className: "PiecewiseConstantDecay",
    citation: `Keras ${KERAS}.PiecewiseConstantDecay`,
    table: piecewiseConstantDecayParams,
    rateKey: undefined,
    factory: piecewiseConstantDecay,
  }),
  polynomial: family<PolynomialDecayOptions>("polynomial", {
    className: "PolynomialDecay",
    citation: `Keras ${KERAS}.PolynomialDecay`,
    table: polynomialDecayParams,
    rateKey: "initialLearningRate",
    factory: polynomialDecay,
  }),
  "inverse-time": family<InverseTimeDecayOptions>("inverse-time", {
    className: "InverseTimeDecay",
    citation: `Keras ${KERAS}.InverseTimeDecay`,
    table: inverseTimeDecayParams,
    rateKey: "initialLearningRate",
    factory: inverseTimeDecay,
  }),
  cosine: family<CosineDecayOptions>("cosine", {
    className: "CosineDecay",
    citation: `Keras ${KERAS}.CosineDecay; Loshchilov & Hutter, SGDR (arXiv:1608.03983); warmup: Goyal et al. (arXiv:1706.02677)`,
    table: cosineDecayParams,
    rateKey: "initialLearningRate",
    optional: cosineDecayOptional,
    factory: cosineDecay,
  }),
  "cosine-restarts": family<CosineDecayRestartsOptions>("cosine-restarts", {
    className: "CosineDecayRestarts",
    citation: `Keras ${KERAS}.CosineDecayRestarts; Loshchilov & Hutter, SGDR (arXiv:1608.03983)`,
    table: cosineDecayRestartsParams,
    rateKey: "initialLearningRate",
    factory: cosineDecayRestarts,
  }),
  step: family<StepDecayOptions>("step", {
    className: "StepLR",
    citation: "PyTorch torch.optim.lr_scheduler.StepLR",
    table: stepDecayParams,
    rateKey: "initialLearningRate",
    factory: stepDecay,
  }),
  cyclical: family<CyclicalLearningRateOptions>("cyclical", {
    className: "CyclicalLearningRate",
    citation:
      "Smith, Cyclical Learning Rates for Training Neural Networks, WACV 2017 (arXiv:1506.01186); TensorFlow Addons tfa.optimizers.CyclicalLearningRate",
    table: cyclicalLearningRateParams,
    rateKey: "initialLearningRate",
    factory: cyclicalLearningRate,
  }),
  "one-cycle": family<OneCycleOptions>("one-cycle", {
    className: "OneCycleLR",
    citation:
      "Smith & Topin, Super-Convergence (arXiv:1708.07120); PyTorch torch.optim.lr_scheduler.OneCycleLR (learning rate only)",
    table: oneCycleParams,
    rateKey: "maxLearningRate",
    factory: oneCycle,
  }),
  plateau,
} as const satisfies Record<string, RegistryEntry>;

/** A CLI schedule name, `constant` and `plateau` included. */
export type ScheduleName = keyof typeof SCHEDULES;

/** Every CLI schedule name, in help order. */
export const SCHEDULE_NAMES = Object.keys(SCHEDULES) as readonly ScheduleName[];

/** The entry for `name`, or an `E_UNKNOWN_SCHEDULE` error suggesting the nearest name. */
export function scheduleEntry(name: string): RegistryEntry {
  if (Object.hasOwn(SCHEDULES, name)) return SCHEDULES[name as ScheduleName];
  const hint = nearestName(name, SCHEDULE_NAMES);
  throw new LrlabError(
    "E_UNKNOWN_SCHEDULE",
    `unknown schedule "${name}"${hint ? ` (did you mean "${hint}"?)` : ""}; expected one of ${SCHEDULE_NAMES.join(", ")}`,
  );
}

/** The param table of `name` (without the `--lr` rate); `plateau` gives ReduceLROnPlateau's. */
export function scheduleParams(name: string): readonly ParamSpec[] {
  return scheduleEntry(name).params;
}

/**
 * Builds the schedule `name` from CLI-style `args` (keys of its param table) and the rate from `--lr`.
 * `constant` is `() => learningRate`; `piecewise` ignores `learningRate` (its `values` are its rates);
 * `plateau` is a callback, not a schedule, and throws an `E_USAGE` error pointing to `reduceLROnPlateau`.
 */
export function createSchedule(
  name: string,
  args: Readonly<Record<string, unknown>>,
  learningRate: number,
  nameOf?: NameOf,
): Schedule {
  const entry = scheduleEntry(name);
  if (entry.kind === "callback") {
    throw new LrlabError(
      "E_USAGE",
      `"${name}" is ${entry.className}, a callback that lowers the rate between epochs from the monitored loss, not a per-step schedule; build it with reduceLROnPlateau(...)`,
    );
  }
  return entry.create(args, learningRate, nameOf);
}
