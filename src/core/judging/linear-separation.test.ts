import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createRandom } from "../random.js";
import { type LinearSeparation, linearSeparation } from "./linear-separation.js";

/** The separation of points given as rows, labels 0/1. */
function separationOf(points: readonly (readonly number[])[], labels: readonly number[]): LinearSeparation {
  const features = points[0]?.length ?? 0;
  return linearSeparation(Float64Array.from(points.flat()), Float64Array.from(labels), features);
}

/** weights·x + bias on each point: the margin the boundary gives it. */
function sides(separation: LinearSeparation, points: readonly (readonly number[])[]): number[] {
  if (separation.kind !== "complete" && separation.kind !== "quasi-complete") return [];
  return points.map((point) =>
    point.reduce((sum, value, k) => sum + (separation.weights[k] as number) * value, separation.bias),
  );
}

describe("linearSeparation (exact, by linear programs)", () => {
  it("XOR is not separable: the two diagonals cross", () => {
    expect(
      separationOf(
        [
          [0, 0],
          [1, 1],
          [0, 1],
          [1, 0],
        ],
        [0, 0, 1, 1],
      ),
    ).toEqual({ kind: "overlap" });
  });

  it("separates a slanted diagonal split that no single column separates, with a boundary that holds", () => {
    // 0s at (0, 2), (3, 0); 1s at (1, 2), (2, 1): on each column the classes' ranges overlap, but the
    // boundary 2·x1 + 3·x2 = 6.5 puts the 0s at 6 and 6, below it, and the 1s at 8 and 7, above.
    const points = [
      [0, 2],
      [3, 0],
      [1, 2],
      [2, 1],
    ];
    const labels = [0, 0, 1, 1];
    const separation = separationOf(points, labels);
    expect(separation).toMatchObject({ kind: "complete", onBoundary: 0 });
    const margins = sides(separation, points);
    margins.forEach((margin, i) => {
      expect(Math.sign(margin)).toBe(labels[i] === 1 ? 1 : -1);
    });
    if (separation.kind !== "complete") throw new Error("unreachable");
    expect(Math.max(...separation.weights.map(Math.abs))).toBe(1);
  });

  it("touching hulls are quasi-complete: the boundary runs through the shared points", () => {
    // One input: 0s at 1, 2; 1s at 2, 3. Only x = 2 separates, with the two rows at 2 on it.
    const touching1d = separationOf([[1], [2], [2], [3]], [0, 0, 1, 1]);
    expect(touching1d).toEqual({ kind: "quasi-complete", weights: [1], bias: -2, onBoundary: 2 });
    // Two inputs: the segment (0,0)–(2,0) of 0s and (1,0)–(1,1) of 1s meet at (1, 0); x2 = 0 separates
    // them weakly, with three rows on it.
    const touching2d = separationOf(
      [
        [0, 0],
        [2, 0],
        [1, 0],
        [1, 1],
      ],
      [0, 0, 1, 1],
    );
    expect(touching2d).toEqual({ kind: "quasi-complete", weights: [0, 1], bias: 0, onBoundary: 3 });
  });

  it("one point per class is completely separated, however close the points", () => {
    const separation = separationOf(
      [
        [1, 5],
        [1, 5.0001],
      ],
      [0, 1],
    );
    expect(separation.kind).toBe("complete");
    const [low, high] = sides(separation, [
      [1, 5],
      [1, 5.0001],
    ]) as [number, number];
    expect(low).toBeLessThan(0);
    expect(high).toBeGreaterThan(0);
  });

  it("duplicates with both labels: quasi-complete when the rest lies on either side, overlap alone", () => {
    // (1, 1) is both a 0 and a 1; (0, 0) a 0 and (2, 2) a 1: x1 + x2 = 2 through the duplicate.
    expect(
      separationOf(
        [
          [1, 1],
          [1, 1],
          [0, 0],
          [2, 2],
        ],
        [0, 1, 0, 1],
      ),
    ).toEqual({ kind: "quasi-complete", weights: [1, 1], bias: -2, onBoundary: 2 });
    // Only the duplicate: no boundary does better than p = 0.5 on both, a finite optimum.
    expect(
      separationOf(
        [
          [1, 1],
          [1, 1],
        ],
        [0, 1],
      ),
    ).toEqual({ kind: "overlap" });
  });

  it("collinear inputs (x2 = 2·x1) separate as their one direction does", () => {
    const points = [
      [1, 2],
      [2, 4],
      [3, 6],
      [4, 8],
    ];
    const split = separationOf(points, [0, 0, 1, 1]);
    expect(split.kind).toBe("complete");
    expect(sides(split, points).map(Math.sign)).toEqual([-1, -1, 1, 1]);
    expect(separationOf(points, [0, 1, 0, 1])).toEqual({ kind: "overlap" });
    // A constant column drops out; the other one decides.
    expect(
      separationOf(
        [
          [7, 1],
          [7, 2],
          [7, 3],
        ],
        [0, 1, 0],
      ).kind,
    ).toBe("overlap");
    expect(
      separationOf(
        [
          [7, 1],
          [7, 2],
          [7, 3],
        ],
        [0, 1, 1],
      ),
    ).toMatchObject({ kind: "complete" });
  });

  it("agrees with a brute-force vertex enumeration on small random 2-D sets", () => {
    const point = fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 3 }));
    const dataSet = fc
      .array(fc.tuple(point, fc.integer({ min: 0, max: 1 })), { minLength: 2, maxLength: 7 })
      .filter((rows) => rows.some(([, label]) => label === 0) && rows.some(([, label]) => label === 1));
    const seen = new Set<string>();
    fc.assert(
      fc.property(dataSet, (rows) => {
        const points = rows.map(([xy]) => xy);
        const labels = rows.map(([, label]) => label);
        const separation = separationOf(points, labels);
        const expected = bruteForceSeparation(points, labels);
        seen.add(expected);
        expect(separation.kind).toBe(expected);
        // The boundary given separates as claimed.
        if (separation.kind === "complete" || separation.kind === "quasi-complete") {
          const margins = sides(separation, points);
          margins.forEach((margin, i) => {
            const signed = labels[i] === 1 ? margin : -margin;
            if (separation.kind === "complete") expect(signed).toBeGreaterThan(0);
            else expect(signed).toBeGreaterThanOrEqual(-1e-9);
          });
        }
      }),
      { numRuns: 400, seed: 12 },
    );
    // The random sets reach all three answers, so the comparison tests each.
    expect([...seen].sort()).toEqual(["complete", "overlap", "quasi-complete"]);
  });

  it("stays fast on 10⁵ rows × 10 columns, separable or not", () => {
    const random = createRandom(7);
    const rows = 100_000;
    const features = 10;
    const inputs = Float64Array.from({ length: rows * features }, () => random.uniform() * 2 - 1);
    const direction = Array.from({ length: features }, () => random.uniform() - 0.5);
    const separable = new Float64Array(rows);
    const noisy = new Float64Array(rows);
    for (let i = 0; i < rows; i++) {
      let logit = 0.1;
      for (let k = 0; k < features; k++)
        logit += (direction[k] as number) * (inputs[i * features + k] as number);
      separable[i] = logit > 0 ? 1 : 0;
      noisy[i] = logit + 0.3 * (random.uniform() - 0.5) > 0 ? 1 : 0;
    }
    // Measured here (2 cores): about 0.8 s separable, 0.2 s overlapping; the timeout leaves room for CI.
    expect(linearSeparation(inputs, separable, features).kind).toBe("complete");
    expect(linearSeparation(inputs, noisy, features).kind).toBe("overlap");
  }, 20_000);
});

/**
 * The oracle, in integer arithmetic: with aᵢ = sᵢ·(xᵢ, yᵢ, 1), the polytope P = {β : Aβ ≥ 0, −1 ≤ β ≤ 1}
 * has its vertices where three independent constraints are tight (Cramer's rule). Σᵢ aᵢ·β is maximal at a
 * vertex, so some vertex has Aβ ≥ 0, ≠ 0 exactly when the classes are (quasi-)separable. The interior of P
 * is {Aβ > 0} ∩ box when that is not empty, and the mean of P's vertices lies in P's relative interior: so
 * the separation is complete exactly when every row has a vertex with aᵢ·β > 0.
 */
function bruteForceSeparation(points: readonly (readonly number[])[], labels: readonly number[]) {
  const rows = points.map((point, i) => {
    const sign = labels[i] === 1 ? 1 : -1;
    return [sign * (point[0] as number), sign * (point[1] as number), sign];
  });
  // Each constraint as (normal, value): aᵢ·β = 0, or βₖ = ±1.
  const constraints: [number[], number][] = rows.map((row) => [row, 0]);
  for (let k = 0; k < 3; k++) {
    for (const value of [1, -1]) constraints.push([[0, 1, 2].map((j) => (j === k ? 1 : 0)), value]);
  }
  const vertices: { numerator: number[]; denominator: number }[] = [];
  for (let a = 0; a < constraints.length; a++) {
    for (let b = a + 1; b < constraints.length; b++) {
      for (let c = b + 1; c < constraints.length; c++) {
        const system = [constraints[a], constraints[b], constraints[c]] as [number[], number][];
        const matrix = system.map(([normal]) => normal);
        const rhs = system.map(([, value]) => value);
        const denominator = det3(matrix);
        if (denominator === 0) continue;
        const numerator = [0, 1, 2].map((k) =>
          det3(matrix.map((row, i) => row.map((entry, j) => (j === k ? (rhs[i] as number) : entry)))),
        );
        const inBox = numerator.every((value) => Math.abs(value) <= Math.abs(denominator));
        const sign = Math.sign(denominator);
        const feasible = rows.every((row) => sign * dot(row, numerator) >= 0);
        if (inBox && feasible) vertices.push({ numerator, denominator });
      }
    }
  }
  const positive = (row: number[]) =>
    vertices.some(({ numerator, denominator }) => Math.sign(denominator) * dot(row, numerator) > 0);
  if (!rows.some(positive)) return "overlap";
  return rows.every(positive) ? "complete" : "quasi-complete";
}

function dot(a: readonly number[], b: readonly number[]): number {
  return a.reduce((sum, value, i) => sum + value * (b[i] as number), 0);
}

function det3(m: readonly (readonly number[])[]): number {
  const [a, b, c] = m as [number[], number[], number[]];
  return (
    (a[0] as number) * ((b[1] as number) * (c[2] as number) - (b[2] as number) * (c[1] as number)) -
    (a[1] as number) * ((b[0] as number) * (c[2] as number) - (b[2] as number) * (c[0] as number)) +
    (a[2] as number) * ((b[0] as number) * (c[1] as number) - (b[1] as number) * (c[0] as number))
  );
}
