/**
 * What a starting point alone decides, before any rate is blamed.
 *
 * - A start whose loss is not finite (weights of 1e200 in a network) is a bad start, refused like the line's
 *   (theory/trust.ts `checkStart`): no rate can be judged from it, so it must not read as "jumps out".
 * - A start whose gradient vanishes (a saturated sigmoid or tanh: every unit clipped flat) leaves the weights
 *   where they are at any rate that does not blow up: the run is stalled by its start, not too slow by its rate.
 */
import { LrlabError } from "../errors.js";
import { allRows, type Model, type ModelData } from "./model.js";

/**
 * Refuses starting weights whose loss on `data` is not finite, in one sentence naming the largest weight
 * and what works. The caller prefixes where the weights came from (`--init start.json: …`).
 */
export function checkStartingLoss(model: Model, data: ModelData, params: Float64Array): void {
  const gradient = new Float64Array(model.parameterCount);
  const loss = model.lossAndGradient(params, data, allRows(data.targets.length), gradient);
  if (Number.isFinite(loss)) return;
  let largest = 0;
  for (const value of params) largest = Math.max(largest, Math.abs(value));
  throw new LrlabError(
    "E_BAD_ARGUMENT",
    `these weights (the largest |weight| is ${largest.toExponential(0).replace("e+", "e")}) put the starting loss beyond what float64 can hold on this data (loss ${Number.isNaN(loss) ? "NaN" : "∞"}); expected weights whose starting loss is finite (the default start always gives one)`,
  );
}

/**
 * Whether a run that left every weight in place did so because of its start, not its rate: the gradient
 * at the start is zero, or so small against the weights that the rate needed to move any of them by one
 * float64 step is above `criticalRate` (where full-batch descent blows up). At such a start no usable rate
 * moves the weights; smaller weights would. Only meaningful for a run with steps at a positive rate that
 * did not move.
 */
export function stalledByStart(
  model: Model,
  data: ModelData,
  params: Float64Array,
  criticalRate: number,
): boolean {
  const gradient = new Float64Array(model.parameterCount);
  model.lossAndGradient(params, data, allRows(data.targets.length), gradient);
  let scale = 0;
  for (const value of params) scale = Math.max(scale, Math.abs(value));
  // The smallest rate at which plain SGD's step lr·|g_k| reaches the weights' float resolution.
  let neededRate = Number.POSITIVE_INFINITY;
  for (const g of gradient) {
    if (g !== 0 && Number.isFinite(g))
      neededRate = Math.min(neededRate, (Number.EPSILON * scale) / Math.abs(g));
  }
  return (
    neededRate === Number.POSITIVE_INFINITY || (Number.isFinite(criticalRate) && neededRate > criticalRate)
  );
}
