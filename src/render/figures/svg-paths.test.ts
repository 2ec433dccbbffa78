import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { pathPoints } from "../../test-support/svg.js";
import { compactPath } from "./svg-paths.js";

/** The distance from a point to a polyline. */
function distanceTo(points: readonly [number, number][], [x, y]: readonly [number, number]): number {
  let nearest = Number.POSITIVE_INFINITY;
  points.forEach(([bx, by], i) => {
    const [ax, ay] = points[i - 1] ?? [bx, by];
    const length2 = (bx - ax) ** 2 + (by - ay) ** 2;
    const t =
      length2 === 0 ? 0 : Math.max(0, Math.min(1, ((x - ax) * (bx - ax) + (y - ay) * (by - ay)) / length2));
    nearest = Math.min(nearest, Math.hypot(x - (ax + t * (bx - ax)), y - (ay + t * (by - ay))));
  });
  return nearest;
}

describe("compactPath", () => {
  it("drops points on a straight run and rounds to 0.1 px", () => {
    // A contour along the frame's edge: a point per grid cell, all on x = 356.75.
    expect(compactPath("M356.75,26L356.75,26.9L356.75,27.8L356.75,28.7L400.04,28.7Z")).toBe(
      "M356.8,26L356.8,28.7L400,28.7Z",
    );
  });

  it("keeps every point of the path within 0.15 px of what it draws instead, ends included", () => {
    const coordinate = fc.double({ min: 0, max: 800, noNaN: true });
    fc.assert(
      fc.property(fc.array(fc.tuple(coordinate, coordinate), { minLength: 2, maxLength: 60 }), (points) => {
        const d = `M${points.map(([x, y]) => `${x},${y}`).join("L")}`;
        const drawn = pathPoints(compactPath(d));
        expect(drawn.length).toBeLessThanOrEqual(points.length);
        const [first, last] = [points[0], points[points.length - 1]] as [[number, number], [number, number]];
        expect(drawn[0]?.[0]).toBeCloseTo(first[0], 1);
        expect(drawn.at(-1)?.[1]).toBeCloseTo(last[1], 1);
        for (const point of points) expect(distanceTo(drawn, point)).toBeLessThanOrEqual(0.15);
      }),
    );
  });

  it("leaves a path with other commands alone", () => {
    expect(compactPath("M0,0C1,1,2,2,3,3")).toBe("M0,0C1,1,2,2,3,3");
  });
});
