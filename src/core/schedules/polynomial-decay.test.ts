import { describe, expect, it } from "vitest";
import { polynomialDecay } from "./polynomial-decay.js";

describe("polynomialDecay", () => {
  it("decays along (lr0 − end)(1 − step/decaySteps)^power + end and then holds the end rate", () => {
    const schedule = polynomialDecay({
      initialLearningRate: 0.1,
      decaySteps: 10,
      endLearningRate: 0.01,
      power: 2,
    });
    expect(schedule(0)).toBeCloseTo(0.1, 12); // 0.09 · (1 − 0)^2 + 0.01 = 0.1
    expect(schedule(5)).toBeCloseTo(0.0325, 12); // 0.09 · (1 − 5/10)^2 + 0.01 = 0.0225 + 0.01
    expect(schedule(10)).toBeCloseTo(0.01, 12); // 0.09 · 0^2 + 0.01
    expect(schedule(15)).toBeCloseTo(0.01, 12); // step = min(15, 10) = 10 → 0.01
  });

  it("defaults to a linear decay to 0.0001, as Keras", () => {
    const schedule = polynomialDecay({ initialLearningRate: 0.1, decaySteps: 10 });
    expect(schedule(5)).toBeCloseTo(0.05005, 12); // (0.1 − 0.0001) · (1 − 5/10)^1 + 0.0001
    expect(schedule(10)).toBeCloseTo(0.0001, 12);
    expect(schedule(20)).toBeCloseTo(0.0001, 12);
  });

  it("with cycle restarts over the next multiple of decaySteps, using multiplier 1 at step 0", () => {
    const schedule = polynomialDecay({
      initialLearningRate: 0.1,
      decaySteps: 10,
      endLearningRate: 0.01,
      cycle: true,
    });
    expect(schedule(0)).toBeCloseTo(0.1, 12); // D = 10 · 1 (step 0) → 0.09 · (1 − 0/10) + 0.01
    expect(schedule(5)).toBeCloseTo(0.055, 12); // D = 10 · ceil(0.5) = 10 → 0.09 · 0.5 + 0.01
    expect(schedule(10)).toBeCloseTo(0.01, 12); // D = 10 · ceil(1) = 10 → 0.09 · 0 + 0.01
    expect(schedule(11)).toBeCloseTo(0.0505, 12); // D = 10 · ceil(1.1) = 20 → 0.09 · (1 − 11/20) + 0.01
    expect(schedule(20)).toBeCloseTo(0.01, 12); // D = 10 · ceil(2) = 20 → 0.09 · 0 + 0.01
    expect(schedule(21)).toBeCloseTo(0.037, 12); // D = 10 · ceil(2.1) = 30 → 0.09 · 9/30 + 0.01
  });

  it("with cycle and a power restarts each longer period along the same curve", () => {
    // Keras's docstring example shape: from 0.1 to 0.01 along a square root (power 0.5), cycling.
    const schedule = polynomialDecay({
      initialLearningRate: 0.1,
      decaySteps: 10,
      endLearningRate: 0.01,
      power: 0.5,
      cycle: true,
    });
    expect(schedule(0)).toBeCloseTo(0.1, 12); // D = 10 · 1 (step 0) → 0.09 · (1 − 0)^0.5 + 0.01
    expect(schedule(5)).toBeCloseTo(0.09 * Math.SQRT1_2 + 0.01, 12); // D = 10 → 0.09 · 0.5^0.5 + 0.01 = 0.07364
    expect(schedule(10)).toBeCloseTo(0.01, 12); // D = 10 · ceil(1) = 10 → 0.09 · 0^0.5 + 0.01
    expect(schedule(15)).toBeCloseTo(0.055, 12); // D = 10 · ceil(1.5) = 20 → 0.09 · (1 − 15/20)^0.5 + 0.01 = 0.09 · 0.5 + 0.01
    expect(schedule(20)).toBeCloseTo(0.01, 12); // D = 20 → 0.09 · 0 + 0.01
    expect(schedule(21)).toBeCloseTo(0.09 * Math.sqrt(0.3) + 0.01, 12); // D = 10 · ceil(2.1) = 30 → 0.09 · (1 − 21/30)^0.5 + 0.01 = 0.05930
  });

  it("rejects a negative power and a zero decaySteps", () => {
    expect(() => polynomialDecay({ initialLearningRate: 0.1, decaySteps: 10, power: -1 })).toThrow(
      /^polynomialDecay: power: expected a number ≥ 0, got -1$/,
    );
    expect(() => polynomialDecay({ initialLearningRate: 0.1, decaySteps: 0 })).toThrow(
      /decaySteps: expected a number > 0/,
    );
  });
});
