/**
 * The verdict in words, once for every face: the CLI's `fit`, the report, the web lab's verdict and race
 * lanes. The core decided everything (core/verdict.ts); this only says it, and each face says how a rate
 * is offered ("--lr 0.24" on the command line, "0.24" in the lab).
 */

import type { BudgetShortfall } from "../core/choosing/budget-shortfall.js";
import { CLOSE_RELATIVE_GAP, type Closeness } from "../core/judging/closeness.js";
import type { Outcome, Verdict } from "../core/judging/verdict.js";
import { hasRate, localBoundSentence } from "./local-bound-words.js";
import {
  formatAbove,
  formatAdvisedRate,
  formatConditionNumber,
  formatCount,
  formatExact,
  formatNumber,
  formatPercent,
  formatRatio,
  formatSteps,
  withRealMinus,
} from "./numbers.js";
import { formatDistinct } from "./text.js";

/** Numbers told apart by their digits (text.ts), written to be read: with a real minus. */
function distinctForReading(values: readonly number[]): string[] {
  return formatDistinct(values).map(withRealMinus);
}

/** The lesson's words for each outcome, as a title. */
export const OUTCOME_TITLES: Readonly<Record<Outcome, string>> = {
  "too-small": "Too small",
  "needs-more-steps": "Needs more steps",
  good: "Good",
  "jumps-around": "Jumps around",
  "jumps-out": "Jumps out",
  noisy: "Noisy",
  "rescued-by-decay": "Rescued by decay",
};

/** The same words in running text. */
export const OUTCOME_WORDS: Readonly<Record<Outcome, string>> = {
  "too-small": "too small",
  "needs-more-steps": "needs more steps",
  good: "good",
  "jumps-around": "jumps around",
  "jumps-out": "jumps out",
  noisy: "noisy",
  "rescued-by-decay": "rescued by decay",
};

/** What each word means, for legends: `exact` when the bound of full-batch theory decided the regime. */
export function outcomeMeaning(outcome: Outcome, exact = true): string {
  switch (outcome) {
    case "too-small":
      return "still crawling toward the best loss at the end (a larger rate gets there sooner)";
    case "needs-more-steps":
      return "crawling at a rate as fast as any constant rate: the budget is short, not the rate";
    case "good":
      return "ended within the gap";
    case "jumps-around":
      return `overshooting${exact ? "" : " (read from the run: its steps reverse or its loss rises)"}, still jumping at the end`;
    case "jumps-out":
      return exact ? "above the optimizer's bound, the jumps grow" : "the loss grew or blew up";
    case "noisy":
      return "mini-batch noise keeps it bouncing near a minimum the same rate reaches on the full batch";
    case "rescued-by-decay":
      return "went above the bound, brought back below it for good by the schedule";
  }
}

/** What the words need besides the verdict: the run's facts and how this face names things. */
export interface VerdictFacts {
  /** Updates applied, and how the run ended. */
  readonly steps: number;
  readonly status: "completed" | "converged" | "diverged" | "stopped";
  readonly startingLoss: number;
  readonly finalLoss: number;
  /** The best loss (MSE), else null. */
  readonly bestLoss: number | null;
  /** Points per update when mini-batches, else null. */
  readonly batchSize: number | null;
  /** The optimizer's momentum (0 for plain SGD), null for the adaptive optimizers. */
  readonly momentum: number | null;
  /** "Adam", "RMSprop", … for the adaptive optimizers. */
  readonly optimizerName: string;
  readonly loss: "mse" | "mae" | "huber";
}

export interface Speaker {
  /** A rate as the reader would set it: "--lr 0.24" (CLI), "0.24" (lab). */
  readonly rate: (value: number) => string;
  /** A momentum as the reader would set it: "--momentum 0.25", "momentum 0.25". */
  readonly momentum: (value: number) => string;
  /** How to suggest a decaying rate: "--schedule exponential --decay-rate 0.01", "an exponential schedule". */
  readonly decay: string;
  /** How to rescale x: "standardize x (subtract its mean, divide by its spread)". */
  readonly rescale: string;
  /**
   * After a rate offered in place of a schedule: " with no --schedule"; "" where the rate as written is
   * constant already (a piecewise schedule's values all set to it). Default " held constant (no schedule)".
   */
  readonly constant?: string;
}

export interface VerdictWords {
  readonly title: string;
  /** One short paragraph: what happened, why, and what to try. */
  readonly text: string;
}

/**
 * "within 0.1% of the best loss", or, when the best loss is too small for a percentage (closeness.ts), the
 * gap itself: "within 3.3e−5 of the best loss".
 */
export function closenessWords(verdict: Pick<Verdict, "closeness">): string {
  const close = verdict.closeness;
  if (close && close.relativeTo === "spread-of-y")
    return `within ${formatNumber(close.gap, 2)} of the best loss`;
  return `within ${formatPercent(CLOSE_RELATIVE_GAP)} of the best loss`;
}

/**
 * A gap to the best loss in the verdicts' words: the closeness rule's ("within 0.1% of the best loss") when
 * `tolerance` is its gap, else the gap itself ("within 0.05 of the best loss", a gap the user gave).
 */
export function toleranceWords(tolerance: number, close: Closeness | null): string {
  return close !== null && close.gap === tolerance
    ? closenessWords({ closeness: close })
    : `within ${formatNumber(tolerance)} of the best loss`;
}

/** "The schedule's rate rose above the critical rate 0.3069 at step 15 (to 0.6, 1.96× it)." */
function scheduleAbove(verdict: Verdict): string {
  const critical = verdict.criticalLearningRate ?? Number.NaN;
  const at = verdict.exceededBoundAt ?? 0;
  const peak = verdict.peakLearningRate;
  return `The schedule's rate ${at === 0 ? "started" : `rose at step ${formatCount(at)}`} above the critical rate ${formatNumber(critical)} (${verdict.criticalFormula}), up to ${formatNumber(peak)}, ${formatRatio(peak / critical)} it.`;
}

/**
 * Where the rate went after it first rose above the bound: "It came back below at step 48 and rose above
 * again at step 73, where it still is." Empty when it never came back.
 */
function scheduleReturns(verdict: Verdict): string {
  const first = verdict.crossedBoundAt;
  const last = verdict.lastExcursion;
  if (first === null || last === null) return "";
  if (verdict.boundExcursions <= 1) return `It came back below the bound at step ${formatCount(first)}.`;
  const again =
    verdict.boundExcursions === 2
      ? `rose above it again at step ${formatCount(last.from)}`
      : `rose above it ${formatCount(verdict.boundExcursions - 1)} more times, the last at step ${formatCount(last.from)}`;
  return `It came back below the bound at step ${formatCount(first)} and ${again}${
    last.to === null ? ", where it still is" : `, back below for good from step ${formatCount(last.to)}`
  }.`;
}

/** The verdict as a title and a paragraph. */
export function verdictWords(verdict: Verdict, facts: VerdictFacts, speaker: Speaker): VerdictWords {
  // A schedule that rose above the bound later (cyclical, restarts) brought the run back, but did not decay.
  const risingSchedule =
    verdict.outcome === "rescued-by-decay" &&
    (verdict.boundExcursions > 1 || (verdict.exceededBoundAt ?? 0) > 0);
  const title = risingSchedule ? "Rescued by the schedule" : OUTCOME_TITLES[verdict.outcome];
  const parts: string[] = [];
  // The rate and its bound with the digits that tell them apart (0.3069030 is not "0.3069").
  const [rate] = distinctForReading([
    verdict.learningRate,
    verdict.criticalLearningRate ?? verdict.learningRate,
  ]);
  const where = whereItIs(verdict, facts);
  const bound = boundWords(verdict, facts);
  const fastest = fastestWords(verdict, speaker);
  switch (verdict.outcome) {
    case "jumps-out": {
      const changing = verdict.exceededBoundAt !== null;
      const growth = verdict.growthPerStep !== null ? ` ×${growthText(verdict.growthPerStep)} per step` : "";
      const diverged = facts.status === "diverged";
      const lossStory = diverged
        ? `The loss blew up${verdict.divergedAtStep !== null ? ` at step ${formatCount(verdict.divergedAtStep)}` : ""}.`
        : facts.finalLoss > facts.startingLoss
          ? `The loss grows: from ${formatNumber(facts.startingLoss)} to ${formatNumber(facts.finalLoss)} in ${formatSteps(facts.steps)}, and it keeps growing.`
          : verdict.reached
            ? `The loss is still ${closenessWords(verdict)}, where the run had got before, but the error along the steepest direction now grows${growth}: it is on its way out.`
            : `The loss has not climbed yet (${formatNumber(facts.startingLoss)} to ${formatNumber(facts.finalLoss)} in ${formatSteps(facts.steps)}), but the error along the steepest direction grows${growth}: it will.`;
      if (changing && verdict.lastExcursion?.to != null && !diverged) {
        // The schedule went above the bound and came back below for good, too late to bring the line back.
        parts.push(
          `${scheduleAbove(verdict)} ${scheduleReturns(verdict)} The line jumped out, and ${where}.`,
        );
      } else if (changing) {
        parts.push(lossStory, scheduleAbove(verdict));
        const returns = scheduleReturns(verdict);
        if (returns) parts.push(returns);
        parts.push("Each step above the bound overshoots the minimum by more than the one before.");
      } else {
        parts.push(lossStory);
        if (bound && verdict.criticalRatio !== null && verdict.criticalRatio > 1) {
          parts.push(
            `lr ${rate} is ${formatRatio(verdict.criticalRatio)} ${bound}: each step overshoots the minimum by more than the one before.`,
          );
          if (!verdict.criticalIsExact)
            parts.push("With mini-batches the noise can blow a run up below that bound too.");
        } else if (bound) {
          parts.push(
            `lr ${rate} stays below ${bound}, yet the run left the minimum: ${
              facts.batchSize !== null ? "mini-batch noise pushed it out" : "the changing rate pushed it out"
            }.`,
          );
        } else if (hasRate(verdict.localBound)) {
          parts.push(localWords(verdict));
        } else {
          parts.push(`${noBoundWords(verdict, facts)} The loss grew over the run.`);
        }
      }
      if (verdict.illConditioned && verdict.criticalLearningRate !== null)
        parts.push(
          `${
            verdict.suggestedLearningRate !== null
              ? `Try ${speaker.rate(verdict.suggestedLearningRate)}, below the critical rate ${distinctForReading([verdict.suggestedLearningRate, verdict.criticalLearningRate])[1]}.`
              : `Try a rate below ${formatAdvisedRate(verdict.criticalLearningRate)}.`
          } ${illWords(verdict, speaker)}`,
        );
      else if (verdict.budgetShortfall)
        parts.push(
          budgetAdviceWords(verdict.budgetShortfall, speaker, closenessWords(verdict), verdict.learningRate),
        );
      else if (verdict.fastest)
        parts.push(
          `Try ${speaker.rate(verdict.fastest.learningRate)}${verdict.constantRate ? "" : (speaker.constant ?? " held constant (no schedule)")}: from this start it gets ${closenessWords(verdict)} in ${formatSteps(verdict.fastest.steps)}, the fewest of any constant rate.`,
        );
      else if (verdict.simulated) parts.push(simulatedAdvice(verdict, facts, speaker));
      else if (verdict.suggestedLearningRate !== null)
        parts.push(`Try ${speaker.rate(verdict.suggestedLearningRate)}.`);
      else {
        const below = verdict.criticalLearningRate ?? verdict.localBound?.critical?.learningRate ?? null;
        parts.push(`Try a smaller rate${below !== null ? `, below ${formatAdvisedRate(below)}` : ""}.`);
      }
      break;
    }
    case "rescued-by-decay": {
      parts.push(
        verdict.exceededBoundAt === 0 && verdict.boundExcursions === 1
          ? `It jumped out, then the decaying rate brought it back: lr started at ${rate}, ${formatRatio(verdict.criticalRatio ?? 1)} the critical rate ${formatNumber(verdict.criticalLearningRate)}, and fell below it at step ${formatCount(verdict.crossedBoundAt ?? 0)}.`
          : `${scheduleAbove(verdict)} ${scheduleReturns(verdict)} The line jumped out, and came back with the rate.`,
      );
      parts.push(
        verdict.reached
          ? `From there it settled ${closenessWords(verdict)}.`
          : `From there it closes in: ${where}.`,
      );
      break;
    }
    case "good": {
      parts.push(
        verdict.reached === null
          ? `The loss has settled: ${formatNumber(facts.finalLoss)} after ${formatSteps(facts.steps)}, no longer falling.`
          : `${capitalize(closenessWords(verdict))} after ${formatSteps(facts.steps)}.`,
      );
      // Overshooting is the rate's doing only if the rate was above the overshoot bound; mini-batch noise
      // reverses steps below it too.
      if (
        verdict.regime === "oscillating" &&
        verdict.overshootLearningRate !== null &&
        verdict.peakLearningRate > verdict.overshootLearningRate
      ) {
        const overshoot = distinctForReading([verdict.peakLearningRate, verdict.overshootLearningRate])[1];
        parts.push(
          verdict.criticalIsExact
            ? `Each step jumped across the minimum on the way (the rate ${verdict.constantRate ? "is" : "was"} above ${overshoot}) but landed closer each time.`
            : `Its steps jumped across the minimum on the way (the rate ${verdict.constantRate ? "is" : "was"} above ${overshoot}).`,
        );
      }
      if (verdict.fastest && verdict.stepsNeeded !== null && verdict.fastest.steps < verdict.stepsNeeded) {
        parts.push(`It took ${formatSteps(verdict.stepsNeeded)}; ${fastest}.`);
      }
      if (verdict.reached === null) parts.push(`${lossName(facts)} has no exact best loss to compare with.`);
      break;
    }
    case "jumps-around": {
      const edge = verdict.criticalRatio !== null && Math.abs(verdict.criticalRatio - 1) < 1e-9;
      // Above Huber's bound near the best line the jumps never die out: they cannot be said to shrink.
      const local = verdict.localBound?.critical ?? null;
      const aboveLocal = local !== null && verdict.finalLearningRate > local.learningRate;
      parts.push(
        aboveLocal
          ? `Each step jumps across the minimum and the jumps do not die out: ${where}.`
          : edge
            ? "Each step jumps across the minimum and lands exactly as far on the other side: at the critical rate it bounces forever."
            : verdict.growthPerStep !== null && verdict.growthPerStep >= 1
              ? `Each step jumps across the minimum and nothing damps the jumps: at this rate and momentum it never settles (${where}).`
              : `Each step jumps across the minimum${verdict.regimeBasis === "theory" ? " along its steepest direction" : ""} and the jumps shrink slowly${verdict.growthPerStep !== null ? `, by ×${growthText(verdict.growthPerStep)} per step` : ""}: ${where}.`,
      );
      if (asFastAsAny(verdict))
        parts.push(
          `${fastAsAnyWords(verdict)}, and still needs ${formatSteps(verdict.stepsNeeded ?? 0)} to get ${closenessWords(verdict)}.`,
        );
      else if (verdict.stepsNeeded !== null && fastest)
        parts.push(
          `This rate needs ${formatSteps(verdict.stepsNeeded)} to get ${closenessWords(verdict)}; ${fastest}.`,
        );
      else if (fastest) parts.push(`${capitalize(fastest)}.`);
      else if (facts.momentum !== null && facts.momentum > 0) {
        if (verdict.stepsNeeded !== null)
          parts.push(
            `This rate needs ${formatSteps(verdict.stepsNeeded)} to get ${closenessWords(verdict)} and stay.`,
          );
        momentumAdvice(verdict, facts, speaker, parts);
      } else if (verdict.simulated) parts.push(simulatedAdvice(verdict, facts, speaker));
      else if (hasRate(verdict.localBound))
        parts.push(
          `${localWords(verdict)} ${aboveLocal ? "A rate below it" : "A smaller rate"}, or one that decays (${speaker.decay}), lets it settle.`,
        );
      else parts.push(`A smaller rate, or one that decays (${speaker.decay}), lets it settle.`);
      if (verdict.illConditioned) parts.push(illWords(verdict, speaker));
      break;
    }
    case "too-small": {
      if (facts.steps === 0) {
        parts.push("No steps were run: the line is where it started.");
      } else if (verdict.learningRate === 0) {
        parts.push("A rate of 0 never moves the line.");
      } else {
        parts.push(`It crawls: ${where}.`);
        if (verdict.fullBatchGap !== null)
          parts.push(
            "The same rates on the full batch would not get there either: the rate holds it back, not the noise.",
          );
        if (asFastAsAny(verdict)) {
          parts.push(
            `${fastAsAnyWords(verdict)}, and still needs ${formatSteps(verdict.stepsNeeded ?? 0)} to get ${closenessWords(verdict)}.`,
          );
        } else if (verdict.budgetTooShort && verdict.fastest) {
          parts.push(
            `No constant rate gets there in ${formatSteps(facts.steps)}: the fastest, ${speaker.rate(verdict.fastest.learningRate)}, needs ${formatSteps(verdict.fastest.steps)}${verdict.stepsNeeded !== null ? `; this one needs ${formatSteps(verdict.stepsNeeded)}` : ""}.`,
          );
          if (verdict.budgetShortfall)
            parts.push(
              `Within ${formatSteps(facts.steps)}, ${speaker.rate(verdict.budgetShortfall.lowestWithinBudget.learningRate)} ends lowest of every constant rate (suggest's rate for this budget).`,
            );
        } else if (verdict.stepsNeeded !== null && fastest) {
          parts.push(
            `This rate needs ${formatSteps(verdict.stepsNeeded)} to get ${closenessWords(verdict)}; ${fastest}.`,
          );
        } else if (fastest) {
          parts.push(`${capitalize(fastest)}.`);
        } else if (verdict.criticalLearningRate !== null) {
          if (!verdict.simulated)
            parts.push(
              facts.batchSize !== null
                ? // A larger constant rate crawls less but bounces more on mini-batches: it needs to decay too.
                  `Try a larger rate that decays, e.g. ${speaker.decay}: larger steps early, less noise late; it diverges above ${formatNumber(verdict.criticalLearningRate)}.`
                : `Try a larger rate or more steps; it diverges above ${formatNumber(verdict.criticalLearningRate)}.`,
            );
          momentumAdvice(verdict, facts, speaker, parts);
        } else if (verdict.simulated) {
          parts.push(`${noBoundWords(verdict, facts)} ${simulatedAdvice(verdict, facts, speaker)}`.trim());
        } else if (hasRate(verdict.localBound)) {
          parts.push(`Try a larger rate or more steps. ${localWords(verdict)}`);
        } else {
          parts.push(`${noBoundWords(verdict, facts)} Try a larger rate or more steps.`.trim());
        }
      }
      if (verdict.illConditioned) parts.push(illWords(verdict, speaker));
      break;
    }
    case "needs-more-steps": {
      const simulated = verdict.simulated;
      if (simulated) {
        const tried = `${formatCount(simulated.tried)} rates`;
        parts.push(
          simulated.steps !== null && verdict.stepsNeeded !== null
            ? `The rate is right; the budget is short: ${where}. None of ${tried} run for ${formatSteps(simulated.budget)} gets ${closenessWords(verdict)} and stays; this one does from step ${formatCount(verdict.stepsNeeded)} on, and the soonest of them from step ${formatCount(simulated.steps)}. Give it ${formatSteps(verdict.stepsNeeded)}.`
            : `The rate is right; the budget is short: ${where}. None of ${tried} run for up to ${formatSteps(simulated.searchedBudget)} gets ${closenessWords(verdict)}, and this one ends as close as any. Give it more steps.`,
        );
        if (verdict.illConditioned) parts.push(illWords(verdict, speaker));
        break;
      }
      const needed = verdict.stepsNeeded ?? 0;
      const fastestSteps = verdict.fastest?.steps ?? needed;
      parts.push(
        `The rate is right; the budget is short: ${where}. This rate needs ${formatSteps(needed)} to get ${closenessWords(verdict)}, and no constant rate gets there in fewer than ${formatSteps(fastestSteps)}. Give it ${formatSteps(needed)}.`,
      );
      if (verdict.narrowValley && !verdict.illConditioned)
        parts.push(
          `So many because the valley is narrow: the loss curves ${formatConditionNumber(verdict.conditionNumber)}× more steeply across it than along it, so a rate the steep direction survives crawls along the flat one. To need far fewer, ${speaker.rescale}.`,
        );
      if (verdict.illConditioned) parts.push(illWords(verdict, speaker));
      break;
    }
    case "noisy": {
      const batches = `Mini-batches of ${formatCount(facts.batchSize ?? 0)}`;
      parts.push(`${batches} keep the line bouncing around the minimum: ${where}.`);
      if (verdict.fullBatchGap !== null)
        parts.push(
          `The same rates on the full batch get ${closenessWords(verdict)}: the noise is what is left.`,
        );
      parts.push(
        verdict.constantRate
          ? `A decaying rate lets it settle: try ${speaker.decay}.`
          : "Let the rate decay further, or use larger batches, and it settles.",
      );
      break;
    }
  }
  return { title, text: parts.join(" ") };
}

/** "after 30 steps the loss is still 1.4% above the best loss". */
function whereItIs(verdict: Verdict, facts: VerdictFacts): string {
  if (verdict.gap !== null && verdict.bestLoss !== null) {
    return `after ${formatSteps(facts.steps)} the loss is still ${formatAbove(verdict.gap, verdict.relativeGap, verdict.bestLoss)}`;
  }
  return `after ${formatSteps(facts.steps)} the loss is ${formatNumber(facts.finalLoss)}`;
}

/** "the critical rate 0.3069 (2/λmax)", with the optimizer it belongs to. */
function boundWords(verdict: Verdict, facts: VerdictFacts): string | null {
  if (verdict.criticalLearningRate === null) return null;
  const [, critical] = distinctForReading([verdict.learningRate, verdict.criticalLearningRate]);
  const value = `${critical} (${verdict.criticalFormula})`;
  if (facts.momentum !== null && facts.momentum > 0)
    return `the critical rate ${value} of SGD with momentum ${formatNumber(facts.momentum)}`;
  return verdict.criticalIsExact
    ? `the critical rate ${value}`
    : `the critical rate of the average step ${value}`;
}

function noBoundWords(verdict: Verdict, facts: VerdictFacts): string {
  switch (verdict.noExactBound) {
    case "adaptive-optimizer":
      return `${facts.optimizerName} rescales every step by its gradient statistics, so no exact bound applies.`;
    case "not-mse":
      return `${lossName(facts)} has no closed-form bound.`;
    default:
      return "";
  }
}

/**
 * Huber's bound near the best line, and where this run's rate is beside it: "Near the best line, rates above
 * 2/λmax ≈ 1.094 jump out of the minimum (local curvature; Huber has no global bound): lr 5 is 4.6× it."
 */
function localWords(verdict: Verdict): string {
  const bound = verdict.localBound;
  if (!hasRate(bound)) return "";
  const rate = verdict.constantRate ? verdict.learningRate : verdict.finalLearningRate;
  const [rateText, boundText] = distinctForReading([rate, bound.critical.learningRate]);
  const ratio = rate / bound.critical.learningRate;
  const where =
    ratio > 1
      ? `lr ${rateText} is ${formatRatio(ratio)} it`
      : `lr ${rateText}${verdict.constantRate ? "" : ", the last rate,"} is below it`;
  return `${localBoundSentence(bound, boundText)}: ${where}.`;
}

/** This run's constant rate needs no more than 10% more steps than the fastest: advice to use it is no advice. */
function asFastAsAny(verdict: Verdict): boolean {
  return (
    verdict.constantRate &&
    verdict.fastest !== null &&
    verdict.stepsNeeded !== null &&
    verdict.stepsNeeded <= Math.ceil(1.1 * verdict.fastest.steps)
  );
}

/** "This rate is as fast as any constant rate", or within 10% of the fastest's steps: which, exactly. */
function fastAsAnyWords(verdict: Verdict): string {
  const fastest = verdict.fastest?.steps ?? 0;
  return (verdict.stepsNeeded ?? 0) <= fastest
    ? "This rate is as fast as any constant rate from this start"
    : `This rate is within 10% of the fastest constant rate from this start (${formatSteps(fastest)})`;
}

/**
 * The advice when the budget is shorter than the fastest rate needs: suggest's rate for this budget, the
 * one that ends lowest within it (core: budget-shortfall.ts), and the fastest with the steps to give it.
 * "Try --lr 0.059: of every constant rate below 2/λmax it ends lowest after 50 steps; the fastest from this
 * start, --lr 0.0615, gets within 0.1% of the best loss in 300 steps: give it 300 steps."
 */
export function budgetAdviceWords(
  shortfall: BudgetShortfall,
  speaker: Pick<Speaker, "rate">,
  closeness: string,
  current?: number,
): string {
  const { budget, stepsNeeded, fastestLearningRate, lowestWithinBudget } = shortfall;
  const fastest = `the fastest from this start, ${speaker.rate(fastestLearningRate)}, gets ${closeness} in ${formatSteps(stepsNeeded)}: give it ${formatSteps(stepsNeeded)}`;
  // "Try lr 1e−10" to a run at lr 1e−10 said nothing: the rate is right for the budget, the budget is short.
  if (current !== undefined && speaker.rate(lowestWithinBudget.learningRate) === speaker.rate(current)) {
    return `${speaker.rate(current)} already ends lowest of every constant rate below 2/λmax after ${formatSteps(budget)}: the budget is short, not the rate; ${fastest}.`;
  }
  return `Try ${speaker.rate(lowestWithinBudget.learningRate)}: of every constant rate below 2/λmax it ends lowest after ${formatSteps(budget)} (suggest's rate for this budget); ${fastest}.`;
}

/** "the fastest constant rate from here, --lr 0.24, needs 11 steps". */
function fastestWords(verdict: Verdict, speaker: Speaker): string | null {
  if (!verdict.fastest) return null;
  // Under a schedule the advice is to drop it: "--lr 0.24" alone would read as the rate already typed.
  const held = verdict.constantRate ? "" : (speaker.constant ?? " held constant (no schedule)");
  return `the fastest constant rate from this start, ${speaker.rate(verdict.fastest.learningRate)}${held}, needs ${formatSteps(verdict.fastest.steps)}`;
}

/**
 * "Try lr 0.3: from this start Adam stays within 0.1% of the best loss from step 85 on, the soonest of 57
 * rates run for 100 steps." The adaptive optimizers' advice, from running them (core simulated-rate.ts).
 */
/** What the search advice reads from a verdict: the line's Verdict, or the linear family's (model-words.ts). */
export type SearchAdviceVerdict = Pick<
  Verdict,
  "simulated" | "learningRate" | "closeness" | "momentumPair" | "momentumPairSteps" | "suggestedLearningRate"
>;

/** The advice of the search by running (Adam, RMSprop, Adagrad, momentum), one sentence. */
export function simulatedAdvice(
  verdict: SearchAdviceVerdict,
  facts: Pick<VerdictFacts, "momentum" | "optimizerName">,
  speaker: Pick<Speaker, "rate">,
): string {
  const simulated = verdict.simulated;
  if (!simulated) return "";
  const of = `of ${formatCount(simulated.tried)} rates run for ${formatSteps(simulated.budget)}`;
  const who =
    facts.momentum !== null && facts.momentum > 0
      ? `momentum ${formatNumber(facts.momentum)}`
      : facts.optimizerName;
  if (simulated.steps === null)
    return `None ${of} (or up to ${formatSteps(simulated.searchedBudget)}) gets ${closenessWords(verdict)}; ${speaker.rate(simulated.learningRate)} ends closest: try it, with more steps.`;
  if (simulated.steps > simulated.budget) {
    const rate =
      simulated.learningRate === verdict.learningRate ? "this rate" : speaker.rate(simulated.learningRate);
    return `No rate gets ${closenessWords(verdict)} and stays there in ${formatSteps(simulated.budget)} (${formatCount(simulated.tried)} tried); with ${who}, ${rate} does from step ${formatCount(simulated.steps)} on, the soonest: give it ${formatSteps(simulated.steps)}.`;
  }
  if (simulated.learningRate === verdict.learningRate)
    return `This rate is the soonest ${of} from this start.`;
  return `Try ${speaker.rate(simulated.learningRate)}: from this start ${who === facts.optimizerName ? facts.optimizerName : `SGD with ${who}`} stays ${closenessWords(verdict)} from step ${formatCount(simulated.steps)} on, the soonest ${of}.`;
}

/** With momentum: the search's advice (or the steadiest rate), and Polyak's pair with its steps. */
export function momentumAdvice(
  verdict: SearchAdviceVerdict,
  facts: Pick<VerdictFacts, "momentum" | "optimizerName" | "steps">,
  speaker: Pick<Speaker, "rate" | "momentum">,
  parts: string[],
): void {
  if (facts.momentum === null || facts.momentum === 0) return;
  const pair = verdict.momentumPair;
  const best = verdict.suggestedLearningRate;
  if (verdict.simulated) parts.push(simulatedAdvice(verdict, facts, speaker));
  else if (best !== null)
    parts.push(`With momentum ${formatNumber(facts.momentum)} the steadiest rate is ${speaker.rate(best)}.`);
  // The best pair for the worst case, with the steps it needs from this start, unless it is this run.
  const isThisRun =
    pair !== null && pair.learningRate === verdict.learningRate && pair.momentum === facts.momentum;
  if (pair && !isThisRun) {
    const steps = verdict.momentumPairSteps;
    parts.push(
      `The best pair for this data, ${speaker.rate(pair.learningRate)} with ${speaker.momentum(pair.momentum)}, ${
        steps === null
          ? "shrinks the error fastest in the long run"
          : steps <= facts.steps
            ? `stays ${closenessWords(verdict)} from step ${formatCount(steps)} on`
            : `needs ${formatSteps(steps)} to get ${closenessWords(verdict)} and stay`
      }.`,
    );
  }
}

function illWords(verdict: Verdict, speaker: Speaker): string {
  return `The condition number is ${formatConditionNumber(verdict.conditionNumber)}: the slope and the intercept need rates that far apart, so a rate the steep direction survives leaves the flat one crawling. No constant rate works well here: ${speaker.rescale}.`;
}

/** A per-step growth factor with the digits that keep it off "1": "0.99998", "1.00000004", "2.9". */
function growthText(growth: number): string {
  return formatRatio(growth).replace("×", "");
}

function lossName(facts: VerdictFacts): string {
  return facts.loss === "mae" ? "MAE" : facts.loss === "huber" ? "The Huber loss" : "MSE";
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The facts the words need, from a run and its setup. */
export function verdictFactsOf(
  run: {
    readonly steps: number;
    readonly status: VerdictFacts["status"];
    readonly batchSize: number;
    readonly stepsPerEpoch: number;
    readonly final: { readonly loss: number };
    readonly history: { readonly loss: ArrayLike<number> };
  },
  setup: {
    readonly bestLoss: number | null;
    readonly optimizer: { readonly name: string; readonly config: object };
    readonly loss: VerdictFacts["loss"];
  },
): VerdictFacts {
  const config = setup.optimizer.config as { momentum?: number };
  return {
    steps: run.steps,
    status: run.status,
    startingLoss: run.history.loss[0] as number,
    finalLoss: run.final.loss,
    bestLoss: setup.bestLoss,
    batchSize: run.stepsPerEpoch > 1 ? run.batchSize : null,
    momentum: setup.optimizer.name === "sgd" ? (config.momentum ?? 0) : null,
    optimizerName: KERAS_OPTIMIZER_NAMES[setup.optimizer.name] ?? setup.optimizer.name,
    loss: setup.loss,
  };
}

/** The optimizers as Keras names them. */
export const KERAS_OPTIMIZER_NAMES: Readonly<Record<string, string>> = {
  sgd: "SGD",
  adam: "Adam",
  rmsprop: "RMSprop",
  adagrad: "Adagrad",
};

/** A rate exactly as given, for suggestions a reader will copy. */
export { formatExact };

/**
 * What a range test that suggests nothing because its loss never fell did (core lr-suggestions.ts's
 * "never-fell"): it blew up, or, with a threshold too high to stop it, rose past 4× its first loss.
 */
export function neverFellWords(stoppedByBlowUp: boolean): string {
  return stoppedByBlowUp
    ? "the loss blew up before it fell at all"
    : "the loss rose past 4× its first value before it fell at all";
}
