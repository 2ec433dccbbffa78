import { describe, expect, it } from "vitest";
import { builtinData } from "../data/data.js";
import { polynomialFeatures, standardize } from "./features.js";
import { linearDesignStats, linearDesignTheory } from "./linear-theory.js";

/**
 * An independent oracle for the polynomial least-squares minimum: Legendre polynomials of t, the data's x
 * mapped affinely onto [−1, 1], span the same functions as 1, x, …, x^degree, and are nearly orthogonal
 * there, so their normal equations are well conditioned and plain Gaussian elimination with partial
 * pivoting solves them to many digits. Returns the mean squared residual.
 */
function legendreMinimum(x: ArrayLike<number>, y: ArrayLike<number>, degree: number): number {
  const n = x.length;
  const xs = Array.from(x);
  const lo = Math.min(...xs);
  const hi = Math.max(...xs);
  const size = degree + 1;
  // basis[i][k] = P_k(t_i), by Bonnet's recursion (k+1)P_{k+1} = (2k+1)tP_k − kP_{k−1}.
  const basis = xs.map((value) => {
    const t = (2 * value - lo - hi) / (hi - lo);
    const row = [1, t];
    for (let k = 1; k + 1 < size; k++)
      row.push(((2 * k + 1) * t * at(row, k) - k * at(row, k - 1)) / (k + 1));
    return row.slice(0, size);
  });
  // The augmented normal equations [BᵀB | Bᵀy].
  const system = Array.from({ length: size }, (_, j) => {
    const row = new Array<number>(size + 1).fill(0);
    for (const [i, values] of basis.entries()) {
      for (let k = 0; k < size; k++) row[k] = at(row, k) + at(values, j) * at(values, k);
      row[size] = at(row, size) + at(values, j) * at(y, i);
    }
    return row;
  });
  const rowOf = (r: number) => system[r] as number[];
  for (let col = 0; col < size; col++) {
    let pivot = col;
    for (let r = col + 1; r < size; r++)
      if (Math.abs(at(rowOf(r), col)) > Math.abs(at(rowOf(pivot), col))) pivot = r;
    [system[col], system[pivot]] = [rowOf(pivot), rowOf(col)];
    for (let r = col + 1; r < size; r++) {
      const factor = at(rowOf(r), col) / at(rowOf(col), col);
      for (let c = col; c <= size; c++) rowOf(r)[c] = at(rowOf(r), c) - factor * at(rowOf(col), c);
    }
  }
  const coefficients = new Array<number>(size).fill(0);
  for (let r = size - 1; r >= 0; r--) {
    let value = at(rowOf(r), size);
    for (let c = r + 1; c < size; c++) value -= at(rowOf(r), c) * at(coefficients, c);
    coefficients[r] = value / at(rowOf(r), r);
  }
  let squares = 0;
  for (const [i, values] of basis.entries()) {
    let fitted = 0;
    for (let k = 0; k < size; k++) fitted += at(coefficients, k) * at(values, k);
    squares += (at(y, i) - fitted) ** 2;
  }
  return squares / n;
}

const at = (values: ArrayLike<number>, index: number) => values[index] as number;
const relativeGap = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

describe("the least-squares optimum of the linear family", () => {
  const data = builtinData();
  const theoryOf = (columns: Float64Array[]) => linearDesignTheory(linearDesignStats(columns, data.y));

  it("is the same for raw and standardized x, degrees 2 to 12 (an affine change of x keeps the family)", () => {
    // Before the QR solve, raw degree 12 reported L* = 0.939455 against 0.932678 standardized (0.7% apart).
    const z = standardize([data.x]).columns[0] as Float64Array;
    for (let degree = 2; degree <= 12; degree++) {
      const raw = theoryOf(polynomialFeatures(data.x, degree));
      const standardized = theoryOf(polynomialFeatures(z, degree));
      expect(relativeGap(raw.optimum.loss, standardized.optimum.loss), `degree ${degree}`).toBeLessThan(1e-9);
      expect(raw.optimumApproximate, `degree ${degree}`).toBe(false);
    }
  });

  it("matches an independent solve in the Legendre basis, degrees 1 to 12", () => {
    for (let degree = 1; degree <= 12; degree++) {
      const raw = theoryOf(polynomialFeatures(data.x, degree));
      expect(
        relativeGap(raw.optimum.loss, legendreMinimum(data.x, data.y, degree)),
        `degree ${degree}`,
      ).toBeLessThan(1e-9);
    }
    // The degree-12 minimum, to the digits the CLI prints.
    expect(theoryOf(polynomialFeatures(data.x, 12)).optimum.loss).toBeCloseTo(0.932678, 6);
  });

  it("gives raw weights whose loss, summed over the rows, is L*", () => {
    // w* is ill-conditioned in raw powers, but it must still attain the minimum it reports.
    const columns = polynomialFeatures(data.x, 12);
    const { optimum } = theoryOf(columns);
    let squares = 0;
    for (let i = 0; i < data.x.length; i++) {
      let fitted = optimum.b;
      for (let k = 0; k < columns.length; k++) fitted += at(optimum.w, k) * at(columns[k] as Float64Array, i);
      squares += (at(data.y, i) - fitted) ** 2;
    }
    expect(relativeGap(squares / data.x.length, optimum.loss)).toBeLessThan(1e-6);
  });

  it("says L* is approximate only where float64 cannot tell a column from its neighbour", () => {
    const a = Float64Array.from({ length: 20 }, (_, i) => i);
    const y = Float64Array.from({ length: 20 }, (_, i) => 3 * i + (i % 3));
    const wiggle = Float64Array.from({ length: 20 }, (_, i) => (i % 2) - 0.5);
    const independent = Float64Array.from(a, (value, i) => value + (wiggle[i] as number));
    const duplicate = Float64Array.from(a, (value) => 2 * value + 1);
    // a + 1e−11·wiggle: distinct columns, but the difference is 1e−11 of their size.
    const nearly = Float64Array.from(a, (value, i) => value + 1e-11 * (wiggle[i] as number));
    const approximate = (second: Float64Array) =>
      linearDesignTheory(linearDesignStats([a, second], y)).optimumApproximate;
    expect(approximate(independent)).toBe(false);
    expect(approximate(duplicate)).toBe(false);
    expect(approximate(nearly)).toBe(true);
  });

  it("gives an exact duplicate column's minimum-norm share and the one-column loss", () => {
    const a = Float64Array.from({ length: 10 }, (_, i) => i);
    const y = Float64Array.from({ length: 10 }, (_, i) => 2 * i + 1 + (i % 2) * 0.5);
    const one = linearDesignTheory(linearDesignStats([a], y));
    const two = linearDesignTheory(linearDesignStats([a, a], y));
    expect(relativeGap(two.optimum.loss, one.optimum.loss)).toBeLessThan(1e-12);
    // Minimum norm on the unit-norm scale splits the weight evenly: w₁ = w₂ = w/2.
    expect(two.optimum.w[0]).toBeCloseTo(at(one.optimum.w, 0) / 2, 12);
    expect(two.optimum.w[1]).toBeCloseTo(at(one.optimum.w, 0) / 2, 12);
  });

  it("counts the design's null space apart from directions that only look flat beside λmax", () => {
    const a = Float64Array.from({ length: 10 }, (_, i) => i);
    const y = Float64Array.from({ length: 10 }, (_, i) => 2 * i + 1 + (i % 3));
    const theoryOf2 = (second: Float64Array) => linearDesignTheory(linearDesignStats([a, second], y));
    // b = a: one exact null direction; what moves, along (1, 1)/√2, is the one column √2·a.
    const duplicate = theoryOf2(a);
    expect([duplicate.flatDirections, duplicate.nullDirections]).toEqual([1, 1]);
    const oneColumn = linearDesignTheory(
      linearDesignStats([Float64Array.from(a, (value) => Math.SQRT2 * value)], y),
    );
    expect(duplicate.movingConditionNumber).toBeCloseTo(oneColumn.conditionNumber, 8);
    // Scales 1e5 and 1e−4: flat beside λmax, but no null space; the moving condition number stays ∞.
    const big = Float64Array.from(a, (value) => value * 1e5);
    const tiny = Float64Array.from(a, (_, i) => (((i * 7) % 5) - 2) * 1e-4);
    const scales = linearDesignTheory(linearDesignStats([big, tiny], y));
    expect(scales.flatDirections).toBeGreaterThan(0);
    expect(scales.nullDirections).toBe(0);
    expect(scales.movingConditionNumber).toBe(Number.POSITIVE_INFINITY);
  });
});
