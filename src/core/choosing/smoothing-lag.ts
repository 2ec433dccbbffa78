/**
 * How far behind the raw losses the range test's smoothed curve runs, and the steepest point moved back
 * by that much.
 *
 * fastai's smoothed loss after `count` batches is the bias-corrected moving average
 *     s_count = Σ_{k=0}^{count−1} (1 − β)·β^k · loss_{count−1−k} / (1 − β^count),
 * a weighted mean of past losses whose mean age, the lag, is
 *     lag(count) = Σ k·(1 − β)·β^k / (1 − β^count) = β/(1 − β) − count·β^count/(1 − β^count),
 * which grows from 0 towards β/(1 − β): 49 iterations for β = 0.98. A loss that falls along a line is
 * read by the smoothed curve exactly `lag` iterations late, so the steepest point of the smoothed curve
 * marks a rate that the raw losses passed about `lag` iterations earlier; on fastai's exponential ramp from
 * 1e-7 to 10 over 100 iterations that is a factor of 10^(8·lag/100) ≈ 8,300 in the rate.
 */
import type { LrSuggestion } from "./lr-suggestions.js";

/** The mean age, in iterations, of the losses in the smoothed value after `count` of them. */
export function smoothingLag(beta: number, count: number): number {
  if (!(count >= 1) || beta <= 0) return 0;
  const power = beta ** count;
  return beta / (1 - beta) - (count * power) / (1 - power);
}

/** The steepest point moved back by the smoothing's lag. */
export interface LagCorrectedSteep {
  /** The iteration of the smoothed curve's steepest point (fastai's `steep`). */
  readonly iteration: number;
  /** The lag of the smoothed value there, in iterations (fractional). */
  readonly lag: number;
  /** Where the raw losses fell fastest: `iteration − lag`, not below 0. */
  readonly correctedIteration: number;
  /** The ramp's rate there, interpolated in log(rate) between the iterations around it. */
  readonly learningRate: number;
}

/**
 * The lag-corrected steepest point of a range test's curve, or null when there is no `steep` suggestion.
 * `learningRates` is the ramp, one rate per iteration, increasing.
 */
export function lagCorrectedSteep(
  learningRates: ArrayLike<number>,
  steep: LrSuggestion | null,
  beta: number,
): LagCorrectedSteep | null {
  if (steep === null) return null;
  let iteration = -1;
  for (let i = 0; i < learningRates.length; i++) {
    if (learningRates[i] === steep.point.learningRate) {
      iteration = i;
      break;
    }
  }
  if (iteration < 0) return null;
  const lag = smoothingLag(beta, iteration + 1);
  const correctedIteration = Math.max(0, iteration - lag);
  const below = Math.floor(correctedIteration);
  const above = Math.min(below + 1, learningRates.length - 1);
  const fraction = correctedIteration - below;
  const low = learningRates[below] as number;
  const high = learningRates[above] as number;
  const learningRate = low > 0 && high > 0 ? low * (high / low) ** fraction : low + fraction * (high - low);
  return { iteration, lag, correctedIteration, learningRate };
}
