/**
 * Whether a hyperplane separates the two classes of a data set, decided exactly (up to a stated
 * tolerance) by linear programs: the question that settles whether logistic regression has a finite
 * maximum-likelihood estimate (Albert & Anderson 1984; Konis 2007's safeBinaryRegression also uses an LP).
 *
 * With sᵢ = +1 for label 1 and −1 for label 0, and x̃ᵢ = (xᵢ, 1), write aᵢ = sᵢ·x̃ᵢ. Then for weights β
 * (bias included), the logit's margin on row i is aᵢ·β.
 * - Complete separation: some β has aᵢ·β > 0 on every row (the convex hulls of the classes do not meet).
 *   By Gordan's theorem, exactly when no λ ≥ 0 with Σλ = 1 has Σ λᵢaᵢ = 0.
 * - Quasi-complete separation: some β has aᵢ·β ≥ 0 on every row and > 0 on at least one (the hulls'
 *   relative interiors do not meet; some rows lie on the boundary). By Stiemke's theorem, exactly when no
 *   λ with every λᵢ ≥ 1 has Σ λᵢaᵢ = 0.
 * In either case BCE has no finite minimum: moving the weights along β lowers the loss on the rows off
 * the boundary and leaves the others unchanged, forever. Otherwise ("overlap") the loss grows in every
 * direction that changes a prediction, and a minimum exists (not unique when columns are collinear).
 *
 * Each question is one phase-1 LP on d + 1 (or d + 2) equality rows and n columns, O(n·d) per pivot.
 * Separability does not change under an invertible affine map of the inputs (the bias absorbs the
 * shift), so each column is first mapped onto [−1, 1] (a constant column drops out). Every "separated"
 * answer is checked against its certificate β on every row before it is given: a row whose margin is
 * within SEPARATION_TOLERANCE of the largest margin counts as on the boundary. When rounding leaves a
 * certificate that does not check, the answer is "unknown" and nothing is claimed.
 */
import { phaseOne } from "./phase-one.js";

/** Margins within this fraction of the largest margin (on columns scaled to [−1, 1]) count as 0. */
export const SEPARATION_TOLERANCE = 1e-9;

export type LinearSeparation =
  | { readonly kind: "overlap" }
  | {
      readonly kind: "complete" | "quasi-complete";
      /**
       * A boundary, on the inputs as given: label 1 where weights·x + bias > 0 (≥ 0 for quasi-complete),
       * label 0 where < 0 (≤ 0); the largest |weight| is 1.
       */
      readonly weights: readonly number[];
      readonly bias: number;
      /** The rows on the boundary (0 for complete separation). */
      readonly onBoundary: number;
    }
  | { readonly kind: "unknown" };

/**
 * @param inputs row-major, `features` values per row.
 * @param labels 0 or 1 per row.
 */
export function linearSeparation(
  inputs: Float64Array,
  labels: Float64Array,
  features: number,
): LinearSeparation {
  const n = labels.length;
  const d = features;
  const { center, halfRange } = columnRanges(inputs, n, d);
  // M: row k < d holds sᵢ·zᵢₖ, row d holds sᵢ; column i is aᵢ on the scaled inputs.
  const m = d + 1;
  const matrix = new Float64Array(m * n);
  for (let i = 0; i < n; i++) {
    const sign = labels[i] === 1 ? 1 : -1;
    for (let k = 0; k < d; k++) {
      const spread = halfRange[k] as number;
      const z = spread > 0 ? ((inputs[i * d + k] as number) - (center[k] as number)) / spread : 0;
      matrix[k * n + i] = sign * z;
    }
    matrix[d * n + i] = sign;
  }

  // Overlap ⇔ some λ ≥ 1 has Mλ = 0 ⇔ (μ = λ − 1, scaled by 1/n) μ ≥ 0 with Mμ = −mean of M's columns.
  const meanColumn = new Float64Array(m);
  for (let k = 0; k < m; k++) {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += matrix[k * n + i] as number;
    meanColumn[k] = -sum / n;
  }
  const quasi = phaseOne(matrix, m, n, meanColumn);
  if (quasi.feasible === true) return { kind: "overlap" };
  if (quasi.feasible === null) return { kind: "unknown" };
  // yᵀaᵢ ≥ 0 on every row and yᵀ(mean aᵢ) > 0: y is a weakly separating β.
  const weak = checkedMargins(matrix, m, n, quasi.certificate);
  if (weak === null) return { kind: "unknown" };
  if (weak.onBoundary === 0)
    return separated("complete", quasi.certificate, weak.onBoundary, center, halfRange);

  // Complete ⇔ no λ ≥ 0 with Σλ = 1 and Mλ = 0; the certificate (β, γ) has βᵀaᵢ ≥ −γ > 0.
  const withSum = new Float64Array((m + 1) * n);
  withSum.set(matrix);
  withSum.fill(1, m * n);
  const rhs = new Float64Array(m + 1);
  rhs[m] = 1;
  const complete = phaseOne(withSum, m + 1, n, rhs);
  if (complete.feasible === false) {
    const beta = complete.certificate.subarray(0, m);
    const strict = checkedMargins(matrix, m, n, beta);
    if (strict !== null && strict.onBoundary === 0) return separated("complete", beta, 0, center, halfRange);
  }
  return separated("quasi-complete", quasi.certificate, weak.onBoundary, center, halfRange);
}

/** The centre and half-width of each column's range, mapping it onto [−1, 1]. */
function columnRanges(inputs: Float64Array, n: number, d: number) {
  const center = new Float64Array(d);
  const halfRange = new Float64Array(d);
  for (let k = 0; k < d; k++) {
    let low = Number.POSITIVE_INFINITY;
    let high = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < n; i++) {
      const value = inputs[i * d + k] as number;
      if (value < low) low = value;
      if (value > high) high = value;
    }
    center[k] = low / 2 + high / 2;
    halfRange[k] = high / 2 - low / 2;
  }
  return { center, halfRange };
}

/**
 * The rows on the boundary of β, when β weakly separates (every margin ≥ −tolerance·largest, and some
 * margin positive); null when it does not.
 */
function checkedMargins(
  matrix: Float64Array,
  m: number,
  n: number,
  beta: Float64Array,
): { onBoundary: number } | null {
  const margins = new Float64Array(n);
  let largest = 0;
  for (let i = 0; i < n; i++) {
    let margin = 0;
    for (let k = 0; k < m; k++) margin += (beta[k] as number) * (matrix[k * n + i] as number);
    margins[i] = margin;
    largest = Math.max(largest, Math.abs(margin));
  }
  if (!(largest > 0) || !Number.isFinite(largest)) return null;
  let onBoundary = 0;
  for (const margin of margins) {
    if (margin < -SEPARATION_TOLERANCE * largest) return null;
    if (margin <= SEPARATION_TOLERANCE * largest) onBoundary++;
  }
  return onBoundary < n ? { onBoundary } : null;
}

/** The boundary β on the scaled columns, mapped back onto the inputs as given. */
function separated(
  kind: "complete" | "quasi-complete",
  beta: Float64Array,
  onBoundary: number,
  center: Float64Array,
  halfRange: Float64Array,
): LinearSeparation {
  const d = center.length;
  const weights: number[] = [];
  let bias = beta[d] as number;
  for (let k = 0; k < d; k++) {
    const spread = halfRange[k] as number;
    // "+ 0" turns −0 into 0, which JSON and the words print alike.
    const weight = spread > 0 ? (beta[k] as number) / spread + 0 : 0;
    weights.push(weight);
    bias -= weight * (center[k] as number);
  }
  const largest = Math.max(...weights.map(Math.abs));
  // A β with every weight 0 separates nothing when both classes are present; the caller checked that.
  const scale = largest > 0 ? largest : 1;
  return { kind, weights: weights.map((weight) => weight / scale + 0), bias: bias / scale + 0, onBoundary };
}
