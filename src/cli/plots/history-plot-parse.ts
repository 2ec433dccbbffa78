/**
 * Reading a training history for `lrlab plot history`, strictly: one of these shapes, or a one-line error
 * that names the file and what was expected.
 *
 * - Keras: `history.history` dumped as JSON, `{"loss": [...], "val_loss": [...], "learning_rate": [...]}`
 *   (Keras 3 logs the rate as `learning_rate`, Keras 2 as `lr`), one value per epoch;
 * - TF.js: the `History` that `model.fit` returns, saved with `JSON.stringify`:
 *   `{"epoch": [0, 1, …], "history": {"loss": [...], …}, "params": {…}}`;
 * - lrlab: the `learningRateLogger()` log of `lrlab/tfjs`, `{"format": "lrlab/learning-rate-log", …}`,
 *   with the rate and loss of every update and the logs of every epoch;
 * - lrlab's own run: the document of `lrlab fit --json` (or `--out run.json`), or a CSV table such as
 *   `lrlab fit --out run.csv` or Keras's `CSVLogger` writes (history-plot-tables.ts).
 * Any of them may carry a `sharpness` series (λmax of the loss Hessian), drawn in a panel of its own.
 *
 * `null` is a missing value (JSON.stringify writes NaN and ±Infinity as null). Python's `json.dump` writes
 * `NaN`, `Infinity` and `-Infinity`, which JSON does not have; they are read as NaN and ±Infinity.
 */
import { LrlabError } from "../../core/errors.js";
import { parseFitDocument, parseHistoryCsv, sharpnessAt } from "./history-plot-tables.js";

/** What the figure needs, in one shape whatever the file was. */
export interface ParsedHistory {
  /** `lrlab-fit`: the document of `lrlab fit --json` (or `--out run.json`); `csv`: a table (see history-plot-tables.ts). */
  readonly kind: "keras" | "tfjs" | "lrlab" | "lrlab-fit" | "csv";
  /** What x counts: epochs completed, or the optimizer's updates. */
  readonly unit: "epoch" | "step";
  /** Per-epoch quantities at x = the epochs (or updates) completed when each epoch ended. */
  readonly epochs: {
    readonly x: number[];
    readonly loss: number[] | null;
    readonly valLoss: number[] | null;
  };
  /** Per-update losses of the lrlab log, at x = the update's step. */
  readonly batches: { readonly x: number[]; readonly loss: number[] } | null;
  /**
   * The rate, as a stair: `rates[i]` holds from `x[i]` to `x[i + 1]`, the last one until `end`. `null`
   * when the file has none.
   */
  readonly learningRate: { readonly x: number[]; readonly rates: number[]; readonly key: string } | null;
  /**
   * The sharpness (λmax of the loss Hessian) where it was measured, at x: a `sharpness` key or column
   * (an lrlab fit tracked with --track-sharpness, or a Keras callback that logs it); null when absent.
   */
  readonly sharpness: { readonly x: number[]; readonly values: number[] } | null;
  /** The optimizer, when the file names it (an lrlab fit): whether 2/η bounds the sharpness depends on it. */
  readonly optimizer: { readonly name: string; readonly config: object } | null;
  /** Where the x axis ends (the last epoch, or the step after the last update). */
  readonly end: number;
  /** Where it starts (0, or the first epoch or step of a run resumed part way). */
  readonly start: number;
}

/** The format field of an lrlab learning-rate log (`LEARNING_RATE_LOG_FORMAT` in src/tfjs). */
export const LEARNING_RATE_LOG_FORMAT = "lrlab/learning-rate-log";

const EXPECTED =
  'expected a Keras history.history ({"loss": [...], "learning_rate": [...], ...}), a TF.js History saved as JSON ({"history": {...}, "epoch": [...]}), an lrlab/tfjs learningRateLogger() log or an lrlab fit --json document';

/** Parses the text of `file` into a history, or throws an `LrlabError` naming the file. */
export function parseHistory(text: string, file: string): ParsedHistory {
  if (file.toLowerCase().endsWith(".csv")) return parseHistoryCsv(text, file);
  const document = parseJson(text, file);
  const fail = (what: string): never => {
    throw new LrlabError("E_BAD_DATA", `${file}: ${what}`);
  };
  if (isObject(document) && Array.isArray(document.history)) return parseFitDocument(document, fail);
  if (!isObject(document)) return fail(`${EXPECTED}; got ${describe(document)}`);
  if ("format" in document) {
    if (document.format !== LEARNING_RATE_LOG_FORMAT) {
      return fail(`unknown format ${JSON.stringify(document.format)}: ${EXPECTED}`);
    }
    return parseLrlabLog(document, fail);
  }
  if ("history" in document) {
    if (!isObject(document.history) || !Array.isArray(document.epoch)) {
      return fail(`a TF.js History needs an object "history" and an array "epoch": ${EXPECTED}`);
    }
    const epochs = numbers(document.epoch, '"epoch"', fail, false);
    const series = perEpochSeries(document.history, '"history"', fail);
    const length = lengthOf(series, fail);
    if (epochs.length !== length) {
      fail(
        `"epoch" has ${epochs.length} values but "history" has ${length} per quantity: expected one per epoch`,
      );
    }
    // History.epoch counts from 0 (or fit's initialEpoch); x is the epochs completed.
    return perEpochHistory(
      "tfjs",
      series,
      epochs.map((epoch) => epoch + 1),
      fail,
    );
  }
  const values = Object.values(document);
  if (values.length === 0 || !values.every(Array.isArray))
    return fail(`${EXPECTED}; got ${describe(document)}`);
  const series = perEpochSeries(document, "", fail);
  const length = lengthOf(series, fail);
  return perEpochHistory(
    "keras",
    series,
    Array.from({ length }, (_, i) => i + 1),
    fail,
  );
}

type Fail = (what: string) => never;
type JsonObject = Record<string, unknown>;

/** A bare NaN becomes this JSON string (an escaped NUL no real history holds), then NaN again. */
const NAN_TOKEN = '"\\u0000NaN"';
const NAN_STRING = "\u0000NaN";

function parseJson(text: string, file: string): unknown {
  // Python's json.dump writes NaN and ±Infinity bare: read them as numbers. Strings are matched first
  // and kept, so a key or value that merely contains the word is untouched.
  const pythonic = text.replace(/"(?:[^"\\]|\\.)*"|-?\bInfinity\b|\bNaN\b/g, (token) =>
    token.startsWith('"') ? token : token === "NaN" ? NAN_TOKEN : token.startsWith("-") ? "-1e999" : "1e999",
  );
  try {
    return JSON.parse(pythonic, (_key, value) => (value === NAN_STRING ? Number.NaN : value));
  } catch (error) {
    const reason = error instanceof Error ? error.message.split("\n")[0] : String(error);
    throw new LrlabError("E_BAD_DATA", `${file}: not valid JSON (${reason}); ${EXPECTED}`);
  }
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return "an array";
  if (value === null) return "null";
  if (isObject(value)) {
    const keys = Object.keys(value);
    return keys.length === 0
      ? "an empty object"
      : `an object with ${keys.map((key) => JSON.stringify(key)).join(", ")}`;
  }
  return `a ${typeof value}`;
}

/** An array of numbers (null is a missing value, NaN, where `missing` allows it). */
function numbers(value: unknown, name: string, fail: Fail, missing = true): number[] {
  if (!Array.isArray(value)) return fail(`${name}: expected an array of numbers, got ${describe(value)}`);
  return value.map((item, i) => {
    if (typeof item === "number") return item;
    if (item === null && missing) return Number.NaN;
    return fail(`${name}[${i}]: expected a number${missing ? " or null" : ""}, got ${JSON.stringify(item)}`);
  });
}

/** Every quantity of a Keras or TF.js history (each an array of numbers); `where` prefixes names. */
function perEpochSeries(object: JsonObject, where: string, fail: Fail): Map<string, number[]> {
  const series = new Map<string, number[]>();
  for (const [key, value] of Object.entries(object)) {
    series.set(key, numbers(value, where ? `${where}.${key}` : JSON.stringify(key), fail));
  }
  return series;
}

/** The common length of the series, at least 1. */
function lengthOf(series: Map<string, number[]>, fail: Fail): number {
  let first: [string, number] | null = null;
  for (const [key, values] of series) {
    if (first === null) first = [key, values.length];
    else if (values.length !== first[1]) {
      fail(`"${key}" has ${values.length} values but "${first[0]}" has ${first[1]}: expected one per epoch`);
    }
  }
  if (first === null || first[1] === 0) fail("the history is empty: expected at least one epoch");
  return (first as [string, number])[1];
}

function perEpochHistory(
  kind: "keras" | "tfjs",
  series: Map<string, number[]>,
  x: number[],
  fail: Fail,
): ParsedHistory {
  const loss = series.get("loss") ?? null;
  const valLoss = series.get("val_loss") ?? null;
  if (loss === null && valLoss === null) {
    fail(
      `no "loss" or "val_loss" among ${[...series.keys()].map((key) => `"${key}"`).join(", ")}: ${EXPECTED}`,
    );
  }
  const key = series.has("learning_rate") ? "learning_rate" : series.has("lr") ? "lr" : null;
  const last = x.at(-1) as number;
  const first = (x[0] as number) - 1;
  return {
    kind,
    unit: "epoch",
    epochs: { x, loss, valLoss },
    batches: null,
    // The rate of epoch e (logged at its end) held over the epoch, from e − 1 to e.
    learningRate: key === null ? null : { x: x.map((e) => e - 1), rates: series.get(key) as number[], key },
    sharpness: sharpnessAt(x, series.get("sharpness")),
    optimizer: null,
    start: first,
    end: last,
  };
}

function parseLrlabLog(document: JsonObject, fail: Fail): ParsedHistory {
  if (document.version !== 1)
    fail(`version ${JSON.stringify(document.version)}: expected version 1 of ${LEARNING_RATE_LOG_FORMAT}`);
  const { batches, epochs } = document;
  if (!isObject(batches) || !isObject(epochs)) {
    return fail(
      `an lrlab log needs the objects "batches" and "epochs" (write it with JSON.stringify(learningRateLogger()))`,
    );
  }
  const step = numbers(batches.step, "batches.step", fail, false);
  const rates = numbers(batches.learningRate, "batches.learningRate", fail);
  const batchLoss = numbers(batches.loss, "batches.loss", fail);
  for (const [name, values] of [
    ["batches.learningRate", rates],
    ["batches.loss", batchLoss],
  ] as const) {
    if (values.length !== step.length) {
      fail(
        `${name} has ${values.length} values but batches.step has ${step.length}: expected one per update`,
      );
    }
  }
  if (step.length === 0) fail("the log is empty: expected at least one update");
  const epochStep = numbers(epochs.step, "epochs.step", fail, false);
  const logs = epochs.logs ?? {};
  if (!isObject(logs)) return fail(`epochs.logs: expected an object, got ${describe(logs)}`);
  const series = perEpochSeries(logs, "epochs.logs", fail);
  for (const [key, values] of series) {
    if (values.length !== epochStep.length) {
      fail(
        `epochs.logs.${key} has ${values.length} values but epochs.step has ${epochStep.length}: expected one per epoch`,
      );
    }
  }
  return {
    kind: "lrlab",
    unit: "step",
    epochs: { x: epochStep, loss: series.get("loss") ?? null, valLoss: series.get("val_loss") ?? null },
    batches: { x: step, loss: batchLoss },
    learningRate: { x: step, rates, key: "learningRate" },
    sharpness: sharpnessAt(epochStep, series.get("sharpness")),
    optimizer: null,
    start: step[0] as number,
    end: (step.at(-1) as number) + 1,
  };
}
