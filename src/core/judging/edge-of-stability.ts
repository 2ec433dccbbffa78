/**
 * Where a run's sharpness stands against the bound its rate sets: progressive sharpening and the edge of
 * stability (Cohen et al. 2021, "Gradient Descent on Neural Networks Typically Occurs at the Edge of
 * Stability").
 *
 * Full-batch gradient descent at rate η is stable along a direction of curvature λ only while λ < 2/η, so
 * the bound is a line drawn in units of sharpness: λ* = 2/η (a curve when η follows a schedule). With
 * Keras momentum β the quadratic's bound is λ* = 2(1 + β)/η (heavy ball), or 2(1 + β)/((1 + 2β)·η)
 * (Nesterov): the same numbers theory/regime.ts gives as rates, read the other way round. Adam, RMSprop and
 * Adagrad divide each step by gradient statistics: their bound is on the sharpness of the preconditioned
 * loss, not on λmax of the Hessian (Cohen et al. 2022, "Adaptive Gradient Methods at the Edge of
 * Stability"), so they get none here.
 *
 * On a network the measured λmax typically rises during training (progressive sharpening) until it reaches
 * the bound, then hovers around it while the loss keeps falling, not monotonically (the edge of stability).
 */
import { type OptimizerLike, regimeBounds } from "../theory/regime.js";

/** The bound on the sharpness at rate η: λ* = factor/η, written `formula` ("2/η", "2(1 + β)/η", …). */
export interface SharpnessBound {
  readonly factor: number;
  readonly formula: string;
}

/** The sharpness bound of full-batch SGD (with or without momentum); null for the adaptive optimizers. */
export function sharpnessBound(optimizer: OptimizerLike): SharpnessBound | null {
  // regimeBounds at λmax = 1 gives the factor c of the critical rate c/λmax; the bound on λ is c/η.
  const bounds = regimeBounds(1, optimizer);
  if (!bounds) return null;
  return {
    factor: bounds.critical.learningRate,
    formula: bounds.critical.formula.replace("λmax", "η"),
  };
}

/** What the measured sharpness did against its bound. Steps are the measured steps'. */
export interface SharpnessPhases {
  /**
   * λmax rose by at least {@link SHARPENING_RISE} from its lowest point to its highest before it first
   * reached the bound (or in the whole run, if it never did): progressive sharpening, from step to step.
   */
  readonly sharpening: {
    readonly from: number;
    readonly to: number;
    readonly fromValue: number;
    readonly toValue: number;
  } | null;
  /** The first measured step at which λmax was at or above the bound; null if it never was. */
  readonly edgeFrom: number | null;
  /**
   * The last measured step at which λmax was still within {@link EDGE_BAND} of the bound or above it (the
   * run's last step when it stays there; earlier when a decaying rate lifts the bound away); null with
   * `edgeFrom`.
   */
  readonly edgeTo: number | null;
  /**
   * λmax was above the bound at the first measurement (the run starts beyond it): the phases are then read
   * from the first measurement below it, or the edge starts at the first one if it never comes below.
   */
  readonly startsAbove: boolean;
  /** Measured steps from `edgeFrom` on at which λmax was within {@link EDGE_BAND} of the bound or above it. */
  readonly atEdge: number;
  /** Measured steps from `edgeFrom` on. */
  readonly afterEdge: number;
  /**
   * The decision every face words: λmax reached the bound and stayed there, within {@link EDGE_BAND} or
   * above at no fewer than half the measurements from `edgeFrom` on. A lone spike across the bound, or a run
   * that starts above it and falls away, is not the edge of stability (λmax hovers at it there).
   */
  readonly edgeOfStability: boolean;
  /** The run started above the bound and λmax fell below it (the first measured step below), else null. */
  readonly fellBelowFrom: number | null;
  /**
   * λmax stayed at the bound as at the edge, but the loss ended above where it started: the run bounced
   * without blowing up and did not descend, so it is not called the edge of stability (there the loss
   * falls over the run, if not at every step). False when no losses were given.
   */
  readonly edgeButLossRose: boolean;
  /** λmax over the bound at the measurements from `edgeFrom` on, lowest and highest; null with `edgeFrom`. */
  readonly edgeRatios: { readonly low: number; readonly high: number } | null;
  /**
   * At the edge of stability, λmax hovered at the bound: within {@link EDGE_BAND} below it to
   * {@link HOVER_ABOVE} above it at no fewer than half the measurements from `edgeFrom` on. A run that
   * stays well above the bound without blowing up (1.1× to 2.6× it) is past the edge, not hovering at it.
   */
  readonly hovering: boolean;
}

/** A rise of this fraction of its low point counts as sharpening (not the jitter of a flat curve). */
export const SHARPENING_RISE = 0.2;
/** λmax within this fraction below the bound counts as at it (a run at the edge hovers just around it). */
export const EDGE_BAND = 0.1;
/**
 * λmax up to this fraction above the bound still hovers at it: Cohen et al.'s full-batch runs sit just
 * above 2/η, their overshoots of this order.
 */
export const HOVER_ABOVE = 0.2;

/**
 * The phases of a run from its measured sharpness and the bound at each measured step (`bound(step)`,
 * Infinity where the rate is 0). Non-finite measurements are skipped.
 */
export function sharpnessPhases(
  steps: ArrayLike<number>,
  sharpness: ArrayLike<number>,
  bound: (step: number) => number,
  /** The run's starting and final loss: a run whose loss ended higher is not at the edge of stability. */
  loss?: { readonly starting: number; readonly final: number },
): SharpnessPhases {
  const points: { step: number; value: number; bound: number }[] = [];
  for (let i = 0; i < Math.min(steps.length, sharpness.length); i++) {
    const step = steps[i] as number;
    const value = sharpness[i] as number;
    if (Number.isFinite(value)) points.push({ step, value, bound: bound(step) });
  }
  const first = points[0];
  const startsAbove = first !== undefined && first.value > first.bound;
  // A run that starts above the bound first overshoots and falls below it (or never does, and is at the
  // edge from the start): the phases are read from the first measurement below the bound on.
  const below = startsAbove ? points.findIndex((point) => point.value < point.bound) : 0;
  const edgeIndex = below < 0 ? 0 : points.findIndex((point, i) => i >= below && point.value >= point.bound);
  const edgeAtStart = below < 0;
  const after = edgeIndex < 0 ? [] : points.slice(edgeIndex);
  const near = (point: (typeof points)[number]) => point.value >= (1 - EDGE_BAND) * point.bound;
  const lastNear = after.filter(near).at(-1);
  const atEdge = after.filter(near).length;
  const atTheBound = edgeIndex >= 0 && 2 * atEdge >= after.length;
  // Cohen et al.'s edge of stability: λmax at 2/η while the loss still falls over the run (non-monotonically).
  // A loss that ended above its start (or not finite) fell nowhere: the same sharpness is only bouncing.
  const lossRose = loss !== undefined && !(loss.final <= loss.starting);
  const edgeOfStability = atTheBound && !lossRose;
  const ratios = after
    .filter((point) => Number.isFinite(point.bound))
    .map((point) => point.value / point.bound);
  const hoveringCount = ratios.filter((ratio) => ratio >= 1 - EDGE_BAND && ratio <= 1 + HOVER_ABOVE).length;
  // Sharpening: from the lowest value before the edge (or in the run, when there is no lasting edge) to the
  // highest after that low point.
  const end = edgeAtStart ? -1 : atTheBound ? edgeIndex : points.length - 1;
  const valueAt = (i: number) => (points[i] as (typeof points)[number]).value;
  let low = -1;
  for (let i = Math.max(below, 0); i <= end; i++) if (low < 0 || valueAt(i) < valueAt(low)) low = i;
  let high = -1;
  if (low >= 0) for (let i = low + 1; i <= end; i++) if (high < 0 || valueAt(i) >= valueAt(high)) high = i;
  const lowPoint = points[low];
  const highPoint = points[high];
  // Without a lasting edge, a rise counts only when it held to the end of the run: a spike that falls
  // back is not progressive sharpening.
  const lastValue = points.at(-1)?.value ?? 0;
  const rose =
    lowPoint !== undefined &&
    highPoint !== undefined &&
    lowPoint.value > 0 &&
    highPoint.value >= (1 + SHARPENING_RISE) * lowPoint.value &&
    (atTheBound || (1 + SHARPENING_RISE) * lastValue >= highPoint.value);
  const sharpening =
    rose && lowPoint && highPoint
      ? { from: lowPoint.step, to: highPoint.step, fromValue: lowPoint.value, toValue: highPoint.value }
      : null;
  return {
    sharpening,
    edgeFrom: edgeIndex < 0 ? null : (points[edgeIndex] as (typeof points)[number]).step,
    edgeTo: lastNear ? lastNear.step : null,
    startsAbove,
    atEdge,
    afterEdge: after.length,
    edgeOfStability,
    fellBelowFrom: startsAbove && below > 0 ? (points[below] as (typeof points)[number]).step : null,
    edgeButLossRose: atTheBound && lossRose,
    edgeRatios: ratios.length > 0 ? { low: Math.min(...ratios), high: Math.max(...ratios) } : null,
    hovering: edgeOfStability && ratios.length > 0 && 2 * hoveringCount >= ratios.length,
  };
}

/** Whether a loss history never rose from one recorded step to the next (non-finite values ignored). */
export function lossFellEveryStep(losses: ArrayLike<number>): boolean {
  let previous = Number.NaN;
  for (let i = 0; i < losses.length; i++) {
    const loss = losses[i] as number;
    if (!Number.isFinite(loss)) continue;
    if (loss > previous) return false;
    previous = loss;
  }
  return true;
}

/**
 * A final loss this many times the starting loss is a blow-up under way, not a bounce: a run at the edge
 * of stability falls over the run, and one that merely bounces stays within a few times its start.
 */
export const BLOW_UP_LOSS_RISE = 4;
/**
 * λmax at the end this many times the bound (η·λmax ≥ 20 for plain SGD, whose bound is 2) is far past the
 * edge, where Cohen et al.'s runs hover within {@link HOVER_ABOVE}: each step multiplies the error along
 * the sharpest direction by |1 − η·λmax| ≥ 19, so the run is blowing up, whatever the loss did so far.
 */
export const FAR_ABOVE_BOUND = 10;

/** Why a run that did not overflow is diverging all the same: its loss rise, its sharpness over the bound. */
export interface UnfinishedBlowUp {
  /** The final loss over the starting loss, where it is {@link BLOW_UP_LOSS_RISE} or more; else null. */
  readonly lossRise: number | null;
  /** λmax at the end over the bound its rate sets, where it is {@link FAR_ABOVE_BOUND} or more; else null. */
  readonly boundRatio: number | null;
}

/**
 * Whether a run that completed without overflowing was blowing up when its budget ended: its loss rose
 * several-fold, or its sharpness at the end is far past the bound (`boundRatio`: λmax · η / factor, null
 * where there is no bound or no measurement). Null when neither: it may be bouncing, or at the edge.
 */
export function unfinishedBlowUp(facts: {
  readonly startingLoss: number;
  readonly finalLoss: number;
  readonly boundRatio: number | null;
}): UnfinishedBlowUp | null {
  const { startingLoss, finalLoss, boundRatio } = facts;
  // A start at loss 0 cannot rise "several-fold"; any rise from there is left to the other evidence.
  const rise = startingLoss > 0 && Number.isFinite(finalLoss) ? finalLoss / startingLoss : null;
  const lossRise = rise !== null && rise >= BLOW_UP_LOSS_RISE ? rise : null;
  const farAbove = boundRatio !== null && boundRatio >= FAR_ABOVE_BOUND ? boundRatio : null;
  return lossRise === null && farAbove === null ? null : { lossRise, boundRatio: farAbove };
}
