import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { closeness, closenessFor, relativeExcess } from "./closeness.js";
import { builtinData, type Dataset } from "./data.js";
import { fastestRate } from "./fastest-rate.js";
import { trainAndJudge } from "./judged-run.js";
import { DEFAULT_RUN_CONFIG, type RunConfig } from "./run-config.js";
import { linearStats } from "./stats.js";
import { linearMseTheory, stepsToTolerance } from "./theory.js";

const dataOf = (xs: readonly number[], ys: readonly number[]): Dataset => ({
  x: Float64Array.from(xs),
  y: Float64Array.from(ys),
  xName: "x",
  yName: "y",
  source: "test",
});

const run = (learningRate: number, steps: number, start = { w: 0, b: 0 }): RunConfig => ({
  ...DEFAULT_RUN_CONFIG,
  learningRate,
  steps,
  start,
});

describe("closeness", () => {
  it("is 0.1% of the best loss on data with noise (the built-in data: L* = 0.9692…)", () => {
    const stats = linearStats(builtinData());
    const close = closeness(stats);
    expect(close.relativeTo).toBe("best-loss");
    expect(stats.optimum.loss).toBeCloseTo(0.969209, 6);
    expect(close.gap).toBe(1e-3 * stats.optimum.loss);
  });

  it("is a millionth of mean y² when the best loss is 0: an exact line, one point, two points", () => {
    // y = 2x + 1 exactly: mean y² = (1 + 9 + 25 + 49)/4 = 21, so the gap is 1e-6 · 21.
    const line = closeness(linearStats(dataOf([0, 1, 2, 3], [1, 3, 5, 7])));
    expect(line.relativeTo).toBe("zero-line");
    expect(line.gap).toBeCloseTo(21e-6, 18);
    // One point (2, 5): mean y² = 25.
    const one = closeness(linearStats(dataOf([2], [5])));
    expect(one.relativeTo).toBe("zero-line");
    expect(one.gap).toBeCloseTo(25e-6, 18);
    // Two points (0, 1), (2, 5): mean y² = (1 + 25)/2 = 13.
    const two = closeness(linearStats(dataOf([0, 2], [1, 5])));
    expect(two.relativeTo).toBe("zero-line");
    expect(two.gap).toBeCloseTo(13e-6, 18);
  });

  it("switches scale where 0.1% of L* meets the floor, without a jump in the gap", () => {
    // mean y² = 100: the floor is 0.1, and the gap is 1e-3 · max(L*, 0.1).
    expect(closenessFor(1, 100)).toEqual({ gap: 1e-3, relativeTo: "best-loss" });
    expect(closenessFor(0.05, 100)).toEqual({ gap: 1e-3 * 0.1, relativeTo: "zero-line" });
    const at = closenessFor(0.1, 100);
    const below = closenessFor(0.1 * (1 - 1e-12), 100);
    expect(at.relativeTo).toBe("best-loss");
    expect(below.relativeTo).toBe("zero-line");
    expect(below.gap).toBeCloseTo(at.gap, 15);
  });

  it("is positive and finite, and relative to the best loss exactly when L* ≥ 0.001 · mean y² (property)", () => {
    const value = fc.integer({ min: -500, max: 500 }).map((i) => i / 50);
    fc.assert(
      fc.property(fc.array(fc.tuple(value, value), { minLength: 1, maxLength: 30 }), (points) => {
        const ys = points.map(([, y]) => y);
        fc.pre(ys.some((y) => y !== 0));
        const stats = linearStats(
          dataOf(
            points.map(([x]) => x),
            ys,
          ),
        );
        const meanSquareY = ys.reduce((sum, y) => sum + y * y, 0) / ys.length;
        const close = closeness(stats);
        expect(close.gap).toBeGreaterThan(0);
        expect(Number.isFinite(close.gap)).toBe(true);
        const relativeToBest = stats.optimum.loss >= 1e-3 * meanSquareY * (1 + 1e-12);
        const relativeToZero = stats.optimum.loss < 1e-3 * meanSquareY * (1 - 1e-12);
        if (relativeToBest)
          expect(close).toEqual({ gap: 1e-3 * stats.optimum.loss, relativeTo: "best-loss" });
        if (relativeToZero) {
          expect(close.relativeTo).toBe("zero-line");
          expect(close.gap).toBeCloseTo(1e-6 * meanSquareY, 12);
        }
      }),
    );
  });
});

describe("relativeExcess", () => {
  it("is the fraction above the best loss, never negative, and null when the gap is a fraction of mean y²", () => {
    const best = closenessFor(2, 10);
    expect(relativeExcess(2.5, 2, best)).toBe(0.25);
    expect(relativeExcess(1.999, 2, best)).toBe(0); // rounding below L* is not "−0.05% above"
    expect(relativeExcess(3, 0, closenessFor(0, 10))).toBeNull();
    expect(relativeExcess(3, 1e-9, closenessFor(1e-9, 10))).toBeNull();
  });
});

describe("closeness in a run whose best loss is 0", () => {
  const cases = [
    ["an exact line", dataOf([0, 1, 2, 3], [1, 3, 5, 7])],
    ["one point", dataOf([2], [5])],
    ["two points", dataOf([0, 2], [1, 5])],
  ] as const;

  for (const [name, data] of cases) {
    it(`reaches the gap on ${name} after the exact number of steps, and gives no percentage`, () => {
      const stats = linearStats(data);
      const theory = linearMseTheory(stats);
      const close = closeness(stats);
      const fastest = fastestRate(stats, theory, { initialW: 0, initialB: 0, gap: close.gap });
      expect(fastest).not.toBeNull();
      const { learningRate, steps } = fastest as NonNullable<typeof fastest>;
      const { run: done, verdict } = trainAndJudge(run(learningRate, steps), data);
      expect(verdict.closeness).toEqual(close);
      expect(verdict.reached).toBe(true);
      expect(verdict.outcome).toBe("good");
      expect(verdict.relativeGap).toBeNull();
      expect(done.dynamics.reachedAt).toBe(
        stepsToTolerance(stats, theory, { learningRate, initialW: 0, initialB: 0, tolerance: close.gap }),
      );
      // One step short it is not there yet: the start, at mean y², is far above a millionth of it.
      const short = trainAndJudge(run(learningRate, steps - 1), data).verdict;
      expect(short.reached).toBe(false);
      expect(short.relativeGap).toBeNull();
    });
  }

  // Bug: with y ≡ 0 both the best loss and mean y² are 0, so the gap is 0 and a run that starts off the
  // line y = 0 is never "reached", however close it gets (here a loss of 3e-23 after 2,000 steps).
  it("reaches the line y = 0 from a start off it when every y is 0", () => {
    const data = dataOf([1, 2, 3], [0, 0, 0]);
    const { run: done, verdict } = trainAndJudge(run(0.05, 2000, { w: 1, b: 1 }), data);
    expect(done.final.loss).toBeLessThan(1e-20);
    expect(verdict.reached).toBe(true);
  });
});
