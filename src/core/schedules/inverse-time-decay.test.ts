import { describe, expect, it } from "vitest";
import { inverseTimeDecay } from "./inverse-time-decay.js";

describe("inverseTimeDecay", () => {
  it("decays as lr0 / (1 + rate · step / decaySteps)", () => {
    const schedule = inverseTimeDecay({ initialLearningRate: 0.1, decaySteps: 10, decayRate: 0.5 });
    expect(schedule(0)).toBeCloseTo(0.1, 12); // 0.1 / (1 + 0)
    expect(schedule(5)).toBeCloseTo(0.08, 12); // 0.1 / (1 + 0.5 · 0.5) = 0.1 / 1.25
    expect(schedule(10)).toBeCloseTo(0.1 / 1.5, 12); // 0.1 / (1 + 0.5 · 1)
    expect(schedule(30)).toBeCloseTo(0.04, 12); // 0.1 / (1 + 0.5 · 3) = 0.1 / 2.5
  });

  it("with staircase counts whole periods only", () => {
    const schedule = inverseTimeDecay({
      initialLearningRate: 0.1,
      decaySteps: 10,
      decayRate: 0.5,
      staircase: true,
    });
    expect(schedule(9)).toBeCloseTo(0.1, 12); // 0.1 / (1 + 0.5 · floor(0.9)) = 0.1
    expect(schedule(10)).toBeCloseTo(0.1 / 1.5, 12); // 0.1 / (1 + 0.5 · floor(1.0))
    expect(schedule(19)).toBeCloseTo(0.1 / 1.5, 12); // 0.1 / (1 + 0.5 · floor(1.9))
    expect(schedule(20)).toBeCloseTo(0.05, 12); // 0.1 / (1 + 0.5 · floor(2.0)) = 0.1 / 2
  });

  it("rejects a negative decayRate", () => {
    expect(() => inverseTimeDecay({ initialLearningRate: 0.1, decaySteps: 10, decayRate: -0.5 })).toThrow(
      /^inverseTimeDecay: decayRate: expected a number ≥ 0, got -0.5$/,
    );
  });
});
