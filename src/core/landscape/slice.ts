/**
 * The loss of a model on a plane (or a line) through its parameter space, and a run's path seen on it.
 *
 * The plane through the centre θc along directions d₁ and d₂ holds θ(α, β) = θc + α·d₁ + β·d₂; its grid
 * follows the (w, b) landscape's layout (landscape.ts): `values[j·α.length + i]` is the loss at
 * (α[i], β[j]), one row per β. The line from θ₀ to θ₁ holds θ(α) = (1 − α)·θ₀ + α·θ₁.
 *
 * A path (the weights a run passed through) is projected by least squares: the (α, β) whose point of the
 * plane is nearest each weight vector, from the 2 × 2 normal equations [d₁·d₁ d₁·d₂; d₁·d₂ d₂·d₂]·(α, β) =
 * (d₁·r, d₂·r) with r = θ − θc. How far the weights lie off the plane is reported beside it: random
 * directions in many dimensions catch little of a path (Li et al. 2018, §7), and the reader should know.
 *
 * Each grid point is one pass over the data (the forward pass only): O(rows × parameters) per point.
 */
import { LrlabError } from "../errors.js";
import type { Mlp } from "../models/mlp.js";
import { type ModelData, pointLoss } from "../models/model.js";
import { dot } from "./directions.js";

/** The mean loss of `model` at `params` over all rows of `data`, by forward passes only. */
export function modelLossAt(
  model: Pick<Mlp, "predict" | "loss">,
  params: Float64Array,
  data: ModelData,
  scratch: Float64Array = new Float64Array(3),
): number {
  const rows = data.targets.length;
  let sum = 0;
  for (let r = 0; r < rows; r++) {
    pointLoss(model.loss, model.predict(params, data, r), data.targets[r] as number, scratch);
    sum += scratch[0] as number;
  }
  return sum / rows;
}

/** The loss at every (α[i], β[j]) of the plane θc + α·d₁ + β·d₂: `values[j·α.length + i]`. */
export function planeSlice(
  model: Pick<Mlp, "predict" | "loss">,
  data: ModelData,
  centre: Float64Array,
  [first, second]: readonly [Float64Array, Float64Array],
  alpha: Float64Array,
  beta: Float64Array,
  onRow?: (done: number, total: number) => void,
): Float64Array {
  const values = new Float64Array(alpha.length * beta.length);
  const point = new Float64Array(centre.length);
  const scratch = new Float64Array(3);
  for (let j = 0; j < beta.length; j++) {
    const b = beta[j] as number;
    for (let i = 0; i < alpha.length; i++) {
      const a = alpha[i] as number;
      for (let k = 0; k < point.length; k++) {
        point[k] = (centre[k] as number) + a * (first[k] as number) + b * (second[k] as number);
      }
      values[j * alpha.length + i] = modelLossAt(model, point, data, scratch);
    }
    onRow?.(j + 1, beta.length);
  }
  return values;
}

/** The loss at every α of the line (1 − α)·θ₀ + α·θ₁. */
export function lineSlice(
  model: Pick<Mlp, "predict" | "loss">,
  data: ModelData,
  initial: Float64Array,
  final: Float64Array,
  alpha: Float64Array,
): Float64Array {
  const point = new Float64Array(initial.length);
  const scratch = new Float64Array(3);
  return Float64Array.from(alpha, (a) => {
    for (let k = 0; k < point.length; k++) {
      point[k] = (1 - a) * (initial[k] as number) + a * (final[k] as number);
    }
    return modelLossAt(model, point, data, scratch);
  });
}

/** A path on a plane: each point's least-squares (α, β) and its distance from the plane. */
export interface PlanePath {
  readonly alpha: Float64Array;
  readonly beta: Float64Array;
  readonly distance: Float64Array;
}

/** Projects weight vectors onto the plane θc + α·d₁ + β·d₂ (see the module comment). */
export function projectOntoPlane(
  points: readonly Float64Array[],
  centre: Float64Array,
  [first, second]: readonly [Float64Array, Float64Array],
): PlanePath {
  const [a11, a12, a22] = [dot(first, first), dot(first, second), dot(second, second)];
  const determinant = a11 * a22 - a12 * a12;
  if (!(determinant > 1e-12 * a11 * a22)) {
    throw new LrlabError(
      "E_BAD_ARGUMENT",
      "the two directions are parallel: they span no plane to project on",
    );
  }
  const residual = new Float64Array(centre.length);
  const alpha = new Float64Array(points.length);
  const beta = new Float64Array(points.length);
  const distance = new Float64Array(points.length);
  points.forEach((point, p) => {
    for (let k = 0; k < residual.length; k++) residual[k] = (point[k] as number) - (centre[k] as number);
    const [r1, r2] = [dot(first, residual), dot(second, residual)];
    const a = (a22 * r1 - a12 * r2) / determinant;
    const b = (a11 * r2 - a12 * r1) / determinant;
    alpha[p] = a;
    beta[p] = b;
    let off = 0;
    for (let k = 0; k < residual.length; k++) {
      off += ((residual[k] as number) - a * (first[k] as number) - b * (second[k] as number)) ** 2;
    }
    distance[p] = Math.sqrt(off);
  });
  return { alpha, beta, distance };
}

/** A path on the line from θ₀ to θ₁: each point's α (0 at θ₀, 1 at θ₁) and its distance from the line. */
export function projectOntoLine(
  points: readonly Float64Array[],
  initial: Float64Array,
  final: Float64Array,
): { readonly alpha: Float64Array; readonly distance: Float64Array } {
  const direction = Float64Array.from(final, (value, k) => value - (initial[k] as number));
  const length2 = dot(direction, direction);
  if (!(length2 > 0)) {
    throw new LrlabError(
      "E_BAD_ARGUMENT",
      "the initial and final weights are equal: there is no line between them",
    );
  }
  const residual = new Float64Array(initial.length);
  const alpha = new Float64Array(points.length);
  const distance = new Float64Array(points.length);
  points.forEach((point, p) => {
    for (let k = 0; k < residual.length; k++) residual[k] = (point[k] as number) - (initial[k] as number);
    const a = dot(direction, residual) / length2;
    alpha[p] = a;
    let off = 0;
    for (let k = 0; k < residual.length; k++)
      off += ((residual[k] as number) - a * (direction[k] as number)) ** 2;
    distance[p] = Math.sqrt(off);
  });
  return { alpha, distance };
}

/**
 * A distance off the slice below this fraction of the path's scale is rounding, not a distance: with two
 * parameters the plane is the whole space, yet the projection's arithmetic leaves about 1e-16 of it.
 */
export const ON_SLICE_TOLERANCE = 1e-9;

/** How far a path strays off its plane (or line), with rounding told apart from a real distance. */
export interface OffSlice {
  /** The largest distance of a point of the path off the slice (weight units), 0 when `onSlice`. */
  readonly farthest: number;
  /**
   * {@link ON_SLICE_TOLERANCE} × the path's scale: its length (the sum of its steps' lengths), or the
   * centre's norm when that is larger (a path of one point has no length).
   */
  readonly tolerance: number;
  /** Every point lies within the tolerance of the slice: the path is on it. */
  readonly onSlice: boolean;
  /**
   * The slice spans the whole parameter space (a plane through a model of 2 parameters): the path cannot
   * leave it, whatever rounding puts in its distances, and it moves in no other direction.
   */
  readonly wholeSpace: boolean;
}

/**
 * How far `points` (the path) lie off the slice through `centre`, given their distances from it; a slice of
 * `sliceDimension` independent directions (2 for a plane, 1 for a line) in as many parameters is the whole
 * space, and the path is on it.
 */
export function offSlice(
  points: readonly Float64Array[],
  distance: Float64Array,
  centre: Float64Array,
  sliceDimension = 2,
): OffSlice {
  let length = 0;
  for (let p = 1; p < points.length; p++) {
    const [from, to] = [points[p - 1] as Float64Array, points[p] as Float64Array];
    let squared = 0;
    for (let k = 0; k < to.length; k++) squared += ((to[k] as number) - (from[k] as number)) ** 2;
    length += Math.sqrt(squared);
  }
  const scale = Math.max(length, Math.sqrt(dot(centre, centre)));
  const tolerance = ON_SLICE_TOLERANCE * (Number.isFinite(scale) ? scale : 0);
  const farthest = Math.max(0, ...Array.from(distance).filter(Number.isFinite));
  const wholeSpace = centre.length <= sliceDimension;
  const onSlice = wholeSpace || farthest <= tolerance;
  return { farthest: onSlice ? 0 : farthest, tolerance, onSlice, wholeSpace };
}
