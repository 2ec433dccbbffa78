import { describe, expect, it } from "vitest";
import { builtinData } from "../data/data.js";
import { linearStats } from "../data/stats.js";
import type { KerasWeights } from "../models/model.js";
import { type ModelSpec, prepareModel } from "../models/model-spec.js";
import { fastestRate } from "../theory/fastest-rate.js";
import { linearMseTheory } from "../theory/theory.js";
import { DEFAULT_RUN_CONFIG, type RunConfig } from "../training/run-config.js";
import { suggestModelRate } from "./model-suggest.js";

/** Three awkward columns: different scales, correlated, one curved; y linear in them plus a deterministic wobble. */
function threeColumns(): { columns: Float64Array[]; y: Float64Array } {
  const n = 40;
  const x1 = Float64Array.from({ length: n }, (_, i) => i / 10);
  const x2 = Float64Array.from({ length: n }, (_, i) => Math.sin(i) + 0.3 * (i / 10));
  const x3 = Float64Array.from({ length: n }, (_, i) => (i / 10) ** 2 / 5 + Math.cos(3 * i));
  const y = Float64Array.from(
    { length: n },
    (_, i) => 1 + 2 * (x1[i] as number) - (x2[i] as number) + 0.5 * (x3[i] as number) + 0.3 * Math.sin(7 * i),
  );
  return { columns: [x1, x2, x3], y };
}

/**
 * Plain full-batch gradient descent on the rows, written out independently of the core's statistics:
 * ∂L/∂w_j = 2/n·Σ r·x_j, ∂L/∂b = 2/n·Σ r with r = x·w + b − y. Returns the MSE after each step (index k).
 */
function gradientDescentLosses(
  columns: readonly Float64Array[],
  y: Float64Array,
  start: readonly number[],
  rate: number,
  steps: number,
): number[] {
  const n = y.length;
  const d = columns.length;
  const params = [...start];
  const losses: number[] = [];
  for (let k = 0; k <= steps; k++) {
    const grad = new Array<number>(d + 1).fill(0);
    let loss = 0;
    for (let i = 0; i < n; i++) {
      let residual = (params[d] as number) - (y[i] as number);
      for (let j = 0; j < d; j++)
        residual += (params[j] as number) * ((columns[j] as Float64Array)[i] as number);
      loss += residual * residual;
      for (let j = 0; j < d; j++)
        grad[j] = (grad[j] as number) + residual * ((columns[j] as Float64Array)[i] as number);
      grad[d] = (grad[d] as number) + residual;
    }
    losses.push(loss / n);
    for (let j = 0; j <= d; j++) params[j] = (params[j] as number) - rate * ((2 / n) * (grad[j] as number));
  }
  return losses;
}

function config(overrides: Partial<RunConfig> = {}): RunConfig {
  return { ...DEFAULT_RUN_CONFIG, steps: 100, ...overrides };
}

describe("suggestModelRate, theory method (the linear family under MSE, full-batch SGD)", () => {
  it.each<ModelSpec>([{ name: "linear" }, { name: "polynomial", degree: 1 }, { name: "line" }])(
    "gives the line's fastest rate and step count on the built-in data for %o",
    (spec) => {
      const data = builtinData();
      const prepared = prepareModel(spec, [data.x], data.y, { loss: "mse", columnNames: ["x"] });
      const suggestion = suggestModelRate(config({ model: spec }), prepared);
      const stats = linearStats(data);
      const line = fastestRate(stats, linearMseTheory(stats), {
        initialW: 0,
        initialB: 0,
        gap: suggestion.closeness?.gap as number,
      });
      expect(suggestion.method).toBe("theory");
      // The line's suggest: 0.24 in 11 steps; the best worst-case 0.2755 needs 22 from (0, 0).
      expect(suggestion.learningRate).toBe(0.24);
      expect(suggestion.fastest?.steps).toBe(11);
      expect(line?.learningRate).toBe(0.24);
      expect(line?.steps).toBe(11);
      expect(suggestion.optimalSteps).toBe(22);
      expect(suggestion.optimalLearningRate).toBeCloseTo(0.27548, 5);
    },
  );

  it.each([
    ["raw columns from zero weights", false, undefined],
    ["standardized columns from a given start", true, [[[0.5], [-2], [1.5]], [3]]],
  ] as const)(
    "on three columns (%s) the run reaches the gap in exactly the steps it names",
    (_, standardize, weights) => {
      const { columns, y } = threeColumns();
      const spec: ModelSpec = { name: "linear", standardize };
      const prepared = prepareModel(spec, columns, y, { loss: "mse", columnNames: ["a", "b", "c"] });
      const suggestion = suggestModelRate(
        config({ model: spec, ...(weights ? { initialWeights: weights as unknown as KerasWeights } : {}) }),
        prepared,
      );
      const { fastest, closeness, learningRate } = suggestion;
      expect(suggestion.method).toBe("theory");
      expect(fastest).not.toBeNull();
      const steps = fastest?.steps as number;
      expect(steps).toBeGreaterThan(1);
      const gap = closeness?.gap as number;
      const best = prepared.theory?.optimum.loss as number;
      const inputs = standardize ? (prepared.standardization?.columns as Float64Array[]) : columns;
      const start = weights ? [0.5, -2, 1.5, 3] : [0, 0, 0, 0];
      const losses = gradientDescentLosses(inputs, y, start, learningRate as number, steps);
      // The step count is exact: within the gap after `steps`, not after one fewer…
      expect((losses[steps] as number) - best).toBeLessThanOrEqual(gap);
      expect((losses[steps - 1] as number) - best).toBeGreaterThan(gap);
      // …and no rate below the bound does it in one fewer (a grid of 400 rates).
      const critical = prepared.theory?.criticalLearningRate as number;
      for (let i = 1; i < 400; i++) {
        const early = gradientDescentLosses(inputs, y, start, (critical * i) / 400, steps - 1);
        expect((early[steps - 1] as number) - best).toBeGreaterThan(gap);
      }
      // The best worst-case rate is reported beside it, and is no faster from this start.
      expect(suggestion.optimalSteps as number).toBeGreaterThanOrEqual(steps);
    },
  );
});
