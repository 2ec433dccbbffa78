/**
 * Axis ticks that do not run into each other. On a short log axis the figures' readable ticks include
 * every mantissa of a decade, and 0.9 sits only 4.6% of a decade below 1: drawn 12 px high, their labels
 * overlap. Pure, so that it is tested without a page.
 */

/** 0 for a power of ten, 1 for 2 and 5 times one, 2 for the rest: the order in which ticks are kept. */
export function tickRank(value: number): number {
  if (!(value > 0)) return 2;
  const mantissa = Number((value / 10 ** Math.floor(Math.log10(value))).toPrecision(6));
  if (mantissa === 1 || mantissa === 10) return 0;
  return mantissa === 2 || mantissa === 5 ? 1 : 2;
}

/**
 * The ticks to label: in order of rank (then of position), each kept only if it is at least `gap` pixels
 * from every tick kept before it. Returned in ascending order.
 */
export function spacedTicks(
  ticks: readonly number[],
  pixel: (value: number) => number,
  gap: number,
): number[] {
  const order = [...ticks].sort((a, b) => tickRank(a) - tickRank(b) || a - b);
  const kept: { value: number; at: number }[] = [];
  for (const value of order) {
    const at = pixel(value);
    if (kept.every((other) => Math.abs(other.at - at) >= gap)) kept.push({ value, at });
  }
  return kept.map((tick) => tick.value).sort((a, b) => a - b);
}

/** Where `value` lands on a log axis from `domain` to `[start, end]` pixels. */
export function logPixel(
  [low, high]: readonly [number, number],
  [start, end]: readonly [number, number],
): (value: number) => number {
  const span = Math.log(high / low);
  return (value) => start + ((end - start) * Math.log(value / low)) / span;
}
