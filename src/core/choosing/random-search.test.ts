import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { builtinData, syntheticLine } from "../data/data.js";
import { linearStats } from "../data/stats.js";
import { linearMseTheory, stepsToTolerance } from "../theory/theory.js";
import { gradientDescentEvaluationsToReach, randomSearch, searchBox } from "./random-search.js";

const data = builtinData();
const stats = linearStats(data);
const theory = linearMseTheory(stats);

describe("randomSearch", () => {
  it("never reports a loss below the optimum, and only improves", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e6 }), fc.integer({ min: 1, max: 300 }), (seed, trials) => {
        const result = randomSearch(data, { trials, seed });
        expect(result.best.loss).toBeGreaterThanOrEqual(theory.optimum.loss);
        for (let i = 1; i < result.progress.length; i++) {
          expect((result.progress[i] as { loss: number }).loss).toBeLessThan(
            (result.progress[i - 1] as { loss: number }).loss,
          );
        }
        expect(result.progress.at(-1)).toEqual({
          evaluations: result.best.evaluations,
          loss: result.best.loss,
        });
      }),
      { numRuns: 50 },
    );
  });

  it("draws the same guesses for the same seed, inside the box", () => {
    const a = randomSearch(data, { trials: 500, seed: 9 });
    expect(randomSearch(data, { trials: 500, seed: 9 })).toEqual(a);
    expect(a.best.w).toBeGreaterThanOrEqual(a.box.w[0]);
    expect(a.best.w).toBeLessThanOrEqual(a.box.w[1]);
    expect(randomSearch(data, { trials: 500, seed: 10 }).best).not.toEqual(a.best);
  });

  it("scales its box to the data, and the optimum lies inside it", () => {
    for (const d of [
      data,
      syntheticLine({ n: 200, slope: -40, intercept: 1e4, xMin: 100, xMax: 110, seed: 2 }),
    ]) {
      const s = linearStats(d);
      const box = searchBox(s);
      expect(s.optimum.w).toBeGreaterThan(box.w[0]);
      expect(s.optimum.w).toBeLessThan(box.w[1]);
      expect(s.optimum.b).toBeGreaterThan(box.b[0]);
      expect(s.optimum.b).toBeLessThan(box.b[1]);
    }
  });

  it("works for MAE and Huber too, and refuses bad arguments", () => {
    // The best guess's loss is the MAE at its (w, b), as a plain loop over the data computes it.
    const { best } = randomSearch(data, { trials: 50, loss: "mae" });
    let sum = 0;
    for (let i = 0; i < data.x.length; i++)
      sum += Math.abs(best.w * (data.x[i] as number) + best.b - (data.y[i] as number));
    expect(best.loss).toBeCloseTo(sum / data.x.length, 12);
    expect(() => randomSearch(data, { trials: 0 })).toThrow(/trials/);
    expect(() => randomSearch(data, { wRange: [1, 1] })).toThrow(/wRange/);
  });
});

describe("gradientDescentEvaluationsToReach", () => {
  it("counts one evaluation per step, starting point included, as the theory predicts", () => {
    const target = theory.optimum.loss * 1.01;
    const learningRate = theory.optimalLearningRate;
    const steps = stepsToTolerance(stats, theory, {
      learningRate,
      initialW: 0,
      initialB: 0,
      tolerance: target - theory.optimum.loss,
    });
    expect(gradientDescentEvaluationsToReach(data, target, { learningRate })).toBe((steps as number) + 1);
    expect(gradientDescentEvaluationsToReach(data, 1e9, { learningRate })).toBe(1);
    expect(
      gradientDescentEvaluationsToReach(data, theory.optimum.loss / 2, { learningRate, maxSteps: 50 }),
    ).toBeNull();
  });

  it("needs far fewer evaluations than random guessing to do as well", () => {
    const search = randomSearch(data, { trials: 2000, seed: 1 });
    const needed = gradientDescentEvaluationsToReach(data, search.best.loss, {
      learningRate: theory.optimalLearningRate,
    });
    expect(needed).not.toBeNull();
    expect(needed as number).toBeLessThan(search.best.evaluations);
  });
});
