import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { batchKernel } from "../models/losses.js";
import { linearStats, mseAt, mseGradientAt, mseLossAndGradientAt } from "./stats.js";

/** MSE summed the direct way, as a reader would write it. */
function directMse(x: Float64Array, y: Float64Array, w: number, b: number): number {
  let sum = 0;
  for (let i = 0; i < x.length; i++) sum += (w * (x[i] as number) + b - (y[i] as number)) ** 2;
  return sum / x.length;
}

const finite = (min: number, max: number) => fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
const dataset = fc
  .array(fc.tuple(finite(-100, 100), finite(-100, 100)), { minLength: 2, maxLength: 50 })
  .map((points) => ({
    x: Float64Array.from(points, ([x]) => x),
    y: Float64Array.from(points, ([, y]) => y),
  }));

/** Exact rational arithmetic on dyadic data, the oracle for the far-from-origin tests. */
function exactLeastSquares(xs: readonly number[], ys: readonly number[], scale: number) {
  // Every value is an integer multiple of 1/scale, so scaled values are exact BigInts.
  const X = xs.map((v) => BigInt(v * scale));
  const Y = ys.map((v) => BigInt(v * scale));
  const n = BigInt(xs.length);
  const sum = (values: bigint[]) => values.reduce((a, b) => a + b, 0n);
  const sx = sum(X);
  const sy = sum(Y);
  const sxx = sum(X.map((v) => v * v));
  const sxy = sum(X.map((v, i) => v * (Y[i] as bigint)));
  const syy = sum(Y.map((v) => v * v));
  // w* = (nΣXY − ΣXΣY)/(nΣX² − (ΣX)²); b* = (ΣY − w*ΣX)/(n·scale); everything as a fraction num/den.
  const wNum = n * sxy - sx * sy;
  const wDen = n * sxx - sx * sx;
  const toNumber = (num: bigint, den: bigint) => {
    const digits = 10n ** 40n;
    return Number((num * digits) / den) / 1e40;
  };
  const bNum = sy * wDen - wNum * sx;
  const bDen = wDen * n * BigInt(scale);
  // n·Var(x)·scale² = ΣX² − (ΣX)²/n, so Var(x) = (nΣX² − (ΣX)²)/(n²·scale²).
  const varianceX = toNumber(wDen, n * n * BigInt(scale) * BigInt(scale));
  // RSS·scale² = ΣY² − (ΣY)²/n − w*·(ΣXY − ΣXΣY/n): with everything over n·wDen it stays integral.
  const rssNum = (n * syy - sy * sy) * wDen - wNum * wNum;
  const lossDen = n * wDen * n * BigInt(scale) * BigInt(scale);
  return {
    w: toNumber(wNum, wDen),
    b: toNumber(bNum, bDen),
    loss: toNumber(rssNum, lossDen),
    varianceX,
  };
}

describe("linearStats", () => {
  it("gives the O(1) MSE equal to the direct mean of squared errors", () => {
    fc.assert(
      fc.property(dataset, finite(-10, 10), finite(-10, 10), ({ x, y }, w, b) => {
        const stats = linearStats({ x, y });
        const direct = directMse(x, y, w, b);
        expect(Math.abs(mseAt(stats, w, b) - direct)).toBeLessThanOrEqual(1e-10 * (direct + 1));
      }),
    );
  });

  it("never reports a negative MSE, and reports the true residual loss at the optimum", () => {
    fc.assert(
      fc.property(dataset, finite(-10, 10), finite(-10, 10), ({ x, y }, w, b) => {
        const stats = linearStats({ x, y });
        expect(mseAt(stats, w, b)).toBeGreaterThanOrEqual(0);
        const { w: ws, b: bs, loss } = stats.optimum;
        expect(mseAt(stats, ws, bs)).toBe(loss);
        // The truth, summed carefully: residuals about the means, where w*·x cannot cancel against b*.
        let residualSquares = 0;
        for (let i = 0; i < x.length; i++) {
          const residual = (y[i] as number) - stats.meanY - ws * ((x[i] as number) - stats.meanX);
          residualSquares += residual * residual;
        }
        const truth = residualSquares / x.length;
        expect(Math.abs(loss - truth)).toBeLessThanOrEqual(1e-12 * truth + 1e-300);
      }),
    );
  });

  it("gives the O(1) gradient equal to the per-point gradient and to finite differences", () => {
    const kernel = batchKernel("mse");
    fc.assert(
      fc.property(dataset, finite(-10, 10), finite(-10, 10), ({ x, y }, w, b) => {
        const stats = linearStats({ x, y });
        const fast = mseGradientAt(stats, w, b, new Float64Array(2));
        const together = new Float64Array(2);
        expect(mseLossAndGradientAt(stats, w, b, together)).toBe(mseAt(stats, w, b));
        expect([...together]).toEqual([...fast]);
        const order = Uint32Array.from(x, (_, i) => i);
        const slow = new Float64Array(2);
        kernel(x, y, order, 0, x.length, w, b, slow);
        const h = 1e-5;
        const dw = (directMse(x, y, w + h, b) - directMse(x, y, w - h, b)) / (2 * h);
        const db = (directMse(x, y, w, b + h) - directMse(x, y, w, b - h)) / (2 * h);
        const scale = 1 + Math.abs(slow[0] as number) + Math.abs(slow[1] as number);
        expect(Math.abs((fast[0] as number) - (slow[0] as number))).toBeLessThan(1e-9 * scale);
        expect(Math.abs((fast[1] as number) - (slow[1] as number))).toBeLessThan(1e-9 * scale);
        expect(Math.abs((fast[0] as number) - dw)).toBeLessThan(1e-4 * scale);
        expect(Math.abs((fast[1] as number) - db)).toBeLessThan(1e-4 * scale);
      }),
    );
  });

  it("keeps full accuracy for x around 1e6 (where raw sums lose every digit)", () => {
    // x = 1e6 + i/8 and y = 2x + 1 + e with e in quarters: all exact in binary, so BigInt gives the truth.
    const xs = Array.from({ length: 100 }, (_, i) => 1e6 + i / 8);
    const ys = xs.map((x, i) => 2 * x + 1 + (((i * 7) % 5) - 2) / 4);
    const exact = exactLeastSquares(xs, ys, 8);
    const stats = linearStats({ x: Float64Array.from(xs), y: Float64Array.from(ys) });
    expect(stats.optimum.w).toBeCloseTo(exact.w, 9);
    expect(Math.abs(stats.optimum.w - exact.w) / exact.w).toBeLessThan(1e-11);
    // b* = ȳ − w*·x̄ inherits w*'s error times x̄ = 1e6: the problem's own conditioning, no worse.
    expect(Math.abs(stats.optimum.b - exact.b)).toBeLessThan(1e-11 * 1e6 * 2);
    expect(Math.abs(stats.optimum.loss - exact.loss) / exact.loss).toBeLessThan(1e-9);
    expect(Math.abs(stats.sxx / stats.n - exact.varianceX) / exact.varianceX).toBeLessThan(1e-13);
  });

  it("keeps full accuracy for x around 1e-6", () => {
    const xs = Array.from({ length: 64 }, (_, i) => 2 ** -20 * (1 + i / 64));
    const ys = xs.map((x, i) => 3 * x + 2 ** -22 * ((i % 3) - 1));
    const exact = exactLeastSquares(xs, ys, 2 ** 26);
    const stats = linearStats({ x: Float64Array.from(xs), y: Float64Array.from(ys) });
    expect(Math.abs(stats.optimum.w - exact.w) / Math.abs(exact.w)).toBeLessThan(1e-12);
    expect(Math.abs(stats.optimum.loss - exact.loss) / exact.loss).toBeLessThan(1e-10);
    expect(Math.abs(stats.sxx / stats.n - exact.varianceX) / exact.varianceX).toBeLessThan(1e-13);
  });

  it("gives a defined minimum-norm optimum, never NaN, when all x are equal", () => {
    const stats = linearStats({ x: Float64Array.of(2, 2, 2), y: Float64Array.of(1, 2, 3) });
    expect(stats.degenerate).toBe(true);
    // Lines through (x̄, ȳ) = (2, 2); the nearest the origin has (w, b) ∝ (x̄, 1): w = 2·2/5, b = 2/5.
    expect(stats.optimum.w).toBeCloseTo(0.8, 15);
    expect(stats.optimum.b).toBeCloseTo(0.4, 15);
    // Residuals −1, 0, 1 around ȳ: loss* = 2/3.
    expect(stats.optimum.loss).toBeCloseTo(2 / 3, 15);
    expect(mseAt(stats, 0, 0)).toBeCloseTo((1 + 4 + 9) / 3, 12);
  });

  it("accepts a single point as the degenerate case", () => {
    const stats = linearStats({ x: Float64Array.of(3), y: Float64Array.of(6) });
    expect(stats.degenerate).toBe(true);
    expect(stats.optimum.loss).toBe(0);
    expect(Number.isFinite(stats.optimum.w) && Number.isFinite(stats.optimum.b)).toBe(true);
  });

  it("refuses an empty data set with a clear error", () => {
    expect(() => linearStats({ x: new Float64Array(0), y: new Float64Array(0) })).toThrow(/no data points/);
  });
});
