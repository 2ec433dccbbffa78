/**
 * The least-squares optimum of y ≈ X·w + b solved from the rows, never from the Gram matrix: forming
 * XᵀX squares the condition number, so raw powers x, …, x¹² (condition ~1e8 once scaled) became ~1e16 and
 * the solve dropped real directions, reporting a loss 0.7% above the true minimum. Here the columns are
 * centred and scaled to unit norm, reduced by Householder QR (Golub & Van Loan §5.3, backward stable) and
 * the small triangle R is split by one-sided Jacobi SVD (Hestenes; Demmel & Veselić), so every singular
 * value is accurate relative to the largest. The minimum-norm solution on that unit-norm scale drops only
 * directions collinear to working precision, and a constant column gets weight 0.
 */

export interface LeastSquaresOptimum {
  readonly w: Float64Array;
  readonly b: number;
  /** L* = mean squared residual at (w, b), never below 0. */
  readonly loss: number;
  /**
   * True when float64 cannot resolve the optimum: some direction of the scaled design is neither clearly
   * present nor clearly absent (its singular value lies between rounding and 1e−9 of the largest), so L*
   * and w* are the best this precision gives, not exact to the digits shown.
   */
  readonly approximate: boolean;
  /**
   * Directions of the centred, unit-norm columns that are absent to working precision (dropped): the null
   * space of the design, where the loss does not change. A constant column or a duplicate adds one; columns
   * that are merely on different scales add none.
   */
  readonly nullDirections: number;
}

/** Singular values at most this fraction of the largest are collinear columns: dropped. */
const DROP_BELOW = 1e-12;
/** Exact collinearity leaves only rounding (~1e−16) behind; between this and RESOLVED the answer is approximate. */
const ROUNDING_ONLY = 1e-14;
/** Above this fraction of the largest singular value a direction is resolved to at least ~6 digits. */
const RESOLVED = 1e-9;
const MAX_SWEEPS = 60;

/**
 * The optimum from `columns` (each as long as `y`) with their means `meanX` and `meanY` already known.
 * O(N·d²) for the QR, then O(d³) per Jacobi sweep.
 */
export function leastSquaresOptimum(
  columns: readonly ArrayLike<number>[],
  y: ArrayLike<number>,
  meanX: Float64Array,
  meanY: number,
): LeastSquaresOptimum {
  const n = y.length;
  const d = columns.length;
  // a: the centred columns scaled to unit norm, column-major; r: the centred targets.
  const a = new Float64Array(n * d);
  const norms = new Float64Array(d);
  for (let j = 0; j < d; j++) {
    const column = columns[j] as ArrayLike<number>;
    let squares = 0;
    for (let i = 0; i < n; i++) {
      const value = (column[i] as number) - (meanX[j] as number);
      a[j * n + i] = value;
      squares += value * value;
    }
    const norm = Math.sqrt(squares);
    norms[j] = norm;
    for (let i = 0; i < n; i++) a[j * n + i] = norm > 0 ? (a[j * n + i] as number) / norm : 0;
  }
  const r = Float64Array.from({ length: n }, (_, i) => (y[i] as number) - meanY);

  // Householder QR: after step k, column k is zero below its diagonal; r becomes Qᵀr.
  const rank = Math.min(n, d);
  for (let k = 0; k < rank; k++) {
    let norm = 0;
    for (let i = k; i < n; i++) norm = Math.hypot(norm, a[k * n + i] as number);
    if (norm === 0) continue;
    const alpha = (a[k * n + k] as number) > 0 ? -norm : norm;
    // v = x − alpha·e₁, stored in place of the column's tail; H = I − 2vvᵀ/(vᵀv).
    const v = new Float64Array(n - k);
    for (let i = k; i < n; i++) v[i - k] = a[k * n + i] as number;
    v[0] = (v[0] as number) - alpha;
    let vv = 0;
    for (const value of v) vv += value * value;
    if (vv === 0) continue;
    const reflect = (target: Float64Array, offset: number) => {
      let dot = 0;
      for (let i = k; i < n; i++) dot += (v[i - k] as number) * (target[offset + i] as number);
      const factor = (2 * dot) / vv;
      for (let i = k; i < n; i++)
        target[offset + i] = (target[offset + i] as number) - factor * (v[i - k] as number);
    };
    for (let j = k; j < d; j++) reflect(a, j * n);
    reflect(r, 0);
  }
  // The residual beyond R's rows is out of every column's reach.
  let unreachable = 0;
  for (let i = rank; i < n; i++) unreachable += (r[i] as number) ** 2;

  // One-sided Jacobi on the rank×d triangle R: rotate column pairs until all are orthogonal; then
  // R·V = U·Σ with Σ the column norms.
  const rCols = new Float64Array(rank * d);
  for (let j = 0; j < d; j++)
    for (let i = 0; i < rank && i <= j; i++) rCols[j * rank + i] = a[j * n + i] as number;
  const vMat = new Float64Array(d * d);
  for (let j = 0; j < d; j++) vMat[j * d + j] = 1;
  for (let sweep = 0; sweep < MAX_SWEEPS; sweep++) {
    let rotated = false;
    for (let p = 0; p < d - 1; p++)
      for (let q = p + 1; q < d; q++) {
        let alpha = 0;
        let beta = 0;
        let gamma = 0;
        for (let i = 0; i < rank; i++) {
          const x = rCols[p * rank + i] as number;
          const z = rCols[q * rank + i] as number;
          alpha += x * x;
          beta += z * z;
          gamma += x * z;
        }
        if (gamma === 0 || Math.abs(gamma) <= Number.EPSILON * Math.sqrt(alpha * beta)) continue;
        rotated = true;
        const zeta = (beta - alpha) / (2 * gamma);
        const t = Math.sign(zeta || 1) / (Math.abs(zeta) + Math.sqrt(1 + zeta * zeta));
        const c = 1 / Math.sqrt(1 + t * t);
        const s = c * t;
        const rotate = (m: Float64Array, length: number) => {
          for (let i = 0; i < length; i++) {
            const x = m[p * length + i] as number;
            const z = m[q * length + i] as number;
            m[p * length + i] = c * x - s * z;
            m[q * length + i] = s * x + c * z;
          }
        };
        rotate(rCols, rank);
        rotate(vMat, d);
      }
    if (!rotated) break;
  }

  const sigma = Float64Array.from({ length: d }, (_, j) => {
    let squares = 0;
    for (let i = 0; i < rank; i++) squares += (rCols[j * rank + i] as number) ** 2;
    return Math.sqrt(squares);
  });
  const top = Math.max(0, ...sigma);
  const u = new Float64Array(d);
  // What of Qᵀr (its first `rank` entries) the kept directions do not explain.
  const leftover = r.slice(0, rank);
  let approximate = false;
  let nullDirections = 0;
  for (let j = 0; j < d; j++) {
    const value = sigma[j] as number;
    if (value > ROUNDING_ONLY * top && value <= RESOLVED * top) approximate = true;
    if (!(value > DROP_BELOW * top)) {
      nullDirections++;
      continue;
    }
    let projection = 0;
    for (let i = 0; i < rank; i++) projection += ((rCols[j * rank + i] as number) / value) * (r[i] as number);
    for (let i = 0; i < rank; i++)
      leftover[i] = (leftover[i] as number) - projection * ((rCols[j * rank + i] as number) / value);
    for (let k = 0; k < d; k++) u[k] = (u[k] as number) + ((vMat[j * d + k] as number) * projection) / value;
  }
  let residual = unreachable;
  for (const value of leftover) residual += value * value;
  const w = Float64Array.from({ length: d }, (_, j) =>
    (norms[j] as number) > 0 ? (u[j] as number) / (norms[j] as number) : 0,
  );
  let b = meanY;
  for (let j = 0; j < d; j++) b -= (meanX[j] as number) * (w[j] as number);
  return { w, b, loss: Math.max(0, residual / n), approximate, nullDirections };
}
