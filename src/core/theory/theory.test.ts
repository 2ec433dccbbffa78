import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { linearStats, mseAt } from "../data/stats.js";
import { adam } from "../optimizers/adam.js";
import { sgd } from "../optimizers/sgd.js";
import { train } from "../training/train.js";
import { type RegimeBounds, regimeAt, regimeBoundsOf } from "./regime.js";
import {
  contractionFactors,
  gradientDescentIterate,
  linearMseTheory,
  momentumCriticalLearningRate,
  optimizerStabilityBound,
  stepFactors,
  stepsToTolerance,
} from "./theory.js";

const dataOf = (xs: number[], ys: number[]) => ({
  x: Float64Array.from(xs),
  y: Float64Array.from(ys),
  xName: "x",
  yName: "y",
  source: "test",
});

describe("linearMseTheory", () => {
  it("gives H = 2I, critical rate 1 and optimal rate 1 for x = ±1", () => {
    // mean x = 0, mean x² = 1: H = 2·[[1, 0], [0, 1]]; 2/λmax = 1; 2/(λmin + λmax) = 2/4 · 2 = 1.
    const theory = linearMseTheory(linearStats(dataOf([-1, 1], [0, 2])));
    expect(theory.hessian).toEqual([
      [2, 0],
      [0, 2],
    ]);
    expect(theory.hessianEigenvalues[0]).toBeCloseTo(2, 15);
    expect(theory.hessianEigenvalues[1]).toBeCloseTo(2, 15);
    expect(theory.criticalLearningRate).toBeCloseTo(1, 15);
    expect(theory.optimalLearningRate).toBeCloseTo(0.5, 15);
    expect(theory.conditionNumber).toBeCloseTo(1, 15);
  });

  it("gives eigenvalues 3 ± √5 for x = 0, 2", () => {
    // mean x = 1, mean x² = 2: H/2 = [[2, 1], [1, 1]], eigenvalues (3 ± √5)/2, so H has 3 ± √5.
    const theory = linearMseTheory(linearStats(dataOf([0, 2], [1, 5])));
    expect(theory.hessianEigenvalues[0]).toBeCloseTo(3 + Math.sqrt(5), 14);
    expect(theory.hessianEigenvalues[1]).toBeCloseTo(3 - Math.sqrt(5), 14);
    expect(theory.criticalLearningRate).toBeCloseTo(2 / (3 + Math.sqrt(5)), 14);
    expect(theory.optimalLearningRate).toBeCloseTo(2 / 6, 14);
  });

  it("returns orthonormal eigenvectors with H·v = λ·v", () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -50, max: 50, noNaN: true }), { minLength: 2, maxLength: 20 }),
        (xs) => {
          const theory = linearMseTheory(linearStats(dataOf(xs, xs)));
          const [[h00, h01], [h10, h11]] = theory.hessian;
          for (let i = 0; i < 2; i++) {
            const [vw, vb] = theory.eigenvectors[i] as readonly [number, number];
            const lambda = theory.hessianEigenvalues[i] as number;
            const scale = theory.hessianEigenvalues[0];
            expect(Math.abs(h00 * vw + h01 * vb - lambda * vw)).toBeLessThan(1e-9 * scale);
            expect(Math.abs(h10 * vw + h11 * vb - lambda * vb)).toBeLessThan(1e-9 * scale);
            expect(Math.hypot(vw, vb)).toBeCloseTo(1, 12);
          }
        },
      ),
    );
  });

  it("gets the small eigenvalue without cancellation for x around 1e6", () => {
    // λmin·λmax = det H = 4·Var(x) exactly; Var(x) of 1e6 + i/8, i = 0..99, is (100² − 1)/12/64.
    const xs = Array.from({ length: 100 }, (_, i) => 1e6 + i / 8);
    const theory = linearMseTheory(linearStats(dataOf(xs, xs)));
    const varianceX = (100 * 100 - 1) / 12 / 64;
    const [lambdaMax, lambdaMin] = theory.hessianEigenvalues;
    expect(Math.abs((lambdaMax * lambdaMin) / 4 - varianceX) / varianceX).toBeLessThan(1e-12);
    expect(lambdaMin).toBeGreaterThan(0);
  });

  it("gives λmin = 0 and finite rates, never NaN, when all x are equal", () => {
    const theory = linearMseTheory(linearStats(dataOf([3, 3, 3], [1, 2, 3])));
    // H = 2·[[9, 3], [3, 1]]: λmax = 2·10 = 20, λmin = 0.
    expect(theory.hessianEigenvalues).toEqual([20, 0]);
    expect(theory.criticalLearningRate).toBeCloseTo(0.1, 15);
    // The flat direction never moves and costs nothing, so the best rate is the one that removes the sharp
    // direction in one step, 1/λmax = 0.05; 2/(λmin + λmax) would be 0.1, the critical rate itself, where
    // the sharp direction bounces forever and the loss never moves.
    expect(theory.optimalLearningRate).toBe(0.05);
    expect(theory.conditionNumber).toBe(Number.POSITIVE_INFINITY);
  });

  it("gives one row the same: λmin = 0 and the optimal rate 1/λmax", () => {
    // x = 2: H = 2·[[4, 2], [2, 1]], λmax = 10.
    const theory = linearMseTheory(linearStats(dataOf([2], [5])));
    expect(theory.hessianEigenvalues).toEqual([10, 0]);
    expect(theory.optimalLearningRate).toBe(0.1);
    expect(theory.criticalLearningRate).toBe(0.2);
  });

  it("names the regime of a rate: converging up to 1/λmax, oscillating up to 2/λmax, diverging above", () => {
    const theory = linearMseTheory(linearStats(dataOf([-1, 1], [0, 2])));
    const bounds = regimeBoundsOf(theory, sgd()) as RegimeBounds;
    // λmax = 2: 1/λmax = 0.5, 2/λmax = 1.
    expect(regimeAt(bounds, 0.3)).toBe("converging");
    expect(regimeAt(bounds, 0.5)).toBe("converging"); // factor 0: there in one step, no overshoot
    expect(regimeAt(bounds, 0.7)).toBe("oscillating");
    expect(regimeAt(bounds, 1)).toBe("oscillating"); // factor −1: bounces forever, never grows
    expect(regimeAt(bounds, 1.01)).toBe("diverging");
    expect(stepFactors(theory, 0.7)).toEqual([1 - 0.7 * 2, 1 - 0.7 * 2]);
    expect(contractionFactors(theory, 0.7)).toEqual([1 - 0.7 * 2, 1 - 0.7 * 2].map(Math.abs));
  });

  it("raises the critical rate with momentum to 2(1 + m)/λmax (heavy ball)", () => {
    const theory = linearMseTheory(linearStats(dataOf([-1, 1], [0, 2])));
    expect(momentumCriticalLearningRate(theory, 0.9)).toBeCloseTo(1.9, 14);
    expect(momentumCriticalLearningRate(theory, 0.9, true)).toBeCloseTo(1.9 / 2.8, 14);
    expect(momentumCriticalLearningRate(theory, 0)).toBeCloseTo(theory.criticalLearningRate, 15);
    expect(optimizerStabilityBound(2, sgd({ momentum: 0.9 }))).toEqual({
      learningRate: 1.9,
      formula: "2(1 + β)/λmax",
    });
    expect(optimizerStabilityBound(2, adam())).toBeNull();
  });
});

describe("the theory against real runs", () => {
  const data = dataOf([0, 0.5, 1, 2, 3, 3.5], [1.2, 1.9, 3.1, 4.8, 7.2, 8.1]);
  const stats = linearStats(data);
  const theory = linearMseTheory(stats);

  it("predicts every full-batch gradient-descent iterate in closed form", () => {
    const learningRate = 0.8 * theory.criticalLearningRate;
    const run = train(data, { optimizer: sgd({ learningRate }), steps: 40, initialW: -1, initialB: 3 });
    for (const k of [0, 1, 2, 10, 40]) {
      const predicted = gradientDescentIterate(stats, theory, learningRate, -1, 3, k);
      expect(run.history.w[k]).toBeCloseTo(predicted.w, 10);
      expect(run.history.b[k]).toBeCloseTo(predicted.b, 10);
      expect(run.history.loss[k]).toBeCloseTo(predicted.loss, 10);
    }
  });

  it("counts exactly the steps a run needs to reach a loss-gap or gradient tolerance", () => {
    for (const fraction of [0.05, 0.4, 0.8, 0.97]) {
      const learningRate = fraction * theory.criticalLearningRate;
      const run = train(data, { optimizer: sgd({ learningRate }), steps: 20_000, historyEvery: 1 });
      const firstBelow = (measure: (k: number) => number, tolerance: number) => {
        for (let k = 0; k < run.history.length; k++) if (measure(k) <= tolerance) return k;
        return null;
      };
      const gap = (k: number) =>
        mseAt(stats, run.history.w[k] as number, run.history.b[k] as number) - stats.optimum.loss;
      const predictedGap = stepsToTolerance(stats, theory, {
        learningRate,
        initialW: 0,
        initialB: 0,
        tolerance: 1e-6,
      });
      expect(predictedGap).toBe(firstBelow(gap, 1e-6));
      const toleranceRun = train(data, { optimizer: sgd({ learningRate }), steps: 20_000, tolerance: 1e-4 });
      const predictedNorm = stepsToTolerance(stats, theory, {
        learningRate,
        initialW: 0,
        initialB: 0,
        tolerance: 1e-4,
        measure: "gradient-norm",
      });
      expect(toleranceRun.status).toBe("converged");
      expect(predictedNorm).toBe(toleranceRun.steps);
    }
  });

  it("says a rate at or above the critical one never reaches the tolerance", () => {
    const options = { initialW: 0, initialB: 0, tolerance: 1e-6 };
    expect(
      stepsToTolerance(stats, theory, { ...options, learningRate: 1.01 * theory.criticalLearningRate }),
    ).toBe(null);
    expect(stepsToTolerance(stats, theory, { ...options, learningRate: 0 })).toBe(null);
    expect(
      stepsToTolerance(stats, theory, {
        ...options,
        initialW: stats.optimum.w,
        initialB: stats.optimum.b,
        learningRate: 0,
      }),
    ).toBe(0);
  });

  it("never lets the loss rise below the critical rate, and always diverges above it", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.001, max: 0.999, noNaN: true }),
        fc.double({ min: -5, max: 5, noNaN: true }),
        fc.double({ min: -5, max: 5, noNaN: true }),
        (fraction, initialW, initialB) => {
          const below = train(data, {
            optimizer: sgd({ learningRate: fraction * theory.criticalLearningRate }),
            steps: 200,
            initialW,
            initialB,
          });
          for (let k = 1; k < below.history.length; k++) {
            const previous = below.history.loss[k - 1] as number;
            expect(below.history.loss[k] as number).toBeLessThanOrEqual(previous * (1 + 1e-12) + 1e-15);
          }
          expect(below.status).toBe("completed");
          const above = train(data, {
            optimizer: sgd({ learningRate: (1.05 + fraction) * theory.criticalLearningRate }),
            steps: 5000,
            initialW,
            initialB,
          });
          // Started exactly on the flat eigenvector the sharp component is 0 and nothing grows; fast-check
          // never finds that measure-zero set in practice, but say so rather than pretend.
          expect(above.status).toBe("diverged");
        },
      ),
      { numRuns: 50 },
    );
  });
});
