/**
 * How many random guesses it takes, in expectation, to get within a tolerance of the best MSE: the closed
 * form behind "guessing takes forever".
 *
 * Around the optimum the MSE of the line is exactly
 *   L(θ) = L* + Δθᵀ·M·Δθ,   M = [[mean x², x̄], [x̄, 1]]  (the second moments; no ½: M is H/2),
 * so the guesses within ε of L* fill the ellipse {Δθᵀ·M·Δθ ≤ ε}, of area π·ε/√det M = π·ε/σx (det M is
 * Var x). A guess uniform in the search box lands in it with probability P = area / box area, and the
 * first guess to land comes after 1/P guesses on average (a geometric count). With d parameters the
 * ellipsoid's volume grows like ε^(d/2): every tenfold tighter tolerance multiplies the guesses by
 * 10^(d/2), while gradient descent's steps grow only with log(1/ε).
 *
 * The ellipse is assumed to lie inside the box (it does for tolerances worth asking about: the box spans
 * three spreads of y either way); `clipped` says when it does not, and then 1/P is a lower bound.
 */

import { searchBox } from "../choosing/random-search.js";
import type { LinearStats } from "../data/stats.js";
import type { Closeness } from "../judging/closeness.js";
import { CLOSE_RELATIVE_GAP } from "../judging/closeness.js";
import { fastestRate } from "../theory/fastest-rate.js";
import { linearMseTheory } from "../theory/theory.js";

/** The search box of the guesses (random-search.ts `searchBox`). */
export interface GuessBox {
  readonly w: readonly [number, number];
  readonly b: readonly [number, number];
}

/** The tolerances the lesson shows: within 10%, 1% and 0.1% of the best loss (or of the closeness scale). */
export const GUESS_LEVELS = [0.1, 0.01, 0.001] as const;

/** The numbers of parameters the lesson compares: a line has two. */
export const GUESS_DIMENSIONS = [1, 2, 5, 10] as const;

/** Volume of the unit ball in d dimensions: π^(d/2)/Γ(d/2 + 1). */
export function unitBallVolume(d: number): number {
  // Γ(d/2 + 1) by the recursions Γ(x + 1) = x·Γ(x), from Γ(1) = 1 or Γ(1/2) = √π.
  let gamma = d % 2 === 0 ? 1 : Math.sqrt(Math.PI);
  for (let x = d % 2 === 0 ? 1 : 0.5; x < d / 2 + 1 - 1e-9; x += 1) gamma *= x;
  return Math.PI ** (d / 2) / gamma;
}

/**
 * The loss gap that a tolerance `level` stands for: `level` of the best loss, or of the closeness scale when
 * the best loss is too small for a percentage (closeness.ts): the closeness gap is the level 0.1%.
 */
export function gapAtLevel(close: Closeness, level: number): number {
  return (level / CLOSE_RELATIVE_GAP) * close.gap;
}

export interface GuessOdds {
  /** The tolerance, as a fraction (0.1 = within 10%). */
  readonly level: number;
  /** The largest loss that counts: L* + the gap of that level. */
  readonly maxLoss: number;
  /** The chance that one guess lands within it, and the guesses needed on average (1/P). */
  readonly chance: number;
  readonly expectedGuesses: number;
  /** The ellipse reaches outside the box: the chance is smaller and the count larger than said. */
  readonly clipped: boolean;
}

/** The odds of one uniform guess in `box` landing within `level` of the best MSE. */
export function guessOdds(stats: LinearStats, close: Closeness, box: GuessBox, level: number): GuessOdds {
  const varianceX = stats.sxx / stats.n;
  const gap = gapAtLevel(close, level);
  const boxArea = (box.w[1] - box.w[0]) * (box.b[1] - box.b[0]);
  // With all x equal (Var x = 0) the "ellipse" is an unbounded band: no finite count says anything.
  const area = varianceX > 0 ? (Math.PI * gap) / Math.sqrt(varianceX) : Number.POSITIVE_INFINITY;
  const chance = Math.min(1, area / boxArea);
  // The ellipse's half-widths: |Δw| ≤ √(ε/Var x), |Δb| ≤ √(ε·mean x²/Var x) (from M⁻¹'s diagonal).
  const meanSquareX = varianceX + stats.meanX * stats.meanX;
  const halfW = Math.sqrt(gap / varianceX);
  const halfB = Math.sqrt((gap * meanSquareX) / varianceX);
  const { w, b } = stats.optimum;
  const clipped =
    !(varianceX > 0) ||
    w - halfW < box.w[0] ||
    w + halfW > box.w[1] ||
    b - halfB < box.b[0] ||
    b + halfB > box.b[1];
  return {
    level,
    maxLoss: stats.optimum.loss + gap,
    chance,
    expectedGuesses: chance > 0 ? 1 / chance : Number.POSITIVE_INFINITY,
    clipped,
  };
}

/**
 * The guesses needed with `d` parameters, each as hard to pin down as one of this line's two: the chance
 * P = π·ρ² of the two-parameter case defines ρ, the per-parameter share, and a d-dimensional ellipsoid in
 * a box lands with V_d·ρ^d (V_d the unit ball's volume). Two parameters give back 1/P.
 */
export function guessesInDimensions(chanceInTwo: number, d: number): number {
  const perParameter = Math.sqrt(chanceInTwo / Math.PI);
  const chance = Math.min(1, unitBallVolume(d) * perParameter ** d);
  return chance > 0 ? 1 / chance : Number.POSITIVE_INFINITY;
}

/** Random guessing beside gradient descent, at each of the lesson's tolerances. */
export interface GuessingFacts {
  readonly box: GuessBox;
  readonly levels: readonly (GuessOdds & {
    /** Gradient descent's loss evaluations to get as close (its steps plus the start), at its fastest rate. */
    readonly gradientDescentEvaluations: number | null;
    readonly gradientDescentRate: number | null;
  })[];
  /** Expected guesses with d parameters, per level (in the order of `levels`). */
  readonly dimensions: readonly {
    readonly parameters: number;
    readonly expectedGuesses: readonly number[];
  }[];
  /** The task's tolerance: 10%, or looser when 10% takes more guesses than the lab can play. */
  readonly taskLevel: number;
}

/** The guessing task's tolerance, unless the lab cannot play enough guesses for it. */
const GUESS_TASK_LEVEL = 0.1;

/** `value` rounded up to one significant digit: 0.299 → 0.3, 0.1 stays 0.1. */
function roundUpToOneDigit(value: number): number {
  const unit = 10 ** Math.floor(Math.log10(value));
  const digit = Math.ceil(Number((value / unit).toPrecision(12)));
  return Number((digit * unit).toPrecision(1));
}

/**
 * Random guessing beside gradient descent from `start`: the odds at each of the lesson's tolerances, the
 * same in more dimensions, and the guessing task's tolerance for a lab that plays at most `maxGuesses`.
 */
export function guessingFacts(
  stats: LinearStats,
  close: Closeness,
  start: { initialW: number; initialB: number },
  maxGuesses: number,
): GuessingFacts {
  const box = searchBox(stats);
  const theory = linearMseTheory(stats);
  const levels = GUESS_LEVELS.map((level) => {
    const odds = guessOdds(stats, close, box, level);
    const fastest = fastestRate(stats, theory, { ...start, gap: gapAtLevel(close, level) });
    return {
      ...odds,
      // One loss evaluation per step, and one for the start (as random-search.ts counts them).
      gradientDescentEvaluations: fastest ? fastest.steps + 1 : null,
      gradientDescentRate: fastest?.learningRate ?? null,
    };
  });
  const dimensions = GUESS_DIMENSIONS.map((parameters) => ({
    parameters,
    expectedGuesses: levels.map((level) => guessesInDimensions(level.chance, parameters)),
  }));
  // Likely within the guesses the lab plays: expected at most a quarter of them (a miss then has odds e⁻⁴).
  // The count falls as 1/level, so the level that needs that many is 10% scaled up, rounded up to one digit.
  const tenPercent = (levels[0] as GuessOdds).expectedGuesses;
  const taskLevel = roundUpToOneDigit(GUESS_TASK_LEVEL * Math.max(1, tenPercent / (maxGuesses / 4)));
  return { box, levels, dimensions, taskLevel };
}
