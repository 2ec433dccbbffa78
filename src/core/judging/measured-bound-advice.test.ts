import { describe, expect, it } from "vitest";
import { measuredBoundAdvice, scalesDiffer } from "./measured-bound-advice.js";

/** Row-major inputs from columns. */
function data(...columns: number[][]) {
  const rows = columns[0]?.length ?? 0;
  const inputs = new Float64Array(rows * columns.length);
  columns.forEach((column, j) => {
    column.forEach((value, r) => {
      inputs[r * columns.length + j] = value;
    });
  });
  return { inputs, targets: new Float64Array(rows), features: columns.length };
}

describe("the advice for a model that jumped out past its measured bound", () => {
  it("gives the rate as a multiple of the bound 2/λmax", () => {
    // cars, logistic on Horsepower + Displacement: λmax 15150, bound 2/15150 = 0.000132, lr 0.01: 75.75×.
    const advice = measuredBoundAdvice(0.01, 2 / 15150, data([130, 165], [307, 350]), false);
    expect(advice?.ratio).toBeCloseTo(75.75, 10);
    expect(advice?.bound).toBeCloseTo(0.000132, 6);
    expect(advice?.standardize).toBe(true);
  });

  it("says nothing when the rate is within the bound, or the bound is not finite", () => {
    expect(measuredBoundAdvice(0.0001, 2 / 15150, data([1, 2]), false)).toBeNull();
    expect(measuredBoundAdvice(0.01, Number.POSITIVE_INFINITY, data([1, 2]), false)).toBeNull();
    expect(measuredBoundAdvice(0.01, 0, data([1, 2]), false)).toBeNull();
  });

  it("suggests standardizing only when it is off and the scales differ", () => {
    expect(measuredBoundAdvice(1, 0.5, data([300, 400]), true)?.standardize).toBe(false);
    expect(measuredBoundAdvice(1, 0.5, data([1, -1], [2, -2]), false)?.standardize).toBe(false);
  });
});

describe("whether the inputs' scales differ (the bias's 1 among them)", () => {
  it("counts a column in the hundreds against the bias, and two unit columns as alike", () => {
    // rms of [300, 400] = √((90000 + 160000)/2) = 353.6 > 10 × 1.
    expect(scalesDiffer(data([300, 400]))).toBe(true);
    // rms 5 and 0.5: 5/0.5 = 10, not more than 10.
    expect(scalesDiffer(data([5, -5], [0.5, -0.5]))).toBe(false);
    expect(scalesDiffer(data([5, -5], [0.4, -0.4]))).toBe(true);
  });

  it("measures a 1e200 column without overflowing", () => {
    expect(scalesDiffer(data([1e200, -1e200], [1, 1]))).toBe(true);
  });
});
