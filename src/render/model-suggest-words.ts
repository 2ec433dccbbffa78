/**
 * The words of `suggest --model`'s runs method beyond its one sentence of method: a suggestion above the
 * bound measured at the start (the edge of stability), and how its runs compare with `sweep --model`'s.
 * The core decides (choosing/model-suggest.ts); this only says it.
 */
import { LOSS_DIGITS, sameFinalLoss } from "../core/choosing/best-run.js";
import type { ModelSuggestion } from "../core/choosing/model-suggest.js";
import { formatExact, formatNumber } from "./numbers.js";

/**
 * Why a suggested rate above the start's bound is not a mistake, and the safe rate below it; null when the
 * suggestion is below the bound. `rate` prints rates with the digits the rest of the text uses. What λmax
 * did is the core's decision (the verdict's `sharpnessPhases` on the suggestion's run); this only words it,
 * against the bound that applies to the optimizer (2/η, or 2(1 + β)/η with momentum).
 */
export function edgeOfStabilityWords(
  suggestion: ModelSuggestion,
  rate: (value: number) => string,
): string | null {
  const { aboveStartBound, critical, learningRate, atSuggestion, stability, belowBound } = suggestion;
  if (!aboveStartBound || critical === null || learningRate === null || atSuggestion === null) return null;
  const { sharpnessAtEnd: end, sharpnessBound: bound, edgeOfStability, startedAboveBound } = atSuggestion;
  const measured = end !== null && Number.isFinite(end) && bound !== null;
  const boundWords = bound ? `${bound.formula} = ${formatNumber(bound.value)}` : "";
  const what = edgeOfStability
    ? "it trained at the edge of stability (Cohen et al. 2021)"
    : startedAboveBound
      ? "λmax fell below the bound, so this is not the edge of stability (where λmax hovers at the bound)"
      : measured
        ? `λmax did not stay at the bound ${boundWords}, so this is not the edge of stability`
        : "its sharpness at the end was not measured (only a full-batch run at a constant rate measures it), so whether it trained at the edge of stability is not known";
  const sharpness = !measured
    ? ""
    : startedAboveBound
      ? ` The sharpness went from ${formatNumber(stability.sharpness)} at the start to ${formatNumber(end)} at the end, below ${boundWords}: the early steps took the weights to a flatter place, where this rate is stable.`
      : edgeOfStability
        ? ` The sharpness is still at the bound ${boundWords} or above it at the end (${formatNumber(stability.sharpness)} at the start, ${formatNumber(end)} at the end): the run keeps bouncing across its sharpest direction while the loss falls.`
        : "";
  const safe = belowBound
    ? ` Below the bound, the best is --lr ${formatExact(belowBound.learningRate)} (final loss ${formatNumber(belowBound.finalLoss, 5)}): stable from the first step.`
    : " No rate below the bound ended without diverging.";
  return `This rate is above ${critical.formula} = ${rate(critical.learningRate)} measured at the start, yet its run did not diverge: ${what}.${sharpness}${safe}`;
}

/**
 * How the runs compare with `sweep --model`'s default rates (all among them, same steps, seed and start):
 * the same best, or why not. Null for the theory method.
 */
export function sweepAgreementWords(suggestion: ModelSuggestion): string | null {
  const { search } = suggestion;
  if (!search) return null;
  const { sweepDefault, best } = search;
  const sweep = `sweep --model with the same --steps and --seed runs ${sweepDefault.tried} of these rates`;
  if (sweepDefault.best === null) return `${sweep}; every one of them diverged.`;
  const named = `lr ${formatNumber(sweepDefault.best.learningRate)} (final loss ${formatNumber(sweepDefault.best.finalLoss, 5)})`;
  if (best === null || best.learningRate === sweepDefault.best.learningRate) {
    return `${sweep} and names the same best, ${named}, by the same rule.`;
  }
  // A tie as printed is decided in the core (best-run.ts): the smaller rate, never called "lower".
  const how = sameFinalLoss(best.finalLoss, sweepDefault.best.finalLoss)
    ? `a smaller rate, lr ${formatNumber(best.learningRate)}, that ends as low (final loss ${formatNumber(best.finalLoss, LOSS_DIGITS)}, a tie as printed)`
    : `lr ${formatNumber(best.learningRate)} lower (final loss ${formatNumber(best.finalLoss, LOSS_DIGITS)})`;
  return `${sweep} and names ${named} by the same rule; the finer grid here found ${how}, between sweep's rates.`;
}
