/**
 * Landscapes of losses with no closed form (MAE, Huber; MSE too, as a check), computed directly from the
 * data: O(N) per grid point, a block of rows at a time, so a caller with threads can spread the rows over
 * them (the CLI does, see src/cli/landscape-workers.ts). The grid's layout is landscape.ts's:
 * `values[j * w.length + i]` is the loss at `(w[i], b[j])`.
 */
import type { Dataset } from "../data/data.js";
import { linearStats } from "../data/stats.js";
import { LrlabError } from "../errors.js";
import { DEFAULT_HUBER_DELTA, type LossName } from "../models/losses.js";
import {
  type Landscape,
  type LandscapeAxes,
  type LandscapeOptions,
  landscapeAxes,
  landscapeGridSize,
} from "./landscape.js";

export interface DirectLossOptions {
  loss: LossName;
  /** Huber's delta (Keras default 1.0); ignored by the other losses. */
  huberDelta?: number | undefined;
}

/**
 * Rows `rowStart..rowEnd` (intercepts b[rowStart..rowEnd)) of the landscape computed directly from the
 * data, O(N) per point, written into `values` at `j * w.length + i`. Each point's loss is summed over the
 * data in order with the training kernels' arithmetic (losses.ts), so it equals the full-batch loss
 * bit for bit. The data is walked once per row, every slope of the row updated per data point, so a row
 * of 501 slopes reads the data once, not 501 times.
 */
export function lossGridRows(
  data: Pick<Dataset, "x" | "y">,
  axes: LandscapeAxes,
  { loss, huberDelta = DEFAULT_HUBER_DELTA }: DirectLossOptions,
  rowStart: number,
  rowEnd: number,
  values: Float64Array,
): void {
  const { x, y } = data;
  const { w, b } = axes;
  const n = x.length;
  const nw = w.length;
  if (n === 0) throw new LrlabError("E_BAD_DATA", "no data points; expected at least one");
  if (!(rowStart >= 0 && rowEnd <= b.length && rowStart <= rowEnd)) {
    throw new RangeError(`rows ${rowStart}..${rowEnd} outside 0..${b.length}`);
  }
  const sums = new Float64Array(nw);
  const delta = huberDelta;
  const halfDeltaSquared = 0.5 * delta * delta;
  for (let j = rowStart; j < rowEnd; j++) {
    const bj = b[j] as number;
    sums.fill(0);
    for (let k = 0; k < n; k++) {
      const xk = x[k] as number;
      const yk = y[k] as number;
      if (loss === "mse") {
        for (let i = 0; i < nw; i++) {
          const error = (w[i] as number) * xk + bj - yk;
          sums[i] = (sums[i] as number) + error * error;
        }
      } else if (loss === "mae") {
        for (let i = 0; i < nw; i++) {
          const error = (w[i] as number) * xk + bj - yk;
          sums[i] = (sums[i] as number) + Math.abs(error);
        }
      } else {
        for (let i = 0; i < nw; i++) {
          const error = (w[i] as number) * xk + bj - yk;
          const absolute = Math.abs(error);
          sums[i] =
            (sums[i] as number) +
            (absolute <= delta ? 0.5 * error * error : delta * absolute - halfDeltaSquared);
        }
      }
    }
    const row = j * nw;
    for (let i = 0; i < nw; i++) values[row + i] = (sums[i] as number) / n;
  }
}

/**
 * Any loss's landscape computed directly, on one thread: configure, then call on the data. The ranges
 * come from the data's statistics as for MSE (centred on the least-squares line). For MSE prefer
 * {@link landscape}, exact and O(1) per point.
 */
export function directLandscape(
  options: LandscapeOptions & DirectLossOptions,
): (data: Pick<Dataset, "x" | "y">) => Landscape {
  landscapeGridSize(options);
  return (data) => {
    const axes = landscapeAxes(linearStats(data), options);
    const values = new Float64Array(axes.w.length * axes.b.length);
    lossGridRows(data, axes, options, 0, axes.b.length, values);
    return { ...axes, values };
  };
}
