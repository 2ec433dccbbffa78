/**
 * The lesson's word for a run, from facts about it: the one rule that the line (verdict.ts) and the rest of
 * the linear family under MSE (model-run.ts, the same quadratic in d + 1 eigen-directions) both ask, so the
 * same run gets the same word whichever face trained it.
 *
 * The facts are the line's, generalized to any number of eigen-directions: where the excess loss sits
 * (`sharpShareAlong`), the fastest constant rate's steps against the budget, the full-batch twin of a
 * mini-batch run, and a schedule's stretches above the exact bound.
 */
import type { Regime } from "../theory/regime.js";
import type { Outcome } from "./verdict.js";

/**
 * A constant rate whose run needs at most this many times the fastest rate's steps is as fast as a constant
 * rate gets: when it falls short, the budget is short, not the rate.
 */
export const AS_FAST_AS_ANY = 1.1;

export interface OutcomeFacts {
  /** The dynamics at the end of the run. */
  readonly regime: Regime;
  /** A changing rate back below the bound for good before the end (the step it came back), else null. */
  readonly backBelowAt: number | null;
  /** Within the closeness gap of the best loss; null when the best loss is unknown. */
  readonly reached: boolean | null;
  readonly startingLoss: number;
  readonly finalLoss: number;
  /** Without a best loss: whether the loss had stopped falling. */
  readonly settled: boolean | null;
  readonly fullBatch: boolean;
  /**
   * Mini-batches with exact theory: the gap the full-batch twin leaves, the closeness gap, and whether the
   * twin is still jumping across the minimum along its sharpest direction. Null otherwise.
   */
  readonly twin: {
    readonly fullBatchGap: number | null;
    readonly closeGap: number;
    readonly jumping: boolean;
  } | null;
  /** Within 100% of the closeness scale (MAE, Huber mini-batches). */
  readonly near: boolean;
  /** The loss still fell over the second half of the run. */
  readonly descending: boolean;
  /** Full batch, exact: the part of the excess loss along the sharpest direction; null when unknown. */
  readonly sharpShare: number | null;
  /**
   * A constant rate below the fastest constant rate from this start (plain full-batch SGD, exact): a larger
   * rate would get there sooner, so however its sharpest direction still swings, the rate is not too large.
   */
  readonly belowFastest: boolean;
  /** No constant rate serves both the sharp and the flat directions: more steps are not the fix. */
  readonly illConditioned: boolean;
  /** Even the fastest constant rate needs more steps than the budget. */
  readonly budgetTooShort: boolean;
  /** The fastest constant rate's steps (plain full-batch SGD, exact), else null. */
  readonly fastestSteps: number | null;
  /** The steps this constant rate needs to get within the gap, else null. */
  readonly stepsNeeded: number | null;
}

/** The lesson's word from the facts (before the search-based refinements only the line's adaptive runs get). */
export function decideOutcome(facts: OutcomeFacts): Outcome {
  const { regime, backBelowAt, reached, twin, fullBatch } = facts;
  let outcome: Outcome;
  if (regime === "diverging") outcome = "jumps-out";
  // Brought back by the schedule: below the bound for good, and the loss back below where it started.
  else if (backBelowAt !== null && (reached === true || facts.finalLoss < facts.startingLoss))
    outcome = "rescued-by-decay";
  else if (backBelowAt !== null) outcome = "jumps-out";
  // Without a best loss (MAE, Huber), a loss that has stopped falling is as good as a constant rate gets
  // (MAE's steps keep their size, so its late steps reverse whatever the rate: a regime, not a failure).
  else if (reached === true || (reached === null && facts.settled === true)) outcome = "good";
  // Mini-batches on MSE: noisy only if the full batch gets there with the same rates; else what holds the
  // run back is what would hold the full batch back: overshooting or crawling.
  else if (twin)
    outcome =
      twin.fullBatchGap !== null && twin.fullBatchGap <= twin.closeGap
        ? "noisy"
        : twin.jumping
          ? "jumps-around"
          : "too-small";
  // Otherwise (MAE, Huber): noise keeps a mini-batch run near the minimum without settling; one still on its
  // way down crawls.
  else if (!fullBatch && facts.near && !facts.descending) outcome = "noisy";
  else if (!fullBatch && facts.descending) outcome = "too-small";
  // Overshooting, but what is left is the flat direction crawling, or a larger rate would still get there
  // sooner (ill-conditioned data, whose fastest rate sits near the bound): that is too small, not jumping.
  else if (
    regime === "oscillating" &&
    !facts.belowFastest &&
    (facts.sharpShare === null || facts.sharpShare >= 0.5)
  )
    outcome = "jumps-around";
  else outcome = "too-small";
  // Crawling at a rate as fast as any constant rate (the exact count: no rate needs fewer steps): no other
  // rate would have got there in the budget. On
  // ill-conditioned data every constant rate crawls: rescaling x is the fix, not more steps.
  // The fastest rate itself may still be jumping across the minimum when the budget ends (it sits above
  // 1/λmax on some data): it is as right as a rate gets all the same, and more steps are the cure.
  if (
    (outcome === "too-small" || outcome === "jumps-around") &&
    !facts.illConditioned &&
    facts.budgetTooShort &&
    facts.fastestSteps !== null &&
    facts.stepsNeeded !== null &&
    // Within 10% of the fastest's steps counts as fast as any: suggest rounds its rate down (never above a
    // bound), and the rate it names must not be called too small by fit. The words give the run's own steps.
    facts.stepsNeeded <= AS_FAST_AS_ANY * facts.fastestSteps
  )
    outcome = "needs-more-steps";
  return outcome;
}

/**
 * The part of the excess loss `gap` that lies along the sharpest direction: ½·λmax·c²/gap, with
 * c = vᵀ(θ − θ*) the offset from the optimum along its unit eigenvector v, at most 1.
 */
export function sharpShareAlong(
  lambdaMax: number,
  vector: ArrayLike<number>,
  offset: ArrayLike<number>,
  gap: number,
): number {
  let along = 0;
  for (let j = 0; j < vector.length; j++) along += (vector[j] as number) * (offset[j] as number);
  return Math.min(1, (0.5 * lambdaMax * along * along) / gap);
}

/**
 * Whether the run is still on its way down: its loss fell by more than a tenth of its total fall over the
 * second half of the run (a crawl keeps falling; a noisy plateau does not).
 */
export function stillDescending(history: {
  readonly length: number;
  readonly step: ArrayLike<number>;
  readonly loss: ArrayLike<number>;
}): boolean {
  const last = history.length - 1;
  if (last < 2) return false;
  const middleStep = (history.step[last] as number) / 2;
  let middle = 0;
  while (middle < last && (history.step[middle + 1] as number) <= middleStep) middle++;
  const start = history.loss[0] as number;
  const final = history.loss[last] as number;
  const fell = start - final;
  return fell > 0 && (history.loss[middle] as number) - final > 0.1 * fell;
}
