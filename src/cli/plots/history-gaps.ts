/**
 * The points a history figure cannot draw: a loss or sharpness that is NaN or infinite at some epoch (a
 * Keras `history.history` dump after a blow-up) leaves a gap in its line, and a gap nobody mentions reads
 * as a missing measurement, not as the divergence it is. These words go in the figure's subtitle.
 */
import { formatCount } from "../format.js";
import type { ParsedHistory } from "./history-plot-parse.js";

/**
 * "loss not finite at epoch 3 · sharpness not finite at epochs 2 and 4", or "" when every value is finite.
 * A loss that stays non-finite to the end is left out here: the subtitle's "final loss not finite from
 * epoch N" says it already.
 */
export function nonFiniteWords(history: ParsedHistory): string {
  const unit = history.unit;
  const { epochs } = history;
  const series: Array<readonly [string, readonly number[], readonly number[], boolean]> = [];
  if (epochs.loss) series.push(["loss", epochs.x, epochs.loss, true]);
  else if (history.batches) series.push(["loss", history.batches.x, history.batches.loss, true]);
  if (epochs.valLoss) series.push(["val_loss", epochs.x, epochs.valLoss, true]);
  if (history.sharpness) series.push(["sharpness", history.sharpness.x, history.sharpness.values, false]);
  return series
    .map(([name, x, values, endSaid]) => {
      let last = Math.min(x.length, values.length);
      if (endSaid) while (last > 0 && !Number.isFinite(values[last - 1] as number)) last--;
      const at: number[] = [];
      for (let i = 0; i < last; i++) if (!Number.isFinite(values[i] as number)) at.push(x[i] as number);
      return at.length === 0 ? "" : `${name} not finite at ${placesWords(at, unit)}`;
    })
    .filter(Boolean)
    .join(" · ");
}

/** "epoch 3", "epochs 3 and 5", "epochs 3, 5 and 8", or "7 epochs from 3 to 12". */
function placesWords(at: readonly number[], unit: string): string {
  const count = (value: number) => formatCount(value);
  if (at.length === 1) return `${unit} ${count(at[0] as number)}`;
  if (at.length <= 3) {
    const listed = at.map(count);
    return `${unit}s ${listed.slice(0, -1).join(", ")} and ${listed.at(-1)}`;
  }
  return `${count(at.length)} ${unit}s from ${count(at[0] as number)} to ${count(at.at(-1) as number)}`;
}
