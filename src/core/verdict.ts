/**
 * What happened in a run, and why, in terms a learner can act on.
 *
 * The verdict joins the run's outcome with the exact theory where it applies (MSE): a diverged run is
 * compared with the critical rate, a slow one with the steps the optimal rate would need. Words are the
 * CLI's and the web lab's business; this module only decides.
 */
import type { LinearMseTheory } from "./theory.js";
import { gradientDescentRegime, momentumCriticalLearningRate, stepsToTolerance } from "./theory.js";
import type { TrainResult } from "./train.js";

export type VerdictKind = "diverged" | "converged" | "oscillating" | "too-slow" | "noisy" | "completed";

export interface Verdict {
  kind: VerdictKind;
  /** The rate the run started with (a schedule's first rate). */
  learningRate: number;
  /** The rate above which this optimizer diverges on this data, when theory knows it (plain or momentum SGD). */
  criticalLearningRate: number | null;
  /** learningRate / criticalLearningRate, when both are known. */
  criticalRatio: number | null;
  /** A rate worth trying instead, when the rate is the problem. */
  suggestedLearningRate: number | null;
  /** Final loss minus the optimum loss, when the optimum is known. */
  gap: number | null;
  /** For `too-slow`: steps this rate would need to get within the closeness gap, and what the optimal rate needs. */
  stepsNeeded: number | null;
  stepsNeededAtOptimalRate: number | null;
  /** True when the sharpest direction flips sign each step (full-batch GD with lr > 1/λmax). */
  overshoots: boolean;
}

/** A run is at the optimum when its loss is within this fraction of the optimum loss (plus a hair). */
export const CLOSE_RELATIVE_GAP = 1e-3;

export interface VerdictContext {
  /** Exact theory, for MSE runs; null otherwise. */
  theory: LinearMseTheory | null;
  /** The optimizer's name and momentum settings decide which critical rate applies. */
  optimizer: { name: string; config: { learningRate: number; momentum?: number; nesterov?: boolean } };
  /** The first rate used. */
  learningRate: number;
  /** Whether the rate stayed the same for the whole run (no schedule, no plateau). */
  constantRate: boolean;
  /** Where the run started. */
  initialW: number;
  initialB: number;
}

/** The rounded-down rate to suggest below a critical rate: one significant digit, e.g. 0.055 → 0.05. */
export function roundDownToOneDigit(value: number): number {
  if (!(value > 0) || !Number.isFinite(value)) return value;
  // From the decimal expansion, not from value / 10^k · 10^k, whose rounding gives 0.30000000000000004.
  const [mantissa, exponent] = value.toExponential(20).split("e") as [string, string];
  return Number(`${mantissa[0]}e${exponent}`);
}

export function judgeRun(run: TrainResult, context: VerdictContext): Verdict {
  const { theory, optimizer, learningRate } = context;
  const isSgd = optimizer.name === "sgd";
  const momentum = optimizer.config.momentum ?? 0;
  const critical =
    theory && isSgd
      ? momentumCriticalLearningRate(theory, momentum, optimizer.config.nesterov === true)
      : null;
  const verdict: Verdict = {
    kind: "completed",
    learningRate,
    criticalLearningRate: critical,
    criticalRatio: critical !== null ? learningRate / critical : null,
    suggestedLearningRate: null,
    gap: theory && Number.isFinite(run.final.loss) ? Math.max(0, run.final.loss - theory.optimum.loss) : null,
    stepsNeeded: null,
    stepsNeededAtOptimalRate: null,
    overshoots:
      theory !== null && isSgd && momentum === 0 && run.batchSize === run.stats?.n
        ? gradientDescentRegime(theory, learningRate) !== "monotone"
        : false,
  };
  if (run.status === "diverged") {
    verdict.kind = "diverged";
    if (critical !== null) verdict.suggestedLearningRate = roundDownToOneDigit(critical);
    return verdict;
  }
  if (!theory || verdict.gap === null) return verdict;
  const closeGap = CLOSE_RELATIVE_GAP * theory.optimum.loss + 1e-12 * (1 + Math.abs(theory.optimum.loss));
  if (verdict.gap <= closeGap) {
    verdict.kind = "converged";
    return verdict;
  }
  const fullBatch = run.stats !== null && run.batchSize === run.stats.n;
  if (!fullBatch) {
    // Mini-batch noise keeps the iterate moving about the minimum; within 2× of the optimum loss it is there
    // but bouncing, farther away it has not arrived yet.
    verdict.kind = run.final.loss <= 2 * theory.optimum.loss ? "noisy" : "too-slow";
    return verdict;
  }
  if (isSgd && momentum === 0 && context.constantRate) {
    const regime = gradientDescentRegime(theory, learningRate);
    const target = { initialW: context.initialW, initialB: context.initialB, tolerance: closeGap };
    verdict.stepsNeeded = stepsToTolerance(run.stats as NonNullable<typeof run.stats>, theory, {
      ...target,
      learningRate,
    });
    verdict.stepsNeededAtOptimalRate = stepsToTolerance(run.stats as NonNullable<typeof run.stats>, theory, {
      ...target,
      learningRate: theory.optimalLearningRate,
    });
    if (regime === "edge") {
      verdict.kind = "oscillating";
      verdict.suggestedLearningRate = theory.optimalLearningRate;
      return verdict;
    }
    if (regime === "oscillating" && learningRate > theory.optimalLearningRate) {
      verdict.kind = "oscillating";
      verdict.suggestedLearningRate = theory.optimalLearningRate;
      return verdict;
    }
    verdict.kind = "too-slow";
    verdict.suggestedLearningRate = theory.optimalLearningRate;
    return verdict;
  }
  verdict.kind = "too-slow";
  return verdict;
}
