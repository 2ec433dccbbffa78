/**
 * The arithmetic of the rate control (views/rate-control.ts), pure so that it is tested without a page.
 *
 * The coarse slider spans about six decades on a log scale: a pixel is a few percent of rate, so the band
 * between the good and the critical rate (13% wide on the lesson's data) is a handful of pixels. Three
 * things make every rate reachable:
 * - keys step the rate by a fraction of itself (1% an arrow, 10% with Shift or PageUp/PageDown), never by
 *   a fixed slice of the slider, and a step always moves to another rate of three significant digits;
 * - a fine slider spans ±25% around the rate (1.25× either way on a log scale), a tenth of a percent a
 *   pixel, re-centred whenever the rate is set by anything else;
 * - a drag that ends near a mark lands on it exactly (the marks' rates have more digits than a drag).
 */

/** A rate to `digits` significant digits: what a slider position or a key press means. */
export function roundRate(rate: number, digits = 3): number {
  return Number(rate.toPrecision(digits));
}

/** The rate's place among three-significant-digit numbers: the size of one unit of its last digit. */
function lastDigitUnit(rate: number): number {
  return 10 ** (Math.floor(Math.log10(rate)) - 2);
}

/**
 * The rate `fraction` of itself up (direction 1) or down (−1), to three significant digits: up multiplies
 * by 1 + fraction and down divides by it, so up then down comes back. Never the same rate: where rounding
 * would give the rate back (a fraction smaller than one unit of the third digit), the next three-digit
 * number in that direction.
 */
export function stepRate(rate: number, direction: 1 | -1, fraction: number): number {
  const factor = 1 + fraction;
  const next = roundRate(direction > 0 ? rate * factor : rate / factor);
  if (direction > 0 ? next > rate : next < rate) return next;
  const unit = lastDigitUnit(rate);
  // The tiny tolerances keep a rate already on the grid (0.3 is 29.999…× 0.01 in floating point) there.
  const units = direction > 0 ? Math.floor(rate / unit + 1e-9) + 1 : Math.ceil(rate / unit - 1e-9) - 1;
  return roundRate(units * unit);
}

/** How much of the rate an arrow key moves it (1%), and Shift, PageUp or PageDown (10%). */
export const ARROW_STEP = 0.01;
export const BIG_STEP = 0.1;

/** The part of a key event the rate control reads. */
export interface RateKey {
  readonly key: string;
  readonly shiftKey: boolean;
}

/**
 * The rate after a key on the coarse slider, kept within its ends (rates, not powers of ten), or null for
 * a key the slider leaves to the page (Tab, letters). Arrows: 1% (Shift: 10%); PageUp and PageDown: 10%;
 * Home and End: the slider's ends.
 */
export function rateAfterKey(rate: number, key: RateKey, ends: readonly [number, number]): number | null {
  const [low, high] = ends;
  const clamp = (value: number) => Math.min(high, Math.max(low, value));
  const arrow = key.shiftKey ? BIG_STEP : ARROW_STEP;
  switch (key.key) {
    case "ArrowRight":
    case "ArrowUp":
      return clamp(stepRate(rate, 1, arrow));
    case "ArrowLeft":
    case "ArrowDown":
      return clamp(stepRate(rate, -1, arrow));
    case "PageUp":
      return clamp(stepRate(rate, 1, BIG_STEP));
    case "PageDown":
      return clamp(stepRate(rate, -1, BIG_STEP));
    case "Home":
      return low;
    case "End":
      return high;
    default:
      return null;
  }
}

/**
 * The mark nearest `rate` when it lies within `tolerance` of it (relative: 0.015 is 1.5%), else `rate`.
 * Marks that are not positive finite numbers are skipped.
 */
export function snapToMarks(rate: number, marks: readonly number[], tolerance: number): number {
  let nearest = rate;
  let distance = Number.POSITIVE_INFINITY;
  for (const mark of marks) {
    if (!(mark > 0) || !Number.isFinite(mark)) continue;
    const apart = Math.abs(Math.log(rate / mark));
    if (apart <= Math.log1p(tolerance) && apart < distance) {
      nearest = mark;
      distance = apart;
    }
  }
  return nearest;
}

/** How far a drag may end from a mark and land on it: on the coarse slider, about half a pixel's rates. */
export const COARSE_SNAP = 0.015;
/**
 * On the fine slider 1.5% would be fifteen pixels, and the rates just below the critical one (1% below
 * jumps around, on the lesson's data) could not be had by dragging: there, two pixels.
 */
export const FINE_SNAP = 0.002;

/** The coarse slider's ends in powers of ten before the theory is known. */
export const DEFAULT_DECADES: readonly [number, number] = [-6, 1];

/**
 * The coarse slider's ends in powers of ten around the critical rate: four decades below it to two above,
 * so that on any data the rates worth trying sit in its middle.
 */
export function coarseDecades(critical: number | undefined): readonly [number, number] {
  if (critical === undefined || !(critical > 0) || !Number.isFinite(critical)) return DEFAULT_DECADES;
  const decade = Math.log10(critical);
  return [Math.floor(decade) - 4, Math.ceil(decade) + 2];
}

/** The rate at a coarse slider position (a power of ten), to three significant digits. */
export function coarseRate(position: number): number {
  return roundRate(10 ** position);
}

/** The fine slider reaches this factor either way of its centre. */
export const FINE_SPAN = 1.25;

/**
 * The rate at a fine slider position in [−1, 1]: centre × 1.25^position, to four significant digits
 * (three would be 1% steps at the bottom of a decade, coarser than the slider's pixels).
 */
export function fineRate(centre: number, position: number): number {
  return roundRate(centre * FINE_SPAN ** position, 4);
}

/** Where `rate` sits on a fine slider around `centre`, in [−1, 1] (the end, when it lies beyond). */
export function finePosition(centre: number, rate: number): number {
  const position = Math.log(rate / centre) / Math.log(FINE_SPAN);
  return Number.isFinite(position) ? Math.min(1, Math.max(-1, position)) : 0;
}
