import { describe, expect, it } from "vitest";
import { builtinData } from "../data/data.js";
import { linearStats } from "../data/stats.js";
import { closeness } from "../judging/closeness.js";
import { trainAndJudge } from "../judging/judged-run.js";
import { linearMseTheory, stepsToTolerance } from "../theory/theory.js";
import { DEFAULT_RUN_CONFIG } from "../training/run-config.js";
import { reachingRates } from "./reaching-rates.js";

const data = builtinData();
const stats = linearStats(data);
const theory = linearMseTheory(stats);
const { gap } = closeness(stats);
const start = { initialW: 0, initialB: 0 };
const stepsAt = (learningRate: number) =>
  stepsToTolerance(stats, theory, { ...start, learningRate, tolerance: gap }) ?? Number.POSITIVE_INFINITY;

describe("reachingRates on the built-in data", () => {
  it("finds the rates that get within 0.1% in 30 steps: from 0.0896 to 0.2841, around the fastest 0.24", () => {
    const rates = reachingRates(stats, theory, { ...start, gap, steps: 30 });
    expect(rates).not.toBeNull();
    const { low, high } = rates as { low: number; high: number };
    expect(low).toBeCloseTo(0.08963, 5);
    expect(high).toBeCloseTo(0.28415, 5);
    // The ends are the edges: inside needs at most 30 steps, a hair outside more.
    expect(stepsAt(low)).toBeLessThanOrEqual(30);
    expect(stepsAt(low * 0.999)).toBeGreaterThan(30);
    expect(stepsAt(high)).toBeLessThanOrEqual(30);
    expect(stepsAt(high * 1.001)).toBeGreaterThan(30);
  });

  it("agrees with real runs judged by the verdict: just inside is good, just outside too small or jumping around", () => {
    const rates = reachingRates(stats, theory, { ...start, gap, steps: 30 }) as { low: number; high: number };
    const outcome = (learningRate: number) =>
      trainAndJudge({ ...DEFAULT_RUN_CONFIG, learningRate, steps: 30 }, data).verdict.outcome;
    expect(outcome(rates.low * 1.01)).toBe("good");
    expect(outcome(rates.low * 0.99)).toBe("too-small");
    expect(outcome(rates.high * 0.99)).toBe("good");
    expect(outcome(rates.high * 1.01)).toBe("jumps-around");
  });

  it("narrows as the budget shrinks, to nothing below the fastest rate's 11 steps", () => {
    const at17 = reachingRates(stats, theory, { ...start, gap, steps: 17 }) as { low: number; high: number };
    const at11 = reachingRates(stats, theory, { ...start, gap, steps: 11 }) as { low: number; high: number };
    expect(at17.low).toBeGreaterThan(0.0897);
    expect(at11.low).toBeGreaterThan(at17.low);
    expect(at11.high).toBeLessThan(at17.high);
    expect(at11.low).toBeLessThanOrEqual(0.24);
    expect(at11.high).toBeGreaterThanOrEqual(0.24);
    expect(reachingRates(stats, theory, { ...start, gap, steps: 10 })).toBeNull();
  });

  it("has no interval for a start already within the gap", () => {
    const { w, b } = stats.optimum;
    expect(reachingRates(stats, theory, { initialW: w, initialB: b, gap, steps: 30 })).toBeNull();
  });
});
