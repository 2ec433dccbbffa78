import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { exponentialDecay } from "./exponential-decay.js";
import { createSchedule } from "./registry.js";

const rate = fc.double({ min: 0, max: 10, noNaN: true });
const fraction = fc.double({ min: 0, max: 1, noNaN: true });
const steps = fc.double({ min: 0.5, max: 5000, noNaN: true });

/** Valid CLI arguments for every schedule, as [name, args]. */
const anySchedule = fc.oneof(
  fc.constant(["constant", {}] as const),
  fc
    .record({ decaySteps: steps, decayRate: fraction, staircase: fc.boolean() })
    .map((a) => ["exponential", a] as const),
  fc
    .uniqueArray(fc.integer({ min: 0, max: 10_000 }), { minLength: 1, maxLength: 5 })
    .chain((bounds) =>
      fc
        .array(rate, { minLength: bounds.length + 1, maxLength: bounds.length + 1 })
        .map((values) => ["piecewise", { boundaries: [...bounds].sort((a, b) => a - b), values }] as const),
    ),
  fc
    .record({
      decaySteps: steps,
      endLearningRate: rate,
      power: fc.double({ min: 0, max: 5, noNaN: true }),
      cycle: fc.boolean(),
    })
    .map((a) => ["polynomial", a] as const),
  fc
    .record({ decaySteps: steps, decayRate: rate, staircase: fc.boolean() })
    .map((a) => ["inverse-time", a] as const),
  fc
    .record({
      decaySteps: steps,
      alpha: fraction,
      warmupTarget: fc.option(rate, { nil: undefined }),
      warmupSteps: steps,
    })
    .map((a) => ["cosine", a] as const),
  fc
    .record({
      firstDecaySteps: steps,
      tMul: fc.double({ min: 1, max: 4, noNaN: true }),
      mMul: fraction,
      alpha: fraction,
    })
    .map((a) => ["cosine-restarts", a] as const),
  fc
    .record({ stepSize: fc.integer({ min: 1, max: 5000 }), gamma: fraction })
    .map((a) => ["step", a] as const),
  fc
    .record({
      maximalLearningRate: rate,
      stepSize: steps,
      mode: fc.constantFrom("triangular", "triangular2", "exp_range"),
      gamma: fraction,
    })
    .map((a) => ["cyclical", a] as const),
  fc
    .record({
      totalSteps: fc.integer({ min: 1, max: 10_000 }),
      pctStart: fraction,
      annealStrategy: fc.constantFrom("cos", "linear"),
      divFactor: fc.double({ min: 1, max: 1000, noNaN: true }),
      finalDivFactor: fc.double({ min: 1, max: 1e6, noNaN: true }),
      threePhase: fc.boolean(),
    })
    .map((a) => ["one-cycle", a] as const),
);

describe("every schedule", () => {
  it("returns a finite, non-negative rate at every step ≥ 0", () => {
    fc.assert(
      fc.property(
        anySchedule,
        rate,
        fc.integer({ min: 0, max: 1_000_000 }),
        ([name, args], learningRate, step) => {
          const value = createSchedule(name, args, learningRate)(step);
          expect(Number.isFinite(value)).toBe(true);
          expect(value).toBeGreaterThanOrEqual(0);
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe("exponentialDecay with staircase", () => {
  it("is constant within each decay period", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1000 }),
        fraction,
        fc.integer({ min: 0, max: 10_000 }),
        fc.integer({ min: 0, max: 999 }),
        (decaySteps, decayRate, period, offset) => {
          const schedule = exponentialDecay({
            initialLearningRate: 0.1,
            decaySteps,
            decayRate,
            staircase: true,
          });
          const start = period * decaySteps;
          expect(schedule(start + (offset % decaySteps))).toBe(schedule(start));
        },
      ),
    );
  });
});
