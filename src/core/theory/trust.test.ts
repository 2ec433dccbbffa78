import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { errorOf } from "../../test-support/optimizer-trajectory.js";
import { builtinData, type Dataset } from "../data/data.js";
import { linearStats, mseAt } from "../data/stats.js";
import { closeness } from "../judging/closeness.js";
import { train } from "../training/train.js";
import { linearMseTheory } from "./theory.js";
import { checkFeatureColumns, checkNumericRange, checkStart, LARGEST_TRUSTED_VALUE } from "./trust.js";

const dataOf = (xs: readonly number[], ys: readonly number[], source = "data.csv"): Dataset => ({
  x: Float64Array.from(xs),
  y: Float64Array.from(ys),
  xName: "x",
  yName: "y",
  source,
});

describe("checkNumericRange", () => {
  it("refuses x around 1e300 with 'rescale x' and the range that works", () => {
    // The b.csv: x = 1e300, 2e300, 3e300 gave "critical rate 0, try ≤ 0" with exit 0.
    const error = errorOf(() => checkNumericRange(dataOf([1e300, 2e300, 3e300], [2, 4, 6], "b.csv")));
    expect(error.code).toBe("E_BAD_DATA");
    expect(error.message).toBe(
      "b.csv: x reaches 3e300, too large to square in float64; rescale x so its values lie within ±1e150 (e.g. divide by 3e297)",
    );
  });

  it("refuses y around 1e300 with 'rescale y'", () => {
    // The y.csv: every loss was non-finite and the run still said "completed".
    const error = errorOf(() => checkNumericRange(dataOf([1, 2, 3], [1e300, 2e300, -3e300], "y.csv")));
    expect(error.code).toBe("E_BAD_DATA");
    expect(error.message).toMatch(
      /^y\.csv: y reaches 3e300, too large to square in float64; rescale y so its values lie within ±1e150/,
    );
  });

  it("refuses an x spread of 1e-160, whose square is subnormal, with 'rescale x'", () => {
    // x = 1e-160, 2e-160, 3e-160: spread √(2/3)·1e-160 = 8.2e-161. Once answered with a silently wrong line.
    const error = errorOf(() => checkNumericRange(dataOf([1e-160, 2e-160, 3e-160], [1, 2, 3], "tiny.csv")));
    expect(error.code).toBe("E_BAD_DATA");
    expect(error.message).toBe(
      "tiny.csv: x varies by only about 8e-161, too little for float64 to measure a slope; rescale x so it varies by more than 1e-140 (e.g. multiply by 1e160)",
    );
  });

  it("accepts all-equal x (a legitimate degenerate case) and values right at ±1e150", () => {
    expect(checkNumericRange(dataOf([3, 3, 3], [1, 2, 3])).sxx).toBe(0);
    // 1 + 1e-160 is 1 in float64: all x equal, not a tiny spread.
    expect(checkNumericRange(dataOf([1, 1 + 1e-160, 1], [1, 2, 3])).degenerate).toBe(true);
    expect(() =>
      checkNumericRange(dataOf([-LARGEST_TRUSTED_VALUE, LARGEST_TRUSTED_VALUE], [1, -1])),
    ).not.toThrow();
    expect(() => checkNumericRange(dataOf([1, 2], [LARGEST_TRUSTED_VALUE, 0]))).not.toThrow();
    expect(errorOf(() => checkNumericRange(dataOf([1.01e150, 0], [1, 2]))).message).toMatch(/rescale x/);
  });

  it("refuses statistics whose sums overflow, even when every value is in range", () => {
    // Summing ~1e9 values near 1e150 overflows Σ(x − x̄)²; such statistics, handed in, are refused.
    const stats = { ...linearStats(dataOf([1, 2, 3], [1, 2, 3])), sxx: Number.POSITIVE_INFINITY };
    const error = errorOf(() => checkNumericRange(dataOf([1, 2, 3], [1, 2, 3], "big.csv"), stats));
    expect(error.message).toMatch(
      /^big\.csv: the sums of squares overflow float64 \(3 points\); rescale x and y/,
    );
  });

  it("returns the statistics it checked", () => {
    const data = builtinData();
    expect(checkNumericRange(data)).toEqual(linearStats(data));
  });

  it("accepts exactly the data within range, and what it accepts has finite theory and trains finitely (property)", () => {
    const mantissa = fc.integer({ min: -999, max: 999 }).map((i) => i / 100);
    fc.assert(
      fc.property(
        fc.array(fc.tuple(mantissa, mantissa), { minLength: 2, maxLength: 12 }),
        fc.integer({ min: -170, max: 160 }),
        fc.integer({ min: -170, max: 160 }),
        (points, xPower, yPower) => {
          const xs = points.map(([x]) => x * 10 ** xPower);
          const ys = points.map(([, y]) => y * 10 ** yPower);
          const data = dataOf(xs, ys);
          const largest = (values: number[]) => Math.max(...values.map(Math.abs));
          const mean = xs.reduce((sum, x) => sum + x, 0) / xs.length;
          const variance = xs.reduce((sum, x) => sum + (x - mean) ** 2, 0) / xs.length;
          const outOfRange =
            largest(xs) > LARGEST_TRUSTED_VALUE ||
            largest(ys) > LARGEST_TRUSTED_VALUE ||
            (Math.max(...xs) > Math.min(...xs) && variance < 1e-290) ||
            (largest(ys) > 0 && largest(ys) < 1e-140);
          let stats: ReturnType<typeof checkNumericRange>;
          try {
            stats = checkNumericRange(data);
          } catch (error) {
            expect(outOfRange).toBe(true);
            expect((error as Error).message).toMatch(/rescale [xy]/);
            return;
          }
          expect(outOfRange).toBe(false);
          const theory = linearMseTheory(stats);
          const numbers = [
            stats.optimum.w,
            stats.optimum.b,
            stats.optimum.loss,
            ...theory.hessianEigenvalues,
            theory.criticalLearningRate,
            theory.optimalLearningRate,
            closeness(stats).gap,
            mseAt(stats, 0, 0),
          ];
          for (const value of numbers) expect(Number.isFinite(value)).toBe(true);
          expect(theory.criticalLearningRate).toBeGreaterThan(0);
          const run = train(data, { learningRate: 0.5 * theory.criticalLearningRate, steps: 20, stats });
          expect(run.status).toBe("completed");
          for (const loss of run.history.loss) expect(Number.isFinite(loss)).toBe(true);
        },
      ),
    );
  });
});

describe("checkStart", () => {
  const stats = linearStats(builtinData());

  it("refuses a start whose loss would overflow, with the bound that works on this data", () => {
    // mean x² ≈ 2.33 on the built-in data: |w| up to √(1e300/2.33) ≈ 6.5e149 keeps the loss below 1e300.
    const w = errorOf(() => checkStart(stats, 1e300, 0));
    expect(w.code).toBe("E_BAD_ARGUMENT");
    expect(w.message).toBe(
      "initialW: 1e300 puts the starting loss beyond what float64 can hold on this data; expected a value within ±1e149",
    );
    const b = errorOf(() => checkStart(stats, 0, -1e300, { w: "--init-w", b: "--init-b" }));
    expect(b.message).toBe(
      "--init-b: -1e300 puts the starting loss beyond what float64 can hold on this data; expected a value within ±1e150",
    );
    expect(errorOf(() => checkStart(stats, Number.NaN, 0)).message).toMatch(/^initialW: NaN/);
  });

  it("accepts starts up to the bound, whose loss is finite", () => {
    expect(() => checkStart(stats, 1e149, 0)).not.toThrow();
    expect(() => checkStart(stats, -1e149, 1e150)).not.toThrow();
    expect(Number.isFinite(mseAt(stats, 1e149, 1e149))).toBe(true);
  });

  it("refuses what train would call diverged at step 0: a start whose loss is already infinite", () => {
    const data = builtinData();
    const run = train(data, { learningRate: 0.1, steps: 10, initialW: 1e160 });
    expect(run.status).toBe("diverged");
    expect(run.divergedAtStep).toBe(0);
    expect(run.steps).toBe(0);
    expect(run.history.loss[0]).toBe(Number.POSITIVE_INFINITY);
    expect(() => checkStart(stats, 1e160, 0)).toThrow(/puts the starting loss beyond what float64 can hold/);
  });
});

describe("checkFeatureColumns", () => {
  it("checks every column, not only the first, and names the one to rescale", () => {
    const ok = Float64Array.from([1, 2, 3]);
    expect(() =>
      checkFeatureColumns("big.csv", [
        { name: "a", values: ok },
        { name: "big", values: Float64Array.from([1e150, 2e150, 3e150]) },
      ]),
    ).toThrow(
      'big.csv: column "big" reaches 3e150, too large to square in float64; rescale it so its values lie within ±1e150 (e.g. divide by 3e147)',
    );
    expect(() =>
      checkFeatureColumns("t.csv", [
        { name: "a", values: ok },
        { name: "tiny", values: Float64Array.from([1e-200, 2e-200, 3e-200]) },
      ]),
    ).toThrow(/^t\.csv: column "tiny" varies by only about 1e-200, .* \(e\.g\. multiply by 1e200\)$/);
    // A subnormal spread has no finite reciprocal: no "multiply by Infinity".
    const subnormal = () =>
      checkFeatureColumns("s.csv", [{ name: "s", values: Float64Array.from([1e-320, 2e-320, 3e-320]) }]);
    expect(subnormal).toThrow(/its values are subnormal/);
    expect(subnormal).not.toThrow(/Infinity/);
    // A constant column is a legitimate degenerate case, left to the theory (collinear, drop it).
    expect(() =>
      checkFeatureColumns("c.csv", [{ name: "c", values: Float64Array.from([5, 5, 5]) }]),
    ).not.toThrow();
  });
});
