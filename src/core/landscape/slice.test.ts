import { describe, expect, it } from "vitest";
import { builtinData } from "../data/data.js";
import { linearStats } from "../data/stats.js";
import { glorotUniform } from "../models/glorot.js";
import { mlp } from "../models/mlp.js";
import { allRows, type ModelData } from "../models/model.js";
import { prepareModel } from "../models/model-spec.js";
import { sgd } from "../optimizers/sgd.js";
import { createRandom } from "../random.js";
import { linearMseTheory } from "../theory/theory.js";
import { trainModel } from "../training/train-model.js";
import { modelLandscape } from "./model-landscape.js";
import { lineSlice, modelLossAt, offSlice, planeSlice, projectOntoLine, projectOntoPlane } from "./slice.js";

const model = mlp({ inputs: 1, hidden: [4], activation: "tanh" });
const random = createRandom(21);
const rows = 30;
const data: ModelData = {
  inputs: Float64Array.from({ length: rows }, () => 4 * random.uniform() - 2),
  targets: Float64Array.from({ length: rows }, () => random.normal()),
  features: 1,
};
const initial = glorotUniform(model, 21);
const final = initial.map((value, k) => value + 0.3 * Math.sin(k + 1));

/** The loss from the model's own backpropagating pass, the oracle for the forward-only one. */
function lossByGradient(params: Float64Array): number {
  return model.lossAndGradient(params, data, allRows(rows), new Float64Array(model.parameterCount));
}

describe("slices of the loss", () => {
  it("evaluates the same loss as lossAndGradient, by forward passes only", () => {
    expect(modelLossAt(model, initial, data)).toBeCloseTo(lossByGradient(initial), 14);
    // The line's MSE at (w, b) = (2, 1) on the built-in data against the exact loss from its statistics.
    const builtin = builtinData();
    const theory = linearMseTheory(linearStats(builtin));
    const line = { inputs: builtin.x, targets: builtin.y, features: 1 };
    const atOptimum = modelLossAt(
      mlp({ inputs: 1 }),
      Float64Array.of(theory.optimum.w, theory.optimum.b),
      line,
    );
    expect(atOptimum).toBeCloseTo(theory.optimum.loss, 12);
  });

  it("interpolates from the initial loss at α = 0 to the final loss at α = 1", () => {
    const values = lineSlice(model, data, initial, final, Float64Array.of(-0.5, 0, 0.5, 1, 1.5));
    expect(values[1]).toBeCloseTo(lossByGradient(initial), 14);
    expect(values[3]).toBeCloseTo(lossByGradient(final), 14);
    // Halfway: the loss at the average of the two weight vectors.
    const middle = initial.map((value, k) => 0.5 * (value + (final[k] as number)));
    expect(values[2]).toBeCloseTo(lossByGradient(middle), 14);
    expect(values[0]).not.toBeCloseTo(values[1] as number, 3);
  });

  it("lays a plane out row by row: values[j·nα + i] is the loss at θ + α[i]·d₁ + β[j]·d₂", () => {
    const d1 = Float64Array.from({ length: model.parameterCount }, (_, k) => (k % 3) - 1);
    const d2 = Float64Array.from({ length: model.parameterCount }, (_, k) => (k % 2 === 0 ? 0.5 : -0.25));
    const alpha = Float64Array.of(-1, 0, 2);
    const beta = Float64Array.of(0, 1);
    const values = planeSlice(model, data, final, [d1, d2], alpha, beta);
    expect(values[1]).toBeCloseTo(lossByGradient(final), 14);
    // (α, β) = (2, 1) is row 1, column 2.
    const corner = final.map((value, k) => value + 2 * (d1[k] as number) + (d2[k] as number));
    expect(values[1 * 3 + 2]).toBeCloseTo(lossByGradient(corner), 14);
  });
});

describe("projecting a path", () => {
  it("recovers (α, β) of points built on the plane, and their distance off it", () => {
    const centre = Float64Array.of(1, 2, 3, 4);
    const d1 = Float64Array.of(1, 1, 0, 0);
    const d2 = Float64Array.of(0, 1, 1, 0); // not orthogonal to d1: least squares, not two dot products
    const off = Float64Array.of(1, -1, 1, 0); // orthogonal to both
    const point = (a: number, b: number, c: number) =>
      centre.map(
        (value, k) => value + a * (d1[k] as number) + b * (d2[k] as number) + c * (off[k] as number),
      );
    const projected = projectOntoPlane([point(0.5, -2, 0), point(3, 1, 2), centre], centre, [d1, d2]);
    expect(projected.alpha[0]).toBeCloseTo(0.5, 14);
    expect(projected.beta[0]).toBeCloseTo(-2, 14);
    expect(projected.distance[0]).toBeCloseTo(0, 14);
    expect(projected.alpha[1]).toBeCloseTo(3, 14);
    expect(projected.beta[1]).toBeCloseTo(1, 14);
    expect(projected.distance[1]).toBeCloseTo(2 * Math.sqrt(3), 14);
    expect(Array.from([projected.alpha[2], projected.beta[2]])).toEqual([0, 0]);
  });

  it("puts the initial weights at α = 0 and the final at α = 1 on the interpolation line", () => {
    const projected = projectOntoLine([initial, final], initial, final);
    expect(Array.from(projected.alpha)).toEqual([0, 1]);
    expect(projected.distance[0]).toBe(0);
    expect(projected.distance[1]).toBeCloseTo(0, 14);
  });

  it("refuses parallel directions, which span no plane", () => {
    expect(() =>
      projectOntoPlane([Float64Array.of(1, 1)], Float64Array.of(0, 0), [
        Float64Array.of(1, 2),
        Float64Array.of(2, 4),
      ]),
    ).toThrow("the two directions are parallel: they span no plane to project on");
  });
});

describe("modelLandscape", () => {
  const builtin = builtinData();
  const prepared = prepareModel({ name: "mlp", hidden: [8] }, [builtin.x], builtin.y, {
    loss: "mse",
    columnNames: ["x"],
  });
  const start = glorotUniform(prepared.model, 0);
  const path = { step: [] as number[], params: [] as Float64Array[], loss: [] as number[] };
  const run = trainModel(prepared, {
    optimizer: sgd({ learningRate: 0.05 }),
    initial: start,
    steps: 60,
    onRecord: (step, params) => {
      path.step.push(step);
      path.params.push(Float64Array.from(params));
    },
  });
  path.loss.push(...run.history.loss);

  it("centres a random plane on the final weights, [−1, 1] widened to hold the projected path", () => {
    const slice = modelLandscape(
      prepared.model,
      prepared.data,
      { initial: start, final: run.final.params, path },
      { kind: "random", seed: 5, grid: 11 },
    );
    if (slice.kind === "interpolate") throw new Error("expected a plane");
    expect(slice.alpha).toHaveLength(11);
    expect(slice.beta).toHaveLength(11);
    // The centre (α = β = 0, the grid's middle) is the run's final loss.
    expect(slice.values[5 * 11 + 5]).toBeCloseTo(run.final.loss, 12);
    expect(slice.centreLoss).toBeCloseTo(run.final.loss, 12);
    expect(slice.initialLoss).toBeCloseTo(run.initialLoss, 12);
    expect(slice.alpha[0]).toBeLessThanOrEqual(-1);
    expect(slice.alpha[10]).toBeGreaterThanOrEqual(1);
    expect(slice.pathInside).toBe(true);
    // The path's last point is the centre.
    expect(slice.path.alpha.at(-1)).toBeCloseTo(0, 12);
    expect(slice.path.beta.at(-1)).toBeCloseTo(0, 12);
  });

  it("draws the interpolation from −0.5 to 1.5, the initial loss at α = 0 and the final at α = 1", () => {
    const slice = modelLandscape(
      prepared.model,
      prepared.data,
      { initial: start, final: run.final.params, path },
      { kind: "interpolate", seed: 0, grid: 9 },
    );
    // −0.5, −0.25, 0, …, 1.5: α = 0 is index 2, α = 1 index 6.
    expect(Array.from(slice.alpha)).toEqual([-0.5, -0.25, 0, 0.25, 0.5, 0.75, 1, 1.25, 1.5]);
    expect(slice.values[2]).toBeCloseTo(run.initialLoss, 12);
    expect(slice.values[6]).toBeCloseTo(run.final.loss, 12);
    expect(slice.path.alpha[0]).toBe(0);
    expect(slice.path.alpha.at(-1)).toBeCloseTo(1, 12);
  });

  it("refuses a run whose final weights are not finite", () => {
    const broken = Float64Array.from(run.final.params);
    broken[0] = Number.NaN;
    expect(() =>
      modelLandscape(
        prepared.model,
        prepared.data,
        { initial: start, final: broken, path },
        { kind: "hessian", seed: 0 },
      ),
    ).toThrow(/final weights are not finite numbers/);
  });
});

describe("offSlice", () => {
  it("tells a real distance off the plane from rounding, at 1e-9 × the path's length", () => {
    // A path of two steps, each of length 5 (3-4-5 triangles): length 10, tolerance 1e-8.
    const points = [Float64Array.of(0, 0, 0), Float64Array.of(3, 4, 0), Float64Array.of(6, 8, 0)];
    const centre = Float64Array.of(0, 0, 0);
    const rounding = offSlice(points, Float64Array.of(0, 5.7e-17, 9e-9), centre);
    expect(rounding).toEqual({ farthest: 0, tolerance: 1e-8, onSlice: true, wholeSpace: false });
    const real = offSlice(points, Float64Array.of(0, 2e-8, 1e-3), centre);
    expect(real).toEqual({ farthest: 1e-3, tolerance: 1e-8, onSlice: false, wholeSpace: false });
  });

  it("takes the centre's norm as the scale of a path with no length, and skips non-finite distances", () => {
    // One point: no length; the centre (3, 4, 0) has norm 5, so the tolerance is 5e-9.
    const off = offSlice(
      [Float64Array.of(3, 4, 0)],
      Float64Array.of(Number.NaN, 1e-6),
      Float64Array.of(3, 4, 0),
    );
    expect(off.tolerance).toBeCloseTo(5e-9, 20);
    expect(off).toMatchObject({ farthest: 1e-6, onSlice: false });
  });
});
