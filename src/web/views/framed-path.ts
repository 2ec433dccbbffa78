/**
 * A path of steps drawn only where it is in the frame. A diverging run zig-zags ever wider across the
 * optimum; drawn whole (clipped or not) its steps from far outside to far outside cross the middle of the
 * map and paint a band over the optimum and the bowl. So a step drawn is cut at the frame, a step with
 * both ends outside is left out, and where the path leaves the frame it gets an exit, for an arrow with
 * the step number at the edge. Pure pixel geometry, tested without a page.
 */
import { type Box, clipSegment, type Point } from "./arrows.js";

/** Where the path leaves the frame: the point on the edge, the unit direction outwards, and the step. */
export interface Exit {
  readonly at: Point;
  readonly direction: Point;
  readonly step: number;
}

export interface FramedPath {
  /** SVG path data: "M…L…", a new "M" where the path comes back into the frame; "" when none is in it. */
  readonly d: string;
  /** Every place the path leaves the frame, in order. */
  readonly exits: readonly Exit[];
  /** The last point, and whether it is in the frame. */
  readonly last: Point;
  readonly inside: boolean;
}

/** Whether a point lies in the box (edges included). */
export function inBox([x, y]: Point, [x0, y0, x1, y1]: Box): boolean {
  return x >= x0 && x <= x1 && y >= y0 && y <= y1;
}

const format = ([x, y]: Point) => `${x.toFixed(1)},${y.toFixed(1)}`;

/**
 * The path through `points` (pixels; the step of `points[k]` is `steps[k]`, default k) as drawn in
 * `box`; it stops at the first point that is not finite.
 */
export function framedPath(points: readonly Point[], box: Box, steps?: ArrayLike<number>): FramedPath {
  const first = points[0];
  if (!first || !first.every(Number.isFinite)) return { d: "", exits: [], last: [0, 0], inside: false };
  const exits: Exit[] = [];
  let d = inBox(first, box) ? `M${format(first)}` : "";
  let previous = first;
  for (let k = 1; k < points.length; k++) {
    const point = points[k] as Point;
    if (!point.every(Number.isFinite)) break;
    const wasIn = inBox(previous, box);
    const isIn = inBox(point, box);
    const cut = wasIn || isIn ? clipSegment(previous, point, box) : null;
    if (cut && wasIn && isIn) d += `L${format(point)}`;
    else if (cut && wasIn) {
      const [from, to] = cut;
      d += `L${format(to)}`;
      const length = Math.hypot(point[0] - from[0], point[1] - from[1]) || 1;
      exits.push({
        at: to,
        direction: [(point[0] - from[0]) / length, (point[1] - from[1]) / length],
        step: steps ? (steps[k] as number) : k,
      });
    } else if (cut && isIn) d += `M${format(cut[0])}L${format(point)}`;
    previous = point;
  }
  return { d, exits, last: previous, inside: inBox(previous, box) };
}
