import { describe, expect, it } from "vitest";
import { frameDelays, logSpacedIndices, visibilityAnimation } from "./animation-timing.js";

describe("logSpacedIndices", () => {
  it("takes every index when there are no more than asked for", () => {
    expect(logSpacedIndices(4, 60)).toEqual([0, 1, 2, 3, 4]);
  });

  it("takes the first steps one by one and spreads the rest out, ending on the last", () => {
    const indices = logSpacedIndices(10_000, 60);
    expect(indices).toHaveLength(60);
    expect(indices.slice(0, 5)).toEqual([0, 1, 2, 3, 4]);
    expect(indices.at(-1)).toBe(10_000);
    for (let i = 1; i < indices.length; i++) expect(indices[i]).toBeGreaterThan(indices[i - 1] as number);
    // log-spaced: the middle frame sits near √10001 − 1 ≈ 99, not near 5000
    expect(indices[30]).toBeGreaterThan(50);
    expect(indices[30]).toBeLessThan(200);
  });

  it("never passes the last index, even when rounding crowds the start", () => {
    for (const last of [59, 60, 61, 100, 137, 1000]) {
      const indices = logSpacedIndices(last, 60);
      expect(indices).toHaveLength(60);
      expect(new Set(indices).size).toBe(60);
      expect(Math.max(...indices)).toBe(last);
    }
  });
});

describe("frameDelays", () => {
  it("holds the start and the end, lingers on the first steps and moves quickly through the rest", () => {
    expect(frameDelays([0, 1, 2, 9, 50, 100])).toEqual([1200, 450, 450, 120, 120, 3000]);
  });
});

describe("visibilityAnimation", () => {
  // delays 1000, 500, 500 ms: a 2 s loop; frame 1 shows from 1.0 s to 1.5 s, i.e. keyTimes 0.5 and 0.75
  const delays = [1000, 500, 500];
  it("shows a middle frame in its slot only", () => {
    expect(visibilityAnimation(delays, 1)).toEqual({
      attributeName: "visibility",
      calcMode: "discrete",
      dur: "2s",
      repeatCount: "indefinite",
      values: "hidden;visible;hidden",
      keyTimes: "0;0.5;0.75",
    });
  });

  it("starts the first frame visible and leaves the last one visible to the end of the loop", () => {
    expect(visibilityAnimation(delays, 0)).toMatchObject({ values: "visible;hidden", keyTimes: "0;0.5" });
    expect(visibilityAnimation(delays, 2)).toMatchObject({ values: "hidden;visible", keyTimes: "0;0.75" });
  });
});
