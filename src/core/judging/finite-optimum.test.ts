import { describe, expect, it } from "vitest";
import { type ModelSpec, prepareModel } from "../models/model-spec.js";
import { noFiniteOptimum } from "./finite-optimum.js";

function prepared(columns: number[][], labels: number[], spec: ModelSpec = { name: "logistic" }) {
  return prepareModel(
    spec,
    columns.map((column) => Float64Array.from(column)),
    Float64Array.from(labels),
    { loss: "bce", columnNames: columns.map((_, j) => `x${j + 1}`) },
  );
}

describe("noFiniteOptimum (BCE with no finite minimum)", () => {
  it("names one class: every label 0, every label 1, or a single row", () => {
    expect(noFiniteOptimum(prepared([[1, 2, 3, 4]], [0, 0, 0, 0]))).toEqual({
      reason: "one-class",
      label: 0,
      rows: 4,
    });
    expect(noFiniteOptimum(prepared([[5]], [1]))).toEqual({ reason: "one-class", label: 1, rows: 1 });
    // A network's bias drives every prediction toward the one label just the same.
    expect(noFiniteOptimum(prepared([[1, 2]], [1, 1], { name: "mlp", hidden: [2] }))?.reason).toBe(
      "one-class",
    );
  });

  it("finds one input whose classes' ranges do not overlap, either way round, with the facing edges", () => {
    // 0s at x ≤ 2, 1s at x ≥ 3 (rows out of order).
    expect(noFiniteOptimum(prepared([[3, 1, 4, 2]], [1, 0, 1, 0]))).toEqual({
      reason: "separable",
      feature: "x1",
      lowLabel: 0,
      lowEdge: 2,
      highEdge: 3,
    });
    // 1s below, 0s above.
    expect(noFiniteOptimum(prepared([[-1, -0.5, 7]], [1, 1, 0]))).toMatchObject({
      lowLabel: 1,
      lowEdge: -0.5,
      highEdge: 7,
    });
  });

  it("has nothing to say when the classes overlap or touch at one x (a finite optimum exists or may)", () => {
    // Overlap: a 1 at x = 2 below a 0 at x = 3 — the optimum is finite.
    expect(noFiniteOptimum(prepared([[1, 2, 3, 4]], [0, 1, 0, 1]))).toBeNull();
    // Touching (a 0 and a 1 both at x = 2) is not strict separation: not claimed.
    expect(noFiniteOptimum(prepared([[1, 2, 2, 3]], [0, 0, 1, 1]))).toBeNull();
  });

  it("with several inputs, names the column that separates; a slanted boundary is not claimed (conservative)", () => {
    // x1 overlaps, x2 separates: 0s at x2 ≤ 0, 1s at x2 ≥ 1.
    const byColumn = noFiniteOptimum(
      prepared(
        [
          [1, 2, 1, 2],
          [0, -1, 1, 3],
        ],
        [0, 0, 1, 1],
      ),
    );
    expect(byColumn).toMatchObject({ reason: "separable", feature: "x2", lowEdge: 0, highEdge: 1 });
    // Separable by x1 + x2 > 2.5 only (no single column separates): not detected.
    expect(
      noFiniteOptimum(
        prepared(
          [
            [0, 3, 1, 2],
            [2, 0, 2, 1],
          ],
          [0, 0, 1, 1],
        ),
      ),
    ).toBeNull();
    // Standardizing keeps the order of a column, so the separation stays (named on the model's feature).
    const standardized = noFiniteOptimum(
      prepared([[3, 1, 4, 2]], [1, 0, 1, 0], { name: "logistic", standardize: true }),
    );
    expect(standardized).toMatchObject({ reason: "separable", feature: "z(x1)", lowLabel: 0 });
  });

  it("is never claimed for a loss other than BCE, nor for a network on two classes", () => {
    const line = prepareModel({ name: "linear" }, [Float64Array.of(1, 2)], Float64Array.of(0, 0), {
      loss: "mse",
      columnNames: ["x"],
    });
    expect(noFiniteOptimum(line)).toBeNull();
    expect(noFiniteOptimum(prepared([[1, 2, 3, 4]], [0, 0, 1, 1], { name: "mlp", hidden: [2] }))).toBeNull();
  });
});
