import { describe, expect, it } from "vitest";
import { expectAllNumbersFinite } from "../../test-support/finite.js";
import { builtinData, syntheticLine } from "../data/data.js";
import { linearStats, mseAt } from "../data/stats.js";
import { isLrlabError } from "../errors.js";
import { batchKernel } from "../models/losses.js";
import { sgd } from "../optimizers/sgd.js";
import { train } from "../training/train.js";
import {
  landscape,
  landscapeAxes,
  landscapeGridSize,
  landscapeMinimum,
  landscapeRanges,
} from "./landscape.js";
import { directLandscape, lossGridRows } from "./landscape-direct.js";

const data = builtinData();
const stats = linearStats(data);

/** The full-batch loss at (w, b) through the training kernels: the oracle. */
function directLoss(loss: "mse" | "mae" | "huber", w: number, b: number, delta = 1): number {
  const order = Uint32Array.from({ length: data.x.length }, (_, i) => i);
  return batchKernel(loss, delta)(data.x, data.y, order, 0, order.length, w, b, new Float64Array(2));
}

describe("landscape (MSE, from sufficient statistics)", () => {
  it("puts the loss at (w[i], b[j]) in values[j * nw + i]", () => {
    const grid = landscape({ gridW: 7, gridB: 5 })(stats);
    expect(grid.w).toHaveLength(7);
    expect(grid.b).toHaveLength(5);
    expect(grid.values).toHaveLength(35);
    // Row j = 3, column i = 2: the 3·7 + 2 = 23rd value.
    expect(grid.values[23]).toBe(mseAt(stats, grid.w[2] as number, grid.b[3] as number));
    for (let j = 0; j < 5; j++) {
      for (let i = 0; i < 7; i++) {
        expect(grid.values[j * 7 + i]).toBe(mseAt(stats, grid.w[i] as number, grid.b[j] as number));
      }
    }
  });

  it("equals the mean squared error summed over the data at every grid point", () => {
    const grid = landscape({ grid: 21 })(stats);
    for (let j = 0; j < 21; j += 4) {
      for (let i = 0; i < 21; i += 3) {
        const exact = directLoss("mse", grid.w[i] as number, grid.b[j] as number);
        expect(grid.values[j * 21 + i]).toBeCloseTo(exact, 12);
      }
    }
  });

  it("stays accurate for x far from 0, where raw sums of squares would cancel", () => {
    const far = syntheticLine({ n: 400, seed: 3, xMin: 1e6, xMax: 1e6 + 4 });
    const farStats = linearStats(far);
    const grid = landscape({ grid: 9 })(farStats);
    const values = new Float64Array(81);
    lossGridRows(far, grid, { loss: "mse" }, 0, 9, values);
    for (let k = 0; k < 81; k++) {
      expect(Math.abs((grid.values[k] as number) - (values[k] as number))).toBeLessThan(
        1e-6 * (values[k] as number),
      );
    }
  });

  it("spaces the axes evenly from the low to the high end of each range, both included", () => {
    const grid = landscape({ grid: 5, wRange: [-1, 3], bRange: [0, 0.4] })(stats);
    expect([...grid.w]).toEqual([-1, 0, 1, 2, 3]);
    expect(grid.b[0]).toBe(0);
    expect(grid.b[4]).toBe(0.4);
    expect(grid.b[2]).toBeCloseTo(0.2, 15);
  });

  it("has its lowest grid point next to the optimum", () => {
    const grid = landscape({ grid: 201 })(stats);
    const lowest = landscapeMinimum(grid);
    const spacingW = (grid.w[1] as number) - (grid.w[0] as number);
    const spacingB = (grid.b[1] as number) - (grid.b[0] as number);
    expect(Math.abs((lowest?.w as number) - stats.optimum.w)).toBeLessThanOrEqual(spacingW);
    expect(Math.abs((lowest?.b as number) - stats.optimum.b)).toBeLessThanOrEqual(spacingB);
    expect(lowest?.loss).toBeGreaterThanOrEqual(stats.optimum.loss);
  });
});

describe("landscapeRanges", () => {
  it("centres the automatic ranges on the optimum and holds the bowl up to L* + Var(y)", () => {
    const ranges = landscapeRanges(stats);
    expect((ranges.w[0] + ranges.w[1]) / 2).toBeCloseTo(stats.optimum.w, 12);
    expect((ranges.b[0] + ranges.b[1]) / 2).toBeCloseTo(stats.optimum.b, 12);
    // The ellipse L = L* + Var(y) touches each side of the box: the lowest loss on the box's edge is
    // exactly that level (sampled finely here), and nothing inside the ellipse is cut off.
    const level = stats.optimum.loss + stats.syy / stats.n;
    let lowestOnEdge = Number.POSITIVE_INFINITY;
    for (let k = 0; k <= 4000; k++) {
      const t = k / 4000;
      const w = ranges.w[0] + t * (ranges.w[1] - ranges.w[0]);
      const b = ranges.b[0] + t * (ranges.b[1] - ranges.b[0]);
      for (const loss of [
        mseAt(stats, w, ranges.b[0]),
        mseAt(stats, w, ranges.b[1]),
        mseAt(stats, ranges.w[0], b),
        mseAt(stats, ranges.w[1], b),
      ]) {
        lowestOnEdge = Math.min(lowestOnEdge, loss);
      }
    }
    expect(lowestOnEdge).toBeGreaterThanOrEqual(level * (1 - 1e-12));
    expect(lowestOnEdge).toBeLessThan(level * (1 + 1e-5));
  });

  it("contains the optimum and every finite point of a trajectory, with a margin", () => {
    const run = train(data, { optimizer: sgd({ learningRate: 0.3 }), steps: 40, initialW: -6, initialB: 9 });
    const ranges = landscapeRanges(stats, { include: [run.history] });
    for (let k = 0; k < run.history.length; k++) {
      const w = run.history.w[k] as number;
      const b = run.history.b[k] as number;
      expect(w).toBeGreaterThan(ranges.w[0]);
      expect(w).toBeLessThan(ranges.w[1]);
      expect(b).toBeGreaterThan(ranges.b[0]);
      expect(b).toBeLessThan(ranges.b[1]);
    }
    // Symmetric about the optimum, 10% beyond the farthest point along each axis.
    const farthest = (values: Float64Array, centre: number) =>
      Math.max(...[...values].map((value) => Math.abs(value - centre)));
    expect(ranges.w[0]).toBeCloseTo(stats.optimum.w - 1.1 * farthest(run.history.w, stats.optimum.w), 12);
    expect(ranges.b[1]).toBeCloseTo(stats.optimum.b + 1.1 * farthest(run.history.b, stats.optimum.b), 12);
  });

  it("skips the non-finite points of a diverged path, and only those", () => {
    // A path that went far (w = 40, b = −30, beyond the bowl's box) and then blew up. Each point with a
    // non-finite coordinate is skipped whole: (NaN, 1) too, although its b is finite.
    const ranges = landscapeRanges(stats, {
      include: [
        {
          w: [0, Number.NaN, 40, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY],
          b: [0, 1, -30, Number.NaN, 5],
        },
      ],
    });
    expectAllNumbersFinite(ranges);
    expect(ranges).toEqual(landscapeRanges(stats, { include: [{ w: [0, 40], b: [0, -30] }] }));
    // The far point sets the box: 10% beyond it on each side of the optimum.
    expect(ranges.w[1]).toBeCloseTo(stats.optimum.w + 1.1 * (40 - stats.optimum.w), 12);
    expect(ranges.b[0]).toBeCloseTo(stats.optimum.b - 1.1 * (stats.optimum.b + 30), 12);
  });

  it("keeps the ranges it is given and fills in only the missing one", () => {
    const ranges = landscapeRanges(stats, { wRange: [1, 2] });
    expect(ranges.w).toEqual([1, 2]);
    expect((ranges.b[0] + ranges.b[1]) / 2).toBeCloseTo(stats.optimum.b, 12);
  });

  it("gives a finite, non-empty box for data whose x are all equal", () => {
    const flat = { x: new Float64Array([2, 2, 2]), y: new Float64Array([1, 2, 3]) };
    const ranges = landscapeRanges(linearStats(flat));
    expect(ranges.w[1] - ranges.w[0]).toBeGreaterThan(0);
    expect(ranges.b[1] - ranges.b[0]).toBeGreaterThan(0);
    expectAllNumbersFinite(ranges);
  });

  it("refuses an empty or reversed range", () => {
    const failure = (() => {
      try {
        landscapeRanges(stats, { bRange: [1, 1] });
      } catch (error) {
        return error;
      }
    })();
    expect(isLrlabError(failure)).toBe(true);
    expect((failure as Error).message).toBe(
      "bRange: expected finite [low, high] with low < high, got [1, 1]",
    );
  });
});

describe("landscapeGridSize", () => {
  it("uses grid for both axes unless gridW or gridB says otherwise", () => {
    expect(landscapeGridSize({ grid: 11 })).toEqual({ gridW: 11, gridB: 11 });
    expect(landscapeGridSize({ gridW: 501, gridB: 301 })).toEqual({ gridW: 501, gridB: 301 });
    expect(landscapeGridSize({})).toEqual({ gridW: 201, gridB: 201 });
  });

  it("refuses fewer than two points, fractions, and grids too large to hold", () => {
    expect(() => landscapeGridSize({ grid: 1 })).toThrow("grid: expected a whole number ≥ 2, got 1");
    expect(() => landscapeGridSize({ gridB: 2.5 })).toThrow("gridB: expected a whole number ≥ 2, got 2.5");
    expect(() => landscapeGridSize({ grid: 10_000 })).toThrow(/choose a coarser grid/);
    expect(() => landscape({ grid: 0 })).toThrow(/grid: expected/);
  });
});

describe("lossGridRows (MAE, Huber: directly from the data)", () => {
  const axes = landscapeAxes(stats, { gridW: 9, gridB: 6 });

  it.each([
    ["mae", 1],
    ["huber", 1],
    ["huber", 0.3],
    ["mse", 1],
  ] as const)("gives %s (delta %s) rows equal to the full-batch loss, bit for bit", (loss, delta) => {
    const values = new Float64Array(9 * 6).fill(-1);
    lossGridRows(data, axes, { loss, huberDelta: delta }, 2, 5, values);
    for (let j = 0; j < 6; j++) {
      for (let i = 0; i < 9; i++) {
        const value = values[j * 9 + i];
        if (j < 2 || j >= 5)
          expect(value).toBe(-1); // rows outside the block are left alone
        else expect(value).toBe(directLoss(loss, axes.w[i] as number, axes.b[j] as number, delta));
      }
    }
  });

  it("assembles the same grid from blocks of rows in any order", () => {
    const whole = directLandscape({ gridW: 9, gridB: 6, loss: "huber" })(data);
    const pieces = new Float64Array(54);
    for (const [start, end] of [
      [4, 6],
      [0, 1],
      [1, 4],
    ] as const) {
      lossGridRows(data, whole, { loss: "huber" }, start, end, pieces);
    }
    expect([...pieces]).toEqual([...whole.values]);
    expect([...whole.w]).toEqual([...axes.w]);
  });

  it("puts the MAE minimum of the grid near the least-squares line on data with Gaussian noise", () => {
    const grid = directLandscape({ grid: 41, loss: "mae" })(data);
    const lowest = landscapeMinimum(grid);
    expect(Math.abs((lowest?.w as number) - stats.optimum.w)).toBeLessThan(0.5);
    expect(Math.abs((lowest?.b as number) - stats.optimum.b)).toBeLessThan(0.8);
  });
});
