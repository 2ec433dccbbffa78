/**
 * Log axes that cannot hang or crash, whatever the numbers: a rate that overflows to ∞, a loss of 1e-320,
 * a sweep from 1e-300 to 1e300.
 *
 * Everything here works in decades (log10) rather than ratios: 1e300 / 1e-300 is ∞, and a padding of
 * 10^(0.04 · ∞) turns a domain into [0, ∞], on which a tick loop `for (k = log10(low); 10^k <= high; k++)`
 * never ends (log10(0) is −∞, and −∞ + 1 is −∞). Every domain that goes on a log axis is built with
 * {@link logDomain}, which is always finite, positive and increasing.
 */

import { withRealMinus } from "../numbers.js";
import { formatSignificant } from "../text.js";

/**
 * The decades a log axis may span. 10^308 is the last power of ten below ∞. At the other end doubles go
 * down to 5e-324, but below about 1e-300 d3's tick arithmetic (10^-k for k past 308 is ∞) breaks, so a
 * log axis stops at 1e-300 and smaller values are not drawn on it (see {@link drawableOnLog}).
 */
const LOWEST_DECADE = -300;
const HIGHEST_DECADE = 308;

/** Whether a log axis can show `value`: finite, and between 1e-300 and 1e308. */
export function drawableOnLog(value: number): boolean {
  return value >= 10 ** LOWEST_DECADE && value <= 10 ** HIGHEST_DECADE;
}

/** The largest finite double: the top of a linear axis whose values overflow when padded. */
export const LARGEST = Number.MAX_VALUE;

/** How many decades lie between two positive numbers (never ∞ for finite ones, unlike log10(high / low)). */
export function decadesBetween(low: number, high: number): number {
  return Math.log10(high) - Math.log10(low);
}

/**
 * A domain for a log axis over positive values from `low` to `high`, widened on each side by
 * `pad(decades)` decades (decades: how many the values span), and kept within 1e-300 … 1e308 so its ends
 * are finite and positive. Ends a log axis cannot show are replaced by the other end (or [0.1, 1] when
 * neither is usable); a single value gets half a decade either way.
 */
export function logDomain(
  low: number,
  high: number,
  pad: (decades: number) => number = () => 0,
): [number, number] {
  const usable = drawableOnLog;
  let a = usable(low) ? Math.log10(low) : Number.NaN;
  let b = usable(high) ? Math.log10(high) : Number.NaN;
  if (Number.isNaN(a) && Number.isNaN(b)) [a, b] = [-1, 0];
  else if (Number.isNaN(a)) a = b;
  else if (Number.isNaN(b)) b = a;
  if (a > b) [a, b] = [b, a];
  const padding = Math.max(0, pad(b - a)) || 0;
  let from = Math.max(LOWEST_DECADE, a - padding);
  let to = Math.min(HIGHEST_DECADE, b + padding);
  if (!(to > from)) {
    from = Math.max(LOWEST_DECADE, Math.min(from, to) - 0.5);
    to = Math.min(HIGHEST_DECADE, from + 1);
  }
  // The values themselves when unpadded and usable: 10^log10(x) can miss x by an ulp and drop an end point.
  const lowEnd = padding === 0 && from === a && usable(low) && low <= high ? low : 10 ** from;
  const highEnd = padding === 0 && to === b && usable(high) && high >= low ? high : 10 ** to;
  return [lowEnd, highEnd];
}

/** `value` × 10^decades, within the range a log axis can show (no ∞, no 0). */
export function shiftDecades(value: number, decades: number): number {
  const decade = Math.log10(value) + decades;
  return 10 ** Math.min(HIGHEST_DECADE, Math.max(LOWEST_DECADE, decade));
}

/**
 * Ticks for a log axis that a reader can read: powers of ten, or 1-2-5 within each decade when there
 * are too few, or every integer mantissa for a short range, or evenly spaced round values within a decade; every k-th power over many decades.
 * Undefined when even that gives fewer than two ticks (let Plot choose). At most `most` of them.
 * A domain that is not finite and positive is first brought within 1e-300 … 1e308, so the loops end.
 */
export function logTicks(domain: readonly [number, number], fewest = 3, most = 8): number[] | undefined {
  const ticks = readableLogTicks(logDomain(domain[0], domain[1]), fewest, most);
  if (!ticks || ticks.length <= most) return ticks;
  // Too many for the space: every k-th, keeping the powers of ten in step.
  const every = Math.ceil(ticks.length / most);
  return ticks.filter((_, i) => i % every === 0);
}

function readableLogTicks(
  [low, high]: readonly [number, number],
  fewest: number,
  most: number,
): number[] | undefined {
  const first = Math.floor(Math.log10(low));
  const last = Math.ceil(Math.log10(high));
  const inside = (value: number) => value >= low * (1 - 1e-9) && value <= high * (1 + 1e-9);
  const decades = last - first;
  if (decades > 7) {
    // Every k-th power, k a round number: 1e50, 1e100, … rather than 1e54, 1e108.
    const every = [1, 2, 3, 5, 10, 20, 25, 50, 100].find((k) => k >= decades / 6) ?? Math.ceil(decades / 6);
    const powers: number[] = [];
    for (let k = Math.ceil(Math.log10(low)); k <= last; k++) {
      const power = Number((10 ** k).toPrecision(12));
      if (k % every === 0 && inside(power)) powers.push(power);
    }
    return powers.length >= 2 ? powers : undefined;
  }
  for (const mantissas of [[1], [1, 2, 5], [1, 2, 3, 4, 5, 6, 7, 8, 9]]) {
    const ticks: number[] = [];
    for (let k = first; k <= last; k++) {
      for (const m of mantissas) {
        const value = Number((m * 10 ** k).toPrecision(12));
        if (inside(value)) ticks.push(value);
      }
    }
    if (ticks.length >= fewest) return ticks;
  }
  // Less than a decade, say 0.35 … 0.5 (a logistic loss), where the integer mantissas give only 0.4 and
  // 0.5: evenly spaced round values (0.35, 0.4, 0.45, 0.5), as a linear axis would have.
  const step = roundStep((high - low) / Math.max(1, most - 2));
  const even: number[] = [];
  for (let i = Math.ceil(low / step - 1e-9); i * step <= high * (1 + 1e-9); i++) {
    even.push(Number((i * step).toPrecision(12)));
  }
  return even.length >= 2 ? even : undefined;
}

/** The smallest of 1, 2, 5, 10, 20, … × a power of ten that is at least `value` > 0. */
function roundStep(value: number): number {
  const power = 10 ** Math.floor(Math.log10(value));
  const mantissa = [1, 2, 2.5, 5, 10].find((m) => m * power >= value * (1 - 1e-9)) ?? 10;
  return Number((mantissa * power).toPrecision(12));
}

/**
 * A log axis's tick: exponents from 1e4 up and below 1e-3 ("1e6", "1e−4"), else as `formatTick`; a real
 * minus sign, as every number to be read.
 */
export function formatLogTick(value: number): string {
  const magnitude = Math.abs(value);
  if (magnitude >= 1e4 || (magnitude > 0 && magnitude < 1e-3)) {
    const [mantissa, exponent] = value.toExponential(2).split("e") as [string, string];
    return `${mantissa.replace(/\.?0+$/, "")}e${exponent.replace("+", "")}`.replace(/-/g, "−");
  }
  return withRealMinus(formatSignificant(value, 4));
}

/** `{ ticks }` for a scale's options: the given ticks, or about five of Plot's own when there are none. */
export function ticksOption(ticks: number[] | undefined): { ticks: number[] | number } {
  return { ticks: ticks ?? 5 };
}

/**
 * A round number at or above `value` > 0 for the top of an axis: the next of 1, 2, 5, 10, 20, … when it
 * is within 1.5× of `value`, else `value` rounded up to two significant digits; `value` itself when
 * rounding up would overflow to ∞.
 */
export function niceCeiling(value: number): number {
  const power = 10 ** Math.floor(Math.log10(value));
  for (const m of [1, 2, 5, 10]) {
    const candidate = Number((m * power).toPrecision(12));
    if (candidate >= value) {
      if (candidate <= 1.5 * value && Number.isFinite(candidate)) return candidate;
      break;
    }
  }
  const step = power / 10;
  const rounded = Number((Math.ceil(value / step) * step).toPrecision(12));
  return Number.isFinite(rounded) ? rounded : value;
}
