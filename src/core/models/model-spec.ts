/**
 * Which model a run fits, as plain data, and the model, its inputs and its exact theory built from it.
 *
 *   line        y = w·x + b                       one Dense(1) on one column: the lesson's model
 *   linear      y = x·w + b                       one Dense(1) on d columns
 *   polynomial  y = w₁x + w₂x² + … + w_k·xᵏ + b   one Dense(1) on the powers of one column
 *   logistic    p = σ(x·w + b)                    one Dense(1, sigmoid), Keras BinaryCrossentropy
 *   mlp         Dense(h₁, act) → … → Dense(1)     Keras Dense layers; sigmoid output for BCE
 *
 * `standardize` z-scores each input column (population deviation, as sklearn's StandardScaler and
 * Keras's Normalization) before any feature expansion. The linear family under MSE also gets its exact
 * theory (linear-theory.ts): the optimum, all Hessian eigenvalues, the critical and optimal rates.
 */
import { LrlabError } from "../errors.js";
import { nearestName } from "../params.js";
import { checkFeatureColumns, LARGEST_TRUSTED_VALUE } from "../theory/trust.js";
import { polynomialFeatures, type Standardized, standardize } from "./features.js";
import { glorotUniform } from "./glorot.js";
import {
  type LinearDesignStats,
  type LinearDesignTheory,
  linearDesignStats,
  linearDesignTheory,
} from "./linear-theory.js";
import { type ActivationName, checkActivationName, type Mlp, mlp } from "./mlp.js";
import { fromKerasWeights, type ModelData, type ModelLossName } from "./model.js";
import { checkStartingLoss } from "./start-check.js";

/** The most hidden layers a network may have, and units per layer: the CLI's and the web lab's limits. */
export const MAX_HIDDEN_LAYERS = 8;
export const MAX_HIDDEN_UNITS = 4096;
/**
 * The most parameters a model may have, whatever its layers: the CLI's and the web lab's limit. A plain JS
 * step costs about 8 ns per parameter and data row here, so a network this size runs 100 full-batch steps
 * on 100 points in about 80 s; 4096,4096 (16.8 million) would take half an hour and gigabytes of memory.
 */
export const MAX_MODEL_PARAMETERS = 1_000_000;

export const MODEL_NAMES = ["line", "linear", "polynomial", "logistic", "mlp"] as const;
export type ModelName = (typeof MODEL_NAMES)[number];

/** The activation of `--model mlp` when none is given (Keras Dense's own default, linear, would make it a line). */
export const DEFAULT_MLP_ACTIVATION: ActivationName = "tanh";

export interface ModelSpec {
  readonly name: ModelName;
  /** polynomial: the highest power k ≥ 1. */
  readonly degree?: number;
  /** mlp: units per hidden layer, input side first. */
  readonly hidden?: readonly number[];
  /** mlp: the hidden layers' activation. */
  readonly activation?: ActivationName;
  /** Z-score each input column before any feature expansion. */
  readonly standardize?: boolean;
}

export const LINE_MODEL: ModelSpec = { name: "line" };

/** Validates a model name, suggesting the nearest one. */
export function checkModelName(name: string, where = "model"): ModelName {
  if ((MODEL_NAMES as readonly string[]).includes(name)) return name as ModelName;
  const hint = nearestName(name, MODEL_NAMES);
  throw new LrlabError(
    "E_BAD_ARGUMENT",
    `${where}: unknown model "${name}"${hint ? ` (did you mean "${hint}"?)` : ""}; expected one of ${MODEL_NAMES.join(", ")}`,
  );
}

/** The names a message uses for each part of a spec: the CLI passes its flags. */
export interface ModelSpecNames {
  readonly degree: string;
  readonly hidden: string;
  readonly activation: string;
  readonly x: string;
  readonly loss: string;
}

const DEFAULT_NAMES: ModelSpecNames = {
  degree: "degree",
  hidden: "hidden",
  activation: "activation",
  x: "x",
  loss: "loss",
};

/** A spec with its arguments checked, and those that do not apply to its model refused. */
export function checkModelSpec(spec: ModelSpec, names: ModelSpecNames = DEFAULT_NAMES): ModelSpec {
  const name = checkModelName(spec.name);
  const refuse = (what: string) => {
    throw new LrlabError("E_BAD_ARGUMENT", `${what} does not apply to the ${name} model`);
  };
  if (spec.degree !== undefined) {
    if (name !== "polynomial") refuse(names.degree);
    if (!Number.isInteger(spec.degree) || spec.degree < 1 || spec.degree > 12) {
      throw new LrlabError(
        "E_BAD_ARGUMENT",
        `${names.degree}: expected an integer from 1 to 12, got ${spec.degree}`,
      );
    }
  }
  if (spec.hidden !== undefined) {
    if (name !== "mlp") refuse(names.hidden);
    if (spec.hidden.length === 0 || spec.hidden.length > MAX_HIDDEN_LAYERS) {
      throw new LrlabError(
        "E_BAD_ARGUMENT",
        `${names.hidden}: expected 1 to ${MAX_HIDDEN_LAYERS} layer widths separated by commas, e.g. 16 or 8,8`,
      );
    }
    for (const units of spec.hidden) {
      if (!Number.isInteger(units) || units < 1 || units > MAX_HIDDEN_UNITS) {
        throw new LrlabError(
          "E_BAD_ARGUMENT",
          `${names.hidden}: expected layer widths that are integers from 1 to ${MAX_HIDDEN_UNITS}, got ${spec.hidden.join(",")}`,
        );
      }
    }
  }
  if (spec.activation !== undefined) {
    if (name !== "mlp") refuse(names.activation);
    checkActivationName(spec.activation);
  }
  return { ...spec, name };
}

/**
 * A spec from parsed JSON (`{ "name": "mlp", "hidden": [16], "activation": "tanh" }`), each field's type
 * checked; `bad(what, expected, got)` makes the caller's error. The values are checked by {@link checkModelSpec}.
 */
export function modelSpecFromJson(
  value: unknown,
  bad: (what: string, expected: string, got: unknown) => Error,
): ModelSpec {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw bad("model", 'an object with a "name"', value);
  }
  const {
    name,
    degree,
    hidden,
    activation,
    standardize: standardized,
    ...rest
  } = value as Record<string, unknown>;
  const unknown = Object.keys(rest)[0];
  if (unknown !== undefined)
    throw bad(`model.${unknown}`, "name, degree, hidden, activation or standardize", unknown);
  if (typeof name !== "string") throw bad("model.name", `one of ${MODEL_NAMES.join(", ")}`, name);
  if (degree !== undefined && typeof degree !== "number") throw bad("model.degree", "an integer", degree);
  if (
    hidden !== undefined &&
    !(Array.isArray(hidden) && hidden.every((units) => typeof units === "number"))
  ) {
    throw bad("model.hidden", "an array of layer widths", hidden);
  }
  if (activation !== undefined && typeof activation !== "string") {
    throw bad("model.activation", "an activation name", activation);
  }
  if (standardized !== undefined && typeof standardized !== "boolean") {
    throw bad("model.standardize", "true or false", standardized);
  }
  return {
    name: checkModelName(name, "model.name"),
    ...(degree !== undefined ? { degree } : {}),
    ...(hidden !== undefined ? { hidden: hidden as number[] } : {}),
    ...(activation !== undefined ? { activation: activation as ActivationName } : {}),
    ...(standardized !== undefined ? { standardize: standardized } : {}),
  };
}

/** The loss a model uses when none is given: BCE for logistic regression, MSE otherwise. */
export function defaultLossOf(name: ModelName): ModelLossName {
  return name === "logistic" ? "bce" : "mse";
}

/** A model with its inputs ready: the features it sees, its theory when it has one, and its start. */
export interface PreparedModel {
  readonly spec: ModelSpec;
  readonly model: Mlp;
  readonly data: ModelData;
  /** The names of the features the model sees, e.g. `x`, `x²`, or the chosen columns. */
  readonly featureNames: readonly string[];
  /** The means and deviations used by `standardize`, per input column (before expansion). */
  readonly standardization: Standardized | null;
  /** The exact theory: the linear family (line, linear, polynomial) under MSE only. */
  readonly designStats: LinearDesignStats | null;
  readonly theory: LinearDesignTheory | null;
  /** With `standardize`: the theory the same model would have on the raw columns, to show what it changed. */
  readonly unstandardizedTheory: LinearDesignTheory | null;
}

export interface PrepareOptions {
  readonly loss: ModelLossName;
  readonly huberDelta?: number;
  /** The input columns' names, for the features' names and the messages. */
  readonly columnNames: readonly string[];
  readonly names?: ModelSpecNames;
  /** Where the targets come from, for messages about them: the file and the y column. */
  readonly targetSource?: { readonly source: string; readonly column: string };
  /**
   * What chose BCE, for the message on labels that are not 0 or 1: the loss flag the user typed, or the
   * model whose default it is (`--model logistic (BCE)`); `${names.loss} bce` when not given.
   */
  readonly bceChosenBy?: string;
}

/** Builds the model and its inputs from the chosen columns and the targets. */
export function prepareModel(
  spec: ModelSpec,
  columns: readonly Float64Array[],
  targets: Float64Array,
  { loss, huberDelta = 1, columnNames, names = DEFAULT_NAMES, targetSource, bceChosenBy }: PrepareOptions,
): PreparedModel {
  const checked = checkModelSpec(spec, names);
  const { name } = checked;
  if (columns.length === 0) throw new LrlabError("E_BAD_DATA", "no input column; expected at least one");
  if ((name === "line" || name === "polynomial") && columns.length !== 1) {
    throw new LrlabError(
      "E_USAGE",
      `${names.x} given ${columns.length} times (${columnNames.join(", ")}): the ${name} model takes one column; several need --model linear, logistic or mlp`,
    );
  }
  if (name === "logistic" && loss !== "bce") {
    throw new LrlabError(
      "E_USAGE",
      `${names.loss} ${loss}: the logistic model is fitted with bce (Keras BinaryCrossentropy)`,
    );
  }
  // BCE needs a sigmoid output; the linear family's output is linear (a sigmoid on it is the logistic model).
  if (loss === "bce" && name !== "logistic" && name !== "mlp") {
    throw new LrlabError(
      "E_USAGE",
      `${names.loss} bce needs a sigmoid output: use --model logistic (or mlp); the ${name} model is fitted with mse, mae or huber`,
    );
  }
  if (loss === "bce") checkLabels(targets, bceChosenBy ?? `${names.loss} bce`, targetSource);
  // Every input column, by name: values float64 can square, and a spread it can measure.
  checkFeatureColumns(
    targetSource?.source ?? "data",
    columns.map((values, j) => ({ name: columnNames[j] ?? `column ${j + 1}`, values })),
    { standardized: checked.standardize === true },
  );

  let standardization: Standardized | null = null;
  let inputs = columns;
  if (checked.standardize) {
    standardization = standardize(columns);
    standardization.deviations.forEach((deviation, j) => {
      if (!(deviation > 0)) {
        throw new LrlabError(
          "E_BAD_DATA",
          `--standardize: column ${JSON.stringify(columnNames[j])} has zero deviation (every value is the same); expected a column that varies`,
        );
      }
    });
    inputs = standardization.columns;
  }
  const rawColumns = inputs === columns ? null : columns;
  let featureNames = columnNames.map((columnName) => (checked.standardize ? `z(${columnName})` : columnName));
  if (name === "polynomial") {
    const degree = checked.degree ?? 2;
    inputs = polynomialFeatures(inputs[0] as Float64Array, degree);
    featureNames = inputs.map((_, k) => `${featureNames[0]}${power(k + 1)}`);
    checkFeatureRange(inputs, featureNames, names.degree, degree, checked.standardize === true);
  }

  const model = mlp({
    inputs: inputs.length,
    hidden: name === "mlp" ? (checked.hidden ?? [16]) : [],
    activation: name === "mlp" ? (checked.activation ?? DEFAULT_MLP_ACTIVATION) : "linear",
    output: name === "logistic" || loss === "bce" ? "sigmoid" : "linear",
    loss,
    huberDelta,
  });
  if (model.parameterCount > MAX_MODEL_PARAMETERS) {
    const what =
      name === "mlp" ? `${names.hidden} ${(checked.hidden ?? [16]).join(",")}` : `the ${name} model`;
    throw new LrlabError(
      "E_BAD_ARGUMENT",
      `${what}: ${groupDigits(model.parameterCount)} parameters on ${groupDigits(inputs.length)} input${inputs.length === 1 ? "" : "s"}; at most ${groupDigits(MAX_MODEL_PARAMETERS)} (about 80 s per 100 steps on 100 points here), so use fewer or narrower layers`,
    );
  }
  const data = rowMajor(inputs, targets);
  const linearFamily = name === "line" || name === "linear" || name === "polynomial";
  const designStats = linearFamily && loss === "mse" ? linearDesignStats(inputs, targets) : null;
  const rawFeatures =
    designStats && rawColumns
      ? name === "polynomial"
        ? polynomialFeatures(rawColumns[0] as Float64Array, checked.degree ?? 2)
        : rawColumns
      : null;
  // The raw powers may be beyond float64 where the standardized ones are not: then there is no raw theory.
  const rawInputs = rawFeatures?.every(withinTrustedRange) ? rawFeatures : null;
  return {
    spec: checked,
    model,
    data,
    featureNames,
    standardization,
    designStats,
    theory: designStats ? linearDesignTheory(designStats) : null,
    unstandardizedTheory: rawInputs ? linearDesignTheory(linearDesignStats(rawInputs, targets)) : null,
  };
}

/**
 * The starting parameters: `weights` in Keras get_weights() order when given; otherwise glorot_uniform
 * kernels and zero biases from `seed` for an mlp (Keras's defaults), and zeros for the linear family and
 * logistic regression (the classical start, the same whatever the seed).
 */
export function initialParameters(prepared: PreparedModel, seed: number, weights?: unknown): Float64Array {
  if (weights !== undefined) {
    // Given weights can be any size; glorot's and zeros always give a finite loss.
    const params = fromKerasWeights(prepared.model, weights);
    checkStartingLoss(prepared.model, prepared.data, params);
    return params;
  }
  if (prepared.spec.name === "mlp") return glorotUniform(prepared.model, seed);
  return new Float64Array(prepared.model.parameterCount);
}

/** Whether every value of a feature can be squared and summed in float64 (theory/trust.ts's bound). */
function withinTrustedRange(feature: Float64Array): boolean {
  return feature.every((value) => Math.abs(value) <= LARGEST_TRUSTED_VALUE);
}

/**
 * Polynomial features whose squares overflow float64 make every loss and the theory NaN: a user error
 * that names the power and the way out, not a run of NaNs.
 */
function checkFeatureRange(
  features: readonly Float64Array[],
  featureNames: readonly string[],
  degreeName: string,
  degree: number,
  standardized: boolean,
): void {
  features.forEach((feature, k) => {
    if (withinTrustedRange(feature)) return;
    let largest = 0;
    for (const value of feature) largest = Math.max(largest, Math.abs(value));
    const size = Number.isFinite(largest) ? largest.toExponential(0).replace("e+", "e") : "beyond 1e308";
    throw new LrlabError(
      "E_BAD_DATA",
      `${degreeName} ${degree}: the feature ${featureNames[k]} reaches ${size}, too large to square in float64; ${standardized ? "use a lower degree" : "add --standardize or use a lower degree"}`,
    );
  });
}

/** Row-major inputs from columns. */
function rowMajor(columns: readonly Float64Array[], targets: Float64Array): ModelData {
  const features = columns.length;
  const rows = targets.length;
  const inputs = new Float64Array(rows * features);
  columns.forEach((column, j) => {
    if (column.length !== rows) {
      throw new LrlabError("E_BAD_DATA", `column ${j + 1} has ${column.length} values; expected ${rows}`);
    }
    for (let r = 0; r < rows; r++) inputs[r * features + j] = column[r] as number;
  });
  return { inputs, targets, features };
}

/** BCE needs labels 0 or 1 (Keras accepts soft labels, but a regression target here is a mistake). */
function checkLabels(targets: Float64Array, chosenBy: string, from: PrepareOptions["targetSource"]): void {
  for (let r = 0; r < targets.length; r++) {
    const label = targets[r] as number;
    if (label !== 0 && label !== 1) {
      const where = from
        ? `${from.source}: column ${JSON.stringify(from.column)}, data row ${r + 1}`
        : `row ${r + 1} of the data`;
      throw new LrlabError("E_BAD_DATA", `${chosenBy}: labels must be 0 or 1; ${where} has ${label}`);
    }
  }
}

/** 16797697 → "16,797,697", the way the CLI and the lab print counts. */
function groupDigits(count: number): string {
  return String(count).replace(/\B(?=(\d{3})+$)/g, ",");
}

const SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹";
function power(k: number): string {
  if (k === 1) return "";
  return String(k)
    .split("")
    .map((digit) => SUPERSCRIPTS[Number(digit)])
    .join("");
}
