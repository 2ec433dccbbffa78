/**
 * The "Beyond the line" tab's own settings: which model, its arguments and how often the sharpness is
 * measured, as rows of lab-state.ts's table (so a link reproduces the run), and their translation into
 * what the worker's `model-run` request carries. The optimizer, schedule, rate, loss and steps are the
 * lab's shared settings (protocol.ts `runConfigOf`).
 *
 * The URL parameters are the CLI's flags: `model=mlp&hidden=8,8&activation=relu&standardize=true`
 * reads as `lrlab fit --model mlp --hidden 8,8 --activation relu --standardize`.
 */
import {
  ACTIVATION_NAMES,
  type ActivationName,
  DEFAULT_MLP_ACTIVATION,
  MAX_HIDDEN_LAYERS,
  MAX_HIDDEN_UNITS,
  MAX_MODEL_PARAMETERS,
} from "../core/index.js";
import type { LabParamSpec, LabState, ScalarField } from "./lab-state.js";

/**
 * The models the lab offers: the line (the lesson's, the default), linear regression, a polynomial,
 * logistic regression and a small network; linear, logistic and the network take several x columns.
 */
export const LAB_MODEL_NAMES = ["line", "linear", "polynomial", "logistic", "mlp"] as const;
export type LabModelName = (typeof LAB_MODEL_NAMES)[number];

/**
 * A network's loss: the Lesson tab's (MSE, MAE or Huber, on a linear output), or Keras BinaryCrossentropy
 * on a sigmoid output (`lrlab fit --model mlp --loss bce`), on labels read as logistic regression reads them.
 */
export const MLP_LOSSES = ["shared", "bce"] as const;
export type MlpLoss = (typeof MLP_LOSSES)[number];

/** What the page's "loss" select says for each network loss (its "shared" option names the Lesson's loss). */
export const MLP_LOSS_WORDS: Readonly<Record<MlpLoss, string>> = {
  shared: "the Lesson's loss (MSE, MAE or Huber)",
  bce: "BCE (sigmoid output)",
};

/** Measurements of the sharpness in a run when its interval is left at 0 (auto). */
export const SHARPNESS_MEASUREMENTS = 50;

/** What the worker needs to build and track the model (besides the run's shared settings). */
export interface ModelSettings {
  readonly name: LabModelName;
  /**
   * linear, logistic and mlp ({@link SEVERAL_INPUTS}): the x columns besides the data's x (its x first,
   * then these, in the data's order).
   */
  readonly features: readonly string[];
  /** polynomial only: the highest power of x. */
  readonly degree: number;
  /** mlp only: units per hidden layer, input side first. */
  readonly hidden: readonly number[];
  /** mlp only. */
  readonly activation: ActivationName;
  /** mlp only: BCE on a sigmoid output, or the shared loss on a linear output. */
  readonly loss: MlpLoss;
  /** Z-score x first (not for the line, which the lesson keeps as it is). */
  readonly standardize: boolean;
  /** Measure the sharpness every this many steps (≥ 1; the state's 0 is resolved by {@link sharpnessEvery}). */
  readonly trackSharpness: number;
}

const isModel =
  (...names: LabModelName[]) =>
  (state: LabState) =>
    names.includes(state.model);

/** The models that take several x columns, as the CLI's `--x a --x b` does (the others take one). */
export const SEVERAL_INPUTS: readonly LabModelName[] = ["linear", "logistic", "mlp"];

/** Whether the model takes several x columns. */
export function takesSeveralInputs(model: LabModelName): boolean {
  return SEVERAL_INPUTS.includes(model);
}

/** The rows of the lab's table for the model (lab-state.ts FIELDS), in URL order. */
export const MODEL_FIELDS: readonly ScalarField[] = [
  {
    kind: "scalar",
    key: "model",
    param: "model",
    spec: () => ({
      key: "model",
      keras: "model",
      flag: "model",
      kind: "choice",
      choices: LAB_MODEL_NAMES,
      default: "line",
      description: "the model of the Beyond the line tab",
    }),
  },
  {
    kind: "scalar",
    key: "features",
    param: "features",
    spec: () => ({
      kind: "text",
      key: "features",
      flag: "features",
      default: "",
      maxLength: 2000,
      description: "the x columns besides x, as a JSON array of names",
    }),
    appliesTo: isModel(...SEVERAL_INPUTS),
    onlyFor: "model=linear, logistic or mlp",
  },
  {
    kind: "scalar",
    key: "degree",
    param: "degree",
    spec: () => ({
      key: "degree",
      keras: "degree",
      flag: "degree",
      kind: "integer",
      default: 2,
      min: 1,
      max: 12,
      description: "the highest power of x",
    }),
    appliesTo: isModel("polynomial"),
    onlyFor: "model=polynomial",
  },
  {
    kind: "scalar",
    key: "hidden",
    param: "hidden",
    spec: (): LabParamSpec => ({
      key: "hidden",
      keras: "units",
      flag: "hidden",
      kind: "numbers",
      default: [16],
      min: 1,
      widths: { layers: MAX_HIDDEN_LAYERS, units: MAX_HIDDEN_UNITS },
      description: "units per hidden layer, e.g. 16 or 8,8",
    }),
    appliesTo: isModel("mlp"),
    onlyFor: "model=mlp",
  },
  {
    kind: "scalar",
    key: "activation",
    param: "activation",
    spec: () => ({
      key: "activation",
      keras: "activation",
      flag: "activation",
      kind: "choice",
      choices: ACTIVATION_NAMES,
      default: DEFAULT_MLP_ACTIVATION,
      description: "the hidden layers' activation",
    }),
    appliesTo: isModel("mlp"),
    onlyFor: "model=mlp",
  },
  {
    kind: "scalar",
    key: "mlpLoss",
    param: "mlp-loss",
    spec: () => ({
      key: "mlpLoss",
      keras: "loss",
      flag: "mlp-loss",
      kind: "choice",
      choices: MLP_LOSSES,
      choiceWords: MLP_LOSS_WORDS,
      default: "shared",
      description:
        "the network's loss: the Lesson tab's on a linear output, or bce (Keras BinaryCrossentropy) on a sigmoid output, on 0/1 labels",
    }),
    appliesTo: isModel("mlp"),
    onlyFor: "model=mlp",
  },
  {
    kind: "scalar",
    key: "standardize",
    param: "standardize",
    spec: () => ({
      key: "standardize",
      keras: "standardize",
      flag: "standardize",
      kind: "boolean",
      default: false,
      description: "z-score x first (population σ, as Keras Normalization)",
    }),
    appliesTo: isModel("linear", "polynomial", "logistic", "mlp"),
    onlyFor: "model=linear, polynomial, logistic or mlp",
  },
  {
    kind: "scalar",
    key: "trackSharpness",
    param: "track-sharpness",
    spec: (): LabParamSpec => ({
      key: "trackSharpness",
      keras: "track_sharpness",
      flag: "track-sharpness",
      kind: "integer",
      default: 0,
      min: 0,
      max: 1_000_000,
      clamp: true,
      description: `measure the sharpness every k steps (0: about ${SHARPNESS_MEASUREMENTS} times a run)`,
    }),
  },
];

/** The settings that change a model run besides the shared run settings (protocol.ts RUN_KEYS). */
export const MODEL_KEYS = [
  "model",
  "features",
  "degree",
  "hidden",
  "activation",
  "mlpLoss",
  "standardize",
  "trackSharpness",
] as const satisfies readonly (keyof LabState)[];

/** The interval the sharpness is measured at: the setting, or about 50 times a run when it is 0. */
export function sharpnessEvery(trackSharpness: number, steps: number): number {
  return trackSharpness > 0 ? trackSharpness : Math.max(1, Math.round(steps / SHARPNESS_MEASUREMENTS));
}

/**
 * The words under the "sharpness every (steps)" field, about the value in it: how often that measures and
 * how many measurements a run of `steps` gets (the first and last step are always measured).
 */
export function sharpnessHint(trackSharpness: number, steps: number): string {
  const every = sharpnessEvery(trackSharpness, steps);
  const measurements = Math.floor(steps / every) + (steps % every === 0 ? 1 : 2);
  const interval = `every ${every.toLocaleString("en-US")} step${every === 1 ? "" : "s"}`;
  const count = `${measurements.toLocaleString("en-US")} measurement${measurements === 1 ? "" : "s"} in ${steps.toLocaleString("en-US")} step${steps === 1 ? "" : "s"}`;
  return trackSharpness > 0
    ? `${interval}: ${count} (0: about ${SHARPNESS_MEASUREMENTS} a run)`
    : `0, auto: about ${SHARPNESS_MEASUREMENTS} a run, ${interval} now (${count})`;
}

/**
 * The extra x columns of the `features` setting: a JSON array of distinct names, none of them `x` or `y`
 * (those would say nothing new); anything else reads as none.
 */
export function featureNames(text: string, x: string, y: string): string[] {
  if (text === "") return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return [];
  }
  if (!Array.isArray(parsed)) return [];
  const names = parsed.filter((name): name is string => typeof name === "string" && name !== x && name !== y);
  return [...new Set(names)];
}

/** The `features` setting for `names`: "" for none. */
export function featuresText(names: readonly string[]): string {
  return names.length === 0 ? "" : JSON.stringify(names);
}

/** The model settings of a lab state: only the arguments that apply to its model carry meaning. */
export function modelSettingsOf(state: LabState): ModelSettings {
  return {
    name: state.model,
    features: takesSeveralInputs(state.model) ? featureNames(state.features, state.x, state.y) : [],
    degree: state.degree,
    hidden: state.hidden,
    activation: state.activation,
    loss: state.model === "mlp" ? state.mlpLoss : "shared",
    standardize: state.model !== "line" && state.standardize,
    trackSharpness: sharpnessEvery(state.trackSharpness, state.steps),
  };
}

/** Floating-point operations a second the cost note assumes of a worker (a plain JS loop on a laptop). */
const FLOPS_PER_SECOND = 1e9;
/** Runs expected to take longer than this many seconds get a note on their cost. */
const SLOW_RUN_SECONDS = 5;

/**
 * What a network of these hidden layers costs: its parameters (Keras Dense layers with biases, `inputs`
 * columns in, one unit out), and, when a run of `steps` full passes over `n` points would take more than a
 * few seconds (about 6 operations per parameter and point a step: forward, backward, update), a sentence
 * saying so, or, past the core's cap on parameters (the CLI's), that it does not run.
 */
export function networkCost(
  hidden: readonly number[],
  inputs: number,
  n: number,
  steps: number,
): { parameters: number; note: string | null } {
  let parameters = 0;
  let fanIn = inputs;
  for (const units of [...hidden, 1]) {
    parameters += fanIn * units + units;
    fanIn = units;
  }
  const seconds = (6 * parameters * n * steps) / FLOPS_PER_SECOND;
  const count = parameters.toLocaleString("en-US");
  if (parameters > MAX_MODEL_PARAMETERS) {
    return {
      parameters,
      note: `${count} parameters: more than the ${MAX_MODEL_PARAMETERS.toLocaleString("en-US")} a model may have (as the CLI), so it does not run; use fewer or narrower layers.`,
    };
  }
  if (seconds <= SLOW_RUN_SECONDS) return { parameters, note: null };
  const time =
    seconds < 120 ? `${Math.round(seconds)} s` : `${Math.round(seconds / 60).toLocaleString("en-US")} min`;
  return {
    parameters,
    note: `${count} parameters: ${steps.toLocaleString("en-US")} steps on ${n.toLocaleString("en-US")} points take about ${time} here. It runs apart from the page, and a newer setting stops it; fewer steps or units run sooner.`,
  };
}

/**
 * Logistic regression's label rule (lab-model.ts `logisticLabels`) as the model picker says it. It lives
 * here, where the page's thread reads it, not in the worker's module; lab-model.test.ts checks the words
 * against the rule.
 */
export const LABEL_RULE_WORDS =
  "y as given when at least half of y is 0 or 1 (as lrlab fit takes labels), so a stray 2 or 3 among them is refused with its row as a likely typo; otherwise 1 where y is above its median and 0 elsewhere, as for the bundled regression data.";
