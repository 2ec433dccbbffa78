/** Numbers in the sentences the core writes for suggest: rates to three digits, a gap beside the best loss. */

/**
 * "4.2% above the best loss", from twice the best loss "4.8× the best loss" (render/numbers.ts formatAbove's
 * rule), or the gap itself when the best loss is 0.
 */
export function aboveBest(gap: number, best: number): string {
  if (!(best > 0)) return `${formatRate(gap)} above the best loss`;
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
