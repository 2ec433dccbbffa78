/**
 * The same run on the full batch: the same rates step by step, the same optimizer, start and number of
 * updates, with every gradient exact. On linear MSE each of its steps is O(1) (sufficient statistics), so
 * it costs next to nothing beside the mini-batch run it mirrors.
 *
 * It is what tells mini-batch noise from crawling (verdict.ts): a mini-batch run that ends short of the
 * minimum is noisy only if its twin gets there; if the twin is short too, the rate or the budget is what
 * holds both back, and more noise would not be the fix.
 */
import type { Dataset } from "./data.js";
import type { ParamSpec } from "./params.js";
import type { TrainOptions, TrainResult } from "./train.js";
import { train } from "./train.js";

export interface FullBatchTwin {
  readonly final: { readonly w: number; readonly b: number; readonly loss: number };
  readonly blewUp: boolean;
}

/**
 * The full-batch twin of a mini-batch MSE run, or null when there is none to run: a full-batch run already,
 * not MSE, no statistics, or a plateau callback (its rate follows the epochs' losses, which the twin's
 * epochs would not repeat).
 */
export function fullBatchTwin(
  data: Dataset,
  options: TrainOptions,
  run: TrainResult,
  nameOf?: (spec: ParamSpec) => string,
): FullBatchTwin | null {
  if (run.stepsPerEpoch === 1 || (options.loss ?? "mse") !== "mse" || !options.stats) return null;
  if (options.rateCallback) return null;
  const twin = train(
    data,
    {
      ...(options.loss === undefined ? {} : { loss: options.loss }),
      ...(options.optimizer === undefined ? {} : { optimizer: options.optimizer }),
      ...(options.learningRate === undefined ? {} : { learningRate: options.learningRate }),
      ...(options.initialW === undefined ? {} : { initialW: options.initialW }),
      ...(options.initialB === undefined ? {} : { initialB: options.initialB }),
      ...(options.divergeFactor === undefined ? {} : { divergeFactor: options.divergeFactor }),
      stats: options.stats,
      steps: run.steps,
      historyEvery: Math.max(1, run.steps),
    },
    nameOf,
  );
  return {
    final: { w: twin.final.w, b: twin.final.b, loss: twin.final.loss },
    blewUp: twin.status === "diverged" || !Number.isFinite(twin.final.loss),
  };
}
