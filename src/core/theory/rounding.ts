/**
 * Rates rounded *down* to the fewest significant digits that keep a promise, so a printed suggestion never
 * sits above a bound.
 */

/**
 * `value` rounded toward zero to `digits` significant digits, from its shortest decimal form (the one
 * `String` prints, which reads back as the same double): 0.3 stays 0.3 (its 20-digit expansion,
 * 2.9999999999999998890e-1, would truncate to 0.2), and no 0.30000000000000004 appears.
 */
export function roundDownSignificant(value: number, digits: number): number {
  if (!(value > 0) || !Number.isFinite(value)) return value;
  const [mantissa, exponent] = value.toExponential().split("e") as [string, string];
  const kept = mantissa.replace(".", "").slice(0, digits);
  return Number(`${kept[0]}${kept.length > 1 ? `.${kept.slice(1)}` : ""}e${exponent}`);
}

/** The fewest-digit rounding down of `value` that `accept`s, or `value` itself when none does. */
export function shortestRoundingDown(value: number, accept: (rounded: number) => boolean): number {
  for (let digits = 1; digits <= 17; digits++) {
    const rounded = roundDownSignificant(value, digits);
    if (rounded > 0 && accept(rounded)) return rounded;
  }
  return value;
}
