/**
 * The URL codec, generated from the table of lab-state.ts: `encodeState` writes only what differs from
 * the defaults, so the default lab is a bare URL, and `decode(encode(state))` gives the state back exactly
 * (numbers print as the shortest round-tripping decimal). `decodeState` never throws: a bad or unknown
 * parameter is ignored and reported in words, and the state keeps the default. Pure: no DOM, no globals.
 */
import { checkParam, describeExpected, type ParamValue } from "../core/index.js";
import {
  argDefaults,
  defaultOf,
  FIELDS,
  type FieldSpec,
  type LabState,
  type ScalarField,
} from "./lab-state.js";

/**
 * Text → a value of the spec's kind, validated by the core's `checkParam`; throws an error whose message
 * says what was expected. Numbers lists are comma-separated; booleans are `true` or `false`.
 */
export function parseParamText(spec: FieldSpec, raw: string, where: string = spec.flag): ParamValue {
  const textValue = raw.trim();
  if (spec.kind === "text") {
    if (raw.length > spec.maxLength) {
      throw new Error(`${where}: expected at most ${spec.maxLength} characters, got ${raw.length}`);
    }
    return raw;
  }
  const expected = () =>
    new Error(`${where}: expected ${describeExpected(spec)}, got ${JSON.stringify(raw)}`);
  let value: unknown;
  switch (spec.kind) {
    case "boolean":
      value = textValue === "true" ? true : textValue === "false" ? false : undefined;
      break;
    case "choice":
      value = textValue;
      break;
    case "numbers":
      value = textValue === "" ? [] : textValue.split(",").map((part) => toNumber(part));
      break;
    default:
      value = toNumber(textValue);
  }
  try {
    return checkParam(spec, value, where);
  } catch {
    throw expected();
  }
}

/** A number from text, NaN for anything that is not entirely a number (`Number("")` would say 0). */
function toNumber(part: string): number {
  const trimmed = part.trim();
  return trimmed === "" ? Number.NaN : Number(trimmed);
}

/** A value as URL text: the inverse of {@link parseParamText}. */
export function formatParamValue(value: ParamValue): string {
  if (Array.isArray(value)) return value.map((element) => String(element)).join(",");
  return String(value);
}

function sameValue(a: ParamValue | undefined, b: ParamValue | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return formatParamValue(a) === formatParamValue(b);
}

/** Whether a field means anything in this state. */
function applies(field: ScalarField, state: LabState): boolean {
  return field.appliesTo ? field.appliesTo(state) : true;
}

/** The state as URL parameters: only what differs from the defaults, in table order. */
export function encodeState(state: LabState): URLSearchParams {
  const params = new URLSearchParams();
  for (const field of FIELDS) {
    if (field.kind === "args") {
      const args = state[field.key];
      for (const spec of field.specs(state)) {
        const value = args[spec.key];
        if (value !== undefined && !sameValue(value, spec.default)) {
          params.set(spec.flag, formatParamValue(value));
        }
      }
      continue;
    }
    if (!applies(field, state)) continue;
    const value = state[field.key] as ParamValue;
    if (!sameValue(value, defaultOf(field.spec(state)))) params.set(field.param, formatParamValue(value));
  }
  return params;
}

export interface Decoded {
  readonly state: LabState;
  /** One sentence per ignored parameter: what it was, and why it was ignored. */
  readonly problems: readonly string[];
}

/** URL parameters → a state. Never throws: what cannot be used is reported and left at its default. */
export function decodeState(params: URLSearchParams): Decoded {
  const problems: string[] = [];
  const used = new Set<string>();
  let state = {} as LabState;
  for (const field of FIELDS) {
    if (field.kind === "args") {
      const specs = field.specs(state);
      const args = argDefaults(specs);
      for (const spec of specs) {
        const raw = params.get(spec.flag);
        if (raw === null) continue;
        used.add(spec.flag);
        try {
          args[spec.key] = parseParamText(spec, raw);
        } catch (error) {
          problems.push(ignored(spec.flag, raw, error, spec.default));
        }
      }
      state = { ...state, [field.key]: args };
      continue;
    }
    const spec = field.spec(state);
    const fallback = defaultOf(spec);
    let value = fallback;
    const raw = params.get(field.param);
    if (raw !== null) {
      used.add(field.param);
      try {
        value = parseParamText(spec, raw);
      } catch (error) {
        problems.push(ignored(field.param, raw, error, fallback));
      }
    }
    state = { ...state, [field.key]: value };
  }
  for (const field of FIELDS) {
    if (field.kind === "scalar" && used.has(field.param) && !applies(field, state)) {
      problems.push(`${field.param}: applies to ${field.onlyFor ?? "other settings"} only; ignored`);
      state = { ...state, [field.key]: defaultOf(field.spec(state)) };
    }
  }
  const unknown = new Set<string>();
  for (const key of params.keys()) if (!used.has(key)) unknown.add(key);
  for (const key of unknown) {
    problems.push(`${key}: not a setting of ${describeSetup(state)}; ignored`);
  }
  return { state, problems };
}

function describeSetup(state: LabState): string {
  return `optimizer ${state.optimizer} with schedule ${state.schedule}`;
}

function ignored(param: string, raw: string, error: unknown, fallback: ParamValue | undefined): string {
  const reason = error instanceof Error ? error.message : String(error);
  const kept = fallback === undefined ? "left unset" : `using ${formatParamValue(fallback) || "the default"}`;
  return `${param}=${raw}: ${reason.replace(`${param}: `, "")}; ${kept}`;
}
