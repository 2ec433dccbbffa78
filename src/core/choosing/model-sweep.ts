/**
 * A learning-rate sweep of a model beyond the line (models/model-spec.ts): one configuration trained at
 * many rates from the same starting weights (glorot from the seed, or given) and, with the same seed, the
 * same batches; each run judged by the model verdict (judging/model-run.ts), the best rate named, and the
 * measured divergence boundary set beside the critical rate at the start.
 *
 * The critical rate is exact for the linear family under MSE and measured otherwise: 2/λmax from the
 * sharpness at the common start, once for the whole sweep, and the optimizer's bound from that λmax (SGD
 * with or without momentum). On a network the sharpness moves during training, so a measured bound is
 * where divergence starts at the start, not a promise about the whole run.
 *
 * The runs go one after another in this thread: the models a sweep is for are small (the cost of a run is
 * its steps × rows × weights), and trainModel allocates its buffers once per run.
 */
import { LrlabError } from "../errors.js";
import { noFiniteOptimum } from "../judging/finite-optimum.js";
import { type ModelStability, stabilityAt, trainAndJudgeModel } from "../judging/model-run.js";
import type { Outcome } from "../judging/verdict.js";
import { initialParameters, type PreparedModel } from "../models/model-spec.js";
import { stalledByStart } from "../models/start-check.js";
import type { ParamSpec } from "../params.js";
import type { Regime } from "../theory/regime.js";
import { type RunConfig, resolveRun, withLearningRate } from "../training/run-config.js";
import type { TrainStatus } from "../training/train.js";
import { rateChoice } from "./best-run.js";
import { boundaryOf, logSpacedRates, type SweepBoundary } from "./sweep.js";

/** One run of a model sweep, judged as `lrlab fit --model` judges it. */
export interface ModelSweepRun {
  readonly learningRate: number;
  readonly status: TrainStatus;
  /** The model verdict's regime, and what decided it (exact theory, tracked sharpness, or the loss). */
  readonly regime: Regime;
  readonly regimeBasis: "exact" | "sharpness" | "run";
  /**
   * The verdict's outcome (model-run.ts): the lesson's by the line's rule for the linear family under MSE;
   * for a model without exact theory jumps-out when it diverged, too-small when nothing moved, else null.
   */
  readonly outcome: Outcome | null;
  /** Within the closeness gap of the exact best loss (the linear family under MSE); null where unknown. */
  readonly reached: boolean | null;
  readonly finalLoss: number;
  readonly divergedAtStep: number | null;
  /** The rate stayed above the tracked sharpness's bound without blowing up (needs `trackSharpness`). */
  readonly edgeOfStability: boolean;
  /** The last tracked sharpness (needs `trackSharpness`), else null. */
  readonly sharpnessAtEnd: number | null;
  /** A relu network's units all died: only the output bias still learned (model-run.ts `reluDied`). */
  readonly reluDied: boolean;
}

export interface ModelSweepResult {
  readonly runs: readonly ModelSweepRun[];
  /**
   * The lowest final loss of the runs that did not diverge (best-run.ts); null when every rate diverged,
   * and null where the loss has no finite minimum: then no rate is best (see `lowestWithoutMinimum`).
   */
  readonly best: (ModelSweepRun & { readonly reason: "lowest-final-loss" }) | null;
  /**
   * With no finite minimum (BCE on one class or separable data): what the runs show instead, the lowest
   * final loss, and whether it is at the largest rate that did not diverge; null otherwise.
   */
  readonly lowestWithoutMinimum: (ModelSweepRun & { readonly largestKept: boolean }) | null;
  /**
   * The start stalls every run (models/start-check.ts): the gradient there vanishes, every run ends where
   * it began, and their equal losses name no best rate (`best` is null).
   */
  readonly stalledStart: boolean;
  /** λmax and 2/λmax at the common start, exact or measured, and the optimizer's bound from it. */
  readonly stability: ModelStability;
  /**
   * Where the runs started to diverge, beside the optimizer's bound at the start; the bound is set (and
   * compared) for full-batch runs at a constant rate only, as the line's sweep does.
   */
  readonly boundary: SweepBoundary & { readonly basis: "exact" | "measured" };
  /** The loss at the common start. */
  readonly initialLoss: number;
  readonly initial: Float64Array;
}

export interface ModelSweepOptions {
  readonly nameOf?: (spec: ParamSpec) => string;
  /** Called after each run with the number done and the total. */
  readonly onRunEnd?: (done: number, total: number) => void;
  /** Where the starting weights came from, for their shape errors. */
  readonly initialWeightsSource?: string;
}

/** Rates in the default span. */
export const DEFAULT_MODEL_SWEEP_COUNT = 13;

/**
 * The rates a sweep tries when none are given: from a hundredth of the optimizer's bound at the start to
 * three times it (as the line's sweep spans its exact bound); without a bound (Adam, RMSprop, Adagrad, or
 * a loss with no curvature at the start), 1e-4 to 10.
 */
export function defaultModelSweepRates(stability: ModelStability): number[] {
  const bound = stability.bounds?.critical.learningRate;
  if (bound !== undefined && Number.isFinite(bound) && bound > 0) {
    return logSpacedRates(bound / 100, 3 * bound, DEFAULT_MODEL_SWEEP_COUNT);
  }
  return logSpacedRates(1e-4, 10, DEFAULT_MODEL_SWEEP_COUNT);
}

/** The stability at `config`'s start: what the default rates and the boundary are measured from. */
export function modelSweepStability(
  config: RunConfig,
  prepared: PreparedModel,
  options: Pick<ModelSweepOptions, "initialWeightsSource" | "nameOf"> = {},
): { stability: ModelStability; initial: Float64Array } {
  const initial = startOf(config, prepared, options.initialWeightsSource);
  // resolveRun reads only the number of rows from the data (for the run's length).
  const rows = { x: { length: prepared.data.targets.length } as Float64Array };
  const resolved = resolveRun(config, rows, options.nameOf ? { nameOf: options.nameOf } : {});
  return { stability: stabilityAt(prepared, initial, resolved), initial };
}

/** Trains `prepared` at every rate (ascending or not: runs keep their order) and summarizes the sweep. */
export function sweepModel(
  config: RunConfig,
  prepared: PreparedModel,
  learningRates: readonly number[],
  options: ModelSweepOptions & { readonly stability?: ModelStability } = {},
): ModelSweepResult {
  if (learningRates.length === 0) {
    throw new LrlabError("E_BAD_ARGUMENT", "learningRates: expected at least one rate");
  }
  for (const rate of learningRates) {
    if (!(rate > 0 && Number.isFinite(rate))) {
      throw new LrlabError("E_BAD_ARGUMENT", `learningRates: expected finite numbers > 0, got ${rate}`);
    }
  }
  const measured = options.stability
    ? { stability: options.stability, initial: startOf(config, prepared, options.initialWeightsSource) }
    : modelSweepStability(config, prepared, options);
  const { stability, initial } = measured;
  let initialLoss = Number.NaN;
  let fullBatch = true;
  let constantRate = true;
  const runs = learningRates.map((learningRate, i): ModelSweepRun => {
    const judged = trainAndJudgeModel(withLearningRate(config, learningRate), prepared, {
      stability,
      ...(options.nameOf ? { nameOf: options.nameOf } : {}),
      ...(options.initialWeightsSource ? { initialWeightsSource: options.initialWeightsSource } : {}),
    });
    const { run, verdict } = judged;
    initialLoss = run.initialLoss;
    fullBatch = run.stepsPerEpoch === 1;
    constantRate = judged.resolved.constantRate;
    options.onRunEnd?.(i + 1, learningRates.length);
    return {
      learningRate,
      status: run.status,
      regime: verdict.regime,
      regimeBasis: verdict.regimeBasis,
      outcome: verdict.outcome,
      reached: verdict.reached,
      finalLoss: run.final.loss,
      divergedAtStep: run.divergedAtStep,
      edgeOfStability: verdict.edgeOfStability,
      reluDied: verdict.reluDied,
      sharpnessAtEnd: run.sharpness?.sharpness.at(-1) ?? null,
    };
  });
  const bound = stability.bounds && fullBatch && constantRate ? stability.bounds.critical : null;
  const boundary = boundaryOf(runs, bound ? { learningRate: bound.learningRate, rule: bound.formula } : null);
  const choice = rateChoice(runs, noFiniteOptimum(prepared) !== null);
  const stalledStart =
    prepared.theory === null &&
    stalledByStart(prepared.model, prepared.data, initial, stability.criticalLearningRate);
  return {
    runs,
    best: choice.kind === "best" && !stalledStart ? { ...choice.best, reason: "lowest-final-loss" } : null,
    stalledStart,
    lowestWithoutMinimum:
      choice.kind === "no-finite-minimum" ? { ...choice.lowest, largestKept: choice.largestKept } : null,
    stability,
    boundary: { ...boundary, basis: stability.basis },
    initialLoss,
    initial,
  };
}

/** The starting weights of `config`, with the source named in a shape error. */
function startOf(config: RunConfig, prepared: PreparedModel, source: string | undefined): Float64Array {
  try {
    return initialParameters(prepared, config.seed, config.initialWeights);
  } catch (error) {
    if (source && error instanceof LrlabError)
      throw new LrlabError(error.code, `${source}: ${error.message}`);
    throw error;
  }
}
