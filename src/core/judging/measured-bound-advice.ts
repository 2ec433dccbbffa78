/**
 * What to do when a model without exact theory (logistic regression, a network, the linear family under
 * MAE or Huber) jumps out: its rate against the bound 2/λmax measured at the start, and whether
 * standardizing x would help. The linear family under MSE has its own, exact, advice ("Try --lr …").
 */
import type { ModelData } from "../models/model.js";

export interface MeasuredBoundAdvice {
  /** The run's constant rate. */
  readonly learningRate: number;
  /** 2/λmax at the starting weights, measured (models/sharpness.ts). */
  readonly bound: number;
  /** learningRate / bound (> 1). */
  readonly ratio: number;
  /** Standardize is off, and the inputs' scales differ (see {@link scalesDiffer}): it would help. */
  readonly standardize: boolean;
}

/** The root-mean-squares of two inputs (the bias's column of ones among them) differ by more than this. */
export const SCALE_SPREAD = 10;

/**
 * The advice for a run that jumped out at a constant `learningRate` above the measured `bound`; null when
 * the rate is not above a finite, positive bound (then the bound is not what to blame).
 */
export function measuredBoundAdvice(
  learningRate: number,
  bound: number,
  data: ModelData,
  standardized: boolean,
): MeasuredBoundAdvice | null {
  if (!(Number.isFinite(bound) && bound > 0 && learningRate > bound)) return null;
  return {
    learningRate,
    bound,
    ratio: learningRate / bound,
    standardize: !standardized && scalesDiffer(data),
  };
}

/**
 * Whether the inputs' root-mean-squares, with the bias's constant 1 among them, span more than
 * {@link SCALE_SPREAD}×: the Hessian's diagonal goes with the squares of each input (a bias weight's with
 * 1), so unequal scales make λmax large and the bound small, which z-scores undo. One column of values in
 * the hundreds (cars' Displacement) counts: it is 100× the bias's scale.
 */
export function scalesDiffer(data: ModelData): boolean {
  const { inputs, features } = data;
  const rows = features === 0 ? 0 : inputs.length / features;
  if (rows === 0) return false;
  let smallest = 1;
  let largest = 1;
  for (let j = 0; j < features; j++) {
    // Scaled by the column's largest |value| so the squares cannot overflow.
    let top = 0;
    for (let r = 0; r < rows; r++) top = Math.max(top, Math.abs(inputs[r * features + j] as number));
    if (top === 0) continue;
    let sum = 0;
    for (let r = 0; r < rows; r++) sum += ((inputs[r * features + j] as number) / top) ** 2;
    const rms = top * Math.sqrt(sum / rows);
    smallest = Math.min(smallest, rms);
    largest = Math.max(largest, rms);
  }
  return largest > SCALE_SPREAD * smallest;
}
