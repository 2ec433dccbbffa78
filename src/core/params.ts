/**
 * One declarative description per argument of an optimizer or schedule.
 *
 * The CLI's flags and help, the validation of JS-API arguments, and (later) the web lab's URL state and
 * controls are all generated from these tables, so adding an argument is one line, not four.
 */
import { LrlabError } from "./errors.js";

export type ParamValue = number | boolean | string | readonly number[];

interface ParamBase {
  /** The camelCase name used by the JS API and JSON output, e.g. `beta1`. */
  readonly key: string;
  /** The Keras (or paper/PyTorch) name, e.g. `beta_1`, shown in help. */
  readonly keras: string;
  /** The CLI flag without dashes, kebab case, e.g. `beta1` or `decay-steps`. */
  readonly flag: string;
  /** One short line for `--help`. */
  readonly description: string;
}

export interface NumberParam extends ParamBase {
  readonly kind: "number" | "integer";
  /** Absent means required. */
  readonly default?: number;
  /** Inclusive lower bound, unless `minExclusive`. */
  readonly min?: number;
  readonly minExclusive?: boolean;
  /** Inclusive upper bound, unless `maxExclusive`. */
  readonly max?: number;
  readonly maxExclusive?: boolean;
}

export interface BooleanParam extends ParamBase {
  readonly kind: "boolean";
  readonly default: boolean;
}

export interface NumberListParam extends ParamBase {
  readonly kind: "numbers";
  readonly default?: readonly number[];
  /** Every element must be ≥ this (or > with `minExclusive`). */
  readonly min?: number;
  readonly minExclusive?: boolean;
}

export interface ChoiceParam extends ParamBase {
  readonly kind: "choice";
  readonly choices: readonly string[];
  readonly default?: string;
}

export type ParamSpec = NumberParam | BooleanParam | NumberListParam | ChoiceParam;

/** Describes the expected value of a param in words, for error messages and help. */
export function describeExpected(spec: ParamSpec): string {
  switch (spec.kind) {
    case "boolean":
      return "true or false";
    case "choice":
      return `one of ${spec.choices.join(", ")}`;
    case "numbers":
      return `a comma-separated list of numbers${boundWords(spec.min, spec.minExclusive, undefined, undefined)}`;
    default: {
      const noun = spec.kind === "integer" ? "an integer" : "a number";
      return `${noun}${boundWords(spec.min, spec.minExclusive, spec.max, spec.maxExclusive)}`;
    }
  }
}

function boundWords(
  min: number | undefined,
  minExclusive: boolean | undefined,
  max: number | undefined,
  maxExclusive: boolean | undefined,
): string {
  const parts: string[] = [];
  if (min !== undefined) parts.push(`${minExclusive ? ">" : "≥"} ${min}`);
  if (max !== undefined) parts.push(`${maxExclusive ? "<" : "≤"} ${max}`);
  return parts.length === 0 ? "" : ` ${parts.join(" and ")}`;
}

function inRange(value: number, spec: { min?: number; minExclusive?: boolean }): boolean {
  if (spec.min === undefined) return true;
  return spec.minExclusive ? value > spec.min : value >= spec.min;
}

function belowMax(value: number, spec: { max?: number; maxExclusive?: boolean }): boolean {
  if (spec.max === undefined) return true;
  return spec.maxExclusive ? value < spec.max : value <= spec.max;
}

/**
 * Checks one value against its spec and returns it typed, or throws an `LrlabError` naming `where`
 * (e.g. `adam: beta1` or `--beta1`) and what was expected.
 */
export function checkParam(spec: ParamSpec, value: unknown, where: string): ParamValue {
  const fail = (): never => {
    throw new LrlabError(
      "E_BAD_ARGUMENT",
      `${where}: expected ${describeExpected(spec)}, got ${formatValue(value)}`,
    );
  };
  switch (spec.kind) {
    case "boolean":
      return typeof value === "boolean" ? value : fail();
    case "choice":
      return typeof value === "string" && spec.choices.includes(value) ? value : fail();
    case "numbers": {
      if (!Array.isArray(value) || value.length === 0) return fail();
      for (const element of value) {
        if (typeof element !== "number" || !Number.isFinite(element) || !inRange(element, spec)) fail();
      }
      return value as readonly number[];
    }
    default: {
      if (typeof value !== "number" || !Number.isFinite(value)) return fail();
      if (spec.kind === "integer" && !Number.isInteger(value)) return fail();
      if (!inRange(value, spec) || !belowMax(value, spec)) return fail();
      return value;
    }
  }
}

function formatValue(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(formatValue).join(", ")}]`;
  return String(value);
}

/**
 * Fills defaults and validates an argument object against a table of specs. Unknown keys are errors
 * (with the nearest valid name), so a typo never silently falls back to a default.
 */
export function resolveParams(
  specs: readonly ParamSpec[],
  given: Readonly<Record<string, unknown>>,
  owner: string,
  nameOf: (spec: ParamSpec) => string = (spec) => `${owner}: ${spec.key}`,
): Record<string, ParamValue> {
  const known = new Set(specs.map((spec) => spec.key));
  for (const key of Object.keys(given)) {
    if (given[key] !== undefined && !known.has(key)) {
      const hint = nearestName(key, [...known]);
      throw new LrlabError(
        "E_BAD_ARGUMENT",
        `${owner}: unknown argument "${key}"${hint ? ` (did you mean "${hint}"?)` : ""}; expected one of ${[...known].join(", ")}`,
      );
    }
  }
  const resolved: Record<string, ParamValue> = {};
  for (const spec of specs) {
    const value = given[spec.key] ?? spec.default;
    if (value === undefined) {
      throw new LrlabError(
        "E_BAD_ARGUMENT",
        `${nameOf(spec)}: required by ${owner}; expected ${describeExpected(spec)}`,
      );
    }
    resolved[spec.key] = checkParam(spec, value, nameOf(spec));
  }
  return resolved;
}

/** The candidate closest to `name` by edit distance, if it is close enough to be a plausible typo. */
export function nearestName(name: string, candidates: readonly string[]): string | undefined {
  const lower = name.toLowerCase();
  if (lower.length >= 3) {
    const extensions = candidates.filter((candidate) => candidate.toLowerCase().startsWith(lower));
    if (extensions.length === 1) return extensions[0];
  }
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of candidates) {
    const distance = editDistance(name.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      bestDistance = distance;
      best = candidate;
    }
  }
  return bestDistance <= Math.max(2, Math.floor(name.length / 3)) ? best : undefined;
}

/** Levenshtein distance, O(|a|·|b|) with one row of memory. */
function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0] as number;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j] as number;
      const substitution = diagonal + (a[i - 1] === b[j - 1] ? 0 : 1);
      row[j] = Math.min(above + 1, (row[j - 1] as number) + 1, substitution);
      diagonal = above;
    }
  }
  return row[b.length] as number;
}
