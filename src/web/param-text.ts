/**
 * Text ⇄ a setting's value, the one reading shared by the URL codec (url-state.ts) and every form field:
 * what a link says and what a learner types are checked by the same rules, with the same words.
 *
 * Numbers are read strictly as decimals (`0.5`, `-2`, `1e-3`): JavaScript's `Number` would also take
 * `0x10`, `0b11`, `0o7` and `Infinity`, which no learner means as a rate. Pure: no DOM.
 */
import { checkParam, describeExpected, type ParamValue } from "../core/index.js";
import type { FieldSpec } from "./lab-state.js";

/** A plain decimal, optionally signed, with an optional exponent: nothing else is a number here. */
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
/** `0,5`: a decimal comma, as many keyboards type it. */
const DECIMAL_COMMA = /^[+-]?\d+,\d+$/;

/** Characters of a value echoed in a message; a longer value is cut with an ellipsis. */
const ECHO_LENGTH = 40;

/** A number from text, NaN for anything that is not entirely a plain decimal. */
export function decimalNumber(text: string): number {
  const trimmed = text.trim();
  return DECIMAL.test(trimmed) ? Number(trimmed) : Number.NaN;
}

/** What a user typed or a link said, short enough to quote: the first 40 characters and "…". */
export function echo(raw: string): string {
  return raw.length > ECHO_LENGTH ? `${raw.slice(0, ECHO_LENGTH)}…` : raw;
}

/** `raw` in quotes for a message, cut as {@link echo} cuts it, with its length when cut. */
function quoted(raw: string): string {
  const cut = echo(raw);
  return cut === raw
    ? JSON.stringify(raw)
    : `${JSON.stringify(cut)} (${raw.length.toLocaleString("en-US")} characters)`;
}

/** Text read as a spec's value: the value, or why not (with the spec's maximum when only that was exceeded). */
export type Reading =
  | { readonly ok: true; readonly value: ParamValue }
  | { readonly ok: false; readonly reason: string; readonly max?: number };

/** What a spec expects, in words: the core's, or the lab's list of choices for a number. */
export function expectedWords(spec: FieldSpec): string {
  if (spec.kind === "text") return `at most ${spec.maxLength} characters`;
  if ((spec.kind === "number" || spec.kind === "integer") && spec.oneOf) {
    return `one of ${spec.oneOf.join(", ")}`;
  }
  if (spec.kind === "choice" && spec.choiceWords) {
    const words = spec.choiceWords;
    return `one of ${spec.choices.map((choice) => (words[choice] ? `${choice} = ${words[choice]}` : choice)).join(", ")}`;
  }
  if (spec.kind === "numbers" && spec.widths) {
    const { layers, units } = spec.widths;
    return `1 to ${layers} layer widths from 1 to ${units}, separated by commas (e.g. 16 or 8,8)`;
  }
  return describeExpected(spec);
}

/**
 * Text → a value of the spec's kind, validated by the core's `checkParam` (and the lab's `oneOf`). Lists
 * of numbers are comma-separated; booleans are `true` or `false`. Never throws.
 */
export function readParamText(spec: FieldSpec, raw: string): Reading {
  if (spec.kind === "text") {
    return raw.length > spec.maxLength
      ? { ok: false, reason: `expected at most ${spec.maxLength} characters, got ${raw.length}` }
      : { ok: true, value: raw };
  }
  const text = raw.trim();
  const refuse = (hint = ""): { ok: false; reason: string } => ({
    ok: false,
    reason: `expected ${expectedWords(spec)}${hint}, got ${quoted(raw)}`,
  });
  let value: unknown;
  switch (spec.kind) {
    case "boolean":
      value = text === "true" ? true : text === "false" ? false : undefined;
      break;
    case "choice":
      value = text;
      break;
    case "numbers":
      value = text === "" ? [] : text.split(",").map(decimalNumber);
      break;
    default:
      if (DECIMAL_COMMA.test(text)) return refuse(` (with a decimal point: ${text.replace(",", ".")})`);
      value = decimalNumber(text);
  }
  try {
    const checked = checkParam(spec, value, "value");
    if ((spec.kind === "number" || spec.kind === "integer") && spec.oneOf) {
      if (!spec.oneOf.includes(checked as number)) return refuse();
    }
    if (spec.kind === "numbers" && spec.widths && !areWidths(checked as readonly number[], spec.widths)) {
      return refuse();
    }
    return { ok: true, value: checked };
  } catch {
    const over =
      (spec.kind === "number" || spec.kind === "integer") &&
      spec.max !== undefined &&
      typeof value === "number" &&
      Number.isFinite(value) &&
      value > spec.max &&
      (spec.kind === "number" || Number.isInteger(value));
    return over ? { ...refuse(), max: spec.max } : refuse();
  }
}

/** Whether `values` are one to `layers` whole numbers from 1 to `units`: a network's hidden layers. */
function areWidths(values: readonly number[], limits: { layers: number; units: number }): boolean {
  return (
    values.length >= 1 &&
    values.length <= limits.layers &&
    values.every((units) => Number.isInteger(units) && units >= 1 && units <= limits.units)
  );
}

/**
 * Text → a value of the spec's kind; throws an error whose message is `${where}: expected …, got "…"`.
 */
export function parseParamText(spec: FieldSpec, raw: string, where: string = spec.flag): ParamValue {
  const reading = readParamText(spec, raw);
  if (!reading.ok) throw new Error(`${where}: ${reading.reason}`);
  return reading.value;
}

/** A value as URL text: the inverse of {@link parseParamText}. */
export function formatParamValue(value: ParamValue): string {
  if (Array.isArray(value)) return value.map((element) => String(element)).join(",");
  return String(value);
}
