/**
 * Form fields generated from spec tables: the core's ParamSpecs for optimizer and schedule arguments, the
 * lab's own (lab-state.ts) for the run settings. One labelled input per spec, typed by its kind; what a
 * learner types is parsed and checked exactly as the URL is (`readParamText`), when it is committed (Enter,
 * or leaving the field: commit-field.ts), and a value that does not pass is not applied: the field says
 * why, beside it.
 */
import type { ParamValue } from "../../core/index.js";
import type { FieldSpec } from "../lab-state.js";
import { formatParamValue, readParamText } from "../param-text.js";
import { type FieldName, pageDescription } from "../words.js";
import { commitField, numberInput, showProblem } from "./commit-field.js";

export interface ParamFields {
  /** The fields, in spec order. */
  readonly element: HTMLElement;
  /** Shows `values` in every field the learner is not typing in. */
  update(values: Readonly<Record<string, ParamValue | undefined>>): void;
}

export interface ParamFieldOptions {
  /** Makes the ids unique on the page, e.g. "optimizer". */
  readonly idPrefix: string;
  readonly values: Readonly<Record<string, ParamValue | undefined>>;
  /** Called with a valid value; an optional argument cleared by the learner comes as undefined. */
  readonly onChange: (key: string, value: ParamValue | undefined) => void;
  /** The label of a spec; default: its Keras name. */
  readonly label?: (spec: FieldSpec) => string;
  /** Keys that may be left empty (cosine's warmup_target). */
  readonly optional?: readonly string[];
  /** What an empty field stands for (a schedule's length, filled from the run), shown as its placeholder. */
  readonly placeholder?: (key: string) => string | null;
}

/** Builds one field per spec. */
export function paramFields(specs: readonly FieldSpec[], options: ParamFieldOptions): ParamFields {
  const element = document.createElement("div");
  element.className = "param-fields";
  let values = options.values;
  /** Per key: shows the value in force (a text field leaves alone what the learner is typing). */
  const shows = new Map<string, () => void>();
  const labelOf = (spec: FieldSpec) =>
    options.label ? options.label(spec) : "keras" in spec ? spec.keras : spec.key;
  const names: FieldName[] = specs.map((spec) => ({ key: spec.key, flag: spec.flag, label: labelOf(spec) }));
  for (const spec of specs) {
    const id = `${options.idPrefix}-${spec.flag}`;
    const field = document.createElement("div");
    field.className = `field field-${spec.kind}`;
    const label = document.createElement("label");
    label.htmlFor = id;
    label.textContent = labelOf(spec);
    const hint = document.createElement("small");
    hint.className = "hint";
    hint.id = `${id}-hint`;
    hint.textContent = pageDescription(spec.description, names);
    const problem = document.createElement("small");
    problem.className = "problem";
    problem.id = `${id}-problem`;
    problem.setAttribute("aria-live", "polite");
    const control = controlFor(spec, id);
    control.setAttribute("aria-describedby", `${hint.id} ${problem.id}`);
    const optional = options.optional?.includes(spec.key) ?? false;
    /** Applies `raw`: "" when it was applied, else why not. */
    const apply = (raw: string): string => {
      if (optional && raw.trim() === "") {
        options.onChange(spec.key, undefined);
        return "";
      }
      const reading = readParamText(spec, raw);
      if (!reading.ok) return reading.reason;
      options.onChange(spec.key, reading.value);
      return "";
    };
    const shown = () => {
      const value = values[spec.key];
      return value === undefined ? "" : formatParamValue(value);
    };
    if (control instanceof HTMLSelectElement) {
      control.addEventListener("change", () => showProblem(control, problem, apply(control.value)));
      shows.set(spec.key, () => {
        control.value = shown();
      });
    } else if (control.type === "checkbox") {
      control.addEventListener("change", () => showProblem(control, problem, apply(String(control.checked))));
      shows.set(spec.key, () => {
        control.checked = values[spec.key] === true;
      });
    } else {
      const show = commitField(control, problem, { commit: apply, current: shown }).show;
      shows.set(spec.key, () => {
        const placeholder = options.placeholder?.(spec.key) ?? null;
        if (placeholder !== null) control.placeholder = placeholder;
        show();
      });
    }
    if (spec.kind === "boolean") {
      field.append(control, label, hint, problem);
    } else {
      field.append(label, control, hint, problem);
    }
    element.append(field);
  }
  const update = (next: Readonly<Record<string, ParamValue | undefined>>) => {
    values = next;
    for (const show of shows.values()) show();
  };
  update(options.values);
  return { element, update };
}

function controlFor(spec: FieldSpec, id: string): HTMLInputElement | HTMLSelectElement {
  if (spec.kind === "choice") {
    const select = document.createElement("select");
    select.id = id;
    for (const choice of spec.choices) select.append(new Option(choice, choice));
    return select;
  }
  if (spec.kind === "boolean") {
    const input = document.createElement("input");
    input.id = id;
    input.type = "checkbox";
    return input;
  }
  const input = numberInput(id, spec.kind === "integer" ? "numeric" : "decimal");
  if (spec.kind === "numbers") input.placeholder = "widths" in spec ? "e.g. 16 or 8,8" : "e.g. 30,60";
  if (spec.kind === "text") input.inputMode = "text";
  return input;
}
