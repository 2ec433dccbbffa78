/**
 * Eigenvalues and eigenvectors of a small symmetric matrix by the cyclic Jacobi method (Golub & Van Loan,
 * "Matrix Computations", §8.5): plane rotations that zero one off-diagonal entry at a time until the
 * off-diagonal mass is negligible. For the d + 1 ≤ a few dozen parameters of a linear model it is exact
 * to rounding, needs no library, and keeps tiny eigenvalues accurate relative to the matrix's norm.
 */

export interface SymmetricEigen {
  /** Eigenvalues, largest first. */
  readonly values: Float64Array;
  /** Unit eigenvectors, `vectors[k]` belonging to `values[k]`. */
  readonly vectors: readonly Float64Array[];
}

/** Sweeps before giving up; Jacobi converges quadratically, a dozen sweeps is plenty for any size here. */
const MAX_SWEEPS = 60;

/** `matrix` is row-major, `size` × `size`, symmetric (only its upper triangle is read). */
export function symmetricEigen(matrix: ArrayLike<number>, size: number): SymmetricEigen {
  const a = new Float64Array(size * size);
  for (let i = 0; i < size; i++)
    for (let j = i; j < size; j++) {
      const value = matrix[i * size + j] as number;
      a[i * size + j] = value;
      a[j * size + i] = value;
    }
  // v accumulates the rotations: its columns become the eigenvectors.
  const v = new Float64Array(size * size);
  for (let i = 0; i < size; i++) v[i * size + i] = 1;

  for (let sweep = 0; sweep < MAX_SWEEPS; sweep++) {
    let off = 0;
    let norm = 0;
    for (let i = 0; i < size; i++)
      for (let j = 0; j < size; j++) {
        const value = (a[i * size + j] as number) ** 2;
        norm += value;
        if (i !== j) off += value;
      }
    if (off <= 1e-30 * norm || off === 0) break;
    for (let p = 0; p < size - 1; p++) {
      for (let q = p + 1; q < size; q++) {
        const apq = a[p * size + q] as number;
        if (apq === 0) continue;
        const app = a[p * size + p] as number;
        const aqq = a[q * size + q] as number;
        // The rotation angle that zeroes a[p][q]: t = tan θ, the smaller root, for stability.
        const theta = (aqq - app) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.hypot(theta, 1));
        const c = 1 / Math.hypot(t, 1);
        const s = t * c;
        for (let k = 0; k < size; k++) {
          const akp = a[k * size + p] as number;
          const akq = a[k * size + q] as number;
          a[k * size + p] = c * akp - s * akq;
          a[k * size + q] = s * akp + c * akq;
        }
        for (let k = 0; k < size; k++) {
          const apk = a[p * size + k] as number;
          const aqk = a[q * size + k] as number;
          a[p * size + k] = c * apk - s * aqk;
          a[q * size + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < size; k++) {
          const vkp = v[k * size + p] as number;
          const vkq = v[k * size + q] as number;
          v[k * size + p] = c * vkp - s * vkq;
          v[k * size + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const order = Array.from({ length: size }, (_, i) => i).sort(
    (i, j) => (a[j * size + j] as number) - (a[i * size + i] as number),
  );
  const values = Float64Array.from(order, (i) => a[i * size + i] as number);
  const vectors = order.map((i) => Float64Array.from({ length: size }, (_, k) => v[k * size + i] as number));
  return { values, vectors };
}
