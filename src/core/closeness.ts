/**
 * How close to the best loss counts as "there": the one rule every face uses (the verdict's `reached`,
 * the sweep's steps to the gap, the suggested rate's step count, the lesson's four rates).
 *
 * Within 0.1% of the best loss L*, as a learner would say it. That alone fails when L* = 0 (a perfect line,
 * one or two points): 0.1% of nothing is never reached, and "x% above the best" is a division by zero. So
 * the scale is L* or a thousandth of the loss of the line y = 0 (the mean of y², where every run starting
 * from (0, 0) begins), whichever is larger:
 *
 *   gap = 0.001 · max(L*, 0.001 · mean y²).
 *
 * On data with any noise L* is far above a thousandth of mean y², and the gap is 0.1% of L*. On exact data
 * it is a millionth of mean y²: a fit whose R² is within 1e-6 of 1. When every y is 0 there is no scale in
 * the data at all; the starting loss gives one (a millionth of it), so a run from anywhere can arrive.
 */
import type { LinearStats } from "./stats.js";

/** A run is "there" within this fraction of the best loss (or of the scale below, when L* is tiny). */
export const CLOSE_RELATIVE_GAP = 1e-3;

/** The scale never drops below this fraction of the zero line's loss, mean y². */
const SCALE_FLOOR = 1e-3;

export interface Closeness {
  /** The largest loss gap L − L* that counts as there. */
  readonly gap: number;
  /**
   * What the gap is a fraction of: `best-loss` when it is 0.1% of L* (a percentage above the best loss
   * means something), `zero-line` when L* is so small that the gap is a fraction of mean y² instead.
   */
  readonly relativeTo: "best-loss" | "zero-line";
}

/**
 * The closeness gap for linear MSE on data with these statistics; `startingLoss` only matters when every y
 * is 0.
 */
export function closeness(
  stats: Pick<LinearStats, "n" | "meanY" | "syy" | "optimum">,
  startingLoss = 0,
): Closeness {
  const best = stats.optimum.loss;
  const zeroLine = stats.syy / stats.n + stats.meanY * stats.meanY;
  return closenessFor(best, zeroLine > 0 ? zeroLine : startingLoss);
}

/**
 * The closeness gap from the best loss and the zero line's loss (mean y²), for callers that know the two
 * numbers but not the statistics (MAE and Huber runs measured against a best loss found by search).
 */
export function closenessFor(bestLoss: number, zeroLineLoss: number): Closeness {
  const floor = SCALE_FLOOR * zeroLineLoss;
  return bestLoss >= floor
    ? { gap: CLOSE_RELATIVE_GAP * bestLoss, relativeTo: "best-loss" }
    : { gap: CLOSE_RELATIVE_GAP * floor, relativeTo: "zero-line" };
}

/**
 * How far above the best loss, relative to it, or null when the best loss is too small for a percentage
 * to mean anything (`relativeTo` is `zero-line`): words then give the absolute gap.
 */
export function relativeExcess(loss: number, bestLoss: number, close: Closeness): number | null {
  if (close.relativeTo !== "best-loss" || !(bestLoss > 0)) return null;
  return Math.max(0, loss - bestLoss) / bestLoss;
}
