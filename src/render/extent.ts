/**
 * The range of some numbers, for axes. No Plot import, so the web lab's worker can use it without
 * bundling the renderer.
 */

/** The smallest and the largest of `values` (a loop: a spread of 100,000 arguments can overflow the stack). */
export function extent(values: ArrayLike<number>): [number, number] {
  let low = Number.POSITIVE_INFINITY;
  let high = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < values.length; i++) {
    const value = values[i] as number;
    if (value < low) low = value;
    if (value > high) high = value;
  }
  return [low, high];
}

/** The {@link extent} of `values`, one wider either way when they are all equal, so an axis has a span. */
export function spanOf(values: ArrayLike<number>): [number, number] {
  const [low, high] = extent(values);
  return low === high ? [low - 1, high + 1] : [low, high];
}
