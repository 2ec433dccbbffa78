/**
 * Which rate is best among runs of a model: the one rule `sweep --model` and `suggest --model` share, so
 * the two name the same rate wherever they ran the same rates for the same budget from the same start.
 *
 * The lowest final loss among the runs that did not diverge, the smaller rate on a tie. "Did not
 * diverge" means both: the run did not blow up (status), and its verdict is not diverging (a quadratic
 * above its exact 2/λmax that has not blown up yet within the budget is still on its way out).
 *
 * The rule does not stop at the bound measured at the start: on a network the first steps can throw the
 * weights to a flatter place, where a rate above the start's 2/λmax trains at the edge of stability
 * (Cohen et al. 2021) and often ends lowest. Whoever names such a rate says so (model-suggest.ts's
 * `aboveStartBound`), with the best rate below the bound beside it.
 */
import type { Regime } from "../theory/regime.js";
import type { TrainStatus } from "../training/train.js";

/** What the rule reads of a run. */
export interface RankableRun {
  readonly learningRate: number;
  readonly status: TrainStatus;
  readonly regime: Regime;
  readonly finalLoss: number;
}

/** Whether a run counts at all: it did not blow up, is not judged diverging, and ended on a number. */
export function keptRun(run: RankableRun): boolean {
  return run.status !== "diverged" && run.regime !== "diverging" && Number.isFinite(run.finalLoss);
}

/** The run with the lowest final loss among those kept ({@link keptRun}), the smaller rate on a tie. */
export function bestRunOf<T extends RankableRun>(runs: readonly T[]): T | null {
  let best: T | null = null;
  for (const run of runs) {
    if (!keptRun(run)) continue;
    if (
      best === null ||
      run.finalLoss < best.finalLoss ||
      (run.finalLoss === best.finalLoss && run.learningRate < best.learningRate)
    ) {
      best = run;
    }
  }
  return best;
}
