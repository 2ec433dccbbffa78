import { describe, expect, it } from "vitest";
import { framedPath } from "./framed-path.js";

const BOX = [0, 0, 100, 100] as const;

describe("a path drawn only where it is in the frame", () => {
  it("draws a path that stays inside whole, with no exit", () => {
    const path = framedPath(
      [
        [10, 10],
        [50, 50],
        [60, 40],
      ],
      BOX,
    );
    expect(path.d).toBe("M10.0,10.0L50.0,50.0L60.0,40.0");
    expect(path.exits).toEqual([]);
    expect(path.inside).toBe(true);
  });

  it("cuts a diverging zig-zag where it leaves, and leaves out the steps that cross from outside to outside", () => {
    // Around the centre (50, 50), each step jumps across it 1.8× further: 50 ± 20, ± 36, ± 64.8, ± 116.6.
    const points: [number, number][] = [
      [30, 50],
      [86, 50],
      [-14.8, 50],
      [166.6, 50],
      [-276.5, 50],
    ];
    const path = framedPath(points, BOX);
    // Step 1 inside; step 2 leaves at x = 0 (going left); steps 3 and 4 would cross the whole frame: not drawn.
    expect(path.d).toBe("M30.0,50.0L86.0,50.0L0.0,50.0");
    expect(path.exits).toEqual([{ at: [0, 50], direction: [-1, 0], step: 2 }]);
    expect(path.inside).toBe(false);
  });

  it("draws the way back in from the edge, and names each exit by its step", () => {
    const path = framedPath(
      [
        [50, 50],
        [50, 150],
        [50, 300],
        [50, 80],
      ],
      BOX,
      [0, 10, 20, 30],
    );
    expect(path.d).toBe("M50.0,50.0L50.0,100.0M50.0,100.0L50.0,80.0");
    expect(path.exits).toEqual([{ at: [50, 100], direction: [0, 1], step: 10 }]);
    expect(path.inside).toBe(true);
  });

  it("stops at the first point that is not finite", () => {
    const path = framedPath(
      [
        [50, 50],
        [60, 60],
        [Number.NaN, 3],
        [70, 70],
      ],
      BOX,
    );
    expect(path.d).toBe("M50.0,50.0L60.0,60.0");
    expect(path.last).toEqual([60, 60]);
  });
});
