import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { builtinData, syntheticLine } from "../data/data.js";
import { linearStats } from "../data/stats.js";
import { createRandom } from "../random.js";
import { linearMseTheory } from "../theory/theory.js";
import { polynomialFeatures, standardize } from "./features.js";
import { bestWorstCaseRate, designMseAt, linearDesignStats, linearDesignTheory } from "./linear-theory.js";
import { symmetricEigen } from "./symmetric-eigen.js";

describe("symmetricEigen", () => {
  it("finds a hand-worked 3×3 spectrum: [[2,1,0],[1,2,0],[0,0,5]] has 5, 3, 1", () => {
    const { values, vectors } = symmetricEigen([2, 1, 0, 1, 2, 0, 0, 0, 5], 3);
    expect([...values].map((value) => Number(value.toFixed(12)))).toEqual([5, 3, 1]);
    // (1, 1, 0)/√2 belongs to 3.
    expect(Math.abs(vectors[1]?.[0] as number)).toBeCloseTo(Math.SQRT1_2, 12);
  });

  it("returns A·v = λ·v with unit vectors for random symmetric matrices", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 6 }), fc.integer(), (size, seed) => {
        const generator = createRandom(seed);
        const random = () => generator.uniform();
        const a = new Float64Array(size * size);
        for (let i = 0; i < size; i++)
          for (let j = i; j < size; j++) {
            const value = random() * 2 - 1;
            a[i * size + j] = value;
            a[j * size + i] = value;
          }
        const { values, vectors } = symmetricEigen(a, size);
        for (let k = 0; k < size; k++) {
          const v = vectors[k] as Float64Array;
          expect(Math.hypot(...v)).toBeCloseTo(1, 10);
          for (let i = 0; i < size; i++) {
            let av = 0;
            for (let j = 0; j < size; j++) av += (a[i * size + j] as number) * (v[j] as number);
            expect(av).toBeCloseTo((values[k] as number) * (v[i] as number), 9);
          }
        }
      }),
      { seed: 11, numRuns: 60 },
    );
  });
});

describe("linearDesignTheory", () => {
  it("is the line's exact theory for one column: 2/λmax = 0.306903 on the built-in data", () => {
    const data = builtinData();
    const theory = linearDesignTheory(linearDesignStats([data.x], data.y));
    const line = linearMseTheory(linearStats(data));
    expect(theory.hessianEigenvalues[0]).toBeCloseTo(line.hessianEigenvalues[0], 12);
    expect(theory.hessianEigenvalues[1]).toBeCloseTo(line.hessianEigenvalues[1], 12);
    expect(theory.criticalLearningRate).toBeCloseTo(0.306903, 6);
    expect(theory.optimum.w[0]).toBeCloseTo(line.optimum.w, 12);
    expect(theory.optimum.b).toBeCloseTo(line.optimum.b, 12);
    expect(theory.optimum.loss).toBeCloseTo(line.optimum.loss, 12);
  });

  it("recovers an exact plane y = 3x₁ − 2x₂ + 1 with loss 0, and its Hessian by hand", () => {
    // x₁ = 0, 1, 0, 1; x₂ = 0, 0, 1, 1: means ½, ½; Sxx/n = ¼·I; H = 2·[[½, ¼, ½], [¼, ½, ½], [½, ½, 1]].
    const x1 = [0, 1, 0, 1];
    const x2 = [0, 0, 1, 1];
    const y = x1.map((value, i) => 3 * value - 2 * (x2[i] as number) + 1);
    const theory = linearDesignTheory(linearDesignStats([x1, x2], y));
    expect([...theory.optimum.w].map((value) => Number(value.toFixed(12)))).toEqual([3, -2]);
    expect(theory.optimum.b).toBeCloseTo(1, 12);
    expect(theory.optimum.loss).toBeCloseTo(0, 12);
    const hand = symmetricEigen([1, 0.5, 1, 0.5, 1, 1, 1, 1, 2], 3).values;
    for (let k = 0; k < 3; k++) expect(theory.hessianEigenvalues[k]).toBeCloseTo(hand[k] as number, 12);
  });

  it("has a zero gradient at its optimum and a loss that agrees with the rows, on random data", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 4 }), fc.integer(), (d, seed) => {
        const generator = createRandom(seed);
        const random = () => generator.uniform();
        const n = 30;
        const columns = Array.from({ length: d }, () =>
          Float64Array.from({ length: n }, () => random() * 4 - 2),
        );
        const y = Float64Array.from({ length: n }, (_, i) =>
          columns.reduce((sum, column, j) => sum + (j + 1) * (column[i] as number), 0.5 + random() - 0.5),
        );
        const stats = linearDesignStats(columns, y);
        const theory = linearDesignTheory(stats);
        // ∂L/∂w_j = 2/n Σ (ŷ − y) x_j = 0 and ∂L/∂b = 2/n Σ (ŷ − y) = 0 at the optimum.
        const residual = Float64Array.from(
          { length: n },
          (_, i) =>
            columns.reduce(
              (sum, column, j) => sum + (theory.optimum.w[j] as number) * (column[i] as number),
              theory.optimum.b,
            ) - (y[i] as number),
        );
        expect(residual.reduce((sum, r) => sum + r, 0) / n).toBeCloseTo(0, 10);
        for (const column of columns)
          expect(residual.reduce((sum, r, i) => sum + r * (column[i] as number), 0) / n).toBeCloseTo(0, 10);
        // The statistics' loss at any point equals the mean over the rows.
        const w = Float64Array.from({ length: d }, () => random() * 2);
        const b = random();
        const direct =
          y.reduce((sum, target, i) => {
            const prediction = columns.reduce(
              (acc, column, j) => acc + (w[j] as number) * (column[i] as number),
              b,
            );
            return sum + (prediction - target) ** 2;
          }, 0) / n;
        expect(designMseAt(stats, theory, w, b)).toBeCloseTo(direct, 9);
      }),
      { seed: 5, numRuns: 40 },
    );
  });

  it("agrees with an independent QR least-squares solve on columns whose ranges differ by ten orders", () => {
    const random = createRandom(21);
    const n = 300;
    const columns = [
      Float64Array.from({ length: n }, () => 1e-4 * random.normal()),
      Float64Array.from({ length: n }, () => 5e5 + 1e4 * random.normal()),
      Float64Array.from({ length: n }, () => 3 + random.normal()),
    ];
    const y = Float64Array.from(
      { length: n },
      (_, i) =>
        2e3 * (columns[0]?.[i] as number) +
        1e-4 * (columns[1]?.[i] as number) -
        (columns[2]?.[i] as number) +
        random.normal(),
    );
    const theory = linearDesignTheory(linearDesignStats(columns, y));
    // Modified Gram–Schmidt QR of [X 1], then R·β = Qᵀy by back substitution: no normal equations involved.
    const design = [...columns.map((column) => Array.from(column)), new Array<number>(n).fill(1)];
    const k = design.length;
    const r = Array.from({ length: k }, () => new Array<number>(k).fill(0));
    const q = design.map((column) => [...column]);
    for (let j = 0; j < k; j++) {
      for (let i = 0; i < j; i++) {
        const qi = q[i] as number[];
        const qj = q[j] as number[];
        const dot = qi.reduce((sum, value, row) => sum + value * (qj[row] as number), 0);
        (r[i] as number[])[j] = dot;
        for (let row = 0; row < n; row++) qj[row] = (qj[row] as number) - dot * (qi[row] as number);
      }
      const qj = q[j] as number[];
      const norm = Math.hypot(...qj);
      (r[j] as number[])[j] = norm;
      for (let row = 0; row < n; row++) qj[row] = (qj[row] as number) / norm;
    }
    const qty = q.map((column) => column.reduce((sum, value, row) => sum + value * (y[row] as number), 0));
    const beta = new Array<number>(k).fill(0);
    for (let j = k - 1; j >= 0; j--) {
      let rest = qty[j] as number;
      for (let i = j + 1; i < k; i++) rest -= ((r[j] as number[])[i] as number) * (beta[i] as number);
      beta[j] = rest / ((r[j] as number[])[j] as number);
    }
    for (let j = 0; j < 3; j++) {
      expect(
        Math.abs((theory.optimum.w[j] as number) - (beta[j] as number)) / Math.abs(beta[j] as number),
      ).toBeLessThan(1e-6);
    }
    expect(theory.optimum.b).toBeCloseTo(beta[3] as number, 3);
    let squares = 0;
    for (let i = 0; i < n; i++) {
      const fitted =
        (beta[3] as number) +
        columns.reduce((sum, column, j) => sum + (beta[j] as number) * (column[i] as number), 0);
      squares += ((y[i] as number) - fitted) ** 2;
    }
    expect(theory.optimum.loss).toBeCloseTo(squares / n, 9);
    expect(theory.conditionNumber).toBeGreaterThan(1e15);
    expect(Number.isFinite(theory.criticalLearningRate)).toBe(true);
  });

  it("gives collinear columns the minimum-norm optimum and an infinite condition number", () => {
    const x = [1, 2, 3, 4];
    const theory = linearDesignTheory(
      linearDesignStats(
        [x, x],
        x.map((value) => 2 * value),
      ),
    );
    // 2x = 1·x + 1·x: the minimum-norm split.
    expect(theory.optimum.w[0]).toBeCloseTo(1, 10);
    expect(theory.optimum.w[1]).toBeCloseTo(1, 10);
    expect(theory.conditionNumber).toBe(Number.POSITIVE_INFINITY);
    expect(theory.hessianEigenvalues[2]).toBe(0);
  });

  it("takes the best worst-case rate over the directions that move, 2/(λ₊min + λmax), when λmin = 0", () => {
    // The column x = 0, 2 twice: with mean x² = 2 and mean x = 1, H = 2·[[2, 2, 1], [2, 2, 1], [1, 1, 1]]. Its eigenvalues: 0 on (1, −1, 0), and on the
    // span of (1, 1, 0)/√2 and (0, 0, 1) the 2×2 block 2·[[4, √2], [√2, 1]] with λ = 5 ± √17.
    const x = [0, 2];
    const theory = linearDesignTheory(linearDesignStats([x, x], [1, 3]));
    const [high, low] = [5 + Math.sqrt(17), 5 - Math.sqrt(17)];
    expect(theory.hessianEigenvalues[0]).toBeCloseTo(high, 12);
    expect(theory.hessianEigenvalues[1]).toBeCloseTo(low, 12);
    expect(theory.hessianEigenvalues[2]).toBe(0);
    expect(theory.flatDirections).toBe(1);
    expect(theory.optimalFormula).toBe("2/(λ₊min + λmax)");
    expect(theory.optimalLearningRate).toBeCloseTo(2 / (high + low), 12); // 0.2, not 1/λmax = 0.1096
    expect(theory.collinearColumns).toEqual([[0, 1]]);
  });

  it("names a constant column and leaves independent ones unnamed", () => {
    const a = [1, 2, 3, 4];
    const constant = linearDesignTheory(linearDesignStats([a, [5, 5, 5, 5]], [1, 2, 2, 4]));
    expect(constant.collinearColumns).toEqual([[1]]);
    expect(constant.flatDirections).toBe(1);
    const independent = linearDesignTheory(linearDesignStats([a, [1, 0, 0, 1]], [1, 2, 2, 4]));
    expect(independent.flatDirections).toBe(0);
    expect(independent.collinearColumns).toEqual([]);
    expect(independent.optimalFormula).toBe("2/(λmin + λmax)");
  });

  it("falls back to 1/λmax when λmax is the only positive eigenvalue", () => {
    expect(bestWorstCaseRate([4, 0, 0])).toEqual({ learningRate: 0.25, formula: "1/λmax" });
    expect(bestWorstCaseRate([4, 1, 0])).toEqual({ learningRate: 0.4, formula: "2/(λ₊min + λmax)" });
    expect(bestWorstCaseRate([4, 1])).toEqual({ learningRate: 0.4, formula: "2/(λmin + λmax)" });
  });
});

describe("standardize and polynomial features", () => {
  it("brings a far-off column's condition number from thousands to near 1, and the critical rate to 1", () => {
    const far = syntheticLine({ xMin: 8, xMax: 12, intercept: 10 });
    const raw = linearDesignTheory(linearDesignStats([far.x], far.y));
    const scaled = standardize([far.x]);
    const theory = linearDesignTheory(linearDesignStats(scaled.columns, far.y));
    expect(raw.conditionNumber).toBeGreaterThan(1000);
    // A z-scored column has mean 0 and variance 1: H = 2·I, so κ = 1 and 2/λmax = 1.
    expect(theory.conditionNumber).toBeCloseTo(1, 10);
    expect(theory.criticalLearningRate).toBeCloseTo(1, 10);
    expect(scaled.means[0]).toBeCloseTo(10, 0);
    // The same predictions: standardizing is a change of coordinates, not of the best fit.
    expect(theory.optimum.loss).toBeCloseTo(raw.optimum.loss, 9);
  });

  it("writes x, x², x³ and fits a cubic exactly", () => {
    const x = [-2, -1, 0, 1, 2, 3];
    const features = polynomialFeatures(x, 3);
    expect([...(features[2] as Float64Array)]).toEqual([-8, -1, 0, 1, 8, 27]);
    const y = x.map((value) => value ** 3 - 2 * value + 4);
    const theory = linearDesignTheory(linearDesignStats(features, y));
    expect([...theory.optimum.w].map((value) => Number(value.toFixed(9)) + 0)).toEqual([-2, 0, 1]);
    expect(theory.optimum.b).toBeCloseTo(4, 9);
    expect(() => polynomialFeatures(x, 0)).toThrow("--degree: expected an integer ≥ 1, got 0");
  });
});
