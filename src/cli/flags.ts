/**
 * Command-line flags generated from the core's parameter tables, and parsed back into typed values.
 *
 * Every optimizer, schedule and training argument is described once, in the core (see params.ts). Here
 * each distinct flag becomes one commander option whose help lists who uses it and the defaults, and a
 * given flag is parsed strictly (a number must be a whole finite number, not `Number("")`'s 0) and checked
 * against the chosen owner's spec, so an error names the flag: `--beta1: expected a number ≥ 0 and < 1`.
 */
import { Option } from "commander";
import { LrlabError } from "../core/errors.js";
import { checkParam, describeExpected, type ParamSpec, type ParamValue } from "../core/params.js";

export interface FlagOwner {
  /** Who takes the flag: an optimizer or schedule name, or "" for general options. */
  readonly owner: string;
  readonly spec: ParamSpec;
  /** The owner's other flags by their camelCase keys, to name them as flags in help ("decaySteps" → --decay-steps). */
  readonly flagsByKey: ReadonlyMap<string, string>;
}

export interface FlagDescription {
  readonly flag: string;
  readonly group: string;
  readonly owners: FlagOwner[];
}

/** Collects the flags of several owners' tables into one description per distinct flag. */
export function collectFlags(group: string, tables: ReadonlyArray<readonly [string, readonly ParamSpec[]]>) {
  const flags = new Map<string, FlagDescription>();
  for (const [owner, specs] of tables) {
    const flagsByKey = new Map(specs.map((spec) => [spec.key, spec.flag]));
    for (const spec of specs) {
      const entry = flags.get(spec.flag) ?? { flag: spec.flag, group, owners: [] };
      entry.owners.push({ owner, spec, flagsByKey });
      flags.set(spec.flag, entry);
    }
  }
  return [...flags.values()];
}

const placeholderOf = (spec: ParamSpec): string => {
  switch (spec.kind) {
    case "integer":
      return "<n>";
    case "numbers":
      return "<list>";
    case "choice":
      return `<${spec.choices.join("|")}>`;
    default:
      return "<x>";
  }
};

function defaultText(spec: ParamSpec): string | undefined {
  if (spec.default === undefined) return undefined;
  if (Array.isArray(spec.default)) return spec.default.join(",");
  return String(spec.default);
}

const repeatableOptions = new WeakSet<Option>();

/**
 * An option that may be given several times, its values collected in the order given (`--x bmi --x bp`
 * gives `["bmi", "bp"]`): repeating rather than comma-joining, since the values (CSV column names) may
 * hold commas. Every other flag given twice is refused (flag-rules.ts).
 */
export function repeatableOption(flags: string, description: string): Option {
  const option = new Option(flags, description).argParser((value: string, previous: unknown) => [
    ...(Array.isArray(previous) ? previous : []),
    value,
  ]);
  repeatableOptions.add(option);
  return option;
}

/** Whether the option was made by {@link repeatableOption}. */
export function isRepeatable(option: Option): boolean {
  return repeatableOptions.has(option);
}

/** A commander option for one flag, its help saying who uses it and with which default. */
export function toOption(description: FlagDescription): Option {
  const first = description.owners[0] as FlagOwner;
  const isBoolean = first.spec.kind === "boolean";
  const placeholder = sharedPlaceholder(description.owners.map((owner) => owner.spec));
  const option = new Option(
    isBoolean ? `--${description.flag}` : `--${description.flag} ${placeholder}`,
    helpText(description),
  );
  option.helpGroup(`${description.group}:`);
  return option;
}

/**
 * One placeholder for owners that may differ: `<n>` if every owner takes an integer, `<x>` if some take
 * any number (`--step-size`: an integer for step, a number for cyclical), else the flag's own name.
 */
function sharedPlaceholder(specs: readonly ParamSpec[]): string {
  const placeholders = new Set(specs.map(placeholderOf));
  if (placeholders.size === 1) return placeholderOf(specs[0] as ParamSpec);
  if (specs.every((spec) => spec.kind === "integer" || spec.kind === "number")) return "<x>";
  return `<${(specs[0] as ParamSpec).flag}>`;
}

/** An owner's description as help says it: lower-case first, and its other arguments named by their flags. */
function describeInHelp({ spec, flagsByKey }: FlagOwner): string {
  const text = spec.description.replace(/\b[a-z]+(?:[A-Z][a-z0-9]*)+\b/g, (key) => {
    const flag = flagsByKey.get(key);
    return flag === undefined ? key : `--${flag}`;
  });
  return text.charAt(0).toLowerCase() + text.slice(1);
}

function helpText({ owners }: FlagDescription): string {
  const first = owners[0] as FlagOwner;
  const named = owners.filter((owner) => owner.owner !== "");
  const defaults = new Set(owners.map((owner) => defaultText(owner.spec)));
  // Owners that say the same thing share one clause: "sgd, momentum: velocity decay; rmsprop: …".
  const byDescription = new Map<string, string[]>();
  for (const owner of named.length > 0 ? named : owners) {
    const words = describeInHelp(owner);
    byDescription.set(words, [...(byDescription.get(words) ?? []), owner.owner]);
  }
  let text =
    byDescription.size === 1
      ? describeInHelp(first)
      : [...byDescription].map(([words, names]) => `${names.join(", ")}: ${words}`).join("; ");
  if (named.length > 0) {
    const keras = [...new Set(named.map((owner) => owner.spec.keras))].join("/");
    text += ` [${named.map((owner) => owner.owner).join(", ")}: ${keras}]`;
  }
  if (defaults.size === 1) {
    const only = defaultText(first.spec);
    if (only !== undefined) text += ` (default: ${only})`;
  } else {
    const parts = named
      .map((owner) => [owner.owner, defaultText(owner.spec)] as const)
      .filter(([, value]) => value !== undefined)
      .map(([owner, value]) => `${owner} ${value}`);
    if (parts.length > 0) text += ` (default: ${parts.join(", ")})`;
  }
  return text;
}

/** Parses one raw flag value for `spec`, naming `--flag` in any error. */
export function parseFlagValue(spec: ParamSpec, raw: unknown): ParamValue {
  const where = `--${spec.flag}`;
  if (spec.kind === "boolean") {
    if (typeof raw === "boolean") return raw;
    throw new LrlabError("E_BAD_ARGUMENT", `${where}: is a switch and takes no value`);
  }
  if (typeof raw !== "string")
    throw new LrlabError("E_BAD_ARGUMENT", `${where}: expected ${describeExpected(spec)}`);
  switch (spec.kind) {
    case "choice":
      return checkParam(spec, raw, where);
    case "numbers": {
      const parts = raw.split(",").map((part) => strictNumber(part));
      return checkParam(spec, parts.some(Number.isNaN) ? raw : parts, where);
    }
    default: {
      const value = strictNumber(raw);
      return checkParam(spec, Number.isNaN(value) ? raw : value, where);
    }
  }
}

/** A finite number, or NaN: rejects "", "1,5", "abc", "0x10", "Infinity", "1e400" that `Number()` would half accept. */
export function strictNumber(text: string): number {
  const trimmed = text.trim();
  if (trimmed === "" || !/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(trimmed)) return Number.NaN;
  const value = Number(trimmed);
  return Number.isFinite(value) ? value : Number.NaN; // "1e400" overflows to Infinity
}

/**
 * The arguments for one owner from the given raw flag values: only flags in `specs` that were given,
 * keyed by the spec's camelCase key and parsed strictly. Defaults are the factories' business.
 */
export function argumentsFrom(
  specs: readonly ParamSpec[],
  given: ReadonlyMap<string, unknown>,
): Record<string, ParamValue> {
  const args: Record<string, ParamValue> = {};
  for (const spec of specs) {
    if (given.has(spec.flag)) args[spec.key] = parseFlagValue(spec, given.get(spec.flag));
  }
  return args;
}

/** Where another library's argument is said otherwise here: "one-cycle --max-lr" is PyTorch's max_lr. */
const SAID_OTHERWISE: Readonly<Record<string, string>> = {
  "one-cycle --max-lr": "one-cycle's peak is --lr (PyTorch's max_lr)",
};

/**
 * Refuses given flags of `group` that the chosen `owner` does not take, so `--optimizer adam --momentum 0.9`
 * is an error rather than a silently ignored momentum.
 */
export function refuseForeignFlags(
  flags: readonly FlagDescription[],
  given: ReadonlyMap<string, unknown>,
  owner: string,
  ownerFlag: string,
  accepted: ReadonlySet<string>,
): void {
  for (const description of flags) {
    if (!given.has(description.flag) || accepted.has(description.flag)) continue;
    const owners = description.owners.map((entry) => entry.owner).join(", ");
    const instead = SAID_OTHERWISE[`${owner} --${description.flag}`];
    throw new LrlabError(
      "E_USAGE",
      `--${description.flag} does not apply to ${ownerFlag} ${owner}; ${instead ?? `it is an argument of ${owners}`}`,
    );
  }
}

/** Parses `--lrs`: learning rates > 0 separated by commas, in the order given (repeats kept). */
export function parseRateList(text: string): number[] {
  return text.split(",").map((part) => {
    const value = strictNumber(part);
    if (!(value > 0)) {
      throw new LrlabError(
        "E_BAD_ARGUMENT",
        `--lrs: expected numbers > 0 separated by commas, got "${part.trim()}" in "${text}"`,
      );
    }
    return value;
  });
}

/** The narrowest range, relative to its ends' magnitude, a grid of a thousand points can still tell apart. */
const MIN_RELATIVE_WIDTH = 1e-9;

/**
 * Parses `--flag low:high` into two finite numbers with low < high and a finite width that a grid can
 * divide, or throws naming the flag.
 */
export function parseRange(flag: string, text: string): [number, number] {
  const parts = text.split(":");
  const [low, high] = parts.map(strictNumber);
  if (
    parts.length !== 2 ||
    low === undefined ||
    high === undefined ||
    Number.isNaN(low) ||
    Number.isNaN(high) ||
    !(low < high)
  ) {
    throw new LrlabError(
      "E_BAD_ARGUMENT",
      `${flag}: expected low:high with low < high, e.g. -5:5, got ${JSON.stringify(text)}`,
    );
  }
  // A grid spans high − low in a few hundred steps: the width must be a number, and wide enough that the
  // steps between grid points are not lost to rounding at the ends' magnitude.
  if (!Number.isFinite(high - low)) {
    throw new LrlabError(
      "E_BAD_ARGUMENT",
      `${flag}: ${text} is too wide (high − low overflows); expected a range narrower than about 1e308`,
    );
  }
  if (high - low < MIN_RELATIVE_WIDTH * Math.max(Math.abs(low), Math.abs(high))) {
    throw new LrlabError(
      "E_BAD_ARGUMENT",
      `${flag}: ${text} is too narrow for numbers that size; expected high − low ≥ ${MIN_RELATIVE_WIDTH} × their size`,
    );
  }
  return [low, high];
}

/** Parses a flag's value as a number checked against `spec`-like bounds, naming the flag in errors. */
export function parseNumberFlag(
  flag: string,
  raw: unknown,
  {
    integer = false,
    min,
    minExclusive = false,
  }: { integer?: boolean; min?: number; minExclusive?: boolean } = {},
): number {
  const spec: ParamSpec = {
    key: flag,
    keras: flag,
    flag,
    kind: integer ? "integer" : "number",
    description: "",
    ...(min === undefined ? {} : { min, minExclusive }),
  };
  return parseFlagValue(spec, raw) as number;
}
