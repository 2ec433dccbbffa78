/**
 * BCE on one-class data, logistic regression on (quasi-)separable data, and a network on completely
 * separable data have no finite minimum (judging/finite-optimum.ts):
 * the loss falls forever as the weights grow, so every rate that does not diverge ends lower the larger it
 * is, and "the lowest final loss" only names the largest rate that did not diverge. suggest, sweep, find-lr
 * and random-search say so, in one line of text and one field of JSON, rather than present that rate as a
 * choice.
 */
import { type NoFiniteOptimum, noFiniteOptimum } from "../core/judging/finite-optimum.js";
import type { PreparedModel } from "../core/models/model-spec.js";
import { noFiniteOptimumWords } from "../render/model-words.js";
import { wrap } from "./format.js";

/** What a missing minimum means for a command's answer: its rule for a rate names none. */
export type NoMinimumConsequence = "lowest-final-loss" | "range-test" | "guesses";

const CONSEQUENCE: Readonly<Record<NoMinimumConsequence, string>> = {
  "lowest-final-loss":
    "So the lowest final loss only names the largest rate that did not diverge: it is not a choice of rate.",
  // find-lr has no final losses to rank: its curve falls as the rate grows, toward the same endless slope.
  "range-test":
    "So the range test's loss falls further the larger the rate, until it blows up: its valley marks a point on an endless slope, not a choice of rate.",
  // random-search compares guessed weights, not rates: what the missing floor means for a guess.
  guesses:
    "So the best guess is only the one furthest out along the slope (the largest weights the box allows in that direction): the loss has no floor to reach, and no guess, nor any descent, ends at a minimum.",
};

/** Why there is no finite minimum, with its sentence, for a JSON document; null when there may be one. */
export function noFiniteMinimumField(
  prepared: PreparedModel,
  consequence: NoMinimumConsequence = "lowest-final-loss",
): (NoFiniteOptimum & { readonly words: string }) | null {
  const reason = noFiniteOptimum(prepared);
  return reason ? { ...reason, words: noFiniteMinimumWords(reason, consequence) } : null;
}

/** The one line: why, and what it means for choosing a rate. */
export function noFiniteMinimumWords(
  reason: NoFiniteOptimum,
  consequence: NoMinimumConsequence = "lowest-final-loss",
): string {
  return `No finite minimum. ${noFiniteOptimumWords(reason)}. ${CONSEQUENCE[consequence]}`;
}

/** `text` with that line after its first line (the command's heading), where there is no finite minimum. */
export function withNoFiniteMinimum(
  text: string,
  prepared: PreparedModel,
  consequence: NoMinimumConsequence = "lowest-final-loss",
): string {
  const reason = noFiniteOptimum(prepared);
  if (!reason) return text;
  const [heading, ...rest] = text.split("\n");
  return [heading, `  ${wrap(noFiniteMinimumWords(reason, consequence), 98, "  ")}`, ...rest].join("\n");
}
