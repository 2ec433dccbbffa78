/**
 * The best line, and its loss, under MAE and Huber: what "reached" is measured against when the loss is not
 * MSE. No closed form exists, but both losses are convex in (w, b), so the optimum is found to rounding:
 *
 * - MAE (least absolute deviations): for a fixed slope w the best intercept is the median of y − w·x, and
 *   F(w) = mean |y − w·x − median(y − w·x)| is convex in w (a partial minimum of a jointly convex function).
 *   A bracket around the least-squares slope, then golden-section search on F: about 45 evaluations of
 *   O(n) each (a quickselect for the median).
 * - Huber (Keras's: ½e² within δ, δ·|e| − ½δ² beyond): iteratively reweighted least squares, weights 1
 *   within δ and δ/|e| beyond. Each step minimizes a quadratic that lies above the loss and touches it at
 *   the current line (a majorizer), so the loss never rises; it stops when it no longer falls.
 *
 * Both are remembered per data set, loss and δ: a sweep, a lesson plan or the web lab asks again and again.
 */
import type { Dataset } from "../data/data.js";
import { linearStats } from "../data/stats.js";
import { DEFAULT_HUBER_DELTA } from "../models/losses.js";

export interface RobustOptimum {
  readonly w: number;
  readonly b: number;
  /** The lowest loss of any line. */
  readonly loss: number;
  /** The loss of the best flat line y = c (c the median of y), the scale closeness falls back to near 0. */
  readonly flatLineLoss: number;
}

const remembered = new WeakMap<Float64Array, Map<string, RobustOptimum>>();

/** The best line under MAE or Huber (δ defaults to Keras's 1.0). */
export function robustOptimum(
  data: Pick<Dataset, "x" | "y">,
  loss: "mae" | "huber",
  delta = DEFAULT_HUBER_DELTA,
): RobustOptimum {
  let answers = remembered.get(data.x);
  if (!answers) {
    answers = new Map();
    remembered.set(data.x, answers);
  }
  const key = `${loss} ${delta} ${data.y.length}`;
  let answer = answers.get(key);
  if (!answer) {
    answer = loss === "mae" ? leastAbsoluteDeviations(data) : huberRegression(data, delta);
    answers.set(key, answer);
  }
  return answer;
}

const GOLDEN = (Math.sqrt(5) - 1) / 2;

function leastAbsoluteDeviations({ x, y }: Pick<Dataset, "x" | "y">): RobustOptimum {
  const n = x.length;
  const residual = new Float64Array(n);
  const median = lowerMedian(Float64Array.from(y));
  let flatLine = 0;
  for (let i = 0; i < n; i++) flatLine += Math.abs((y[i] as number) - median);
  flatLine /= n;
  // F(w) and the intercept that achieves it.
  const at = (w: number): { loss: number; b: number } => {
    for (let i = 0; i < n; i++) residual[i] = (y[i] as number) - w * (x[i] as number);
    const b = lowerMedian(residual);
    let sum = 0;
    for (let i = 0; i < n; i++) sum += Math.abs((y[i] as number) - w * (x[i] as number) - b);
    return { loss: sum / n, b };
  };
  const stats = linearStats({ x, y });
  if (!(stats.sxx > 0)) {
    const { b, loss } = at(0);
    return { w: 0, b, loss, flatLineLoss: flatLine };
  }
  const center = stats.optimum.w;
  const step = Math.max(Math.abs(center), Math.sqrt(stats.syy / stats.sxx), Number.MIN_VALUE);
  const f = (w: number) => at(w).loss;
  // Bracket: walk out from the least-squares slope, doubling, until the loss rises on each side.
  let low = center - step;
  let high = center + step;
  const mid = f(center);
  for (let k = 1; f(low) < mid && k < 200; k++) low = center - step * 2 ** k;
  for (let k = 1; f(high) < mid && k < 200; k++) high = center + step * 2 ** k;
  let a = high - GOLDEN * (high - low);
  let b = low + GOLDEN * (high - low);
  let fa = f(a);
  let fb = f(b);
  for (let i = 0; i < 200 && high - low > 1e-13 * (Math.abs(a) + step); i++) {
    if (fa <= fb) {
      high = b;
      b = a;
      fb = fa;
      a = high - GOLDEN * (high - low);
      fa = f(a);
    } else {
      low = a;
      a = b;
      fa = fb;
      b = low + GOLDEN * (high - low);
      fb = f(b);
    }
  }
  const w = fa <= fb ? a : b;
  const best = at(w);
  return { w, b: best.b, loss: best.loss, flatLineLoss: flatLine };
}

/** The lower median of `values` (reordered in place), by quickselect: O(n) on average. */
function lowerMedian(values: Float64Array): number {
  const k = (values.length - 1) >> 1;
  let left = 0;
  let right = values.length - 1;
  while (left < right) {
    const pivot = values[(left + right) >> 1] as number;
    let i = left;
    let j = right;
    while (i <= j) {
      while ((values[i] as number) < pivot) i++;
      while ((values[j] as number) > pivot) j--;
      if (i <= j) {
        const swap = values[i] as number;
        values[i] = values[j] as number;
        values[j] = swap;
        i++;
        j--;
      }
    }
    if (k <= j) right = j;
    else if (k >= i) left = i;
    else break;
  }
  return values[k] as number;
}

function huberLoss(error: number, delta: number): number {
  const magnitude = Math.abs(error);
  return magnitude <= delta ? 0.5 * error * error : delta * magnitude - 0.5 * delta * delta;
}

function huberRegression({ x, y }: Pick<Dataset, "x" | "y">, delta: number): RobustOptimum {
  const n = x.length;
  const lossAt = (w: number, b: number) => {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += huberLoss((y[i] as number) - w * (x[i] as number) - b, delta);
    return sum / n;
  };
  // The flat line through the median of y: not Huber's best flat line, but a scale, which is all it is for.
  const median = lowerMedian(Float64Array.from(y));
  let flatLine = 0;
  for (let i = 0; i < n; i++) flatLine += huberLoss((y[i] as number) - median, delta);
  flatLine /= n;
  const start = linearStats({ x, y }).optimum;
  let w = start.w;
  let b = start.b;
  let loss = lossAt(w, b);
  for (let iteration = 0; iteration < 500; iteration++) {
    // Weighted least squares with weights u = 1 within δ, δ/|e| beyond, from centred weighted sums.
    let su = 0;
    let sx = 0;
    let sy = 0;
    for (let i = 0; i < n; i++) {
      const error = Math.abs((y[i] as number) - w * (x[i] as number) - b);
      const u = error <= delta ? 1 : delta / error;
      su += u;
      sx += u * (x[i] as number);
      sy += u * (y[i] as number);
    }
    const mx = sx / su;
    const my = sy / su;
    let sxx = 0;
    let sxy = 0;
    for (let i = 0; i < n; i++) {
      const error = Math.abs((y[i] as number) - w * (x[i] as number) - b);
      const u = error <= delta ? 1 : delta / error;
      const dx = (x[i] as number) - mx;
      sxx += u * dx * dx;
      sxy += u * dx * ((y[i] as number) - my);
    }
    const nextW = sxx > 0 ? sxy / sxx : 0;
    const nextB = my - nextW * mx;
    const next = lossAt(nextW, nextB);
    if (!(next < loss)) break;
    const improvement = loss - next;
    w = nextW;
    b = nextB;
    loss = next;
    if (improvement <= 1e-15 * loss) break;
  }
  return { w, b, loss, flatLineLoss: flatLine };
}
