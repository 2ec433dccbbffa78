import { describe, expect, it } from "vitest";
import { builtinData, syntheticLine } from "./data.js";
import { adam } from "./optimizers/adam.js";
import { sgd } from "./optimizers/sgd.js";
import { linearStats } from "./stats.js";
import { suggestLearningRate } from "./suggest.js";
import { linearMseTheory, stepsToTolerance } from "./theory.js";

const data = builtinData();
const stats = linearStats(data);
const theory = linearMseTheory(stats);

describe("suggestLearningRate", () => {
  it("answers full-batch gradient descent on MSE with the exact optimal rate and its step count", () => {
    const suggestion = suggestLearningRate(data);
    expect(suggestion.method).toBe("theory");
    expect(suggestion.learningRate).toBe(theory.optimalLearningRate);
    expect(suggestion.criticalLearningRate).toBe(theory.criticalLearningRate);
    expect(suggestion.criticalIsExact).toBe(true);
    const tolerance = 1e-3 * theory.optimum.loss;
    const steps = stepsToTolerance(stats, theory, {
      learningRate: theory.optimalLearningRate,
      initialW: 0,
      initialB: 0,
      tolerance,
    });
    expect(suggestion.steps).toEqual({ suggested: steps, optimal: steps, critical: null });
    expect(suggestion.rangeTest).toBeNull();
  });

  it("estimates the same λmax from Hessian-vector products as the theory gives exactly", () => {
    const { curvature } = suggestLearningRate(data);
    expect(Math.abs(curvature.lambdaMax / theory.hessianEigenvalues[0] - 1)).toBeLessThan(1e-6);
  });

  it("falls back to the range test for mini-batches, momentum and adaptive optimizers, below the stability bound", () => {
    for (const options of [{ batchSize: 32 }, { optimizer: sgd({ momentum: 0.9 }) }, { optimizer: adam() }]) {
      const suggestion = suggestLearningRate(data, options);
      expect(suggestion.method).toBe("range-test");
      expect(suggestion.learningRate).toBeGreaterThan(0);
      if (suggestion.criticalLearningRate !== null) {
        expect(suggestion.learningRate as number).toBeLessThan(suggestion.criticalLearningRate);
      }
    }
  });

  it("holds a range-test suggestion at or above the bound down to half the bound", () => {
    // x in [0, 10): badly conditioned, where the range test's ramp can overshoot 2/λmax.
    const hard = syntheticLine({ n: 200, xMin: 0, xMax: 10, seed: 5 });
    const suggestion = suggestLearningRate(hard, { batchSize: 32, numIterations: 60 });
    expect(suggestion.learningRate as number).toBeLessThan(suggestion.criticalLearningRate as number);
  });

  it("uses the curvature estimate as the bound when there is no exact theory (Huber)", () => {
    const suggestion = suggestLearningRate(data, { loss: "huber" });
    expect(suggestion.theory).toBeNull();
    expect(suggestion.criticalIsExact).toBe(false);
    expect(suggestion.criticalLearningRate).toBe(suggestion.curvature.edgeOfStability);
  });
});
