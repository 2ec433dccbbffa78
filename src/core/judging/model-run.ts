/**
 * A run of any model (models/model-spec.ts) from its config: trained, and judged beside its critical rate.
 *
 * The critical rate is exact for the linear family under MSE (2/λmax of 2/n·[X 1]ᵀ[X 1], linear-theory.ts)
 * and measured otherwise: the sharpness, λmax of the full-data loss Hessian at the starting weights, by
 * power iteration on exact Hessian-vector products (models/sharpness.ts). On a network the sharpness moves
 * during training (it typically rises until it meets 2/η: Cohen et al. 2021, "Gradient Descent on Neural
 * Networks Typically Occurs at the Edge of Stability"), so a run tracked with `trackSharpness` is also
 * judged by the sharpness at its end.
 *
 * The regime, in the vocabulary of theory/regime.ts, is decided by the best evidence available:
 *   1. the run blew up: diverging;
 *   2. exact: the linear family under MSE, full batch, constant rate, SGD with or without momentum: the
 *      optimizer's bounds from the exact λmax decide, for any number of steps;
 *   3. sharpness: otherwise, for full-batch SGD at a constant rate with sharpness tracked, the bounds from the
 *      last measured sharpness; a rate above the divergence bound in a run that did not blow up is
 *      oscillating (at the edge of stability), not diverging;
 *   4. run: otherwise (Adam, RMSprop, Adagrad, mini-batches, schedules) the loss history: many late rises
 *      mean it circles the minimum (trajectoryRegime).
 */

import type { BudgetShortfall } from "../choosing/budget-shortfall.js";
import { type RunSimulation, simulateRun } from "../choosing/run-simulation.js";
import { type SimulatedRate, trialOf } from "../choosing/simulated-rate.js";
import type { LrlabError } from "../errors.js";
import { reluUnitsDied } from "../models/dead-relu.js";
import type { BestWorstCaseFormula } from "../models/linear-theory.js";
import { initialParameters, type PreparedModel } from "../models/model-spec.js";
import { sharpness } from "../models/sharpness.js";
import { stalledByStart } from "../models/start-check.js";
import type { ParamSpec } from "../params.js";
import { type MomentumPair, optimalMomentumPair } from "../theory/fastest-rate.js";
import {
  type Regime,
  type RegimeBounds,
  regimeAt,
  regimeBounds,
  trajectoryRegime,
} from "../theory/regime.js";
import { type ResolvedRun, type RunConfig, resolveRun } from "../training/run-config.js";
import {
  type ModelTrainResult,
  SHARPNESS_MAX_ITERATIONS,
  SHARPNESS_TOLERANCE,
  trainModel,
} from "../training/train-model.js";
import { type Closeness, closeness } from "./closeness.js";
import {
  lossFellEveryStep,
  sharpnessBound,
  sharpnessPhases,
  type UnfinishedBlowUp,
  unfinishedBlowUp,
} from "./edge-of-stability.js";
import { type NoFiniteOptimum, noFiniteOptimum } from "./finite-optimum.js";
import { judgeLinearFamilyRun, lateLossFacts, movingExtremes } from "./linear-family-verdict.js";
import { type MeasuredBoundAdvice, measuredBoundAdvice } from "./measured-bound-advice.js";
import { highestRateOf, type UnstableReason, unstableUndiverged } from "./unstable-run.js";
import type { Outcome } from "./verdict.js";

/** The rate's limits at the starting weights: exact for the linear family under MSE, measured otherwise. */
export interface ModelStability {
  readonly basis: "exact" | "measured";
  /** λmax of the full-data loss Hessian at the start (the same everywhere for the linear family). */
  readonly sharpness: number;
  /** 2/λmax: above it full-batch gradient descent diverges along the sharpest direction. */
  readonly criticalLearningRate: number;
  /** Exact only: all the Hessian's eigenvalues, largest first, its condition number and the best worst-case rate. */
  readonly hessianEigenvalues: Float64Array | null;
  readonly conditionNumber: number | null;
  readonly optimalLearningRate: number | null;
  /** Exact only: that rate's formula (it changes when some eigenvalues are 0). */
  readonly optimalFormula: BestWorstCaseFormula | null;
  /** The chosen optimizer's bounds from that λmax (SGD with or without momentum); null for adaptive ones. */
  readonly bounds: RegimeBounds | null;
  /** Measured only: whether the power iteration met its tolerance. */
  readonly converged: boolean;
}

export interface ModelVerdict {
  readonly regime: Regime;
  readonly regimeBasis: "exact" | "sharpness" | "run";
  /** The optimizer's divergence bound at the end of a tracked run (from the last sharpness), else null. */
  readonly criticalAtEnd: number | null;
  /** The last sharpness measured (tracked, or at the final weights of a full-batch SGD run), else null. */
  readonly sharpnessAtEnd: number | null;
  /**
   * λmax reached the bound 2/η and stayed at it without the run blowing up (edge-of-stability.ts's
   * `sharpnessPhases` decision, the one the sharpness figure draws): the edge of stability.
   */
  readonly edgeOfStability: boolean;
  /**
   * At the edge of stability, λmax hovered at the bound (sharpnessPhases' `hovering`); false when it
   * stayed well above it, and with no edge.
   */
  readonly edgeHovering: boolean;
  /** At the edge of stability: λmax over the bound from the edge on, lowest and highest; else null. */
  readonly edgeRatios: { readonly low: number; readonly high: number } | null;
  /**
   * The regime was decided by the sharpness at the end, and the rate is above the bound it sets (η·λmax
   * past 2 for plain SGD) in a run that did not blow up: oscillating, above the bound at the end.
   */
  readonly aboveBoundAtEnd: boolean;
  /** λmax started above the bound and fell below it without the run blowing up (not the edge). */
  readonly startedAboveBound: boolean;
  /**
   * λmax stayed at the bound as at the edge of stability, but the loss ended above where it started: not
   * the edge, where the loss falls over the run (edge-of-stability.ts `edgeButLossRose`).
   */
  readonly edgeButLossRose: boolean;
  /**
   * The run completed without overflowing but was blowing up when the budget ended (edge-of-stability.ts
   * `unfinishedBlowUp`: the loss rose several-fold, or λmax at the end is far past the bound): the regime is
   * then diverging, "the budget ended first". Null otherwise.
   */
  readonly unfinishedBlowUp: UnfinishedBlowUp | null;
  /**
   * A relu network whose last hidden layer outputs 0 on every row at the end (models/dead-relu.ts): the
   * units died, only the output bias still learns, and the regime (read from the bias's own curvature) says
   * nothing of the network. False for a run that diverged or did not move, and for other models.
   */
  readonly reluDied: boolean;
  /** The final loss is above the starting loss (or not finite): whatever the regime, the run did not descend. */
  readonly lossEndedHigher: boolean;
  /**
   * The run did not diverge, yet its rate went above the bound that applies at the start (the optimizer's
   * critical rate, exact or measured there) and it was diverging when its steps ran out ("above-bound"), or
   * else its loss ended higher ("loss-rose");
   * null when neither (unstable-run.ts). Every step of such a run multiplies a difference, so rounding
   * differences grow, as at the edge of stability.
   */
  readonly unstableUndiverged: UnstableReason | null;
  /** The recorded loss never rose from one recorded step to the next. */
  readonly lossFellEveryStep: boolean;
  /** Within the closeness gap of the exact best loss (the linear family under MSE); null where unknown. */
  readonly reached: boolean | null;
  /**
   * BCE with no finite minimum (one class, or separable data: finite-optimum.ts): the loss keeps falling
   * toward 0 as the weights grow, so "converging" means sliding down an endless slope; null otherwise.
   */
  readonly noFiniteOptimum: NoFiniteOptimum | null;
  /**
   * False when nothing moved: no steps, a rate of 0 throughout, or steps so small that no weight changed in
   * float64 (every update rounded away); the regime then says what the rate would do, and the outcome of a
   * run with steps is too-small, unless the start stalled it.
   */
  readonly moved: boolean;
  /**
   * Nothing moved at a positive rate because of the start, not the rate: the gradient there vanishes (a
   * saturated sigmoid or tanh), or is so small that only a rate past the bound 2/λmax would move a weight
   * (models/start-check.ts). No rate is to blame, so the outcome is null, not too-small.
   */
  readonly stalled: boolean;
  /**
   * The lesson's outcome where it can be decided: for the linear family under MSE, the line's own rule
   * (linear-family-verdict.ts), all seven words; otherwise jumps-out for a run that diverged, and null for a
   * network, whose best loss is unknown.
   */
  readonly outcome: Outcome | null;
  /**
   * The linear family under MSE, plain full-batch SGD: the fastest constant rate from this start, rounded
   * down (the line's "Try --lr …"), with the steps it needs; null otherwise. With fewer steps than it
   * needs, `budgetShortfall`'s rate instead (suggest's for the same --steps), and `suggestedSteps` is
   * still the fastest's.
   */
  readonly suggestedLearningRate: number | null;
  readonly suggestedSteps: number | null;
  readonly budgetShortfall: BudgetShortfall | null;
  /**
   * A run without exact theory that jumped out at a constant rate above the bound 2/λmax measured at its
   * start: by how much, and whether standardizing would help (measured-bound-advice.ts); null otherwise.
   */
  readonly measuredAdvice: MeasuredBoundAdvice | null;
  /**
   * The linear family under MSE on the full batch with Adam, RMSprop, Adagrad or momentum: the line's search
   * by running them (choosing/run-simulation.ts), Polyak's pair with momentum and the steps it needs, and
   * the closeness rule they were judged by; null (closeness too, when unknown) otherwise.
   */
  readonly simulated: SimulatedRate | null;
  readonly momentumPair: MomentumPair | null;
  readonly momentumPairSteps: number | null;
  readonly closeness: Closeness | null;
  /** The linear family with a schedule: the first step above the exact bound and the first back below it. */
  readonly exceededBoundAt: number | null;
  readonly crossedBoundAt: number | null;
}

/** The lesson's words for what a rate did: judging/verdict.ts's outcomes. */
export type ModelOutcome = Outcome;

export interface JudgedModelRun {
  readonly resolved: ResolvedRun;
  readonly initial: Float64Array;
  readonly run: ModelTrainResult;
  readonly stability: ModelStability;
  readonly verdict: ModelVerdict;
}

export interface JudgedModelRunOptions {
  readonly nameOf?: (spec: ParamSpec) => string;
  readonly onProgress?: (step: number, totalSteps: number) => void;
  /** Called at every recorded step with the parameters (train-model.ts `onRecord`). */
  readonly onRecord?: (step: number, params: Float64Array) => void;
  /** Where the starting weights came from, for their shape errors (e.g. `--init start.json`). */
  readonly initialWeightsSource?: string;
  /**
   * The stability at this config's start, when already known: a sweep's runs share their start and
   * optimizer, so the sharpness is measured once for all of them ({@link stabilityAt}).
   */
  readonly stability?: ModelStability;
}

/** Trains `prepared` as `config` says, and judges the run. */
export function trainAndJudgeModel(
  config: RunConfig,
  prepared: PreparedModel,
  options: JudgedModelRunOptions = {},
): JudgedModelRun {
  const n = prepared.data.targets.length;
  const resolved = resolveRun(
    config,
    { x: { length: n } as Float64Array },
    {
      ...(options.nameOf ? { nameOf: options.nameOf } : {}),
    },
  );
  let initial: Float64Array;
  try {
    initial = initialParameters(prepared, config.seed, config.initialWeights);
  } catch (error) {
    const source = options.initialWeightsSource;
    if (source && error instanceof Error && "code" in error) {
      (error as LrlabError).message = `${source}: ${(error as LrlabError).message}`;
    }
    throw error;
  }
  const stability = options.stability ?? stabilityAt(prepared, initial, resolved);
  const { trainOptions } = resolved;
  const run = trainModel(prepared, {
    optimizer: resolved.optimizer,
    initial,
    seed: config.seed,
    ...(trainOptions.learningRate !== undefined ? { learningRate: trainOptions.learningRate } : {}),
    ...(trainOptions.rateCallback ? { rateCallback: trainOptions.rateCallback } : {}),
    ...(trainOptions.batchSize !== undefined ? { batchSize: trainOptions.batchSize } : {}),
    ...(trainOptions.steps !== undefined ? { steps: trainOptions.steps } : {}),
    ...(trainOptions.epochs !== undefined ? { epochs: trainOptions.epochs } : {}),
    ...(trainOptions.divergeFactor !== undefined ? { divergeFactor: trainOptions.divergeFactor } : {}),
    ...(trainOptions.tolerance !== undefined ? { tolerance: trainOptions.tolerance } : {}),
    ...(trainOptions.historyEvery !== undefined ? { historyEvery: trainOptions.historyEvery } : {}),
    ...(config.trackSharpness !== undefined ? { trackSharpness: config.trackSharpness } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    ...(options.onRecord ? { onRecord: options.onRecord } : {}),
  });
  // Without tracking, a full-batch SGD run on a network is still judged by its sharpness at the end: one
  // power iteration, so a rate past the bound at the start is not called converging on the loss alone.
  const endSharpness =
    !run.sharpness &&
    run.status !== "diverged" &&
    stability.basis === "measured" &&
    stability.bounds !== null &&
    run.stepsPerEpoch === 1 &&
    resolved.constantRate
      ? sharpness(prepared.model, run.final.params, prepared.data, {
          tolerance: SHARPNESS_TOLERANCE,
          maxIterations: SHARPNESS_MAX_ITERATIONS,
        }).eigenvalue
      : null;
  return {
    resolved,
    initial,
    run,
    stability,
    verdict: judgeModelRun(run, stability, prepared, resolved, endSharpness, {
      initial,
      fullBatchTwin:
        prepared.theory && run.stepsPerEpoch > 1 && run.status !== "diverged" && !trainOptions.rateCallback
          ? trainModel(prepared, {
              optimizer: resolved.optimizer,
              initial,
              seed: config.seed,
              batchSize: n,
              steps: run.steps,
              historyEvery: Math.max(1, run.steps),
              // The same rate at every update: the twin's step k is the run's step k.
              ...(trainOptions.learningRate !== undefined ? { learningRate: trainOptions.learningRate } : {}),
              ...(trainOptions.divergeFactor !== undefined
                ? { divergeFactor: trainOptions.divergeFactor }
                : {}),
            })
          : null,
      // A plateau callback's rate follows the losses; only the recorded rows know it.
      scheduleKnown: !trainOptions.rateCallback,
      simulation: run.stepsPerEpoch === 1 ? linearFamilySimulation(prepared, resolved, initial, run) : null,
    }),
  };
}

/**
 * The line's search by running (choosing/run-simulation.ts) for the linear family under MSE, its trials on
 * the model's own full-batch loop (O(d²) a step from the design statistics); null for other models.
 */
function linearFamilySimulation(
  prepared: PreparedModel,
  resolved: ResolvedRun,
  initial: Float64Array,
  run: ModelTrainResult,
): RunSimulation | null {
  const { requestedSteps: budget, initialLoss: startingLoss } = run;
  const { theory, designStats } = prepared;
  if (!theory || !designStats) return null;
  const { optimizer } = resolved;
  const { nesterov = false } = optimizer.config as { nesterov?: boolean };
  const optimum = [...theory.optimum.w, theory.optimum.b];
  const gap = closeness({ ...designStats, optimum: theory.optimum }, startingLoss).gap;
  const lambdaMax = theory.hessianEigenvalues[0] as number;
  const rate = resolved.constantRate ? resolved.trainOptions.learningRate : undefined;
  return simulateRun({
    optimizer,
    budget,
    constantRate: typeof rate === "number" ? rate : undefined,
    distance: optimum.reduce((far, value, j) => Math.max(far, Math.abs((initial[j] as number) - value)), 0),
    critical:
      optimizer.name === "sgd" && lambdaMax > 0
        ? (regimeBounds(lambdaMax, optimizer)?.critical.learningRate ?? null)
        : null,
    pair:
      optimizer.name === "sgd" && lambdaMax > 0
        ? optimalMomentumPair(movingExtremes(theory), nesterov)
        : null,
    trial: (trialOptimizer, learningRate, steps) =>
      trialOf({ budget: steps, gap, bestLoss: theory.optimum.loss }, (total, onBatchEnd) => {
        const trialRun = trainModel(prepared, {
          optimizer: trialOptimizer,
          initial,
          learningRate,
          steps: total,
          historyEvery: total,
          onBatchEnd: (step, loss) => {
            onBatchEnd(step, loss);
            return undefined;
          },
        });
        return { diverged: trialRun.status === "diverged", finalLoss: trialRun.final.loss };
      }),
    memo: { data: designStats, start: [...initial] },
  });
}

/**
 * Whether some weight of `final` differs from `start` by more than Number.EPSILON × the largest |start|
 * (by anything at all when the start is all zeros); a non-finite weight has moved.
 */
export function movedBeyondResolution(start: ArrayLike<number>, final: ArrayLike<number>): boolean {
  let scale = 0;
  for (let k = 0; k < start.length; k++) scale = Math.max(scale, Math.abs(start[k] as number));
  const resolution = Number.EPSILON * scale;
  for (let k = 0; k < final.length; k++) {
    const change = Math.abs((final[k] as number) - (start[k] as number));
    if (!(change <= resolution) || (change > 0 && resolution === 0)) return true;
  }
  return false;
}

/** The exact or measured stability of `prepared` at `params` for the resolved optimizer. */
export function stabilityAt(
  prepared: PreparedModel,
  params: Float64Array,
  resolved: Pick<ResolvedRun, "optimizer">,
): ModelStability {
  const { theory } = prepared;
  if (theory) {
    const lambdaMax = theory.hessianEigenvalues[0] as number;
    return {
      basis: "exact",
      sharpness: lambdaMax,
      criticalLearningRate: theory.criticalLearningRate,
      hessianEigenvalues: theory.hessianEigenvalues,
      conditionNumber: theory.conditionNumber,
      optimalLearningRate: theory.optimalLearningRate,
      optimalFormula: theory.optimalFormula,
      bounds: lambdaMax > 0 ? regimeBounds(lambdaMax, resolved.optimizer) : null,
      converged: true,
    };
  }
  const measured = sharpness(prepared.model, params, prepared.data, {
    tolerance: SHARPNESS_TOLERANCE,
    maxIterations: SHARPNESS_MAX_ITERATIONS,
  });
  return {
    basis: "measured",
    sharpness: measured.eigenvalue,
    criticalLearningRate: measured.criticalLearningRate,
    hessianEigenvalues: null,
    conditionNumber: null,
    optimalLearningRate: null,
    optimalFormula: null,
    bounds: measured.eigenvalue > 0 ? regimeBounds(measured.eigenvalue, resolved.optimizer) : null,
    converged: measured.converged,
  };
}

/** The verdict on a model run: see the module comment for the order of the evidence. */
export function judgeModelRun(
  run: ModelTrainResult,
  stability: ModelStability,
  prepared: PreparedModel,
  resolved: Pick<ResolvedRun, "optimizer" | "constantRate" | "rateAt">,
  /** The sharpness at the final weights, measured by the caller when the run did not track it. */
  endSharpness: number | null = null,
  /** The start (to tell whether any weight moved), and the linear family's extras: the full-batch twin of a mini-batch run, and whether the schedule is known. */
  linear: {
    readonly initial: Float64Array;
    readonly fullBatchTwin: ModelTrainResult | null;
    readonly scheduleKnown: boolean;
    readonly simulation?: RunSimulation | null;
  } | null = null,
): ModelVerdict {
  const fullBatch = run.stepsPerEpoch === 1;
  const rate = resolved.rateAt(0);
  const tracked = run.sharpness && run.sharpness.sharpness.length > 0 ? run.sharpness : null;
  // The measurements: the tracked series, or the start (from the stability) and the end.
  const series =
    tracked ??
    (endSharpness !== null && Number.isFinite(endSharpness) && stability.basis === "measured"
      ? { step: [0, run.steps], sharpness: [stability.sharpness, endSharpness] }
      : null);
  let criticalAtEnd: number | null = null;
  let sharpnessAtEnd: number | null = null;
  let edgeOfStability = false;
  let edgeHovering = false;
  let edgeRatios: ModelVerdict["edgeRatios"] = null;
  let startedAboveBound = false;
  let edgeButLossRose = false;
  let aboveBoundAtEnd = false;
  if (series && series.sharpness.length > 0) {
    const last = series.sharpness.at(-1) as number;
    sharpnessAtEnd = last;
    const bounds = last > 0 ? regimeBounds(last, resolved.optimizer) : null;
    criticalAtEnd = bounds ? bounds.critical.learningRate : null;
    const bound = sharpnessBound(resolved.optimizer);
    if (bound && run.status !== "diverged") {
      const phases = sharpnessPhases(
        series.step,
        series.sharpness,
        (step) => {
          const rate = resolved.rateAt(step);
          return rate > 0 ? bound.factor / rate : Number.POSITIVE_INFINITY;
        },
        { starting: run.initialLoss, final: run.final.loss },
      );
      edgeOfStability = phases.edgeOfStability;
      edgeHovering = phases.hovering;
      edgeRatios = phases.edgeOfStability ? phases.edgeRatios : null;
      startedAboveBound = phases.fellBelowFrom !== null && !phases.edgeOfStability && !phases.edgeButLossRose;
      edgeButLossRose = phases.edgeButLossRose;
    }
  }
  const theory = prepared.theory;
  const bestLoss = theory ? theory.optimum.loss : null;
  const reached =
    theory && prepared.designStats
      ? Number.isFinite(run.final.loss) &&
        run.final.loss - theory.optimum.loss <=
          closeness({ ...prepared.designStats, optimum: theory.optimum }, run.initialLoss).gap
      : null;

  let regime: Regime;
  let regimeBasis: ModelVerdict["regimeBasis"];
  const bounds = stability.bounds;
  if (run.status === "diverged") {
    regime = "diverging";
    regimeBasis = "run";
  } else if (stability.basis === "exact" && bounds && fullBatch && resolved.constantRate) {
    regime = regimeAt(bounds, rate);
    regimeBasis = "exact";
  } else if (series && criticalAtEnd !== null && fullBatch && resolved.constantRate) {
    // Above 2/λ on a network is not divergence by itself: the run that did not blow up has bounced across
    // the valley's sharpest direction and flattened it (the edge of stability), so it is oscillating.
    const last = series.sharpness.at(-1) as number;
    const measured = regimeAt(regimeBounds(last, resolved.optimizer) as RegimeBounds, rate);
    regime = measured === "diverging" ? "oscillating" : measured;
    aboveBoundAtEnd = measured === "diverging";
    regimeBasis = "sharpness";
  } else {
    regime = trajectoryRegime(lateLossFacts(run, bestLoss));
    regimeBasis = "run";
  }
  // Moved: some weight changed by more than the weights' float resolution (Number.EPSILON × the largest
  // starting weight). At a rate like 1e-320 every update of a nonzero weight rounds away, and a bias that
  // starts at 0 moves only to a subnormal 1e-319: nothing moved, as at a rate of 0, so the rate is too
  // small, whatever the sharpness says it would do.
  const start = linear?.initial ?? null;
  const weightsChanged = start === null || movedBeyondResolution(start, run.final.params);
  const moved = run.steps > 0 && run.history.learningRate.some((value) => value > 0) && weightsChanged;
  // The linear family's exact rule already knows a start at the optimum (whose gradient is 0 too).
  const stalled =
    !(theory && prepared.designStats && linear) &&
    !moved &&
    start !== null &&
    run.steps > 0 &&
    run.history.learningRate.some((value) => value > 0) &&
    stalledByStart(prepared.model, prepared.data, start, stability.criticalLearningRate);
  // The linear family under MSE is the line's quadratic in more directions: the line's rule decides.
  const family =
    theory && prepared.designStats && linear
      ? judgeLinearFamilyRun({
          run,
          designStats: prepared.designStats,
          theory,
          initial: linear.initial,
          optimizer: resolved.optimizer,
          bounds,
          constantRate: resolved.constantRate,
          ...(linear.scheduleKnown ? { rateAt: resolved.rateAt } : {}),
          fullBatchTwin: linear.fullBatchTwin,
          simulation: linear.simulation ?? null,
        })
      : null;
  if (family) {
    regime = family.regime;
    regimeBasis = family.regimeBasis;
  }
  // A run the budget stopped mid-blow-up (loss ×700 in one step, η·λmax = 5106) is diverging, not at the
  // edge of stability nor bouncing: only the budget ended it first. The linear family's rule decides its own.
  const endBound = sharpnessBound(resolved.optimizer);
  const lastRate = resolved.rateAt(Math.max(run.steps - 1, 0));
  const blowUp =
    !family && run.status !== "diverged" && moved
      ? unfinishedBlowUp({
          startingLoss: run.initialLoss,
          finalLoss: run.final.loss,
          boundRatio:
            endBound && sharpnessAtEnd !== null && sharpnessAtEnd > 0 && lastRate > 0
              ? (sharpnessAtEnd * lastRate) / endBound.factor
              : null,
        })
      : null;
  if (blowUp) {
    regime = "diverging";
    regimeBasis = blowUp.boundRatio !== null ? "sharpness" : "run";
  }
  // The edge of stability is a network's: past the bound yet not diverging. A run that diverges, or a
  // quadratic (whose exact theory leaves no edge to balance on), never is at it.
  const atEdge = edgeOfStability && regime !== "diverging" && stability.basis === "measured";
  let outcome: Outcome | null = null;
  if (family) outcome = family.outcome;
  else if (regime === "diverging") outcome = "jumps-out";
  else if (stalled) outcome = null;
  else if (!moved && run.steps > 0) outcome = "too-small";
  else if (reached === true) outcome = "good";
  else if (reached === false) outcome = regime === "oscillating" ? "jumps-around" : "too-small";
  const measuredAdvice =
    !family && outcome === "jumps-out" && stability.basis === "measured" && resolved.constantRate
      ? measuredBoundAdvice(
          rate,
          stability.criticalLearningRate,
          prepared.data,
          prepared.spec.standardize === true,
        )
      : null;
  return {
    measuredAdvice,
    suggestedLearningRate: family?.suggestedLearningRate ?? null,
    suggestedSteps: family?.fastest?.steps ?? family?.simulated?.steps ?? null,
    budgetShortfall: family?.budgetShortfall ?? null,
    simulated: family?.simulated ?? null,
    momentumPair: family?.momentumPair ?? null,
    momentumPairSteps: family?.momentumPairSteps ?? null,
    closeness: family?.closeness ?? null,
    exceededBoundAt: family?.exceededBoundAt ?? null,
    crossedBoundAt: family?.crossedBoundAt ?? null,
    regime,
    regimeBasis,
    criticalAtEnd,
    sharpnessAtEnd,
    edgeOfStability: atEdge,
    edgeHovering: atEdge && edgeHovering,
    edgeRatios: atEdge ? edgeRatios : null,
    aboveBoundAtEnd: aboveBoundAtEnd && !family && regime !== "diverging",
    startedAboveBound: startedAboveBound && regime !== "diverging" && stability.basis === "measured",
    edgeButLossRose: edgeButLossRose && regime !== "diverging" && stability.basis === "measured",
    unfinishedBlowUp: blowUp,
    reluDied:
      run.status !== "diverged" &&
      moved &&
      !blowUp &&
      reluUnitsDied(prepared.model, prepared.data, run.final.params),
    lossEndedHigher: !(run.final.loss <= run.initialLoss),
    unstableUndiverged: unstableUndiverged({
      diverged: run.status === "diverged",
      diverging: regime === "diverging",
      highestRate: highestRateOf(resolved.rateAt, run.steps, resolved.constantRate),
      bound: stability.bounds?.critical.learningRate ?? null,
      exactBound: stability.basis === "exact",
      initialLoss: run.initialLoss,
      finalLoss: run.final.loss,
    }),
    lossFellEveryStep: lossFellEveryStep(run.history.loss),
    noFiniteOptimum: noFiniteOptimum(prepared),
    reached,
    moved,
    stalled,
    outcome,
  };
}
