/**
 * Axis ticks that do not run into each other. On a short log axis the figures' readable ticks include
 * every mantissa of a decade, and 0.9 sits only 4.6% of a decade below 1: drawn 12 px high, their labels
 * overlap. Pure, so that it is tested without a page.
 */
import { textWidth } from "../../render/text.js";

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

/**
 * About `count` round ticks from `low` to `high` (steps of 1, 2 or 5 times a power of ten), as d3's
 * `ticks` picks them, so that a chart can choose its labels knowing them all.
 */
export function linearTicks(low: number, high: number, count: number): number[] {
  if (!(high > low) || !Number.isFinite(low) || !Number.isFinite(high) || count < 1) {
    return Number.isFinite(low) ? [low] : [];
  }
  const rough = (high - low) / count;
  const power = 10 ** Math.floor(Math.log10(rough));
  const error = rough / power;
  const step =
    power * (error >= Math.sqrt(50) ? 10 : error >= Math.sqrt(10) ? 5 : error >= Math.sqrt(2) ? 2 : 1);
  const first = Math.ceil(low / step);
  const last = Math.floor(high / step);
  // Multiples of the step computed from integers, so 0.1 × 3 does not print as 0.30000000000000004.
  // toFixed takes at most 100 decimals: steps below 1e-100 are rounded to their significant digits instead.
  const decimals = Math.max(0, -Math.floor(Math.log10(step)));
  const round = (value: number) =>
    decimals <= 100 ? Number(value.toFixed(decimals)) : Number(value.toPrecision(15));
  return Array.from({ length: last - first + 1 }, (_, i) => round((first + i) * step));
}

/** A value with `digits` significant digits, exponents for the very large and small (as formatNumber). */
function withDigits(value: number, digits: number): string {
  if (value === 0) return "0";
  const magnitude = Math.abs(value);
  const text =
    magnitude >= 1e5 || magnitude < 1e-3
      ? (() => {
          const [mantissa, exponent] = value.toExponential(digits - 1).split("e") as [string, string];
          return `${mantissa.replace(/\.?0+$/, "")}e${exponent.replace("+", "")}`;
        })()
      : String(Number(value.toPrecision(digits)));
  return text.replace(/-/g, "−");
}

/**
 * A tick format that tells every tick apart: four significant digits (the figures' format), or as many
 * more as it takes. A narrow loss axis (0.96920 to 0.96930) would otherwise read "0.9692" three times.
 */
export function distinctTickFormat(ticks: readonly number[]): (value: number) => string {
  let digits = 4;
  while (digits < 15 && new Set(ticks.map((tick) => withDigits(tick, digits))).size < ticks.length) digits++;
  return (value) => withDigits(value, digits);
}

/**
 * The right margin a chart needs for the label of its last x tick, centred on the frame's right edge (the
 * step axis's "100"): half the label's estimated width, a third more for a font wider than Inter (a saved
 * SVG opened where Inter is missing), and never less than `least`.
 */
export function endLabelMargin(label: string, least = 16): number {
  return Math.max(least, Math.ceil((textWidth(label) / 2) * 1.35) + 2);
}
