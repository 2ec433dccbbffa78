/**
 * Sufficient statistics of a data set for the linear model with MSE, kept centred.
 *
 * Everything full-batch gradient descent on `y = w·x + b` with MSE needs is in six numbers: n, the means
 * x̄ and ȳ, and the centred sums Sxx = Σ(x−x̄)², Sxy = Σ(x−x̄)(y−ȳ), Syy = Σ(y−ȳ)². Computed once in O(N),
 * they make every loss, gradient and landscape point O(1), whatever N is.
 *
 * Why centred, and why the loss is written around the optimum: the raw sums Σx², Σxy lose every digit to
 * cancellation when x sits far from 0 (x ≈ 1e6 with spread 1 leaves nothing of Σx² − n·x̄²). Two passes
 * (means first, then centred sums) keep full precision, and with d = (w − w*, b − b*)
 *
 *   L(w, b) = L* + (Sxx/n)·dw² + (x̄·dw + db)²,
 *
 * a sum of non-negative terms: never negative, and exactly L* at the optimum. L* itself comes from a pass
 * over the residuals at the optimum whenever Syy − Sxy²/Sxx would cancel (a nearly perfect fit).
 */

import { LrlabError } from "../errors.js";
import type { Dataset } from "./data.js";

/** 2^−1022: below it a double is subnormal and carries fewer significant digits. */
const SMALLEST_NORMAL = 2.2250738585072014e-308;

export interface LinearStats {
  readonly n: number;
  readonly meanX: number;
  readonly meanY: number;
  /** Σ(x − x̄)² */
  readonly sxx: number;
  /** Σ(x − x̄)(y − ȳ) */
  readonly sxy: number;
  /** Σ(y − ȳ)² */
  readonly syy: number;
  /**
   * The least-squares line and its MSE. When all x are equal (Sxx = 0, or so small it is subnormal) every
   * line through (x̄, ȳ) is optimal; we report the one nearest the origin (minimum norm), and `degenerate`
   * is true.
   */
  readonly optimum: { readonly w: number; readonly b: number; readonly loss: number };
  readonly degenerate: boolean;
}

/**
 * Computes the centred statistics in two O(N) passes (means, then centred sums), plus a third over the
 * residuals only when the fit is so close that the closed form for L* would cancel.
 *
 * Each pass keeps two interleaved partial sums (even and odd points), added at the end: two independent
 * chains of additions run twice as fast as one, and summing in two halves is, if anything, more accurate.
 */
export function linearStats(data: Pick<Dataset, "x" | "y">): LinearStats {
  const { x, y } = data;
  const n = x.length;
  if (n === 0) throw new LrlabError("E_BAD_DATA", "no data points; expected at least one");
  const odd = n % 2;
  let sumX0 = 0;
  let sumX1 = 0;
  let sumY0 = 0;
  let sumY1 = 0;
  for (let i = 0; i < n - odd; i += 2) {
    sumX0 += x[i] as number;
    sumX1 += x[i + 1] as number;
    sumY0 += y[i] as number;
    sumY1 += y[i + 1] as number;
  }
  if (odd) {
    sumX0 += x[n - 1] as number;
    sumY0 += y[n - 1] as number;
  }
  const meanX = (sumX0 + sumX1) / n;
  const meanY = (sumY0 + sumY1) / n;
  let sxx0 = 0;
  let sxx1 = 0;
  let sxy0 = 0;
  let sxy1 = 0;
  let syy0 = 0;
  let syy1 = 0;
  for (let i = 0; i < n - odd; i += 2) {
    const dx0 = (x[i] as number) - meanX;
    const dy0 = (y[i] as number) - meanY;
    const dx1 = (x[i + 1] as number) - meanX;
    const dy1 = (y[i + 1] as number) - meanY;
    sxx0 += dx0 * dx0;
    sxy0 += dx0 * dy0;
    syy0 += dy0 * dy0;
    sxx1 += dx1 * dx1;
    sxy1 += dx1 * dy1;
    syy1 += dy1 * dy1;
  }
  if (odd) {
    const dx = (x[n - 1] as number) - meanX;
    const dy = (y[n - 1] as number) - meanY;
    sxx0 += dx * dx;
    sxy0 += dx * dy;
    syy0 += dy * dy;
  }
  const sxx = sxx0 + sxx1;
  const sxy = sxy0 + sxy1;
  const syy = syy0 + syy1;
  // A subnormal Sxx (x spread below ~1e-154) has lost its digits, and w* = Sxy/Sxx with it: no spread.
  const degenerate = sxx < SMALLEST_NORMAL;
  // Minimum-norm optimum when Sxx = 0: minimise w² + b² subject to w·x̄ + b = ȳ.
  const w = degenerate ? (meanY * meanX) / (meanX * meanX + 1) : sxy / sxx;
  const b = degenerate ? meanY / (meanX * meanX + 1) : meanY - w * meanX;
  // RSS = Syy − w*·Sxy loses about log10(Syy/RSS) digits; while RSS ≥ Syy/1000 that is at most three of
  // sixteen. Closer fits get the residuals summed directly, so the reported L* is the true loss there.
  let residualSquares = syy - w * sxy;
  if (!(residualSquares >= 1e-3 * syy)) {
    residualSquares = 0;
    for (let i = 0; i < n; i++) {
      const residual = (y[i] as number) - meanY - w * ((x[i] as number) - meanX);
      residualSquares += residual * residual;
    }
  }
  return { n, meanX, meanY, sxx, sxy, syy, optimum: { w, b, loss: residualSquares / n }, degenerate };
}

/** MSE at (w, b) in O(1): L* + (Sxx/n)·dw² + (x̄·dw + db)². Never negative; exact at the optimum. */
export function mseAt(stats: LinearStats, w: number, b: number): number {
  const dw = w - stats.optimum.w;
  const db = b - stats.optimum.b;
  const along = stats.meanX * dw + db;
  return stats.optimum.loss + (stats.sxx / stats.n) * dw * dw + along * along;
}

/**
 * The full-batch MSE gradient at (w, b) in O(1), written into `out` = [∂L/∂w, ∂L/∂b]:
 * ∇L = H·d with H = 2·[[mean x², x̄], [x̄, 1]], i.e. ∂L/∂w = 2·((Sxx/n)·dw + x̄·(x̄·dw + db)),
 * ∂L/∂b = 2·(x̄·dw + db).
 */
export function mseGradientAt(stats: LinearStats, w: number, b: number, out: Float64Array): Float64Array {
  const dw = w - stats.optimum.w;
  const db = b - stats.optimum.b;
  const along = stats.meanX * dw + db;
  out[0] = 2 * ((stats.sxx / stats.n) * dw + stats.meanX * along);
  out[1] = 2 * along;
  return out;
}

/**
 * MSE and its gradient at (w, b) together, in O(1): {@link mseAt} and {@link mseGradientAt} sharing their
 * arithmetic. Writes the gradient into `out` and returns the loss.
 */
export function mseLossAndGradientAt(stats: LinearStats, w: number, b: number, out: Float64Array): number {
  const dw = w - stats.optimum.w;
  const db = b - stats.optimum.b;
  const along = stats.meanX * dw + db;
  const spread = stats.sxx / stats.n;
  out[0] = 2 * (spread * dw + stats.meanX * along);
  out[1] = 2 * along;
  return stats.optimum.loss + spread * dw * dw + along * along;
}
