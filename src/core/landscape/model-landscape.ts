/**
 * The landscape of a model with many parameters: its loss on a plane through the weights a run ended at
 * (random filter-normalized or top Hessian directions), or on the line from the run's initial to its final
 * weights, with the run's path projected onto it. The directions are directions.ts's; the grids and the
 * projection are slice.ts's; this module chooses the ranges and puts them together.
 *
 * Automatic ranges: for random directions α, β ∈ [−1, 1] (Li et al. 2018: a unit step along a
 * filter-normalized direction moves every unit as far as its own size); for the unit Hessian eigenvectors,
 * on each axis the distance at which the quadratic model of the loss doubles it, ½·λ·α² = L, times 1.5,
 * so the bowl's walls are in view; for the interpolation, α ∈ [−0.5, 1.5] (Goodfellow et al. 2015). Each is
 * widened to hold the run's projected path with a tenth to spare (only its part at most the starting loss
 * when the run climbed out: the bowl stays in view).
 */
import { LrlabError } from "../errors.js";
import type { Mlp } from "../models/mlp.js";
import type { ModelData } from "../models/model.js";
import { curvatureVanishes } from "../models/sharpness.js";
import {
  type DirectionKind,
  hessianDirections,
  interpolationDirection,
  randomDirections,
} from "./directions.js";
import { evenlySpaced } from "./landscape.js";
import {
  lineSlice,
  modelLossAt,
  type OffSlice,
  offSlice,
  type PlanePath,
  planeSlice,
  projectOntoLine,
  projectOntoPlane,
} from "./slice.js";

/** Grid points per axis of a plane when none are given: each is a pass over the data. */
export const DEFAULT_PLANE_GRID = 51;
/** Points along the interpolation line when none are given. */
export const DEFAULT_LINE_GRID = 201;
/** The interpolation's default α range (Goodfellow et al. 2015 draw a little beyond both ends). */
export const INTERPOLATION_RANGE: readonly [number, number] = [-0.5, 1.5];

/**
 * The most loss evaluations a slice may cost, counted as grid points × data rows × parameters: one
 * point's loss is a forward pass costing about 2 ns per row and parameter here, so this is about 20 s.
 */
export const SLICE_WORK_LIMIT = 1e10;

/** The grid points per axis of a slice when none are given. */
export function defaultSliceGrid(kind: DirectionKind): number {
  return kind === "interpolate" ? DEFAULT_LINE_GRID : DEFAULT_PLANE_GRID;
}

/**
 * The largest grid (points per axis) whose slice stays within {@link SLICE_WORK_LIMIT} for a model of
 * `parameters` on `rows` data rows: a plane costs grid², the interpolation line grid. Below 2 none fits.
 */
export function largestSliceGrid(kind: DirectionKind, rows: number, parameters: number): number {
  const points = SLICE_WORK_LIMIT / (Math.max(1, rows) * Math.max(1, parameters));
  return Math.floor(kind === "interpolate" ? points : Math.sqrt(points));
}

/** The weights a run passed through, at its recorded steps (thinned), with the loss recorded at each. */
export interface ParameterPath {
  readonly step: readonly number[];
  readonly params: readonly Float64Array[];
  readonly loss: readonly number[];
}

export interface ModelLandscapeOptions {
  readonly kind: DirectionKind;
  /** Seeds the random directions (and the power iterations' starts). */
  readonly seed: number;
  /** Grid points per axis (default {@link DEFAULT_PLANE_GRID}, or {@link DEFAULT_LINE_GRID} for the line). */
  readonly grid?: number;
  readonly alphaRange?: readonly [number, number];
  readonly betaRange?: readonly [number, number];
  /** Called after each row of the grid, for progress. */
  readonly onRow?: (done: number, total: number) => void;
}

interface Common {
  /** The loss at the centre of the slice (the final weights) and at the initial weights. */
  readonly centreLoss: number;
  readonly initialLoss: number;
  readonly automatic: { readonly alpha: boolean; readonly beta: boolean };
  /** Whether every point of the path lies inside the ranges. */
  readonly pathInside: boolean;
  /** How far the path strays off the slice, rounding told apart (slice.ts's `offSlice`). */
  readonly off: OffSlice;
}

/** A plane through the final weights: `values[j·alpha.length + i]` is the loss at (alpha[i], beta[j]). */
export interface PlaneLandscape extends Common {
  readonly kind: "random" | "hessian";
  readonly alpha: Float64Array;
  readonly beta: Float64Array;
  readonly values: Float64Array;
  readonly directions: readonly [Float64Array, Float64Array];
  /** Hessian only: the two eigenvalues, largest first; and whether their power iterations converged. */
  readonly eigenvalues: readonly [number, number] | null;
  /**
   * Hessian directions were asked for, but the Hessian is zero at the final weights (λmax = 0: a saturated
   * sigmoid, or a loss flat there), so there is no sharpest direction: the plane is along random
   * filter-normalized directions instead (`kind` is then "random").
   */
  readonly zeroHessian: boolean;
  readonly converged: boolean;
  readonly path: PlanePath & { readonly step: readonly number[]; readonly loss: readonly number[] };
}

/** The line from the initial (α = 0) to the final (α = 1) weights: `values[i]` is the loss at alpha[i]. */
export interface LineLandscape extends Common {
  readonly kind: "interpolate";
  readonly alpha: Float64Array;
  readonly values: Float64Array;
  readonly path: {
    readonly alpha: Float64Array;
    readonly distance: Float64Array;
    readonly step: readonly number[];
    readonly loss: readonly number[];
  };
}

export type ModelLandscape = PlaneLandscape | LineLandscape;

/** The slice `options.kind` asks for, through a run from `initial` to `final` along `path`. */
export function modelLandscape(
  model: Mlp,
  data: ModelData,
  run: { readonly initial: Float64Array; readonly final: Float64Array; readonly path: ParameterPath },
  options: ModelLandscapeOptions,
): ModelLandscape {
  const { initial, final, path } = run;
  for (const value of final) {
    if (!Number.isFinite(value)) {
      throw new LrlabError(
        "E_BAD_ARGUMENT",
        "the run's final weights are not finite numbers, so there is no place to centre the slice; lower --lr, or stop it sooner with --steps",
      );
    }
  }
  const grid = options.grid ?? defaultSliceGrid(options.kind);
  const centreLoss = modelLossAt(model, final, data);
  const initialLoss = modelLossAt(model, initial, data);
  const held = heldPath(path);

  if (options.kind === "interpolate") {
    interpolationDirection(initial, final);
    const projected = projectOntoLine(path.params, initial, final);
    const range =
      options.alphaRange ??
      widened(
        INTERPOLATION_RANGE,
        held.map((k) => projected.alpha[k] as number),
      );
    const alpha = evenlySpaced(range, grid);
    return {
      kind: "interpolate",
      alpha,
      values: lineSlice(model, data, initial, final, alpha),
      path: { ...projected, step: path.step, loss: path.loss },
      centreLoss,
      initialLoss,
      automatic: { alpha: options.alphaRange === undefined, beta: false },
      pathInside: inside(projected.alpha, range),
      off: offSlice(path.params, projected.distance, final, 1),
    };
  }

  let directions: [Float64Array, Float64Array];
  let eigenvalues: [number, number] | null = null;
  let converged = true;
  let zeroHessian = false;
  let base: [readonly [number, number], readonly [number, number]];
  if (options.kind === "random") {
    directions = randomDirections(model, final, options.seed);
    base = [
      [-1, 1],
      [-1, 1],
    ];
  } else {
    const found = hessianDirections(model, final, data, { seed: options.seed });
    zeroHessian = curvatureVanishes(found.eigenvalues[0]);
    directions = zeroHessian ? zeroHessianDirections(model, final, options.seed) : found.directions;
    converged = found.converged;
    eigenvalues = zeroHessian ? null : found.eigenvalues;
    const reference = Math.max(centreLoss, 1e-3 * initialLoss, 1e-12);
    const half = (eigenvalue: number) => {
      const curvature = eigenvalue > 0 ? eigenvalue : Math.max(found.eigenvalues[0], 1e-12);
      return 1.5 * Math.sqrt((2 * reference) / curvature);
    };
    const [h1, h2] = [half(found.eigenvalues[0]), half(found.eigenvalues[1])];
    // Random directions are unit steps per unit's size (Li et al.): their range, as asked for them.
    base = zeroHessian
      ? [
          [-1, 1],
          [-1, 1],
        ]
      : [
          [-h1, h1],
          [-h2, h2],
        ];
  }
  const projected = projectOntoPlane(path.params, final, directions);
  const alphaRange =
    options.alphaRange ??
    widened(
      base[0],
      held.map((k) => projected.alpha[k] as number),
    );
  const betaRange =
    options.betaRange ??
    widened(
      base[1],
      held.map((k) => projected.beta[k] as number),
    );
  const alpha = evenlySpaced(alphaRange, grid);
  const beta = evenlySpaced(betaRange, grid);
  return {
    kind: zeroHessian ? "random" : options.kind,
    alpha,
    beta,
    values: planeSlice(model, data, final, directions, alpha, beta, options.onRow),
    directions,
    eigenvalues,
    zeroHessian,
    converged,
    path: { ...projected, step: path.step, loss: path.loss },
    centreLoss,
    initialLoss,
    automatic: { alpha: options.alphaRange === undefined, beta: options.betaRange === undefined },
    pathInside: inside(projected.alpha, alphaRange) && inside(projected.beta, betaRange),
    off: offSlice(path.params, projected.distance, final),
  };
}

/** Why a Hessian slice falls back to random directions, in the words every face shows. */
export const ZERO_HESSIAN_REASON =
  "the Hessian is zero at the final weights (λmax = 0: the loss is flat there, as where a sigmoid saturates), so it has no sharpest direction";

/**
 * A zero Hessian has no directions of its own (every vector is an eigenvector of λ = 0, and the power
 * iteration returns its random start): random filter-normalized ones instead, or, where those span no
 * plane either, a refusal with both reasons.
 */
function zeroHessianDirections(model: Mlp, final: Float64Array, seed: number): [Float64Array, Float64Array] {
  try {
    return randomDirections(model, final, seed);
  } catch (failure) {
    if (!(failure instanceof LrlabError)) throw failure;
    throw new LrlabError(
      "E_BAD_ARGUMENT",
      `${ZERO_HESSIAN_REASON}, and random directions span no plane here either: ${failure.message.replace(/^--directions random: /, "")}`,
    );
  }
}

/**
 * The indices of the path an automatic range holds: all of it, unless it ended above its starting loss
 * (it climbed out); then those at most the starting loss.
 */
function heldPath(path: ParameterPath): number[] {
  const start = path.loss[0] as number;
  const last = path.loss.at(-1) as number;
  const all = path.loss.map((_, k) => k);
  if (last <= start) return all;
  return all.filter((k) => (path.loss[k] as number) <= start);
}

/** `base` widened to hold `values` (the finite ones) with a tenth of the span to spare. */
function widened(base: readonly [number, number], values: readonly number[]): [number, number] {
  const finite = values.filter(Number.isFinite);
  if (finite.length === 0) return [base[0], base[1]];
  const low = Math.min(...finite);
  const high = Math.max(...finite);
  const margin = 0.1 * (Math.max(high, base[1]) - Math.min(low, base[0]));
  return [Math.min(base[0], low - margin), Math.max(base[1], high + margin)];
}

function inside(values: Float64Array, [low, high]: readonly [number, number]): boolean {
  return values.every((value) => value >= low && value <= high);
}
