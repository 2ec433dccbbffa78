import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { builtinData, type Dataset, syntheticLine } from "../data/data.js";
import { batchKernel } from "../models/losses.js";
import { robustOptimum } from "./robust-optimum.js";

/** The loss of the line (w, b) on all the data, by the training loop's own kernel. */
function lossOf(data: Dataset, loss: "mae" | "huber", w: number, b: number, delta = 1): number {
  const order = Uint32Array.from({ length: data.x.length }, (_, i) => i);
  return batchKernel(loss, delta)(data.x, data.y, order, 0, data.x.length, w, b, new Float64Array(2));
}

/**
 * The least-absolute-deviations oracle: an optimal LAD line passes through two of the points (a linear
 * program's vertex), so the best of all lines through pairs of points is the optimum. O(n³), for small n.
 */
function ladByPairs(data: Dataset): number {
  let best = Number.POSITIVE_INFINITY;
  const n = data.x.length;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const dx = (data.x[j] as number) - (data.x[i] as number);
      if (dx === 0) continue;
      const w = ((data.y[j] as number) - (data.y[i] as number)) / dx;
      const b = (data.y[i] as number) - w * (data.x[i] as number);
      best = Math.min(best, lossOf(data, "mae", w, b));
    }
  }
  return best;
}

describe("robustOptimum", () => {
  it("finds the least-absolute-deviations line that the best line through two points gives (MAE)", () => {
    for (const s of [1, 2, 3]) {
      const data = syntheticLine({ n: 25, seed: s, noiseStandardDeviation: 2 });
      const optimum = robustOptimum(data, "mae");
      expect(optimum.loss).toBeCloseTo(ladByPairs(data), 9);
      // The reported line has the reported loss.
      expect(lossOf(data, "mae", optimum.w, optimum.b)).toBeCloseTo(optimum.loss, 12);
    }
  });

  it("finds a Huber line where the loss's gradient vanishes, below every nearby line", () => {
    const data = builtinData();
    for (const delta of [0.5, 1, 3]) {
      const { w, b, loss } = robustOptimum(data, "huber", delta);
      const order = Uint32Array.from({ length: data.x.length }, (_, i) => i);
      const gradient = new Float64Array(2);
      const at = batchKernel("huber", delta)(data.x, data.y, order, 0, data.x.length, w, b, gradient);
      expect(at).toBeCloseTo(loss, 14);
      expect(Math.hypot(gradient[0] as number, gradient[1] as number)).toBeLessThan(1e-7);
    }
  });

  it("is never beaten by any other line (property, MAE and Huber)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 30 }),
        fc.integer({ min: 0, max: 10_000 }),
        fc.constantFrom("mae" as const, "huber" as const),
        fc.double({ min: -3, max: 3, noNaN: true }),
        fc.double({ min: -3, max: 3, noNaN: true }),
        (n, dataSeed, loss, dw, db) => {
          const data = syntheticLine({ n, seed: dataSeed, noiseStandardDeviation: 1.5 });
          const optimum = robustOptimum(data, loss);
          const other = lossOf(data, loss, optimum.w + dw, optimum.b + db);
          expect(other).toBeGreaterThanOrEqual(optimum.loss * (1 - 1e-9) - 1e-12);
        },
      ),
      { numRuns: 100 },
    );
  });

  it("gives a flat line's loss for closeness: mean |y − median y| (MAE), mean Huber of y − median y", () => {
    const data: Dataset = {
      x: Float64Array.from([0, 1, 2]),
      y: Float64Array.from([1, -3, 0.5]),
      xName: "x",
      yName: "y",
      source: "t",
    };
    // The (lower) median of 1, −3, 0.5 is 0.5: |y − 0.5| = 0.5, 3.5, 0, mean 4/3; Huber δ = 1 of those:
    // ½·0.25 = 0.125, 3.5 − ½ = 3, 0: mean 3.125/3.
    expect(robustOptimum(data, "mae").flatLineLoss).toBeCloseTo(4 / 3, 15);
    expect(robustOptimum(data, "huber", 1).flatLineLoss).toBeCloseTo(3.125 / 3, 15);
  });
});
