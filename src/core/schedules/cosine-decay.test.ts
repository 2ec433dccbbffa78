import { describe, expect, it } from "vitest";
import { cosineDecay } from "./cosine-decay.js";

describe("cosineDecay", () => {
  it("without warmup follows lr0 · ½(1 + cos(π · step / decaySteps)) and then holds", () => {
    const schedule = cosineDecay({ initialLearningRate: 0.1, decaySteps: 10 });
    expect(schedule(0)).toBeCloseTo(0.1, 12); // 0.1 · ½(1 + cos 0) = 0.1
    expect(schedule(5)).toBeCloseTo(0.05, 12); // 0.1 · ½(1 + cos(π/2)) = 0.05
    expect(schedule(9)).toBeCloseTo(0.0024471741852423235, 12); // 0.1 · ½(1 + cos(0.9π)) = 0.1 · 0.02447…
    expect(schedule(10)).toBeCloseTo(0, 12); // 0.1 · ½(1 + cos π) = 0
    expect(schedule(20)).toBeCloseTo(0, 12); // min(20, 10) = 10 → 0
  });

  it("decays to alpha times the initial rate", () => {
    const schedule = cosineDecay({ initialLearningRate: 0.1, decaySteps: 10, alpha: 0.1 });
    expect(schedule(5)).toBeCloseTo(0.055, 12); // 0.1 · ((1 − 0.1) · ½(1 + 0) + 0.1) = 0.1 · 0.55
    expect(schedule(10)).toBeCloseTo(0.01, 12); // 0.1 · ((1 − 0.1) · 0 + 0.1)
    expect(schedule(50)).toBeCloseTo(0.01, 12); // clamped at decaySteps
  });

  it("ignores warmupSteps without a warmupTarget, as Keras's warmup_target=None", () => {
    const schedule = cosineDecay({ initialLearningRate: 0.1, decaySteps: 10, warmupSteps: 5 });
    expect(schedule(0)).toBeCloseTo(0.1, 12); // no warmup: decay starts at step 0
    expect(schedule(5)).toBeCloseTo(0.05, 12); // 0.1 · ½(1 + cos(π · 5/10))
    expect(schedule(12)).toBeCloseTo(0, 12); // clamped at decaySteps, not decaySteps + warmupSteps
  });

  it("warms up linearly to warmupTarget, then decays from warmupTarget", () => {
    const schedule = cosineDecay({
      initialLearningRate: 0,
      decaySteps: 10,
      warmupTarget: 0.1,
      warmupSteps: 4,
    });
    expect(schedule(0)).toBeCloseTo(0, 12); // 0 + (0.1 − 0) · 0/4
    expect(schedule(1)).toBeCloseTo(0.025, 12); // 0 + 0.1 · 1/4
    expect(schedule(3)).toBeCloseTo(0.075, 12); // 0 + 0.1 · 3/4, the last warmup step
    expect(schedule(4)).toBeCloseTo(0.1, 12); // first step after warmup: 0.1 · ½(1 + cos(π · 0/10))
    expect(schedule(9)).toBeCloseTo(0.05, 12); // 0.1 · ½(1 + cos(π · 5/10))
    expect(schedule(14)).toBeCloseTo(0, 12); // 0.1 · ½(1 + cos(π · 10/10))
    expect(schedule(100)).toBeCloseTo(0, 12); // min(100, 4 + 10) = 14 → 0
  });

  it("warms up from a non-zero initial rate and takes alpha relative to warmupTarget", () => {
    const schedule = cosineDecay({
      initialLearningRate: 0.02,
      decaySteps: 10,
      alpha: 0.2,
      warmupTarget: 0.1,
      warmupSteps: 4,
    });
    expect(schedule(2)).toBeCloseTo(0.06, 12); // 0.02 + (0.1 − 0.02) · 2/4
    expect(schedule(4)).toBeCloseTo(0.1, 12); // 0.1 · ((1 − 0.2) · 1 + 0.2)
    expect(schedule(9)).toBeCloseTo(0.06, 12); // 0.1 · (0.8 · ½(1 + 0) + 0.2) = 0.1 · 0.6
    expect(schedule(14)).toBeCloseTo(0.02, 12); // 0.1 · (0.8 · 0 + 0.2)
  });

  it("with a warmupTarget and no warmup steps starts the decay from the target at once", () => {
    const schedule = cosineDecay({ initialLearningRate: 0.01, decaySteps: 10, warmupTarget: 0.1 });
    expect(schedule(0)).toBeCloseTo(0.1, 12); // 0 < 0 is false → decay from 0.1
    expect(schedule(5)).toBeCloseTo(0.05, 12);
  });

  it("rejects an alpha above 1 and a negative warmupTarget", () => {
    expect(() => cosineDecay({ initialLearningRate: 0.1, decaySteps: 10, alpha: 2 })).toThrow(
      /^cosineDecay: alpha: expected a number ≥ 0 and ≤ 1, got 2$/,
    );
    expect(() => cosineDecay({ initialLearningRate: 0.1, decaySteps: 10, warmupTarget: -1 })).toThrow(
      /^cosineDecay: warmupTarget: expected a number ≥ 0, got -1$/,
    );
  });
});
