/**
 * The loss over a grid of (w, b): the landscape gradient descent walks on.
 *
 * Configure, then call on data (d3's way): `landscape({ grid: 501 })(stats)` returns plain arrays,
 * `{ w, b, values }` with `values[j * w.length + i]` = loss at `(w[i], b[j])`, one row per intercept.
 *
 * For MSE the grid is exact from the sufficient statistics: O(N) once (the statistics), then O(1) per
 * grid point, L = L* + (Sxx/n)·dw² + (x̄·dw + db)² (stats.ts's `mseAt`, term for term). MAE and Huber have
 * no such closed form; landscape-direct.ts computes them a block of rows at a time, O(N) per point, so a
 * caller with threads can spread the rows over them.
 *
 * Automatic ranges are centred on the least-squares optimum, so the bowl sits in the middle: wide enough to
 * hold the sublevel set L ≤ L* + Var(y) (by default; the bowl up to about the height of the flat line
 * through ȳ), and every point the caller asks to include (a run's path), with a margin.
 */

import type { LinearStats } from "../data/stats.js";
import { LrlabError } from "../errors.js";

/** Grid points along each axis when none are given. */
export const DEFAULT_LANDSCAPE_GRID = 201;
/** More values than this (8 bytes each, 400 MB) is more likely a typo than a plan. */
export const MAX_LANDSCAPE_POINTS = 5e7;

/** A path whose points an automatic range must contain: a run's `history.w` and `history.b`. */
export interface LandscapePath {
  readonly w: ArrayLike<number>;
  readonly b: ArrayLike<number>;
}

export interface LandscapeRangeOptions {
  /** The slopes to cover, low < high; default: automatic. */
  wRange?: readonly [number, number] | undefined;
  /** The intercepts to cover, low < high; default: automatic. */
  bRange?: readonly [number, number] | undefined;
  /** Points the automatic ranges must contain (non-finite points are skipped). */
  include?: readonly LandscapePath[] | undefined;
  /** Room beyond the farthest included point, as a fraction of its distance from the optimum (default 0.1). */
  margin?: number | undefined;
  /**
   * How high up the bowl the automatic ranges reach at least, above L*, as a fraction of Var(y)
   * (default 1: the bowl up to the loss of the flat line through ȳ). 0 leaves only the included points.
   */
  bowl?: number | undefined;
}

export interface LandscapeOptions extends LandscapeRangeOptions {
  /** Grid points along both axes (default {@link DEFAULT_LANDSCAPE_GRID}). */
  grid?: number | undefined;
  /** Grid points along w; overrides `grid`. */
  gridW?: number | undefined;
  /** Grid points along b; overrides `grid`. */
  gridB?: number | undefined;
}

/** The grid's coordinates: `w.length` slopes by `b.length` intercepts, evenly spaced, ends included. */
export interface LandscapeAxes {
  readonly w: Float64Array;
  readonly b: Float64Array;
}

/** The loss at every grid point: `values[j * w.length + i]` is the loss at `(w[i], b[j])`. */
export interface Landscape extends LandscapeAxes {
  readonly values: Float64Array;
}

export interface LandscapeRanges {
  readonly w: [number, number];
  readonly b: [number, number];
}

/**
 * The ranges a landscape covers: the given ones, else centred on the optimum, holding the bowl up to
 * L* + Var(y) and every included point with `margin` to spare.
 */
export function landscapeRanges(stats: LinearStats, options: LandscapeRangeOptions = {}): LandscapeRanges {
  const { wRange, bRange, include = [], margin = 0.1, bowl = 1 } = options;
  if (wRange) checkRange("wRange", wRange);
  if (bRange) checkRange("bRange", bRange);
  for (const [name, value] of [
    ["margin", margin],
    ["bowl", bowl],
  ] as const) {
    if (!(value >= 0 && Number.isFinite(value))) {
      throw new LrlabError("E_BAD_ARGUMENT", `${name}: expected a finite number ≥ 0, got ${value}`);
    }
  }
  const { w: centreW, b: centreB } = stats.optimum;
  // The sublevel set dᵀ(H/2)d ≤ Δ with H/2 = [[a, x̄], [x̄, 1]] and det(H/2) = Var x is an ellipse whose
  // bounding box has half-widths √(Δ/Var x) in w and √(Δ·a/Var x) in b.
  const varianceX = stats.sxx / stats.n;
  const varianceY = stats.syy / stats.n;
  const meanSquareX = varianceX + stats.meanX * stats.meanX;
  const level = bowl * (varianceY > 0 ? varianceY : Math.max(stats.meanY * stats.meanY, 1));
  let halfW: number;
  let halfB: number;
  if (stats.degenerate || !(varianceX > 0)) {
    // All x equal: the bowl is a trough with no end along the flat direction; show a box of the data's scale.
    halfW = Math.sqrt(level / (meanSquareX > 0 ? meanSquareX : 1));
    halfB = Math.sqrt(level);
  } else {
    halfW = Math.sqrt(level / varianceX);
    halfB = Math.sqrt((level * meanSquareX) / varianceX);
  }
  for (const path of include) {
    const count = Math.min(path.w.length, path.b.length);
    for (let k = 0; k < count; k++) {
      const w = path.w[k] as number;
      const b = path.b[k] as number;
      if (!Number.isFinite(w) || !Number.isFinite(b)) continue;
      halfW = Math.max(halfW, (1 + margin) * Math.abs(w - centreW));
      halfB = Math.max(halfB, (1 + margin) * Math.abs(b - centreB));
    }
  }
  // Never an empty range, and never one so narrow around a large centre that its ends round together.
  const floorW = Math.max(1e-12, 1e-9 * Math.abs(centreW));
  const floorB = Math.max(1e-12, 1e-9 * Math.abs(centreB));
  halfW = Number.isFinite(halfW) && halfW > floorW ? halfW : Math.max(floorW, Math.abs(centreW) / 2, 1e-3);
  halfB = Number.isFinite(halfB) && halfB > floorB ? halfB : Math.max(floorB, Math.abs(centreB) / 2, 1e-3);
  return {
    w: wRange ? [wRange[0], wRange[1]] : [centreW - halfW, centreW + halfW],
    b: bRange ? [bRange[0], bRange[1]] : [centreB - halfB, centreB + halfB],
  };
}

/**
 * The part of a run's path an automatic range should hold: all of it, unless the run diverged or ended
 * above its starting loss (it is climbing out of the bowl); then only its steps whose loss is at most
 * `climb` × the starting loss (default 1), so the bowl stays in view while the path flies off.
 */
export function pathToHold(
  run: {
    readonly status: string;
    readonly history: { readonly length: number } & LandscapePath & { readonly loss: ArrayLike<number> };
  },
  climb = 1,
): LandscapePath {
  const { w, b, loss, length } = run.history;
  const start = loss[0] as number;
  const last = loss[length - 1] as number;
  if (run.status !== "diverged" && last <= start) return { w, b };
  const limit = climb * start;
  const keptW: number[] = [];
  const keptB: number[] = [];
  for (let k = 0; k < length; k++) {
    if ((loss[k] as number) <= limit) {
      keptW.push(w[k] as number);
      keptB.push(b[k] as number);
    }
  }
  return { w: keptW, b: keptB };
}

/** The grid's coordinates for `options` around the data whose statistics are `stats`. */
export function landscapeAxes(stats: LinearStats, options: LandscapeOptions = {}): LandscapeAxes {
  const { gridW, gridB } = landscapeGridSize(options);
  const ranges = landscapeRanges(stats, options);
  return { w: evenlySpaced(ranges.w, gridW), b: evenlySpaced(ranges.b, gridB) };
}

/**
 * The exact MSE landscape from sufficient statistics: configure, then call on `linearStats(data)`.
 * O(1) per grid point, whatever N is.
 */
export function landscape(options: LandscapeOptions = {}): (stats: LinearStats) => Landscape {
  landscapeGridSize(options); // report a bad grid when configured, not when called
  return (stats) => {
    const axes = landscapeAxes(stats, options);
    return { ...axes, values: mseGrid(stats, axes) };
  };
}

/** MSE at every point of `axes`: L* + (Sxx/n)·dw² + (x̄·dw + db)², rounded exactly as `mseAt`. */
export function mseGrid(stats: LinearStats, axes: LandscapeAxes): Float64Array {
  const { w, b } = axes;
  const nw = w.length;
  const nb = b.length;
  const values = new Float64Array(nw * nb);
  const spread = stats.sxx / stats.n;
  // Per column, the parts that depend on w alone: L* + (Sxx/n)·dw·dw and x̄·dw.
  const base = new Float64Array(nw);
  const slopePart = new Float64Array(nw);
  for (let i = 0; i < nw; i++) {
    const dw = (w[i] as number) - stats.optimum.w;
    base[i] = stats.optimum.loss + spread * dw * dw;
    slopePart[i] = stats.meanX * dw;
  }
  for (let j = 0; j < nb; j++) {
    const db = (b[j] as number) - stats.optimum.b;
    const row = j * nw;
    for (let i = 0; i < nw; i++) {
      const along = (slopePart[i] as number) + db;
      values[row + i] = (base[i] as number) + along * along;
    }
  }
  return values;
}

/** The lowest finite grid point (the first, if several tie), or null if none is finite. */
export function landscapeMinimum(
  grid: Landscape,
): { w: number; b: number; loss: number; i: number; j: number } | null {
  const nw = grid.w.length;
  let best = -1;
  let lowest = Number.POSITIVE_INFINITY;
  for (let index = 0; index < grid.values.length; index++) {
    const value = grid.values[index] as number;
    if (value < lowest) {
      lowest = value;
      best = index;
    }
  }
  if (best < 0) return null;
  const i = best % nw;
  const j = (best - i) / nw;
  return { w: grid.w[i] as number, b: grid.b[j] as number, loss: lowest, i, j };
}

/** The grid size of `options`, validated: whole numbers ≥ 2 along each axis. */
export function landscapeGridSize(options: Pick<LandscapeOptions, "grid" | "gridW" | "gridB">): {
  gridW: number;
  gridB: number;
} {
  const both = options.grid ?? DEFAULT_LANDSCAPE_GRID;
  checkGridCount("grid", both);
  const gridW = options.gridW ?? both;
  const gridB = options.gridB ?? both;
  checkGridCount("gridW", gridW);
  checkGridCount("gridB", gridB);
  if (gridW * gridB > MAX_LANDSCAPE_POINTS) {
    throw new LrlabError(
      "E_BAD_ARGUMENT",
      `grid: ${gridW} × ${gridB} points is more than ${MAX_LANDSCAPE_POINTS.toExponential()}; choose a coarser grid`,
    );
  }
  return { gridW, gridB };
}

function checkGridCount(name: string, count: number): void {
  if (!Number.isInteger(count) || count < 2) {
    throw new LrlabError("E_BAD_ARGUMENT", `${name}: expected a whole number ≥ 2, got ${count}`);
  }
}

function checkRange(name: string, [low, high]: readonly [number, number]): void {
  if (!(Number.isFinite(low) && Number.isFinite(high) && low < high)) {
    throw new LrlabError(
      "E_BAD_ARGUMENT",
      `${name}: expected finite [low, high] with low < high, got [${low}, ${high}]`,
    );
  }
}

/** `count` (≥ 2) evenly spaced values from low to high, both ends exact. */
export function evenlySpaced([low, high]: readonly [number, number], count: number): Float64Array {
  const values = new Float64Array(count);
  const step = (high - low) / (count - 1);
  for (let k = 0; k < count - 1; k++) values[k] = low + k * step;
  values[count - 1] = high;
  return values;
}
