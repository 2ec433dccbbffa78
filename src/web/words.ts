/**
 * The lab's words for numbers and verdicts. The core decides (judgeRun, gradientDescentRegime); this
 * module only says it, in terms a learner can act on.
 */
import { CLOSE_RELATIVE_GAP } from "../core/index.js";
import { formatTick } from "../render/figures/shared.js";
import type { GuessResult, RunResult } from "./protocol.js";

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

/** A race lane's outcome once it has run to its end, in a few words after its verdict label. */
export function laneOutcome(run: RunResult): string {
  const closeness = formatPercent(CLOSE_RELATIVE_GAP);
  switch (verdictLabel(run)) {
    case "diverging":
      return `the loss blew up at step ${formatCount(run.divergedAtStep ?? run.steps)}`;
    case "good":
      return `within ${closeness} of the best loss${run.verdict.overshoots ? ", jumping across the minimum on the way" : ""}`;
    case "oscillating":
      return "jumping across the minimum, closing in slowly";
    case "noisy":
      return "bouncing around the minimum";
    case "too small":
    case "too slow": {
      const best = run.theory?.optimum.loss;
      if (best === undefined)
        return `loss ${formatNumber(run.final.loss)} after ${formatCount(run.steps)} steps`;
      return `still ${formatPercent((run.final.loss - best) / Math.max(best, 1e-300))} above the best loss`;
    }
    default:
      return `loss ${formatNumber(run.final.loss)} after ${formatCount(run.steps)} steps`;
  }
}

/** The last guess, among the first `shown`, that beat every guess before it; null before the first. */
export function bestGuessSoFar(result: GuessResult, shown: number): GuessResult["progress"][number] | null {
  let best: GuessResult["progress"][number] | null = null;
  for (const entry of result.progress) {
    if (entry.evaluations > shown) break;
    best = entry;
  }
  return best;
}

/** Random guessing after `shown` guesses against gradient descent, in words for the counters. */
export function guessWords(result: GuessResult, shown: number) {
  const best = bestGuessSoFar(result, shown);
  const { learningRate, optimal } = result.gradientDescent;
  const rate = `lr ${formatNumber(learningRate)}${optimal ? ", the optimal rate" : ", the lesson's rate"}`;
  if (!best) {
    return {
      guesses: `${formatCount(shown)} of ${formatCount(result.trials)}`,
      best: "no guess yet",
      descent: "—",
      sentence: `Each guess is a random line: w in [${formatNumber(result.box.w[0])}, ${formatNumber(result.box.w[1])}], b in [${formatNumber(result.box.b[0])}, ${formatNumber(result.box.b[1])}]. Press Play.`,
    };
  }
  const needed = best.gradientDescent;
  const found = `loss ${formatNumber(best.loss)}, found at guess ${formatCount(best.evaluations)}`;
  let sentence: string;
  if (needed === null) {
    sentence = `Gradient descent (${rate}) does not get that low within 10,000 steps: try another rate.`;
  } else {
    const ratio = best.evaluations / needed;
    sentence =
      `Gradient descent (${rate}) gets as low in ${formatCount(needed)} loss evaluation${needed === 1 ? "" : "s"}` +
      (ratio > 1
        ? `; guessing took ${formatCount(best.evaluations)}: ${formatNumber(Number(ratio.toPrecision(2)))}× as many.`
        : ": guessing was lucky this time.");
  }
  return {
    guesses: `${formatCount(shown)} of ${formatCount(result.trials)}`,
    best: found,
    descent: needed === null ? "not within 10,000" : formatCount(needed),
    sentence,
  };
}

/** A field of a form as the page labels it: its spec's key and CLI flag, and the label shown. */
export interface FieldName {
  readonly key: string;
  readonly flag: string;
  readonly label: string;
}

/**
 * A spec's description as the page shows it beside a field. The core's descriptions are written once for
 * `--help` and the page alike, but a few name other arguments by their CLI flag (`--start-lr`) or API key
 * (`decaySteps`): those become the labels of the fields beside it (`start_lr`, `decay_steps`), and a
 * parenthesis about a flag the page has no field for ("unless --epochs is given") is left out.
 */
export function pageDescription(description: string, fields: readonly FieldName[]): string {
  const byFlag = new Map(fields.map((field) => [field.flag, field.label]));
  let text = description.replace(/\s*\([^()]*\)/g, (parenthesis) => {
    const flags = [...parenthesis.matchAll(/--([a-z0-9-]+)/g)].map((match) => match[1] as string);
    return flags.some((flag) => !byFlag.has(flag)) ? "" : parenthesis;
  });
  text = text.replace(/--([a-z0-9-]+)/g, (_whole, flag: string) => byFlag.get(flag) ?? flag);
  for (const field of fields) {
    if (field.key === field.label || !/[A-Z]/.test(field.key)) continue;
    text = text.replace(new RegExp(`\\b${field.key}\\b`, "g"), field.label);
  }
  return text;
}
