import { describe, expect, it } from "vitest";
import { rangeTestSchedule, smoothLosses } from "./range-test.js";
import { lagCorrectedSteep, smoothingLag } from "./smoothing-lag.js";

describe("smoothingLag", () => {
  it("is the mean age of the bias-corrected average's weights, worked by hand", () => {
    // count 1: the one loss, age 0. count 2, β 0.5: weights (1, 0.5)/1.5 on ages (0, 1) → 1/3.
    expect(smoothingLag(0.5, 1)).toBeCloseTo(0, 15);
    expect(smoothingLag(0.5, 2)).toBeCloseTo(1 / 3, 15);
    // count 3, β 0.5: weights (1, 0.5, 0.25)/1.75 on ages (0, 1, 2) → 1/1.75.
    expect(smoothingLag(0.5, 3)).toBeCloseTo(1 / 1.75, 15);
    // fastai's β 0.98 tends to β/(1 − β) = 49.
    expect(smoothingLag(0.98, 100_000)).toBeCloseTo(49, 9);
    expect(smoothingLag(0.98, 50)).toBeGreaterThan(15);
    expect(smoothingLag(0.98, 50)).toBeLessThan(25);
  });

  it("is the delay of the smoothed curve behind a loss that falls along a line", () => {
    // loss_i = 100 − i: the smoothed value at count c equals the raw loss lag(c) iterations earlier.
    const losses = Array.from({ length: 80 }, (_, i) => 100 - i);
    const smoothed = smoothLosses(losses, 0.9);
    for (const count of [1, 5, 20, 80]) {
      const lag = smoothingLag(0.9, count);
      expect(smoothed[count - 1]).toBeCloseTo(100 - (count - 1 - lag), 9);
    }
  });
});

describe("lagCorrectedSteep", () => {
  it("moves the steepest point back by the lag, on the ramp's own rates", () => {
    const ramp = rangeTestSchedule(1e-7, 10, 100);
    const rates = Float64Array.from({ length: 100 }, (_, i) => ramp(i));
    const steep = {
      learningRate: rates[80] as number,
      point: { learningRate: rates[80] as number, loss: 1 },
    };
    const corrected = lagCorrectedSteep(rates, steep, 0.98);
    expect(corrected?.iteration).toBe(80);
    const lag = smoothingLag(0.98, 81);
    expect(corrected?.lag).toBeCloseTo(lag, 12);
    // On the exponential ramp the rate at a fractional iteration j is 1e-7·1e8^(j/100).
    expect(corrected?.learningRate).toBeCloseTo(1e-7 * 1e8 ** ((80 - lag) / 100), 12);
    expect((corrected?.learningRate as number) < (rates[80] as number) / 100).toBe(true);
  });

  it("stops at the first iteration and gives null without a steep point", () => {
    const rates = [1e-3, 1e-2, 1e-1];
    const early = lagCorrectedSteep(
      rates,
      { learningRate: 1e-2, point: { learningRate: 1e-2, loss: 1 } },
      0.999,
    );
    expect(early?.correctedIteration).toBeGreaterThanOrEqual(0);
    expect(early?.learningRate).toBeGreaterThanOrEqual(1e-3);
    expect(lagCorrectedSteep(rates, null, 0.98)).toBeNull();
  });
});
