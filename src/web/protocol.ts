/**
 * The messages between the page and the lab worker, and the pure translations from the lab's state into
 * requests. The page never does the math: it asks the worker (worker.ts → lab.ts), which runs src/core.
 *
 * Every request carries an `id`; its answer carries the same `id` and either the requested `type` or
 * `error`. Typed arrays in answers are transferred, not copied (see {@link transferablesOf}).
 */

import type { ExportVerdict } from "../core/export/export-plan.js";
import type { LossName, ParamValue, RangeTestResult } from "../core/index.js";
import type {
  DataInfo,
  ExportCodeResult,
  ExportResult,
  GuessResult,
  GuideResult,
  LandscapeResult,
  ModelRunResult,
  PlanResult,
  RaceResult,
  RunResult,
} from "./answers.js";
import { type BundledName, DATA_CATALOG, type PresetName } from "./catalog.js";
import type { LabState } from "./lab-state.js";
import type { ModelSettings } from "./model-settings.js";
import type { RaceLaneSetting } from "./race-lanes.js";

export type {
  DataInfo,
  ExportCodeResult,
  ExportResult,
  GuessResult,
  GuideResult,
  LandscapeResult,
  ModelLandscapeResult,
  ModelRunResult,
  PlanResult,
  RaceLane,
  RaceResult,
  RunHistory,
  RunResult,
  TheorySummary,
} from "./answers.js";

/** Where the data come from. CSV files travel as a Blob (a File), which the worker streams. */
export type DataSource =
  | { readonly kind: "preset"; readonly name: PresetName; readonly points: number; readonly seed: number }
  | { readonly kind: "bundled"; readonly name: BundledName; readonly x: string; readonly y: string }
  | {
      readonly kind: "csv";
      readonly file: Blob;
      readonly fileName: string;
      /** "" picks the first two columns that look numeric. */
      readonly x: string;
      readonly y: string;
    };

/** Everything a run depends on besides the data. */
export interface RunConfig {
  readonly loss: LossName;
  readonly huberDelta: number;
  readonly optimizer: string;
  readonly learningRate: number;
  readonly optimizerArgs: Readonly<Record<string, ParamValue>>;
  readonly schedule: string;
  readonly scheduleArgs: Readonly<Record<string, ParamValue>>;
  /** 0: full batch. */
  readonly batchSize: number;
  readonly steps: number;
  readonly seed: number;
  readonly initialW: number;
  readonly initialB: number;
}

/** The options of the LR range test the lab exposes (the core's defaults otherwise). */
export interface RangeTestRequestOptions {
  readonly startLearningRate?: number;
  readonly endLearningRate?: number;
  readonly numIterations?: number;
  readonly batchSize?: number;
}

/** The languages the run can be copied in: TensorFlow.js for node, or Keras 3 in Python. */
export type ExportCodeFormat = "tfjs" | "keras";

export type LabRequest =
  | { readonly type: "load-data"; readonly id: number; readonly source: DataSource }
  | { readonly type: "run"; readonly id: number; readonly config: RunConfig }
  | {
      readonly type: "export";
      readonly id: number;
      readonly config: RunConfig;
      readonly format: "json" | "csv";
    }
  | {
      readonly type: "export-code";
      readonly id: number;
      readonly config: RunConfig;
      /** The model of "Beyond the line"; null: the lesson's line. */
      readonly model: ModelSettings | null;
      /** The script's language; null: only whether the run can be exported. */
      readonly format: ExportCodeFormat | null;
      /** Where the run came from, for the script's first comment (the lab's link). */
      readonly command: string;
      /** The verdict on the run on screen (the model's; null: the lesson's line, never at an edge). */
      readonly verdict: ExportVerdict | null;
    }
  | {
      readonly type: "range-test";
      readonly id: number;
      readonly config: RunConfig;
      readonly options: RangeTestRequestOptions;
    }
  | {
      readonly type: "landscape";
      readonly id: number;
      readonly config: RunConfig;
      /** Grid points along each axis. */
      readonly grid: number;
      /** Points the map must hold besides the optimum and the run's start (e.g. the guesses' box). */
      readonly include?: { readonly w: readonly number[]; readonly b: readonly number[] };
    }
  | {
      readonly type: "race";
      readonly id: number;
      /** The settings every lane shares; each lane replaces the optimizer and the rate. */
      readonly config: RunConfig;
      readonly lanes: readonly RaceLaneSetting[];
    }
  | {
      readonly type: "guesses";
      readonly id: number;
      /** The loss and the start (where gradient descent starts for the comparison). */
      readonly config: RunConfig;
      readonly trials: number;
      readonly seed: number;
    }
  /** The guided lesson's facts for the data loaded (for Keras SGD from the lesson's start). */
  | { readonly type: "guide"; readonly id: number }
  /** The lesson's four rates for these settings (their optimizer, start, batch size and loss). */
  | { readonly type: "lesson-plan"; readonly id: number; readonly config: RunConfig }
  /** A model beyond the line trained with the shared settings, its sharpness tracked (lab-model.ts). */
  | {
      readonly type: "model-run";
      readonly id: number;
      readonly config: RunConfig;
      readonly model: ModelSettings;
    };

export type LabRequestType = LabRequest["type"];

export type LabResponse =
  | { readonly type: "load-data"; readonly id: number; readonly info: DataInfo }
  | { readonly type: "run"; readonly id: number; readonly result: RunResult }
  | { readonly type: "export"; readonly id: number; readonly result: ExportResult }
  | { readonly type: "export-code"; readonly id: number; readonly result: ExportCodeResult }
  | { readonly type: "range-test"; readonly id: number; readonly result: RangeTestResult }
  | { readonly type: "landscape"; readonly id: number; readonly result: LandscapeResult }
  | { readonly type: "race"; readonly id: number; readonly result: RaceResult }
  | { readonly type: "guesses"; readonly id: number; readonly result: GuessResult }
  | { readonly type: "guide"; readonly id: number; readonly result: GuideResult }
  | { readonly type: "lesson-plan"; readonly id: number; readonly result: PlanResult }
  | { readonly type: "model-run"; readonly id: number; readonly result: ModelRunResult }
  | { readonly type: "error"; readonly id: number; readonly code: string; readonly message: string };

/** The successful answer to a request of type `T`. */
export type ResponseFor<T extends LabRequestType> = Extract<LabResponse, { type: T }>;

/** At most this many points go to the page for drawing; the worker keeps them all. */
export const SAMPLE_LIMIT = 20_000;

/** The run settings of a lab state. */
export function runConfigOf(state: LabState): RunConfig {
  return {
    loss: state.loss,
    huberDelta: state.huberDelta,
    optimizer: state.optimizer,
    learningRate: state.learningRate,
    optimizerArgs: state.optimizerArgs,
    schedule: state.schedule,
    scheduleArgs: state.scheduleArgs,
    batchSize: state.batchSize,
    steps: state.steps,
    seed: state.seed,
    initialW: state.initialW,
    initialB: state.initialB,
  };
}

/** The data source of a lab state, or null for an uploaded file (which only the page holds). */
export function presetOrBundledSource(state: LabState): DataSource | null {
  const entry = DATA_CATALOG[state.data];
  if (entry.kind === "preset") {
    return { kind: "preset", name: state.data as PresetName, points: state.points, seed: state.dataSeed };
  }
  if (entry.kind === "bundled")
    return { kind: "bundled", name: state.data as BundledName, x: state.x, y: state.y };
  return null;
}

/** The state fields that decide the data; a change to any of them means loading data again. */
export const DATA_KEYS = [
  "data",
  "points",
  "dataSeed",
  "x",
  "y",
  "file",
] as const satisfies readonly (keyof LabState)[];

/** The state fields that decide a run; a change to any of them means running again. */
export const RUN_KEYS = [
  "loss",
  "huberDelta",
  "optimizer",
  "learningRate",
  "optimizerArgs",
  "schedule",
  "scheduleArgs",
  "batchSize",
  "steps",
  "seed",
  "initialW",
  "initialB",
] as const satisfies readonly (keyof RunConfig & keyof LabState)[];

/** The buffers of an answer to transfer rather than copy. */
export function transferablesOf(response: LabResponse): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>();
  const add = (array: Float64Array) => {
    if (array.buffer instanceof ArrayBuffer) buffers.add(array.buffer);
  };
  if (response.type === "load-data") {
    add(response.info.sampleX);
    add(response.info.sampleY);
  } else if (response.type === "run") {
    addRun(response.result, add);
  } else if (response.type === "race") {
    for (const lane of response.result.lanes) addRun(lane.run, add);
  } else if (response.type === "guesses") {
    const { w, b, loss, gradientDescent } = response.result;
    for (const column of [w, b, loss, gradientDescent.losses]) add(column);
  } else if (response.type === "model-run") {
    const { history, sharpness, thresholds, curve, landscape } = response.result;
    for (const column of [history.step, history.learningRate, history.loss, sharpness.step, sharpness.value])
      add(column);
    for (const column of [thresholds.plain, thresholds.optimizer, curve.x, curve.y]) if (column) add(column);
    if (response.result.predictions) {
      add(response.result.predictions.actual);
      add(response.result.predictions.predicted);
    }
    if (response.result.plane) add(response.result.plane.grid.values);
    if (landscape) {
      const { alpha, beta, values, path } = landscape;
      for (const column of [alpha, beta, values, path.alpha, path.beta, path.step]) add(column);
    }
  }
  return [...buffers];
}

function addRun(result: RunResult, add: (array: Float64Array) => void): void {
  const { history, slices } = result;
  for (const column of [
    history.step,
    history.epoch,
    history.learningRate,
    history.loss,
    history.w,
    history.b,
  ]) {
    add(column);
  }
  if (slices) {
    for (const slice of [slices.w, slices.b]) {
      for (const column of [slice.curveX, slice.curveLoss, slice.stepLoss]) add(column);
    }
  }
}

const REQUEST_TYPES: readonly string[] = [
  "load-data",
  "run",
  "export",
  "export-code",
  "range-test",
  "landscape",
  "race",
  "guesses",
  "guide",
  "lesson-plan",
  "model-run",
];
const RESPONSE_TYPES: readonly string[] = [...REQUEST_TYPES, "error"];

function hasTypeAndId(value: unknown, types: readonly string[]): boolean {
  if (typeof value !== "object" || value === null) return false;
  const { type, id } = value as { type?: unknown; id?: unknown };
  return typeof type === "string" && types.includes(type) && typeof id === "number" && Number.isInteger(id);
}

/** A message the worker can answer: a known type and an integer id (the payload is checked by the core). */
export function isLabRequest(value: unknown): value is LabRequest {
  return hasTypeAndId(value, REQUEST_TYPES);
}

/** A message from the worker: a known type and an integer id. */
export function isLabResponse(value: unknown): value is LabResponse {
  return hasTypeAndId(value, RESPONSE_TYPES);
}
