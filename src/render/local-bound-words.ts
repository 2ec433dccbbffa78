/**
 * The Huber loss's one bound in words, the same on every face (suggest, fit, the verdict, the figures, the
 * lab): the rate above which gradient descent cannot settle near the best line (core/local-bound.ts), said
 * as a bound on the end of the run, never as a guarantee from the start.
 */
import type { LocalBound } from "../core/theory/local-bound.js";
import { formatNumber } from "./numbers.js";

/** Why the bound is only local, in a parenthesis every face repeats. */
export const LOCAL_BOUND_CAVEAT = "local curvature; Huber has no global bound";

/** A local bound with a rate, when the optimizer has one and some point lies within δ of the best line. */
export type RatedLocalBound = LocalBound & { readonly critical: NonNullable<LocalBound["critical"]> };

export function hasRate(bound: LocalBound | null): bound is RatedLocalBound {
  return bound !== null && bound.critical !== null;
}

/**
 * "1.094 = 2/λmax near the best line: rates above it jump out of the minimum (local curvature; Huber has no
 * global bound)": a row of the theory beside a run or a suggestion. `value` is the rate as the face prints it.
 */
export function localBoundRow(
  bound: RatedLocalBound,
  value = formatNumber(bound.critical.learningRate),
): string {
  return `${value} = ${bound.critical.formula} near the best line: rates above it jump out of the minimum (${LOCAL_BOUND_CAVEAT})`;
}

/** "Near the best line, rates above 2/λmax ≈ 1.094 jump out of the minimum (local curvature; …)", no stop. */
export function localBoundSentence(
  bound: RatedLocalBound,
  value = formatNumber(bound.critical.learningRate),
): string {
  return `Near the best line, rates above ${bound.critical.formula} ≈ ${value} jump out of the minimum (${LOCAL_BOUND_CAVEAT})`;
}

/** "λmax 1.829 at the best line, from the 66 of 100 points within δ = 1 of it". */
export function localCurvatureWords(bound: LocalBound): string {
  if (bound.inliers === 0)
    return `no point lies within δ = ${formatNumber(bound.delta)} of the best line, so the loss has no curvature there`;
  return `λmax ${formatNumber(bound.lambdaMax)} at the best line, from the ${bound.inliers.toLocaleString("en-US")} of ${bound.n.toLocaleString("en-US")} points within δ = ${formatNumber(bound.delta)} of it`;
}

/** A figure's label for the rule at the bound: "2/λmax near the best line = 1.094". */
export function localBoundLabel(
  bound: RatedLocalBound,
  value = formatNumber(bound.critical.learningRate),
): string {
  return `${bound.critical.formula} near the best line = ${value}`;
}
