/**
 * Form fields generated from spec tables: the core's ParamSpecs for optimizer and schedule arguments, the
 * lab's own (lab-state.ts) for the run settings. One labelled input per spec, typed by its kind; what a
 * learner types is parsed and checked exactly as the URL is (`parseParamText`), and a value that does not
 * pass is not applied: the field says why, beside it.
 */
import type { ParamValue } from "../../core/index.js";
import type { FieldSpec } from "../lab-state.js";
import { formatParamValue, parseParamText } from "../url-state.js";
import { type FieldName, pageDescription } from "../words.js";

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
}

type Control = HTMLInputElement | HTMLSelectElement;

/** Builds one field per spec. */
export function paramFields(specs: readonly FieldSpec[], options: ParamFieldOptions): ParamFields {
  const element = document.createElement("div");
  element.className = "param-fields";
  const controls = new Map<string, Control>();
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
    const apply = () => {
      const raw =
        control instanceof HTMLInputElement && control.type === "checkbox"
          ? String(control.checked)
          : control.value;
      if (optional && raw.trim() === "") {
        setProblem(control, problem, "");
        options.onChange(spec.key, undefined);
        return;
      }
      try {
        const value = parseParamText(spec, raw, "value");
        setProblem(control, problem, "");
        options.onChange(spec.key, value);
      } catch (error) {
        setProblem(control, problem, (error as Error).message.replace(/^value: /, ""));
      }
    };
    control.addEventListener(
      control instanceof HTMLSelectElement || control.type === "checkbox" ? "change" : "input",
      apply,
    );
    if (spec.kind === "boolean") {
      field.append(control, label, hint, problem);
    } else {
      field.append(label, control, hint, problem);
    }
    controls.set(spec.key, control);
    element.append(field);
  }
  const update = (values: Readonly<Record<string, ParamValue | undefined>>) => {
    for (const [key, control] of controls) {
      if (document.activeElement === control && !(control instanceof HTMLSelectElement)) continue;
      const value = values[key];
      if (control instanceof HTMLInputElement && control.type === "checkbox")
        control.checked = value === true;
      else {
        const text = value === undefined ? "" : formatParamValue(value);
        if (control.value !== text) control.value = text;
      }
    }
  };
  update(options.values);
  return { element, update };
}

function setProblem(control: Control, problem: HTMLElement, message: string): void {
  problem.textContent = message;
  if (message) control.setAttribute("aria-invalid", "true");
  else control.removeAttribute("aria-invalid");
}

function controlFor(spec: FieldSpec, id: string): Control {
  if (spec.kind === "choice") {
    const select = document.createElement("select");
    select.id = id;
    for (const choice of spec.choices) select.append(new Option(choice, choice));
    return select;
  }
  const input = document.createElement("input");
  input.id = id;
  if (spec.kind === "boolean") {
    input.type = "checkbox";
  } else if (spec.kind === "number" || spec.kind === "integer") {
    input.type = "number";
    input.step = spec.kind === "integer" ? "1" : "any";
    input.inputMode = spec.kind === "integer" ? "numeric" : "decimal";
    if (spec.min !== undefined && !spec.minExclusive) input.min = String(spec.min);
    if (spec.max !== undefined && !spec.maxExclusive) input.max = String(spec.max);
  } else {
    input.type = "text";
    input.spellcheck = false;
    if (spec.kind === "numbers") input.placeholder = "e.g. 30,60";
  }
  return input;
}
