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
 * over the residuals at the optimum, not from Syy − Sxy²/Sxx, which cancels when the fit is nearly perfect.
 */
import type { Dataset } from "./data.js";
import { LrlabError } from "./errors.js";

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
   * The least-squares line and its MSE. When all x are equal (Sxx = 0) every line through (x̄, ȳ) with
   * any slope is optimal; we report the one nearest the origin (minimum norm), and `degenerate` is true.
   */
  readonly optimum: { readonly w: number; readonly b: number; readonly loss: number };
  readonly degenerate: boolean;
}

/** Computes the centred statistics in three O(N) passes (means, centred sums, residuals at the optimum). */
export function linearStats(data: Pick<Dataset, "x" | "y">): LinearStats {
  const { x, y } = data;
  const n = x.length;
  if (n === 0) throw new LrlabError("E_BAD_DATA", "no data points; expected at least one");
  let sumX = 0;
  let sumY = 0;
  for (let i = 0; i < n; i++) {
    sumX += x[i] as number;
    sumY += y[i] as number;
  }
  const meanX = sumX / n;
  const meanY = sumY / n;
  let sxx = 0;
  let sxy = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = (x[i] as number) - meanX;
    const dy = (y[i] as number) - meanY;
    sxx += dx * dx;
    sxy += dx * dy;
    syy += dy * dy;
  }
  const degenerate = sxx === 0;
  // Minimum-norm optimum when Sxx = 0: minimise w² + b² subject to w·x̄ + b = ȳ.
  const w = degenerate ? (meanY * meanX) / (meanX * meanX + 1) : sxy / sxx;
  const b = degenerate ? meanY / (meanX * meanX + 1) : meanY - w * meanX;
  let residualSquares = 0;
  for (let i = 0; i < n; i++) {
    const residual = (y[i] as number) - meanY - w * ((x[i] as number) - meanX);
    residualSquares += residual * residual;
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
