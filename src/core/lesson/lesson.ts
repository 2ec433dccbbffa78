/**
 * The lesson's four rates, from one rule, for the data, the optimizer and the budget: each run shows the
 * regime it is named after, checked by running it and judging it with the same verdict every face uses.
 *
 * - too small: converging, still far from the best loss at the end of the budget (it crawls);
 * - good: reaches the closeness gap within the budget (for plain gradient descent, the fastest constant
 *   rate from this start, fastest-rate.ts);
 * - jumps around: overshooting, still jumping across the minimum at the end of the budget;
 * - jumps out: above the optimizer's bound, the loss visibly growing within the budget.
 *
 * Without a budget, it is chosen too: two and a half times the good rate's steps (at least 30, at most
 * 100,000), so the good run finishes with room and the others visibly do not. When even that is too short
 * for the good rate, `budgetTooShort` says so. On ill-conditioned data
 * (condition number above 1e4, and the fastest rate needing over a thousand steps: the verdict's
 * `illConditioned`) no constant rate gets there in a budget worth watching: the plan says so (`faithful`
 * is false, `illConditioned` true) and the words point to rescaling x.
 */
import type { Dataset } from "../data/data.js";
import { type LinearStats, linearStats } from "../data/stats.js";
import { type JudgedRun, trainAndJudge } from "../judging/judged-run.js";
import type { Outcome } from "../judging/verdict.js";
import { fastestRate, roundDownSignificant } from "../theory/fastest-rate.js";
import { regimeBoundsOf } from "../theory/regime.js";
import { type LinearMseTheory, linearMseTheory } from "../theory/theory.js";
import { DEFAULT_RUN_CONFIG, type RunConfig } from "../training/run-config.js";

export type LessonRateName = "too-small" | "good" | "jumps-around" | "jumps-out";

/** The four, in the lesson's order. */
export const LESSON_RATE_NAMES: readonly LessonRateName[] = [
  "too-small",
  "good",
  "jumps-around",
  "jumps-out",
];

export interface LessonRate {
  readonly name: LessonRateName;
  readonly learningRate: number;
  /** What the run at this rate shows, by the verdict: equal to `name` when the plan is faithful. */
  readonly outcome: Outcome;
}

export interface LessonPlan {
  /** The budget the rates were chosen for. */
  readonly steps: number;
  /** The four rates in the lesson's order; a slot is missing when no rate shows it (see `missing`). */
  readonly rates: readonly LessonRate[];
  /** Names no rate could show (an adaptive optimizer that never leaves the minimum, say). */
  readonly missing: readonly LessonRateName[];
  /** Every rate shows the regime it is named after. */
  readonly faithful: boolean;
  readonly illConditioned: boolean;
  readonly conditionNumber: number;
  /** The fewest steps any constant rate needs (plain gradient descent), else null. */
  readonly fastestSteps: number | null;
  /** Even the good rate does not get there within the budget (a budget given too short, or above 100,000). */
  readonly budgetTooShort: boolean;
  /** The optimizer's bound, when it has one. */
  readonly criticalLearningRate: number | null;
}

export interface LessonPlanOptions {
  /** The budget; default: chosen from the good rate's steps. */
  readonly steps?: number;
  readonly stats?: LinearStats;
  readonly theory?: LinearMseTheory;
}

const MIN_STEPS = 30;
const MAX_STEPS = 100_000;
const DEFAULT_SEARCH_STEPS = 100;

/** The smallest of 1, 1.5, 2, 2.5, 3, 4, 5, 6, 8 × 10^k at or above `value`. */
function niceCeiling(value: number): number {
  const power = 10 ** Math.floor(Math.log10(Math.max(1, value)));
  for (const step of [1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10]) {
    if (step * power >= value) return Math.round(step * power);
  }
  return Math.round(10 * power);
}

/** `value` rounded away from zero to `digits` significant digits. */
function roundUpSignificant(value: number, digits: number): number {
  const down = roundDownSignificant(value, digits);
  if (down === value) return value;
  const exponent = Math.floor(Math.log10(down));
  const unit = 10 ** (exponent - digits + 1);
  return Number((down + unit).toPrecision(digits + 1));
}

/**
 * The lesson's four rates for `config` (its optimizer, start and batch; its rate and schedule are
 * replaced by constant rates) on `data`, for linear MSE; null for MAE and Huber, which have no exact best
 * loss to be "reached".
 */
export function lessonPlan(
  config: RunConfig,
  data: Dataset,
  options: LessonPlanOptions = {},
): LessonPlan | null {
  if (config.loss.name !== "mse") return null;
  const stats = options.stats ?? linearStats(data);
  const theory = options.theory ?? linearMseTheory(stats);
  // Constant rates over a fixed number of steps, never stopped early by a gradient tolerance.
  const { tolerance: _tolerance, ...settings } = config;
  const base: RunConfig = { ...settings, schedule: DEFAULT_RUN_CONFIG.schedule, epochs: null };
  const full = config.batchSize === null || config.batchSize >= data.x.length;
  const sgd = config.optimizer.name === "sgd" || config.optimizer.name === "momentum";
  const momentum =
    (config.optimizer.args.momentum as number | undefined) ??
    (config.optimizer.name === "momentum" ? 0.9 : 0);
  const plain = sgd && momentum === 0 && full;
  const bounds = sgd
    ? regimeBoundsOf(theory, {
        name: "sgd",
        config: { momentum, nesterov: config.optimizer.args.nesterov === true },
      })
    : null;
  const critical = bounds?.critical.learningRate ?? null;
  const judge = (learningRate: number, steps: number): JudgedRun =>
    trainAndJudge({ ...base, learningRate, steps }, data, { stats, theory });
  // Ill-conditioned as the verdict judges it (a start the fastest rate fixes in a few steps has nothing
  // to warn about), and never when λmin is 0: all x equal, the flat direction adds nothing to the loss,
  // so nothing crawls along it and there is no spread of x to rescale.
  const illConditioned = judge(0, 0).verdict.illConditioned && Number.isFinite(theory.conditionNumber);

  // The good rate, and the budget it needs.
  let steps = options.steps;
  let good: number | null = null;
  let fastestSteps: number | null = null;
  if (plain) {
    const close = judge(0, 0).verdict.closeness;
    const fastest = close
      ? fastestRate(stats, theory, { initialW: config.start.w, initialB: config.start.b, gap: close.gap })
      : null;
    if (fastest) {
      good = fastest.learningRate;
      fastestSteps = fastest.steps;
      steps ??= Math.min(MAX_STEPS, Math.max(MIN_STEPS, niceCeiling(2.5 * fastest.steps)));
    }
  }
  steps ??= config.steps ?? DEFAULT_SEARCH_STEPS;
  const budget = steps;
  const outcomeAt = (rate: number) => judge(rate, budget).verdict.outcome;

  // Full batch without a closed form (Adam, momentum): the verdict's own search for this budget, whose rate
  // gets there soonest and stays (simulated-rate.ts).
  if (good === null && full) {
    const simulated = judge(0, budget).verdict.simulated;
    if (simulated && simulated.steps !== null) good = simulated.learningRate;
  }
  // Without a closed form, search: 49 rates log-spaced below the bound (or up to 10), the good one the
  // one that gets there first.
  if (good === null) {
    const high = critical ?? 10;
    const low = high * 1e-6;
    let bestSteps = Number.POSITIVE_INFINITY;
    let lowestGap = Number.POSITIVE_INFINITY;
    let fallback: number | null = null;
    for (let i = 0; i <= 48; i++) {
      const rate = Number((low * (high / low) ** (i / 48) * (i === 48 ? 0.999 : 1)).toPrecision(2));
      const { run, verdict } = judge(rate, budget);
      if (
        verdict.outcome === "good" &&
        run.dynamics.reachedAt !== null &&
        run.dynamics.reachedAt < bestSteps
      ) {
        bestSteps = run.dynamics.reachedAt;
        good = rate;
      }
      if (verdict.regime !== "diverging" && verdict.gap !== null && verdict.gap < lowestGap) {
        lowestGap = verdict.gap;
        fallback = rate;
      }
    }
    good ??= fallback;
  }
  if (good === null) {
    return {
      steps: budget,
      rates: [],
      missing: LESSON_RATE_NAMES,
      faithful: false,
      illConditioned,
      conditionNumber: theory.conditionNumber,
      fastestSteps,
      budgetTooShort: true,
      criticalLearningRate: critical,
    };
  }

  // Jumps out: a little above the bound, where the loss grows at least tenfold within the budget.
  let jumpsOut: number | null = null;
  const startLoss = judge(0, 0).run.final.loss;
  const candidates =
    critical !== null
      ? [1.1, 1.2, 1.5, 2, 3, 5, 10].map((factor) => roundUpSignificant(factor * critical, 2))
      : Array.from({ length: 24 }, (_, i) => Number((good * 2 ** (i + 1)).toPrecision(2)));
  for (const rate of candidates) {
    const { run, verdict } = judge(rate, budget);
    if (verdict.outcome !== "jumps-out") continue;
    jumpsOut = rate;
    if (run.status === "diverged" || run.final.loss >= 10 * startLoss) break;
  }

  // Jumps around: between the good rate and the bound (or the first rate that jumps out), still jumping
  // across at the end, about 3% of the starting excess left so the jumps are visible.
  let jumpsAround: number | null = null;
  const top = critical ?? jumpsOut;
  if (top !== null) {
    const bottom = Math.max(good, bounds?.overshoot.learningRate ?? 0);
    const best = theory.optimum.loss;
    const startExcess = Math.max(startLoss - best, Number.MIN_VALUE);
    const leftAt = (rate: number) => {
      const { run } = judge(rate, budget);
      return Number.isFinite(run.final.loss)
        ? Math.max(0, run.final.loss - best) / startExcess
        : Number.POSITIVE_INFINITY;
    };
    // Visibly left: 3% of the starting excess, or thirty times the gap when the start is already close.
    const gap = judge(0, 0).verdict.closeness?.gap ?? 0;
    const left = Math.min(0.5, Math.max(0.03, (30 * gap) / startExcess));
    let low = bottom;
    let high = critical ?? top;
    for (let i = 0; i < 50 && high / low > 1 + 1e-12; i++) {
      const middle = Math.sqrt(low * high);
      if (leftAt(middle) < left && middle < (critical ?? Number.POSITIVE_INFINITY)) low = middle;
      else high = middle;
    }
    const target = low;
    for (let digits = 2; digits <= 8 && jumpsAround === null; digits++) {
      for (const rate of [Number(target.toPrecision(digits)), roundDownSignificant(target, digits)]) {
        if (rate > good && (critical === null || rate < critical) && outcomeAt(rate) === "jumps-around") {
          jumpsAround = rate;
          break;
        }
      }
    }
  }

  // Too small: a thirtieth of the good rate, smaller while it still gets there within the budget.
  let tooSmall: number | null = roundDownSignificant(good / 30, 1);
  for (let i = 0; i < 12 && outcomeAt(tooSmall) !== "too-small"; i++)
    tooSmall = roundDownSignificant(tooSmall / 3, 1);
  if (outcomeAt(tooSmall) !== "too-small") tooSmall = null;

  const named: [LessonRateName, number | null][] = [
    ["too-small", tooSmall],
    ["good", good],
    ["jumps-around", jumpsAround],
    ["jumps-out", jumpsOut],
  ];
  const rates: LessonRate[] = [];
  const missing: LessonRateName[] = [];
  for (const [name, learningRate] of named) {
    if (learningRate === null) missing.push(name);
    else rates.push({ name, learningRate, outcome: outcomeAt(learningRate) });
  }
  return {
    steps: budget,
    rates,
    missing,
    faithful: missing.length === 0 && rates.every((rate) => rate.outcome === rate.name),
    illConditioned,
    conditionNumber: theory.conditionNumber,
    fastestSteps,
    budgetTooShort: rates.find((rate) => rate.name === "good")?.outcome !== "good",
    criticalLearningRate: critical,
  };
}
