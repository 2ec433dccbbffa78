/**
 * Histories in lrlab's own shapes and in tables, for `lrlab plot history` (history-plot-parse.ts reads
 * Keras's and TF.js's JSON):
 *
 * - the document of `lrlab fit --json` (or `--out run.json`): `{"optimizer": {…}, "history": [{"step",
 *   "epoch", "learningRate", "loss", …}, …], "sharpness": {"step": [...], "sharpness": [...]} | null}`;
 * - a CSV table with a header row: `lrlab fit --out run.csv` (`step,epoch,learningRate,loss[,sharpness]`,
 *   the sharpness empty where it was not measured) or Keras's `CSVLogger` (`epoch,loss,learning_rate,…`,
 *   epochs from 0). x is `step` when there is one (lrlab's updates), else the epochs completed. Empty
 *   cells and Python's `nan` are missing values; `inf` and `-inf` are read as ±Infinity.
 */
import { LrlabError } from "../../core/errors.js";
import type { ParsedHistory } from "./history-plot-parse.js";

type Fail = (what: string) => never;

/**
 * The sharpness at x, keeping only the measured values (a sparse `sharpness` column), or null. An
 * infinite value is kept (a measurement that blew up, said in the figure's subtitle); NaN, which is also
 * how a missing value (null, an empty cell) arrives, is not.
 */
export function sharpnessAt(
  x: readonly number[],
  values: readonly number[] | undefined,
): ParsedHistory["sharpness"] {
  if (!values) return null;
  const kept = { x: [] as number[], values: [] as number[] };
  values.forEach((value, i) => {
    if (!Number.isNaN(value)) {
      kept.x.push(x[i] as number);
      kept.values.push(value);
    }
  });
  return kept.x.length > 0 ? kept : null;
}

/** The document of `lrlab fit --json`: its history rows, its sharpness and its optimizer. */
export function parseFitDocument(document: Record<string, unknown>, fail: Fail): ParsedHistory {
  const rows = document.history as unknown[];
  if (rows.length === 0) fail("the history is empty: expected at least one recorded step");
  const column = (name: string, missing: boolean): number[] =>
    rows.map((row, i) => {
      const value = isObject(row) ? row[name] : undefined;
      if (typeof value === "number") return value;
      if (value === null && missing) return Number.NaN;
      return fail(
        `history[${i}].${name}: expected a number${missing ? " or null" : ""} (a row of lrlab fit --json), got ${JSON.stringify(value) ?? "nothing"}`,
      );
    });
  const step = column("step", false);
  const loss = column("loss", true);
  const rates = column("learningRate", true);
  let sharpness: ParsedHistory["sharpness"] = null;
  const measured = document.sharpness;
  if (measured !== undefined && measured !== null) {
    if (!isObject(measured) || !Array.isArray(measured.step) || !Array.isArray(measured.sharpness)) {
      fail(
        '"sharpness": expected {"step": [...], "sharpness": [...]} as lrlab fit --track-sharpness writes it',
      );
    }
    const { step: at, sharpness: values } = measured as { step: unknown[]; sharpness: unknown[] };
    if (at.length !== values.length) {
      fail(`"sharpness" has ${values.length} values at ${at.length} steps: expected one per step`);
    }
    const numbers = (list: unknown[], name: string) =>
      list.map((value, i) =>
        typeof value === "number"
          ? value
          : value === null
            ? Number.NaN
            : fail(`sharpness.${name}[${i}]: expected a number, got ${JSON.stringify(value)}`),
      );
    sharpness = sharpnessAt(numbers(at, "step"), numbers(values, "sharpness"));
  }
  const optimizer =
    isObject(document.optimizer) && typeof document.optimizer.name === "string"
      ? (() => {
          const { name, ...config } = document.optimizer as { name: string };
          return { name, config };
        })()
      : null;
  // The recorded losses are the full data's, the run's own curve (not the noisy losses of single batches).
  return {
    kind: "lrlab-fit",
    unit: "step",
    epochs: { x: step, loss, valLoss: null },
    batches: null,
    learningRate: { x: step, rates, key: "learningRate" },
    sharpness,
    optimizer,
    start: step[0] as number,
    end: Math.max(step.at(-1) as number, (step[0] as number) + 1),
  };
}

/** A CSV history: lrlab fit's `--out run.csv` or Keras's CSVLogger (see the module comment). */
export function parseHistoryCsv(text: string, file: string): ParsedHistory {
  const lines = text.split(/\r?\n/).filter((line, i, all) => line.trim() !== "" || i < all.length - 1);
  const fail = (what: string): never => {
    throw new LrlabError("E_BAD_DATA", `${file}: ${what}`);
  };
  const header = (lines[0] ?? "").split(",").map((name) => name.trim());
  const expected =
    'expected a header row with "loss" and "step" or "epoch" (lrlab fit --out run.csv, Keras CSVLogger)';
  if (!header.includes("loss") && !header.includes("val_loss")) {
    fail(
      `line 1: no "loss" or "val_loss" column among ${header.map((name) => JSON.stringify(name)).join(", ")}; ${expected}`,
    );
  }
  const body = lines.slice(1).filter((line) => line.trim() !== "");
  if (body.length === 0) fail(`no rows after the header; ${expected}`);
  const columns = new Map<string, number[]>(header.map((name) => [name, []]));
  body.forEach((line, r) => {
    const cells = line.split(",");
    if (cells.length !== header.length) {
      fail(`line ${r + 2}: ${cells.length} cells, expected ${header.length} as in the header`);
    }
    cells.forEach((raw, c) => {
      const name = header[c] as string;
      (columns.get(name) as number[]).push(
        cellValue(raw.trim(), () =>
          fail(`line ${r + 2}, column ${c + 1} ("${name}"): ${JSON.stringify(raw.trim())} is not a number`),
        ),
      );
    });
  });
  const step = columns.get("step");
  const epoch = columns.get("epoch");
  const unit = step ? "step" : "epoch";
  // Keras's CSVLogger counts epochs from 0; x is the epochs completed, as for history.history.
  const x = step ?? (epoch ? epoch.map((e) => e + 1) : body.map((_, i) => i + 1));
  const rateKey = ["learningRate", "learning_rate", "lr"].find((key) => columns.has(key)) ?? null;
  const rates = rateKey ? (columns.get(rateKey) as number[]) : null;
  const loss = columns.get("loss") ?? null;
  const first = x[0] as number;
  const last = x.at(-1) as number;
  return {
    kind: "csv",
    unit,
    epochs: { x, loss, valLoss: columns.get("val_loss") ?? null },
    batches: null,
    // A step's rate holds for that update; an epoch's (logged at its end) over the epoch, from e − 1 to e.
    learningRate:
      rates === null || rateKey === null
        ? null
        : { x: unit === "step" ? x : x.map((e) => e - 1), rates, key: rateKey },
    sharpness: sharpnessAt(x, columns.get("sharpness")),
    optimizer: null,
    start: unit === "step" ? first : first - 1,
    end: unit === "step" ? Math.max(last, first + 1) : last,
  };
}

/** A cell: a number, or a missing value (empty, `nan`), or ±Infinity (`inf`); else `bad()`. */
function cellValue(cell: string, bad: () => never): number {
  if (cell === "" || /^nan$/i.test(cell)) return Number.NaN;
  if (/^\+?inf(inity)?$/i.test(cell)) return Number.POSITIVE_INFINITY;
  if (/^-inf(inity)?$/i.test(cell)) return Number.NEGATIVE_INFINITY;
  const value = Number(cell);
  return Number.isNaN(value) ? bad() : value;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
