/**
 * An unstable run that did not diverge: lrlab reports where it ended, but every step there multiplies a
 * difference, so another arithmetic (TF.js's float32, another order of additions) ends elsewhere.
 */

/** What {@link unstableUndiverged} reads of a run. */
export interface UnstableRunFacts {
  /** The run stopped on its divergence test. */
  readonly diverged: boolean;
  /**
   * The verdict's regime is diverging: the run was blowing up when its steps ran out, or the exact theory
   * says it diverges. A rate above the bound at the start alone is not enough: on a network or logistic
   * regression the sharpness often falls below the bound and the run settles (lr 0.5 against 2/λmax =
   * 0.24 at the start, 0.96 at the end), and then float32 agrees.
   */
  readonly diverging: boolean;
  /** The highest learning rate the run used. */
  readonly highestRate: number;
  /** The stability bound that applies at the start (exact, or measured there), or null where none does. */
  readonly bound: number | null;
  /** The bound is the exact theory's (the linear family on MSE): it holds at every step, not only the start. */
  readonly exactBound: boolean;
  readonly initialLoss: number;
  readonly finalLoss: number;
}

/**
 * Why a run that did not diverge is unstable: its rate is above the bound and it was diverging; its
 * schedule took the rate above an exact bound and back (the run jumped out and was rescued); or its loss
 * ended higher.
 */
export type UnstableReason = "above-bound" | "went-above-bound" | "loss-rose";

/**
 * Whether the run did not diverge yet is unstable: its rate went above the stability bound and it was
 * diverging when its steps ran out, or else its loss ended above where it started (or not finite); null
 * when neither. A diverged run is not one: it stops where the loss passes the divergence test, and a
 * script stops there too.
 */
export function unstableUndiverged(facts: UnstableRunFacts): UnstableReason | null {
  if (facts.diverged) return null;
  if (facts.diverging && facts.bound !== null && facts.highestRate > facts.bound) return "above-bound";
  // Above an exact bound every step grew the error along the sharpest direction, float32's rounding with
  // it, even where a decaying rate brought the run back (retest 7: a script of such a run printed 33,665
  // against lrlab's 0.9692, another stopped as diverged).
  if (facts.exactBound && facts.bound !== null && facts.highestRate > facts.bound) return "went-above-bound";
  return facts.finalLoss <= facts.initialLoss ? null : "loss-rose";
}

/** The highest rate of the first `steps` updates of a schedule given as `rateAt`. */
export function highestRateOf(rateAt: (step: number) => number, steps: number, constant: boolean): number {
  if (constant || steps <= 1) return rateAt(0);
  let highest = Number.NEGATIVE_INFINITY;
  for (let step = 0; step < steps; step++) highest = Math.max(highest, rateAt(step));
  return highest;
}
