/**
 * The guided lesson as data: nine chapters in the story's order, each chapter's facts for the data at hand
 * and its task's objective, which guide-check.ts `taskDone` checks against the run the lab computed. No
 * words here (render/guide-words.ts says them) and no rule of its own: the rates come from the lesson's
 * one rule (lesson.ts), the bounds from regime.ts, "there" from closeness.ts, the fastest rate and its
 * interval from fastest-rate.ts and reaching-rates.ts, the odds of guessing from guessing-odds.ts, and every
 * outcome from the verdict.
 *
 * The guide teaches gradient descent on MSE from one start, so the facts are for the config's optimizer
 * and start with MSE, full batches and a constant rate (the decay chapter adds mini-batches and a schedule
 * of its own). Facts that only plain gradient descent has in closed form (the fastest rate, the interval
 * of rates that get there) are missing for momentum and the adaptive optimizers, and their chapters say so.
 */

import { builtinData, type Dataset } from "../data/data.js";
import { type LinearStats, linearStats, mseAt } from "../data/stats.js";
import { type Closeness, closeness } from "../judging/closeness.js";
import { fastestRate } from "../theory/fastest-rate.js";
import { type RateBound, regimeBoundsOf } from "../theory/regime.js";
import { type LinearMseTheory, linearMseTheory, stepsToTolerance } from "../theory/theory.js";
import { DEFAULT_RUN_CONFIG, type RunConfig } from "../training/run-config.js";
import { type DecayFacts, decayFacts } from "./decay-lesson.js";
import { type GuessingFacts, gapAtLevel, guessingFacts } from "./guessing-odds.js";
import { type LessonPlan, lessonPlan } from "./lesson.js";
import { type ReachingRates, reachingRates } from "./reaching-rates.js";

export type { DecayFacts } from "./decay-lesson.js";
export type { GuessingFacts } from "./guessing-odds.js";

/** The chapters, in the story's order: chapter N is `CHAPTER_IDS[N − 1]`. */
export const CHAPTER_IDS = [
  "line",
  "guessing",
  "gradient",
  "too-small",
  "jumps-around",
  "jumps-out",
  "decay",
  "your-data",
  "in-practice",
] as const;

export type ChapterId = (typeof CHAPTER_IDS)[number];

/**
 * What a task asks for, checked by guide-check.ts `taskDone`:
 * - `line-loss`: the red line, where it starts, has a loss at most `maxLoss` (drag it);
 * - `guess-within`: the best random guess shown has a loss at most `maxLoss` (`level` of the best loss);
 * - `step-to`: the step on show has a loss at most `maxLoss`;
 * - `lowest-reaching` / `highest-reaching`: a full-batch constant-rate run of `steps` steps that gets
 *   within the gap at a rate at most `tolerance` above the interval's low end (at least `tolerance` below
 *   its high end): the edges where crawling ends and jumping around begins;
 * - `jumps-out`: a constant rate that jumps out, at most `tolerance` above the bound `critical`;
 * - `settle-with-decay`: a mini-batch run with a changing rate that gets within the gap;
 * - `highest-stable`: a constant rate that does not jump out, at least `critical/(1 + tolerance)`, on data
 *   whose bound is not the lesson line's (`needsOtherData` says the data loaded has the same);
 * - `reach`: within `gap` of the best loss in at most `maxSteps` steps, any way at all.
 */
export type Objective =
  | { readonly kind: "line-loss"; readonly maxLoss: number }
  | { readonly kind: "guess-within"; readonly level: number; readonly maxLoss: number }
  | { readonly kind: "step-to"; readonly level: number; readonly maxLoss: number }
  | {
      readonly kind: "lowest-reaching" | "highest-reaching";
      readonly rate: number;
      readonly tolerance: number;
      readonly steps: number;
    }
  | { readonly kind: "jumps-out"; readonly critical: number; readonly tolerance: number }
  | { readonly kind: "settle-with-decay" }
  | {
      readonly kind: "highest-stable";
      readonly critical: number;
      readonly tolerance: number;
      readonly needsOtherData: boolean;
    }
  | { readonly kind: "reach"; readonly gap: number; readonly maxSteps: number };

/** Why a chapter has no task on this data (words in render/guide-words.ts). */
export type Unavailable =
  /** All x are equal: the loss has no bowl to guess into. */
  | "degenerate"
  /** No constant rate gets there within the budget (ill-conditioned data, or a budget too short). */
  | "no-reaching-rates"
  /** The optimizer has no exact bound (Adam, RMSprop, Adagrad). */
  | "no-bound"
  /** The closed forms are for plain gradient descent; the optimizer has momentum or adapts. */
  | "not-plain"
  /** No mini-batch size shows noise that a decaying rate removes. */
  | "no-noise";

/**
 * What a chapter's one-click set-up puts in the lab, on top of the guide's lesson (its optimizer, MSE, the
 * start, full batches, a constant rate, the step on show back at 0): the view to show and the settings
 * the chapter changes. A setting left out keeps its value.
 */
export interface ChapterSetup {
  readonly view: "lesson" | "guessing" | "range-test";
  readonly learningRate?: number;
  readonly steps?: number;
  /** Mini-batches of this many points (the decay chapter); otherwise full batches. */
  readonly batchSize?: number;
  readonly seed?: number;
  /** Guesses to draw (the guessing chapter), played from the first. */
  readonly guesses?: number;
  /** Load real data in units of their own (the data loaded has the lesson line's bound). */
  readonly realData?: boolean;
}

export interface ChapterFacts {
  readonly id: ChapterId;
  /** 1-based, as the URL says `chapter=N`. */
  readonly number: number;
  readonly setup: ChapterSetup;
  readonly objective: Objective | null;
  /** Why there is no objective, when there is none. */
  readonly unavailable: Unavailable | null;
  /** The learner predicts what the task's run will do before playing it. */
  readonly predicts: boolean;
}

export interface GuideFacts {
  readonly n: number;
  readonly source: string;
  readonly start: { readonly w: number; readonly b: number; readonly loss: number };
  readonly optimum: { readonly w: number; readonly b: number; readonly loss: number };
  readonly closeness: Closeness;
  readonly lambdaMax: number;
  readonly lambdaMin: number;
  readonly conditionNumber: number;
  /** The optimizer's bound and the rate above which it overshoots; null for the adaptive ones. */
  readonly critical: RateBound | null;
  readonly overshoot: RateBound | null;
  /** The lesson's four rates and its budget (lesson.ts). */
  readonly plan: LessonPlan | null;
  /** The budget every constant-rate chapter runs for. */
  readonly steps: number;
  /** Plain gradient descent's fastest constant rate to the closeness gap, and its steps. */
  readonly fastest: { readonly learningRate: number; readonly steps: number } | null;
  /** The rates that get there within the budget (plain gradient descent). */
  readonly reaching: ReachingRates | null;
  /** Following the gradient: the rate stepped at, and its steps to within 10%. */
  readonly gradient: { readonly learningRate: number; readonly steps: number | null; readonly level: number };
  /** Choosing a rate in practice: the step limit, and the rates that keep to it. */
  readonly inPractice: { readonly maxSteps: number; readonly reaching: ReachingRates | null } | null;
  readonly guessing: GuessingFacts | null;
  readonly decay: DecayFacts | null;
  /** The lesson's line (the built-in data), to compare units with. */
  readonly reference: {
    readonly criticalLearningRate: number;
    readonly goodLearningRate: number | null;
    /** This data's 2/λmax is within 10% of the lesson line's: the same bound. */
    readonly sameBound: boolean;
  };
  readonly chapters: readonly ChapterFacts[];
}

export interface GuideOptions {
  /** The budget; default: the lesson plan's own (lesson.ts). */
  readonly steps?: number;
  readonly stats?: LinearStats;
  readonly theory?: LinearMseTheory;
  /** The most random guesses the lab plays (the guessing task must be likely within a quarter of them). */
  readonly maxGuesses?: number;
}

/** The first chapter's goal: the red line dragged nine tenths of the way from its start's loss to the best. */
const LINE_SHARE_LEFT = 0.1;
/** Following the gradient: step until within 10%. */
const GRADIENT_LEVEL = 0.1;
/** How close to an edge a task asks for: the crawl's edge is soft, the others sharp. */
const LOW_EDGE_TOLERANCE = 0.1;
const EDGE_TOLERANCE = 0.02;
const STABLE_TOLERANCE = 0.1;
/** Choosing a rate in practice: at most half again as many steps as the fastest rate needs. */
const IN_PRACTICE_SLACK = 1.5;
/** The guide's facts for `data` with the config's optimizer and start (MSE, full batch, constant rate). */
export function guideFacts(
  data: Dataset,
  config: RunConfig = DEFAULT_RUN_CONFIG,
  options: GuideOptions = {},
): GuideFacts {
  const stats = options.stats ?? linearStats(data);
  const theory = options.theory ?? linearMseTheory(stats);
  const lesson: RunConfig = {
    ...config,
    loss: { name: "mse" },
    schedule: DEFAULT_RUN_CONFIG.schedule,
    batchSize: null,
    epochs: null,
  };
  const { w: startW, b: startB } = lesson.start;
  const startLoss = mseAt(stats, startW, startB);
  const close = closeness(stats, startLoss);
  const momentum = momentumOf(lesson);
  const bounds =
    momentum === null
      ? null
      : regimeBoundsOf(theory, {
          name: "sgd",
          config: { momentum: momentum.value, nesterov: momentum.nesterov },
        });
  const plain = momentum !== null && momentum.value === 0;
  const plan = lessonPlan(lesson, data, {
    stats,
    theory,
    ...(options.steps !== undefined ? { steps: options.steps } : {}),
  });
  const steps = plan?.steps ?? options.steps ?? lesson.steps ?? 100;
  const start = { initialW: startW, initialB: startB };
  const fastest = plain ? fastestRate(stats, theory, { ...start, gap: close.gap }) : null;
  const reaching = plain ? reachingRates(stats, theory, { ...start, gap: close.gap, steps }) : null;
  const good =
    plan?.rates.find((rate) => rate.name === "good")?.learningRate ?? fastest?.learningRate ?? null;
  const gradientRate = good ?? theory.optimalLearningRate;
  // Only where the fastest rate makes it within the budget: on ill-conditioned data it does not, and a
  // limit of hundreds of thousands of steps is no exercise.
  const maxSteps =
    fastest && fastest.steps > 0 && fastest.steps <= steps
      ? Math.ceil(IN_PRACTICE_SLACK * fastest.steps)
      : null;
  const inPractice =
    maxSteps !== null
      ? { maxSteps, reaching: reachingRates(stats, theory, { ...start, gap: close.gap, steps: maxSteps }) }
      : null;
  const maxGuesses = options.maxGuesses ?? 10_000;
  const guessing = stats.degenerate ? null : guessingFacts(stats, close, start, maxGuesses);
  const decay = good !== null ? decayFacts(lesson, data, stats, theory, good) : "no-reaching-rates";
  const reference = referenceFacts(theory);

  const objectives: Record<ChapterId, Objective | Unavailable> = {
    line: {
      kind: "line-loss",
      maxLoss: stats.optimum.loss + Math.max(close.gap, LINE_SHARE_LEFT * (startLoss - stats.optimum.loss)),
    },
    guessing: guessing
      ? {
          kind: "guess-within",
          level: guessing.taskLevel,
          maxLoss: stats.optimum.loss + gapAtLevel(close, guessing.taskLevel),
        }
      : "degenerate",
    gradient: {
      kind: "step-to",
      level: GRADIENT_LEVEL,
      maxLoss: stats.optimum.loss + gapAtLevel(close, GRADIENT_LEVEL),
    },
    "too-small": !plain
      ? "not-plain"
      : reaching
        ? { kind: "lowest-reaching", rate: reaching.low, tolerance: LOW_EDGE_TOLERANCE, steps }
        : "no-reaching-rates",
    "jumps-around": !plain
      ? "not-plain"
      : reaching
        ? { kind: "highest-reaching", rate: reaching.high, tolerance: EDGE_TOLERANCE, steps }
        : "no-reaching-rates",
    "jumps-out": bounds
      ? { kind: "jumps-out", critical: bounds.critical.learningRate, tolerance: EDGE_TOLERANCE }
      : "no-bound",
    decay: typeof decay === "string" ? decay : { kind: "settle-with-decay" },
    "your-data": bounds
      ? {
          kind: "highest-stable",
          critical: bounds.critical.learningRate,
          tolerance: STABLE_TOLERANCE,
          needsOtherData: reference.sameBound,
        }
      : "no-bound",
    "in-practice": !plain
      ? "not-plain"
      : inPractice
        ? { kind: "reach", gap: close.gap, maxSteps: inPractice.maxSteps }
        : "no-reaching-rates",
  };
  const rateNamed = (name: string) => plan?.rates.find((rate) => rate.name === name)?.learningRate;
  const withRate = (learningRate: number | null | undefined) =>
    learningRate !== null && learningRate !== undefined ? { learningRate } : {};
  const setups: Record<ChapterId, ChapterSetup> = {
    line: { view: "lesson" },
    guessing: { view: "guessing", guesses: maxGuesses },
    gradient: { view: "lesson", learningRate: gradientRate, steps },
    "too-small": { view: "lesson", ...withRate(rateNamed("too-small")), steps },
    "jumps-around": { view: "lesson", ...withRate(rateNamed("jumps-around")), steps },
    "jumps-out": { view: "lesson", ...withRate(rateNamed("jumps-out")), steps },
    decay:
      typeof decay === "string"
        ? { view: "lesson", ...withRate(good), steps }
        : {
            view: "lesson",
            learningRate: decay.learningRate,
            steps: decay.steps,
            batchSize: decay.batchSize,
            seed: decay.seed,
          },
    "your-data": { view: "lesson", ...withRate(reference.goodLearningRate), realData: reference.sameBound },
    "in-practice": { view: "range-test", steps: Math.max(steps, maxSteps ?? 0) },
  };
  const chapters = CHAPTER_IDS.map((id, index): ChapterFacts => {
    const objective = objectives[id];
    const available = typeof objective !== "string";
    return {
      id,
      number: index + 1,
      setup: setups[id],
      objective: available ? objective : null,
      unavailable: available ? null : objective,
      predicts: index >= 2,
    };
  });

  return {
    n: data.x.length,
    source: data.source,
    start: { w: startW, b: startB, loss: startLoss },
    optimum: stats.optimum,
    closeness: close,
    lambdaMax: theory.hessianEigenvalues[0],
    lambdaMin: theory.hessianEigenvalues[1],
    conditionNumber: theory.conditionNumber,
    critical: bounds?.critical ?? null,
    overshoot: bounds?.overshoot ?? null,
    plan,
    steps,
    fastest: fastest ? { learningRate: fastest.learningRate, steps: fastest.steps } : null,
    reaching,
    gradient: {
      learningRate: gradientRate,
      level: GRADIENT_LEVEL,
      steps: plain
        ? stepsToTolerance(stats, theory, {
            ...start,
            learningRate: gradientRate,
            tolerance: gapAtLevel(close, GRADIENT_LEVEL),
          })
        : null,
    },
    inPractice,
    guessing,
    decay: typeof decay === "string" ? null : decay,
    reference,
    chapters,
  };
}

function momentumOf(config: RunConfig): { value: number; nesterov: boolean } | null {
  const { name, args } = config.optimizer;
  if (name !== "sgd" && name !== "momentum") return null;
  const value = (args.momentum as number | undefined) ?? (name === "momentum" ? 0.9 : 0);
  return { value, nesterov: args.nesterov === true && value > 0 };
}

/** The lesson line's bound and good rate from the same start (the built-in data). */
function referenceFacts(theory: LinearMseTheory): GuideFacts["reference"] {
  const builtin = linearStats(builtinData());
  const builtinTheory = linearMseTheory(builtin);
  const fastest = fastestRate(builtin, builtinTheory, {
    initialW: DEFAULT_RUN_CONFIG.start.w,
    initialB: DEFAULT_RUN_CONFIG.start.b,
    gap: closeness(builtin).gap,
  });
  const critical = builtinTheory.criticalLearningRate;
  return {
    criticalLearningRate: critical,
    goodLearningRate: fastest?.learningRate ?? null,
    sameBound: Math.abs(theory.criticalLearningRate / critical - 1) < 0.1,
  };
}
