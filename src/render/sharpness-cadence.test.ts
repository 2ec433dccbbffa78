import { describe, expect, it } from "vitest";
import { measuredAtEndsOnly, sharpnessCadenceWords } from "./sharpness-cadence.js";

describe("when a run's sharpness was measured, in words", () => {
  it("says the first and last step only when the interval is at least the run's length", () => {
    // track-sharpness=1000000 on a 100-step run: the core measures at steps 0 and 100, nothing between.
    const series = { every: 1_000_000, step: [0, 100] };
    expect(measuredAtEndsOnly(series)).toBe(true);
    expect(sharpnessCadenceWords(series)).toBe(
      "at the first and last step only (steps 0 and 100: the interval, 1,000,000 steps, is at least the run's length)",
    );
    expect(sharpnessCadenceWords(series)).not.toContain("every");
    // An interval of exactly the run's length also leaves only the ends.
    expect(measuredAtEndsOnly({ every: 100, step: [0, 100] })).toBe(true);
  });

  it("says the first and last step only when the run ended before the first interval did", () => {
    // Every 10 steps, but the loss blew up at step 5: steps 0 and 5 were all there was.
    expect(measuredAtEndsOnly({ every: 10, step: [0, 5] })).toBe(true);
  });

  it("keeps the interval when there were measurements between the ends, with the real count", () => {
    // 300 steps every 6: 0, 6, …, 300 is 51 measurements.
    const step = Array.from({ length: 51 }, (_, k) => 6 * k);
    expect(measuredAtEndsOnly({ every: 6, step })).toBe(false);
    expect(sharpnessCadenceWords({ every: 6, step })).toBe("every 6 steps and at the last (51 measurements)");
    // Two steps, measured every step: a cadence of 1 is what happened, not "ends only".
    expect(sharpnessCadenceWords({ every: 1, step: [0, 1, 2] })).toBe(
      "every 1 step and at the last (3 measurements)",
    );
    // 0, 99, 100: the interval is shorter than the run, so there is one measurement between the ends.
    expect(measuredAtEndsOnly({ every: 99, step: [0, 99, 100] })).toBe(false);
  });
});
