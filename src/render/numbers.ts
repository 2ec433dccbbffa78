/**
 * Numbers in sentences, the same on every face: a few significant digits, a real minus sign, exponents for
 * the very large and small, counts with thousands separators, "1 step" but "2 steps", and distances from
 * the best loss that stay readable (no 300-digit percentages, no e-notation percentages).
 */

import { roundDownSignificant } from "../core/theory/rounding.js";

/** `digits` significant digits, trailing zeros dropped; exponents below 1e-4 and from 1e6; "−" for minus. */
export function formatNumber(value: number | null | undefined, digits = 4): string {
  if (value === null || value === undefined) return "—";
  if (Number.isNaN(value)) return "not a number";
  if (!Number.isFinite(value)) return value > 0 ? "∞" : "−∞";
  if (value === 0) return "0";
  const magnitude = Math.abs(value);
  let text: string;
  if (magnitude >= 1e6 || magnitude < 1e-4) {
    const [mantissa, exponent] = value.toExponential(digits - 1).split("e") as [string, string];
    text = `${trimZeros(mantissa)}e${exponent.replace("+", "")}`;
  } else {
    const fixed = value.toPrecision(digits);
    text = fixed.includes("e") ? String(Number(fixed)) : trimZeros(fixed);
  }
  return text.replace(/-/g, "−");
}

function trimZeros(text: string): string {
  return text.includes(".") ? text.replace(/\.?0+$/, "") : text;
}

/**
 * A rate offered as advice ("Try lr …", "below …", a suggestion in a table), in {@link formatNumber}'s
 * form but rounded *down* to `digits` significant digits, never to nearest: the exact critical rate
 * 4.03380e-5 and a suggestion of 4.033735e-5 print "4.033e−5", not "4.034e−5", which diverges. The one
 * formatter for advised rates on every face, so the README's "rounded down, never above a bound" holds.
 */
export function formatAdvisedRate(value: number | null | undefined, digits = 4): string {
  if (value === null || value === undefined || !(value > 0) || !Number.isFinite(value)) {
    return formatNumber(value, digits);
  }
  return formatNumber(roundDownSignificant(value, digits), digits);
}

/**
 * A number exactly as given (the shortest decimal that reads back as it), in ASCII: for rates a user will
 * copy into a command line or a field.
 */
export function formatExact(value: number): string {
  // Below 1e-4 in e-notation, as formatNumber writes it (JavaScript waits until 1e-7): 4.033735e-5 beside
  // 4.0338e−5, not 0.00004033735. toExponential() keeps every digit that reads back as the value.
  const magnitude = Math.abs(value);
  if (magnitude > 0 && magnitude < 1e-4) return value.toExponential();
  return String(value).replace("e+", "e");
}

/**
 * Numbers shown together (the rates of one table, a rate beside its bound), each with `fewest` significant
 * digits or as many more as it takes for different values to read differently: 0.3069 and 0.30691 beside
 * 2/λmax = 0.306903, never three "0.3069". Equal values stay equal; every text is {@link formatNumber}'s.
 */
export function formatDistinctNumbers(values: readonly number[], fewest = 4): string[] {
  for (let digits = fewest; digits < 17; digits++) {
    const texts = values.map((value) => formatNumber(value, digits));
    const clash = values.some((value, i) =>
      values.some((other, j) => j > i && !Object.is(other, value) && texts[j] === texts[i]),
    );
    if (!clash) return texts;
  }
  return values.map((value) => formatNumber(value, 17));
}

/**
 * How to write each of a set of numbers so that different ones read differently
 * ({@link formatDistinctNumbers}); a number outside the set is written as {@link formatNumber} would.
 */
export function distinctNumbers(values: readonly number[], fewest = 4): (value: number) => string {
  const texts = formatDistinctNumbers(values, fewest);
  const byValue = new Map(values.map((value, i) => [value, texts[i] as string]));
  return (value) => byValue.get(value) ?? formatNumber(value, fewest);
}

/** An integer with thousands separators: 31,250. */
export function formatCount(value: number): string {
  return Math.round(value).toLocaleString("en-US");
}

/** "1 step", "12 steps", "1,000 steps". */
export function formatSteps(count: number, noun = "step"): string {
  return `${formatCount(count)} ${noun}${Math.round(count) === 1 ? "" : "s"}`;
}

/** A ratio for prose: "16×", "1.2×", "0.29×", and enough digits near 1 never to read "1×" for 1.01. */
export function formatRatio(ratio: number): string {
  let digits = ratio >= 10 ? 3 : 2;
  while (digits < 12 && ratio !== 1 && Number(ratio.toPrecision(digits)) === 1) digits++;
  return `${formatNumber(ratio, digits)}×`;
}

/**
 * How far a loss is above the best loss: "1.4% above the best loss" below twice the best loss, "4.8× the
 * best loss" from there (one rule: never "376% above" here and "15×" there), and the absolute gap when the
 * best loss is 0 or too small for a percentage (`relativeGap` null): "0.0012 above the best loss (0)".
 */
export function formatAbove(gap: number, relativeGap: number | null, bestLoss: number): string {
  if (relativeGap === null) {
    return `${formatNumber(gap, 3)} above the best loss (${formatNumber(bestLoss, 3)})`;
  }
  const percent = relativeGap * 100;
  if (percent < 0.01) return "within 0.01% of the best loss";
  if (percent < 100) {
    // Just outside "within 0.1%" never reads as 0.1% itself: "0.1001% above", not "0.1% above".
    let digits = 2;
    while (digits < 8 && percent > 0.1 && Number(formatNumber(percent, digits)) <= 0.1) digits++;
    return `${formatNumber(percent, digits)}% above the best loss`;
  }
  return `${formatNumber(1 + relativeGap, relativeGap < 9 ? 2 : 3)}× the best loss`;
}

/** The condition number λmax/λmin, written one way on every face: four digits, as every other number. */
export function formatConditionNumber(conditionNumber: number | null): string {
  return formatNumber(conditionNumber, 4);
}

/** A fraction as a percentage for rules like "within 0.1%". */
export function formatPercent(fraction: number): string {
  return `${formatNumber(fraction * 100, 3)}%`;
}

/**
 * The ends of an interval for prose, each rounded inwards (the low end up, the high end down) with the
 * fewest digits, at least `fewest`, that keep them apart: every number between the two texts lies in the
 * interval, so "every rate from 0.099997 to 0.1" stays true where "from 0.1 to 0.1" said nothing.
 */
export function formatInterval(low: number, high: number, fewest = 4): [string, string] {
  if (!(low < high) || !Number.isFinite(low) || !Number.isFinite(high)) {
    return [formatNumber(low, fewest), formatNumber(high, fewest)];
  }
  for (let digits = fewest; digits <= 17; digits++) {
    const up = roundSignificant(low, digits, "up");
    const down = roundSignificant(high, digits, "down");
    if (up < down) return [formatNumber(up, digits), formatNumber(down, digits)];
  }
  return [formatNumber(low, 17), formatNumber(high, 17)];
}

/** `value` to `digits` significant digits, rounded up or down (not to nearest). */
function roundSignificant(value: number, digits: number, direction: "up" | "down"): number {
  if (value === 0) return 0;
  const nearest = Number(value.toPrecision(digits));
  if (direction === "up" ? nearest >= value : nearest <= value) return nearest;
  const unit = 10 ** (Math.floor(Math.log10(Math.abs(nearest))) - digits + 1);
  return Number((direction === "up" ? nearest + unit : nearest - unit).toPrecision(digits));
}

/** `text` with every ASCII minus a real one (−): for a number formatted elsewhere that is to be read. */
export function withRealMinus(text: string): string {
  return text.replace(/-/g, "−");
}
