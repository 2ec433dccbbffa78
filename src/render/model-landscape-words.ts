/**
 * The words of a slice through a model's weights, shared by `lrlab plot landscape --model …` and the web
 * lab's landscape panel: the figure's title for each kind of slice and the names of its axes.
 */
import type { DirectionKind } from "../core/landscape/directions.js";
import type { OffSlice } from "../core/landscape/slice.js";
import { formatNumber } from "./numbers.js";

export const MODEL_LANDSCAPE_TITLES = {
  random: "The loss on a plane through the final weights, along two random filter-normalized directions",
  hessian: "The loss on a plane through the final weights, along the two sharpest directions of the Hessian",
  interpolate: "The loss on the straight line from the initial to the final weights",
} as const;

/** The axes of a plane: α and β along the random directions, or along the Hessian's top two eigenvectors. */
export function planeAxisLabels(eigenvalues: readonly [number, number] | null): { x: string; y: string } {
  return eigenvalues
    ? {
        x: `α along the sharpest direction (λ1 = ${formatNumber(eigenvalues[0])})`,
        y: `β along the next (λ2 = ${formatNumber(eigenvalues[1])})`,
      }
    : { x: "α (random direction 1)", y: "β (random direction 2)" };
}

/**
 * A Hessian slice whose Hessian is zero at the final weights (core model-landscape.ts `zeroHessian`): the
 * short form for a subtitle; the caption says it in full (ZERO_HESSIAN_REASON).
 */
export const ZERO_HESSIAN_SHORT = "Hessian zero here (flat loss): random directions";

/** The legend's words for the marks every plane has. */
export const PLANE_MARKS = {
  path: "the run's path, projected",
  centre: "final weights (the centre)",
  start: "initial weights, projected",
} as const;

/**
 * How far the projected path strays off the slice, in the words every face uses: "on the plane" when the
 * core judged the distance rounding (slice.ts's `offSlice`), else "up to … off the plane".
 */
export function offSliceWords(off: OffSlice, kind: DirectionKind): string {
  const slice = kind === "interpolate" ? "line" : "plane";
  if (off.wholeSpace) return `the path lies on the ${slice}, which is the whole space here`;
  return off.onSlice
    ? `the path lies on the ${slice}`
    : `the path lies up to ${formatNumber(off.farthest)} off the ${slice}`;
}

/**
 * How to read the drawn path, in the caption's words, from the same judgement as {@link offSliceWords}: a
 * path the core found on the plane is drawn where it went (random directions leave each bias fixed, so a
 * path whose biases never moved can lie on their plane without it being the whole space); only a path
 * off the plane is a projection whose exact place misleads.
 */
export function pathReadingWords(off: OffSlice): string {
  if (off.wholeSpace) {
    return "The run's path is drawn where it went (the ring: where it started): with 2 parameters it moves in no other direction.";
  }
  if (off.onSlice) {
    return "The run's path is drawn where it went (the ring: where it started): it lies on this plane and moves in no other direction.";
  }
  return `The run's path is projected onto the plane (the ring: where it started); it moves in other directions too (up to ${formatNumber(off.farthest)} off the plane), so read its shape, not its exact place.`;
}
