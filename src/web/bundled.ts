/**
 * The real data sets, read from the vega-datasets package at build time and bundled into the worker
 * (the package's own index would fetch them from a CDN; the lab makes no request after it loads).
 */

import cars from "vega-datasets/data/cars.json";
import gapminder from "vega-datasets/data/gapminder.json";
import penguins from "vega-datasets/data/penguins.json";
import type { Dataset } from "../core/index.js";
import { type BundledName, DATA_CATALOG } from "./catalog.js";
import { numericColumns, type Row, rowsToDataset, rowsToFeatures } from "./rows.js";

const ROWS: Readonly<Record<BundledName, readonly Row[]>> = {
  cars: cars as readonly Row[],
  penguins: penguins as readonly Row[],
  gapminder: gapminder as readonly Row[],
};

/** Bundled data set `name` with columns `x` and `y` ("" for its defaults), and every numeric column. */
export function bundledData(name: BundledName, x: string, y: string): { data: Dataset; columns: string[] } {
  const entry = DATA_CATALOG[name];
  const rows = ROWS[name];
  const data = rowsToDataset(rows, x || entry.x, y || entry.y, `${name}.json (vega-datasets)`);
  return { data, columns: numericColumns(rows) };
}

/** Bundled data set `name` with the feature columns `xs` (the first is its x) and `y`, for linear regression. */
export function bundledFeatures(name: BundledName, xs: readonly string[], y: string): Dataset {
  return rowsToFeatures(ROWS[name], xs, y || DATA_CATALOG[name].y, `${name}.json (vega-datasets)`);
}
