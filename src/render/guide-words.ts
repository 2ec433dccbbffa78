/**
 * The guided lesson in words, once for every face: the web lab's guide and the printable handout. The
 * core decided every number (core/guide.ts: the chapters' facts and objectives); this only says them,
 * with this data's numbers written as every face writes numbers (numbers.ts). Plain text: the faces escape
 * it where they put it into HTML or SVG.
 */

import { gapAtLevel } from "../core/lesson/guessing-odds.js";
import type {
  ChapterFacts,
  ChapterId,
  ChapterSetup,
  GuideFacts,
  Objective,
  Unavailable,
} from "../core/lesson/guide.js";
import type { Prediction } from "../core/lesson/guide-check.js";
import {
  formatCount,
  formatExact,
  formatInterval,
  formatNumber,
  formatPercent,
  formatSteps,
} from "./numbers.js";

export const CHAPTER_TITLES: Readonly<Record<ChapterId, string>> = {
  line: "The line, the points and the loss",
  guessing: "Guessing at random",
  gradient: "Following the gradient",
  "too-small": "A rate too small: it crawls",
  "jumps-around": "A rate too large: it jumps around",
  "jumps-out": "Larger still: it jumps out",
  decay: "Decaying the rate: it settles",
  "your-data": "Your own data: units move the bound",
  "in-practice": "Choosing a rate in practice",
};

/** The four answers a learner can predict, as buttons say them. */
export const PREDICTION_WORDS: Readonly<Record<Prediction, string>> = {
  crawl: "crawl",
  settle: "settle",
  "jump-around": "jump around",
  "jump-out": "jump out",
};

export interface ChapterWords {
  readonly title: string;
  /** A few short paragraphs with this data's numbers. */
  readonly text: readonly string[];
  /** What the one-click set-up puts in the lab. */
  readonly setup: string;
  /** The question before the task's run, when the chapter asks one. */
  readonly predict: string | null;
  /** The task, or why this data has none. */
  readonly task: string;
  readonly hints: readonly string[];
  /** The theory's answer. */
  readonly reveal: string;
}

/** "y = 2.071·x + 0.6353" */
export function lineText(w: number, b: number): string {
  return `y = ${formatNumber(w)}·x ${b < 0 ? "−" : "+"} ${formatNumber(Math.abs(b))}`;
}

/** "within 10% of the best loss", or the gap itself when the best loss is too small for a percentage. */
export function levelWords(facts: GuideFacts, level: number): string {
  return facts.closeness.relativeTo === "best-loss"
    ? `within ${formatPercent(level)} of the best loss`
    : `within ${formatNumber(gapAtLevel(facts.closeness, level), 3)} of the best loss`;
}

/** "below 1.066": the largest loss that counts at a level. */
function belowWords(facts: GuideFacts, level: number): string {
  return `below ${formatNumber(facts.optimum.loss + gapAtLevel(facts.closeness, level))}`;
}

const rate = formatExact;

/** The 1-in-N odds of a guess, or "less than 1 in 10^k" when N is beyond counting words. */
export function guessCount(count: number): string {
  // Read in "once in N tries", "N guesses", "N for 10 parameters": a word that fits every one of them.
  if (!Number.isFinite(count)) return "countless";
  return count < 1e7 ? formatCount(count) : formatNumber(count, 2);
}

/** Why a chapter has no task on this data. */
export function unavailableWords(reason: Unavailable, facts: GuideFacts): string {
  switch (reason) {
    case "degenerate":
      return "All x are equal here: every line through the mean point fits as well, so there is no one best line to guess.";
    case "no-reaching-rates":
      return `No constant rate gets ${levelWords(facts, 0.001)} in a number of steps worth watching on this data (condition number ${formatNumber(facts.conditionNumber, 3)}): standardize x, as chapter 8 explains.`;
    case "no-bound":
      return "This optimizer rescales each step by the gradients' size, so no exact bound carries over: the guide's numbers are for Keras SGD, which its set-ups choose.";
    case "not-plain":
      return "The exact edges are for plain gradient descent (Keras SGD without momentum), which the set-ups choose.";
    case "no-noise":
      return "Mini-batches add no noise to decay away on this data: every batch agrees at the best line.";
  }
}

/** What a set-up puts in the lab, in a sentence. */
export function setupWords(setup: ChapterSetup, facts: GuideFacts): string {
  if (setup.view === "guessing") {
    return `Shows the Random guessing tab with ${formatCount(setup.guesses ?? 0)} guesses, from the first.`;
  }
  const parts: string[] = [];
  if (setup.realData) parts.push("real data (Cars: horsepower against miles per gallon)");
  if (setup.learningRate !== undefined) parts.push(`rate ${rate(setup.learningRate)}`);
  if (setup.steps !== undefined) parts.push(formatSteps(setup.steps));
  parts.push(setup.batchSize !== undefined ? `batches of ${formatCount(setup.batchSize)}` : "full batch");
  const sets = `${parts.join(", ")} and a constant rate, from w = ${formatNumber(facts.start.w)}, b = ${formatNumber(facts.start.b)}`;
  return setup.view === "range-test" ? `Shows the Range test tab; sets ${sets}.` : `Sets ${sets}.`;
}

/** The chapter's words for this data. */
export function chapterWords(chapter: ChapterFacts, facts: GuideFacts): ChapterWords {
  const body = CHAPTER_BODIES[chapter.id](facts, chapter.objective);
  const available = chapter.objective !== null;
  return {
    title: CHAPTER_TITLES[chapter.id],
    text: body.text,
    setup: setupWords(chapter.setup, facts),
    // Without a task there is nothing to predict, hint at or reveal: the task says why.
    predict: available && chapter.predicts ? body.predict : null,
    task: available ? body.task : unavailableWords(chapter.unavailable ?? "no-reaching-rates", facts),
    hints: available ? body.hints : [],
    reveal: available ? body.reveal : "",
  };
}

interface Body {
  readonly text: string[];
  readonly predict: string;
  readonly task: string;
  readonly hints: string[];
  readonly reveal: string;
}

/** The lesson's rate of that name, as it is typed, or null when no rate shows it on this data. */
const planRate = (facts: GuideFacts, name: string): string | null => {
  const found = facts.plan?.rates.find((candidate) => candidate.name === name);
  return found ? rate(found.learningRate) : null;
};

/** "At 0.008" for a rate the plan has, else what stands for it ("At a tiny rate"). */
const atRate = (text: string | null, otherwise: string): string => (text === null ? otherwise : `At ${text}`);

const budget = (facts: GuideFacts) => formatSteps(facts.steps);
/** The optimizer's bound as a number (plain gradient descent's 2/λmax when it has none of its own). */
const critical = (facts: GuideFacts) => formatNumber(facts.critical?.learningRate ?? 2 / facts.lambdaMax);
/** "2/λmax = 0.3069", or momentum's own formula. */
const bound = (facts: GuideFacts) => `${facts.critical?.formula ?? "2/λmax"} = ${critical(facts)}`;
const interval = (low: number, high: number) => formatInterval(low, high);

const CHAPTER_BODIES: Readonly<Record<ChapterId, (facts: GuideFacts, objective: Objective | null) => Body>> =
  {
    line: (facts, objective) => ({
      text: [
        `Each of the ${formatCount(facts.n)} points is a pair (x, y). The red line y = w·x + b is the model; it starts at w = ${formatNumber(facts.start.w)}, b = ${formatNumber(facts.start.b)}.`,
        `Its loss, the mean squared error (MSE), is the average squared vertical distance from the points to the line: ${formatNumber(facts.start.loss)} now. The best line (green, dashed) has loss ${formatNumber(facts.optimum.loss)}; no line does better.`,
      ],
      predict: "",
      task: `Drag the red line (an end, or its middle) until its loss is below ${formatNumber(objective?.kind === "line-loss" ? objective.maxLoss : facts.optimum.loss)}.`,
      hints: [
        "Drag one end of the red line to match the green line's slope, then its middle to lift or lower it.",
        "The loss under the Run bar follows the line as you drag.",
      ],
      reveal: `The best line is ${lineText(facts.optimum.w, facts.optimum.b)}, found exactly by least squares. Its loss, ${formatNumber(facts.optimum.loss)}, is the scatter that no line explains.`,
    }),
    guessing: (facts) => {
      const guessing = facts.guessing;
      const [ten, , tenth] = guessing?.levels ?? [];
      const level = guessing?.taskLevel ?? 0.1;
      const ten10 = guessing?.dimensions.find((row) => row.parameters === 10)?.expectedGuesses[2];
      return {
        text: [
          "The first idea: guess w and b at random and keep the best line. Each guess costs one evaluation of the loss, as each step of gradient descent does.",
          ten && tenth
            ? `Here a guess lands ${levelWords(facts, ten.level)} once in ${guessCount(ten.expectedGuesses)} tries on average, ${levelWords(facts, tenth.level).replace(" of the best loss", "")} once in ${guessCount(tenth.expectedGuesses)}; gradient descent needs ${guessCount(ten.gradientDescentEvaluations ?? Number.POSITIVE_INFINITY)} and ${guessCount(tenth.gradientDescentEvaluations ?? Number.POSITIVE_INFINITY)} evaluations.`
            : "",
          `With d parameters each tenfold tighter goal multiplies the guesses by 10^(d/2): ${guessCount(ten10 ?? Number.POSITIVE_INFINITY)} for 10 parameters ${levelWords(facts, 0.001).replace(" of the best loss", "")}. Gradient descent's steps hardly grow.`,
        ].filter((paragraph) => paragraph !== ""),
        predict: "",
        task: `Play the guesses until the best one is ${levelWords(facts, level)} (${belowWords(facts, level)}). How many did it take?`,
        hints: [
          "Raise the guesses per second: each guess is cheap, but it takes many.",
          "Compare the two counters: the guesses made, and the evaluations gradient descent needs to do as well.",
        ],
        reveal: ten
          ? `On average ${guessCount(1 / guessChance(facts, level))} guesses: the chance of one landing is the area of the ellipse where the loss is ${belowWords(facts, level)} over the area of the box of guesses${ten.clipped ? " (at least that many: the ellipse reaches past the box)" : ""}.${
              ten.gradientDescentRate !== null && ten.gradientDescentEvaluations !== null
                ? ` Gradient descent at ${rate(ten.gradientDescentRate)} needs ${formatSteps(ten.gradientDescentEvaluations - 1)} to get ${levelWords(facts, ten.level)}: ${formatCount(ten.gradientDescentEvaluations)} evaluations of the loss, the start's included, as the table counts them.`
                : ""
            }`
          : "",
      };
    },
    gradient: (facts) => ({
      text: [
        "Gradient descent does better: the gradient says which way the loss falls fastest, and each step moves w and b a little that way: w ← w − rate·∂L/∂w and b ← b − rate·∂L/∂b.",
        `Step at rate ${rate(facts.gradient.learningRate)} and watch each step's arrow on the loss slices and the path on the landscape.`,
      ],
      predict: `At rate ${rate(facts.gradient.learningRate)}, what will the line do?`,
      task: `Press Step until the loss is ${levelWords(facts, facts.gradient.level)} (${belowWords(facts, facts.gradient.level)}). How many steps?`,
      hints: [
        "One press of Step (or the . key) is one step; the loss is under the Run bar.",
        "The arrows shorten as the loss flattens near its minimum: the gradient shrinks there.",
      ],
      reveal:
        facts.gradient.steps !== null
          ? `${formatSteps(facts.gradient.steps)} at ${rate(facts.gradient.learningRate)}, exactly. ${Number.isFinite(1 / guessChance(facts, facts.gradient.level)) ? `Guessing needs about ${guessCount(1 / guessChance(facts, facts.gradient.level))} guesses for the same.` : "Guessing would never get there."}`
          : `The run on screen shows it; the exact count is for plain gradient descent.`,
    }),
    "too-small": (facts, objective) => ({
      text: [
        // The mechanism, not the outcome at the task's rate: the learner predicts that (predict, then check).
        `The rate scales every step: each one moves the line by the rate times the slope of the loss, so a small rate takes small steps, and the slope shrinks as the line nears the best.`,
        `A run gets "there" ${levelWords(facts, 0.001)} (${belowWords(facts, 0.001)}).`,
      ],
      predict: `${atRate(planRate(facts, "too-small"), "At a tiny rate")} for ${budget(facts)}, what will the line do?`,
      task: `Find where crawling ends: the smallest rate that gets ${levelWords(facts, 0.001)} in ${budget(facts)}, to within ${formatPercent(objective?.kind === "lowest-reaching" ? objective.tolerance : 0.1)}.`,
      hints: [
        "Try a rate halfway between one that crawls and one that gets there, and repeat.",
        `Keep ${budget(facts)}, full batch and a constant rate, as the set-up left them.`,
      ],
      reveal: facts.reaching
        ? `Every rate from ${interval(facts.reaching.low, facts.reaching.high).join(" to ")} gets there in ${budget(facts)} (exact theory); below ${interval(facts.reaching.low, facts.reaching.high)[0]} it crawls.`
        : "",
    }),
    "jumps-around": (facts, objective) => ({
      text: [
        `Above ${facts.overshoot?.formula ?? "1/λmax"} = ${formatNumber(facts.overshoot?.learningRate ?? 1 / facts.lambdaMax)} each step overshoots: it jumps across the minimum along the steepest direction. ${
          facts.fastest && facts.overshoot && facts.fastest.learningRate > facts.overshoot.learningRate
            ? `That alone is fine: the fastest rate, ${rate(facts.fastest.learningRate)}, jumps too.`
            : "That alone is fine: jumps that shrink fast still get there."
        }`,
        `The nearer the rate comes to ${bound(facts)}, the more slowly the jumps shrink; at the bound they stop shrinking.`,
      ],
      predict: `${atRate(planRate(facts, "jumps-around"), "Just below 2/λmax")} for ${budget(facts)}, what will the line do?`,
      task: `Find where jumping around begins: the largest rate that still gets ${levelWords(facts, 0.001)} in ${budget(facts)}, to within ${formatPercent(objective?.kind === "highest-reaching" ? objective.tolerance : 0.02)}.`,
      hints: [
        "Lower the rate a little at a time and watch the zig-zag on the landscape.",
        "Just below the edge the last jumps are small enough; just above, they are not.",
      ],
      reveal: facts.reaching
        ? `Up to ${interval(facts.reaching.low, facts.reaching.high)[1]} the jumps die down within ${budget(facts)}; from there to ${bound(facts)} they are still jumping at the end; above it they grow.`
        : "",
    }),
    "jumps-out": (facts, objective) => ({
      text: [
        `The loss's sharpest curvature is λmax = ${formatNumber(facts.lambdaMax)}. Along that direction each step multiplies the distance to the minimum by 1 − rate·λmax; once that is below −1, every jump is longer than the last.`,
        `That happens above 2/λmax = ${formatNumber(2 / facts.lambdaMax)} for plain gradient descent${facts.critical && facts.critical.formula !== "2/λmax" ? ` (${facts.critical.formula} = ${formatNumber(facts.critical.learningRate)} for this optimizer)` : ""}.`,
      ],
      predict: `${atRate(planRate(facts, "jumps-out"), "Just above 2/λmax")}, what will the line do?`,
      task: `Find the smallest rate that jumps out, to within ${formatPercent(objective?.kind === "jumps-out" ? objective.tolerance : 0.02)}.`,
      hints: ["Where is 1 − rate·λmax equal to −1?", "The red mark under the rate slider is that rate."],
      reveal: facts.critical
        ? `${facts.critical.formula} = ${critical(facts)}: every constant rate above it jumps out, every rate below it stays in, whatever the start and the number of steps.`
        : "",
    }),
    decay: (facts) => {
      const decay = facts.decay;
      const batch = decay ? formatCount(decay.batchSize) : "";
      return {
        text: [
          decay
            ? `With mini-batches of ${batch} point${batch === "1" ? "" : "s"} each step sees another sample of the data, so even a good rate (${rate(decay.learningRate)}) keeps the line bouncing around the minimum: noise, not the rate.`
            : "With mini-batches each step sees another sample of the data, so even a good rate can keep the line bouncing around the minimum: noise, not the rate.",
          "A schedule that decays the rate makes the steps, and with them the noise, smaller: the line settles.",
        ],
        predict: `With batches of ${batch} and a decaying rate, what will the line do?`,
        task: `Keep batches of ${batch}${decay ? ` and ${formatSteps(decay.steps)}` : ""}, choose a decaying schedule (Schedule, in the settings), and get ${levelWords(facts, 0.001)}.`,
        hints: [
          "Exponential decay multiplies the rate by decay_rate every decay_steps steps.",
          "Decay too fast and the line stops before it arrives; too slow and the noise stays.",
        ],
        reveal: decay
          ? `Keras ExponentialDecay(${rate(decay.learningRate)}, decay_steps=${decay.schedule.args.decaySteps}, decay_rate=${decay.schedule.args.decayRate}) gets ${levelWords(facts, 0.001)} in ${formatSteps(decay.steps)}; at a constant ${rate(decay.learningRate)} the same batches end noisy.`
          : "",
      };
    },
    "your-data": (facts, objective) => {
      const reference = facts.reference;
      const own = facts.critical?.learningRate ?? 2 / facts.lambdaMax;
      const ratio = own / reference.criticalLearningRate;
      const needsOther = objective?.kind === "highest-stable" && objective.needsOtherData;
      return {
        text: [
          "The bound depends on x alone: λmax grows with the mean of x². Real data come in their own units: x in the hundreds makes λmax huge and the critical rate tiny.",
          reference.sameBound
            ? `This data has the lesson line's x, so its bound, ${formatNumber(reference.criticalLearningRate)}: the set-up loads real data.`
            : `Here ${bound(facts)}, ${formatNumber(ratio, 3)}× the lesson line's ${formatNumber(reference.criticalLearningRate)}${reference.goodLearningRate !== null ? `: its good rate ${rate(reference.goodLearningRate)} is ${formatNumber(reference.goodLearningRate / own, 3)}× this bound` : ""}.`,
        ],
        predict: `At ${reference.goodLearningRate !== null ? `${rate(reference.goodLearningRate)}, ` : ""}the lesson line's good rate, what will the line do on this data?`,
        task: `${needsOther ? "Load data with other units (the set-up loads Cars), then find" : "Find"} the largest rate that does not jump out on this data, to within ${formatPercent(objective?.kind === "highest-stable" ? objective.tolerance : 0.1)}.`,
        hints: [
          "The bound moves with the data's λmax: compare it with the lesson line's.",
          "Standardizing x (subtract its mean, divide by its spread) brings the bound back near 1.",
        ],
        // Data with the lesson line's units have its bound: the answer is the other data's, which only the
        // lab, once the set-up has loaded it, can compute.
        reveal: needsOther
          ? `The largest rate that does not jump out is 2/λmax of the data the set-up loads: the Theory panel shows it once Cars is loaded, far below the lesson line's ${formatNumber(reference.criticalLearningRate)} (a larger x makes a steeper bowl).`
          : `${bound(facts)} on this data (λmax = ${formatNumber(facts.lambdaMax)}, condition number ${formatNumber(facts.conditionNumber, 3)}).${facts.conditionNumber > 1e3 ? " With a condition number that large no constant rate gets there soon: standardize x." : ""}`,
      };
    },
    "in-practice": (facts, objective) => {
      const maxSteps = objective?.kind === "reach" ? objective.maxSteps : (facts.inPractice?.maxSteps ?? 0);
      const reaching = facts.inPractice?.reaching;
      return {
        text: [
          "Without the exact theory, the LR range test (fastai's lr_find) ramps the rate up over mini-batches and suggests one from the shape of the loss curve.",
          facts.fastest
            ? `The theory knows the answer here: ${bound(facts)}, and the fastest constant rate ${rate(facts.fastest.learningRate)} gets ${levelWords(facts, 0.001)} in ${formatSteps(facts.fastest.steps)}.`
            : `The theory knows the bound here: ${bound(facts)}.`,
        ],
        predict: `Run a range-test suggestion (a Try button) for ${budget(facts)}: what will the line do?`,
        task: `Get ${levelWords(facts, 0.001)} in at most ${formatSteps(maxSteps)}: try the range test's suggestions, then beat them.`,
        hints: [
          "Each Try button sets its rate on the Lesson tab; then press Play.",
          `The suggestions are cautious: they stay far below ${bound(facts)}.`,
        ],
        reveal: reaching
          ? `Every rate from ${interval(reaching.low, reaching.high).join(" to ")} gets there within ${formatSteps(maxSteps)}${facts.fastest ? `; ${rate(facts.fastest.learningRate)} in ${formatSteps(facts.fastest.steps)}` : ""}. The range test's picks are safe, and usually far slower.`
          : "",
      };
    },
  };

/** The chance of one guess landing at `level` (the odds scale as the level: the ellipse's area is linear in it). */
function guessChance(facts: GuideFacts, level: number): number {
  const first = facts.guessing?.levels[0];
  return first ? (first.chance * level) / first.level : 0;
}

/** What a run does, for the sentence that follows a prediction. */
const PREDICTION_RESULTS: Readonly<Record<Prediction, string>> = {
  crawl: "crawls",
  settle: "settles",
  "jump-around": "jumps around",
  "jump-out": "jumps out",
};

/** What the run did against what was predicted. */
export function predictionFeedback(predicted: Prediction, actual: Prediction): string {
  return predicted === actual
    ? `Right: it ${PREDICTION_RESULTS[actual]}.`
    : `Not quite: you said ${PREDICTION_WORDS[predicted]}; it ${PREDICTION_RESULTS[actual]}.`;
}

/**
 * The guessing chapter's table: guesses needed on average against gradient descent's evaluations, for each
 * tolerance, and the guesses with more parameters (the rows' cells, as text).
 */
export function guessingTable(facts: GuideFacts): { head: string[]; rows: string[][] } | null {
  const guessing = facts.guessing;
  if (!guessing) return null;
  const head = [
    "",
    ...guessing.levels.map((level) => levelWords(facts, level.level).replace(" of the best loss", "")),
  ];
  const descent = [
    "gradient descent",
    ...guessing.levels.map((level) =>
      guessCount(level.gradientDescentEvaluations ?? Number.POSITIVE_INFINITY),
    ),
  ];
  const guesses = guessing.dimensions.map((row) => [
    `guessing, d = ${row.parameters}${row.parameters === 2 ? " (w, b)" : ""}`,
    ...row.expectedGuesses.map(guessCount),
  ]);
  return { head, rows: [descent, ...guesses] };
}
