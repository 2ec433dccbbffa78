/**
 * The lab's whole state, as one declarative table: every setting a learner can change is one row of
 * {@link FIELDS}, with its key in the state, its URL parameter (the CLI flag where the CLI has one, so a
 * link reads like a command line) and its spec. Optimizer, schedule, range-test and race arguments are
 * not listed one by one: an `args` row takes a ParamSpec table (the core's for the chosen optimizer or
 * schedule, race-lanes.ts's for the race's lanes), so an argument added there is in the URL, the form and
 * the worker at once. url-state.ts turns this table into the URL codec; the panels turn it into fields.
 */
import {
  type ActivationName,
  DEFAULT_STEPS,
  LOSS_NAMES,
  type LossName,
  OPTIMIZER_NAMES,
  type OptimizerCliName,
  optimizerParams,
  type ParamSpec,
  type ParamValue,
  rangeTestParams,
  SCHEDULE_NAMES,
  type ScheduleName,
  scheduleParams,
  trainParams,
} from "../core/index.js";
import { DATA_CATALOG, DATA_NAMES, type DataName, MAX_POINTS } from "./catalog.js";
import {
  DEFAULT_GUESSES,
  DEFAULT_SPEED,
  LAB_SCHEDULE_DEFAULTS,
  MAX_GUESSES,
  MAX_RANGE_TEST_ITERATIONS,
  SPEEDS,
} from "./lab-defaults.js";
import { type LabModelName, type MlpLoss, MODEL_FIELDS } from "./model-settings.js";
import { raceLaneParams } from "./race-lanes.js";

/** Chapters of the guided lesson (core guide.ts CHAPTER_IDS). */
export const GUIDE_CHAPTERS = 9;

/** Everything that makes a lab reproducible: reload or share the URL and the same run comes back. */
export interface LabState {
  /** The tab on show (an id of views/registry.ts TABS; the page checks it). */
  readonly tab: string;
  readonly data: DataName;
  /** Points of a synthetic preset; 0 means the preset's own count. */
  readonly points: number;
  /** Seed of a synthetic preset's noise. */
  readonly dataSeed: number;
  /** Columns of a bundled data set or CSV file; "" means the data set's default. */
  readonly x: string;
  readonly y: string;
  /** The uploaded file's name (its contents never go into the URL). */
  readonly file: string;
  readonly loss: LossName;
  readonly huberDelta: number;
  readonly optimizer: OptimizerCliName;
  /** The constant rate, or the schedule's rate argument. */
  readonly learningRate: number;
  /** The optimizer's arguments other than the rate, defaults filled in. */
  readonly optimizerArgs: Readonly<Record<string, ParamValue>>;
  readonly schedule: ScheduleName;
  /** The schedule's arguments other than its rate, defaults filled in (the lab's where Keras has none). */
  readonly scheduleArgs: Readonly<Record<string, ParamValue>>;
  /** Points per update; 0 means all of them (full batch). */
  readonly batchSize: number;
  readonly steps: number;
  /** Seeds the mini-batch shuffles. */
  readonly seed: number;
  /** Where the red line starts. */
  readonly initialW: number;
  readonly initialB: number;
  /** Beyond the line (model-settings.ts): the model, its arguments, the sharpness interval (0: auto). */
  readonly model: LabModelName;
  /** linear only: the x columns beside `x`, as a JSON array of names (names may hold any character). */
  readonly features: string;
  readonly degree: number;
  readonly hidden: readonly number[];
  readonly activation: ActivationName;
  /** mlp only: the shared loss on a linear output, or BCE on a sigmoid output. */
  readonly mlpLoss: MlpLoss;
  readonly standardize: boolean;
  readonly trackSharpness: number;
  /** Steps per second while playing. */
  readonly speed: number;
  /** The recorded step on show. */
  readonly at: number;
  /** The LR range test's own arguments (the core's `rangeTestParams`), defaults filled in. */
  readonly rangeTestArgs: Readonly<Record<string, ParamValue>>;
  /** The race's lanes (race-lanes.ts: how many, and each lane's optimizer and rate), defaults filled in. */
  readonly raceArgs: Readonly<Record<string, ParamValue>>;
  /** The race's recorded step on show (every lane at the same step). */
  readonly raceAt: number;
  /** Random guessing: how many guesses, their seed, guesses per second while playing, and how many are shown. */
  readonly guessTrials: number;
  readonly guessSeed: number;
  readonly guessSpeed: number;
  readonly guessAt: number;
  /** The guided lesson's chapter on show (1–9); 0: the guide is closed. */
  readonly chapter: number;
  /** Presenter mode (1): large type, the chapter's panels only, arrow keys turn chapters. */
  readonly present: number;
  /** Controls hidden from the learner, comma-separated names (view-rules.ts HIDEABLE). */
  readonly hide: string;
  /** Embedded (1): one panel alone, for an iframe in course notes; `panel` names it. */
  readonly embed: number;
  readonly panel: string;
}

export type ArgsGroup = "optimizerArgs" | "scheduleArgs" | "rangeTestArgs" | "raceArgs";
export type ScalarKey = Exclude<keyof LabState, ArgsGroup>;

/** A free-text setting (a column or file name); the core's specs have no such kind. */
export interface TextSpec {
  readonly kind: "text";
  readonly key: string;
  readonly flag: string;
  readonly description: string;
  readonly default: string;
  readonly maxLength: number;
}

/**
 * A core spec with the lab's three additions: a number that must be one of a few values (the speeds of the
 * speed picker); `clamp`: the maximum is the lab's limit rather than part of the setting's meaning
 * (points, steps, num_it, positions), so a link that asks for more gets the limit, with a notice, instead
 * of the default; and `widths`: a list of numbers that are a network's layer widths (whole, at most
 * `units` each, one to `layers` of them); `choiceWords`: what the page's select calls each choice, for a
 * notice about a link (a choice's URL value can be an internal word, as mlp-loss's "shared").
 */
export type LabParamSpec = ParamSpec & {
  readonly oneOf?: readonly number[];
  readonly choiceWords?: Readonly<Record<string, string>>;
  readonly clamp?: boolean;
  readonly widths?: { readonly layers: number; readonly units: number };
};

export type FieldSpec = LabParamSpec | TextSpec;

/** One scalar setting: its state key, URL parameter and spec (which may depend on earlier fields). */
export interface ScalarField {
  readonly kind: "scalar";
  readonly key: ScalarKey;
  readonly param: string;
  readonly spec: (state: LabState) => FieldSpec;
  /** Whether the setting means anything in this state (`delta` only for Huber); default: always. */
  readonly appliesTo?: (state: LabState) => boolean;
  /** Why it does not apply, for the notice when a link sets it anyway. */
  readonly onlyFor?: string;
}

/** A table of arguments (the chosen optimizer's, schedule's, …): one URL parameter per spec, named by its flag. */
export interface ArgsField {
  readonly kind: "args";
  readonly key: ArgsGroup;
  readonly specs: (state: LabState) => readonly LabParamSpec[];
}

export type Field = ScalarField | ArgsField;

/** A core spec under the lab's own key and URL name, bounds and default adjusted where the lab differs. */
function trainSpec(key: (typeof trainParams)[number]["key"], changes: Partial<ParamSpec> = {}): ParamSpec {
  const spec = trainParams.find((candidate) => candidate.key === key) as ParamSpec;
  return { ...spec, ...changes } as ParamSpec;
}

const fixed =
  (spec: FieldSpec) =>
  (_: LabState): FieldSpec =>
    spec;

const choice = (
  key: string,
  choices: readonly string[],
  fallback: string,
  description: string,
): ParamSpec => ({
  key,
  keras: key,
  flag: key,
  kind: "choice",
  choices,
  default: fallback,
  description,
});

const text = (key: string, description: string): TextSpec => ({
  kind: "text",
  key,
  flag: key,
  description,
  default: "",
  maxLength: 200,
});

/** A non-negative integer saying how far playback has got, at most `max` (a link asking for more gets `max`). */
function positionSpec(key: ScalarKey, flag: string, description: string, max: number): LabParamSpec {
  return { key, keras: flag, flag, kind: "integer", default: 0, min: 0, max, clamp: true, description };
}

/** A speed of the speed picker (steps or guesses per second): one of {@link SPEEDS}. */
function speedSpec(key: ScalarKey, flag: string, description: string): LabParamSpec {
  return { key, keras: flag, flag, kind: "integer", default: DEFAULT_SPEED, oneOf: SPEEDS, description };
}

/**
 * Where the red line may start: |w|, |b| ≤ 1e100. A sanity bound for links (`init-w=1e300` makes every
 * loss infinite), far beyond any start a chart can show, even for data in the billions (a population);
 * the worker still checks that the starting loss is finite on the data at hand (lab.ts).
 */
export const START_BOUND = 1e100;

/** The LR range test's arguments as the lab takes them: num_it at most {@link MAX_RANGE_TEST_ITERATIONS}. */
export const labRangeTestParams: readonly LabParamSpec[] = rangeTestParams.map((spec) =>
  spec.key === "numIterations"
    ? {
        ...spec,
        max: MAX_RANGE_TEST_ITERATIONS,
        clamp: true,
        description: `${spec.description} (at most ${MAX_RANGE_TEST_ITERATIONS.toLocaleString("en-US")} here, so that the test takes seconds)`,
      }
    : spec,
);

const isPreset = (state: LabState) => DATA_CATALOG[state.data].kind === "preset";
const hasColumns = (state: LabState) => DATA_CATALOG[state.data].kind !== "preset";

/**
 * The rate's spec: the optimizer's own (its Keras default and range, as the CLI's `--lr`), but > 0, since a
 * log slider cannot show 0. A huge rate is a run that diverges, a result like any other.
 */
export function learningRateSpec(optimizer: string): ParamSpec {
  const spec = optimizerParams(optimizer).find((candidate) => candidate.key === "learningRate");
  return { ...(spec as ParamSpec), minExclusive: true } as ParamSpec;
}

/** The optimizer's arguments, without the rate (which has its own control and parameter). */
export function optimizerArgSpecs(optimizer: string): readonly ParamSpec[] {
  return optimizerParams(optimizer).filter((spec) => spec.key !== "learningRate");
}

/** The schedule's arguments with the lab's defaults where Keras requires a value. */
export function scheduleArgSpecs(schedule: string): readonly ParamSpec[] {
  const labDefaults = LAB_SCHEDULE_DEFAULTS[schedule] ?? {};
  return scheduleParams(schedule).map((spec) => {
    const value = labDefaults[spec.key];
    return value === undefined ? spec : ({ ...spec, default: value } as ParamSpec);
  });
}

/** The table: every setting, in the order it is decoded and written to the URL. */
export const FIELDS: readonly Field[] = [
  {
    kind: "scalar",
    key: "tab",
    param: "tab",
    spec: fixed({ ...text("tab", "the tab on show"), default: "lesson" }),
  },
  {
    kind: "scalar",
    key: "data",
    param: "data",
    spec: fixed(choice("data", DATA_NAMES, "lesson", "the data set")),
  },
  {
    kind: "scalar",
    key: "points",
    param: "points",
    spec: fixed({
      key: "points",
      keras: "n",
      flag: "points",
      kind: "integer",
      default: 0,
      min: 0,
      max: MAX_POINTS,
      clamp: true,
      description: "points of a synthetic data set (0: the preset's own count)",
    }),
    appliesTo: isPreset,
    onlyFor: "synthetic presets",
  },
  {
    kind: "scalar",
    key: "dataSeed",
    param: "data-seed",
    spec: fixed(trainSpec("seed", { key: "dataSeed", flag: "data-seed", default: 42, min: 0 })),
    appliesTo: isPreset,
    onlyFor: "synthetic presets",
  },
  {
    kind: "scalar",
    key: "x",
    param: "x",
    spec: fixed(text("x", "the x column")),
    appliesTo: hasColumns,
    onlyFor: "bundled data sets and CSV files",
  },
  {
    kind: "scalar",
    key: "y",
    param: "y",
    spec: fixed(text("y", "the y column")),
    appliesTo: hasColumns,
    onlyFor: "bundled data sets and CSV files",
  },
  {
    kind: "scalar",
    key: "file",
    param: "file",
    spec: fixed(text("file", "the uploaded file's name")),
    appliesTo: (state) => state.data === "csv",
    onlyFor: "data=csv",
  },
  { kind: "scalar", key: "loss", param: "loss", spec: fixed(choice("loss", LOSS_NAMES, "mse", "the loss")) },
  {
    kind: "scalar",
    key: "huberDelta",
    param: "delta",
    spec: fixed(trainSpec("huberDelta")),
    appliesTo: (state) => state.loss === "huber",
    onlyFor: "loss=huber",
  },
  {
    kind: "scalar",
    key: "optimizer",
    param: "optimizer",
    spec: fixed(choice("optimizer", OPTIMIZER_NAMES, "sgd", "the optimizer")),
  },
  { kind: "scalar", key: "learningRate", param: "lr", spec: (state) => learningRateSpec(state.optimizer) },
  { kind: "args", key: "optimizerArgs", specs: (state) => optimizerArgSpecs(state.optimizer) },
  {
    kind: "scalar",
    key: "schedule",
    param: "schedule",
    spec: fixed(choice("schedule", SCHEDULE_NAMES, "constant", "the learning-rate schedule")),
  },
  { kind: "args", key: "scheduleArgs", specs: (state) => scheduleArgSpecs(state.schedule) },
  {
    kind: "scalar",
    key: "batchSize",
    param: "batch-size",
    // At most the most points the lab holds: a larger batch is the whole data set anyway.
    spec: fixed({
      ...trainSpec("batchSize", {
        default: 0,
        min: 0,
        max: MAX_POINTS,
        description: "points per update (0: all)",
      }),
      clamp: true,
    }),
  },
  {
    kind: "scalar",
    key: "steps",
    param: "steps",
    spec: fixed({
      ...trainSpec("steps", {
        default: DEFAULT_STEPS,
        min: 1,
        max: 1_000_000,
        description: "updates in the run",
      }),
      clamp: true,
    }),
  },
  {
    kind: "scalar",
    key: "seed",
    param: "seed",
    spec: fixed(trainSpec("seed", { description: "seeds the mini-batch shuffles" })),
  },
  {
    kind: "scalar",
    key: "initialW",
    param: "init-w",
    spec: fixed(trainSpec("initialW", { min: -START_BOUND, max: START_BOUND })),
  },
  {
    kind: "scalar",
    key: "initialB",
    param: "init-b",
    spec: fixed(trainSpec("initialB", { min: -START_BOUND, max: START_BOUND })),
  },
  ...MODEL_FIELDS,
  {
    kind: "scalar",
    key: "speed",
    param: "speed",
    spec: fixed(speedSpec("speed", "speed", "steps per second while playing")),
  },
  {
    kind: "scalar",
    key: "at",
    param: "at",
    // A recorded row, so at most the steps (a long run records every k-th step: fewer rows).
    spec: (state) => positionSpec("at", "at", "the recorded step on show", state.steps),
  },
  { kind: "args", key: "rangeTestArgs", specs: () => labRangeTestParams },
  { kind: "args", key: "raceArgs", specs: () => raceLaneParams },
  {
    kind: "scalar",
    key: "raceAt",
    param: "race-at",
    spec: (state) => positionSpec("raceAt", "race-at", "the race's step on show", state.steps),
  },
  {
    kind: "scalar",
    key: "guessTrials",
    param: "trials",
    spec: fixed({
      key: "guessTrials",
      keras: "trials",
      flag: "trials",
      kind: "integer",
      default: DEFAULT_GUESSES,
      min: 1,
      max: MAX_GUESSES,
      clamp: true,
      description: "random guesses of (w, b)",
    }),
  },
  {
    kind: "scalar",
    key: "guessSeed",
    param: "guess-seed",
    spec: fixed(
      trainSpec("seed", { key: "guessSeed", flag: "guess-seed", description: "seeds the guesses" }),
    ),
  },
  {
    kind: "scalar",
    key: "guessSpeed",
    param: "guess-speed",
    spec: fixed(speedSpec("guessSpeed", "guess-speed", "guesses per second while playing")),
  },
  {
    kind: "scalar",
    key: "guessAt",
    param: "guesses",
    spec: (state) => positionSpec("guessAt", "guesses", "guesses shown", state.guessTrials),
  },
  {
    kind: "scalar",
    key: "chapter",
    param: "chapter",
    spec: fixed({
      key: "chapter",
      keras: "chapter",
      flag: "chapter",
      kind: "integer",
      default: 1,
      min: 0,
      max: GUIDE_CHAPTERS,
      clamp: true,
      description: "the guided lesson's chapter on show (0: the guide closed)",
    }),
  },
  { kind: "scalar", key: "present", param: "present", spec: fixed(switchSpec("present", "presenter mode")) },
  {
    kind: "scalar",
    key: "hide",
    param: "hide",
    spec: fixed(text("hide", "controls to hide, comma-separated (data, optimizer, …)")),
  },
  {
    kind: "scalar",
    key: "embed",
    param: "embed",
    spec: fixed(switchSpec("embed", "one panel alone, for an iframe")),
  },
  {
    kind: "scalar",
    key: "panel",
    param: "panel",
    spec: fixed({ ...text("panel", "the panel an embedded lab shows"), default: "scene" }),
    appliesTo: (state) => state.embed === 1,
    onlyFor: "embed=1",
  },
];

/** A switch a link turns on with `=1`, as TensorFlow Playground's flags read. */
function switchSpec(key: ScalarKey, description: string): LabParamSpec {
  return { key, keras: key, flag: key, kind: "integer", default: 0, min: 0, max: 1, description };
}

/** The scalar field of `key`. */
export function scalarField(key: ScalarKey): ScalarField {
  const field = FIELDS.find((candidate) => candidate.kind === "scalar" && candidate.key === key);
  if (!field) throw new Error(`internal: no field ${key}`);
  return field as ScalarField;
}

/** The spec of a scalar setting in this state (the rate's default depends on the optimizer). */
export function specOf(state: LabState, key: ScalarKey): FieldSpec {
  return scalarField(key).spec(state);
}

/** The effective default of a spec ("" for text, undefined for an optional argument with none). */
export function defaultOf(spec: FieldSpec): ParamValue | undefined {
  return spec.default;
}

/** Default values of the arguments in `specs`; an argument with no default is left out. */
export function argDefaults(specs: readonly ParamSpec[]): Record<string, ParamValue> {
  const args: Record<string, ParamValue> = {};
  for (const spec of specs) if (spec.default !== undefined) args[spec.key] = spec.default;
  return args;
}

/** The lab as it opens with a bare URL: the lesson's data, Keras SGD at its default rate, 100 steps. */
export function defaultState(): LabState {
  let state = {} as LabState;
  for (const field of FIELDS) {
    if (field.kind === "args") state = { ...state, [field.key]: argDefaults(field.specs(state)) };
    else state = { ...state, [field.key]: defaultOf(field.spec(state)) };
  }
  return state;
}

/** The state with another optimizer: its own arguments at their defaults; the rate follows its default if it sat on the old one. */
export function withOptimizer(state: LabState, optimizer: OptimizerCliName): LabState {
  const oldDefault = learningRateSpec(state.optimizer).default;
  const newDefault = learningRateSpec(optimizer).default as number;
  return {
    ...state,
    optimizer,
    learningRate: state.learningRate === oldDefault ? newDefault : state.learningRate,
    optimizerArgs: argDefaults(optimizerArgSpecs(optimizer)),
  };
}

/** The state with another schedule, its arguments at their (lab) defaults. */
export function withSchedule(state: LabState, schedule: ScheduleName): LabState {
  return { ...state, schedule, scheduleArgs: argDefaults(scheduleArgSpecs(schedule)) };
}
