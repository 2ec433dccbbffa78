import { describe, expect, it } from "vitest";
import type { BoundaryView } from "../../render/figures/decision-boundary.js";
import { curvePath, planeBoundaryWords } from "./model-scene.js";

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

describe("the plane's caption", () => {
  const plane = (values: number[], exact: boolean, line: boolean): BoundaryView => ({
    kind: "boundary",
    points: [{ a: 0, b: 0, label: 0 }],
    aName: "a",
    bName: "b",
    box: { a: [0, 1], b: [0, 1] },
    grid: { size: 2, values: Float64Array.from(values), box: { a: [0, 1], b: [0, 1] } },
    line: line
      ? [
          { a: 0, b: 1 },
          { a: 1, b: 0 },
        ]
      : null,
    exact,
  });

  it("calls logistic regression's boundary exact and an mlp's traced, when there is one", () => {
    expect(planeBoundaryWords(plane([0.2, 0.4, 0.6, 0.8], true, true))).toBe(
      ", and the line where it is 0.5, exact for logistic regression",
    );
    expect(planeBoundaryWords(plane([0.2, 0.4, 0.6, 0.8], false, false))).toBe(
      ", and the curve where it is 0.5, traced on a grid",
    );
  });

  it("promises no boundary when p stays on one side of 0.5, or is not a number", () => {
    expect(planeBoundaryWords(plane([0.1, 0.2, 0.3, 0.4], true, false))).toBe(
      "; p < 0.5 everywhere on this plane: no boundary",
    );
    expect(planeBoundaryWords(plane([0.6, 0.7, 0.8, 0.9], false, false))).toBe(
      "; p > 0.5 everywhere on this plane: no boundary",
    );
    expect(planeBoundaryWords(plane([Number.NaN, Number.NaN, Number.NaN, Number.NaN], false, false))).toBe(
      "; p is not a number on this plane (the run diverged): no boundary",
    );
  });
});
