import { describe, expect, it } from "vitest";
import { builtinData, type Dataset } from "../data/data.js";
import { trainAndJudge } from "../judging/judged-run.js";
import { sgd } from "../optimizers/sgd.js";
import { DEFAULT_RUN_CONFIG } from "../training/run-config.js";
import { sharpestCurvature } from "./curvature.js";
import { huberLocalBound } from "./local-bound.js";
import { robustOptimum } from "./robust-optimum.js";

function dataset(x: number[], y: number[]): Dataset {
  return { x: Float64Array.from(x), y: Float64Array.from(y), xName: "x", yName: "y", source: "test" };
}

/** The built-in data with every 20th point (from the 7th) moved up by 12, as the lab's "Outliers" preset. */
function withOutliers(): Dataset {
  const data = builtinData();
  const y = Float64Array.from(data.y);
  for (let i = 6; i < y.length; i += 20) y[i] = (y[i] as number) + 12;
  return { ...data, y, source: "built-in with outliers" };
}

/** A full-batch Huber run of 1,000 steps at `learningRate`, judged as every face judges it. */
function huberRun(data: Dataset, learningRate: number, delta: number, momentum = 0) {
  return trainAndJudge(
    {
      ...DEFAULT_RUN_CONFIG,
      loss: { name: "huber", delta },
      optimizer: momentum > 0 ? { name: "sgd", args: { momentum } } : DEFAULT_RUN_CONFIG.optimizer,
      learningRate,
      steps: 1000,
    },
    data,
  );
}

describe("huberLocalBound", () => {
  it("is the curvature of the points within δ of the best line, with no factor 2: a hand-worked case", () => {
    // y = 2x + 1 with residuals ±1 and δ = 10: every point is within δ of the least-squares line, so
    // H = (1/4)·Σ [[x², x], [x, 1]] = [[2, 1], [1, 1]] (x = 0, 0, 2, 2), λmax = (3 + √5)/2 = 2.618…, and
    // 2/λmax = 0.763932…: twice MSE's 2/λmax = 0.381966… on the same data, whose Hessian has the factor 2.
    const data = dataset([0, 0, 2, 2], [0, 2, 4, 6]);
    const bound = huberLocalBound(data, sgd(), 10);
    expect(bound.inliers).toBe(4);
    expect(bound.lambdaMax).toBeCloseTo((3 + Math.sqrt(5)) / 2, 12);
    expect(bound.critical?.learningRate).toBeCloseTo(4 / (3 + Math.sqrt(5)), 12);
    expect(bound.critical?.formula).toBe("2/λmax");
  });

  it("leaves an outlier's point out of the curvature: it adds only a slope, no curvature", () => {
    // y = x at x = 0…9, but 30 above it at x = 4. With δ = 1 the best line stays within 0.15 of y = x, so the
    // Hessian sums the other nine: (1/10)·[[Σx², Σx], [Σx, 9]] = [[26.9, 4.1], [4.1, 0.9]] (Σx² = 285 − 16,
    // Σx = 45 − 4), λmax = (26.9 + 0.9)/2 + √(13² + 4.1²) = 13.9 + √185.81.
    const x = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
    const data = dataset(
      x,
      x.map((value) => (value === 4 ? value + 30 : value)),
    );
    const bound = huberLocalBound(data, sgd(), 1);
    expect(bound.inliers).toBe(9);
    expect(bound.lambdaMax).toBeCloseTo(13.9 + Math.sqrt(185.81), 10);
  });

  it("matches power iteration on Hessian-vector products at the best line, not at the start", () => {
    const data = builtinData();
    const best = robustOptimum(data, "huber", 1);
    const bound = huberLocalBound(data, sgd(), 1);
    const there = sharpestCurvature(data, { loss: "huber", w: best.w, b: best.b });
    expect(bound.lambdaMax).toBeCloseTo(there.lambdaMax, 6);
    // From (0, 0) most points are further than δ from the line: a curvature about ten times smaller, whose
    // 2/λmax (10.7) a rate of 5 was once told it was below, while it jumps out.
    const start = sharpestCurvature(data, { loss: "huber" });
    expect(start.lambdaMax).toBeLessThan(bound.lambdaMax / 5);
  });

  it("with momentum is the heavy-ball bound 2(1 + β)/λmax; Adam has none", () => {
    const data = builtinData();
    const plain = huberLocalBound(data, sgd(), 1);
    const heavy = huberLocalBound(data, sgd({ momentum: 0.5 }), 1);
    // 2(1 + 0.5)/λmax = 1.5 × 2/λmax.
    expect(heavy.critical?.learningRate).toBeCloseTo(1.5 * (plain.critical?.learningRate ?? 0), 12);
    expect(heavy.critical?.formula).toBe("2(1 + β)/λmax");
    expect(huberLocalBound(data, { name: "adam", config: {} }, 1).critical).toBeNull();
  });

  for (const [name, data] of [
    ["the built-in data", builtinData()],
    ["data with outliers", withOutliers()],
  ] as const) {
    it(`separates runs that settle from runs that cannot, at 0.9× and 1.1× of it, on ${name}`, () => {
      for (const delta of [0.5, 1, 2]) {
        const bound = huberLocalBound(data, sgd(), delta).critical?.learningRate as number;
        const below = huberRun(data, 0.9 * bound, delta);
        const above = huberRun(data, 1.1 * bound, delta);
        expect(below.verdict.outcome, `δ ${delta}, 0.9×`).toBe("good");
        expect(below.verdict.reached).toBe(true);
        // Above it the run bounces for good, well away from the best loss (more than 10% above it).
        expect(above.verdict.outcome, `δ ${delta}, 1.1×`).not.toBe("good");
        expect(above.verdict.reached).toBe(false);
        expect((above.verdict.gap as number) / (above.verdict.bestLoss as number)).toBeGreaterThan(0.1);
        // The verdict carries the bound for the words, the same number.
        expect(above.verdict.localBound?.critical?.learningRate).toBe(bound);
      }
    });
  }

  it("holds with momentum too: 2(1 + β)/λmax near the best line", () => {
    const data = withOutliers();
    const bound = huberLocalBound(data, sgd({ momentum: 0.5 }), 1).critical?.learningRate as number;
    expect(huberRun(data, 0.9 * bound, 1, 0.5).verdict.outcome).toBe("good");
    expect(huberRun(data, 1.1 * bound, 1, 0.5).verdict.reached).toBe(false);
  });
});
