/**
 * Why a linear model's Hessian is singular or hopelessly ill-conditioned, and so what helps: decided once
 * here, worded by fit, suggest, the report and the web lab alike (render/conditioning-words.ts). Collinear
 * or constant columns make an exact null space that no rescaling separates: drop a column. Columns on
 * wildly different scales only look collinear beside λmax: standardizing cures that. Raw high powers of one
 * x are nearly collinear: standardizing helps, a lower degree more.
 */
import { ILL_CONDITIONED } from "../judging/verdict.js";
import type { ModelData } from "./model.js";
import type { PreparedModel } from "./model-spec.js";

export type ConditioningCause =
  /** Named constant columns and groups of duplicates (0-based column groups): drop them. */
  | { readonly kind: "named-columns"; readonly groups: readonly (readonly number[])[] }
  /** A combination of three or more columns: drop one; --standardize cannot separate them. */
  | { readonly kind: "collinear-columns" }
  /** The powers of x, collinear or nearly so. */
  | { readonly kind: "powers" }
  /** Columns on very different scales (or far from 0): --standardize cures it. */
  | { readonly kind: "scales" }
  /**
   * More parameters than points to pin them: fewer rows than columns + 1, or for a polynomial fewer
   * distinct x than coefficients. Some weights are free whatever the columns: not a collinearity to drop.
   */
  | {
      readonly kind: "too-few-points";
      /** Rows, or the polynomial's distinct x values. */
      readonly points: number;
      readonly parameters: number;
      readonly polynomial: boolean;
    };

export interface ConditioningDiagnosis {
  readonly cause: ConditioningCause;
  /** Whether --standardize would help: only for scales and powers, and only when not already on. */
  readonly standardizeHelps: boolean;
  /** Flat directions that are the exact null space (the loss is the same along them: no rate needed). */
  readonly nullDirections: number;
  /** Flat directions (λ below 1e−12·λmax), null space included. */
  readonly flatDirections: number;
  /**
   * Whether the directions that do move are too ill-conditioned for one constant rate (the null space
   * excluded: a duplicate column alone does not slow anything down).
   */
  readonly slowDirections: boolean;
}

/**
 * The diagnosis for a linear-family model with exact theory whose Hessian is singular or whose condition
 * number is above ILL_CONDITIONED; null when it is fine or there is no exact theory.
 */
export function conditioningDiagnosis(prepared: PreparedModel): ConditioningDiagnosis | null {
  const { theory } = prepared;
  if (!theory || !(theory.conditionNumber > ILL_CONDITIONED)) return null;
  const standardized = prepared.standardization !== null;
  const polynomial = prepared.spec.name === "polynomial";
  const exactNull = theory.nullDirections > 0;
  const parameters = theory.hessianEigenvalues.length;
  const points = polynomial ? distinctValues(prepared.data, 0) : prepared.data.targets.length;
  // Named constant or duplicate columns first, where dropping one of each leaves no more weights than
  // points (with 2 rows any columns look collinear, and dropping one of three leaves 3 weights on 2 rows).
  // Then too few points, which no choice of columns explains; then the combinations and scales.
  const named = theory.collinearColumns;
  const cause: ConditioningCause =
    exactNull && !polynomial && named.length > 0 && parameters - named.length <= points
      ? { kind: "named-columns", groups: named }
      : exactNull && points < parameters
        ? { kind: "too-few-points", points, parameters, polynomial }
        : exactNull && !polynomial
          ? { kind: "collinear-columns" }
          : polynomial
            ? { kind: "powers" }
            : standardized
              ? { kind: "collinear-columns" }
              : { kind: "scales" };
  return {
    cause,
    standardizeHelps: !standardized && (cause.kind === "scales" || cause.kind === "powers"),
    nullDirections: theory.nullDirections,
    flatDirections: theory.flatDirections,
    slowDirections: theory.movingConditionNumber > ILL_CONDITIONED,
  };
}

/** How many different values feature `column` takes: a polynomial's x, whose powers are the other columns. */
function distinctValues(data: ModelData, column: number): number {
  const rows = data.targets.length;
  const values = Float64Array.from(
    { length: rows },
    (_, r) => data.inputs[r * data.features + column] as number,
  );
  values.sort();
  let distinct = rows > 0 ? 1 : 0;
  for (let r = 1; r < rows; r++) if (values[r] !== values[r - 1]) distinct++;
  return distinct;
}
