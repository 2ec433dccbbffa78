/**
 * CSV text → a data set of two numeric columns chosen by name.
 *
 * Parsing is papaparse's (quoted fields, embedded newlines, CRLF, auto-detected delimiter); this module
 * adds what a learner needs when the file is wrong: every error names the file, the 1-based line (the
 * header is line 1), the column and the bad value. Rows stream through papaparse's `step` callback
 * straight into typed arrays, so a million rows never exist as a million string arrays.
 */
import Papa from "papaparse";
import type { Dataset } from "./data.js";
import { LrlabError } from "./errors.js";
import { nearestName } from "./params.js";

export interface CsvColumns {
  /** The file name (or any label) used in error messages and as the data set's source. */
  source: string;
  /** The x column's header; defaults to the first column when the file has exactly two. */
  x?: string | undefined;
  /** The y column's header; defaults to the second column when the file has exactly two. */
  y?: string | undefined;
}

/** Parses CSV text with a header row into a {@link Dataset}, or throws a one-line `LrlabError`. */
export function parseCsv(text: string, { source, x: xName, y: yName }: CsvColumns): Dataset {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const capacity = countLineBreaks(body, body.length) + 1;
  let x: Float64Array = new Float64Array(capacity);
  let y: Float64Array = new Float64Array(capacity);
  let n = 0;
  let header: string[] | undefined;
  let xIndex = -1;
  let yIndex = -1;
  let rowStart = 0;
  let failure: LrlabError | undefined;

  const fail = (error: LrlabError, parser: Papa.Parser): void => {
    failure = error;
    parser.abort();
  };

  Papa.parse<string[]>(body, {
    skipEmptyLines: "greedy",
    step(results, parser) {
      if (failure) return;
      const row = results.data;
      // Counting lines is O(file), so it happens only when there is an error to report.
      const line = (): number => lineAt(body, firstContentIndex(body, rowStart));
      const quoteError = results.errors.find((error) => error.type === "Quotes");
      if (quoteError) {
        const at = lineAt(body, quoteError.index ?? rowStart);
        fail(
          new LrlabError("E_BAD_CSV", `${source}: line ${at}: ${quoteError.message.toLowerCase()}`),
          parser,
        );
        return;
      }
      if (header === undefined) {
        rowStart = results.meta.cursor;
        header = row.map((cell) => cell.trim());
        try {
          [xIndex, yIndex] = chooseColumns(header, xName, yName, source);
        } catch (error) {
          fail(error as LrlabError, parser);
        }
        return;
      }
      if (row.length !== header.length) {
        fail(
          new LrlabError(
            "E_BAD_CSV",
            `${source}: line ${line()}: expected ${header.length} fields like the header, got ${row.length}`,
          ),
          parser,
        );
        return;
      }
      const xValue = parseNumber(row[xIndex]);
      const yValue = parseNumber(row[yIndex]);
      if (Number.isNaN(xValue) || Number.isNaN(yValue)) {
        const [column, cell] = Number.isNaN(xValue)
          ? [header[xIndex], row[xIndex]]
          : [header[yIndex], row[yIndex]];
        fail(
          new LrlabError(
            "E_BAD_CSV",
            `${source}: line ${line()}, column ${JSON.stringify(column)}: expected a number, got ${JSON.stringify(cell)}`,
          ),
          parser,
        );
        return;
      }
      if (n === x.length) {
        x = grow(x);
        y = grow(y);
      }
      x[n] = xValue;
      y[n] = yValue;
      n++;
      rowStart = results.meta.cursor;
    },
  });

  if (failure) throw failure;
  if (header === undefined)
    throw new LrlabError("E_BAD_CSV", `${source}: the file is empty; expected a header row`);
  if (n === 0) {
    throw new LrlabError("E_BAD_CSV", `${source}: no data rows after the header; expected at least one`);
  }
  return {
    x: n === x.length ? x : x.slice(0, n),
    y: n === y.length ? y : y.slice(0, n),
    xName: header[xIndex] as string,
    yName: header[yIndex] as string,
    source,
  };
}

function chooseColumns(
  header: readonly string[],
  xName: string | undefined,
  yName: string | undefined,
  source: string,
): [number, number] {
  if (xName === undefined && yName === undefined) {
    if (header.length === 2) return [0, 1];
    throw new LrlabError(
      "E_UNKNOWN_COLUMN",
      `${source}: has ${header.length} columns; choose two with --x and --y (columns: ${listColumns(header)})`,
    );
  }
  const find = (name: string | undefined, flag: string, fallback: number): number => {
    if (name === undefined) {
      if (header.length === 2) return fallback;
      throw new LrlabError(
        "E_UNKNOWN_COLUMN",
        `${source}: ${flag} is needed too (columns: ${listColumns(header)})`,
      );
    }
    const index = header.indexOf(name.trim());
    if (index >= 0) return index;
    const hint = nearestName(name, header);
    throw new LrlabError(
      "E_UNKNOWN_COLUMN",
      `${source}: no column ${JSON.stringify(name)} for ${flag}${hint === undefined ? "" : ` (did you mean ${JSON.stringify(hint)}?)`}; columns: ${listColumns(header)}`,
    );
  };
  const xIndex = find(xName, "--x", 0);
  const yIndex = find(yName, "--y", xIndex === 0 ? 1 : 0);
  return [xIndex, yIndex];
}

function listColumns(header: readonly string[]): string {
  return header.map((name) => JSON.stringify(name)).join(", ");
}

/** A finite number, or NaN for anything else (empty cells included: `Number("")` would say 0). */
function parseNumber(cell: string | undefined): number {
  if (cell === undefined) return Number.NaN;
  const trimmed = cell.trim();
  if (trimmed === "") return Number.NaN;
  const value = Number(trimmed);
  return Number.isFinite(value) ? value : Number.NaN;
}

function grow(array: Float64Array): Float64Array {
  const bigger = new Float64Array(array.length * 2);
  bigger.set(array);
  return bigger;
}

/** Index of the first character at or after `from` that is not blank or a line break. */
function firstContentIndex(text: string, from: number): number {
  let index = from;
  while (index < text.length) {
    const code = text.charCodeAt(index);
    if (code !== 10 && code !== 13 && code !== 32 && code !== 9) break;
    index++;
  }
  return index;
}

/** The 1-based line holding character `index`: \n, \r\n and a lone \r each end a line. */
function lineAt(text: string, index: number): number {
  return countLineBreaks(text, index) + 1;
}

function countLineBreaks(text: string, end: number): number {
  let count = 0;
  for (let i = 0; i < end; i++) {
    const code = text.charCodeAt(i);
    if (code === 10 || (code === 13 && text.charCodeAt(i + 1) !== 10)) count++;
  }
  return count;
}
