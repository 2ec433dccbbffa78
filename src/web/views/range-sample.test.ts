import { describe, expect, it } from "vitest";
import { drawnIterations, sampleCurve } from "./range-sample.js";

describe("the range test's curve, thinned for drawing", () => {
  it("keeps every k-th iteration, the last and the lowest smoothed loss", () => {
    // 10 iterations, at most 4: k = ceil(10 / 4) = 3 → 0, 3, 6, 9; the lowest is at 4.
    const smoothed = [9, 8, 7, 6, 1, 5, 5, 6, 7, 50];
    expect(drawnIterations(smoothed, 4)).toEqual([0, 3, 4, 6, 9]);
  });

  it("draws about 2,000 of 10,000 iterations, in order, with the first and the last", () => {
    const n = 10_000;
    const curve = {
      learningRates: Float64Array.from({ length: n }, (_, i) => 1e-7 * 1.002 ** i),
      losses: Float64Array.from({ length: n }, (_, i) => 100 - i / 200),
      smoothedLosses: Float64Array.from({ length: n }, (_, i) => (i === 7777 ? 0.5 : 100 - i / 200)),
    };
    const drawn = sampleCurve(curve);
    const count = drawn.learningRates.length;
    expect(count).toBeGreaterThan(1900);
    expect(count).toBeLessThanOrEqual(2002);
    expect(drawn.learningRates[0]).toBe(curve.learningRates[0]);
    expect(drawn.losses[count - 1]).toBe(curve.losses[n - 1]);
    expect(Math.min(...Array.from(drawn.smoothedLosses))).toBe(0.5);
    for (let i = 1; i < count; i++) {
      expect(drawn.learningRates[i] as number).toBeGreaterThan(drawn.learningRates[i - 1] as number);
    }
  });

  it("leaves a short curve as it is", () => {
    const curve = { learningRates: [1, 2], losses: [3, 4], smoothedLosses: [3, 3.5] };
    expect(sampleCurve(curve)).toBe(curve);
  });
});
