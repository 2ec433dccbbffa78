/**
 * lrlab's optimizers and schedules as a Keras user would write them: the class names, and the
 * `name=value` arguments of a call, those left at their defaults going without saying.
 */
import type { OptimizerName } from "../core/optimizers/optimizer.js";
import { OPTIMIZERS } from "../core/optimizers/registry.js";
import type { ParamSpec } from "../core/params.js";
import { formatNumber } from "./format.js";

/** Keras's class for an optimizer as the CLI names it (`momentum` is SGD); an unknown name as it is. */
export function kerasOptimizerClass(name: string): string {
  if (name === "momentum") return OPTIMIZERS.sgd.kerasClass;
  return Object.hasOwn(OPTIMIZERS, name) ? OPTIMIZERS[name as OptimizerName].kerasClass : name;
}

/** A value as Python writes it in a call: True and False, [a, b], numbers to 6 significant digits. */
export function formatKerasValue(value: unknown): string {
  if (typeof value === "number") return formatNumber(value, 6);
  if (typeof value === "boolean") return value ? "True" : "False";
  if (Array.isArray(value)) return `[${value.map(formatKerasValue).join(", ")}]`;
  return JSON.stringify(value);
}

/**
 * `keras_name=value` for each of `specs` whose value is given and differs from its default, or is named in
 * `always`, in the order of the specs.
 */
export function kerasArguments<Value>(
  specs: readonly ParamSpec[],
  values: Readonly<Record<string, Value>>,
  {
    always = [],
    format = formatKerasValue,
  }: { always?: readonly string[]; format?: (value: Value) => string } = {},
): string[] {
  const parts: string[] = [];
  for (const spec of specs) {
    const value = values[spec.key];
    if (value === undefined) continue;
    if (!always.includes(spec.key) && JSON.stringify(value) === JSON.stringify(spec.default)) continue;
    parts.push(`${spec.keras}=${format(value)}`);
  }
  return parts;
}
