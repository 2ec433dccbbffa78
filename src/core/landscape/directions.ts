/**
 * Directions through a model's parameter space along which to slice its loss: the landscape of a model
 * with more than two parameters is seen on a plane (or a line) through its weights.
 *
 * - `random`: two random directions, filter-normalized (Li et al. 2018, "Visualizing the Loss Landscape of
 *   Neural Nets", §4): drawn from a standard normal, then for each filter, which for a Keras Dense layer is
 *   one output unit's column of the kernel, the direction's part is rescaled to the norm of the weights'
 *   part, d_j ← d_j·‖θ_j‖/‖d_j‖. So a step of 1 along it moves each unit as far as the unit's own size,
 *   whatever the scale the layer happened to train to. Biases follow Li et al.'s choice: their direction is
 *   zero (the bias is not perturbed). A model whose filters have one weight each (the line: one unit, one
 *   input) has no random plane left, and is refused with the reason.
 * - `hessian`: the top two eigenvectors of the loss Hessian at the weights, by power iteration on exact
 *   Hessian-vector products (models/sharpness.ts) with the second found on the complement of the first
 *   (deflation by projection). Orthonormal, so the plane is drawn to scale.
 * - `interpolate`: the line θ(α) = (1 − α)·θ₀ + α·θ₁ from the initial to the final weights (Goodfellow,
 *   Vinyals & Saxe 2015, "Qualitatively Characterizing Neural Network Optimization Problems").
 *
 * Everything here is pure: typed arrays in, typed arrays out, every random choice from a seed.
 */
import { LrlabError } from "../errors.js";
import { layerOffsets, type Model, type ModelData } from "../models/model.js";
import { largestEigenvalue } from "../models/sharpness.js";
import { createRandom } from "../random.js";

export const DIRECTION_KINDS = ["random", "hessian", "interpolate"] as const;
export type DirectionKind = (typeof DIRECTION_KINDS)[number];

/**
 * The directions a model's slice takes when none are asked for: random filter-normalized directions for a
 * network; the top two Hessian eigenvectors for the linear family (the line, linear, polynomial, logistic),
 * whose single Dense unit is one filter: filter normalization never moves its bias and, on one input, leaves
 * no plane at all, while its Hessian directions are its bowl's own axes.
 * `lrlab landscape` and the web lab both choose with this.
 */
export function defaultDirectionKind(modelName: string): "random" | "hessian" {
  return modelName === "mlp" ? "random" : "hessian";
}

/**
 * Salts the seed of the random directions, so that they are not drawn from the same stream as the
 * glorot_uniform weights the same `--seed` gave (a direction that copied the weights would be no random
 * direction at all).
 */
const DIRECTION_SALT = 0x4c692018;

/**
 * Filter normalization in place: each Dense unit's kernel column of `direction` is scaled to the norm of
 * the same column of `params`, and every bias entry of `direction` is set to 0 (Li et al.'s choice). A
 * column of zero weights gets a zero direction.
 */
export function filterNormalize(
  model: Pick<Model, "layers">,
  params: Float64Array,
  direction: Float64Array,
): Float64Array {
  const offsets = layerOffsets(model.layers);
  model.layers.forEach(({ inputs, units }, l) => {
    const kernel = offsets[l] as number;
    for (let j = 0; j < units; j++) {
      let weights = 0;
      let drawn = 0;
      for (let i = 0; i < inputs; i++) {
        const k = kernel + i * units + j;
        weights += (params[k] as number) ** 2;
        drawn += (direction[k] as number) ** 2;
      }
      const factor = drawn > 0 ? Math.sqrt(weights / drawn) : 0;
      for (let i = 0; i < inputs; i++) {
        const k = kernel + i * units + j;
        direction[k] = (direction[k] as number) * factor;
      }
    }
    direction.fill(0, kernel + inputs * units, kernel + inputs * units + units);
  });
  return direction;
}

/** Two filter-normalized random directions at `params`, from `seed`; refused when they span no plane. */
export function randomDirections(
  model: Pick<Model, "layers" | "parameterCount">,
  params: Float64Array,
  seed: number,
): [Float64Array, Float64Array] {
  const random = createRandom((Math.trunc(seed) ^ DIRECTION_SALT) >>> 0);
  const draw = () => {
    const direction = new Float64Array(model.parameterCount);
    for (let k = 0; k < direction.length; k++) direction[k] = random.normal();
    return filterNormalize(model, params, direction);
  };
  const first = draw();
  const second = draw();
  const [a, b] = [norm(first), norm(second)];
  if (!(a > 0 && b > 0)) {
    throw new LrlabError(
      "E_BAD_ARGUMENT",
      "--directions random: the kernel weights are all zero here, so filter-normalized directions are zero too (give the run steps, or --init nonzero weights); --directions hessian works at any weights",
    );
  }
  // sin² of the angle between them: 0 when they are parallel, as they must be when every filter has one weight.
  const cosine = dot(first, second) / (a * b);
  if (1 - cosine * cosine < 1e-6) {
    throw new LrlabError(
      "E_BAD_ARGUMENT",
      "--directions random: every filter of this model has one weight, so its filter-normalized directions are all parallel and span no plane; with two parameters the Hessian's two eigenvectors span the whole plane: use --directions hessian (the default for such a model)",
    );
  }
  return [first, second];
}

export interface HessianDirections {
  /** Unit eigenvectors of the two largest eigenvalues, orthogonal to each other. */
  readonly directions: [Float64Array, Float64Array];
  /** Their Rayleigh quotients vᵀHv, largest first. */
  readonly eigenvalues: [number, number];
  /** Whether both power iterations met their tolerance. */
  readonly converged: boolean;
}

export interface HessianDirectionOptions {
  readonly seed?: number;
  readonly tolerance?: number;
  readonly maxIterations?: number;
}

/**
 * The top two eigenvectors of the Hessian of `model`'s loss on all of `data` at `params`: the first by
 * power iteration on H·v, the second by power iteration on P·H·P with P = I − u₁u₁ᵀ, from a start
 * orthogonal to u₁, so it is the largest eigenvalue of H on the complement of u₁.
 */
export function hessianDirections(
  model: Pick<Model, "parameterCount" | "hessianVectorProduct">,
  params: Float64Array,
  data: ModelData,
  { seed = 0, tolerance = 1e-10, maxIterations = 2000 }: HessianDirectionOptions = {},
): HessianDirections {
  const dimension = model.parameterCount;
  if (dimension < 2) {
    throw new LrlabError("E_BAD_ARGUMENT", "--directions hessian: the model needs at least two parameters");
  }
  const product = (v: Float64Array, out: Float64Array) => model.hessianVectorProduct(params, data, v, out);
  const first = largestEigenvalue(product, dimension, { seed, tolerance, maxIterations });
  const u1 = unit(first.eigenvector);
  const project = (v: Float64Array) => {
    const along = dot(u1, v);
    for (let k = 0; k < v.length; k++) v[k] = (v[k] as number) - along * (u1[k] as number);
    return v;
  };
  const inside = new Float64Array(dimension);
  const deflated = (v: Float64Array, out: Float64Array) => {
    inside.set(v);
    product(project(inside), out);
    project(out);
  };
  const random = createRandom((Math.trunc(seed) ^ DIRECTION_SALT) >>> 0);
  const start = project(Float64Array.from({ length: dimension }, () => random.normal()));
  const second = largestEigenvalue(deflated, dimension, { start, tolerance, maxIterations });
  const v2 = project(Float64Array.from(second.eigenvector));
  // Rounding can let the first eigenvector creep back in when the rest of the spectrum is below zero.
  if (!(norm(v2) > 0.5)) {
    throw new LrlabError(
      "E_BAD_ARGUMENT",
      "--directions hessian: the Hessian has no second direction of its own here (its other eigenvalues are not above zero); use --directions random",
    );
  }
  const u2 = unit(v2);
  const scratch = new Float64Array(dimension);
  const rayleigh = (u: Float64Array) => {
    product(u, scratch);
    return dot(u, scratch);
  };
  return {
    directions: [u1, u2],
    eigenvalues: [rayleigh(u1), rayleigh(u2)],
    converged: first.converged && second.converged,
  };
}

/** θ₁ − θ₀: the direction of the line from the initial to the final weights; refused when they are equal. */
export function interpolationDirection(initial: Float64Array, final: Float64Array): Float64Array {
  const direction = Float64Array.from(final, (value, k) => value - (initial[k] as number));
  if (!(norm(direction) > 0)) {
    throw new LrlabError(
      "E_USAGE",
      "--directions interpolate: the final weights are the initial ones (no steps were taken); give the run steps to draw the line between them",
    );
  }
  return direction;
}

export function dot(a: Float64Array, b: Float64Array): number {
  let sum = 0;
  for (let k = 0; k < a.length; k++) sum += (a[k] as number) * (b[k] as number);
  return sum;
}

export function norm(a: Float64Array): number {
  return Math.sqrt(dot(a, a));
}

function unit(a: Float64Array): Float64Array {
  const length = norm(a);
  return Float64Array.from(a, (value) => value / length);
}
