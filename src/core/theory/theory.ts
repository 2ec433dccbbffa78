/**
 * Exact theory of full-batch gradient descent on the linear model with MSE.
 *
 * The loss is a quadratic, L(θ) = L* + ½·dᵀHd with d = θ − θ*, and its Hessian is constant:
 *   H = 2·[[mean x², x̄], [x̄, 1]].
 * A gradient step with rate η maps d to (I − ηH)·d, so along each eigenvector of H the error is
 * multiplied by ρ = 1 − η·λ at every step. Hence:
 *   - it diverges when some |1 − ηλ| > 1, i.e. above the critical rate 2/λmax;
 *   - it overshoots (the sign along the sharpest direction flips each step) when η > 1/λmax;
 *   - the slowest direction converges fastest at η* = 2/(λmin + λmax), where both factors equal
 *     (κ − 1)/(κ + 1), κ = λmax/λmin.
 */

import { type LinearStats, mseAt } from "../data/stats.js";
import { type BestWorstCaseFormula, bestWorstCaseRate } from "./best-worst-case.js";
import { type OptimizerLike, type RateBound, regimeBounds } from "./regime.js";

export interface LinearMseTheory {
  /** The least-squares optimum and its loss (from the statistics). */
  readonly optimum: { readonly w: number; readonly b: number; readonly loss: number };
  /** H = 2·[[mean x², x̄], [x̄, 1]], row-major [[∂²L/∂w², ∂²L/∂w∂b], [∂²L/∂b∂w, ∂²L/∂b²]]. */
  readonly hessian: readonly [readonly [number, number], readonly [number, number]];
  /** [λmax, λmin], λmax ≥ λmin ≥ 0. */
  readonly hessianEigenvalues: readonly [number, number];
  /** Unit eigenvectors in (w, b) coordinates, matching `hessianEigenvalues`: sharpest first. */
  readonly eigenvectors: readonly [readonly [number, number], readonly [number, number]];
  /** λmax/λmin; `Infinity` when λmin = 0 (all x equal). */
  readonly conditionNumber: number;
  /** 2/λmax: above it full-batch gradient descent diverges. */
  readonly criticalLearningRate: number;
  /**
   * 2/(λmin + λmax): the constant rate with the best worst-case contraction (the slowest direction shrinks
   * fastest). Not always the fastest from a given start (see fastest-rate.ts). 1/λmax when λmin = 0.
   */
  readonly optimalLearningRate: number;
  /** That rate's formula as every face writes it: "2/(λmin + λmax)", or "1/λmax" when λmin = 0. */
  readonly optimalFormula: BestWorstCaseFormula;
}

/** The theory panel for a data set's statistics. Never NaN: degenerate data gives λmin = 0. */
export function linearMseTheory(stats: LinearStats): LinearMseTheory {
  const varianceX = stats.sxx / stats.n;
  // H/2 = [[a, c], [c, 1]] with a = mean x² = Var x + x̄² and c = x̄.
  const a = varianceX + stats.meanX * stats.meanX;
  const c = stats.meanX;
  // Eigenvalues of H/2 without cancellation: the discriminant is a sum of squares, the determinant
  // a − c² is exactly Var x (taken from the centred sums), and λmin = det/λmax.
  const halfTrace = (a + 1) / 2;
  // hypot, not sqrt of the squares: a is mean x², and its square overflows from |x| ≈ 1e77 on.
  const radius = Math.hypot((a - 1) / 2, c);
  const halfMax = halfTrace + radius;
  const halfMin = varianceX / halfMax;
  const lambdaMax = 2 * halfMax;
  const lambdaMin = 2 * halfMin;
  // Eigenvectors of a symmetric 2×2 matrix from the rotation angle θ = ½·atan2(2c, a − 1).
  const angle = 0.5 * Math.atan2(2 * c, a - 1);
  const sharp: [number, number] = [Math.cos(angle), Math.sin(angle)];
  const flat: [number, number] = [-Math.sin(angle), Math.cos(angle)];
  // With λmin = 0 (all x equal) the flat direction never moves and adds nothing to the loss, so the
  // worst case is the sharp direction alone, removed in one step by 1/λmax (best-worst-case.ts).
  const best = bestWorstCaseRate([lambdaMax, lambdaMin]);
  return {
    optimum: stats.optimum,
    hessian: [
      [2 * a, 2 * c],
      [2 * c, 2],
    ],
    hessianEigenvalues: [lambdaMax, lambdaMin],
    eigenvectors: [sharp, flat],
    conditionNumber: lambdaMin > 0 ? lambdaMax / lambdaMin : Number.POSITIVE_INFINITY,
    criticalLearningRate: 2 / lambdaMax,
    optimalLearningRate: best.learningRate,
    optimalFormula: best.formula,
  };
}

/** Per-direction factors ρ = 1 − η·λ, signed: [sharpest, flattest]. |ρ| < 1 converges; ρ < 0 overshoots. */
export function stepFactors(theory: LinearMseTheory, learningRate: number): [number, number] {
  const [lambdaMax, lambdaMin] = theory.hessianEigenvalues;
  return [1 - learningRate * lambdaMax, 1 - learningRate * lambdaMin];
}

/** The contraction factors |1 − η·λ| per direction, [sharpest, flattest]. */
export function contractionFactors(theory: LinearMseTheory, learningRate: number): [number, number] {
  const [sharp, flat] = stepFactors(theory, learningRate);
  return [Math.abs(sharp), Math.abs(flat)];
}

/**
 * The critical rate for SGD with momentum β (Keras form, constant rate) on a quadratic: the heavy-ball
 * iteration is stable iff 0 < η·λ < 2(1 + β); with Nesterov iff 0 < η·λ < 2(1 + β)/(1 + 2β).
 * Both reduce to 2/λmax at β = 0.
 */
export function momentumCriticalLearningRate(
  theory: LinearMseTheory,
  momentum: number,
  nesterov = false,
): number {
  return (
    optimizerStabilityBound(theory.hessianEigenvalues[0], {
      name: "sgd",
      config: { momentum, nesterov },
    }) as StabilityBound
  ).learningRate;
}

export interface StepsToToleranceOptions {
  /** The constant learning rate. */
  learningRate: number;
  /** Where gradient descent starts. */
  initialW: number;
  initialB: number;
  /** The threshold the measure must fall to. */
  tolerance: number;
  /** What is compared with the tolerance: the gap L − L* (default) or the gradient norm ‖∇L‖. */
  measure?: "loss-gap" | "gradient-norm";
}

/**
 * The exact number of full-batch gradient-descent steps, at a constant rate from (w₀, b₀), until the loss
 * gap (or the gradient norm) is ≤ tolerance, or `null` if it never gets there (η at or above the critical
 * rate, or more steps than can be counted exactly).
 *
 * With c_i the start's components along the eigenvectors, after k steps
 *   L − L* = ½·Σ λ_i·c_i²·ρ_i^(2k)   and   ‖∇L‖² = Σ λ_i²·c_i²·ρ_i^(2k),
 * both non-increasing in k when every |ρ_i| ≤ 1; we bound k from above term by term and then binary
 * search for the smallest k.
 */
export function stepsToTolerance(
  stats: LinearStats,
  theory: LinearMseTheory,
  { learningRate, initialW, initialB, tolerance, measure = "loss-gap" }: StepsToToleranceOptions,
): number | null {
  const dw = initialW - stats.optimum.w;
  const db = initialB - stats.optimum.b;
  const threshold = measure === "loss-gap" ? tolerance : tolerance * tolerance;
  const weights: number[] = [];
  const factors: number[] = [];
  for (let i = 0; i < 2; i++) {
    const [vw, vb] = theory.eigenvectors[i] as readonly [number, number];
    const component = vw * dw + vb * db;
    const lambda = theory.hessianEigenvalues[i] as number;
    weights.push(measure === "loss-gap" ? 0.5 * lambda * component * component : (lambda * component) ** 2);
    factors.push(Math.abs(1 - learningRate * lambda));
  }
  const measureAt = (k: number): number => {
    let total = 0;
    for (let i = 0; i < weights.length; i++) {
      const weight = weights[i] as number;
      if (weight > 0) total += weight * (factors[i] as number) ** (2 * k);
    }
    return total;
  };
  if (measureAt(0) <= threshold) return 0;
  // An upper bound: each decaying term below threshold/2 (there are two terms).
  let upper = 1;
  for (let i = 0; i < weights.length; i++) {
    const weight = weights[i] as number;
    const factor = factors[i] as number;
    if (weight === 0) continue;
    if (factor > 1) return null; // grows without bound along this direction
    if (factor === 1) {
      if (weight > threshold) return null; // stays where it is forever
      continue;
    }
    if (factor === 0) continue;
    const k = Math.ceil(Math.log((2 * weight) / threshold) / (2 * -Math.log(factor)));
    upper = Math.max(upper, k);
  }
  if (!(upper <= Number.MAX_SAFE_INTEGER)) return null;
  while (measureAt(upper) > threshold) {
    upper *= 2;
    if (upper > Number.MAX_SAFE_INTEGER) return null;
  }
  let lower = 0; // measureAt(lower) > threshold
  while (upper - lower > 1) {
    const middle = Math.floor((lower + upper) / 2);
    if (measureAt(middle) <= threshold) upper = middle;
    else lower = middle;
  }
  return upper;
}

/** The exact full-batch GD iterate after k steps at a constant rate, in O(1): d_k = Σ c_i·ρ_i^k·v_i. */
export function gradientDescentIterate(
  stats: LinearStats,
  theory: LinearMseTheory,
  learningRate: number,
  initialW: number,
  initialB: number,
  k: number,
): { w: number; b: number; loss: number } {
  const dw = initialW - stats.optimum.w;
  const db = initialB - stats.optimum.b;
  let w = stats.optimum.w;
  let b = stats.optimum.b;
  for (let i = 0; i < 2; i++) {
    const [vw, vb] = theory.eigenvectors[i] as readonly [number, number];
    const scale = (vw * dw + vb * db) * (1 - learningRate * (theory.hessianEigenvalues[i] as number)) ** k;
    w += scale * vw;
    b += scale * vb;
  }
  return { w, b, loss: mseAt(stats, w, b) };
}

/** The rate above which an optimizer is unstable along a direction of curvature λ, and how it is written. */
export type StabilityBound = RateBound;

/**
 * The stability bound of an optimizer on a quadratic of sharpest curvature `lambdaMax`: 2/λmax for SGD,
 * the heavy-ball (or Nesterov) bound with momentum (regime.ts); null for the adaptive optimizers (RMSprop,
 * Adam, Adagrad), which rescale each step by gradient statistics, so no fixed bound carries over; null for
 * a flat loss.
 */
export function optimizerStabilityBound(lambdaMax: number, optimizer: OptimizerLike): StabilityBound | null {
  return regimeBounds(lambdaMax, optimizer)?.critical ?? null;
}
