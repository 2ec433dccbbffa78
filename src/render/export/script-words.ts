/**
 * What the TF.js and Keras renderers say alike: values as source literals, long number lists wrapped,
 * and the one-line description of a run that heads each script. Every user string (a file path, a column
 * name) goes through a string literal's escaping, in code and in comments alike, so no name can end a
 * comment or a string early.
 */
import type { ExportArgument, ExportPlan } from "../../core/export/export-plan.js";
import type { ParamValue } from "../../core/params.js";
import { DEFAULT_DIVERGE_FACTOR } from "../../core/training/train-options.js";

/** A value as a JavaScript literal: numbers in their shortest round-tripping form, strings quoted. */
export function jsLiteral(value: ParamValue | null): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return `[${value.map((item) => jsLiteral(item)).join(", ")}]`;
  return JSON.stringify(value);
}

/** A value as a Python literal: True/False/None; numbers and strings as JSON writes them (valid Python). */
export function pyLiteral(value: ParamValue | null): string {
  if (value === null) return "None";
  if (value === true) return "True";
  if (value === false) return "False";
  if (Array.isArray(value)) return `[${value.map((item) => pyLiteral(item)).join(", ")}]`;
  return JSON.stringify(value);
}

/** A string as a quoted literal that both JavaScript and Python read back the same (JSON's escaping). */
export function quoted(text: string): string {
  return JSON.stringify(text);
}

/**
 * A list of numbers over several lines, `perLine` to a line, each line indented: `[\n  1, 2,\n  3,\n]`.
 * Python's list literal reads the same text.
 */
export function numberList(values: readonly number[], indent: string, perLine = 8): string {
  if (values.length <= perLine) return `[${values.map((value) => JSON.stringify(value)).join(", ")}]`;
  const lines: string[] = [];
  for (let i = 0; i < values.length; i += perLine) {
    lines.push(
      `${indent}  ${values
        .slice(i, i + perLine)
        .map((value) => JSON.stringify(value))
        .join(", ")},`,
    );
  }
  return `[\n${lines.join("\n")}\n${indent}]`;
}

/** Nested arrays of numbers (Keras weights) as one literal, readable in both languages. */
export function nestedNumbers(value: unknown): string {
  return JSON.stringify(value);
}

/** `name=value` pairs in Keras's own argument names, for a Python call. */
export function pythonArguments(args: readonly ExportArgument[]): string {
  return args.map((arg) => `${arg.keras}=${pyLiteral(arg.value)}`).join(", ");
}

/** The run in one line: the model, the optimizer, the schedule, the batches and the updates. */
export function runSummary(plan: ExportPlan): string {
  const { model, run } = plan;
  const shape =
    model.name === "mlp"
      ? `mlp ${model.inputs}-${model.layers.map((layer) => layer.units).join("-")} (${model.layers[0]?.activation})`
      : model.name === "polynomial"
        ? `polynomial of degree ${plan.polynomialDegree}`
        : model.name;
  const batches = run.fullBatch
    ? `full batch of ${run.rows}`
    : `batches of ${run.batchSize} (${run.stepsPerEpoch} per epoch, reshuffled each epoch, seed ${run.seed})`;
  const schedule =
    plan.schedule.name === "constant" ? `constant rate ${plan.learningRate}` : plan.schedule.className;
  return `${shape}, loss ${plan.loss.name}, ${plan.optimizer.kerasClass}, ${schedule}, ${batches}, ${run.totalSteps} updates`;
}

/** The optimizer's argument `key` (every one is in the plan, defaults included). */
export function optimizerArgument(plan: ExportPlan, key: string): ParamValue {
  const found = plan.optimizer.args.find((arg) => arg.key === key);
  if (found === undefined) throw new Error(`export plan: ${plan.optimizer.name} has no argument ${key}`);
  return found.value;
}

/** What a script is called in its "Run it with" line when it goes to standard output (no file name). */
export const DEFAULT_SCRIPT_NAMES = { tfjs: "lrlab-run.mjs", keras: "lrlab_run.py" } as const;

/**
 * A file name as the "Run it with" comment shows it: as typed when a shell reads it so, else in single
 * quotes; line breaks become spaces so the name cannot end the comment.
 */
export function shellFileName(name: string): string {
  const oneLine = name.replace(/[\r\n\u2028\u2029]/g, " ");
  const safe = oneLine.startsWith("-") ? `./${oneLine}` : oneLine; // not read as an option
  return /^[\w./+@%=,:-]+$/.test(safe) ? safe : `'${safe.replace(/'/g, "'\\''")}'`;
}

/** Where DIVERGE_FACTOR comes from, in words. */
export function divergeWords(divergeFactor: number): string {
  if (divergeFactor === DEFAULT_DIVERGE_FACTOR) return "lrlab's default at a constant rate";
  if (divergeFactor === Number.MAX_VALUE) {
    return "with a schedule, lrlab stops only on a loss that is no longer a number";
  }
  return "the run's --diverge-factor";
}

/**
 * The one line said, in the script's header and on export's standard error, of a run whose rounding
 * differences grow (ExportPlan.roundingWarning), by the script's arithmetic: TF.js's float32, Keras's float64.
 */
export const ROUNDING_WORDS = {
  "edge-of-stability": {
    tfjs: "this run is at the edge of stability, where float32 rounding grows: expect the loss to differ by more than 1e-4",
    keras:
      "this run is at the edge of stability, where rounding differences grow: even in float64, expect the loss to part from lrlab's in its last digits",
  },
  "above-bound": {
    tfjs: "this run's rate is above its stability bound and it was diverging, though its steps ran out before it was stopped: float32 rounding grows in an unstable run, so the loss may differ by far more than 1e-4",
    keras:
      "this run's rate is above its stability bound and it was diverging, though its steps ran out before it was stopped: rounding differences grow in an unstable run, so even in float64 the loss may part from lrlab's beyond its last digits",
  },
  "went-above-bound": {
    tfjs: "this run's rate went above its exact stability bound before its schedule brought it back: every step above it grows the error, float32 rounding with it, so the loss may differ by far more than 1e-4, or the script may stop as diverged",
    keras:
      "this run's rate went above its exact stability bound before its schedule brought it back: every step above it grows rounding differences, so even in float64 the loss may part from lrlab's beyond its last digits",
  },
  "loss-rose": {
    tfjs: "this run's loss ended higher than it started, though it was not stopped as diverged: float32 rounding grows in an unstable run, so the loss may differ by far more than 1e-4",
    keras:
      "this run's loss ended higher than it started, though it was not stopped as diverged: rounding differences grow in an unstable run, so even in float64 the loss may part from lrlab's beyond its last digits",
  },
} as const;

/**
 * y's column in the data comment: its name, or, when the run trained on labels made from it, the rule
 * and threshold that made them (the labels, not the column, are written in).
 */
export function labelWords(yName: string, labelledAbove: number | null): string {
  if (labelledAbove === null) return quoted(yName);
  return `${quoted(yName)} turned into labels: 1 where it is above ${JSON.stringify(labelledAbove)} (its median), else 0; the labels are written in`;
}
