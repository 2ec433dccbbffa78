/**
 * An oracle for tests of the training loop and the commands built on it: full-batch gradient descent on
 * MSE written the plain way, O(n) per step with no sufficient statistics, sharing no code with src/core.
 */
import type { Dataset } from "../core/data/data.js";

/**
 * The first step of plain gradient descent at `learningRate` from (0, 0) whose MSE passes `factor` ×
 * the starting MSE (the loop's divergence rule); throws if none does within `limit` steps.
 */
export function firstStepAbove(data: Dataset, learningRate: number, factor: number, limit = 10_000): number {
  const { x, y } = data;
  const n = x.length;
  let w = 0;
  let b = 0;
  let start = Number.NaN;
  for (let step = 0; step <= limit; step++) {
    let loss = 0;
    let gw = 0;
    let gb = 0;
    for (let i = 0; i < n; i++) {
      const error = w * (x[i] as number) + b - (y[i] as number);
      loss += (error * error) / n;
      gw += (2 * error * (x[i] as number)) / n;
      gb += (2 * error) / n;
    }
    if (step === 0) start = loss;
    else if (loss > factor * start) return step;
    w -= learningRate * gw;
    b -= learningRate * gb;
  }
  throw new Error(`lr ${learningRate} did not pass ${factor}× its starting loss in ${limit} steps`);
}
