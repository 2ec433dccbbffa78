/**
 * The stability bound of the Huber loss near its best line: the one bound it has, and only there.
 *
 * Keras's Huber is ½r² for |r| ≤ δ and δ(|r| − ½δ) beyond, so each point within δ of the line adds
 * [x 1]ᵀ[x 1] to the Hessian and each point beyond adds nothing (its loss is linear there):
 *   H = (1/n)·Σ_{|r_i| ≤ δ} [[x_i², x_i], [x_i, 1]]      (no factor 2: MSE's r² has one, Huber's ½r² not).
 * At the best line (robust-optimum.ts) no residual sits on δ, so near it H is constant and gradient descent
 * is a linear iteration, as on MSE: a rate above 2/λmax (the heavy-ball bound with momentum) makes the error
 * along the sharp direction grow, the run jumps out of the minimum and never settles; below it a run that
 * gets near settles. It says nothing about the way there: far from the line fewer points lie within δ, the
 * curvature is smaller, and a rate just below the bound can be caught bouncing on the way. Huber has no
 * global bound of this kind; the start's curvature (curvature.ts) can be ten times smaller than this.
 */
import type { Dataset } from "../data/data.js";
import { DEFAULT_HUBER_DELTA } from "../models/losses.js";
import { type OptimizerLike, type RateBound, regimeBounds } from "./regime.js";
import { robustOptimum } from "./robust-optimum.js";

export interface LocalBound {
  /** Where the curvature is taken: the best line. */
  readonly at: { readonly w: number; readonly b: number };
  /** The largest eigenvalue of the Hessian there; 0 when no point is within δ of the line. */
  readonly lambdaMax: number;
  /** How many points lie within δ of the best line (their curvature is the Hessian's), of `n`. */
  readonly inliers: number;
  readonly n: number;
  readonly delta: number;
  /**
   * The optimizer's stability bound for that curvature: 2/λmax for SGD, 2(1 + β)/λmax with momentum, …; null
   * for the adaptive optimizers (no fixed bound) and when no point is within δ (no curvature).
   */
  readonly critical: RateBound | null;
}

/** The Huber loss's curvature at its best line, and the rate above which `optimizer` cannot settle there. */
export function huberLocalBound(
  data: Pick<Dataset, "x" | "y">,
  optimizer: OptimizerLike,
  delta = DEFAULT_HUBER_DELTA,
): LocalBound {
  const { x, y } = data;
  const n = x.length;
  const best = robustOptimum(data, "huber", delta);
  // H = [[a, c], [c, d]] over the points within δ, each sum divided by n.
  let a = 0;
  let c = 0;
  let inliers = 0;
  for (let i = 0; i < n; i++) {
    const xi = x[i] as number;
    if (Math.abs((y[i] as number) - best.w * xi - best.b) > delta) continue;
    a += xi * xi;
    c += xi;
    inliers++;
  }
  a /= n;
  c /= n;
  const d = inliers / n;
  // hypot, not the square root of squares: a = mean x² overflows when squared from |x| ≈ 1e77 on.
  const lambdaMax = inliers === 0 ? 0 : (a + d) / 2 + Math.hypot((a - d) / 2, c);
  return {
    at: { w: best.w, b: best.b },
    lambdaMax,
    inliers,
    n,
    delta,
    critical: regimeBounds(lambdaMax, optimizer)?.critical ?? null,
  };
}
