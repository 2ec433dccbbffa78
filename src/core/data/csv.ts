/**
 * CSV → a data set of numeric columns chosen by name: x (or several feature columns) and y.
 *
 * Parsing is papaparse's (quoted fields, embedded newlines, CRLF); the delimiter (comma, semicolon or
 * tab) is sniffed from the header, and a UTF-16 or binary file is named as such (csv-sniff.ts). This
 * module adds what a learner needs when the file is wrong: every error names the file, the 1-based line
 * (the header is line 1), the column and the bad value. Rows go straight from papaparse's `step` callback
 * into typed arrays, so a million rows never exist as a million string arrays, and `readCsv` streams the
 * input in pieces, so the file's text never exists whole either.
 */
import Papa from "papaparse";
import { LrlabError } from "../errors.js";
import { chooseColumns } from "./csv-columns.js";
import { type DecimalMarks, readCell } from "./csv-number.js";
import { sniffDelimiter, textProblem } from "./csv-sniff.js";
import type { Dataset } from "./data.js";

export interface CsvColumns {
  /** The file name (or any label) used in error messages and as the data set's source. */
  source: string;
  /** The x column's header; defaults to the first column when the file has exactly two. */
  x?: string | undefined;
  /**
   * Several feature columns' headers, in this order: the data set's `features`, the first of them also its
   * `x`. An alternative to `x`: give one or the other.
   */
  xs?: readonly string[] | undefined;
  /** The y column's header; defaults to the second column when the file has exactly two. */
  y?: string | undefined;
  /**
   * How messages name the choice of each column: the CLI passes its flags (`--x`, `--y`), the web lab
   * its fields; by default "the x column" and "the y column".
   */
  choiceNames?: { readonly x: string; readonly y: string } | undefined;
}

const NEUTRAL_CHOICE_NAMES = { x: "the x column", y: "the y column" } as const;

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
    delimiter: sniffDelimiter,
    beforeFirstChunk: (chunk) => sink.firstChunk(chunk),
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
      delimiter: sniffDelimiter,
      beforeFirstChunk: (chunk) => sink.firstChunk(chunk),
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
function createRowSink(
  { source, x: xName, xs: xNames, y: yName, choiceNames = NEUTRAL_CHOICE_NAMES }: CsvColumns,
  initialCapacity: number,
) {
  if (xName !== undefined && xNames !== undefined) throw new Error("CsvColumns: give x or xs, not both");
  const chosenXs = xNames !== undefined && xNames.length > 0 ? xNames : undefined;
  const capacity = Math.max(16, initialCapacity);
  // One typed array per feature column, in the order chosen; xs[0] is the data set's x.
  let xs: Float64Array[] = Array.from({ length: chosenXs?.length ?? 1 }, () => new Float64Array(capacity));
  let y: Float64Array = new Float64Array(capacity);
  let n = 0;
  let header: string[] | undefined;
  // Excel writes "x,y," when a sheet has an empty column at the right: the header's empty last cell.
  let emptyLastColumn = false;
  let xIndices: readonly number[] = [];
  let yIndex = -1;
  let line = 1;
  let failure: LrlabError | undefined;
  // Semicolon- and tab-separated files may write decimal commas ("1,5"): read them, and refuse a file that
  // mixes them with decimal points, where "1.234" could mean either.
  let decimalMarks: DecimalMarks | undefined;

  const fail = (
    message: string,
    parser: Papa.Parser,
    code: "E_BAD_CSV" | "E_UNKNOWN_COLUMN" = "E_BAD_CSV",
  ) => {
    failure = new LrlabError(code, `${source}: ${message}`);
    parser.abort();
  };

  return {
    /** Checks that the text is text, and strips a UTF-8 byte-order mark (read as text, it is U+FEFF). */
    firstChunk(chunk: string): string {
      const problem = textProblem(chunk);
      if (problem !== undefined) failure = new LrlabError("E_BAD_CSV", `${source}: ${problem}`);
      return chunk.charCodeAt(0) === 0xfeff ? chunk.slice(1) : chunk;
    },
    step(results: Papa.ParseStepResult<string[]>, parser: Papa.Parser): void {
      if (failure) {
        parser.abort();
        return;
      }
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
        emptyLastColumn = header.length > 2 && header.at(-1) === "";
        if (emptyLastColumn) header.pop();
        if (results.meta.delimiter !== ",") decimalMarks = {};
        try {
          const chosen = chooseColumns(
            header,
            chosenXs ?? (xName === undefined ? undefined : [xName]),
            yName,
            choiceNames,
          );
          xIndices = chosen.xs;
          yIndex = chosen.y;
        } catch (error) {
          fail((error as Error).message, parser, "E_UNKNOWN_COLUMN");
          return;
        }
        return;
      }
      if (
        row.length !== header.length &&
        !(emptyLastColumn && row.length === header.length + 1 && (row[header.length] as string).trim() === "")
      ) {
        const expected = emptyLastColumn
          ? `${header.length} fields (and an empty last one)`
          : `${header.length} fields`;
        fail(`line ${rowLine}: expected ${expected} like the header, got ${row.length}`, parser);
        return;
      }
      if (n === y.length) {
        xs = xs.map(grow);
        y = grow(y);
      }
      // The cells in the order chosen, x columns then y, each written to slot n, which counts only once
      // the whole row has been read.
      for (let j = 0; j <= xIndices.length; j++) {
        const index = j < xIndices.length ? (xIndices[j] as number) : yIndex;
        const value = readCell(row[index] as string, decimalMarks, rowLine);
        if (typeof value === "string") {
          fail(`line ${rowLine}, column ${JSON.stringify(header[index])}: ${value}`, parser);
          return;
        }
        (j < xIndices.length ? (xs[j] as Float64Array) : y)[n] = value;
      }
      n++;
    },
    finish(): Dataset {
      if (failure) throw failure;
      if (header === undefined)
        throw new LrlabError("E_BAD_CSV", `${source}: the file is empty; expected a header row`);
      if (n === 0)
        throw new LrlabError("E_BAD_CSV", `${source}: no data rows after the header; expected at least one`);
      const fitted = (column: Float64Array) => (n === column.length ? column : column.slice(0, n));
      const columns = xs.map(fitted);
      const headerRow = header;
      const names = xIndices.map((index) => headerRow[index] as string);
      return {
        x: columns[0] as Float64Array,
        y: fitted(y),
        xName: names[0] as string,
        yName: header[yIndex] as string,
        source,
        ...(chosenXs === undefined ? {} : { features: { names, columns } }),
      };
    },
  };
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
