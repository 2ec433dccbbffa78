/**
 * The lesson's drawing, computed in the worker: the loss along w with b held at b*, and along b with w
 * held at w*, through the least-squares optimum (w*, b*), and each recorded step of a run projected onto
 * both curves, step k at (w_k, L(w_k, b*)) and (b_k, L(w*, b_k)), so that every arrow the page draws
 * starts and ends on its curve. The rules for the axes are those of the static figure
 * (src/render/figures/slices.ts): centred on the optimum, as wide as the farthest step of a run that
 * stays near the bowl, at least as wide as the start; a run that leaves the frame is drawn up to the step
 * that leaves it. (Here one run has the axes to itself, so "near" is within three times the start's
 * distance, not two: a diverging run shows its first few growing jumps before it leaves.)
 *
 * Exact and O(1) per point for MSE; MAE and Huber cost a pass over the data per point, so they are drawn
 * only while that stays small.
 */
import { batchKernel, type Dataset, type LinearStats, type LossName, mseAt } from "../core/index.js";

/** Points along each curve. */
export const SLICE_SAMPLES = 241;
/** Points along each curve within the frame of the run's start, for its loss axis before the run is watched. */
const START_SAMPLES = 61;
/** Loss evaluations × points beyond which MAE and Huber slices are not drawn (about a second's work). */
const DIRECT_BUDGET = 3e7;
/** How far beyond the farthest step the axes reach, as a fraction (the static figure's margin). */
const X_MARGIN = 0.08;
/** Steps farther than this many times the start's distance from the optimum do not widen the axes. */
const REACH = 3;

export interface Slice {
  /** The value the other parameter is held at (b* for the w slice, w* for the b slice). */
  readonly held: number;
  /** The parameter's range on the x axis, and the loss's on the y axis. */
  readonly domain: readonly [number, number];
  readonly lossDomain: readonly [number, number];
  /** The curve: SLICE_SAMPLES values of the parameter and the loss there. */
  readonly curveX: Float64Array;
  readonly curveLoss: Float64Array;
  /** Per recorded row: the loss at that row's value of the parameter, the other held. */
  readonly stepLoss: Float64Array;
  /** Rows that can be drawn: those before the first non-finite value, up to the first that leaves the frame. */
  readonly drawableRows: number;
  /** The first row whose point lies outside the frame (its arrow is drawn, clipped), or -1. */
  readonly exit: number;
  /**
   * The frame a run would get from its start alone, for the page to draw before the run is played or
   * stepped (predict, then check): `domain` and `lossDomain` tell how far the run goes. The curve drawn
   * in it is the one above, clipped (a third of its samples at least: that frame is at most 3× wider).
   */
  readonly startDomain: readonly [number, number];
  readonly startLossDomain: readonly [number, number];
}

export interface SliceSet {
  /** The point both slices go through, and its loss: the minimum for MSE. */
  readonly centre: { readonly w: number; readonly b: number; readonly loss: number };
  readonly w: Slice;
  readonly b: Slice;
}

/** The loss at (w, b) over all the data: exact in O(1) for MSE, else one pass with the training kernel. */
export function lossFunction(
  data: Dataset,
  stats: LinearStats,
  loss: LossName,
  huberDelta: number,
): (w: number, b: number) => number {
  if (loss === "mse") return (w, b) => mseAt(stats, w, b);
  const kernel = batchKernel(loss, huberDelta);
  const order = Uint32Array.from({ length: data.x.length }, (_, i) => i);
  const gradient = new Float64Array(2);
  return (w, b) => kernel(data.x, data.y, order, 0, order.length, w, b, gradient);
}

/**
 * Both slices for a run's path, or a sentence saying why they are not drawn (MAE or Huber on so many
 * points that each curve would take seconds).
 */
export function slicesOf(
  data: Dataset,
  stats: LinearStats,
  loss: LossName,
  huberDelta: number,
  path: { readonly w: Float64Array; readonly b: Float64Array },
): SliceSet | string {
  const rows = Math.min(path.w.length, path.b.length);
  const cost = stats.n * (2 * SLICE_SAMPLES + 2 * START_SAMPLES + 2 * rows);
  if (loss !== "mse" && cost > DIRECT_BUDGET) {
    return `the slices are exact for MSE; with ${loss.toUpperCase()} each point of a curve costs a pass over the ${stats.n.toLocaleString("en-US")} points`;
  }
  const lossAt = lossFunction(data, stats, loss, huberDelta);
  const { w: wStar, b: bStar } = stats.optimum;
  const centre = { w: wStar, b: bStar, loss: lossAt(wStar, bStar) };
  return {
    centre,
    w: slice(path.w, rows, wStar, bStar, (value) => lossAt(value, bStar)),
    b: slice(path.b, rows, bStar, wStar, (value) => lossAt(wStar, value)),
  };
}

function slice(
  values: Float64Array,
  rows: number,
  centre: number,
  held: number,
  lossAlong: (value: number) => number,
): Slice {
  const domain = sliceDomain(values, rows, centre);
  const curveX = new Float64Array(SLICE_SAMPLES);
  const curveLoss = new Float64Array(SLICE_SAMPLES);
  for (let k = 0; k < SLICE_SAMPLES; k++) {
    const x =
      k === SLICE_SAMPLES - 1 ? domain[1] : domain[0] + ((domain[1] - domain[0]) * k) / (SLICE_SAMPLES - 1);
    curveX[k] = x;
    curveLoss[k] = lossAlong(x);
  }
  const lossDomain = lossDomainOf(curveLoss);
  const stepLoss = new Float64Array(rows).fill(Number.NaN);
  let drawableRows = rows;
  let exit = -1;
  for (let k = 0; k < rows; k++) {
    const x = values[k] as number;
    const y = Number.isFinite(x) ? lossAlong(x) : Number.NaN;
    if (!Number.isFinite(y)) {
      drawableRows = k;
      break;
    }
    stepLoss[k] = y;
    if (x < domain[0] || x > domain[1] || y > lossDomain[1]) {
      // Drawn to here, clipped at the frame: a run that has jumped out of the bowl does not come back.
      exit = k;
      drawableRows = k + 1;
      break;
    }
  }
  // Sampled on a grid of the start's own frame, so that it is the same for every run from this start.
  const startDomain = sliceDomain(values, 1, centre);
  const startLoss = new Float64Array(START_SAMPLES);
  for (let k = 0; k < START_SAMPLES; k++) {
    startLoss[k] = lossAlong(startDomain[0] + ((startDomain[1] - startDomain[0]) * k) / (START_SAMPLES - 1));
  }
  const startLossDomain = lossDomainOf(startLoss);
  return {
    held,
    domain,
    lossDomain,
    curveX,
    curveLoss,
    stepLoss,
    drawableRows,
    exit,
    startDomain,
    startLossDomain,
  };
}

/**
 * The slice's x range: centred on the centre, at least as wide as the start's distance, and wide enough
 * for every step up to the first that goes farther than {@link REACH} times that distance.
 */
export function sliceDomain(values: Float64Array, rows: number, centre: number): [number, number] {
  const start = Math.abs((values[0] as number) - centre);
  let half = Number.isFinite(start) ? start : 0;
  for (let k = 1; k < rows; k++) {
    const reach = Math.abs((values[k] as number) - centre);
    if (!(reach <= REACH * start)) break;
    half = Math.max(half, reach);
  }
  half *= 1 + X_MARGIN;
  if (!(half > 0) || !Number.isFinite(half)) half = Math.max(1, 0.5 * Math.abs(centre));
  return [centre - half, centre + half];
}

/** From a little below the curve's lowest point (never below 0 for a loss at 0 or above) to its highest. */
function lossDomainOf(curve: Float64Array): [number, number] {
  let low = Number.POSITIVE_INFINITY;
  let high = Number.NEGATIVE_INFINITY;
  for (const y of curve) {
    if (!Number.isFinite(y)) continue;
    low = Math.min(low, y);
    high = Math.max(high, y);
  }
  if (!(high > low)) return Number.isFinite(low) ? [low - 1, low + 1] : [0, 1];
  const pad = 0.12 * (high - low);
  return [low >= 0 ? Math.max(0, low - pad) : low - pad, high + 0.04 * (high - low)];
}
