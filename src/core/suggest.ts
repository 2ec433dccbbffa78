/**
 * One answer to "what learning rate should I use?", with its reason.
 *
 * - Full-batch plain gradient descent on linear MSE: the exact theory. The optimal constant rate
 *   2/(λmin + λmax), the critical rate 2/λmax, and the steps each needs.
 * - Anything else (mini-batches, momentum, adaptive optimizers, MAE, Huber): the LR range test's
 *   `valley` (fastai's default), held below the optimizer's stability bound where one applies.
 * - Always: the sharpest curvature λmax at the start, estimated by power iteration on Hessian-vector
 *   products, and the edge of stability 2/λmax it implies. No LR finder gives that number.
 */
import { type CurvatureEstimate, sharpestCurvature } from "./curvature.js";
import type { Dataset } from "./data.js";
import type { Optimizer } from "./optimizers/optimizer.js";
import { sgd } from "./optimizers/sgd.js";
import type { ParamSpec } from "./params.js";
import { type RangeTestOptions, type RangeTestResult, rangeTest } from "./range-test.js";
import { linearStats } from "./stats.js";
import {
  type LinearMseTheory,
  linearMseTheory,
  optimizerStabilityBound,
  type StabilityBound,
  stepsToTolerance,
} from "./theory.js";
import { roundDownToOneDigit } from "./verdict.js";

export interface SuggestLearningRateOptions extends RangeTestOptions {
  /** The loss gap the step counts aim for; default 0.1% of the optimum loss. */
  tolerance?: number;
}

export type SuggestionMethod = "theory" | "range-test" | "curvature";

export interface LearningRateSuggestion {
  /** The rate to use; null only when nothing could be learnt (no finite loss, no curvature). */
  learningRate: number | null;
  method: SuggestionMethod;
  /** Why, in a sentence a learner understands. */
  reason: string;
  /** The rate above which the chosen optimizer diverges: exact on full-batch linear MSE, else from the estimate. */
  criticalLearningRate: number | null;
  /** How that bound is written ("2/λmax", "2(1 + m)/λmax"), and whether it is exact or estimated. */
  criticalFormula: string | null;
  criticalIsExact: boolean;
  /** 2/(λmin + λmax), exact, for linear MSE. */
  optimalLearningRate: number | null;
  /** Full-batch steps to get within `tolerance` of the optimum loss (linear MSE, SGD without momentum). */
  steps: { suggested: number | null; optimal: number | null; critical: number | null } | null;
  tolerance: number | null;
  /** The sharpest curvature at the start, by Hessian-vector power iteration. */
  curvature: CurvatureEstimate;
  theory: LinearMseTheory | null;
  rangeTest: RangeTestResult | null;
}

export function suggestLearningRate(
  data: Dataset,
  options: SuggestLearningRateOptions = {},
  nameOf?: (spec: ParamSpec) => string,
): LearningRateSuggestion {
  const { loss = "mse", optimizer = sgd(), initialW = 0, initialB = 0 } = options;
  const n = data.x.length;
  const fullBatch = options.batchSize === undefined || options.batchSize >= n;
  const stats = loss === "mse" ? (options.stats ?? linearStats(data)) : null;
  const theory = stats ? linearMseTheory(stats) : null;
  const curvature = sharpestCurvature(data, {
    loss,
    w: initialW,
    b: initialB,
    ...(options.huberDelta === undefined ? {} : { huberDelta: options.huberDelta }),
  });
  const exactBound = theory ? optimizerStabilityBound(theory.hessianEigenvalues[0], optimizer) : null;
  const bound: StabilityBound | null = exactBound ?? optimizerStabilityBound(curvature.lambdaMax, optimizer);
  const tolerance = options.tolerance ?? (theory ? 1e-3 * theory.optimum.loss : null);
  const base = {
    criticalLearningRate: bound?.learningRate ?? null,
    criticalFormula: bound?.formula ?? null,
    criticalIsExact: exactBound !== null && fullBatch,
    optimalLearningRate: theory?.optimalLearningRate ?? null,
    tolerance,
    curvature,
    theory,
  };
  const stepsAt = (learningRate: number): number | null =>
    stats && theory && tolerance !== null
      ? stepsToTolerance(stats, theory, { learningRate, initialW, initialB, tolerance })
      : null;

  if (theory && fullBatch && isPlainSgd(optimizer)) {
    const optimal = theory.optimalLearningRate;
    return {
      ...base,
      learningRate: optimal,
      method: "theory",
      reason:
        "Exact for full-batch gradient descent on MSE: 2/(λmin + λmax) shrinks the error fastest in the worst direction; " +
        "above 2/λmax every step overshoots further and the run diverges, and at 2/λmax it bounces forever.",
      steps: { suggested: stepsAt(optimal), optimal: stepsAt(optimal), critical: null },
      rangeTest: null,
    };
  }

  const test = rangeTest(data, { ...options, ...(stats ? { stats } : {}) }, nameOf);
  const steps =
    theory && isPlainSgd(optimizer) ? { optimal: stepsAt(theory.optimalLearningRate), critical: null } : null;
  if (test.suggested !== null) {
    const capped = bound !== null && test.suggested >= bound.learningRate;
    const learningRate = capped
      ? roundDownToOneDigit(0.5 * (bound as StabilityBound).learningRate)
      : test.suggested;
    return {
      ...base,
      learningRate,
      method: "range-test",
      reason: capped
        ? `The range test's valley (${formatRate(test.suggested)}) is at or above the stability bound ${bound?.formula} = ${formatRate(bound?.learningRate ?? 0)}, where this optimizer would diverge; half the bound is suggested instead.`
        : `No closed form covers ${describeSetup(loss, fullBatch, optimizer)}, so this is the LR range test's valley (fastai's default suggestion)${bound ? `, below the stability bound ${bound.formula}` : ""}.`,
      steps: steps && { suggested: stepsAt(learningRate), ...steps },
      rangeTest: test,
    };
  }
  const fallback = curvature.edgeOfStability === null ? null : curvature.edgeOfStability / 2;
  return {
    ...base,
    learningRate: fallback,
    method: "curvature",
    reason:
      fallback === null
        ? "The range test recorded no finite loss and the loss has no curvature at the start: no rate can be suggested."
        : "The range test recorded no finite loss; half the edge of stability 2/λmax is suggested instead.",
    steps: null,
    rangeTest: test,
  };
}

function isPlainSgd(optimizer: Optimizer): boolean {
  return optimizer.name === "sgd" && ((optimizer.config as { momentum?: number }).momentum ?? 0) === 0;
}

function describeSetup(loss: string, fullBatch: boolean, optimizer: Optimizer): string {
  const parts: string[] = [];
  if (loss !== "mse") parts.push(`the ${loss.toUpperCase()} loss`);
  if (!fullBatch) parts.push("mini-batches");
  if (!isPlainSgd(optimizer))
    parts.push(optimizer.name === "sgd" ? "momentum" : `the ${optimizer.name} optimizer`);
  return parts.join(" with ") || "this setup";
}

/** Three significant digits, for sentences. */
function formatRate(value: number): string {
  return Number(value.toPrecision(3)).toString();
}
