/**
 * The sharpest curvature of the loss, estimated for any loss the core can differentiate.
 *
 * Power iteration on Hessian-vector products, each taken as a central difference of two full-data
 * gradients (Pearlmutter 1994 gives the exact product; the difference needs only gradients):
 *   H·v ≈ (∇L(θ + εv) − ∇L(θ − εv)) / 2ε,   λ ← v·Hv,   v ← Hv/‖Hv‖.
 * For a quadratic (linear MSE) the difference is exact up to rounding, so the estimate matches the exact
 * eigenvalue; for Huber it is the curvature of the pieces around θ; MAE, piecewise linear, has none.
 * The edge of stability 2/λmax (Cohen et al. 2021) is the rate above which plain gradient descent is
 * unstable near θ: a number an LR finder does not give.
 */
import type { Dataset } from "../data/data.js";
import { batchKernel, DEFAULT_HUBER_DELTA, type LossName } from "../models/losses.js";

export interface CurvatureOptions {
  loss?: LossName;
  huberDelta?: number;
  /** Where to measure: the start of training by default. */
  w?: number;
  b?: number;
  /** Stop when successive estimates agree to this relative tolerance. */
  tolerance?: number;
  maxIterations?: number;
}

export interface CurvatureEstimate {
  /** The estimated largest Hessian eigenvalue at (w, b); 0 when the loss is flat there. */
  lambdaMax: number;
  /** Its unit eigenvector in (w, b). */
  direction: [number, number];
  /** 2/λmax, or null when λmax is 0 (no curvature: no rate is too large by this measure). */
  edgeOfStability: number | null;
  iterations: number;
  converged: boolean;
}

/** Power iteration for the sharpest curvature of the loss at (w, b). */
export function sharpestCurvature(
  data: Pick<Dataset, "x" | "y">,
  {
    loss = "mse",
    huberDelta = DEFAULT_HUBER_DELTA,
    w = 0,
    b = 0,
    tolerance = 1e-10,
    maxIterations = 200,
  }: CurvatureOptions = {},
): CurvatureEstimate {
  const { x, y } = data;
  const n = x.length;
  const kernel = batchKernel(loss, huberDelta);
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  const plus = new Float64Array(2);
  const minus = new Float64Array(2);
  // Small enough to stay on one piece of a piecewise loss, large enough that the difference of two
  // gradients keeps its digits: relative to the size of θ.
  const epsilon = 1e-4 * Math.max(1, Math.hypot(w, b));
  const hessianTimes = (vw: number, vb: number): [number, number] => {
    kernel(x, y, order, 0, n, w + epsilon * vw, b + epsilon * vb, plus);
    kernel(x, y, order, 0, n, w - epsilon * vw, b - epsilon * vb, minus);
    return [
      ((plus[0] as number) - (minus[0] as number)) / (2 * epsilon),
      ((plus[1] as number) - (minus[1] as number)) / (2 * epsilon),
    ];
  };

  // Start off every axis, so no eigenvector is missed by symmetry.
  let vw = 0.6;
  let vb = 0.8;
  let lambda = 0;
  let iterations = 0;
  let converged = false;
  while (iterations < maxIterations) {
    iterations++;
    const [hw, hb] = hessianTimes(vw, vb);
    const next = vw * hw + vb * hb;
    const norm = Math.hypot(hw, hb);
    if (!(norm > 0) || !Number.isFinite(norm)) {
      lambda = Number.isFinite(next) ? next : 0;
      converged = true;
      break;
    }
    vw = hw / norm;
    vb = hb / norm;
    const settled = Math.abs(next - lambda) <= tolerance * Math.abs(next);
    lambda = next;
    if (settled) {
      converged = true;
      break;
    }
  }
  // Rayleigh quotient at the final direction: the eigenvalue to within rounding once v has settled.
  const [hw, hb] = hessianTimes(vw, vb);
  const lambdaMax = Math.max(0, vw * hw + vb * hb);
  return {
    lambdaMax,
    direction: [vw, vb],
    edgeOfStability: lambdaMax > 0 ? 2 / lambdaMax : null,
    iterations,
    converged,
  };
}
