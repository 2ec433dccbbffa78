/**
 * The messages between the page and the lab worker, and the pure translations from the lab's state into
 * requests. The page never does the math: it asks the worker (worker.ts → lab.ts), which runs src/core.
 *
 * Every request carries an `id`; its answer carries the same `id` and either the requested `type` or
 * `error`. Typed arrays in answers are transferred, not copied (see {@link transferablesOf}).
 */
import type {
  GradientDescentRegime,
  LossName,
  ParamValue,
  RangeTestResult,
  StabilityBound,
  TrainStatus,
  Verdict,
} from "../core/index.js";
import { type BundledName, DATA_CATALOG, type PresetName } from "./catalog.js";
import type { LabState } from "./lab-state.js";

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
    };

export type LabRequestType = LabRequest["type"];

/** What the page learns about the data: names, size, and a sample small enough to draw. */
export interface DataInfo {
  /** Increases with every successful load; runs say which data they were computed on. */
  readonly version: number;
  readonly source: string;
  readonly n: number;
  readonly xName: string;
  readonly yName: string;
  /** Columns that can be picked (bundled: the numeric ones; CSV: the header), else []. */
  readonly columns: readonly string[];
  /** Every point when there are few, else an even sample; see SAMPLE_LIMIT. */
  readonly sampleX: Float64Array;
  readonly sampleY: Float64Array;
  /** Of all the points, not just the sample. */
  readonly extentX: readonly [number, number];
  readonly extentY: readonly [number, number];
}

/** The exact theory of full-batch gradient descent on MSE, for the data. */
export interface TheorySummary {
  readonly optimum: { readonly w: number; readonly b: number; readonly loss: number };
  readonly lambdaMax: number;
  readonly lambdaMin: number;
  readonly conditionNumber: number;
  readonly criticalLearningRate: number;
  readonly optimalLearningRate: number;
  /** All x equal: every line through the mean point fits equally well. */
  readonly degenerate: boolean;
}

export interface RunHistory {
  readonly length: number;
  readonly step: Float64Array;
  readonly epoch: Float64Array;
  readonly learningRate: Float64Array;
  readonly loss: Float64Array;
  readonly w: Float64Array;
  readonly b: Float64Array;
}

export interface RunResult {
  readonly dataVersion: number;
  readonly config: RunConfig;
  readonly status: TrainStatus;
  readonly divergedAtStep: number | null;
  readonly steps: number;
  readonly requestedSteps: number;
  readonly batchSize: number;
  readonly stepsPerEpoch: number;
  readonly historyEvery: number;
  readonly final: { readonly w: number; readonly b: number; readonly loss: number };
  readonly history: RunHistory;
  /** Null unless the loss is MSE. */
  readonly theory: TheorySummary | null;
  /** What the first rate does under full-batch gradient descent (MSE only). */
  readonly regime: GradientDescentRegime | null;
  /** The rate above which this optimizer is unstable (plain or momentum SGD on MSE), else null. */
  readonly stability: StabilityBound | null;
  readonly verdict: Verdict;
}

/**
 * The MSE loss over a grid of (w, b) around the optimum, holding the run's start: `values[j * w.length + i]`
 * is the loss at (w[i], b[j]). With the Hessian's eigen-directions, for the landscape's axes.
 */
export interface LandscapeResult {
  readonly dataVersion: number;
  readonly w: Float64Array;
  readonly b: Float64Array;
  readonly values: Float64Array;
  readonly optimum: { readonly w: number; readonly b: number; readonly loss: number };
  readonly sharp: readonly [number, number];
  readonly flat: readonly [number, number];
  readonly lambdaMax: number;
  readonly lambdaMin: number;
}

export interface ExportResult {
  readonly text: string;
  readonly fileName: string;
  readonly mime: string;
}

export type LabResponse =
  | { readonly type: "load-data"; readonly id: number; readonly info: DataInfo }
  | { readonly type: "run"; readonly id: number; readonly result: RunResult }
  | { readonly type: "export"; readonly id: number; readonly result: ExportResult }
  | { readonly type: "range-test"; readonly id: number; readonly result: RangeTestResult }
  | { readonly type: "landscape"; readonly id: number; readonly result: LandscapeResult }
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
    const { history } = response.result;
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
  }
  return [...buffers];
}

const REQUEST_TYPES: readonly string[] = ["load-data", "run", "export", "range-test", "landscape"];
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
