import { describe, expect, it } from "vitest";
import { builtinData } from "../data/data.js";
import { linearStats } from "../data/stats.js";
import { createRandom } from "../random.js";
import { linearMseTheory } from "../theory/theory.js";
import { glorotUniform } from "./glorot.js";
import { mlp } from "./mlp.js";
import { allRows, type ModelData } from "./model.js";
import { largestEigenvalue, sharpness } from "./sharpness.js";

/** The operator v ↦ A·v of a dense symmetric matrix. */
function dense(matrix: readonly (readonly number[])[]): (v: Float64Array, out: Float64Array) => void {
  return (v, out) => {
    matrix.forEach((row, i) => {
      out[i] = row.reduce((sum, value, j) => sum + value * (v[j] as number), 0);
    });
  };
}

describe("largestEigenvalue (power iteration)", () => {
  it("finds 3 for [[2, 1], [1, 2]] (eigenvalues 3 and 1) with eigenvector (1, 1)/√2", () => {
    const estimate = largestEigenvalue(
      dense([
        [2, 1],
        [1, 2],
      ]),
      2,
      { seed: 5 },
    );
    expect(estimate.converged).toBe(true);
    expect(estimate.eigenvalue).toBeCloseTo(3, 9);
    expect(Math.abs(estimate.eigenvector[0] as number)).toBeCloseTo(Math.SQRT1_2, 4);
    expect(estimate.eigenvector[0]).toBeCloseTo(estimate.eigenvector[1] as number, 4);
  });

  it("returns the largest eigenvalue, not the largest in magnitude: diag(1, −5, 0.5) gives 1", () => {
    const estimate = largestEigenvalue(
      dense([
        [1, 0, 0],
        [0, -5, 0],
        [0, 0, 0.5],
      ]),
      3,
    );
    expect(estimate.converged).toBe(true);
    expect(estimate.eigenvalue).toBeCloseTo(1, 8);
  });

  it("gives 0 for the zero operator and an unbounded critical rate for a model with no curvature", () => {
    expect(largestEigenvalue((_v, out) => out.fill(0), 4).eigenvalue).toBe(0);
    // MAE on the line: the loss is piecewise linear in (w, b), so its Hessian is 0 everywhere.
    const data = builtinData();
    const model = mlp({ inputs: 1, loss: "mae" });
    const result = sharpness(model, Float64Array.of(0.5, 0.5), {
      inputs: data.x,
      targets: data.y,
      features: 1,
    });
    expect(result.eigenvalue).toBe(0);
    expect(result.criticalLearningRate).toBe(Number.POSITIVE_INFINITY);
  });

  it("reports no convergence when the iterations run out", () => {
    // Eigenvalues 1 and 0.999999: the ratio is so close to 1 that 3 iterations cannot settle.
    const estimate = largestEigenvalue(
      dense([
        [1, 0],
        [0, 0.999999],
      ]),
      2,
      { maxIterations: 3, tolerance: 1e-15 },
    );
    expect(estimate.converged).toBe(false);
    expect(estimate.products).toBe(3);
  });

  it("is the same for the same seed", () => {
    const operator = dense([
      [4, 1, 0],
      [1, 3, 1],
      [0, 1, 2],
    ]);
    expect(largestEigenvalue(operator, 3, { seed: 9 })).toEqual(largestEigenvalue(operator, 3, { seed: 9 }));
  });
});

describe("sharpness of models", () => {
  const data = builtinData();
  const lineData: ModelData = { inputs: data.x, targets: data.y, features: 1 };

  it("equals the line's exact λmax on the built-in data: 2/λmax = 0.306903, wherever the weights are", () => {
    const exact = linearMseTheory(linearStats(data));
    const model = mlp({ inputs: 1 });
    for (const params of [Float64Array.of(0, 0), Float64Array.of(2, 1), glorotUniform(model, 42)]) {
      const measured = sharpness(model, params, lineData, { seed: 1 });
      expect(measured.converged).toBe(true);
      expect(measured.eigenvalue).toBeCloseTo(exact.hessianEigenvalues[0], 9);
      expect(measured.criticalLearningRate).toBeCloseTo(0.306903, 6);
      expect(measured.criticalLearningRate).toBeCloseTo(exact.criticalLearningRate, 10);
    }
  });

  it("matches the largest eigenvalue of a finite-difference Hessian for a 2-4-1 tanh net on MSE", () => {
    const model = mlp({ inputs: 2, hidden: [4], activation: "tanh" });
    const random = createRandom(3);
    const rows = 20;
    const netData: ModelData = {
      inputs: Float64Array.from({ length: rows * 2 }, () => 2 * random.uniform() - 1),
      targets: Float64Array.from({ length: rows }, () => random.normal()),
      features: 2,
    };
    const params = glorotUniform(model, 3).map((p) => 2 * p);
    // Column k of H as the central difference of the gradient along parameter k, then symmetrized.
    const count = model.parameterCount;
    const h = 1e-5;
    const columns: Float64Array[] = [];
    for (let k = 0; k < count; k++) {
      const up = new Float64Array(count);
      const down = new Float64Array(count);
      const shifted = Float64Array.from(params);
      shifted[k] = (params[k] as number) + h;
      model.lossAndGradient(shifted, netData, allRows(rows), up);
      shifted[k] = (params[k] as number) - h;
      model.lossAndGradient(shifted, netData, allRows(rows), down);
      columns.push(up.map((u, i) => (u - (down[i] as number)) / (2 * h)));
    }
    const hessian = columns.map((_, i) =>
      columns.map((column, j) => 0.5 * ((column[i] as number) + (columns[i]?.[j] as number))),
    );
    const fromDifferences = largestEigenvalue(dense(hessian), count, { seed: 2 });
    const exact = sharpness(model, params, netData, { seed: 2 });
    expect(exact.converged).toBe(true);
    expect(fromDifferences.converged).toBe(true);
    expect(exact.eigenvalue).toBeGreaterThan(0.1);
    expect(Math.abs(exact.eigenvalue - fromDifferences.eigenvalue)).toBeLessThan(1e-7 * exact.eigenvalue);
  });

  it("starts warm from the last eigenvector: the same λmax after a small step, in fewer products", () => {
    const model = mlp({ inputs: 1, hidden: [8], activation: "tanh" });
    const random = createRandom(4);
    const rows = 50;
    const netData: ModelData = {
      inputs: Float64Array.from({ length: rows }, () => 4 * random.uniform() - 2),
      targets: Float64Array.from({ length: rows }, () => random.normal()),
      features: 1,
    };
    const params = glorotUniform(model, 4);
    const before = sharpness(model, params, netData, { seed: 1 });
    const grad = new Float64Array(model.parameterCount);
    model.lossAndGradient(params, netData, allRows(rows), grad);
    const after = params.map((p, k) => p - 0.01 * (grad[k] as number));
    const cold = sharpness(model, after, netData, { seed: 1 });
    const warm = sharpness(model, after, netData, { start: before.eigenvector });
    expect(warm.converged && cold.converged).toBe(true);
    expect(warm.eigenvalue).toBeCloseTo(cold.eigenvalue, 7);
    // Measured: 24 products warm against 40 cold (tolerance 1e-10).
    expect(warm.products).toBeLessThan(0.75 * cold.products);
    // From the converged eigenvector at the same weights, the first two estimates already agree.
    expect(sharpness(model, params, netData, { start: before.eigenvector }).products).toBeLessThanOrEqual(3);
  });

  it("rejects a start vector of the wrong length or all zeros with one line", () => {
    const model = mlp({ inputs: 1 });
    const lineData: ModelData = {
      inputs: Float64Array.of(1, 2),
      targets: Float64Array.of(0, 1),
      features: 1,
    };
    expect(() => sharpness(model, Float64Array.of(0, 0), lineData, { start: new Float64Array(3) })).toThrow(
      "sharpness start vector: expected 2 finite numbers, not all zero; got 3 with norm 0",
    );
    expect(() => sharpness(model, Float64Array.of(0, 0), lineData, { start: new Float64Array(2) })).toThrow(
      "expected 2 finite numbers, not all zero; got 2 with norm 0",
    );
  });
});
