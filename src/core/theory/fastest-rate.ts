/**
 * Which rate to use, exactly, for full-batch gradient descent on linear MSE.
 *
 * Two different questions have two different answers:
 * - the best worst-case rate 2/(λmin + λmax) makes the slowest direction shrink fastest, whatever the start;
 * - the fastest rate *from this start* reaches the closeness gap in the fewest steps. With the start's
 *   components c_i along the eigenvectors, after k steps at rate η
 *     L − L* = g_k(η) = Σ ½·λ_i·c_i²·(1 − η·λ_i)^(2k),
 *   a convex function of η (a sum of even powers of affine functions). So for each k its minimum over η is
 *   found by golden-section search, the smallest k whose minimum is within the gap by bisection on k (the
 *   minimum does not grow with k), and the rates that make it in k steps form one interval around it.
 *   The search itself is fastest-from-start.ts's, for any number of directions; the linear family uses it too.
 * On the built-in data the first is 0.2755 (22 steps from (0, 0)) and the second 0.24 (11 steps).
 *
 * With momentum β (Keras SGD, heavy ball) the optimal pair is Polyak's: η = 4/(√λmax + √λmin)²,
 * β = ((√κ − 1)/(√κ + 1))², which shrinks every direction by √β per step.
 *
 * Every rate given here is rounded *down* to the fewest significant digits that keep its promise (the same
 * step count, or stability with the same speed to within 10%), so a printed suggestion never sits above a
 * bound.
 */
import type { LinearStats } from "../data/stats.js";
import { eigenComponents, type FastestRate, fastestRateAlong } from "./fastest-from-start.js";
import { roundDownSignificant, shortestRoundingDown } from "./rounding.js";
import type { LinearMseTheory } from "./theory.js";

export type { FastestRate } from "./fastest-from-start.js";
export { roundDownSignificant, shortestRoundingDown } from "./rounding.js";

export interface FastestRateOptions {
  readonly initialW: number;
  readonly initialB: number;
  /** The loss gap L − L* to reach. */
  readonly gap: number;
}

const GOLDEN = (Math.sqrt(5) - 1) / 2;

/** Answers already worked out, per statistics object: a sweep or a lab asks again and again for one start. */
const remembered = new WeakMap<LinearStats, Map<string, FastestRate | null>>();

/**
 * The constant rate that reaches `gap` in the fewest full-batch steps from (initialW, initialB) (0 steps,
 * at the best worst-case rate, when the start is already there), or null when no constant rate gets there
 * in a countable number of steps.
 */
export function fastestRate(
  stats: LinearStats,
  theory: LinearMseTheory,
  options: FastestRateOptions,
): FastestRate | null {
  let answers = remembered.get(stats);
  if (!answers) {
    answers = new Map();
    remembered.set(stats, answers);
  }
  const key = `${options.initialW} ${options.initialB} ${options.gap}`;
  if (!answers.has(key)) {
    if (answers.size > 64) answers.clear();
    answers.set(key, computeFastestRate(stats, theory, options));
  }
  return answers.get(key) as FastestRate | null;
}

/** The line's two directions handed to the general search (fastest-from-start.ts). */
function computeFastestRate(
  stats: LinearStats,
  theory: LinearMseTheory,
  { initialW, initialB, gap }: FastestRateOptions,
): FastestRate | null {
  return fastestRateAlong({
    directions: eigenComponents(
      theory.hessianEigenvalues,
      theory.eigenvectors,
      [initialW, initialB],
      [stats.optimum.w, stats.optimum.b],
    ),
    gap,
    criticalLearningRate: theory.criticalLearningRate,
    optimalLearningRate: theory.optimalLearningRate,
  });
}

/** SGD with momentum's rate and momentum, Keras's `learning_rate` and `momentum`. */
/**
 * The two eigenvalues that decide a momentum method on a quadratic: λmax and the smallest λ that moves
 * (the line's λmin; for the linear family the smallest outside the design's null space, whose directions
 * the loss ignores). The root modulus is largest at the ends of [λmin, λmax], so these two suffice.
 */
export interface QuadraticExtremes {
  readonly hessianEigenvalues: readonly [lambdaMax: number, lambdaMin: number];
}

export interface MomentumPair {
  readonly learningRate: number;
  readonly momentum: number;
  /** The per-step contraction of every direction, √β for the exact pair. */
  readonly contraction: number;
}

/**
 * The largest root modulus of the heavy-ball (or Nesterov) iteration along a direction with h = η·λ:
 * heavy ball z² − (1 + β − h)·z + β, Nesterov z² − (1 + β)(1 − h)·z + β(1 − h) (Keras's update rules).
 */
export function momentumRootModulus(h: number, momentum: number, nesterov = false): number {
  const trace = nesterov ? (1 + momentum) * (1 - h) : 1 + momentum - h;
  const determinant = nesterov ? momentum * (1 - h) : momentum;
  const discriminant = trace * trace - 4 * determinant;
  if (discriminant < 0) return Math.sqrt(determinant);
  const root = Math.sqrt(discriminant);
  return Math.max(Math.abs((trace + root) / 2), Math.abs((trace - root) / 2));
}

/** The worst contraction of a momentum pair over the two eigen-directions (λmin = 0 does not count). */
export function momentumContraction(
  theory: QuadraticExtremes,
  learningRate: number,
  momentum: number,
  nesterov = false,
): number {
  const [lambdaMax, lambdaMin] = theory.hessianEigenvalues;
  const sharp = momentumRootModulus(learningRate * lambdaMax, momentum, nesterov);
  return lambdaMin > 0
    ? Math.max(sharp, momentumRootModulus(learningRate * lambdaMin, momentum, nesterov))
    : sharp;
}

/**
 * The optimal constant pair of rate and momentum for the quadratic, rounded down to the fewest digits that
 * stay stable and within 10% of the optimal speed (−log of the contraction):
 * - heavy ball (Keras SGD with momentum), Polyak (1964, "Some methods of speeding up the convergence of
 *   iteration methods"): η = 4/(√λmax + √λmin)², β = ((√κ − 1)/(√κ + 1))²,
 *   contraction √β = (√κ − 1)/(√κ + 1);
 * - Nesterov (Keras `nesterov=True`), Lessard, Recht & Packard (2016): η = 4/(3λmax + λmin),
 *   β = (√(3κ + 1) − 2)/(√(3κ + 1) + 2), contraction 1 − 2/√(3κ + 1).
 * With λmin = 0 the flat direction does not matter and plain gradient descent at 1/λmax (β = 0) finishes
 * the sharp one in a step.
 */
export function optimalMomentumPair(theory: QuadraticExtremes, nesterov = false): MomentumPair {
  const [lambdaMax, lambdaMin] = theory.hessianEigenvalues;
  if (!(lambdaMin > 0)) {
    return { learningRate: shortestRoundingDown(1 / lambdaMax, () => true), momentum: 0, contraction: 0 };
  }
  const kappa = lambdaMax / lambdaMin;
  let learningRate: number;
  let momentum: number;
  let optimalContraction: number;
  if (nesterov) {
    const root = Math.sqrt(3 * kappa + 1);
    learningRate = 4 / (3 * lambdaMax + lambdaMin);
    momentum = (root - 2) / (root + 2);
    optimalContraction = 1 - 2 / root;
  } else {
    const rootKappa = Math.sqrt(kappa);
    learningRate = 4 / (Math.sqrt(lambdaMax) + Math.sqrt(lambdaMin)) ** 2;
    momentum = ((rootKappa - 1) / (rootKappa + 1)) ** 2;
    optimalContraction = (rootKappa - 1) / (rootKappa + 1);
  }
  const optimalSpeed = -Math.log(optimalContraction);
  for (let digits = 1; digits <= 17; digits++) {
    const roundedRate = roundDownSignificant(learningRate, digits);
    // β rounded down too, in its distance from 1 (β = 0.99996 is "1 − 4e-5"): rounding the gap up keeps
    // the digits that matter and never prints a momentum above the one computed.
    const roundedMomentum = momentum <= 0 ? 0 : oneMinus(roundUpSignificant(1 - momentum, digits), digits);
    const contraction = momentumContraction(theory, roundedRate, roundedMomentum, nesterov);
    if (roundedRate > 0 && contraction < 1 && -Math.log(contraction) >= 0.9 * optimalSpeed) {
      return { learningRate: roundedRate, momentum: roundedMomentum, contraction };
    }
  }
  return { learningRate, momentum: Math.max(0, momentum), contraction: optimalContraction };
}

/** `value` rounded away from zero to `digits` significant digits. */
function roundUpSignificant(value: number, digits: number): number {
  const down = roundDownSignificant(value, digits);
  if (down === value) return value;
  const unit = 10 ** (Math.floor(Math.log10(down)) - digits + 1);
  return Number((down + unit).toPrecision(digits));
}

/** 1 − gap written with the decimals of a `digits`-digit gap: 1 − 0.554 = 0.446, not 0.44599999999999995. */
function oneMinus(gap: number, digits: number): number {
  const decimals = Math.min(100, Math.max(0, digits - 1 - Math.floor(Math.log10(gap))));
  return Number((1 - gap).toFixed(decimals));
}

/**
 * For a given momentum, the rate with the best worst-case contraction (golden-section search on the larger
 * root modulus of the two directions, which falls, stays flat, then rises with η), rounded down to the
 * fewest digits that keep 90% of its speed. Null when no rate converges (β ≥ 1).
 */
export function bestRateForMomentum(
  theory: QuadraticExtremes,
  momentum: number,
  nesterov = false,
): number | null {
  if (!(momentum >= 0 && momentum < 1)) return null;
  const lambdaMax = theory.hessianEigenvalues[0];
  const bound = (nesterov ? (2 * (1 + momentum)) / (1 + 2 * momentum) : 2 * (1 + momentum)) / lambdaMax;
  const worst = (rate: number) => momentumContraction(theory, rate, momentum, nesterov);
  // Golden-section search leaning low or high on ties: between the two the contraction is flat at its
  // best (both directions spiral at √β), and the middle of that flat stretch is the safest choice.
  const search = (leanHigh: boolean): number => {
    let low = 0;
    let high = bound;
    for (let i = 0; i < 200 && high - low > 1e-15 * bound; i++) {
      const a = high - GOLDEN * (high - low);
      const b = low + GOLDEN * (high - low);
      const [fa, fb] = [worst(a), worst(b)];
      if (fa < fb || (fa === fb && !leanHigh)) high = b;
      else low = a;
    }
    return (low + high) / 2;
  };
  const lowest = search(false);
  const highest = search(true);
  const best =
    Math.abs(worst(lowest) - worst(highest)) <= 1e-6
      ? Math.sqrt(lowest * highest)
      : worst(lowest) < worst(highest)
        ? lowest
        : highest;
  const speed = -Math.log(worst(best));
  if (!(speed > 0)) return null;
  return shortestRoundingDown(best, (rate) => -Math.log(worst(rate)) >= 0.9 * speed);
}
