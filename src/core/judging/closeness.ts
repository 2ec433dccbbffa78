/**
 * How close to the best loss counts as "there": the one rule every face uses (the verdict's `reached`,
 * the sweep's steps to the gap, the suggested rate's step count, the lesson's four rates).
 *
 * Within 0.1% of the best loss L*, as a learner would say it. That alone fails when L* = 0 (a perfect line,
 * one or two points): 0.1% of nothing is never reached, and "x% above the best" is a division by zero. So
 * the scale is L* or a millionth of the loss of the best flat line (for MSE the variance of y, the loss
 * that fitting the slope removes), whichever is larger:
 *
 *   gap = 0.001 · max(L*, 1e-6 · Var y).
 *
 * On any data with noise in it L* is far above a millionth of Var y, and the gap is 0.1% of L*. Only on
 * data the line fits to within R² = 1 − 1e-6 (exact lines, one or two points) is it a billionth of Var y.
 * (The spread of y, not the mean of y²: y in the thousands with a small spread must not make a loss 10%
 * above the best "close".) When every y is equal there is no spread at all; the starting loss gives the
 * scale (a billionth of it), so a run from anywhere can arrive.
 */
import type { LinearStats } from "../data/stats.js";

/** A run is "there" within this fraction of the best loss (or of the scale below, when L* is tiny). */
export const CLOSE_RELATIVE_GAP = 1e-3;

/** The scale never drops below this fraction of the best flat line's loss (Var y for MSE). */
const SCALE_FLOOR = 1e-6;

export interface Closeness {
  /** The largest loss gap L − L* that counts as there. */
  readonly gap: number;
  /**
   * What the gap is a fraction of: `best-loss` when it is 0.1% of L* (a percentage above the best loss
   * means something), `spread-of-y` when L* is so small that the gap is a fraction of the best flat line's
   * loss (Var y) instead.
   */
  readonly relativeTo: "best-loss" | "spread-of-y";
}

/**
 * The closeness gap for linear MSE on data with these statistics (the line's, or the linear family's
 * design statistics with its optimum); `startingLoss` only matters when every y is equal.
 */
export function closeness(
  stats: Pick<LinearStats, "n" | "syy"> & { readonly optimum: { readonly loss: number } },
  startingLoss = 0,
): Closeness {
  const best = stats.optimum.loss;
  const flatLine = stats.syy / stats.n;
  return closenessFor(best, flatLine > 0 ? flatLine : startingLoss);
}

/**
 * The closeness gap from the best loss and the best flat line's loss, for callers that know the two numbers
 * but not the statistics (MAE and Huber runs measured against a best loss found by search).
 */
export function closenessFor(bestLoss: number, flatLineLoss: number): Closeness {
  const floor = SCALE_FLOOR * flatLineLoss;
  return bestLoss >= floor
    ? { gap: CLOSE_RELATIVE_GAP * bestLoss, relativeTo: "best-loss" }
    : { gap: CLOSE_RELATIVE_GAP * floor, relativeTo: "spread-of-y" };
}

/**
 * How far above the best loss, relative to it, or null when the best loss is too small for a percentage
 * to mean anything (`relativeTo` is `spread-of-y`): words then give the absolute gap.
 */
export function relativeExcess(loss: number, bestLoss: number, close: Closeness): number | null {
  if (close.relativeTo !== "best-loss" || !(bestLoss > 0)) return null;
  return Math.max(0, loss - bestLoss) / bestLoss;
}
