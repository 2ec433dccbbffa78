import { describe, expect, it } from "vitest";
import { arrowD, clipSegment } from "./arrows.js";

const BOX = [0, 0, 100, 100] as const;

describe("arrows", () => {
  it("draw a shaft from start to end and a head at the end, 7 px long and 2·(180/7)° wide", () => {
    // From (10, 50) to (60, 50): the head's sides go back 7·cos(π/7) = 6.3 px and out 7·sin(π/7) = 3.0 px.
    expect(arrowD([10, 50], [60, 50], BOX)).toBe("M10.0,50.0L60.0,50.0M53.7,47.0L60.0,50.0L53.7,53.0");
  });

  it("give a short arrow a small head, and one under 2 px none", () => {
    expect(arrowD([10, 10], [20, 10], BOX)).toBe("M10.0,10.0L20.0,10.0M15.9,8.0L20.0,10.0L15.9,12.0"); // 4.5 px
    expect(arrowD([10, 10], [11, 10], BOX)).toBe("M10.0,10.0L11.0,10.0");
  });

  it("cut an arrow that leaves the box at its edge, with no head; one that misses it is empty", () => {
    expect(arrowD([50, 50], [50, 1e30], BOX)).toBe("M50.0,50.0L50.0,100.0");
    expect(arrowD([200, 200], [300, 300], BOX)).toBe("");
    expect(arrowD([50, 50], [Number.NaN, 3], BOX)).toBe("");
  });

  it("clip a segment that crosses the box to the part inside, keeping an end that is inside", () => {
    const inside: [number, number] = [50, 50];
    const clipped = clipSegment([-50, 50], inside, BOX);
    expect(clipped?.[0]).toEqual([0, 50]);
    expect(clipped?.[1]).toBe(inside);
    expect(clipSegment([-10, -10], [110, 110], BOX)).toEqual([
      [0, 0],
      [100, 100],
    ]);
  });
});
