/**
 * The argument checks every schedule factory shares: its table through `resolveParams`, plus the errors
 * for rules that span two arguments (piecewise lengths, ordered boundaries).
 */
import { LrlabError } from "../errors.js";
import { type ParamSpec, resolveParams } from "../params.js";

/** How an argument is named in an error: `cosineDecay: alpha` from the JS API, `--alpha` from the CLI. */
export type NameOf = (spec: ParamSpec) => string;

/**
 * Validates `given` against `specs` (unknown keys, kinds, bounds) and returns the naming function the
 * factory should use for its own cross-argument errors.
 *
 * Keys listed in `optional` may be absent although their spec has no default: `ParamSpec` reads "no
 * default" as "required", and Keras's `warmup_target=None` is an optional number with no default.
 */
export function checkArguments(
  specs: readonly ParamSpec[],
  given: Readonly<Record<string, unknown>>,
  owner: string,
  nameOf?: NameOf,
  optional: readonly string[] = [],
): NameOf {
  const name: NameOf = nameOf ?? ((spec) => `${owner}: ${spec.key}`);
  const present = specs.filter((spec) => !(optional.includes(spec.key) && given[spec.key] === undefined));
  resolveParams(present, given, owner, name);
  return name;
}

/** An `E_BAD_ARGUMENT` error naming the argument `key` of `specs` the way `name` does. */
export function argumentError(
  specs: readonly ParamSpec[],
  key: string,
  name: NameOf,
  message: string,
): LrlabError {
  const spec = specs.find((candidate) => candidate.key === key);
  if (spec === undefined) throw new Error(`internal: no param "${key}" in the table`);
  return new LrlabError("E_BAD_ARGUMENT", `${name(spec)}: ${message}`);
}
