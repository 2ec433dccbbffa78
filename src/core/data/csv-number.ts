/**
 * A CSV cell as a number: decimal digits only, as a person writes them. `Number()` alone would read
 * "0x10" as 16, "0b101" as 5 and "" as 0; a decimal comma ("1,5") is read only where the delimiter
 * leaves no doubt (semicolon- and tab-separated files), and the hints say what to change.
 */

/** A finite decimal number ("1", "-2.5", ".5", "1e-3", " 4 "), or NaN for anything else. */
export function decimalNumber(cell: string | undefined): number {
  if (cell === undefined) return Number.NaN;
  const value = Number(cell);
  if (!Number.isFinite(value)) return Number.NaN;
  // Number() also reads "" and blanks as 0 and the radix literals 0x…, 0b…, 0o… (never signed); refuse those.
  let first = 0;
  while (first < cell.length && isBlank(cell.charCodeAt(first))) first++;
  if (first === cell.length) return Number.NaN;
  if (cell.charCodeAt(first) === 48 && RADIX_LETTERS.has(cell.charCodeAt(first + 1))) return Number.NaN;
  return value;
}

const RADIX_LETTERS = new Set([..."xXbBoO"].map((letter) => letter.charCodeAt(0)));

function isBlank(code: number): boolean {
  return code === 32 || code === 9 || code === 10 || code === 13 || code === 0xa0 || code === 0xfeff;
}

const DECIMAL_COMMA = /^\s*[+-]?(\d+,\d+|,\d+)([eE][+-]?\d+)?\s*$/;

/** A number written with a decimal comma ("1,5", "-0,25", ",5"), or NaN. */
export function decimalCommaNumber(cell: string | undefined): number {
  if (cell === undefined || !DECIMAL_COMMA.test(cell)) return Number.NaN;
  return Number(cell.replace(",", "."));
}

/** A hint for a cell that is not a number, in parentheses after "expected a number, got …", or "". */
export function notANumberHint(cell: string, delimiter: string): string {
  const trimmed = cell.trim();
  if (/^[+-]?(\d+\.?\d*|\.\d+)[eE][+-]?\d+$/.test(trimmed)) return " (too large: beyond ±1.8e308)";
  if (/^[+-]?[\d.,]+$/.test(trimmed) && trimmed.includes(",")) {
    return delimiter === ","
      ? " (write numbers with a decimal point and no thousands separators)"
      : " (write numbers without thousands separators)";
  }
  return "";
}

/** The line where a semicolon- or tab-separated file first wrote each decimal mark. */
export interface DecimalMarks {
  point?: number;
  comma?: number;
}

/**
 * A cell's number, or what is wrong with it ("expected a number, got …"). With `marks` (not a
 * comma-separated file) "1,5" reads as 1.5, as long as no cell of the file wrote a decimal point.
 */
export function readCell(cell: string, marks: DecimalMarks | undefined, line: number): number | string {
  let value = decimalNumber(cell);
  if (marks !== undefined) {
    let mark: keyof DecimalMarks | undefined;
    if (Number.isNaN(value)) {
      value = decimalCommaNumber(cell);
      if (!Number.isNaN(value)) mark = "comma";
    } else if (cell.includes(".")) mark = "point";
    if (mark !== undefined) {
      marks[mark] ??= line;
      const other = mark === "comma" ? "point" : "comma";
      if (marks[other] !== undefined) {
        return `${JSON.stringify(cell)} has a decimal ${mark} but line ${marks[other]} has a decimal ${other}; write every number the same way`;
      }
    }
  }
  if (Number.isNaN(value)) {
    return `expected a number, got ${JSON.stringify(cell)}${notANumberHint(cell, marks === undefined ? "," : ";")}`;
  }
  return value;
}
