/**
 * Whether { x ≥ 0 : M·x = r } has a solution, by phase 1 of the simplex method, with a certificate either
 * way a caller can check on its own: a solution, or Farkas's y with yᵀM ≥ 0 column by column and yᵀr < 0.
 *
 * Dense tableau [M | I | r] with one artificial variable per row (rows with r < 0 negated first), the sum
 * of the artificials minimized. Made for few rows (a model's inputs, ~10) and many columns (data rows,
 * 10⁵): a pivot costs O(rows · columns), and it takes a few pivots per row. Dantzig's rule (most negative
 * reduced cost, lowest index on a tie) until pivots stop making progress, then Bland's rule, which cannot
 * cycle. The artificial columns carry B⁻¹, from which the certificate of infeasibility is read.
 */

export type PhaseOneResult =
  | { readonly feasible: true; readonly solution: Float64Array }
  | {
      readonly feasible: false;
      /** y with yᵀM_j ≥ 0 for every column j and yᵀr < 0 (up to rounding: check it). */
      readonly certificate: Float64Array;
    }
  /** The pivot limit was reached (not seen in practice; callers must treat it as "unknown"). */
  | { readonly feasible: null };

/** Pivot entries and reduced costs smaller than this are zero (the caller scales M to about [−1, 1]). */
const PIVOT_TOLERANCE = 1e-11;
/** The artificials' sum below which the system counts as feasible (r scaled to about [−1, 1]). */
const FEASIBLE_TOLERANCE = 1e-9;
/** Degenerate pivots in a row after which Bland's rule takes over for good. */
const STALL_LIMIT = 50;

/**
 * @param matrix M row-major: `rows` rows of `columns` entries.
 * @param rhs r, one entry per row.
 */
export function phaseOne(
  matrix: Float64Array,
  rows: number,
  columns: number,
  rhs: Float64Array,
): PhaseOneResult {
  const width = columns + rows + 1;
  const rhsAt = width - 1;
  const flip = new Float64Array(rows);
  const tableau: Float64Array[] = [];
  for (let i = 0; i < rows; i++) {
    flip[i] = (rhs[i] as number) < 0 ? -1 : 1;
    const row = new Float64Array(width);
    const sign = flip[i] as number;
    for (let j = 0; j < columns; j++) row[j] = sign * (matrix[i * columns + j] as number);
    row[columns + i] = 1;
    row[rhsAt] = sign * (rhs[i] as number);
    tableau.push(row);
  }
  // Reduced costs of the phase-1 objective (cost 1 on each artificial): cⱼ − 1ᵀB⁻¹Aⱼ; the last entry is
  // −(sum of the artificials).
  const cost = new Float64Array(width);
  for (const row of tableau)
    for (let j = 0; j < columns; j++) cost[j] = (cost[j] as number) - (row[j] as number);
  for (const row of tableau) cost[rhsAt] = (cost[rhsAt] as number) - (row[rhsAt] as number);
  const basis = Int32Array.from({ length: rows }, (_, i) => columns + i);

  let bland = false;
  let stalled = 0;
  const maxPivots = 50 * (rows + 10) + 2 * columns;
  for (let pivot = 0; pivot < maxPivots; pivot++) {
    // Entering column: only the real variables (an artificial that left never comes back).
    let enter = -1;
    let mostNegative = -PIVOT_TOLERANCE;
    for (let j = 0; j < columns; j++) {
      const reduced = cost[j] as number;
      if (reduced < mostNegative) {
        enter = j;
        if (bland) break;
        mostNegative = reduced;
      }
    }
    if (enter === -1) return finish(tableau, cost, basis, flip, columns, rows);
    // Ratio test; on a tie, the largest pivot entry (stabler), or the lowest basic index under Bland.
    let leave = -1;
    let bestRatio = Number.POSITIVE_INFINITY;
    for (let i = 0; i < rows; i++) {
      const row = tableau[i] as Float64Array;
      const entry = row[enter] as number;
      if (entry <= PIVOT_TOLERANCE) continue;
      const ratio = (row[rhsAt] as number) / entry;
      const current = leave === -1 ? null : (tableau[leave] as Float64Array);
      const tie = current !== null && Math.abs(ratio - bestRatio) <= 1e-12 * Math.max(1, Math.abs(bestRatio));
      if (
        leave === -1 ||
        (!tie && ratio < bestRatio) ||
        (tie &&
          (bland
            ? (basis[i] as number) < (basis[leave] as number)
            : entry > ((current as Float64Array)[enter] as number)))
      ) {
        leave = i;
        bestRatio = ratio;
      }
    }
    // Unbounded below cannot happen (the objective is ≥ 0); a column with no positive entry only means
    // rounding left no room: stop and let the caller's check decide.
    if (leave === -1) return { feasible: null };
    stalled = bestRatio <= PIVOT_TOLERANCE ? stalled + 1 : 0;
    if (stalled > STALL_LIMIT) bland = true;
    pivotOn(tableau, cost, leave, enter);
    basis[leave] = enter;
  }
  return { feasible: null };
}

function pivotOn(tableau: Float64Array[], cost: Float64Array, leave: number, enter: number): void {
  const pivotRow = tableau[leave] as Float64Array;
  const width = pivotRow.length;
  const scale = 1 / (pivotRow[enter] as number);
  for (let j = 0; j < width; j++) pivotRow[j] = (pivotRow[j] as number) * scale;
  pivotRow[enter] = 1;
  const eliminate = (row: Float64Array) => {
    const factor = row[enter] as number;
    if (factor === 0) return;
    for (let j = 0; j < width; j++) row[j] = (row[j] as number) - factor * (pivotRow[j] as number);
    row[enter] = 0;
  };
  for (let i = 0; i < tableau.length; i++) if (i !== leave) eliminate(tableau[i] as Float64Array);
  eliminate(cost);
}

function finish(
  tableau: Float64Array[],
  cost: Float64Array,
  basis: Int32Array,
  flip: Float64Array,
  columns: number,
  rows: number,
): PhaseOneResult {
  const rhsAt = cost.length - 1;
  const artificialSum = -(cost[rhsAt] as number);
  if (artificialSum <= FEASIBLE_TOLERANCE) {
    const solution = new Float64Array(columns);
    basis.forEach((variable, i) => {
      if (variable < columns) solution[variable] = Math.max(0, (tableau[i] as Float64Array)[rhsAt] as number);
    });
    return { feasible: true, solution };
  }
  // The duals π = c_Bᵀ B⁻¹ sit in the artificial columns' reduced costs (1 − πᵢ). At the optimum every real
  // column has πᵀA′ⱼ ≤ 0 and πᵀr′ = the artificials' sum > 0; undoing the row flips, y = −flip·π.
  const certificate = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    const dual = 1 - (cost[columns + i] as number);
    certificate[i] = -(flip[i] as number) * dual;
  }
  return { feasible: false, certificate };
}
