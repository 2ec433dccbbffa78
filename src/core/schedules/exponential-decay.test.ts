import { describe, expect, it } from "vitest";
import { exponentialDecay } from "./exponential-decay.js";

describe("exponentialDecay", () => {
  it("decays continuously as lr0 · rate^(step / decaySteps)", () => {
    const schedule = exponentialDecay({ initialLearningRate: 0.1, decaySteps: 10, decayRate: 0.5 });
    expect(schedule(0)).toBeCloseTo(0.1, 12); // 0.1 · 0.5^(0/10) = 0.1
    expect(schedule(5)).toBeCloseTo(0.07071067811865477, 12); // 0.1 · 0.5^(5/10) = 0.1/√2
    expect(schedule(10)).toBeCloseTo(0.05, 12); // 0.1 · 0.5^(10/10) = 0.05
    expect(schedule(25)).toBeCloseTo(0.01767766952966369, 12); // 0.1 · 0.5^2.5
  });

  it("with staircase holds the rate within a decay period and drops at its boundary", () => {
    const schedule = exponentialDecay({
      initialLearningRate: 0.1,
      decaySteps: 5,
      decayRate: 0.5,
      staircase: true,
    });
    expect(schedule(0)).toBeCloseTo(0.1, 12); // 0.1 · 0.5^floor(0/5) = 0.1
    expect(schedule(4)).toBeCloseTo(0.1, 12); // 0.1 · 0.5^floor(4/5) = 0.1, the step just before the boundary
    expect(schedule(5)).toBeCloseTo(0.05, 12); // 0.1 · 0.5^floor(5/5) = 0.05, the boundary itself
    expect(schedule(7)).toBeCloseTo(0.05, 12); // 0.1 · 0.5^floor(7/5) = 0.05
    expect(schedule(9)).toBeCloseTo(0.05, 12); // 0.1 · 0.5^floor(9/5) = 0.05
    expect(schedule(10)).toBeCloseTo(0.025, 12); // 0.1 · 0.5^floor(10/5) = 0.025
  });

  it("rejects a decaySteps that is not positive, naming the argument", () => {
    expect(() => exponentialDecay({ initialLearningRate: 0.1, decaySteps: 0, decayRate: 0.5 })).toThrow(
      /^exponentialDecay: decaySteps: expected a number > 0, got 0$/,
    );
  });

  it("rejects a missing required argument", () => {
    const options = { initialLearningRate: 0.1, decaySteps: 10 } as unknown as Parameters<
      typeof exponentialDecay
    >[0];
    expect(() => exponentialDecay(options)).toThrow(
      /exponentialDecay: decayRate: required by exponentialDecay/,
    );
  });

  it("rejects an unknown argument and suggests the nearest name", () => {
    const options = {
      initialLearningRate: 0.1,
      decaySteps: 10,
      decayRate: 0.5,
      staircse: true,
    } as Parameters<typeof exponentialDecay>[0];
    expect(() => exponentialDecay(options)).toThrow(
      /unknown argument "staircse" \(did you mean "staircase"\?\)/,
    );
  });

  it("names arguments the way the caller asks, e.g. as CLI flags", () => {
    expect(() =>
      exponentialDecay(
        { initialLearningRate: -1, decaySteps: 10, decayRate: 0.5 },
        (spec) => `--${spec.flag}`,
      ),
    ).toThrow(/^--lr: expected a number ≥ 0, got -1$/);
  });
});
