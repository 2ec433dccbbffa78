/**
 * The one table of optimizers, and everything generated from it: creation by name (for the CLI, URL state
 * and JSON config), the argument tables, the config round trip and the state round trip.
 */
import { LrlabError } from "../errors.js";
import type { ParamSpec } from "../params.js";
import { nearestName, resolveParams } from "../params.js";
import { type AdagradArgs, adagrad, adagradParams } from "./adagrad.js";
import { type AdamArgs, adam, adamParams } from "./adam.js";
import type { Optimizer, OptimizerName, OptimizerState } from "./optimizer.js";
import { type RmspropArgs, rmsprop, rmspropParams } from "./rmsprop.js";
import { type SgdArgs, sgd, sgdParams } from "./sgd.js";

/** One registered optimizer: its Keras class, its argument table and a factory over validated arguments. */
export interface OptimizerEntry {
  /** The Keras 3 class it reproduces, e.g. `RMSprop`. */
  readonly kerasClass: string;
  readonly params: readonly ParamSpec[];
  /** Builds the optimizer; the arguments are validated (again) against `params`. */
  readonly create: (args: Readonly<Record<string, unknown>>) => Optimizer;
}

// Each factory validates its argument object at run time with `resolveParams`, so passing it an
// unknown-typed record is safe: a wrong type or an unknown key throws an LrlabError, never slips through.
/** The registered optimizers, by name. */
export const OPTIMIZERS: Readonly<Record<OptimizerName, OptimizerEntry>> = {
  sgd: { kerasClass: "SGD", params: sgdParams, create: (args) => sgd(args as SgdArgs) },
  rmsprop: { kerasClass: "RMSprop", params: rmspropParams, create: (args) => rmsprop(args as RmspropArgs) },
  adam: { kerasClass: "Adam", params: adamParams, create: (args) => adam(args as AdamArgs) },
  adagrad: { kerasClass: "Adagrad", params: adagradParams, create: (args) => adagrad(args as AdagradArgs) },
};

/** The names the CLI accepts: the registered optimizers plus `momentum`, which is SGD with momentum 0.9. */
export const OPTIMIZER_NAMES = ["sgd", "momentum", "rmsprop", "adam", "adagrad"] as const;

/** A name accepted by {@link createOptimizer}. */
export type OptimizerCliName = (typeof OPTIMIZER_NAMES)[number];

/** The momentum of the `momentum` alias: the usual choice, and the default of Keras 2's examples. */
const ALIAS_MOMENTUM = 0.9;

const momentumParams: readonly ParamSpec[] = sgdParams.map((spec) =>
  spec.key === "momentum" && spec.kind === "number" ? { ...spec, default: ALIAS_MOMENTUM } : spec,
);

function isOptimizerName(name: string): name is OptimizerName {
  return Object.hasOwn(OPTIMIZERS, name);
}

function unknownOptimizer(name: string): LrlabError {
  const hint = nearestName(name, OPTIMIZER_NAMES);
  return new LrlabError(
    "E_UNKNOWN_OPTIMIZER",
    `unknown optimizer "${name}"${hint ? ` (did you mean "${hint}"?)` : ""}; expected one of ${OPTIMIZER_NAMES.join(", ")}`,
  );
}

/** The registered optimizer behind a CLI name (`momentum` → `sgd`), or an `E_UNKNOWN_OPTIMIZER` error. */
function entryOf(name: string): OptimizerEntry {
  if (name === "momentum") return OPTIMIZERS.sgd;
  if (isOptimizerName(name)) return OPTIMIZERS[name];
  throw unknownOptimizer(name);
}

/** The argument table for a CLI name; for `momentum` it is SGD's, with momentum defaulting to 0.9. */
export function optimizerParams(name: string): readonly ParamSpec[] {
  return name === "momentum" ? momentumParams : entryOf(name).params;
}

/**
 * Creates an optimizer from its CLI name and an argument object (camelCase keys). `momentum` is SGD whose
 * momentum defaults to 0.9; an explicit `momentum` argument still wins. `nameOf` says how an argument is
 * named in error messages (e.g. `--beta1` on the command line); the default is `adam: beta1`.
 */
export function createOptimizer(
  name: string,
  args: Readonly<Record<string, unknown>> = {},
  nameOf?: (spec: ParamSpec) => string,
): Optimizer {
  const entry = entryOf(name);
  return entry.create(resolveParams(optimizerParams(name), args, name, nameOf));
}

/** An optimizer's configuration as plain JSON: its registered name and its Keras arguments, camelCase. */
export type OptimizerConfigJson = { readonly name: OptimizerName } & Readonly<
  Record<string, number | boolean | string>
>;

/** `{ name, ...config }`, e.g. `{ name: "adam", learningRate: 0.001, beta1: 0.9, … }`. */
export function optimizerToConfig(optimizer: Optimizer): OptimizerConfigJson {
  const config = optimizer.config as Readonly<Record<string, number | boolean | string>>;
  return { name: optimizer.name, ...config };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The optimizer described by {@link optimizerToConfig}'s output (parsed JSON), validated. */
export function optimizerFromConfig(config: unknown): Optimizer {
  if (!isRecord(config) || typeof config.name !== "string") {
    throw new LrlabError(
      "E_BAD_ARGUMENT",
      `optimizer config: expected an object with a "name" (one of ${OPTIMIZER_NAMES.join(", ")})`,
    );
  }
  const { name, ...args } = config;
  return createOptimizer(name, args);
}

/** An {@link OptimizerState} as plain JSON. */
export interface OptimizerStateJson {
  readonly iterations: number;
  readonly slots: Readonly<Record<string, number[]>>;
}

/**
 * The state as plain arrays. Finite numbers survive `JSON.stringify` exactly (it prints the shortest
 * round-tripping decimal), so a resumed run continues bit for bit; a non-finite entry (a diverged run)
 * becomes `null` in JSON and comes back as NaN.
 */
export function serializeOptimizerState(state: OptimizerState): OptimizerStateJson {
  const slots: Record<string, number[]> = {};
  for (const [name, slot] of Object.entries(state.slots)) slots[name] = Array.from(slot);
  return { iterations: state.iterations, slots };
}

/** Parses {@link serializeOptimizerState}'s output (after `JSON.parse`) back into a state, validated. */
export function deserializeOptimizerState(json: unknown): OptimizerState {
  const fail = (what: string): never => {
    throw new LrlabError("E_BAD_ARGUMENT", `optimizer state: ${what}`);
  };
  if (!isRecord(json)) return fail("expected an object with iterations and slots");
  const { iterations, slots } = json;
  if (typeof iterations !== "number" || !Number.isInteger(iterations) || iterations < 0) {
    return fail(`expected iterations to be an integer ≥ 0, got ${String(iterations)}`);
  }
  if (!isRecord(slots)) return fail("expected slots to be an object of number arrays");
  const parsed: Record<string, Float64Array> = {};
  let size: number | undefined;
  for (const [name, values] of Object.entries(slots)) {
    if (!Array.isArray(values)) return fail(`slot "${name}": expected an array of numbers`);
    if (size !== undefined && values.length !== size) {
      return fail(`slot "${name}" has ${values.length} entries, the others ${size}`);
    }
    size = values.length;
    const slot = new Float64Array(values.length);
    for (let i = 0; i < values.length; i++) {
      const value: unknown = values[i];
      if (value === null) slot[i] = Number.NaN;
      else if (typeof value === "number") slot[i] = value;
      else return fail(`slot "${name}"[${i}]: expected a number or null, got ${JSON.stringify(value)}`);
    }
    parsed[name] = slot;
  }
  return { iterations, slots: parsed };
}
