/**
 * The fastest constant rate *from a given start* for full-batch gradient descent on any quadratic loss
 * (MSE of a model linear in its parameters), in as many eigen-directions as it has.
 *
 * With λ_i the Hessian's eigenvalues and c_i the start's components along its eigenvectors
 * (c_i = v_iᵀ(θ₀ − θ*)), after k steps at rate η every component is multiplied by (1 − η·λ_i)^k, so
 *   L − L* = g_k(η) = Σ ½·λ_i·c_i²·(1 − η·λ_i)^(2k),
 * a convex function of η (a sum of even powers of affine functions). For each k its minimum over η is
 * found by golden-section search on [0, 2/λmax], the smallest k whose minimum is within the gap by
 * bisection on k (the minimum does not grow with k: every |1 − η·λ_i| ≤ 1 there), and the rates that make
 * it in k steps form one interval around the minimizer (a sublevel set of a convex function).
 *
 * The line (fastest-rate.ts, two directions) and the linear family (choosing/model-suggest.ts, d + 1
 * directions) both ask this one function.
 */
import { shortestRoundingDown } from "./rounding.js";

/** One eigen-direction of the Hessian and how far the start lies from the optimum along it. */
export interface EigenComponent {
  readonly eigenvalue: number;
  /** v_iᵀ(θ₀ − θ*), with v_i the unit eigenvector. */
  readonly component: number;
}

export interface FastestRate {
  /** The suggestion: the exact minimizer rounded down to the fewest digits that still need only `steps`. */
  readonly learningRate: number;
  /** The rate that brings the loss gap lowest after `steps` steps. */
  readonly exactLearningRate: number;
  /** The fewest full-batch steps any constant rate needs to get within the gap. */
  readonly steps: number;
  /** Every constant rate in [low, high] gets there in `steps` steps. */
  readonly range: readonly [number, number];
}

export interface FastestRateProblem {
  readonly directions: readonly EigenComponent[];
  /** The loss gap L − L* to reach. */
  readonly gap: number;
  /** 2/λmax: the search's upper end. */
  readonly criticalLearningRate: number;
  /** 2/(λmin + λmax) (1/λmax when λmin = 0): the answer when the start is already within the gap. */
  readonly optimalLearningRate: number;
}

const GOLDEN = (Math.sqrt(5) - 1) / 2;

/**
 * The start's components along unit eigenvectors: c_i = v_iᵀ(start − optimum), paired with λ_i. The
 * vectors must be in the coordinates of `start` and `optimum`.
 */
export function eigenComponents(
  eigenvalues: ArrayLike<number>,
  eigenvectors: readonly ArrayLike<number>[],
  start: ArrayLike<number>,
  optimum: ArrayLike<number>,
): EigenComponent[] {
  return Array.from(eigenvectors, (vector, i) => {
    let component = 0;
    for (let j = 0; j < start.length; j++)
      component += (vector[j] as number) * ((start[j] as number) - (optimum[j] as number));
    return { eigenvalue: eigenvalues[i] as number, component };
  });
}

/** log g_k(η) for these directions, summed without overflow (log-sum-exp); −∞ when nothing is left. */
function logGapFunction(directions: readonly EigenComponent[]): (k: number, rate: number) => number {
  // log(½·λ_i·c_i²) per direction, −∞ where a direction carries nothing.
  const logWeights = directions.map(({ eigenvalue, component }) =>
    Math.log(0.5 * eigenvalue * component * component),
  );
  const lambdas = directions.map(({ eigenvalue }) => eigenvalue);
  return (k, rate) => {
    const terms = logWeights.map((logWeight, i) =>
      logWeight === Number.NEGATIVE_INFINITY
        ? Number.NEGATIVE_INFINITY
        : logWeight + 2 * k * Math.log(Math.abs(1 - rate * (lambdas[i] as number))),
    );
    const top = Math.max(...terms);
    if (top === Number.NEGATIVE_INFINITY || top === Number.POSITIVE_INFINITY) return top;
    return top + Math.log(terms.reduce((sum, term) => sum + Math.exp(term - top), 0));
  };
}

/** L − L* after `steps` full-batch steps at `learningRate` from the start these directions describe. */
export function gapAfter(directions: readonly EigenComponent[], steps: number, learningRate: number): number {
  return Math.exp(logGapFunction(directions)(steps, learningRate));
}

/**
 * The fewest full-batch steps at `learningRate` that bring L − L* within `gap` (0 when the start is
 * already there), or null when that rate never gets there in a countable number of steps.
 */
export function stepsAlong(
  directions: readonly EigenComponent[],
  learningRate: number,
  gap: number,
): number | null {
  const logGapAfter = logGapFunction(directions);
  const logGap = Math.log(gap);
  const within = (k: number) => logGapAfter(k, learningRate) <= logGap;
  if (within(0)) return 0;
  // Past the bound along a direction that carries loss, the gap grows; at |1 − ηλ| = 1 it stays.
  let high = 1;
  while (!within(high)) {
    high *= 2;
    if (high > Number.MAX_SAFE_INTEGER) return null;
  }
  let low = high / 2 < 1 ? 0 : high / 2; // not within in `low` steps
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    if (within(middle)) high = middle;
    else low = middle;
  }
  return high;
}

/** Golden-section search for the minimizer of the quasi-convex log g_k on [0, 2/λmax]. */
function minimizerAfter(
  logGapAfter: (k: number, rate: number) => number,
  k: number,
  critical: number,
): number {
  let low = 0;
  let high = critical;
  let a = high - GOLDEN * (high - low);
  let b = low + GOLDEN * (high - low);
  let fa = logGapAfter(k, a);
  let fb = logGapAfter(k, b);
  for (let i = 0; i < 200 && high - low > 1e-15 * critical; i++) {
    if (fa <= fb) {
      high = b;
      b = a;
      fb = fa;
      a = high - GOLDEN * (high - low);
      fa = logGapAfter(k, a);
    } else {
      low = a;
      a = b;
      fa = fb;
      b = low + GOLDEN * (high - low);
      fb = logGapAfter(k, b);
    }
  }
  return (low + high) / 2;
}

/**
 * The constant rate below 2/λmax whose run ends lowest after exactly `steps` full-batch steps, and its
 * gap L − L* then: what a sweep of every rate, ranked by final loss, would name for that budget.
 */
export function lowestAfter(
  directions: readonly EigenComponent[],
  steps: number,
  criticalLearningRate: number,
): { readonly learningRate: number; readonly gap: number } {
  const logGapAfter = logGapFunction(directions);
  const learningRate = minimizerAfter(logGapAfter, steps, criticalLearningRate);
  return { learningRate, gap: Math.exp(logGapAfter(steps, learningRate)) };
}

/**
 * The constant rate that reaches `gap` in the fewest full-batch steps (0 steps, at the best worst-case
 * rate, when the start is already there), or null when no constant rate gets there in a countable number
 * of steps.
 */
export function fastestRateAlong({
  directions,
  gap,
  criticalLearningRate: critical,
  optimalLearningRate,
}: FastestRateProblem): FastestRate | null {
  const logGapAfter = logGapFunction(directions);
  const logGap = Math.log(gap);
  const minimizer = (k: number): number => minimizerAfter(logGapAfter, k, critical);
  const reachable = (k: number): boolean => logGapAfter(k, minimizer(k)) <= logGap;

  if (logGapAfter(0, 0) <= logGap) {
    // Already there: any rate up to the bound keeps it there (the loss only falls below 2/λmax).
    const learningRate = shortestRoundingDown(optimalLearningRate, () => true);
    return { learningRate, exactLearningRate: optimalLearningRate, steps: 0, range: [0, critical] };
  }
  // Reachability does not shrink with k, so doubling then bisection finds the smallest reachable k.
  let high = 1;
  while (!reachable(high)) {
    high *= 2;
    if (high > Number.MAX_SAFE_INTEGER) return null;
  }
  let low = 0; // not reachable in `low` steps
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    if (reachable(middle)) high = middle;
    else low = middle;
  }
  const steps = high;
  const best = minimizer(steps);
  const within = (rate: number) => logGapAfter(steps, rate) <= logGap;
  // The interval's ends by bisection from the minimizer (the sublevel set of a convex function).
  const edge = (inside: number, outside: number): number => {
    for (let i = 0; i < 100; i++) {
      const middle = (inside + outside) / 2;
      if (within(middle)) inside = middle;
      else outside = middle;
    }
    return inside;
  };
  const range: [number, number] = [edge(best, 0), edge(best, critical)];
  // Rounded down, but kept off the interval's very ends, where the closed form and a run's own rounding
  // could disagree by a step.
  const margin = 0.02 * (range[1] - range[0]);
  const inside = (rate: number) => rate >= range[0] + margin && rate <= range[1] - margin;
  // The minimizer can sit at the interval's low end (a very flat direction): then no rounding down of it
  // stays inside, and the shortest decimal inside is a rounding down of the interval's top.
  const fromBest = shortestRoundingDown(best, inside);
  const learningRate = inside(fromBest) ? fromBest : shortestRoundingDown(range[1] - margin, inside);
  return { learningRate, exactLearningRate: best, steps, range };
}
