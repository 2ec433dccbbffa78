/**
 * Where the range test's suggestions are marked on its smoothed curve: at the rate each one suggests,
 * with the smoothed loss there. One answer for the figure, the JSON and the words, so the three never
 * name different points.
 *
 * fastai's `minimum` hands back the minimum itself as its point (ten times the rate it suggests, see
 * lr-suggestions.ts); lrlab marks the rate it suggests, a tenth of that, like the other three.
 */
import type { LrSuggestions, SuggestionName } from "./lr-suggestions.js";

/** A suggestion's mark: the suggested rate, and the smoothed loss there (null where the ramp did not pass it). */
export interface SuggestionMark {
  readonly learningRate: number;
  readonly loss: number | null;
}

/**
 * The loss at `rate` on a recorded curve: the recorded loss at a recorded rate, else linear in log rate
 * between the two finite points around it (the figure's axis is logarithmic); null outside the points
 * with a finite loss and a positive rate, or between two that straddle a gap.
 */
export function curveLossAt(
  rates: ArrayLike<number>,
  losses: ArrayLike<number>,
  rate: number,
): number | null {
  let previous: { x: number; y: number } | null = null;
  for (let i = 0; i < rates.length; i++) {
    const x = rates[i] as number;
    const y = losses[i] as number;
    if (!(x > 0) || !Number.isFinite(x) || !Number.isFinite(y)) continue;
    if (x === rate) return y;
    if (previous && previous.x < rate && rate < x) {
      const t = Math.log(rate / previous.x) / Math.log(x / previous.x);
      return previous.y + t * (y - previous.y);
    }
    previous = { x, y };
  }
  return null;
}

/** Each suggestion's mark on the smoothed curve (null where there is no suggestion). */
export function suggestionMarks(
  curve: { readonly learningRates: ArrayLike<number>; readonly smoothedLosses: ArrayLike<number> },
  suggestions: Pick<LrSuggestions, SuggestionName>,
): Record<SuggestionName, SuggestionMark | null> {
  const markOf = (name: SuggestionName): SuggestionMark | null => {
    const suggestion = suggestions[name];
    if (!suggestion) return null;
    const { learningRate } = suggestion;
    return { learningRate, loss: curveLossAt(curve.learningRates, curve.smoothedLosses, learningRate) };
  };
  return {
    valley: markOf("valley"),
    steep: markOf("steep"),
    minimum: markOf("minimum"),
    slide: markOf("slide"),
  };
}
