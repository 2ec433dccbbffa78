/**
 * Rows of objects (as in a JSON data file) → the numeric columns a learner can pick → a data set of two
 * of them. Pure; bundled.ts applies it to the vega-datasets files.
 */
import type { Dataset } from "../core/index.js";
import { LrlabError } from "../core/index.js";

export type Row = Readonly<Record<string, unknown>>;

/** Columns whose every present value is a finite number (blanks allowed), in the order of the first row. */
export function numericColumns(rows: readonly Row[]): string[] {
  const names = new Set<string>();
  for (const row of rows) for (const key of Object.keys(row)) names.add(key);
  return [...names].filter((name) => {
    let seen = 0;
    for (const row of rows) {
      const value = row[name];
      if (value === null || value === undefined) continue;
      if (typeof value !== "number" || !Number.isFinite(value)) return false;
      seen++;
    }
    return seen > 0;
  });
}

/**
 * Two numeric columns of `rows` as a data set; rows missing either value are left out. Throws an
 * `LrlabError` naming the columns to choose from when a name is not one of them.
 */
export function rowsToDataset(rows: readonly Row[], x: string, y: string, source: string): Dataset {
  return rowsToFeatures(rows, [x], y, source);
}

/**
 * Several numeric columns of `rows` as the features of a data set, the first also its x (core
 * data.ts `features`); rows missing any of the values are left out.
 */
export function rowsToFeatures(
  rows: readonly Row[],
  xs: readonly string[],
  y: string,
  source: string,
): Dataset {
  const columns = numericColumns(rows);
  for (const [axis, name] of [...xs.map((x) => ["x", x] as const), ["y", y] as const]) {
    if (!columns.includes(name)) {
      throw new LrlabError(
        "E_UNKNOWN_COLUMN",
        `${source}: no numeric column ${JSON.stringify(name)} for ${axis}; columns: ${columns.map((c) => JSON.stringify(c)).join(", ")}`,
      );
    }
  }
  const kept = rows.filter((row) => [...xs, y].every((name) => typeof row[name] === "number"));
  const column = (name: string) => Float64Array.from(kept, (row) => row[name] as number);
  const features = xs.map(column);
  const data = { x: features[0] as Float64Array, y: column(y), xName: xs[0] as string, yName: y, source };
  return xs.length === 1 ? data : { ...data, features: { names: xs, columns: features } };
}
