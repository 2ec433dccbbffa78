/**
 * The exact theory of a linear model with several features, y ≈ X·w + b, under MSE (no ½): the
 * generalization of stats.ts and theory.ts from one x to d columns.
 *
 * Sufficient statistics, kept centred as for the line (raw sums lose every digit when a column sits far
 * from 0): the column means x̄ (d), ȳ, the centred Gram matrix Sxx = Σ(x−x̄)(x−x̄)ᵀ (d×d), Sxy = Σ(x−x̄)(y−ȳ)
 * (d) and Syy. With dw = w − w*, db = b − b*,
 *
 *   L(w, b) = L* + dwᵀ(Sxx/n)dw + (x̄ᵀdw + db)²,
 *
 * so every loss and gradient is O(d²) whatever the number of rows. The Hessian is
 * H = 2/n·[X 1]ᵀ[X 1] = 2·[[Sxx/n + x̄x̄ᵀ, x̄], [x̄ᵀ, 1]]; full-batch gradient descent diverges above 2/λmax(H).
 * The optimum solves Sxx·w* = Sxy (the minimum-norm solution when columns are collinear), b* = ȳ − x̄ᵀw*,
 * computed from the rows by QR and SVD (least-squares.ts), never from Sxx, which squares the conditioning.
 */
import { LrlabError } from "../errors.js";
import { type BestWorstCaseFormula, bestWorstCaseRate } from "../theory/best-worst-case.js";
import { type LeastSquaresOptimum, leastSquaresOptimum } from "./least-squares.js";
import { symmetricEigen } from "./symmetric-eigen.js";

export { type BestWorstCaseFormula, bestWorstCaseRate };

export interface LinearDesignStats {
  readonly n: number;
  /** Number of feature columns. */
  readonly d: number;
  readonly meanX: Float64Array;
  readonly meanY: number;
  /** Σ(x − x̄)(x − x̄)ᵀ, row-major d×d. */
  readonly sxx: Float64Array;
  /** Σ(x − x̄)(y − ȳ). */
  readonly sxy: Float64Array;
  /** Σ(y − ȳ)². */
  readonly syy: number;
  /**
   * The least-squares optimum, solved from the rows themselves (least-squares.ts): Sxx alone holds the
   * columns' condition number squared, too little precision for raw high powers of x.
   */
  readonly optimum: LeastSquaresOptimum;
}

export interface LinearDesignTheory {
  /** The least-squares weights (one per column), intercept and loss L*. */
  readonly optimum: { readonly w: Float64Array; readonly b: number; readonly loss: number };
  /** True when float64 cannot resolve the optimum: L* (and w*) are then approximate (least-squares.ts). */
  readonly optimumApproximate: boolean;
  /** All d + 1 eigenvalues of the Hessian, largest first, in (w₁…w_d, b) coordinates. */
  readonly hessianEigenvalues: Float64Array;
  /**
   * Their unit eigenvectors, `hessianEigenvectors[i]` belonging to `hessianEigenvalues[i]`, in the same
   * (w₁…w_d, b) coordinates: those of the features the model sees (standardized and expanded), which are
   * its parameters' own. (The correlation scale is used only inside the optimum's solve.)
   */
  readonly hessianEigenvectors: readonly Float64Array[];
  /** λmax/λmin; Infinity when the columns are collinear or one is constant (λmin = 0). */
  readonly conditionNumber: number;
  /** 2/λmax: above it full-batch gradient descent diverges. */
  readonly criticalLearningRate: number;
  /**
   * The best worst-case constant rate over the directions that move: 2/(λmin + λmax); when some
   * eigenvalues are 0, 2/(λ₊min + λmax) with λ₊min the smallest positive one, and 1/λmax when λmax is the
   * only positive one (the flat directions keep their error whatever the rate, so they set no limit).
   */
  readonly optimalLearningRate: number;
  /** That rate's formula, as it is written beside the number. */
  readonly optimalFormula: BestWorstCaseFormula;
  /** How many eigenvalues are 0 (to working precision): directions that gradient descent never moves. */
  readonly flatDirections: number;
  /**
   * How many of those are the design's exact null space (collinear or constant columns: the loss does not
   * change along them, so they need no rate); the rest are directions so shallow beside λmax that they
   * only look flat (columns on wildly different scales), and they do need one.
   */
  readonly nullDirections: number;
  /** λmax over the smallest eigenvalue outside the null space: the conditioning the run actually meets. */
  readonly movingConditionNumber: number;
  /**
   * Columns (0-based) behind the flat directions where they can be named: groups of columns that are
   * exact multiples of each other up to a constant (a duplicate), and single constant columns, which are
   * collinear with the intercept. Empty when the columns are independent or the collinearity involves
   * three or more columns at once.
   */
  readonly collinearColumns: readonly (readonly number[])[];
}

/** The centred statistics of `columns` (each as long as `y`) and `y`, in two O(N·d²) passes. */
export function linearDesignStats(
  columns: readonly ArrayLike<number>[],
  y: ArrayLike<number>,
): LinearDesignStats {
  const n = y.length;
  const d = columns.length;
  if (n === 0) throw new LrlabError("E_BAD_DATA", "no data points; expected at least one");
  for (const [index, column] of columns.entries())
    if (column.length !== n)
      throw new LrlabError("E_BAD_DATA", `column ${index + 1} has ${column.length} values; expected ${n}`);
  const meanX = new Float64Array(d);
  let meanY = 0;
  for (let i = 0; i < n; i++) meanY += y[i] as number;
  meanY /= n;
  for (let j = 0; j < d; j++) {
    const column = columns[j] as ArrayLike<number>;
    let sum = 0;
    for (let i = 0; i < n; i++) sum += column[i] as number;
    meanX[j] = sum / n;
  }
  const sxx = new Float64Array(d * d);
  const sxy = new Float64Array(d);
  let syy = 0;
  const centred = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++)
      centred[j] = ((columns[j] as ArrayLike<number>)[i] as number) - (meanX[j] as number);
    const dy = (y[i] as number) - meanY;
    syy += dy * dy;
    for (let j = 0; j < d; j++) {
      const cj = centred[j] as number;
      sxy[j] = (sxy[j] as number) + cj * dy;
      for (let k = j; k < d; k++) sxx[j * d + k] = (sxx[j * d + k] as number) + cj * (centred[k] as number);
    }
  }
  for (let j = 0; j < d; j++) for (let k = 0; k < j; k++) sxx[j * d + k] = sxx[k * d + j] as number;
  return { n, d, meanX, meanY, sxx, sxy, syy, optimum: leastSquaresOptimum(columns, y, meanX, meanY) };
}

/** Relative size below which an eigenvalue of Sxx counts as 0 (collinear or constant columns). */
const RANK_TOLERANCE = 1e-12;

/** The optimum, the Hessian's eigenvalues and the rates they set. */
export function linearDesignTheory(stats: LinearDesignStats): LinearDesignTheory {
  const { n, d, meanX, sxx } = stats;
  const { w, b, loss, approximate, nullDirections } = stats.optimum;

  // H = 2·[[Sxx/n + x̄x̄ᵀ, x̄], [x̄ᵀ, 1]].
  const size = d + 1;
  const hessian = new Float64Array(size * size);
  for (let j = 0; j < d; j++) {
    for (let k = 0; k < d; k++)
      hessian[j * size + k] =
        2 * ((sxx[j * d + k] as number) / n + (meanX[j] as number) * (meanX[k] as number));
    hessian[j * size + d] = 2 * (meanX[j] as number);
    hessian[d * size + j] = 2 * (meanX[j] as number);
  }
  hessian[d * size + d] = 2;
  const eigen = symmetricEigen(hessian, size);
  const values = eigen.values.map((value) => Math.max(0, value));
  const lambdaMax = values[0] as number;
  // Every eigenvalue this small beside λmax is rounding of an exact 0: a flat direction.
  const eigenvalues = values.map((value) => (value > RANK_TOLERANCE * lambdaMax ? value : 0));
  const flatDirections = eigenvalues.filter((value) => value === 0).length;
  const lambdaMin = eigenvalues[size - 1] as number;
  const best = bestWorstCaseRate(eigenvalues);
  return {
    optimum: { w, b, loss },
    optimumApproximate: approximate,
    hessianEigenvalues: eigenvalues,
    hessianEigenvectors: eigen.vectors,
    conditionNumber: flatDirections > 0 ? Number.POSITIVE_INFINITY : lambdaMax / lambdaMin,
    criticalLearningRate: 2 / lambdaMax,
    optimalLearningRate: best.learningRate,
    optimalFormula: best.formula,
    flatDirections,
    nullDirections: Math.min(nullDirections, flatDirections),
    movingConditionNumber: movingConditionNumber(eigenvalues, Math.min(nullDirections, flatDirections)),
    collinearColumns: flatDirections > 0 ? collinearColumnsOf(sxx, d) : [],
  };
}

/** λmax over the smallest eigenvalue once the `nulls` smallest (the null space) are set aside. */
function movingConditionNumber(eigenvalues: Float64Array, nulls: number): number {
  const lambdaMax = eigenvalues[0] as number;
  const smallest = eigenvalues[eigenvalues.length - 1 - nulls] as number;
  return smallest > 0 ? lambdaMax / smallest : Number.POSITIVE_INFINITY;
}

/** |correlation| this close to 1: the same column up to scale and shift. */
const DUPLICATE_TOLERANCE = 1e-10;

/** Constant columns alone, then groups of columns perfectly correlated with each other (see the theory). */
function collinearColumnsOf(sxx: Float64Array, d: number): number[][] {
  const groups: number[][] = [];
  const grouped = new Set<number>();
  const variance = (j: number) => sxx[j * d + j] as number;
  const top = Math.max(...Array.from({ length: d }, (_, j) => variance(j)));
  const constant = (j: number) => !(variance(j) > RANK_TOLERANCE * top);
  for (let j = 0; j < d; j++) {
    if (constant(j)) {
      groups.push([j]);
      grouped.add(j);
    }
  }
  for (let j = 0; j < d; j++) {
    if (grouped.has(j)) continue;
    const group = [j];
    for (let k = j + 1; k < d; k++) {
      if (grouped.has(k) || constant(k)) continue;
      const correlation = (sxx[j * d + k] as number) / Math.sqrt(variance(j) * variance(k));
      if (Math.abs(correlation) > 1 - DUPLICATE_TOLERANCE) group.push(k);
    }
    if (group.length > 1) {
      groups.push(group);
      for (const k of group) grouped.add(k);
    }
  }
  return groups;
}

/** The MSE at (w, b) from the statistics, O(d²): L* + dwᵀ(Sxx/n)dw + (x̄ᵀdw + db)², never negative. */
export function designMseAt(
  stats: LinearDesignStats,
  theory: LinearDesignTheory,
  w: ArrayLike<number>,
  b: number,
): number {
  const { n, d, sxx, meanX } = stats;
  const dw = Float64Array.from({ length: d }, (_, j) => (w[j] as number) - (theory.optimum.w[j] as number));
  let quadratic = 0;
  let shift = b - theory.optimum.b;
  for (let j = 0; j < d; j++) {
    shift += (meanX[j] as number) * (dw[j] as number);
    let row = 0;
    for (let k = 0; k < d; k++) row += (sxx[j * d + k] as number) * (dw[k] as number);
    quadratic += (dw[j] as number) * row;
  }
  return theory.optimum.loss + Math.max(0, quadratic / n) + shift * shift;
}

/**
 * The MSE and its gradient at `params` = [w₁ … w_d, b] from the statistics, O(d²), allocating nothing:
 *   with dw = w − w*, s = x̄ᵀdw + (b − b*):  L = L* + dwᵀ(Sxx/n)dw + s²,
 *   ∂L/∂w = 2(Sxx/n)·dw + 2s·x̄,  ∂L/∂b = 2s.
 * This is the exact full-batch step of the linear family: no pass over the rows.
 */
export function designMseAndGradient(
  stats: LinearDesignStats,
  theory: LinearDesignTheory,
  params: Float64Array,
  gradOut: Float64Array,
): number {
  const { n, d, sxx, meanX } = stats;
  const optimumW = theory.optimum.w;
  let shift = (params[d] as number) - theory.optimum.b;
  for (let j = 0; j < d; j++)
    shift += (meanX[j] as number) * ((params[j] as number) - (optimumW[j] as number));
  let quadratic = 0;
  for (let j = 0; j < d; j++) {
    let row = 0;
    for (let k = 0; k < d; k++)
      row += (sxx[j * d + k] as number) * ((params[k] as number) - (optimumW[k] as number));
    row /= n;
    quadratic += ((params[j] as number) - (optimumW[j] as number)) * row;
    gradOut[j] = 2 * row + 2 * shift * (meanX[j] as number);
  }
  gradOut[d] = 2 * shift;
  return theory.optimum.loss + Math.max(0, quadratic) + shift * shift;
}
