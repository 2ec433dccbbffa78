import { describe, expect, it } from "vitest";
import { logPixel, spacedTicks, tickRank } from "./ticks.js";

describe("spaced ticks", () => {
  it("rank powers of ten first, then 2 and 5, then the other mantissas", () => {
    expect([0.01, 1, 10, 1e6].map(tickRank)).toEqual([0, 0, 0, 0]);
    expect([0.2, 5, 50].map(tickRank)).toEqual([1, 1, 1]);
    expect([0.9, 3, 0.7].map(tickRank)).toEqual([2, 2, 2]);
  });

  it("drop 0.9 beside 1 on a short loss axis, and keep both when there is room", () => {
    // A loss axis from 0.85 to 3 over 150 px: 0.9 is 0.046 / 0.548 decades × 150 px ≈ 12.5 px below 1.
    const short = logPixel([0.85, 3], [150, 0]);
    expect(Math.abs(short(0.9) - short(1))).toBeLessThan(14);
    expect(spacedTicks([0.9, 1, 2, 3], short, 14)).toEqual([1, 2, 3]);
    const tall = logPixel([0.85, 3], [600, 0]);
    expect(spacedTicks([0.9, 1, 2, 3], tall, 14)).toEqual([0.9, 1, 2, 3]);
  });

  it("keep 1-2-5 over the mantissas between them", () => {
    const axis = logPixel([1, 10], [60, 0]);
    expect(spacedTicks([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], axis, 14)).toEqual([1, 2, 5, 10]);
  });
});
