/**
 * Sharpness: the largest eigenvalue λmax of the full-data loss Hessian, and 2/λmax, the learning rate above
 * which full-batch gradient descent diverges along the sharpest direction (Cohen et al. 2021, "Gradient
 * Descent on Neural Networks Typically Occurs at the Edge of Stability").
 *
 * Power iteration on exact Hessian-vector products: v ← H·v/‖H·v‖, with the Rayleigh quotient vᵀHv as the
 * estimate, from a seeded random start. Power iteration finds the eigenvalue of largest MAGNITUDE; a
 * network's Hessian can have a negative one larger than the largest positive one (at a saddle), so when
 * the first run ends on a negative value we run again on H − μI with μ that value, whose largest-magnitude
 * eigenvalue is λmax − μ ≥ 0.
 */
import { LrlabError } from "../errors.js";
import { createRandom } from "../random.js";
import type { Model, ModelData } from "./model.js";

export interface SharpnessOptions {
  /** Stop when the estimate changes by at most tolerance·|estimate| between iterations. */
  tolerance?: number;
  maxIterations?: number;
  /** Seeds the random start vector. */
  seed?: number;
  /**
   * Start from this vector instead of a random one: when sharpness is tracked during training, the last
   * eigenvector is a far better start than chance, and saves most of the products.
   */
  start?: Float64Array;
}

export interface EigenEstimate {
  /** The estimate of the largest eigenvalue (not of the largest magnitude). */
  readonly eigenvalue: number;
  /** Its unit eigenvector estimate. */
  readonly eigenvector: Float64Array;
  /** Hessian-vector products used, over both runs when a shift was needed. */
  readonly products: number;
  /** False when the tolerance was not met within maxIterations (per run), or the products were not finite. */
  readonly converged: boolean;
}

export interface Sharpness extends EigenEstimate {
  /** 2/λmax; Infinity when λmax ≤ 0 (no direction curves upward, so none diverges by curvature). */
  readonly criticalLearningRate: number;
}

/**
 * The largest eigenvalue of a symmetric operator given as `product(v, out)`, which writes A·v to `out`.
 */
export function largestEigenvalue(
  product: (v: Float64Array, out: Float64Array) => void,
  dimension: number,
  {
    tolerance = 1e-10,
    maxIterations = 1000,
    seed = 0,
    start = randomStart(dimension, seed),
  }: SharpnessOptions = {},
): EigenEstimate {
  const startNorm = norm(start);
  if (start.length !== dimension || !(startNorm > 0 && Number.isFinite(startNorm))) {
    throw new LrlabError(
      "E_BAD_ARGUMENT",
      `sharpness start vector: expected ${dimension} finite numbers, not all zero; got ${start.length} with norm ${startNorm}`,
    );
  }
  const first = powerIteration(product, start, 0, tolerance, maxIterations);
  if (!(first.eigenvalue < 0)) return first;
  // The largest-magnitude eigenvalue was negative: shift it to 0 and look again for the top of the spectrum.
  const shift = first.eigenvalue;
  const second = powerIteration(product, start, shift, tolerance, maxIterations);
  return {
    eigenvalue: second.eigenvalue + shift,
    eigenvector: second.eigenvector,
    products: first.products + second.products,
    converged: first.converged && second.converged,
  };
}

/** The sharpness of `model` at `params` on all of `data`, by {@link largestEigenvalue} on its exact H·v. */
export function sharpness(
  model: Model,
  params: Float64Array,
  data: ModelData,
  options: SharpnessOptions = {},
): Sharpness {
  const estimate = largestEigenvalue(
    (v, out) => model.hessianVectorProduct(params, data, v, out),
    model.parameterCount,
    options,
  );
  return {
    ...estimate,
    criticalLearningRate: estimate.eigenvalue > 0 ? 2 / estimate.eigenvalue : Number.POSITIVE_INFINITY,
  };
}

function randomStart(dimension: number, seed: number): Float64Array {
  const random = createRandom(seed);
  return Float64Array.from({ length: dimension }, () => random.normal());
}

/** Power iteration on A − shift·I from `start`; the eigenvalue returned is that of A − shift·I. */
function powerIteration(
  product: (v: Float64Array, out: Float64Array) => void,
  start: Float64Array,
  shift: number,
  tolerance: number,
  maxIterations: number,
): EigenEstimate {
  const v = Float64Array.from(start);
  const next = new Float64Array(v.length);
  scale(v, 1 / norm(v));
  let estimate = Number.NaN;
  for (let iteration = 1; iteration <= maxIterations; iteration++) {
    product(v, next);
    let rayleigh = 0;
    for (let i = 0; i < v.length; i++) {
      next[i] = (next[i] as number) - shift * (v[i] as number);
      rayleigh += (v[i] as number) * (next[i] as number);
    }
    const length = norm(next);
    if (!Number.isFinite(length))
      return { eigenvalue: rayleigh, eigenvector: v, products: iteration, converged: false };
    // A·v = 0: v lies in the null space; with a random start that means A = 0 along everything seen.
    if (length === 0) return { eigenvalue: 0, eigenvector: v, products: iteration, converged: true };
    const settled = Math.abs(rayleigh - estimate) <= tolerance * Math.abs(rayleigh);
    estimate = rayleigh;
    v.set(next);
    scale(v, 1 / length);
    if (settled) return { eigenvalue: estimate, eigenvector: v, products: iteration, converged: true };
  }
  return { eigenvalue: estimate, eigenvector: v, products: maxIterations, converged: false };
}

function norm(v: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < v.length; i++) sum += (v[i] as number) * (v[i] as number);
  return Math.sqrt(sum);
}

function scale(v: Float64Array, factor: number): void {
  for (let i = 0; i < v.length; i++) v[i] = (v[i] as number) * factor;
}

/**
 * λmax ≤ 0: the Hessian has no positive curvature here (zero where a sigmoid or tanh saturates, or the loss
 * is flat). Then 2/λmax bounds no rate and there is no sharpest direction: every face says "no bound" and
 * "the Hessian is zero here", never "∞" or a bowl's axes.
 */
export function curvatureVanishes(lambdaMax: number): boolean {
  return !(lambdaMax > 0);
}
