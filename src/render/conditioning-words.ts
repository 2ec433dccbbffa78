/**
 * What to do about an ill-conditioned linear model, in one sentence: the hint depends on why it is
 * ill-conditioned. Collinear columns (a duplicate, a constant column) make directions that no rate moves,
 * and standardizing cannot separate them: drop a column. High powers of one x stay nearly collinear after
 * standardizing: lower the degree. Columns on different scales: standardize.
 */
import { ILL_CONDITIONED } from "../core/judging/verdict.js";
import type { PreparedModel } from "../core/models/model-spec.js";
import { formatConditionNumber } from "./numbers.js";

/** "a and b", "a, b and c". */
function listWords(names: readonly string[]): string {
  if (names.length <= 1) return names.join("");
  return `${names.slice(0, -1).join(", ")} and ${names.at(-1)}`;
}

/** The column groups the theory found collinear, in words: "b is constant", "a and b are collinear". */
function collinearWords(prepared: PreparedModel, groups: readonly (readonly number[])[]): string[] {
  const name = (j: number) => prepared.featureNames[j] ?? `column ${j + 1}`;
  return groups.map((group) =>
    group.length === 1
      ? `column ${name(group[0] as number)} is constant (it moves only with the intercept)`
      : `columns ${listWords(group.map(name))} are collinear (the same column up to scale and shift)`,
  );
}

/**
 * The warning for a hopeless condition number (above ILL_CONDITIONED, or ∞), standardized or not, with
 * the hint that fits its cause; null when the conditioning is fine or there is no exact theory.
 */
export function conditioningWarning(prepared: PreparedModel): string | null {
  const { theory } = prepared;
  if (!theory || !(theory.conditionNumber > ILL_CONDITIONED)) return null;
  const polynomial = prepared.spec.name === "polynomial";
  const standardized = prepared.standardization !== null;
  const opening = `But the condition number is ${formatConditionNumber(theory.conditionNumber)}: no constant rate serves every direction in a sensible number of steps.`;
  if (theory.flatDirections > 0) {
    const flat =
      theory.flatDirections === 1
        ? "One direction is flat (λ = 0): gradient descent never moves along it, whatever the rate."
        : `${theory.flatDirections} directions are flat (λ = 0): gradient descent never moves along them, whatever the rate.`;
    const named = collinearWords(prepared, theory.collinearColumns);
    if (!polynomial && named.length > 0) {
      const single = named.length === 1 && theory.collinearColumns[0]?.length === 1;
      const which = single ? "drop it" : named.length === 1 ? "drop one of them" : "drop one of each group";
      const sentence = named.join("; ");
      return `${opening} ${flat} The ${sentence}: ${which} and ask again${single ? "" : "; --standardize cannot separate them"}.`;
    }
    if (!polynomial)
      return `${opening} ${flat} Some columns are collinear (one is a combination of the others): drop one of them and ask again; --standardize cannot separate them.`;
    return standardized
      ? `${opening} ${flat} The powers of x are collinear to working precision: lower --degree and ask again.`
      : `${opening} ${flat} The powers of x are collinear to working precision: add --standardize, and lower --degree, and ask again.`;
  }
  if (!standardized)
    return polynomial
      ? `${opening} Add --standardize (and, if that is not enough, lower --degree) and ask again.`
      : `${opening} Add --standardize and ask again.`;
  return polynomial
    ? `${opening} Standardizing did not help enough: high powers of x stay nearly collinear. Lower --degree and ask again.`
    : `${opening} Standardizing did not help enough: some columns are nearly collinear. Drop one of them and ask again.`;
}
