import { describe, expect, it } from "vitest";
import { curvatureTestData } from "../../test-support/curvature-data.js";
import { builtinData, syntheticLine } from "../data/data.js";
import { linearStats } from "../data/stats.js";
import { sharpestCurvature } from "./curvature.js";
import { linearMseTheory } from "./theory.js";

describe("sharpestCurvature", () => {
  it("matches the exact λmax of linear MSE within 1e-6 relative, wherever it is measured", () => {
    for (const data of [
      builtinData(),
      syntheticLine({ n: 500, xMin: 10, xMax: 12, seed: 3 }),
      ...curvatureTestData(),
    ]) {
      const exact = linearMseTheory(linearStats(data));
      for (const [w, b] of [
        [0, 0],
        [5, -3],
        [exact.optimum.w, exact.optimum.b],
      ] as const) {
        const estimate = sharpestCurvature(data, { w, b });
        expect(
          Math.abs(estimate.lambdaMax - exact.hessianEigenvalues[0]) / exact.hessianEigenvalues[0],
        ).toBeLessThan(1e-6);
        expect(estimate.edgeOfStability).toBeCloseTo(exact.criticalLearningRate, 6);
        // The direction is the sharp eigenvector, up to sign (any direction is, when both are equal).
        const [ew, eb] = exact.eigenvectors[0];
        if (exact.conditionNumber > 1 + 1e-9) {
          expect(Math.abs(estimate.direction[0] * ew + estimate.direction[1] * eb)).toBeCloseTo(1, 6);
        }
        expect(estimate.converged).toBe(true);
      }
    }
  });

  it("finds Huber's curvature: half of MSE's where every residual is inside delta, none where all are outside", () => {
    const data = builtinData();
    const mse = linearMseTheory(linearStats(data)).hessianEigenvalues[0];
    // Huber with a huge delta is ½e² everywhere: exactly half the MSE Hessian.
    const inside = sharpestCurvature(data, { loss: "huber", huberDelta: 1e6 });
    expect(inside.lambdaMax / mse).toBeCloseTo(0.5, 6);
    // Far from the data every residual is beyond delta: the loss is linear there, with no curvature.
    const outside = sharpestCurvature(data, { loss: "huber", w: 100, b: 100 });
    expect(outside.lambdaMax).toBe(0);
    expect(outside.edgeOfStability).toBeNull();
  });

  it("reports no curvature, not NaN, for MAE", () => {
    const estimate = sharpestCurvature(builtinData(), { loss: "mae", w: 0.5, b: 0.25 });
    expect(Number.isFinite(estimate.lambdaMax)).toBe(true);
    expect(estimate.lambdaMax).toBeGreaterThanOrEqual(0);
  });
});
