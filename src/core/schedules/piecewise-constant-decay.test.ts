import { describe, expect, it } from "vitest";
import { piecewiseConstantDecay } from "./piecewise-constant-decay.js";

describe("piecewiseConstantDecay", () => {
  const schedule = piecewiseConstantDecay({ boundaries: [10, 20], values: [1, 0.5, 0.1] });

  it("keeps the first value up to and including the first boundary, as Keras's step <= b0", () => {
    expect(schedule(0)).toBe(1); // 0 ≤ 10 → values[0]
    expect(schedule(10)).toBe(1); // 10 ≤ 10 → values[0]: a boundary belongs to the interval it closes
    expect(schedule(11)).toBe(0.5); // 10 < 11 ≤ 20 → values[1]
  });

  it("switches to the next value just after each boundary", () => {
    expect(schedule(20)).toBe(0.5); // 10 < 20 ≤ 20 → values[1]
    expect(schedule(21)).toBe(0.1); // 21 > 20 → values[2]
    expect(schedule(1000)).toBe(0.1); // beyond the last boundary → the last value
  });

  it("copies its arrays, so later changes by the caller do not leak in", () => {
    const values = [1, 0.5];
    const copy = piecewiseConstantDecay({ boundaries: [3], values });
    values[0] = 7;
    expect(copy(0)).toBe(1);
  });

  it("rejects values that are not one more than the boundaries", () => {
    expect(() => piecewiseConstantDecay({ boundaries: [10, 20], values: [1, 0.5] })).toThrow(
      /^piecewiseConstantDecay: values: expected 3 values \(one more than the 2 boundaries\), got 2$/,
    );
  });

  it("rejects boundaries that are not strictly increasing", () => {
    expect(() => piecewiseConstantDecay({ boundaries: [20, 10], values: [1, 0.5, 0.1] })).toThrow(
      /piecewiseConstantDecay: boundaries: expected strictly increasing steps, got 20 then 10/,
    );
    expect(() => piecewiseConstantDecay({ boundaries: [10, 10], values: [1, 0.5, 0.1] })).toThrow(
      /boundaries: expected strictly increasing/,
    );
  });

  it("rejects an empty list and negative rates", () => {
    expect(() => piecewiseConstantDecay({ boundaries: [], values: [1] })).toThrow(
      /boundaries: expected a comma-separated list/,
    );
    expect(() => piecewiseConstantDecay({ boundaries: [5], values: [1, -0.5] })).toThrow(
      /values: expected .* ≥ 0/,
    );
  });
});
