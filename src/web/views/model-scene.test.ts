import { describe, expect, it } from "vitest";
import { curvePath } from "./model-scene.js";

// A chart of 10 pixels per unit, y upwards, its frame x ∈ [0, 100] and y ∈ [0, 100] pixels.
const chart = {
  x: (value: number) => 10 * value,
  y: (value: number) => 100 - 10 * value,
  frameX: [0, 100] as [number, number],
  frameY: [0, 100] as [number, number],
};

describe("the model's curve in the scene", () => {
  it("stops at the frame where the curve leaves it, so nothing is drawn past the chart", () => {
    // y = x for x = 0, 4, 8, 12: it leaves the frame's top-right corner at x = 10 (pixel (100, 0)).
    const d = curvePath(chart, Float64Array.of(0, 4, 8, 12), Float64Array.of(0, 4, 8, 12));
    expect(d).toBe("M0.0,100.0L40.0,60.0L80.0,20.0L100.0,0.0");
  });

  it("leaves out the grid beyond the axis, and breaks where the model gave no number", () => {
    // x = −2 is left of the frame: the curve enters at x = 0; the NaN at x = 6 breaks it in two.
    const d = curvePath(chart, Float64Array.of(-2, 2, 4, 6, 8), Float64Array.of(5, 5, 5, Number.NaN, 5));
    expect(d).toBe("M0.0,50.0L20.0,50.0L40.0,50.0");
    const both = curvePath(chart, Float64Array.of(2, 4, 6, 8, 9), Float64Array.of(5, 5, Number.NaN, 5, 5));
    expect(both).toBe("M20.0,50.0L40.0,50.0M80.0,50.0L90.0,50.0");
  });
});
