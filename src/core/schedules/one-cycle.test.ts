import { describe, expect, it } from "vitest";
import { oneCycle } from "./one-cycle.js";

describe("oneCycle", () => {
  // max_lr = 1, total_steps = 100 and PyTorch's defaults: initial = 1/25 = 0.04, min = 0.04/1e4 = 4e-6,
  // phase ends at 0.3 · 100 − 1 = 29 and 100 − 1 = 99.
  const schedule = oneCycle({ maxLearningRate: 1, totalSteps: 100 });

  it("starts at max/divFactor and peaks at step pctStart · totalSteps − 1", () => {
    expect(schedule(0)).toBeCloseTo(0.04, 12); // pct = 0/29 → 1 + (0.04 − 1)/2 · (cos 0 + 1) = 0.04
    expect(schedule(10)).toBeCloseTo(0.29516394846410077, 12); // 1 − 0.48 · (cos(10π/29) + 1)
    expect(schedule(29)).toBeCloseTo(1, 12); // pct = 29/29 → max
  });

  it("anneals to max/divFactor/finalDivFactor at the last step, and holds it after", () => {
    expect(schedule(64)).toBeCloseTo(0.500002, 12); // pct = (64 − 29)/(99 − 29) = ½ → 4e-6 + (1 − 4e-6)/2
    expect(schedule(99)).toBeCloseTo(4e-6, 12); // pct = 1 → 1/25/1e4
    expect(schedule(100)).toBeCloseTo(4e-6, 12); // beyond the cycle (PyTorch raises): hold
    expect(schedule(1000)).toBeCloseTo(4e-6, 12);
  });

  it("anneals linearly with annealStrategy linear", () => {
    const linear = oneCycle({ maxLearningRate: 1, totalSteps: 100, annealStrategy: "linear" });
    expect(linear(0)).toBeCloseTo(0.04, 12);
    expect(linear(10)).toBeCloseTo(0.37103448275862067, 12); // (1 − 0.04) · 10/29 + 0.04
    expect(linear(29)).toBeCloseTo(1, 12);
    expect(linear(64)).toBeCloseTo(0.500002, 12); // (4e-6 − 1) · ½ + 1
    expect(linear(99)).toBeCloseTo(4e-6, 12);
  });

  it("with threePhase climbs, comes back to the start by 2 · pctStart · totalSteps − 2, then anneals", () => {
    // Phase ends: 29, 2 · 0.3 · 100 − 2 = 58, 99.
    const three = oneCycle({
      maxLearningRate: 1,
      totalSteps: 100,
      annealStrategy: "linear",
      threePhase: true,
    });
    expect(three(29)).toBeCloseTo(1, 12);
    expect(three(36)).toBeCloseTo(0.7682758620689656, 12); // (0.04 − 1) · (36 − 29)/(58 − 29) + 1
    expect(three(58)).toBeCloseTo(0.04, 12); // back at max/divFactor
    expect(three(80)).toBeCloseTo(0.018538731707317072, 12); // (4e-6 − 0.04) · (80 − 58)/(99 − 58) + 0.04
    expect(three(99)).toBeCloseTo(4e-6, 12);
  });

  it("keeps PyTorch's fractional phase ends", () => {
    // total 10, pct 0.25: the first phase ends at 0.25 · 10 − 1 = 1.5, between two steps.
    const short = oneCycle({ maxLearningRate: 1, totalSteps: 10, pctStart: 0.25 });
    expect(short(1)).toBeCloseTo(0.7599999999999999, 12); // pct = 1/1.5 → 1 − 0.48 · (cos(2π/3) + 1) = 0.76
    expect(short(2)).toBeCloseTo(0.9890738440717014, 12); // pct = (2 − 1.5)/(9 − 1.5) → 4e-6 + (1 − 4e-6)/2 · (cos(π/15) + 1)
  });

  it("gives a first phase of zero length (pctStart · totalSteps = 1) its peak instead of dividing by zero", () => {
    const instant = oneCycle({ maxLearningRate: 1, totalSteps: 10, pctStart: 0.1 });
    expect(instant(0)).toBeCloseTo(1, 12); // end_step = 0.1 · 10 − 1 = 0; PyTorch: 0/0
    expect(instant(9)).toBeCloseTo(4e-6, 12);
  });

  it("rejects a non-integer totalSteps and a pctStart above 1", () => {
    expect(() => oneCycle({ maxLearningRate: 1, totalSteps: 10.5 })).toThrow(
      /^oneCycle: totalSteps: expected an integer ≥ 1, got 10.5$/,
    );
    expect(() => oneCycle({ maxLearningRate: 1, totalSteps: 10, pctStart: 1.2 })).toThrow(
      /pctStart: expected a number ≥ 0 and ≤ 1, got 1.2/,
    );
  });
});
