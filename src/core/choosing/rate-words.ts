/** Numbers in the sentences the core writes for suggest: rates to three digits, a gap beside the best loss. */

/**
 * A best loss at most this fraction of the loss scale (the loss at the start) is zero up to round-off: an
 * exact fit (a polynomial through every point) whose L* is 1e-30 of the data's loss. A ratio to it
 * ("3.47e15× the best loss") would only measure the round-off, so the gap is given as it is.
 */
export const NEGLIGIBLE_BEST_LOSS = 1e-9;

/**
 * "4.2% above the best loss", from twice the best loss "4.8× the best loss" (render/numbers.ts formatAbove's
 * rule), or the gap itself when the best loss is 0 or negligible against `scale` ({@link NEGLIGIBLE_BEST_LOSS}).
 */
export function aboveBest(gap: number, best: number, scale = best): string {
  if (!(best > NEGLIGIBLE_BEST_LOSS * Math.abs(scale))) {
    return best > 0
      ? `${formatRate(gap)} above the best loss (which is ≈ 0: ${formatRate(best)})`
      : `${formatRate(gap)} above the best loss`;
  }
  return gap < best
    ? `${formatRate((100 * gap) / best)}% above the best loss`
    : `${formatRate(1 + gap / best)}× the best loss`;
}

/** Three significant digits, for sentences; exponents below 0.001 and from 100,000 (2.07e-6, not 0.00000207). */
export function formatRate(value: number): string {
  const magnitude = Math.abs(value);
  if (value !== 0 && (magnitude < 1e-3 || magnitude >= 1e5)) {
    const [mantissa, exponent] = value.toExponential(2).split("e") as [string, string];
    return `${mantissa.replace(/\.?0+$/, "")}e${exponent.replace("+", "")}`;
  }
  return Number(value.toPrecision(3)).toString();
}

/** A rate with all the digits it was rounded to (4.033735e-5, 0.0101906): the exact rate a sentence names. */
export function formatExactRate(value: number): string {
  const magnitude = Math.abs(value);
  if (value !== 0 && (magnitude < 1e-3 || magnitude >= 1e5)) return value.toExponential().replace("+", "");
  return String(value);
}
