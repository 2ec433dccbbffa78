/**
 * What a learning rate does: the one vocabulary every face uses.
 *
 * - `converging`: every step moves toward the minimum from one side;
 * - `oscillating`: steps overshoot and jump across the minimum (they may still close in, or bounce forever
 *   at the bound itself);
 * - `diverging`: the jumps grow: the run leaves the minimum.
 *
 * Exact where the theory holds: full-batch SGD (with or without momentum) at a constant rate on linear MSE
 * is a linear iteration, so its regime is a property of the rate and the Hessian's eigenvalues, decided
 * for any number of steps, with no blow-up cut-off to wait for. Per eigen-direction of curvature λ, with
 * h = η·λ:
 *   - plain SGD:  d ← (1 − h)·d; diverges when h > 2, overshoots when h > 1;
 *   - Keras momentum β (heavy ball): d_{k+1} = (1 + β − h)·d_k − β·d_{k−1}, stable iff h < 2(1 + β); its
 *     roots leave the positive real axis (the iterate spirals across the minimum) when h > (1 − √β)²;
 *   - Keras Nesterov β: stable iff h < 2(1 + β)/(1 + 2β); overshoots when h > ((1 − β)/(1 + β))².
 * The sharpest direction reaches each threshold first, so the bounds are these numbers over λmax.
 *
 * Adam, RMSprop and Adagrad rescale each step by gradient statistics, and mini-batches add noise: no exact
 * bound carries over. Their regime is read from the run itself ({@link trajectoryRegime}).
 */
import type { LinearMseTheory } from "./theory.js";

export type Regime = "converging" | "oscillating" | "diverging";

/** Every regime, in the order the rate crosses them. */
export const REGIMES: readonly Regime[] = ["converging", "oscillating", "diverging"];

/** An optimizer as the regime rules need it: its registered name and Keras config. */
export interface OptimizerLike {
  readonly name: string;
  readonly config: object;
}

/** A rate that separates two regimes, and how it is written for a person. */
export interface RateBound {
  readonly learningRate: number;
  /** "2/λmax", "2(1 + β)/λmax", "(1 − √β)²/λmax", … */
  readonly formula: string;
}

/** Where the regime changes for an optimizer on a quadratic. */
export interface RegimeBounds {
  /** Above it the run diverges. At it, plain gradient descent bounces forever. */
  readonly critical: RateBound;
  /** Above it (and up to `critical`) the run overshoots the minimum and oscillates. */
  readonly overshoot: RateBound;
}

/** Why a run's regime cannot be decided from the theory alone. */
export type NoExactBoundReason = "adaptive-optimizer" | "mini-batch" | "not-mse" | "changing-rate";

function momentumOf(optimizer: OptimizerLike): { momentum: number; nesterov: boolean } | null {
  if (optimizer.name !== "sgd") return null;
  const { momentum = 0, nesterov = false } = optimizer.config as { momentum?: number; nesterov?: boolean };
  return { momentum, nesterov: nesterov && momentum > 0 };
}

/**
 * The regime bounds of an optimizer on a quadratic of sharpest curvature λmax; null for the adaptive
 * optimizers (no fixed bound) and for a flat loss.
 */
export function regimeBounds(lambdaMax: number, optimizer: OptimizerLike): RegimeBounds | null {
  const sgd = momentumOf(optimizer);
  if (sgd === null || !(lambdaMax > 0) || !Number.isFinite(lambdaMax)) return null;
  const { momentum: beta, nesterov } = sgd;
  if (beta === 0) {
    return {
      critical: { learningRate: 2 / lambdaMax, formula: "2/λmax" },
      overshoot: { learningRate: 1 / lambdaMax, formula: "1/λmax" },
    };
  }
  if (nesterov) {
    return {
      critical: {
        learningRate: (2 * (1 + beta)) / (1 + 2 * beta) / lambdaMax,
        formula: "2(1 + β)/((1 + 2β)·λmax)",
      },
      overshoot: {
        learningRate: ((1 - beta) / (1 + beta)) ** 2 / lambdaMax,
        formula: "((1 − β)/(1 + β))²/λmax",
      },
    };
  }
  return {
    critical: { learningRate: (2 * (1 + beta)) / lambdaMax, formula: "2(1 + β)/λmax" },
    overshoot: { learningRate: (1 - Math.sqrt(beta)) ** 2 / lambdaMax, formula: "(1 − √β)²/λmax" },
  };
}

/** The regime bounds for data with this theory, or null when the optimizer has none. */
export function regimeBoundsOf(theory: LinearMseTheory, optimizer: OptimizerLike): RegimeBounds | null {
  return regimeBounds(theory.hessianEigenvalues[0], optimizer);
}

/** The regime a constant rate gives, from the bounds: exact for full-batch SGD on linear MSE. */
export function regimeAt(bounds: RegimeBounds, learningRate: number): Regime {
  if (learningRate > bounds.critical.learningRate) return "diverging";
  if (learningRate > bounds.overshoot.learningRate) return "oscillating";
  return "converging";
}

/**
 * Below this fraction of compared steps flipping, a run is not called oscillating (see dynamics.ts). Along
 * the sharpest direction any crossing of the minimum is an overshoot (a converging run approaches from one
 * side and never crosses; a momentum run spirals and crosses every few steps), so two crossings in the
 * run's second half suffice; between successive updates of MAE and Huber, where steps of a fixed size
 * reverse near the minimum anyway, a clear majority is asked for.
 */
export const OSCILLATING_FLIP_FRACTION = {
  "sharpest-direction": 0,
  "successive-updates": 2 / 3,
} as const;
/** Crossings needed along the sharpest direction, so one crossing of rounding noise is not a regime. */
const SHARP_CROSSINGS = 2;

/** What a run did, as far as its regime can be read from it. */
export interface TrajectoryFacts {
  /** The run stopped as diverged, or its loss became non-finite. */
  readonly blewUp: boolean;
  readonly startingLoss: number;
  readonly finalLoss: number;
  /** The best loss, when known (MSE); the excess over it is what must shrink. */
  readonly bestLoss: number | null;
  /** Steps compared in the second half of the run, and how many of them flipped direction. */
  readonly flipPairs: number;
  readonly flips: number;
  readonly flipMeasure: keyof typeof OSCILLATING_FLIP_FRACTION;
  /** Late losses compared with the one before, and how many rose. */
  readonly lossPairs: number;
  readonly lossRises: number;
}

/** A run whose loss rises on more than this fraction of its late steps is circling the minimum. */
export const OSCILLATING_RISE_FRACTION = 1 / 4;

/**
 * The regime read from a run: diverging if it blew up or its excess loss grew over the run; oscillating if
 * most of its late steps flipped direction, or its loss rose on many of them (a slower circling); converging
 * otherwise.
 */
export function trajectoryRegime(facts: TrajectoryFacts): Regime {
  const { blewUp, startingLoss, finalLoss, bestLoss } = facts;
  if (blewUp || !Number.isFinite(finalLoss)) return "diverging";
  const floor = bestLoss ?? 0;
  const startExcess = Math.max(0, startingLoss - floor);
  const finalExcess = Math.max(0, finalLoss - floor);
  // Grown beyond rounding: a run parked at its start (a rate of 0, or already at the optimum) is not diverging.
  if (finalExcess > startExcess * (1 + 1e-9) + 1e-300) return "diverging";
  const crossings = facts.flipMeasure === "sharpest-direction" ? facts.flips >= SHARP_CROSSINGS : true;
  if (
    crossings &&
    facts.flipPairs > 0 &&
    facts.flips / facts.flipPairs > OSCILLATING_FLIP_FRACTION[facts.flipMeasure]
  )
    return "oscillating";
  if (facts.lossPairs > 0 && facts.lossRises / facts.lossPairs > OSCILLATING_RISE_FRACTION)
    return "oscillating";
  return "converging";
}

/**
 * A mini-batch run's regime, from its own trajectory and its full-batch twin's regime (full-batch-twin.ts):
 * the run itself says whether it left the minimum, the twin whether its steps overshoot. Near the minimum
 * mini-batch noise carries the line across it at any rate, and such crossings are not overshooting: a rate
 * of 1/8 of 1/λmax is converging, however often its noise crosses. Without a twin (MAE, Huber, a plateau
 * callback), or when only the twin blew up, the trajectory decides.
 */
export function miniBatchRegime(trajectory: Regime, twin: Regime | null): Regime {
  if (trajectory === "diverging" || twin === null || twin === "diverging") return trajectory;
  return twin;
}
