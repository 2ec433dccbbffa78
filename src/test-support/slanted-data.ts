/**
 * Two columns whose classes are separated only by a slanted line (no single column separates them): on
 * each column they overlap (a: 0s at 0–3, 1s at 1–3; b: 0s at 0–2, 1s at 1–3), but 2a + 3b = 6.5 has every
 * 0 below it (6, 6, 0, 3.5) and every 1 above (8, 7, 15, 11.5). So BCE has no finite minimum. Shared by the
 * CLI tests of no-finite-minimum and no-best-rate.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";

/** The rows [a, b, y]. */
export const SLANTED_ROWS = [
  [0, 2, 0],
  [3, 0, 0],
  [0, 0, 0],
  [1, 0.5, 0],
  [1, 2, 1],
  [2, 1, 1],
  [3, 3, 1],
  [2, 2.5, 1],
] as const;

/** Writes slanted.csv into `directory`; returns its path. */
export function writeSlantedCsv(directory: string): string {
  const file = join(directory, "slanted.csv");
  writeFileSync(file, `a,b,y\n${SLANTED_ROWS.map((row) => row.join(",")).join("\n")}\n`);
  return file;
}

/** The flags of logistic regression on it: `--data FILE --model logistic --x a --x b --y y`. */
export function slantedFlags(file: string): string[] {
  return ["--data", file, "--model", "logistic", "--x", "a", "--x", "b", "--y", "y"];
}
