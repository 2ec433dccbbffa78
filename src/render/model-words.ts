/**
 * The words for a run of a model beyond the line: its stability (exact or measured), its regime and
 * the sharpness it met. Decided in the core (judging/model-run.ts); only worded here, for the CLI, the
 * report and the web lab alike.
 */
import type { NoFiniteOptimum } from "../core/judging/finite-optimum.js";
import type { MeasuredBoundAdvice } from "../core/judging/measured-bound-advice.js";
import type { JudgedModelRun, ModelStability, ModelVerdict } from "../core/judging/model-run.js";
import { conditioningDiagnosis } from "../core/models/conditioning.js";
import type { LinearDesignTheory } from "../core/models/linear-theory.js";
import type { PreparedModel } from "../core/models/model-spec.js";
import { curvatureVanishes } from "../core/models/sharpness.js";
import type { RunConfig } from "../core/training/run-config.js";
import { CLI_CONTROLS, type ControlNames, singularHessianWords } from "./conditioning-words.js";
import {
  formatAdvisedRate,
  formatConditionNumber,
  formatCount,
  formatExact,
  formatNumber,
  formatRatio,
  formatSteps,
} from "./numbers.js";
import {
  budgetAdviceWords,
  KERAS_OPTIMIZER_NAMES,
  momentumAdvice,
  OUTCOME_TITLES,
  type Speaker,
  simulatedAdvice,
} from "./verdict-words.js";

/** The model in a few words: `mlp 1-16-1 (tanh)`, `linear on 3 columns`, `polynomial of degree 3`. */
export function modelTitle(prepared: PreparedModel): string {
  const { spec, model } = prepared;
  switch (spec.name) {
    case "line":
      return "the line y = w·x + b";
    case "linear":
      return `linear y = x·w + b on ${model.layers[0]?.inputs} column${model.layers[0]?.inputs === 1 ? "" : "s"}`;
    case "polynomial":
      return `polynomial of degree ${model.layers[0]?.inputs}`;
    case "logistic":
      return `logistic regression on ${model.layers[0]?.inputs} column${model.layers[0]?.inputs === 1 ? "" : "s"}`;
    case "mlp": {
      const widths = [model.layers[0]?.inputs ?? 0, ...model.layers.map((layer) => layer.units)];
      return `mlp ${widths.join("-")} (${model.activation}${model.output === "sigmoid" ? ", sigmoid output" : ""})`;
    }
  }
}

const REGIME_MEANING: Readonly<Record<ModelVerdict["regime"], string>> = {
  converging: "converging: each step moves toward a minimum without jumping across it",
  oscillating: "oscillating: the steps overshoot and jump across the minimum",
  diverging: "diverging: the jumps grew and the run left the minimum",
};

const BASIS_WORDS: Readonly<Record<ModelVerdict["regimeBasis"], string>> = {
  exact: "decided by the exact theory of this linear model",
  sharpness: "decided by the sharpness measured at the end of the run",
  run: "read from the run's loss",
};

/** What decided a verdict's regime, in words: "decided by the exact theory of this linear model". */
/**
 * The regime as a curve's label: "converging, toward no minimum" where the loss falls toward 0 with
 * weights growing without bound (separable labels), as the verdict words it; `qualifier` follows the
 * regime (" past 2/λmax").
 */
export function regimeLabel(verdict: ModelVerdict, qualifier = ""): string {
  const endless = verdict.noFiniteOptimum && verdict.regime !== "diverging";
  return `${verdict.regime}${qualifier}${endless ? ", toward no minimum" : ""}`;
}

export function regimeBasisWords(basis: ModelVerdict["regimeBasis"]): string {
  return BASIS_WORDS[basis];
}

/** Where the starting weights came from, in a few words. */
export function startWords(
  prepared: PreparedModel,
  config: Pick<RunConfig, "seed" | "start">,
  initSource: string | undefined,
): string {
  // Keras's Normalization layer sits before the Dense layers: weights loaded with it act on the
  // standardized columns, and weights trained on the raw columns make a different model.
  if (initSource !== undefined)
    return prepared.standardization
      ? `the weights in ${initSource}, applied to the standardized columns (as after a Keras Normalization layer; weights trained on the raw columns make a different model here)`
      : `the weights in ${initSource}`;
  if (prepared.spec.name === "mlp") return `glorot_uniform kernels and zero biases from seed ${config.seed}`;
  if (prepared.spec.name === "line")
    return `w = ${formatNumber(config.start.w)}, b = ${formatNumber(config.start.b)}`;
  return "zero weights";
}

/**
 * "best loss L* = 0.932678", or, where float64 cannot resolve the least-squares optimum on these features,
 * "L* ≈ …" with why, so no closeness judgment built on it reads as exact.
 */
export function bestLossWords(theory: LinearDesignTheory): string {
  const value = formatNumber(theory.optimum.loss, 6);
  return theory.optimumApproximate
    ? `best loss L* ≈ ${value} (approximate: the features are so nearly collinear that float64 cannot resolve the least-squares optimum)`
    : `best loss L* = ${value}`;
}

/**
 * With momentum on the linear family: Polyak's optimal pair for the quadratic (Nesterov's with
 * `nesterov`), as the line's theory block shows it; null without one.
 */
export function momentumPairWords(
  verdict: Pick<ModelVerdict, "momentumPair">,
  nesterov: boolean,
  speaker: Pick<Speaker, "rate" | "momentum">,
): string | null {
  const pair = verdict.momentumPair;
  if (!pair) return null;
  return `momentum pair ${speaker.rate(pair.learningRate)} ${speaker.momentum(pair.momentum)}: every direction shrinks by ${formatNumber(pair.contraction, 3)} per step (${nesterov ? "Nesterov's optimal tuning" : "Polyak's optimal heavy ball"}${pair.momentum === 0 ? "; only one direction moves, so plain descent at 1/λmax is optimal" : ""})`;
}

/** The stability lines: λmax at the start, exact or measured, and the bound it sets for this optimizer. */
export function stabilityWords(
  stability: ModelStability,
  optimizerName: string,
  controls: ControlNames = CLI_CONTROLS,
  prepared?: PreparedModel,
): string[] {
  const how =
    stability.basis === "exact" ? "exact" : "measured by power iteration on exact Hessian-vector products";
  const lines = [
    `sharpness λmax = ${formatNumber(stability.sharpness)} at the start (${how}); 2/λmax = ${formatNumber(stability.criticalLearningRate)}`,
  ];
  if (stability.conditionNumber === Number.POSITIVE_INFINITY) {
    // The core's diagnosis (which column, and whether standardizing helps), as suggest words it too.
    const diagnosis = prepared ? conditioningDiagnosis(prepared) : null;
    lines.push(
      diagnosis && prepared
        ? singularHessianWords(diagnosis, prepared.featureNames, controls)
        : "the Hessian is singular to double precision (λmin below 1e−12·λmax): the best weights are not unique",
    );
  } else if (stability.conditionNumber !== null) {
    lines.push(
      `condition number ${formatConditionNumber(stability.conditionNumber)}; best worst-case rate ${formatNumber(stability.optimalLearningRate)}`,
    );
  }
  if (stability.bounds && stability.bounds.critical.formula !== "2/λmax") {
    lines.push(
      `${optimizerName} diverges above ${stability.bounds.critical.formula} = ${formatNumber(stability.bounds.critical.learningRate)}`,
    );
  }
  if (!stability.bounds) {
    // No bound for two reasons: an adaptive optimizer, or a loss with no curvature at the start (MAE's).
    lines.push(
      stability.sharpness > 0
        ? `${optimizerName} rescales its steps per weight: no exact bound, so the regime is read from the run`
        : "the loss has no curvature at the start (λmax ≤ 0): 2/λmax bounds no rate here, so the regime is read from the run",
    );
  }
  if (stability.basis === "measured" && !stability.converged) {
    lines.push("(the power iteration did not meet its tolerance: take λmax as an estimate)");
  }
  return lines;
}

/**
 * The verdict in sentences: the regime and why, then the edge of stability where it was met, and for the
 * linear family the line's advice ("Try --lr …"), worded by `speaker` as the reader would set the rate.
 */
export function modelVerdictWords(
  judged: JudgedModelRun,
  learningRate: number,
  speaker: Pick<Speaker, "rate" | "constant"> &
    Partial<Pick<Speaker, "momentum" | "rescale">> & {
      /** How a column name is quoted: JSON's "q\"uote" in a terminal (the default), “q"uote” in HTML prose. */
      readonly quote?: (name: string) => string;
      /** How to ask for another start: "--seed" (the default), or the web lab's seed field. */
      readonly seed?: string;
    } = {
    rate: (value) => `lr ${formatAdvisedRate(value)}`,
  },
): string[] {
  const { verdict, run } = judged;
  const lines: string[] = [];
  if (verdict.outcome !== null) lines.push(`Verdict: ${OUTCOME_TITLES[verdict.outcome]}`);
  const why = outcomeReason(verdict, judged.stability, learningRate);
  if (why) lines.push(why);
  if (verdict.stalled) {
    // The start, not the rate, holds the weights: "too small" or "converging" would both mislead.
    lines.push(
      "Verdict: Stalled (no gradient)",
      "nothing moved: the gradient at these starting weights vanishes (saturated units: the loss is flat here), so no rate that does not blow up moves them; the start is the cause, not the rate: start from smaller weights",
    );
  } else if (!verdict.moved) {
    lines.push(
      `nothing moved (${run.steps === 0 ? "no steps" : run.history.learningRate.some((rate) => rate > 0) ? "each step was below the weights' float resolution" : "a rate of 0"}): the weights are where they started, so the rate is too small; at this rate the run would be ${verdict.regime}`,
    );
  } else if (verdict.reluDied) {
    // "Converging" would be the output bias's word (λmax = 2 is its own curvature under MSE), not the network's.
    lines.push(
      `the ReLU units died: every unit of the last hidden layer outputs 0 on every row, so only the output bias still learns and the loss can only fall to what a constant predicts (the regime, ${verdict.regime}, is the bias's alone); a smaller rate or another start (${speaker.seed ?? "--seed"}) may keep the units alive`,
    );
  } else if (verdict.unfinishedBlowUp) {
    lines.push(unfinishedBlowUpWords(verdict.unfinishedBlowUp, verdict, judged, learningRate));
  } else if (verdict.noFiniteOptimum && verdict.regime !== "diverging") {
    // "Toward a minimum" would be false: there is none to move toward.
    lines.push(
      `${verdict.regime}, but toward no minimum. ${noFiniteOptimumWords(verdict.noFiniteOptimum, speaker.quote)}.`,
    );
  } else if (verdict.aboveBoundAtEnd && verdict.sharpnessAtEnd !== null && verdict.criticalAtEnd !== null) {
    // "Oscillating: the steps overshoot" would hide what the numbers say: the rate is past the bound
    // the end's sharpness sets, where plain descent on a quadratic would diverge, and the run did not.
    const end = verdict.sharpnessAtEnd;
    // The edge of stability only where the loss fell over the run (core: lossEndedHigher).
    lines.push(
      `above the bound at the end${verdict.lossEndedHigher ? "" : " (edge of stability)"}: λmax = ${formatNumber(end)} at the end sets the bound lr < ${formatNumber(verdict.criticalAtEnd)}, and lr ${formatNumber(learningRate)} is past it (η·λmax = ${formatNumber(learningRate * end)}), yet the run did not blow up${verdict.lossEndedHigher ? `, and the loss ended higher than it started (${lossChange(run)}): it bounces, it does not descend` : ""} (${BASIS_WORDS[verdict.regimeBasis]})`,
    );
  } else {
    lines.push(`${REGIME_MEANING[verdict.regime]} (${BASIS_WORDS[verdict.regimeBasis]})`);
  }
  const series = run.sharpness;
  if (series && series.sharpness.length > 1) {
    const first = series.sharpness[0] as number;
    const last = series.sharpness.at(-1) as number;
    lines.push(sharpnessChangeWords(first, last));
  }
  if (verdict.edgeOfStability && verdict.criticalAtEnd !== null) {
    // Whether the loss fell at every step is read from this run's history, not assumed from the paper;
    // and whether λmax hovered at the bound from the measured ratios (edge-of-stability.ts `hovering`).
    const ratios = verdict.edgeRatios;
    const where =
      verdict.edgeHovering || ratios === null
        ? "the edge of stability (Cohen et al. 2021), where λmax hovers at the bound"
        : `λmax stayed ${formatNumber(ratios.low)}× to ${formatNumber(ratios.high)}× the bound from then on: past the edge of stability (Cohen et al. 2021), not hovering at the bound`;
    lines.push(
      `the rate ${formatNumber(learningRate)} went above the measured bound during the run without blowing up: ${where}; ${
        verdict.lossFellEveryStep
          ? "here the loss still fell at every recorded step"
          : "the loss falls, but not at every step (here it rose at some recorded steps)"
      }`,
    );
  } else if (verdict.edgeButLossRose) {
    lines.push(
      `the rate ${formatNumber(learningRate)} went above the measured bound during the run without blowing up, but the loss ended above where it started (${lossChange(run)}): not the edge of stability, where the loss still falls over the run`,
    );
  } else if (verdict.startedAboveBound) {
    lines.push(
      `the rate ${formatNumber(learningRate)} was above the measured bound at the start, and λmax fell below it without the run blowing up: not the edge of stability, where λmax hovers at the bound${
        verdict.lossFellEveryStep ? "; the loss fell at every recorded step" : ""
      }`,
    );
  }
  if (verdict.reached !== null) {
    lines.push(
      verdict.reached
        ? "reached the least-squares optimum (within 0.1%)"
        : "did not reach the least-squares optimum",
    );
  }
  const advise =
    verdict.outcome === "too-small" ||
    verdict.outcome === "jumps-around" ||
    verdict.outcome === "jumps-out" ||
    verdict.outcome === "rescued-by-decay";
  const { optimizer } = judged.resolved;
  const momentum =
    optimizer.name === "sgd" ? ((optimizer.config as { momentum?: number }).momentum ?? 0) : null;
  const searchAdvises =
    verdict.outcome === "too-small" || verdict.outcome === "jumps-around" || verdict.outcome === "jumps-out";
  if (verdict.simulated || verdict.momentumPair) {
    // The line's advice, in the line's words (verdict-words.ts), from the same core search.
    const facts = {
      momentum,
      optimizerName: KERAS_OPTIMIZER_NAMES[optimizer.name] ?? optimizer.name,
      steps: run.steps,
    };
    const advice = { ...verdict, learningRate };
    const parts: string[] = [];
    // Where the line advises (verdict-words.ts): a run that got there needs no other rate.
    if (searchAdvises && momentum !== null && momentum > 0)
      momentumAdvice(
        advice,
        facts,
        { momentum: (value) => `momentum ${formatNumber(value)}`, ...speaker },
        parts,
      );
    else if (searchAdvises) parts.push(simulatedAdvice(advice, facts, speaker));
    lines.push(...parts.filter((part) => part !== ""));
  } else if (advise && verdict.budgetShortfall) {
    lines.push(budgetAdviceWords(verdict.budgetShortfall, speaker, "to the optimum", learningRate));
  } else if (advise && verdict.suggestedLearningRate !== null && verdict.suggestedSteps !== null) {
    lines.push(
      `Try ${speaker.rate(verdict.suggestedLearningRate)}${run.history.learningRate.every((rate) => rate === learningRate) ? "" : (speaker.constant ?? " held constant (no schedule)")}: from this start it reaches the optimum in ${formatCount(verdict.suggestedSteps)} step${verdict.suggestedSteps === 1 ? "" : "s"}, the fewest of any constant rate.`,
    );
  } else if (verdict.measuredAdvice) {
    lines.push(measuredAdviceWords(verdict.measuredAdvice, speaker.rescale ?? "standardize x"));
  }
  return lines;
}

/**
 * The core's advice for a jump past the measured bound, in one line: "the rate is 76× the measured bound
 * 2/λmax = 0.000132: lower it below that, or standardize x".
 */
export function measuredAdviceWords(advice: MeasuredBoundAdvice, rescale: string): string {
  const times = advice.ratio < 10 ? formatNumber(advice.ratio, 2) : formatCount(Math.round(advice.ratio));
  return `the rate is ${times}× the measured bound 2/λmax = ${formatNumber(advice.bound)}: lower it below that${advice.standardize ? `, or ${rescale}` : ""}`;
}

/** "0.6931 → 0.9032": the run's starting and final loss. */
/**
 * A run the budget stopped mid-blow-up (core edge-of-stability.ts `unfinishedBlowUp`): diverging, with the
 * evidence, never "the edge of stability" nor "did not blow up".
 */
function unfinishedBlowUpWords(
  blowUp: NonNullable<ModelVerdict["unfinishedBlowUp"]>,
  verdict: ModelVerdict,
  judged: JudgedModelRun,
  learningRate: number,
): string {
  const evidence: string[] = [];
  if (blowUp.lossRise !== null)
    evidence.push(`the loss rose ${formatRatio(blowUp.lossRise)} (${lossChange(judged.run)})`);
  if (blowUp.boundRatio !== null && verdict.sharpnessAtEnd !== null)
    evidence.push(
      `λmax = ${formatNumber(verdict.sharpnessAtEnd)} at the end puts lr ${formatNumber(learningRate)} at ${formatRatio(blowUp.boundRatio)} its bound (η·λmax = ${formatNumber(learningRate * verdict.sharpnessAtEnd)})`,
    );
  return `diverging (the budget ended first): ${evidence.join(", and ")}; the run was blowing up when its ${formatSteps(judged.run.steps)} ran out, before the loss overflowed (${BASIS_WORDS[verdict.regimeBasis]})`;
}

function lossChange(run: JudgedModelRun["run"]): string {
  return `${formatNumber(run.initialLoss)} → ${formatNumber(run.final.loss)}`;
}

/**
 * How the measured sharpness moved over a run, and the bound 2/λ with it: "stayed at" when it did not move
 * beyond power iteration's tolerance (train-model.ts SHARPNESS_TOLERANCE: the linear family's is constant)
 * or prints the same ("rose from 2.321 to 2.321" reads as a slip); λ ≤ 0 sets no bound (core:
 * curvatureVanishes), said as "no bound" and why, never "∞".
 */
export function sharpnessChangeWords(first: number, last: number): string {
  const stayed =
    Math.abs(last - first) <= 1e-6 * Math.max(Math.abs(first), Math.abs(last)) ||
    formatNumber(first) === formatNumber(last);
  const bound = (lambda: number) => (curvatureVanishes(lambda) ? "no bound" : formatNumber(2 / lambda));
  return stayed
    ? `sharpness stayed at ${formatNumber(last)} over the run; 2/λ stayed at ${bound(last)}`
    : `sharpness ${last > first ? "rose" : "fell"} from ${formatNumber(first)} to ${formatNumber(last)} over the run; 2/λ went from ${bound(first)} to ${bound(last)}${curvatureVanishes(last) ? ": the Hessian is zero at the final weights (the loss is flat there, as where a sigmoid saturates)" : ""}`;
}

/** Why the linear family's outcome is what it is, where the regime alone does not say it; else null. */
function outcomeReason(
  verdict: ModelVerdict,
  stability: ModelStability,
  learningRate: number,
): string | null {
  const critical = stability.bounds?.critical ?? null;
  switch (verdict.outcome) {
    case "needs-more-steps": {
      // The fastest rate, not the budget's (the suggestion when the budget is short): its steps are the point.
      const fastest = verdict.budgetShortfall?.fastestLearningRate ?? verdict.suggestedLearningRate;
      return verdict.suggestedSteps !== null
        ? fastest === null || fastest === learningRate
          ? `lr ${formatExact(learningRate)} is as fast as any constant rate from this start: the budget is short, not the rate. Give it ${formatCount(verdict.suggestedSteps)} steps.`
          : `lr ${formatExact(learningRate)} is within 10% of the fastest constant rate from this start (lr ${formatExact(fastest)}, ${formatCount(verdict.suggestedSteps)} steps): the budget is short, not the rate. Give it about that many steps.`
        : null;
    }
    case "noisy":
      return "the same rates on the full batch get there: the mini-batches' noise is what keeps this run away (a larger batch or a decaying rate settles it)";
    case "rescued-by-decay":
      return critical && verdict.crossedBoundAt !== null
        ? `the schedule's rate ${verdict.exceededBoundAt === 0 ? "started" : `rose at step ${formatCount(verdict.exceededBoundAt ?? 0)}`} above the exact bound ${critical.formula} = ${formatNumber(critical.learningRate)} and fell below it at step ${formatCount(verdict.crossedBoundAt)}: the run jumped out, and the decaying rate brought it back`
        : null;
    default:
      return null;
  }
}

/** Why BCE has no finite minimum here, in one sentence a learner can check against the data. */
export function noFiniteOptimumWords(
  reason: NoFiniteOptimum,
  /** How a column name is quoted: JSON's escapes by default (a terminal), curly quotes in HTML prose. */
  quote: (name: string) => string = JSON.stringify,
): string {
  if (reason.reason === "one-class") {
    const rows = reason.rows === 1 ? "The one row has" : `All ${formatCount(reason.rows)} rows have`;
    return `${rows} label ${reason.label}, so ${slideWords("to zero")}`;
  }
  if (reason.reason === "separable") {
    const highLabel = 1 - reason.lowLabel;
    const why = `The labels are separable by ${quote(reason.feature)} (every ${reason.lowLabel} at ≤ ${formatNumber(reason.lowEdge)}, every ${highLabel} at ≥ ${formatNumber(reason.highEdge)})`;
    return `${why}, so ${reason.model === "mlp" ? networkSlideWords() : slideWords("to zero")}`;
  }
  const expression = boundaryExpression(reason.features, reason.weights, quote);
  const threshold = formatNumber(-reason.bias);
  if (reason.separation === "complete") {
    const why = `The labels are separated by a straight boundary: every 1 has ${expression} > ${threshold} and every 0 has it < ${threshold} (complete separation)`;
    return `${why}, so ${reason.model === "mlp" ? networkSlideWords() : slideWords("to zero")}`;
  }
  const on = `${formatCount(reason.onBoundary)} row${reason.onBoundary === 1 ? "" : "s"}`;
  return `The labels are separated by a straight boundary with ${on} on it: every 1 has ${expression} ≥ ${threshold} and every 0 has it ≤ ${threshold} (quasi-complete separation), so ${slideWords("to the rows on the boundary")}`;
}

/**
 * The slide that never ends. Keras clips p to [1e-7, 1 − 1e-7] with no gradient beyond: the slide ends
 * there, at weights that push every logit past ±ln((1 − 1e-7)/1e-7) ≈ ±16.1, but no finite weights
 * minimize the loss itself.
 */
function slideWords(toward: "to zero" | "to the rows on the boundary"): string {
  return toward === "to zero"
    ? "there is no finite optimum: the loss keeps falling toward 0 as the weights grow without bound (Keras's clip of p to [1e−7, 1 − 1e−7] stops it only near 1e−7, once every logit is past ±16)"
    : "there is no finite optimum: the loss keeps falling as the weights grow without bound along that boundary, toward what the rows on it cost (Keras's clip of p to [1e−7, 1 − 1e−7] stops it only once every other logit is past ±16)";
}

/** A network's slide: what linear separation proves for it, and what it leaves open. */
function networkSlideWords(): string {
  return "a network can sharpen that boundary without end: there is no finite optimum, the loss keeps falling toward 0 as the weights grow without bound. Separation by a straight boundary is enough for a network, not needed: a network may also have no finite minimum on data no straight boundary separates, which is not checked";
}

/** `0.5·"a" − "b"`: the boundary's left side, each feature by its name, terms with a zero weight left out. */
function boundaryExpression(
  features: readonly string[],
  weights: readonly number[],
  quote: (name: string) => string,
): string {
  // The largest |weight| is 1; a weight this small is rounding of a 0.
  const terms = weights.flatMap((weight, k) =>
    Math.abs(weight) < 1e-9 ? [] : [{ weight, name: quote(features[k] ?? `feature ${k + 1}`) }],
  );
  return terms
    .map(({ weight, name }, i) => {
      const size = Math.abs(weight) === 1 ? name : `${formatNumber(Math.abs(weight))}·${name}`;
      if (i === 0) return weight < 0 ? `−${size}` : size;
      return `${weight < 0 ? " − " : " + "}${size}`;
    })
    .join("");
}

/**
 * Where the loss has no finite minimum, a sweep names no best rate (core choosing/best-run.ts); these say
 * what its runs show instead, the same on every face: the command's Best line, the report, the figure.
 */
export function noBestRateWords(
  lowest: { readonly learningRate: number; readonly finalLoss: number; readonly largestKept: boolean },
  rate: (value: number) => string = formatNumber,
): string {
  const where = lowest.largestKept
    ? `at lr ${rate(lowest.learningRate)}, the largest rate that did not diverge: it only pushed the weights outward fastest`
    : `at lr ${rate(lowest.learningRate)}: a lower loss here only means the weights were pushed further outward`;
  return `none: with no finite minimum there is no best rate to reach one. The lowest final loss (${formatNumber(lowest.finalLoss, 5)}) is ${where}, down a slope that never ends.`;
}

/** The same, for a figure's legend beside the ringed run (one legend row: about 100 characters at most). */
export function noBestRateLegend(largestKept: boolean): string {
  return `no finite minimum${largestKept ? ", the largest stable rate slides furthest" : ", it slid furthest"}`;
}

/** What standardizing did to the valley, in words, when the core computed both theories. */
export function standardizeWords(prepared: PreparedModel): string | null {
  const raw = prepared.unstandardizedTheory;
  const theory = prepared.theory;
  if (!raw || !theory) return null;
  // The core reports ∞ where λmin falls below 1e−12·λmax (linear-theory.ts RANK_TOLERANCE), lost to
  // rounding; standardizing made it finite, so the raw one is beyond what float64 measures (x¹² beside x on
  // a wide x), not infinite.
  const before = Number.isFinite(raw.conditionNumber)
    ? formatConditionNumber(raw.conditionNumber)
    : "above 1e12 (too large to measure in float64)";
  return `standardizing changed the condition number from ${before} to ${formatConditionNumber(theory.conditionNumber)} and the critical rate from ${formatNumber(raw.criticalLearningRate)} to ${formatNumber(theory.criticalLearningRate)}`;
}
