/**
 * The same run on the full batch: the same rates step by step, the same optimizer, start and number of
 * updates, with every gradient exact. On linear MSE each of its steps is O(1) (sufficient statistics), so
 * it costs next to nothing beside the mini-batch run it mirrors.
 *
 * It is what tells mini-batch noise from crawling (verdict.ts): a mini-batch run that ends short of the
 * minimum is noisy only if its twin gets there; if the twin is short too, the rate or the budget is what
 * holds both back, and more noise would not be the fix.
 *
 * It also tells noise from overshooting. Near the minimum a mini-batch step's noise carries the line
 * back and forth across it whatever the rate, so the crossings a mini-batch run makes along the sharp
 * direction are no evidence that its steps overshoot; its twin's are. The twin's regime is the run's mean
 * dynamics: exact for SGD (the rate against 2/λmax and 1/λmax, or the momentum bounds), read from the
 * noise-free trajectory for the adaptive optimizers.
 */
import type { Dataset } from "../data/data.js";
import type { LinearStats } from "../data/stats.js";
import { sgd } from "../optimizers/sgd.js";
import type { ParamSpec } from "../params.js";
import {
  type OptimizerLike,
  type Regime,
  regimeAt,
  regimeBoundsOf,
  trajectoryRegime,
} from "../theory/regime.js";
import { linearMseTheory } from "../theory/theory.js";
import type { TrainOptions, TrainResult } from "../training/train.js";
import { train } from "../training/train.js";

export interface FullBatchTwin {
  readonly final: { readonly w: number; readonly b: number; readonly loss: number };
  readonly blewUp: boolean;
  /** The twin's regime at the end of the run: what the mini-batch run's average step does. */
  readonly regime: Regime;
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
  const blewUp = twin.status === "diverged" || !Number.isFinite(twin.final.loss);
  return {
    final: { w: twin.final.w, b: twin.final.b, loss: twin.final.loss },
    blewUp,
    regime: twinRegime(twin, options.stats, options.optimizer ?? sgd(), blewUp),
  };
}

/** Exact for SGD, from the rate at the end (as verdict.ts decides a full-batch run); else from the twin's run. */
function twinRegime(
  twin: TrainResult,
  stats: LinearStats,
  optimizer: OptimizerLike,
  blewUp: boolean,
): Regime {
  const theory = linearMseTheory(stats);
  const bounds = regimeBoundsOf(theory, optimizer);
  const { history } = twin;
  const last = history.length - 1;
  if (bounds && !blewUp) return regimeAt(bounds, history.learningRate[last] as number);
  return trajectoryRegime({
    blewUp,
    startingLoss: history.loss[0] as number,
    finalLoss: twin.final.loss,
    bestLoss: theory.optimum.loss,
    flipPairs: twin.dynamics.flipPairs,
    flips: twin.dynamics.flips,
    flipMeasure: twin.dynamics.flipMeasure,
    lossPairs: twin.dynamics.lossPairs,
    lossRises: twin.dynamics.lossRises,
  });
}
