/**
 * Where a model with a sigmoid output (logistic regression, or an mlp under BCE) on two inputs says p = 0.5,
 * in the data's own units: for logistic regression the exact line, for any such model a grid of p to shade
 * and to trace the contour on. Standardized weights are mapped back, so the axes are the columns as given.
 */
import type { PreparedModel } from "./model-spec.js";
import { predictOn } from "./predictions.js";

/** A rectangle in the data's units: [low, high] along each input. */
export interface Box {
  readonly a: readonly [number, number];
  readonly b: readonly [number, number];
}

/** A point of the a–b plane. */
export interface PlanePoint {
  readonly a: number;
  readonly b: number;
}

/**
 * Logistic regression's boundary w1·z1 + w2·z2 + bias = 0 (z the standardized inputs, or the raw ones),
 * clipped to `box`, as its two end points in raw units; null where it misses the box or the weights are
 * zero or not finite. With z = (x − mean)/deviation the raw line is
 * (w1/s1)·a + (w2/s2)·b + bias − (w1/s1)·m1 − (w2/s2)·m2 = 0.
 */
export function logisticBoundary(
  prepared: Pick<PreparedModel, "standardization">,
  params: ArrayLike<number>,
  box: Box,
): [PlanePoint, PlanePoint] | null {
  const [w1, w2, bias] = [params[0] as number, params[1] as number, params[2] as number];
  const s = prepared.standardization;
  const ka = s ? w1 / (s.deviations[0] as number) : w1;
  const kb = s ? w2 / (s.deviations[1] as number) : w2;
  const c = s ? bias - ka * (s.means[0] as number) - kb * (s.means[1] as number) : bias;
  if (![ka, kb, c].every(Number.isFinite) || (ka === 0 && kb === 0)) return null;
  return clipLine(ka, kb, c, box);
}

/** The part of the line ka·a + kb·b + c = 0 inside `box`: where it crosses the box's four edges. */
export function clipLine(ka: number, kb: number, c: number, box: Box): [PlanePoint, PlanePoint] | null {
  const crossings: PlanePoint[] = [];
  const within = (value: number, [low, high]: readonly [number, number]) =>
    value >= low - 1e-12 * (Math.abs(low) + Math.abs(high) + 1) &&
    value <= high + 1e-12 * (Math.abs(low) + Math.abs(high) + 1);
  if (kb !== 0) {
    for (const a of box.a) {
      const b = -(ka * a + c) / kb;
      if (within(b, box.b)) crossings.push({ a, b });
    }
  }
  if (ka !== 0) {
    for (const b of box.b) {
      const a = -(kb * b + c) / ka;
      if (within(a, box.a)) crossings.push({ a, b });
    }
  }
  if (crossings.length < 2) return null;
  // A corner is met by two edges; the two crossings farthest apart are the segment's ends.
  let best: [PlanePoint, PlanePoint] = [crossings[0] as PlanePoint, crossings[1] as PlanePoint];
  let bestLength = -1;
  for (const p of crossings) {
    for (const q of crossings) {
      const length = (p.a - q.a) ** 2 + (p.b - q.b) ** 2;
      if (length > bestLength) {
        bestLength = length;
        best = p.a <= q.a ? [p, q] : [q, p];
      }
    }
  }
  return best;
}

/**
 * p over an evenly spaced `size`×`size` grid of `box` (cell centres), row by row from the box's low b:
 * `values[j * size + i]` = p at a = a_i, b = b_j.
 */
export function probabilityGrid(
  prepared: Pick<PreparedModel, "spec" | "model" | "standardization">,
  params: Float64Array,
  box: Box,
  size: number,
): Float64Array {
  const a = new Float64Array(size * size);
  const b = new Float64Array(size * size);
  const along = ([low, high]: readonly [number, number], k: number) =>
    low + ((high - low) * (k + 0.5)) / size;
  for (let j = 0; j < size; j++) {
    for (let i = 0; i < size; i++) {
      a[j * size + i] = along(box.a, i);
      b[j * size + i] = along(box.b, j);
    }
  }
  return predictOn(prepared, params, [a, b]);
}

/** Whether the prepared model's output is a probability on exactly two inputs: a decision boundary to draw. */
export function drawsDecisionBoundary(
  prepared: Pick<PreparedModel, "model" | "standardization" | "spec">,
): boolean {
  return (
    prepared.model.output === "sigmoid" &&
    prepared.model.layers[0]?.inputs === 2 &&
    prepared.spec.name !== "polynomial"
  );
}
