/**
 * What to do about an ill-conditioned linear model, in words: the diagnosis is the core's
 * (core/models/conditioning.ts); fit's stability line and suggest's warning word the same one, so they name
 * the same column and mention --standardize only where it helps.
 */
import { type ConditioningDiagnosis, conditioningDiagnosis } from "../core/models/conditioning.js";
import type { PreparedModel } from "../core/models/model-spec.js";
import { formatConditionNumber } from "./numbers.js";

/** "a and b", "a, b and c". */
function listWords(names: readonly string[]): string {
  if (names.length <= 1) return names.join("");
  return `${names.slice(0, -1).join(", ")} and ${names.at(-1)}`;
}

/** The column groups the theory found collinear, in words: "column b is constant …", "columns a and b are collinear …". */
function collinearWords(featureNames: readonly string[], groups: readonly (readonly number[])[]): string {
  const name = (j: number) => featureNames[j] ?? `column ${j + 1}`;
  return groups
    .map((group) =>
      group.length === 1
        ? `column ${name(group[0] as number)} is constant (it moves only with the intercept)`
        : `columns ${listWords(group.map(name))} are collinear (the same column up to scale and shift)`,
    )
    .join("; ");
}

/** How the words name the controls to change: the CLI's flags, or the web lab's fields. */
export interface ControlNames {
  readonly standardize: string;
  readonly degree: string;
}

export const CLI_CONTROLS: ControlNames = { standardize: "--standardize", degree: "--degree" };

/**
 * The cause, what to do, and why --standardize will not do it where it will not: "column c is constant
 * …", "drop it", "--standardize cannot help (…)". `controls` names the controls (the flags, or the web
 * lab's checkbox and field).
 */
export function causeWords(
  diagnosis: ConditioningDiagnosis,
  featureNames: readonly string[],
  controls: ControlNames = CLI_CONTROLS,
): { cause: string; action: string; standardizeNote: string | null } {
  const { cause } = diagnosis;
  const { standardize, degree } = controls;
  switch (cause.kind) {
    case "named-columns": {
      const single = cause.groups.length === 1 && cause.groups[0]?.length === 1;
      return {
        cause: collinearWords(featureNames, cause.groups),
        action: single
          ? "drop it"
          : cause.groups.every((group) => group.length === 1)
            ? "drop them"
            : cause.groups.length === 1
              ? "drop one of them"
              : "drop one of each group",
        standardizeNote: single
          ? `${standardize} cannot help (a constant column has no spread to divide by)`
          : `${standardize} cannot separate them`,
      };
    }
    case "collinear-columns":
      return {
        cause: "some columns are collinear (one is a combination of the others)",
        action: "drop one of them",
        standardizeNote: `${standardize} cannot separate them`,
      };
    case "powers":
      return {
        cause: "the powers of x are collinear to working precision",
        action: diagnosis.standardizeHelps
          ? `${standardize} often cures it; else lower ${degree}`
          : `lower ${degree}`,
        standardizeNote: null,
      };
    case "too-few-points": {
      const { points, parameters, polynomial } = cause;
      return {
        cause: polynomial
          ? `${parameters} coefficients through ${points} distinct x value${points === 1 ? "" : "s"}: many curves fit them equally well`
          : `${parameters} weights (${parameters - 1} columns and the intercept) on ${points} row${points === 1 ? "" : "s"}: many fit them equally well`,
        action: !polynomial
          ? "use fewer columns or more rows"
          : points >= 2
            ? `lower ${degree} to at most ${points - 1}, or add points`
            : "add points at another x (a line needs two)",
        standardizeNote: `${standardize} cannot help (the points are too few, not the scales too different)`,
      };
    }
    case "scales":
      return {
        cause: "the columns are on wildly different scales (or far from 0)",
        action: diagnosis.standardizeHelps ? `${standardize} cures it` : "rescale the columns",
        standardizeNote: null,
      };
  }
}

/** What the flat directions mean for the rate: none when they are the null space, where the loss is flat too. */
function flatWords(diagnosis: ConditioningDiagnosis): string {
  const { flatDirections, nullDirections } = diagnosis;
  const one = flatDirections === 1;
  const moves = one
    ? "One direction is flat (λ = 0): gradient descent never moves along it, whatever the rate"
    : `${flatDirections} directions are flat (λ = 0): gradient descent never moves along them, whatever the rate`;
  return nullDirections === flatDirections
    ? `${moves}, and the loss is the same along ${one ? "it" : "them"}, so ${one ? "it needs" : "they need"} no rate.`
    : `${moves}.`;
}

/**
 * The warning for a hopeless condition number (above ILL_CONDITIONED, or ∞), standardized or not, with
 * the hint that fits its cause; null when the conditioning is fine or there is no exact theory.
 */
export function conditioningWarning(prepared: PreparedModel): string | null {
  const diagnosis = conditioningDiagnosis(prepared);
  if (!diagnosis || !prepared.theory) return null;
  const { cause, action, standardizeNote } = causeWords(diagnosis, prepared.featureNames);
  const note = standardizeNote ? `; ${standardizeNote}` : "";
  const standardized = prepared.standardization !== null;
  // The condition number over the directions that move decides whether one rate serves them all.
  const opening = diagnosis.slowDirections
    ? `But the condition number is ${formatConditionNumber(prepared.theory.conditionNumber)}: no constant rate serves every direction in a sensible number of steps.`
    : `The condition number is ∞ only because of the null space; over the directions that move it is ${formatConditionNumber(prepared.theory.movingConditionNumber)}.`;
  const flat = diagnosis.flatDirections > 0 ? ` ${flatWords(diagnosis)}` : "";
  const capitalized = `${cause.charAt(0).toUpperCase()}${cause.slice(1)}`;
  switch (diagnosis.cause.kind) {
    case "named-columns":
      return `${opening}${flat} The ${cause}: ${action} and ask again${note}.`;
    case "collinear-columns":
      return standardized && diagnosis.flatDirections === 0
        ? `${opening} Standardizing did not help enough: some columns are nearly collinear. Drop one of them and ask again.`
        : `${opening}${flat} ${capitalized}: ${action} and ask again${note}.`;
    case "powers":
      if (diagnosis.flatDirections > 0)
        return standardized
          ? `${opening}${flat} ${capitalized}: lower --degree and ask again.`
          : `${opening}${flat} ${capitalized}: add --standardize, and lower --degree, and ask again.`;
      return standardized
        ? `${opening} Standardizing did not help enough: high powers of x stay nearly collinear. Lower --degree and ask again.`
        : `${opening} Add --standardize (and, if that is not enough, lower --degree) and ask again.`;
    case "too-few-points":
      return `${opening}${flat} ${capitalized}: ${action} and ask again${note}.`;
    case "scales":
      return diagnosis.standardizeHelps
        ? `${opening}${flat} Add --standardize and ask again.`
        : `${opening}${flat} ${capitalized}: rescale them and ask again.`;
  }
}

/**
 * fit's line for a Hessian singular to double precision: the same diagnosis as suggest's warning, in one
 * line; `controls` names the controls.
 */
export function singularHessianWords(
  diagnosis: ConditioningDiagnosis,
  featureNames: readonly string[],
  controls: ControlNames = CLI_CONTROLS,
): string {
  const { cause, action, standardizeNote } = causeWords(diagnosis, featureNames, controls);
  const note = standardizeNote ? `; ${standardizeNote}` : "";
  const unique =
    diagnosis.nullDirections > 0
      ? " The best weights are not unique; the optimum shown is the smallest on the features' own scale."
      : "";
  const costless =
    diagnosis.nullDirections === diagnosis.flatDirections && !diagnosis.slowDirections
      ? " The loss is the same along the flat direction, so the rates are set by the directions that move."
      : "";
  return `the Hessian is singular to double precision (λmin below 1e−12·λmax): ${cause}: ${action}${note}.${unique}${costless}`;
}
