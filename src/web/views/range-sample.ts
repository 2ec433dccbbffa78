/**
 * The LR range test's curve thinned for drawing: every batch loss is a dot, and 10,000 SVG dots take
 * seconds to draw while showing nothing 2,000 do not. An even sample of the iterations, always with the
 * first, the last (where the loss blows up) and the lowest smoothed loss (the curve's valley). Pure.
 */

/** The range test's columns, one entry per iteration. */
export interface RangeCurve {
  readonly learningRates: ArrayLike<number>;
  readonly losses: ArrayLike<number>;
  readonly smoothedLosses: ArrayLike<number>;
}

/** Iterations drawn at most (about). */
export const DRAWN_ITERATIONS = 2000;

/** The iterations to draw, ascending: every k-th with k = ceil(n / limit), and the last and the lowest. */
export function drawnIterations(smoothedLosses: ArrayLike<number>, limit = DRAWN_ITERATIONS): number[] {
  const n = smoothedLosses.length;
  const stride = Math.max(1, Math.ceil(n / limit));
  const kept = new Set<number>();
  for (let i = 0; i < n; i += stride) kept.add(i);
  if (n > 0) kept.add(n - 1);
  let lowest = -1;
  for (let i = 0; i < n; i++) {
    const value = smoothedLosses[i] as number;
    if (Number.isFinite(value) && (lowest < 0 || value < (smoothedLosses[lowest] as number))) lowest = i;
  }
  if (lowest >= 0) kept.add(lowest);
  return [...kept].sort((a, b) => a - b);
}

/** The curve at {@link drawnIterations}: the whole curve when it is short enough. */
export function sampleCurve(curve: RangeCurve, limit = DRAWN_ITERATIONS): RangeCurve {
  if (curve.smoothedLosses.length <= limit) return curve;
  const rows = drawnIterations(curve.smoothedLosses, limit);
  const pick = (column: ArrayLike<number>) => Float64Array.from(rows, (i) => column[i] as number);
  return {
    learningRates: pick(curve.learningRates),
    losses: pick(curve.losses),
    smoothedLosses: pick(curve.smoothedLosses),
  };
}
