/**
 * The lab's words for numbers and verdicts. The core decides (core/verdict.ts); the verdict's sentences
 * are render/verdict-words.ts's, shared with the CLI and the report; this module says how the lab offers a
 * rate and words the race lanes and the guessing counters.
 */
import { CLOSE_RELATIVE_GAP, rateKeyOf } from "../core/index.js";
import {
  formatAbove,
  formatExact,
  formatPercent,
  formatNumber as formatReadable,
  withRealMinus,
} from "../render/numbers.js";
import { formatDistinct } from "../render/text.js";
import { OUTCOME_WORDS, type Speaker, type VerdictFacts, verdictWords } from "../render/verdict-words.js";
import type { GuessResult, RunConfig, RunResult } from "./protocol.js";

/**
 * Four significant digits, exponents for the very large and small, a real minus sign: the one format of
 * every face for a number to be read (render/numbers.ts). A rate to type into a field is `formatExact`'s.
 */
export function formatNumber(value: number | null | undefined): string {
  if (value === null || value === undefined) return "—";
  if (Number.isNaN(value)) return "NaN";
  return formatReadable(value, 4);
}

/** Digits a typed rate keeps at most before the rates beside it stop following it (a 15-digit rate is rare). */
const MOST_TYPED_DIGITS = 8;

/**
 * Rates read side by side (the theory's rows, the slider's marks): each with the digits that tell different
 * values apart, at least four, and at least as many as each of `typed` needs, the rates the verdict offers
 * to type (`LAB_SPEAKER`, formatExact), so such a rate reads the same here as there: "fastest 0.135219"
 * beside "1/λmax 0.13522", not beside "0.1352", which reads as the same rate and below it. Real minus signs.
 */
export function formatRates(values: readonly number[], typed: readonly number[] = []): string[] {
  const digitsOf = (value: number) =>
    Number.isFinite(value) && value !== 0
      ? (value.toExponential().split("e")[0] as string).replace(/[-.]/g, "").length
      : 1;
  const fewest = Math.min(MOST_TYPED_DIGITS, Math.max(4, ...typed.map(digitsOf)));
  return formatDistinct(values, fewest).map(withRealMinus);
}

/** A count with thousands separators. */
export function formatCount(value: number): string {
  return Math.round(value).toLocaleString("en-US");
}

/**
 * How many of the points are labelled 1, in agreement: "1 of 3 points is 1", "2 of 3 points are 1",
 * "0 of 1 point is 1" (the noun agrees with the total, the verb with whichever is one).
 */
export function onesOfPoints(ones: number, n: number): string {
  const verb = ones === 1 || n === 1 ? "is" : "are";
  return `${formatCount(ones)} of ${formatCount(n)} point${n === 1 ? "" : "s"} ${verb} 1`;
}

/** A fraction as a percentage, e.g. 0.001 → "0.1%". */
export { formatPercent };

/** The line y = w·x + b in words: "y = 2.07·x + 0.93". */
export function lineWords(w: number, b: number): string {
  const sign = b < 0 ? "−" : "+";
  return `y = ${formatNumber(w)}·x ${sign} ${formatNumber(Math.abs(b))}`;
}

/** How the lab offers a rate, a momentum, a decay and a rescaling: as values to set on the page. */
export const LAB_SPEAKER: Speaker = {
  rate: (value) => formatExact(value),
  momentum: (value) => `momentum ${formatExact(value)}`,
  decay: "an exponential schedule (Settings → schedule)",
  rescale: "standardize x (subtract its mean, divide by its standard deviation)",
  constant: " with the schedule set to constant",
};

/**
 * How the lab offers a rate for a run's settings. Where the schedule's values are the rates
 * (PiecewiseConstantDecay), the rate slider and field are disabled: a constant rate is had by giving every
 * value that rate, so the advice names the control that sets it.
 */
export function labSpeaker(config: Pick<RunConfig, "schedule" | "scheduleArgs">): Speaker {
  if (config.schedule === "constant" || rateKeyOf(config.schedule) !== undefined) return LAB_SPEAKER;
  const { values } = config.scheduleArgs;
  const count = Array.isArray(values) ? values.length : 1;
  return {
    ...LAB_SPEAKER,
    // As the values field is written (param-text.ts): "0.24,0.24,0.24".
    rate: (value) =>
      `${formatExact(value)} for every value (Schedule → values: ${Array(count).fill(formatExact(value)).join(",")})`,
    constant: "",
  };
}

/** The facts the verdict's words need, from a run the worker answered. */
function factsOf(run: RunResult): VerdictFacts {
  const momentum =
    run.config.optimizer === "sgd" || run.config.optimizer === "momentum"
      ? ((run.config.optimizerArgs.momentum as number | undefined) ??
        (run.config.optimizer === "momentum" ? 0.9 : 0))
      : null;
  return {
    steps: run.steps,
    status: run.status,
    startingLoss: run.history.loss[0] as number,
    finalLoss: run.final.loss,
    bestLoss: run.theory?.optimum.loss ?? null,
    batchSize: run.stepsPerEpoch > 1 ? run.batchSize : null,
    momentum,
    optimizerName: OPTIMIZER_TITLES[run.config.optimizer] ?? run.config.optimizer,
    loss: run.config.loss,
  };
}

const OPTIMIZER_TITLES: Readonly<Record<string, string>> = {
  sgd: "SGD",
  momentum: "SGD with momentum",
  adam: "Adam",
  rmsprop: "RMSprop",
  adagrad: "Adagrad",
};

/** The lesson's word for a run (core verdict's outcome), e.g. "jumps out". */
export function verdictLabel(run: RunResult): string {
  return OUTCOME_WORDS[run.verdict.outcome];
}

/** One short paragraph: what the run did, why, and what to try (render/verdict-words.ts, shared with the CLI). */
export function verdictSentence(run: RunResult): string {
  return verdictWords(run.verdict, factsOf(run), labSpeaker(run.config)).text;
}

/** A race lane's outcome once it has run to its end, in a few words after its verdict label. */
export function laneOutcome(run: RunResult): string {
  const { verdict } = run;
  const best = verdict.bestLoss;
  const where =
    verdict.gap !== null && best !== null
      ? formatAbove(verdict.gap, verdict.relativeGap, best)
      : `loss ${formatNumber(run.final.loss)}`;
  switch (verdict.outcome) {
    case "jumps-out":
      return run.status === "diverged"
        ? `the loss blew up at step ${formatCount(run.divergedAtStep ?? run.steps)}`
        : `the loss grew to ${formatNumber(run.final.loss)}`;
    case "good":
      return verdict.reached === null
        ? "the loss settled"
        : `within ${formatPercent(CLOSE_RELATIVE_GAP)} of the best loss`;
    case "rescued-by-decay":
      return `back below the critical rate ${verdict.boundExcursions > 1 ? "for good " : ""}at step ${formatCount(verdict.lastExcursion?.to ?? verdict.crossedBoundAt ?? 0)}; ${verdict.reached ? "settled" : where}`;
    case "needs-more-steps":
      return `the right rate, short of steps: ${where}`;
    case "jumps-around":
      return `still jumping across the minimum, ${where}`;
    case "noisy":
      return `bouncing around the minimum, ${where}`;
    default:
      return `still crawling, ${where}`;
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
  const rate = `lr ${formatExact(learningRate)}${optimal ? ", the fastest rate from this start" : ", the lesson's rate"}`;
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

/** "x − 3.5", or "x + 0.2895" for a negative mean: a value less its mean, with no double minus. */
export function minusMean(label: string, mean: number): string {
  return `${label} ${mean < 0 ? "+" : "−"} ${formatNumber(Math.abs(mean))}`;
}
