/**
 * Extremes of long series without spreading them into arguments. Pure, with no imports: the CLI's text
 * output uses them without loading the figure renderer.
 */

/**
 * The largest of `values` and `floor`, by a loop: `Math.max(...values)` passes every value as an argument
 * and overflows the call stack past about 10⁵ of them (a report's run of 729,745 steps did).
 */
export function largest(values: Iterable<number>, floor = Number.NEGATIVE_INFINITY): number {
  let result = floor;
  for (const value of values) if (value > result || Number.isNaN(value)) result = value;
  return result;
}

/** The smallest of `values` and `ceiling`, by a loop (see {@link largest}). */
export function smallest(values: Iterable<number>, ceiling = Number.POSITIVE_INFINITY): number {
  let result = ceiling;
  for (const value of values) if (value < result || Number.isNaN(value)) result = value;
  return result;
}
