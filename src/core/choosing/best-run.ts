/**
 * Which rate is best among runs of a model: the one rule `sweep --model` and `suggest --model` share, so
 * the two name the same rate wherever they ran the same rates for the same budget from the same start.
 *
 * The lowest final loss among the runs that did not diverge, the smallest rate among those that tie with
 * it as printed ({@link sameFinalLoss}). "Did not
 * diverge" means both: the run did not blow up (status), and its verdict is not diverging (a quadratic
 * above its exact 2/λmax that has not blown up yet within the budget is still on its way out).
 *
 * The rule does not stop at the bound measured at the start: on a network the first steps can throw the
 * weights to a flatter place, where a rate above the start's 2/λmax trains at the edge of stability
 * (Cohen et al. 2021) and often ends lowest. Whoever names such a rate says so (model-suggest.ts's
 * `aboveStartBound`), with the best rate below the bound beside it.
 *
 * Where the loss has no finite minimum (judging/finite-optimum.ts: BCE on one class or separable data),
 * no rate is best: every run that does not diverge slides down the same endless slope, and the larger the
 * rate the further it gets in the budget, so the lowest final loss only finds the largest stable rate
 * pushing the weights outward. {@link rateChoice} says so once, for every face.
 */
import type { Regime } from "../theory/regime.js";
import type { TrainStatus } from "../training/train.js";

/** What the rule reads of a run. */
export interface RankableRun {
  readonly learningRate: number;
  readonly status: TrainStatus;
  readonly regime: Regime;
  readonly finalLoss: number;
}

/** Whether a run counts at all: it did not blow up, is not judged diverging, and ended on a number. */
export function keptRun(run: RankableRun): boolean {
  return run.status !== "diverged" && run.regime !== "diverging" && Number.isFinite(run.finalLoss);
}

/**
 * Final losses that print the same are a tie: the sweep and suggest texts show final losses to
 * {@link LOSS_DIGITS} significant digits, so two runs the reader sees ending at 0.37924 are not told apart
 * by a difference in the 16th digit (round-off on a plateau every rate reaches). The decision is the
 * printed precision, not a relative tolerance: a text never calls a loss "lower" when it prints the same.
 */
export const LOSS_DIGITS = 5;

/** Whether two final losses are equal to {@link LOSS_DIGITS} significant digits. */
export function sameFinalLoss(a: number, b: number): boolean {
  return a === b || Number(a.toPrecision(LOSS_DIGITS)) === Number(b.toPrecision(LOSS_DIGITS));
}

/**
 * The run with the lowest final loss among those kept ({@link keptRun}); among the runs that tie with it
 * ({@link sameFinalLoss}), the smallest rate: the most stable one, below the bound and not oscillating
 * wherever any of the tied runs is, since a larger rate buys nothing the reader can see.
 */
export function bestRunOf<T extends RankableRun>(runs: readonly T[]): T | null {
  const kept = runs.filter(keptRun);
  if (kept.length === 0) return null;
  const lowest = Math.min(...kept.map((run) => run.finalLoss));
  let best: T | null = null;
  for (const run of kept) {
    if (!sameFinalLoss(run.finalLoss, lowest)) continue;
    if (best === null || run.learningRate < best.learningRate) best = run;
  }
  return best;
}

/** The other kept runs whose final loss ties with `best`'s as printed ({@link sameFinalLoss}), in rate order. */
export function tiedWith<T extends RankableRun>(runs: readonly T[], best: RankableRun): T[] {
  return runs
    .filter(
      (run) =>
        keptRun(run) &&
        run.learningRate !== best.learningRate &&
        sameFinalLoss(run.finalLoss, best.finalLoss),
    )
    .sort((a, b) => a.learningRate - b.learningRate);
}

/**
 * What a set of runs can name: the best run by {@link bestRunOf}; or, with no finite minimum, no best run
 * but the lowest final loss as what the runs show, and whether it is the largest rate kept.
 */
export type RateChoice<T> =
  | { readonly kind: "best"; readonly best: T }
  | {
      readonly kind: "no-finite-minimum";
      readonly lowest: T;
      /** The lowest final loss is at the largest rate that did not diverge (as the slide predicts). */
      readonly largestKept: boolean;
    }
  /** Every run diverged. */
  | { readonly kind: "none" };

/** The choice among `runs`, given whether the loss has a finite minimum at all. */
export function rateChoice<T extends RankableRun>(
  runs: readonly T[],
  noFiniteMinimum: boolean,
): RateChoice<T> {
  const lowest = bestRunOf(runs);
  if (lowest === null) return { kind: "none" };
  if (!noFiniteMinimum) return { kind: "best", best: lowest };
  const largest = Math.max(...runs.filter(keptRun).map((run) => run.learningRate));
  return { kind: "no-finite-minimum", lowest, largestKept: lowest.learningRate === largest };
}
