/**
 * CSV → a data set of two numeric columns chosen by name.
 *
 * Parsing is papaparse's (quoted fields, embedded newlines, CRLF, auto-detected delimiter); this module
 * adds what a learner needs when the file is wrong: every error names the file, the 1-based line (the
 * header is line 1), the column and the bad value. Rows go straight from papaparse's `step` callback into
 * typed arrays, so a million rows never exist as a million string arrays, and `readCsv` streams the input
 * in pieces, so the file's text never exists whole either.
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

/**
 * What `readCsv` can stream: anything papaparse reads in pieces, that is a Node readable stream of text
 * (the CLI's `fs.createReadStream(path, "utf8")`) or a browser `File`/`Blob` (the web lab's upload).
 */
export type CsvStream =
  | {
      readonly readable: boolean;
      read(...args: never[]): unknown;
      on(event: string, listener: never): unknown;
    }
  | { readonly size: number; slice(start?: number, end?: number): unknown };

/** Parses CSV text with a header row into a {@link Dataset}, or throws a one-line `LrlabError`. */
export function parseCsv(text: string, columns: CsvColumns): Dataset {
  const sink = createRowSink(columns, countLineBreaks(text) + 1);
  Papa.parse<string[]>(text, {
    skipEmptyLines: false,
    beforeFirstChunk: stripByteOrderMark,
    step: (results, parser) => sink.step(results, parser),
  });
  return sink.finish();
}

/** Streams CSV from a Node text stream or a browser File into a {@link Dataset}; rejects with an `LrlabError`. */
export function readCsv(input: CsvStream, columns: CsvColumns): Promise<Dataset> {
  return new Promise((resolve, reject) => {
    const sink = createRowSink(columns, 4096);
    Papa.parse<string[]>(input as never, {
      skipEmptyLines: false,
      beforeFirstChunk: stripByteOrderMark,
      step: (results, parser) => sink.step(results, parser),
      complete: () => {
        try {
          resolve(sink.finish());
        } catch (error) {
          reject(error);
        }
      },
      error: (error: Error) =>
        reject(new LrlabError("E_IO", `${columns.source}: cannot read it (${error.message})`)),
    });
  });
}

/**
 * The state of one parse, fed a row at a time: the header, the chosen columns, the growing typed arrays
 * and the line number of the current row. Blank rows are skipped here rather than by papaparse so that
 * every line is counted; line breaks inside quoted fields are counted too.
 */
function createRowSink({ source, x: xName, y: yName }: CsvColumns, initialCapacity: number) {
  let x: Float64Array = new Float64Array(Math.max(16, initialCapacity));
  let y: Float64Array = new Float64Array(x.length);
  let n = 0;
  let header: string[] | undefined;
  let xIndex = -1;
  let yIndex = -1;
  let line = 1;
  let failure: LrlabError | undefined;

  const fail = (
    message: string,
    parser: Papa.Parser,
    code: "E_BAD_CSV" | "E_UNKNOWN_COLUMN" = "E_BAD_CSV",
  ) => {
    failure = new LrlabError(code, `${source}: ${message}`);
    parser.abort();
  };

  return {
    step(results: Papa.ParseStepResult<string[]>, parser: Papa.Parser): void {
      if (failure) return;
      const row = results.data;
      const rowLine = line;
      line += 1 + lineBreaksInside(row);
      if (results.errors.length > 0) {
        const quoteError = results.errors.find((error) => error.type === "Quotes");
        if (quoteError) {
          fail(`line ${rowLine}: ${quoteError.message.toLowerCase()}`, parser);
          return;
        }
      }
      if (row.length === 1 && (row[0] as string).trim() === "") return; // a blank line
      if (header === undefined) {
        header = row.map((cell) => cell.trim());
        try {
          [xIndex, yIndex] = chooseColumns(header, xName, yName);
        } catch (error) {
          fail((error as Error).message, parser, "E_UNKNOWN_COLUMN");
          return;
        }
        return;
      }
      if (row.length !== header.length) {
        fail(`line ${rowLine}: expected ${header.length} fields like the header, got ${row.length}`, parser);
        return;
      }
      const xValue = parseNumber(row[xIndex]);
      const yValue = parseNumber(row[yIndex]);
      if (Number.isNaN(xValue) || Number.isNaN(yValue)) {
        const bad = Number.isNaN(xValue) ? xIndex : yIndex;
        fail(
          `line ${rowLine}, column ${JSON.stringify(header[bad])}: expected a number, got ${JSON.stringify(row[bad])}`,
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
    },
    finish(): Dataset {
      if (failure) throw failure;
      if (header === undefined)
        throw new LrlabError("E_BAD_CSV", `${source}: the file is empty; expected a header row`);
      if (n === 0)
        throw new LrlabError("E_BAD_CSV", `${source}: no data rows after the header; expected at least one`);
      return {
        x: n === x.length ? x : x.slice(0, n),
        y: n === y.length ? y : y.slice(0, n),
        xName: header[xIndex] as string,
        yName: header[yIndex] as string,
        source,
      };
    },
  };
}

/** A UTF-8 byte-order mark read as text is U+FEFF before the header; papaparse must not see it. */
function stripByteOrderMark(chunk: string): string {
  return chunk.charCodeAt(0) === 0xfeff ? chunk.slice(1) : chunk;
}

/** Column indices for --x and --y, or an error (without the source prefix) listing the columns. */
function chooseColumns(
  header: readonly string[],
  xName: string | undefined,
  yName: string | undefined,
): [number, number] {
  if (xName === undefined && yName === undefined) {
    if (header.length === 2) return [0, 1];
    throw new Error(
      `has ${header.length} columns; choose two with --x and --y (columns: ${listColumns(header)})`,
    );
  }
  const find = (name: string | undefined, flag: string, fallback: number): number => {
    if (name === undefined) {
      if (header.length === 2) return fallback;
      throw new Error(`${flag} is needed too (columns: ${listColumns(header)})`);
    }
    const index = header.indexOf(name.trim());
    if (index >= 0) return index;
    const hint = nearestName(name, header);
    throw new Error(
      `no column ${JSON.stringify(name)} for ${flag}${hint === undefined ? "" : ` (did you mean ${JSON.stringify(hint)}?)`}; columns: ${listColumns(header)}`,
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
  const value = Number(cell);
  if (!Number.isFinite(value) || cell.trim() === "") return Number.NaN;
  return value;
}

function grow(array: Float64Array): Float64Array {
  const bigger = new Float64Array(array.length * 2);
  bigger.set(array);
  return bigger;
}

/** Line breaks inside a row's (quoted) fields: each \n, \r\n or lone \r. */
function lineBreaksInside(row: readonly string[]): number {
  let count = 0;
  for (const field of row) {
    if (field.indexOf("\n") !== -1 || field.indexOf("\r") !== -1) count += countLineBreaks(field);
  }
  return count;
}

function countLineBreaks(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 10 || (code === 13 && text.charCodeAt(i + 1) !== 10)) count++;
  }
  return count;
}
