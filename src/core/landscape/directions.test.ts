import { describe, expect, it } from "vitest";
import { builtinData } from "../data/data.js";
import { linearStats } from "../data/stats.js";
import { glorotUniform } from "../models/glorot.js";
import { mlp } from "../models/mlp.js";
import { allRows, layerOffsets, type ModelData } from "../models/model.js";
import { symmetricEigen } from "../models/symmetric-eigen.js";
import { createRandom } from "../random.js";
import { linearMseTheory } from "../theory/theory.js";
import {
  dot,
  filterNormalize,
  hessianDirections,
  interpolationDirection,
  norm,
  randomDirections,
} from "./directions.js";

/** A 2-3-2-1 tanh net's weights: glorot kernels and nonzero biases, so every part can be checked. */
function net() {
  const model = mlp({ inputs: 2, hidden: [3, 2], activation: "tanh" });
  const params = glorotUniform(model, 7);
  const random = createRandom(8);
  const offsets = layerOffsets(model.layers);
  model.layers.forEach(({ inputs, units }, l) => {
    const bias = (offsets[l] as number) + inputs * units;
    for (let j = 0; j < units; j++) params[bias + j] = random.normal();
  });
  return { model, params, offsets };
}

/** The norm of unit j's kernel column in layer l. */
function columnNorm(
  vector: Float64Array,
  offset: number,
  { inputs, units }: { inputs: number; units: number },
  j: number,
): number {
  let sum = 0;
  for (let i = 0; i < inputs; i++) sum += (vector[offset + i * units + j] as number) ** 2;
  return Math.sqrt(sum);
}

describe("filter-normalized random directions (Li et al. 2018)", () => {
  it("scales each Dense unit's kernel column to the weights' column norm and leaves biases unperturbed", () => {
    const { model, params, offsets } = net();
    const [first, second] = randomDirections(model, params, 3);
    for (const direction of [first, second]) {
      model.layers.forEach((layer, l) => {
        const offset = offsets[l] as number;
        for (let j = 0; j < layer.units; j++) {
          const weights = columnNorm(params, offset, layer, j);
          expect(weights).toBeGreaterThan(0.05);
          expect(columnNorm(direction, offset, layer, j)).toBeCloseTo(weights, 12);
        }
        const bias = offset + layer.inputs * layer.units;
        expect(Array.from(direction.subarray(bias, bias + layer.units))).toEqual(
          new Array(layer.units).fill(0),
        );
      });
    }
  });

  it("draws a different pair for another seed, the same for the same seed, and not the weights themselves", () => {
    const { model, params } = net();
    const [a1, a2] = randomDirections(model, params, 3);
    const [b1] = randomDirections(model, params, 3);
    const [c1] = randomDirections(model, params, 4);
    expect(Array.from(b1)).toEqual(Array.from(a1));
    expect(Array.from(c1)).not.toEqual(Array.from(a1));
    // Nearly orthogonal, as random directions in 20 dimensions are, and not parallel to each other.
    expect(Math.abs(dot(a1, a2)) / (norm(a1) * norm(a2))).toBeLessThan(0.9);
    // Seeded apart from glorot's stream: a direction drawn from the weights' own seed is not the weights.
    const glorotSeeded = glorotUniform(model, 7);
    const [d1] = randomDirections(model, glorotSeeded, 7);
    expect(Math.abs(dot(d1, glorotSeeded)) / (norm(d1) * norm(glorotSeeded))).toBeLessThan(0.9);
  });

  it("gives a zero column a zero direction", () => {
    const model = mlp({ inputs: 2, hidden: [2] });
    const params = Float64Array.of(1, 0, 2, 0, 0.5, 0.5, 3, -4, 1);
    const direction = filterNormalize(model, params, Float64Array.of(1, 1, 1, 1, 1, 1, 1, 1, 1));
    // Unit 0's column (1, 2) has norm √5; unit 1's (0, 0) is zero; the output column (3, −4) has norm 5.
    const expected = [Math.sqrt(5 / 2), 0, Math.sqrt(5 / 2), 0, 0, 0, 5 / Math.SQRT2, 5 / Math.SQRT2, 0];
    expected.forEach((value, k) => {
      expect(direction[k]).toBeCloseTo(value, 14);
    });
  });

  it("refuses the line, whose one filter has one weight: its directions are parallel", () => {
    expect(() => randomDirections(mlp({ inputs: 1 }), Float64Array.of(2, 1), 0)).toThrow(
      /every filter of this model has one weight/,
    );
  });

  it("refuses weights that are all zero (a linear model at its zero start)", () => {
    expect(() => randomDirections(mlp({ inputs: 3 }), new Float64Array(4), 0)).toThrow(
      /the kernel weights are all zero/,
    );
  });
});

describe("hessianDirections", () => {
  it("are orthonormal and give the top two eigenvalues of a finite-difference Hessian of a 1-3-1 tanh net", () => {
    const model = mlp({ inputs: 1, hidden: [3], activation: "tanh" });
    const random = createRandom(11);
    const rows = 24;
    const data: ModelData = {
      inputs: Float64Array.from({ length: rows }, () => 3 * random.uniform() - 1.5),
      targets: Float64Array.from({ length: rows }, () => random.normal()),
      features: 1,
    };
    const params = glorotUniform(model, 11);
    const count = model.parameterCount;
    // H by central differences of the exact gradient, column by column, then symmetrized.
    const h = 1e-5;
    const hessian = new Float64Array(count * count);
    const up = new Float64Array(count);
    const down = new Float64Array(count);
    for (let k = 0; k < count; k++) {
      const shifted = Float64Array.from(params);
      shifted[k] = (params[k] as number) + h;
      model.lossAndGradient(shifted, data, allRows(rows), up);
      shifted[k] = (params[k] as number) - h;
      model.lossAndGradient(shifted, data, allRows(rows), down);
      for (let i = 0; i < count; i++)
        hessian[i * count + k] = ((up[i] as number) - (down[i] as number)) / (2 * h);
    }
    const reference = symmetricEigen(hessian, count).values;
    // Two well separated positive eigenvalues at the top, so both are found by power iteration.
    expect(reference[1] as number).toBeGreaterThan(0);
    expect((reference[0] as number) - (reference[1] as number)).toBeGreaterThan(
      0.05 * (reference[0] as number),
    );

    const found = hessianDirections(model, params, data, { seed: 1 });
    const [u1, u2] = found.directions;
    expect(found.converged).toBe(true);
    expect(norm(u1)).toBeCloseTo(1, 12);
    expect(norm(u2)).toBeCloseTo(1, 12);
    expect(Math.abs(dot(u1, u2))).toBeLessThan(1e-9);
    const scale = Math.abs(reference[0] as number);
    expect(Math.abs(found.eigenvalues[0] - (reference[0] as number))).toBeLessThan(1e-6 * scale);
    expect(Math.abs(found.eigenvalues[1] - (reference[1] as number))).toBeLessThan(1e-6 * scale);
    // And the Rayleigh quotients on the finite-difference matrix itself give the same numbers.
    const quotient = (u: Float64Array) => {
      let sum = 0;
      for (let i = 0; i < count; i++)
        for (let j = 0; j < count; j++)
          sum += (u[i] as number) * (hessian[i * count + j] as number) * (u[j] as number);
      return sum;
    };
    expect(Math.abs(quotient(u1) - (reference[0] as number))).toBeLessThan(1e-6 * scale);
    expect(Math.abs(quotient(u2) - (reference[1] as number))).toBeLessThan(1e-6 * scale);
  });

  it("are the line's exact eigenvectors on the built-in data, with eigenvalues λmax and λmin", () => {
    const data = builtinData();
    const theory = linearMseTheory(linearStats(data));
    const found = hessianDirections(
      mlp({ inputs: 1 }),
      Float64Array.of(0.5, -1),
      { inputs: data.x, targets: data.y, features: 1 },
      { seed: 4 },
    );
    expect(found.eigenvalues[0]).toBeCloseTo(theory.hessianEigenvalues[0], 9);
    expect(found.eigenvalues[1]).toBeCloseTo(theory.hessianEigenvalues[1], 9);
    // Up to sign: |u·e| = 1 for the matching exact eigenvector.
    const sharp = Float64Array.from(theory.eigenvectors[0]);
    const flat = Float64Array.from(theory.eigenvectors[1]);
    expect(Math.abs(dot(found.directions[0], sharp))).toBeCloseTo(1, 9);
    expect(Math.abs(dot(found.directions[1], flat))).toBeCloseTo(1, 9);
  });
});

describe("interpolationDirection", () => {
  it("is θ₁ − θ₀, and refuses equal weights (a run of no steps) with one line", () => {
    expect(Array.from(interpolationDirection(Float64Array.of(1, 2), Float64Array.of(4, 0)))).toEqual([3, -2]);
    expect(() => interpolationDirection(Float64Array.of(1, 2), Float64Array.of(1, 2))).toThrow(
      "--directions interpolate: the final weights are the initial ones (no steps were taken); give the run steps to draw the line between them",
    );
  });
});
