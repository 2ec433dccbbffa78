/**
 * The URL codec, generated from the table of lab-state.ts: `encodeState` writes only what differs from
 * the defaults, so the default lab is a bare URL, and `decode(encode(state))` gives the state back exactly
 * (numbers print as the shortest round-tripping decimal). `decodeState` never throws: a bad or unknown
 * parameter is ignored and reported in words, and the state keeps the default. Pure: no DOM, no globals.
 */
import { OPTIMIZER_NAMES, type ParamValue, SCHEDULE_NAMES } from "../core/index.js";
import {
  argDefaults,
  defaultOf,
  FIELDS,
  type FieldSpec,
  type LabState,
  optimizerArgSpecs,
  type ScalarField,
  scheduleArgSpecs,
} from "./lab-state.js";
import { echo, formatParamValue, readParamText } from "./param-text.js";

export { formatParamValue, parseParamText } from "./param-text.js";

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

/**
 * URL parameters → a state. Never throws: what cannot be used is reported and left at its default; a
 * number above the lab's limit for it (`clamp` in lab-state.ts) is clamped to the limit, and reported.
 */
export function decodeState(params: URLSearchParams): Decoded {
  const problems: string[] = [];
  const used = new Set<string>();
  /** The link's value of `param` as the spec reads it, else `fallback`; a problem is reported. */
  const linkValue = (param: string, spec: FieldSpec, fallback: ParamValue | undefined) => {
    const raw = params.get(param);
    if (raw === null) return fallback;
    used.add(param);
    const reading = readParamText(spec, raw);
    if (reading.ok) return reading.value;
    if (reading.max !== undefined && spec.kind !== "text" && spec.clamp) {
      problems.push(
        `${param}=${echo(raw)}: at most ${formatParamValue(reading.max)} here; using ${reading.max}`,
      );
      return reading.max;
    }
    const kept =
      fallback === undefined ? "left unset" : `using ${formatParamValue(fallback) || "the default"}`;
    problems.push(`${param}=${echo(raw)}: ${reading.reason}; ${kept}`);
    return fallback;
  };
  let state = {} as LabState;
  for (const field of FIELDS) {
    if (field.kind === "args") {
      const specs = field.specs(state);
      const args = argDefaults(specs);
      for (const spec of specs) {
        const value = linkValue(spec.flag, spec, spec.default);
        if (value !== undefined) args[spec.key] = value;
      }
      state = { ...state, [field.key]: args };
      continue;
    }
    const spec = field.spec(state);
    state = { ...state, [field.key]: linkValue(field.param, spec, defaultOf(spec)) };
  }
  for (const field of FIELDS) {
    if (field.kind === "scalar" && used.has(field.param) && !applies(field, state)) {
      problems.push(`${field.param}: applies to ${field.onlyFor ?? "other settings"} only; ignored`);
      state = { ...state, [field.key]: defaultOf(field.spec(state)) };
    }
  }
  const keys = [...new Set(params.keys())];
  for (const key of keys) {
    const count = params.getAll(key).length;
    if (used.has(key) && count > 1) {
      problems.push(`${echo(key)}: given ${count} times; only the first is read`);
    }
  }
  for (const key of keys) {
    if (used.has(key)) continue;
    // An argument of another optimizer or schedule is named as such; anything else is simply unknown.
    problems.push(
      ARG_FLAGS.has(key)
        ? `${echo(key)}: not a setting of ${describeSetup(state)}; ignored`
        : `${echo(key)}: unknown setting; ignored`,
    );
  }
  return { state, problems };
}

/** Every optimizer's and schedule's argument as a link names it. */
const ARG_FLAGS: ReadonlySet<string> = new Set([
  ...OPTIMIZER_NAMES.flatMap((name) => optimizerArgSpecs(name).map((spec) => spec.flag)),
  ...SCHEDULE_NAMES.flatMap((name) => scheduleArgSpecs(name).map((spec) => spec.flag)),
]);

function describeSetup(state: LabState): string {
  return `optimizer ${state.optimizer} with schedule ${state.schedule}`;
}
