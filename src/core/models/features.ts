/**
 * Input columns as a model sees them: z-scored (`--standardize`, as scikit-learn's StandardScaler and Keras
 * Normalization: the population standard deviation) and expanded into polynomial features x, x², …, xᵏ.
 * Standardizing comes first, so the powers of a far-off column do not overflow or make a valley whose
 * condition number no rate can cross.
 */
import { LrlabError } from "../errors.js";

export interface Standardized {
  readonly columns: Float64Array[];
  /** The mean and the population standard deviation of each column, to report and to undo. */
  readonly means: Float64Array;
  readonly deviations: Float64Array;
}

/** Each column minus its mean, over its population standard deviation; a constant column becomes 0s. */
export function standardize(columns: readonly ArrayLike<number>[]): Standardized {
  const means = new Float64Array(columns.length);
  const deviations = new Float64Array(columns.length);
  const out = columns.map((column, j) => {
    const n = column.length;
    let sum = 0;
    for (let i = 0; i < n; i++) sum += column[i] as number;
    const mean = n > 0 ? sum / n : 0;
    let squares = 0;
    for (let i = 0; i < n; i++) squares += ((column[i] as number) - mean) ** 2;
    const deviation = n > 0 ? Math.sqrt(squares / n) : 0;
    if (!Number.isFinite(squares)) return scaledStandardize(column, j, means, deviations);
    means[j] = mean;
    deviations[j] = deviation;
    // A constant column carries no information once centred: 0s, not a division by 0 (Keras divides by
    // max(σ, ε) with the same effect).
    return Float64Array.from({ length: n }, (_, i) =>
      deviation > 0 ? ((column[i] as number) - mean) / deviation : 0,
    );
  });
  return { columns: out, means, deviations };
}

/**
 * The same z-scores for a column whose squares overflow float64 (values past about 1e154): the two passes
 * on the column divided by its largest |value|, where every square is at most 1; the z-scores do not
 * depend on that scale. The mean and deviation (scale × the scaled ones) are at most the largest |value|,
 * so they are finite too: standardizing always helps such a column.
 */
function scaledStandardize(
  column: ArrayLike<number>,
  j: number,
  means: Float64Array,
  deviations: Float64Array,
): Float64Array {
  const n = column.length;
  let top = 0;
  for (let i = 0; i < n; i++) top = Math.max(top, Math.abs(column[i] as number));
  let sum = 0;
  for (let i = 0; i < n; i++) sum += (column[i] as number) / top;
  const mean = sum / n;
  let squares = 0;
  for (let i = 0; i < n; i++) squares += ((column[i] as number) / top - mean) ** 2;
  const deviation = Math.sqrt(squares / n);
  means[j] = top * mean;
  deviations[j] = top * deviation;
  return Float64Array.from({ length: n }, (_, i) =>
    deviation > 0 ? ((column[i] as number) / top - mean) / deviation : 0,
  );
}

/** x, x², …, x^degree, for `degree` ≥ 1. */
export function polynomialFeatures(x: ArrayLike<number>, degree: number): Float64Array[] {
  if (!Number.isInteger(degree) || degree < 1)
    throw new LrlabError("E_BAD_ARGUMENT", `--degree: expected an integer ≥ 1, got ${degree}`);
  const n = x.length;
  const powers: Float64Array[] = [Float64Array.from(x)];
  for (let k = 2; k <= degree; k++) {
    const previous = powers[k - 2] as Float64Array;
    powers.push(Float64Array.from({ length: n }, (_, i) => (previous[i] as number) * (x[i] as number)));
  }
  return powers;
}
