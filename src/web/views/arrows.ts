/**
 * Arrows as SVG path data, for the live layer: a line with a head at its end, cut to a box so that a step
 * that flies off to 1e30 never makes a path with huge coordinates. Pure pixel geometry, tested without a
 * page.
 */

export type Point = readonly [number, number];
/** [left, top, right, bottom] in pixels. */
export type Box = readonly [number, number, number, number];

/** Pixels of the head's sides at most, and their angle to the shaft. */
const HEAD = 7;
const HEAD_ANGLE = Math.PI / 7;

/**
 * The arrow from `from` to `to` as path data: "M x1,y1 L x2,y2" and, when its end lies in `box` and it is
 * at least 2 px long, the head "M … L x2,y2 L …" (at most 7 px, at most 45% of the shaft). Cut to `box`;
 * "" when it misses the box.
 */
export function arrowD(from: Point, to: Point, box: Box): string {
  const cut = clipSegment(from, to, box);
  if (!cut) return "";
  const [[x1, y1], [x2, y2]] = cut;
  const line = `M${x1.toFixed(1)},${y1.toFixed(1)}L${x2.toFixed(1)},${y2.toFixed(1)}`;
  const length = Math.hypot(x2 - x1, y2 - y1);
  if (cut[1] !== to || length < 2) return line;
  const head = Math.min(HEAD, 0.45 * length);
  const ux = (x2 - x1) / length;
  const uy = (y2 - y1) / length;
  const cos = Math.cos(HEAD_ANGLE);
  const sin = Math.sin(HEAD_ANGLE);
  const side = (sign: number) =>
    `${(x2 - head * (ux * cos - sign * uy * sin)).toFixed(1)},${(y2 - head * (uy * cos + sign * ux * sin)).toFixed(1)}`;
  return `${line}M${side(1)}L${x2.toFixed(1)},${y2.toFixed(1)}L${side(-1)}`;
}

/**
 * The part of the segment from `a` to `b` inside `box` (Liang–Barsky), or null when none is; an end
 * inside the box comes back as the very same array, so callers can tell a cut end from a kept one.
 */
export function clipSegment(a: Point, b: Point, [x0, y0, x1, y1]: Box): [Point, Point] | null {
  if (![...a, ...b].every(Number.isFinite)) return null;
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  let t0 = 0;
  let t1 = 1;
  for (const [p, q] of [
    [-dx, a[0] - x0],
    [dx, x1 - a[0]],
    [-dy, a[1] - y0],
    [dy, y1 - a[1]],
  ] as const) {
    if (p === 0) {
      if (q < 0) return null;
      continue;
    }
    const t = q / p;
    if (p < 0) t0 = Math.max(t0, t);
    else t1 = Math.min(t1, t);
    if (t0 > t1) return null;
  }
  const start: Point = t0 === 0 ? a : [a[0] + t0 * dx, a[1] + t0 * dy];
  const end: Point = t1 === 1 ? b : [a[0] + t1 * dx, a[1] + t1 * dy];
  return [start, end];
}
