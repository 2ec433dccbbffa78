/**
 * Numbers that cannot be trusted are refused, not printed.
 *
 * float64 carries about 1e±308 with 16 digits. The fit squares x and y (sums of squares, the Hessian
 * 2·mean x², the loss), so values beyond about 1e150 overflow to ∞, and a spread of x below about 1e-146
 * has a square that is subnormal, with its digits gone: the slope and the optimum come out silently wrong.
 * Rather than answer "critical rate 0, try ≤ 0" or a wrong ideal line, these checks throw one LrlabError
 * that says which column to rescale and the range that works. A starting point whose loss overflows is
 * refused the same way, with the bound that works on this data.
 */
import type { Dataset } from "../data/data.js";
import { type LinearStats, linearStats } from "../data/stats.js";
import { LrlabError } from "../errors.js";
import { linearMseTheory } from "./theory.js";

/** Values of x and y must stay within ±this: their squares, summed, stay finite. */
export const LARGEST_TRUSTED_VALUE = 1e150;
/**
 * A spread of x (its variance) below this has a subnormal square sum or leaves nothing of the slope; exact
 * zero (all x equal) is a legitimate degenerate case and is allowed.
 */
const SMALLEST_TRUSTED_VARIANCE = 1e-290;
/** Nonzero y below this in size have squares (losses) that underflow. */
const SMALLEST_TRUSTED_MAGNITUDE = 1e-140;

/** The largest |value| in a column. */
function largestMagnitude(values: ArrayLike<number>): number {
  let largest = 0;
  for (let i = 0; i < values.length; i++) {
    const magnitude = Math.abs(values[i] as number);
    if (magnitude > largest) largest = magnitude;
  }
  return largest;
}

/** "1e+300" → "1e300", for messages. */
function order(value: number): string {
  return value.toExponential(0).replace("e+", "e");
}

/** The power of ten at or below a positive value, "1e148" for 3.2e148: a bound that stays a bound. */
function orderBelow(value: number): string {
  return `1e${Math.floor(Math.log10(value))}`;
}

/**
 * Refuses data whose squares or spread float64 cannot carry; returns its statistics when it can. The x
 * column is named as the line calls it, "x", unless `xLabel` names it (a model's first `--x`: `column "a"`).
 */
export function checkNumericRange(
  data: Pick<Dataset, "x" | "y" | "source">,
  given?: LinearStats,
  { xLabel = "x" }: { readonly xLabel?: string } = {},
): LinearStats {
  const where = `${data.source}: `;
  // x as any feature column (one check for the line and the models).
  checkFeatureColumns(data.source, [{ name: xLabel, values: data.x, label: xLabel }]);
  checkTargetRange(data);
  const stats = given ?? linearStats(data);
  const theory = linearMseTheory(stats);
  const sums = [stats.sxx, stats.sxy, stats.syy, stats.optimum.w, stats.optimum.b, stats.optimum.loss];
  if (!sums.every(Number.isFinite) || !theory.hessianEigenvalues.every(Number.isFinite)) {
    // The values are within range but their sums are not (very many points near the limit).
    throw new LrlabError(
      "E_BAD_DATA",
      `${where}the sums of squares overflow float64 (${stats.n} points); rescale ${xLabel} and y to values well within ±${order(LARGEST_TRUSTED_VALUE)}`,
    );
  }
  return stats;
}

/**
 * Refuses y whose squares float64 cannot carry (too large, or so small that every loss is 0): the part of
 * {@link checkNumericRange} that holds whatever the x columns are, standardized ones included.
 */
export function checkTargetRange(data: Pick<Dataset, "y" | "source">): void {
  const where = `${data.source}: `;
  const largestY = largestMagnitude(data.y);
  if (largestY > LARGEST_TRUSTED_VALUE) {
    throw new LrlabError(
      "E_BAD_DATA",
      `${where}y reaches ${order(largestY)}, too large to square in float64; rescale y so its values lie within ±${order(LARGEST_TRUSTED_VALUE)} (e.g. divide by ${order(largestY / 1e3)})`,
    );
  }
  // y values so small that their squares underflow: every loss would be 0 or a few-digit subnormal.
  if (largestY > 0 && largestY < SMALLEST_TRUSTED_MAGNITUDE) {
    throw new LrlabError(
      "E_BAD_DATA",
      `${where}y is at most ${order(largestY)}, too small to square in float64 (every loss would be 0); rescale y so it reaches above 1e-140 (e.g. multiply by ${order(1 / largestY)})`,
    );
  }
}

/** The message for a column whose spread float64 cannot square; `what` names it ("x", `column "a"`). */
function tooLittleSpread(what: string, spread: number): string {
  const factor = 1 / spread;
  // Below about 5e-309 the reciprocal overflows: the values are subnormal, with most of their digits gone.
  const how = Number.isFinite(factor)
    ? `(e.g. multiply by ${order(factor)})`
    : "(its values are subnormal, below 2.2e-308, with most digits already lost: rescale it where the data are made)";
  return `${what} varies by only about ${order(spread)}, too little for float64 to measure a slope; rescale ${what === "x" ? "x" : "it"} so it varies by more than 1e-140 ${how}`;
}

/**
 * Refuses feature columns whose squares or spread float64 cannot carry, naming the column: the same
 * bounds for the line's x ({@link checkNumericRange} calls it) and every input column of a model (each
 * `--x`), since the linear family's theory and every model's loss square them all.
 */
export function checkFeatureColumns(
  source: string,
  columns: readonly {
    readonly name: string;
    readonly values: ArrayLike<number>;
    /** How the messages name it: `column "a"` by default; the line's own x is just "x". */
    readonly label?: string;
  }[],
  /**
   * The columns are z-scored before any use (`--standardize`): their squares are the z-scores', so their
   * size is no bar; models/features.ts `standardize` computes the mean and deviation without overflow.
   */
  { standardized = false }: { readonly standardized?: boolean } = {},
): void {
  for (const { name, values, label } of columns) {
    const what = label ?? `column ${JSON.stringify(name)}`;
    const largest = largestMagnitude(values);
    if (!standardized && largest > LARGEST_TRUSTED_VALUE) {
      throw new LrlabError(
        "E_BAD_DATA",
        `${source}: ${what} reaches ${order(largest)}, too large to square in float64; rescale ${what === "x" ? "x" : "it"} so its values lie within ±${order(LARGEST_TRUSTED_VALUE)} (e.g. divide by ${order(largest / 1e3)})`,
      );
    }
    let sum = 0;
    let low = Number.POSITIVE_INFINITY;
    let high = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < values.length; i++) {
      const value = values[i] as number;
      sum += value;
      if (value < low) low = value;
      if (value > high) high = value;
    }
    const mean = sum / values.length;
    let squares = 0;
    for (let i = 0; i < values.length; i++) squares += ((values[i] as number) - mean) ** 2;
    const variance = squares / values.length;
    if (high > low && variance < SMALLEST_TRUSTED_VARIANCE) {
      const spread = variance > 0 ? Math.sqrt(variance) : (high - low) / 2;
      throw new LrlabError("E_BAD_DATA", `${source}: ${tooLittleSpread(what, spread)}`);
    }
  }
}

/**
 * Refuses a starting point whose loss overflows. `names` says how the two coordinates are called in the
 * message (`--init-w`, `init-w`, `initialW`).
 */
export function checkStart(
  stats: LinearStats,
  w: number,
  b: number,
  names: { readonly w: string; readonly b: string } = { w: "initialW", b: "initialB" },
): void {
  // Beyond these the loss term (Sxx/n + x̄²)·dw² or db² reaches about 1e300.
  const meanSquareX = stats.sxx / stats.n + stats.meanX * stats.meanX;
  const limitW = Math.abs(stats.optimum.w) + Math.sqrt(1e300 / Math.max(meanSquareX, 1e-300));
  const limitB = Math.abs(stats.optimum.b) + 1e150;
  for (const [name, value, limit] of [
    [names.w, w, limitW],
    [names.b, b, limitB],
  ] as const) {
    if (!(Math.abs(value) <= limit)) {
      throw new LrlabError(
        "E_BAD_ARGUMENT",
        `${name}: ${String(value).replace("e+", "e")} puts the starting loss beyond what float64 can hold on this data; expected a value within ±${orderBelow(limit)}`,
      );
    }
  }
}
