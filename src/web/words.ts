/**
 * The lab's words for numbers and verdicts. The core decides (judgeRun, gradientDescentRegime); this
 * module only says it, in terms a learner can act on.
 */
import { CLOSE_RELATIVE_GAP } from "../core/index.js";
import { formatTick } from "../render/figures/shared.js";
import type { RunResult } from "./protocol.js";

/** Four significant digits, exponents for the very large and small (the figures' tick format). */
export function formatNumber(value: number | null | undefined): string {
  if (value === null || value === undefined) return "—";
  if (Number.isNaN(value)) return "NaN";
  return formatTick(value).replace("-", "−");
}

/** A count with thousands separators. */
export function formatCount(value: number): string {
  return Math.round(value).toLocaleString("en-US");
}

/** A fraction as a percentage with two significant digits, e.g. 0.0123 → "1.2%". */
export function formatPercent(fraction: number): string {
  if (!Number.isFinite(fraction)) return "∞%";
  const percent = fraction * 100;
  return `${percent >= 100 ? Math.round(percent).toLocaleString("en-US") : Number(percent.toPrecision(2))}%`;
}

/** The line y = w·x + b in words: "y = 2.07·x + 0.93". */
export function lineWords(w: number, b: number): string {
  const sign = b < 0 ? "−" : "+";
  return `y = ${formatNumber(w)}·x ${sign} ${formatNumber(Math.abs(b))}`;
}

/** The lesson's four words for a rate, plus the two that only mini-batches or other optimizers need. */
export type VerdictLabel = "too small" | "too slow" | "good" | "oscillating" | "diverging" | "noisy" | "done";

export function verdictLabel(run: RunResult): VerdictLabel {
  switch (run.verdict.kind) {
    case "diverged":
      return "diverging";
    case "oscillating":
      return "oscillating";
    case "converged":
      return "good";
    case "noisy":
      return "noisy";
    case "too-slow":
      return plainGradientDescent(run) ? "too small" : "too slow";
    default:
      return "done";
  }
}

/** Full-batch SGD without momentum at a constant rate on MSE: where the exact theory speaks of the rate alone. */
function plainGradientDescent(run: RunResult): boolean {
  const { config } = run;
  return (
    run.theory !== null &&
    config.optimizer === "sgd" &&
    config.optimizerArgs.momentum === 0 &&
    config.schedule === "constant" &&
    run.stepsPerEpoch === 1
  );
}

function stepsWords(count: number | null): string {
  if (count === null) return "never gets there";
  return `needs ${formatCount(count)} step${count === 1 ? "" : "s"}`;
}

/** One or two sentences: what the run did, why, and what to try. */
export function verdictSentence(run: RunResult): string {
  const { verdict, theory } = run;
  const rate = formatNumber(verdict.learningRate);
  const critical = verdict.criticalLearningRate;
  const closeness = formatPercent(CLOSE_RELATIVE_GAP);
  switch (verdict.kind) {
    case "diverged": {
      const where =
        run.divergedAtStep === null ? "The loss blew up" : `The loss blew up at step ${run.divergedAtStep}`;
      if (critical === null) return `${where}. Try a smaller rate.`;
      const ratio = verdict.criticalRatio ?? 0;
      return (
        `${where}: lr ${rate} is ${formatNumber(ratio)}× the critical rate ${formatNumber(critical)}` +
        `${run.stability ? ` (${run.stability.formula})` : ""}, so each step overshoots further. ` +
        `Try ≤ ${formatNumber(verdict.suggestedLearningRate)}.`
      );
    }
    case "oscillating":
      return (
        `Each step jumps across the minimum and closes in slowly: this rate ${stepsWords(verdict.stepsNeeded)} ` +
        `to get within ${closeness} of the best loss; the optimal rate ${formatNumber(theory?.optimalLearningRate)} ` +
        `${stepsWords(verdict.stepsNeededAtOptimalRate)}.`
      );
    case "converged":
      return (
        `Within ${closeness} of the best loss after ${formatCount(run.steps)} steps` +
        (verdict.overshoots ? ", jumping across the minimum on the way (the rate is above 1/λmax)." : ".")
      );
    case "noisy":
      return (
        `Mini-batches of ${formatCount(run.batchSize)} keep the line bouncing around the minimum ` +
        "(the loss is within 2× the best); a decaying schedule lets it settle."
      );
    case "too-slow": {
      const gap = theory
        ? (run.final.loss - theory.optimum.loss) / Math.max(theory.optimum.loss, 1e-300)
        : null;
      const where =
        gap === null
          ? `After ${formatCount(run.steps)} steps it is not there yet`
          : `After ${formatCount(run.steps)} steps the loss is still ${formatPercent(gap)} above the best`;
      if (verdict.stepsNeeded !== null || verdict.stepsNeededAtOptimalRate !== null) {
        return (
          `${where}: this rate ${stepsWords(verdict.stepsNeeded)} to get within ${closeness}, ` +
          `the optimal rate ${formatNumber(theory?.optimalLearningRate)} ${stepsWords(verdict.stepsNeededAtOptimalRate)}.`
        );
      }
      return `${where}: try a larger rate or more steps.`;
    }
    default:
      return `Loss ${formatNumber(run.final.loss)} after ${formatCount(run.steps)} steps. The exact theory holds for MSE only.`;
  }
}
