/**
 * The `logs` TF.js hands a `tf.Callback`, read as plain numbers.
 *
 * In a `tf.Callback` subclass the values are `tf.Scalar`s, not numbers (tfjs-layers 4.22.0
 * `engine/training.js` puts the train function's output tensors into `batchLogs`, and `BaseLogger` puts
 * scalar tensors into the epoch logs); only `tf.CustomCallback` resolves them, in place, with
 * `resolveScalarsInLogs`. Reading them here leaves the logs as they are: the tensors stay owned by TF.js,
 * which disposes them after the batch or once `History` has read them.
 */
import type * as tf from "@tensorflow/tfjs";

/** What TF.js passes a callback (its `UnresolvedLogs`, which tfjs does not export). */
export type CallbackLogs = Parameters<tf.Callback["onBatchEnd"]>[1];

interface ScalarLike {
  data(): Promise<ArrayLike<number>>;
}

/** The logs as numbers: each scalar tensor read with `await t.data()`; anything else left out. */
export async function readLogs(logs: CallbackLogs): Promise<Record<string, number>> {
  const values: Record<string, number> = {};
  if (logs == null) return values;
  for (const [key, value] of Object.entries(logs)) {
    if (typeof value === "number") values[key] = value;
    else if (isScalarLike(value)) values[key] = (await value.data())[0] as number;
  }
  return values;
}

function isScalarLike(value: unknown): value is ScalarLike {
  return typeof value === "object" && value !== null && typeof (value as ScalarLike).data === "function";
}
