import { describe, expect, it } from "vitest";
import { stepDecay } from "./step-decay.js";

describe("stepDecay", () => {
  it("multiplies the rate by gamma (0.1 by default) every stepSize steps, as PyTorch StepLR", () => {
    const schedule = stepDecay({ initialLearningRate: 0.1, stepSize: 3 });
    expect(schedule(0)).toBeCloseTo(0.1, 12); // 0.1 · 0.1^floor(0/3)
    expect(schedule(2)).toBeCloseTo(0.1, 12); // 0.1 · 0.1^floor(2/3), the step before the drop
    expect(schedule(3)).toBeCloseTo(0.01, 12); // 0.1 · 0.1^floor(3/3)
    expect(schedule(5)).toBeCloseTo(0.01, 12); // 0.1 · 0.1^floor(5/3)
    expect(schedule(6)).toBeCloseTo(0.001, 12); // 0.1 · 0.1^floor(6/3)
  });

  it("uses the given gamma", () => {
    const schedule = stepDecay({ initialLearningRate: 0.08, stepSize: 30, gamma: 0.5 });
    expect(schedule(29)).toBeCloseTo(0.08, 12); // 0.08 · 0.5^0
    expect(schedule(30)).toBeCloseTo(0.04, 12); // 0.08 · 0.5^1
    expect(schedule(95)).toBeCloseTo(0.01, 12); // 0.08 · 0.5^floor(95/30) = 0.08 · 0.5^3
  });

  it("rejects a stepSize that is not a positive integer", () => {
    expect(() => stepDecay({ initialLearningRate: 0.1, stepSize: 1.5 })).toThrow(
      /^stepDecay: stepSize: expected an integer ≥ 1, got 1.5$/,
    );
    expect(() => stepDecay({ initialLearningRate: 0.1, stepSize: 0 })).toThrow(
      /stepSize: expected an integer ≥ 1/,
    );
  });
});
