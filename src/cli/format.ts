/**
 * Numbers and tables for people: a few significant digits, aligned columns, no noise.
 */

/**
 * `digits` significant digits, trailing zeros dropped, exponents for the very small and large, and a real
 * minus sign: the one number format of every face (render/numbers.ts).
 */
import { formatNumber, formatRatio } from "../render/numbers.js";

// One ratio format for every face: "16×", "1.2×", "0.29×", and never "1×" for 1.03 (which side of a bound
// a suggestion is on is the point of the ratio).
export { formatNumber, formatRatio };

/** An integer with thousands separators: 31,250. */
export function formatCount(value: number): string {
  return Math.round(value).toLocaleString("en-US");
}

export interface Column {
  header: string;
  align?: "left" | "right";
}

/** Rows of cells as an aligned plain-text table with a header line, indented by `indent`. */
export function formatTable(
  columns: readonly Column[],
  rows: readonly (readonly string[])[],
  indent = "  ",
): string {
  const widths = columns.map((column, i) =>
    Math.max(column.header.length, ...rows.map((row) => (row[i] ?? "").length)),
  );
  const line = (cells: readonly string[]) =>
    indent +
    cells
      .map((cell, i) => {
        const width = widths[i] as number;
        return columns[i]?.align === "left" ? cell.padEnd(width) : cell.padStart(width);
      })
      .join("  ")
      .trimEnd();
  return [line(columns.map((column) => column.header)), ...rows.map(line)].join("\n");
}

/** The line y = w·x + b, written as a reader would: "y = 2.013·x + 0.9721". */
export function formatLine(w: number, b: number): string {
  const sign = b < 0 ? "−" : "+";
  return `y = ${formatNumber(w)}·x ${sign} ${formatNumber(Math.abs(b))}`;
}

const BARS = "▁▂▃▄▅▆▇█";

/**
 * A sparkline of positive values on a log scale between `low` and `high` (values outside are clipped; a
 * non-finite value draws as a full bar, since it is off the chart).
 */
export function sparkline(values: readonly number[], low: number, high: number): string {
  const logLow = Math.log(low);
  const span = Math.log(high) - logLow || 1;
  return values
    .map((value) => {
      if (!Number.isFinite(value)) return BARS[BARS.length - 1];
      const level = (Math.log(Math.max(value, low)) - logLow) / span;
      const index = Math.round(Math.min(1, Math.max(0, level)) * (BARS.length - 1));
      return BARS[index];
    })
    .join("");
}

/** Wraps prose at `width` columns; lines after the first are indented by `indent`. */
export function wrap(text: string, width: number, indent: string): string {
  const words = text.split(/\s+/).filter((word) => word !== "");
  const lines: string[] = [];
  let line = "";
  for (const word of words) {
    const limit = lines.length === 0 ? width : width - indent.length;
    if (line !== "" && line.length + 1 + word.length > limit) {
      lines.push(line);
      line = word;
    } else line = line === "" ? word : `${line} ${word}`;
  }
  if (line !== "") lines.push(line);
  return lines.join(`\n${indent}`);
}

/** A duration for people, to two units at most: "40 s", "3 min 20 s", "8 h 20 min", "2 days 3 h". */
export function formatDuration(milliseconds: number): string {
  const seconds = Math.max(1, Math.round(milliseconds / 1000));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.round(seconds / 60);
  if (seconds < 600)
    return `${Math.floor(seconds / 60)} min${seconds % 60 === 0 ? "" : ` ${seconds % 60} s`}`;
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h${minutes % 60 === 0 ? "" : ` ${minutes % 60} min`}`;
  const days = Math.floor(hours / 24);
  return `${formatCount(days)} days${hours % 24 === 0 ? "" : ` ${hours % 24} h`}`;
}

/** A loss as prose names it: "MSE", "MAE", "Huber" (a person's name, not an acronym). */
export function formatLossName(loss: string): string {
  return loss === "huber" ? "Huber" : loss.toUpperCase();
}
