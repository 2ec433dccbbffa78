/**
 * Smaller SVG paths, the same picture: contours come out of d3 with a point on every grid cell they
 * cross, written with every digit, and a landscape's SVG ran to 1.2 MB. Coordinates are rounded to
 * 0.1 px, and points dropped where the path stays within 0.1 px of the straight segment that replaces
 * them (the long runs along the frame's edges, the gentle arcs of wide rings): a fifth of a pixel at
 * most, invisible even at the 2× of a PNG.
 */

/**
 * `d` (M, L and Z commands only, as d3-geo writes contours) with coordinates rounded to 0.1 px and the
 * points that add less than 0.1 px dropped. Any other command leaves the path as it was.
 */
export function compactPath(d: string): string {
  if (/[^MLZ\d\s,.eE+-]/.test(d)) return d;
  const parts: string[] = [];
  for (const [, command, body] of d.matchAll(/([MLZ])([^MLZ]*)/g)) {
    if (command === "Z") {
      parts.push("Z");
      continue;
    }
    const numbers = (body ?? "")
      .split(/[\s,]+/)
      .filter(Boolean)
      .map(Number);
    for (let i = 0; i + 1 < numbers.length; i += 2) {
      // In tenths of a pixel, as integers: the collinearity test below is then exact.
      parts.push(
        `${command === "M" && i === 0 ? "M" : "L"}${Math.round((numbers[i] as number) * 10)},${Math.round((numbers[i + 1] as number) * 10)}`,
      );
    }
  }
  return joinRuns(parts);
}

/** Writes the points of each subpath (M … L … Z), without repeats and without collinear middle points. */
function joinRuns(parts: readonly string[]): string {
  let out = "";
  let run: [number, number][] = [];
  const flush = (closed: boolean) => {
    if (run.length > 0) {
      out += simplify(run)
        .map(([x, y], i) => `${i === 0 ? "M" : "L"}${x / 10},${y / 10}`)
        .join("");
    }
    if (closed) out += "Z";
    run = [];
  };
  for (const part of parts) {
    if (part === "Z") {
      flush(true);
      continue;
    }
    if (part.startsWith("M")) flush(false);
    const [x, y] = part.slice(1).split(",").map(Number) as [number, number];
    const last = run[run.length - 1];
    if (last && last[0] === x && last[1] === y) continue;
    const before = run[run.length - 2];
    if (before && last) {
      const cross = (last[0] - before[0]) * (y - before[1]) - (last[1] - before[1]) * (x - before[0]);
      const forward = (last[0] - before[0]) * (x - last[0]) + (last[1] - before[1]) * (y - last[1]);
      if (cross === 0 && forward > 0) run.pop();
    }
    run.push([x, y]);
  }
  flush(false);
  return out;
}

/**
 * Douglas–Peucker with a tolerance of 0.1 px (1 in tenths): keeps the ends and every point farther than
 * that from the chord of the points it would be dropped between. Iterative, so a long run cannot overflow
 * the stack.
 */
function simplify(points: readonly [number, number][]): [number, number][] {
  if (points.length < 3) return [...points];
  const keep = new Uint8Array(points.length);
  keep[0] = 1;
  keep[points.length - 1] = 1;
  const stack: [number, number][] = [[0, points.length - 1]];
  while (stack.length > 0) {
    const [first, last] = stack.pop() as [number, number];
    const [ax, ay] = points[first] as [number, number];
    const [bx, by] = points[last] as [number, number];
    const length2 = (bx - ax) ** 2 + (by - ay) ** 2;
    let farthest = -1;
    let distance = 1; // the tolerance, in tenths of a pixel
    for (let i = first + 1; i < last; i++) {
      const [px, py] = points[i] as [number, number];
      // To the segment, not its line: a path that doubles back along its chord is not straight.
      const t =
        length2 === 0
          ? 0
          : Math.max(0, Math.min(1, ((px - ax) * (bx - ax) + (py - ay) * (by - ay)) / length2));
      const d = Math.hypot(px - (ax + t * (bx - ax)), py - (ay + t * (by - ay)));
      if (d > distance) {
        distance = d;
        farthest = i;
      }
    }
    if (farthest >= 0) {
      keep[farthest] = 1;
      stack.push([first, farthest], [farthest, last]);
    }
  }
  return points.filter((_, i) => keep[i] === 1);
}
