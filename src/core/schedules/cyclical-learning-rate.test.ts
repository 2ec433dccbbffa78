import { describe, expect, it } from "vitest";
import { cyclicalLearningRate } from "./cyclical-learning-rate.js";

describe("cyclicalLearningRate", () => {
  const bounds = { initialLearningRate: 0.001, maximalLearningRate: 0.006, stepSize: 4 };

  it("triangular climbs from the base to the maximum in stepSize steps and back down", () => {
    const schedule = cyclicalLearningRate(bounds);
    expect(schedule(0)).toBeCloseTo(0.001, 12); // cycle = floor(1 + 0/8) = 1; x = |0 − 2 + 1| = 1 → base
    expect(schedule(2)).toBeCloseTo(0.0035, 12); // x = |2/4 − 1| = 0.5 → 0.001 + 0.005 · 0.5
    expect(schedule(4)).toBeCloseTo(0.006, 12); // x = |1 − 1| = 0 → max
    expect(schedule(6)).toBeCloseTo(0.0035, 12); // x = |1.5 − 1| = 0.5
    expect(schedule(8)).toBeCloseTo(0.001, 12); // cycle = 2; x = |2 − 4 + 1| = 1 → base
    expect(schedule(12)).toBeCloseTo(0.006, 12); // cycle = 2; x = |3 − 3| = 0 → max again
  });

  it("triangular2 halves the amplitude every cycle", () => {
    const schedule = cyclicalLearningRate({ ...bounds, mode: "triangular2" });
    expect(schedule(4)).toBeCloseTo(0.006, 12); // cycle 1, scale 1/2^0 → 0.001 + 0.005
    expect(schedule(10)).toBeCloseTo(0.00225, 12); // cycle 2, x = |2.5 − 3| = 0.5, scale ½ → 0.001 + 0.005 · 0.5 · 0.5
    expect(schedule(12)).toBeCloseTo(0.0035, 12); // cycle 2, x = 0, scale ½ → 0.001 + 0.0025
    expect(schedule(20)).toBeCloseTo(0.00225, 12); // cycle 3, x = |5 − 6 + 1| = 0, scale ¼ → 0.001 + 0.00125
  });

  it("exp_range scales the amplitude by gamma^step, per iteration not per cycle", () => {
    const schedule = cyclicalLearningRate({ ...bounds, mode: "exp_range", gamma: 0.9 });
    expect(schedule(0)).toBeCloseTo(0.001, 12); // x = 1 → base
    expect(schedule(2)).toBeCloseTo(0.003025, 12); // 0.001 + 0.005 · 0.5 · 0.9^2
    expect(schedule(4)).toBeCloseTo(0.0042805, 12); // 0.001 + 0.005 · 1 · 0.9^4
    expect(schedule(12)).toBeCloseTo(0.0024121476824050005, 12); // 0.001 + 0.005 · 0.9^12
  });

  it("defaults to a triangle with stepSize 2000", () => {
    const schedule = cyclicalLearningRate({ initialLearningRate: 0.001, maximalLearningRate: 0.006 });
    expect(schedule(1000)).toBeCloseTo(0.0035, 12); // x = |0.5 − 1| = 0.5
    expect(schedule(2000)).toBeCloseTo(0.006, 12);
    expect(schedule(4000)).toBeCloseTo(0.001, 12);
  });

  it("rejects an unknown mode and a gamma above 1", () => {
    const badMode = { ...bounds, mode: "triangle" } as unknown as Parameters<typeof cyclicalLearningRate>[0];
    expect(() => cyclicalLearningRate(badMode)).toThrow(
      /^cyclicalLearningRate: mode: expected one of triangular, triangular2, exp_range, got "triangle"$/,
    );
    expect(() => cyclicalLearningRate({ ...bounds, gamma: 1.5 })).toThrow(
      /gamma: expected a number ≥ 0 and ≤ 1/,
    );
  });
});
