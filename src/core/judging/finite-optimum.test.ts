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
      model: "logistic",
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

  it("has nothing to say when the classes overlap (a finite optimum exists)", () => {
    // A 1 at x = 2 below a 0 at x = 3: every boundary misclassifies a row, and the optimum is finite.
    expect(noFiniteOptimum(prepared([[1, 2, 3, 4]], [0, 1, 0, 1]))).toBeNull();
    // XOR on two columns: no straight boundary.
    expect(
      noFiniteOptimum(
        prepared(
          [
            [0, 1, 0, 1],
            [0, 1, 1, 0],
          ],
          [0, 0, 1, 1],
        ),
      ),
    ).toBeNull();
  });

  it("touching classes (a 0 and a 1 at the same x) are quasi-complete: still no finite minimum", () => {
    // 0s at 1, 2; 1s at 2, 3. Along x = 2 the rows at 1 and 3 are fitted ever better while the two rows at
    // 2 stay at p = 0.5: the loss falls toward 2·ln 2 / 4 and never gets there.
    expect(noFiniteOptimum(prepared([[1, 2, 2, 3]], [0, 0, 1, 1]))).toEqual({
      reason: "linearly-separable",
      model: "logistic",
      separation: "quasi-complete",
      features: ["x1"],
      weights: [1],
      bias: -2,
      onBoundary: 2,
    });
  });

  it("with several inputs, names the column that separates, else the slanted boundary the LP finds", () => {
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
    // Separable only by a slanted boundary (x1 + x2 > 2.5 does it; no single column separates).
    const columns = [
      [0, 3, 1, 2],
      [2, 0, 2, 1],
    ];
    const slanted = noFiniteOptimum(prepared(columns, [0, 0, 1, 1]));
    expect(slanted).toMatchObject({
      reason: "linearly-separable",
      separation: "complete",
      features: ["x1", "x2"],
      onBoundary: 0,
    });
    if (slanted?.reason !== "linearly-separable") throw new Error("unreachable");
    const side = (r: number) =>
      slanted.weights.reduce((sum, weight, k) => sum + weight * (columns[k]?.[r] as number), slanted.bias);
    expect([0, 1, 2, 3].map((r) => Math.sign(side(r)))).toEqual([-1, -1, 1, 1]);
    // Standardizing keeps the order of a column, so the separation stays (named on the model's feature).
    const standardized = noFiniteOptimum(
      prepared([[3, 1, 4, 2]], [1, 0, 1, 0], { name: "logistic", standardize: true }),
    );
    expect(standardized).toMatchObject({ reason: "separable", feature: "z(x1)", lowLabel: 0 });
    // And a slanted separation stays slanted on the z-scores.
    expect(
      noFiniteOptimum(prepared(columns, [0, 0, 1, 1], { name: "logistic", standardize: true })),
    ).toMatchObject({ reason: "linearly-separable", features: ["z(x1)", "z(x2)"] });
  });

  it("for a network: complete separation is claimed, quasi-complete and overlap are not", () => {
    const network = { name: "mlp", hidden: [2] } as const;
    expect(noFiniteOptimum(prepared([[1, 2, 3, 4]], [0, 0, 1, 1], network))).toMatchObject({
      reason: "separable",
      model: "mlp",
    });
    expect(
      noFiniteOptimum(
        prepared(
          [
            [0, 3, 1, 2],
            [2, 0, 2, 1],
          ],
          [0, 0, 1, 1],
          network,
        ),
      ),
    ).toMatchObject({ reason: "linearly-separable", model: "mlp", separation: "complete" });
    // Touching: a curved boundary may do better at finite weights, so nothing is claimed.
    expect(noFiniteOptimum(prepared([[1, 2, 2, 3]], [0, 0, 1, 1], network))).toBeNull();
    // XOR: no straight boundary; whether the network has a minimum is not decided here.
    expect(
      noFiniteOptimum(
        prepared(
          [
            [0, 1, 0, 1],
            [0, 1, 1, 0],
          ],
          [0, 0, 1, 1],
          network,
        ),
      ),
    ).toBeNull();
  });

  it("is decided once per prepared model, however many runs ask", () => {
    const model = prepared([[1, 2, 2, 3]], [0, 0, 1, 1]);
    expect(noFiniteOptimum(model)).toBe(noFiniteOptimum(model));
  });

  it("is never claimed for a loss other than BCE", () => {
    const line = prepareModel({ name: "linear" }, [Float64Array.of(1, 2)], Float64Array.of(0, 0), {
      loss: "mse",
      columnNames: ["x"],
    });
    expect(noFiniteOptimum(line)).toBeNull();
  });
});
