/**
 * Data sets: equally long columns of finite numbers (x, or several feature columns, and y), with the names
 * a reader will see on axes.
 */
import { LrlabError } from "../errors.js";
import { createRandom } from "../random.js";

export interface Dataset {
  /** The input column. */
  readonly x: Float64Array;
  /** The target column, as long as `x`. */
  readonly y: Float64Array;
  /** The column names, as the user sees them (CSV header cells, or "x" and "y"). */
  readonly xName: string;
  readonly yName: string;
  /** Where the data came from: a file name, or a description of the built-in set. */
  readonly source: string;
  /**
   * Every chosen feature column, in the order chosen, when several can be (`--x a --x b`); the first is
   * `x` itself, so a caller that knows only the line reads `x` and `xName` as before.
   */
  readonly features?: DatasetFeatures;
}

export interface DatasetFeatures {
  readonly names: readonly string[];
  /** As many columns as names, each as long as `y`. */
  readonly columns: readonly Float64Array[];
}

/** The feature columns of any data set: its `features`, or its one `x`. */
export function datasetColumns(data: Dataset): readonly Float64Array[] {
  return data.features?.columns ?? [data.x];
}

/** The feature columns' names of any data set: its `features`' names, or its `xName`. */
export function datasetFeatureNames(data: Dataset): readonly string[] {
  return data.features?.names ?? [data.xName];
}

/** The recipe of the built-in data set, stated once for `--help`, the README and JSON output. */
export const BUILTIN_DATA = {
  n: 100,
  slope: 2,
  intercept: 1,
  xMin: -1,
  xMax: 3,
  noiseStandardDeviation: 1,
  seed: 42,
  description: "100 points, x uniform in [-1, 3], y = 2x + 1 + noise (σ = 1), seed 42",
} as const;

export interface SyntheticLineOptions {
  n?: number;
  slope?: number;
  intercept?: number;
  xMin?: number;
  xMax?: number;
  noiseStandardDeviation?: number;
  seed?: number;
  source?: string;
}

/**
 * Points scattered about a line: x uniform in [xMin, xMax), y = slope·x + intercept + σ·noise, with
 * noise approximately standard normal (see `Random.normal`). Same seed, same numbers on every platform.
 */
export function syntheticLine({
  n = BUILTIN_DATA.n,
  slope = BUILTIN_DATA.slope,
  intercept = BUILTIN_DATA.intercept,
  xMin = BUILTIN_DATA.xMin,
  xMax = BUILTIN_DATA.xMax,
  noiseStandardDeviation = BUILTIN_DATA.noiseStandardDeviation,
  seed = BUILTIN_DATA.seed,
  source = `synthetic: ${n} points, y = ${slope}x + ${intercept} + noise (σ = ${noiseStandardDeviation}), seed ${seed}`,
}: SyntheticLineOptions = {}): Dataset {
  if (!Number.isInteger(n) || n < 1)
    throw new LrlabError("E_BAD_ARGUMENT", `n: expected an integer ≥ 1, got ${n}`);
  const random = createRandom(seed);
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const xi = xMin + (xMax - xMin) * random.uniform();
    x[i] = xi;
    y[i] = slope * xi + intercept + noiseStandardDeviation * random.normal();
  }
  return { x, y, xName: "x", yName: "y", source };
}

/** The built-in lesson data: {@link BUILTIN_DATA}. */
export function builtinData(): Dataset {
  return syntheticLine({ source: `built-in: ${BUILTIN_DATA.description}` });
}

/**
 * Checks that a data set can be trained on: equal lengths, at least one point, all values finite, in
 * `x`, `y` and every feature column. Returns it unchanged, so it can wrap a constructor call.
 */
export function checkDataset(data: Dataset): Dataset {
  if (data.features !== undefined) checkFeatures(data, data.features);
  if (data.x.length !== data.y.length) {
    throw new LrlabError(
      "E_BAD_DATA",
      `${data.source}: x has ${data.x.length} values but y has ${data.y.length}; expected equal lengths`,
    );
  }
  if (data.x.length === 0)
    throw new LrlabError("E_BAD_DATA", `${data.source}: no data rows; expected at least one`);
  for (let i = 0; i < data.x.length; i++) {
    if (!Number.isFinite(data.x[i]) || !Number.isFinite(data.y[i])) {
      throw new LrlabError(
        "E_BAD_DATA",
        `${data.source}: point ${i} is (${data.x[i]}, ${data.y[i]}); expected finite numbers`,
      );
    }
  }
  return data;
}

function checkFeatures(data: Dataset, { names, columns }: DatasetFeatures): void {
  if (names.length !== columns.length || columns.length === 0 || columns[0] !== data.x) {
    throw new LrlabError(
      "E_BAD_DATA",
      `${data.source}: the features' names (${names.length}) and columns (${columns.length}) disagree; expected one name per column, at least one, the first column being x`,
    );
  }
  columns.forEach((column, j) => {
    if (column.length !== data.y.length) {
      throw new LrlabError(
        "E_BAD_DATA",
        `${data.source}: feature ${JSON.stringify(names[j])} has ${column.length} values but y has ${data.y.length}; expected equal lengths`,
      );
    }
    const i = column.findIndex((value) => !Number.isFinite(value));
    if (i >= 0) {
      throw new LrlabError(
        "E_BAD_DATA",
        `${data.source}: point ${i} of feature ${JSON.stringify(names[j])} is ${column[i]}; expected a finite number`,
      );
    }
  });
}
