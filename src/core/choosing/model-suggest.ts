/**
 * One learning rate for a model beyond the line (models/model-spec.ts), and what it rests on.
 *
 * - theory: the linear family under MSE, trained by plain full-batch SGD at a constant rate, has the
 *   line's exact answer: the constant rate that gets within the closeness gap (judging/closeness.ts, the
 *   line's own rule) in the fewest steps *from this start*, by the same search in all d + 1
 *   eigen-directions (theory/fastest-from-start.ts), rounded down so it still needs only those steps. The
 *   best worst-case rate 2/(λmin + λmax) (1/λmax when λmin = 0) is reported beside it, with its steps from
 *   this start. On one column this is the line's suggest, to the digit.
 * - runs: anything else (a network, logistic regression, momentum, Adam, mini-batches, MAE, Huber) is
 *   run, each candidate for the budget from the same start, and the best is chosen by the rule
 *   `sweep --model` uses too (best-run.ts): the lowest final loss among the runs that did not diverge.
 *   The candidates: eight rates a decade (simulated-rate.ts's `logGrid`) from a thousandth of the
 *   optimizer's bound at the start (2/λmax for SGD, measured, or exact for the linear family) up to it,
 *   continued above it up to 3× the bound until a run diverges, plus the rates `sweep --model` tries by
 *   default, so that the two commands' bests can be compared (`search.sweepDefault`). Without a bound (Adam,
 *   RMSprop, Adagrad, or no curvature at the start) the grid spans 1e-4 to 1, plus sweep's 1e-4 to 10.
 *   The winner is rounded down to the fewest digits that end as low (within 10% of its excess loss:
 *   `roundedDownAsGood`).
 *
 * Why the grid does not stop at the start's bound: on a network the sharpness moves. A rate above the
 * start's 2/λmax often does not diverge: the first steps throw the weights to a flatter place and the run
 * trains at the edge of stability (Cohen et al. 2021), often ending lowest, and `sweep` shows it. Stopping
 * at the bound made suggest and sweep disagree about the same runs. When the suggestion lies above the
 * bound, `aboveStartBound` says so, and `belowBound` names the best rate below it (same rule, same
 * rounding) for a learner who wants a run that is stable from its first step.
 */

import { type Closeness, closeness } from "../judging/closeness.js";
import { type SharpnessBound, sharpnessBound } from "../judging/edge-of-stability.js";
import type { ModelStability } from "../judging/model-run.js";
import { trainAndJudgeModel } from "../judging/model-run.js";
import { designMseAt } from "../models/linear-theory.js";
import type { PreparedModel } from "../models/model-spec.js";
import { stalledByStart } from "../models/start-check.js";
import type { ParamSpec } from "../params.js";
import {
  type EigenComponent,
  eigenComponents,
  type FastestRate,
  fastestRateAlong,
  stepsAlong,
} from "../theory/fastest-from-start.js";
import type { RateBound, Regime } from "../theory/regime.js";
import { shortestRoundingDown } from "../theory/rounding.js";
import type { RunConfig } from "../training/run-config.js";
import type { TrainStatus } from "../training/train.js";
import { bestRunOf, keptRun } from "./best-run.js";
import { type BudgetShortfall, budgetShortfall } from "./budget-shortfall.js";
import { defaultModelSweepRates, modelSweepStability } from "./model-sweep.js";
import { logGrid, roundedDownAsGood, type Trial } from "./simulated-rate.js";

/** One candidate rate's run for the budget. */
export interface ModelCandidate {
  readonly learningRate: number;
  readonly status: TrainStatus;
  /** The model verdict's regime (a run judged diverging is not kept, even before it blows up). */
  readonly regime: Regime;
  /** The full-data loss after the budget (null in JSON when it is not a number). */
  readonly finalLoss: number;
  /** The sharpness at the end of the run where it was measured (full-batch SGD on a network), else null. */
  readonly sharpnessAtEnd: number | null;
  /**
   * The bound on λmax at this rate for the optimizer (edge-of-stability.ts's `sharpnessBound`: 2/η, or
   * 2(1 + β)/η with momentum), its value and its formula; null for the adaptive optimizers.
   */
  readonly sharpnessBound: { readonly value: number; readonly formula: string } | null;
  /** The verdict's one decision (`sharpnessPhases`): λmax reached that bound and stayed at it. */
  readonly edgeOfStability: boolean;
  /** The verdict's: λmax started above that bound and fell below it, which is not the edge of stability. */
  readonly startedAboveBound: boolean;
}

export interface ModelSuggestion {
  readonly method: "theory" | "runs";
  /** The rate to use; null when every candidate diverged, or the start stalls every rate. */
  readonly learningRate: number | null;
  /**
   * The start, not any rate, holds the weights: its gradient vanishes (or moves no weight below the bound
   * 2/λmax), so every run stays where it started (models/start-check.ts) and no rate is named.
   */
  readonly stalledStart: boolean;
  /** λmax at the start, exact or measured, and 2/λmax. */
  readonly stability: ModelStability;
  /** The optimizer's divergence bound from that λmax (SGD with or without momentum); null for adaptive ones. */
  readonly critical: RateBound | null;
  /** Exact only: 2/(λmin + λmax), the best worst-case constant rate for plain gradient descent. */
  readonly optimalLearningRate: number | null;
  /**
   * The theory method only: the fastest constant rate from this start (null when no constant rate gets
   * within the gap in a countable number of steps: 1/λmax is suggested then), the gap it aims for, and
   * the steps the best worst-case rate needs from this start.
   */
  readonly fastest: FastestRate | null;
  readonly closeness: Closeness | null;
  readonly optimalSteps: number | null;
  /** The theory method only: the budget is shorter than the fastest rate needs (null when it is enough). */
  readonly budgetShortfall: BudgetShortfall | null;
  /** The steps each run is given, and the loss at the common start. */
  readonly budget: number;
  readonly initialLoss: number;
  /** The suggested rate's run for the budget: its final loss and status; null without a suggestion. */
  readonly atSuggestion: ModelCandidate | null;
  /**
   * The runs method: the suggestion lies above the optimizer's bound measured at the start, yet its run
   * did not diverge; `atSuggestion.edgeOfStability` and `.startedAboveBound` say what its λmax did.
   */
  readonly aboveStartBound: boolean;
  /** Then: the best rate below that bound (the same rule and rounding), to use where safety matters. */
  readonly belowBound: ModelCandidate | null;
  /** The runs method's grid and every candidate's run, in rate order; null for the theory method. */
  readonly search: {
    readonly range: readonly [number, number];
    readonly tried: number;
    readonly candidates: readonly ModelCandidate[];
    /** The grid's winner before rounding down. */
    readonly best: ModelCandidate | null;
    /** The rates `sweep --model` tries by default (all among the candidates), and the best of them by the same rule. */
    readonly sweepDefault: { readonly tried: number; readonly best: ModelCandidate | null };
  } | null;
}

export interface ModelSuggestOptions {
  /** Steps per run (default: the config's steps, else 100). */
  readonly budget?: number;
  readonly nameOf?: (spec: ParamSpec) => string;
  readonly initialWeightsSource?: string;
  /**
   * Called before and after each new candidate run with the number done and the runs expected (the grid's
   * size while it runs; one more than done while the rounding's runs last), and once at the end.
   */
  readonly onRunEnd?: (done: number, total: number) => void;
}

/** Decades of the grid below the bound. */
const DECADES_BELOW_BOUND = 3;
/** How far above the bound the grid continues: as far as `sweep --model`'s default span. */
const SWEEP_SPAN_ABOVE_BOUND = 3;
/** The grid without a bound (adaptive optimizers): Keras-typical rates. */
const UNBOUNDED_GRID: readonly [number, number] = [1e-4, 1];

/** The linear family's exact fastest rate from a start, with the gap it aims for and the start's directions. */
export interface FastestFromStart {
  readonly close: Closeness;
  /** The loss at the start. */
  readonly startingLoss: number;
  readonly directions: readonly EigenComponent[];
  readonly fastest: FastestRate | null;
}

/**
 * The constant rate that gets plain full-batch gradient descent within the closeness gap in the fewest
 * steps from `initial` (theory/fastest-from-start.ts); null without an exact theory (not the linear family
 * under MSE). suggest's theory method and random-search's gradient descent both take it.
 */
export function fastestFromStart(prepared: PreparedModel, initial: Float64Array): FastestFromStart | null {
  const { theory, designStats } = prepared;
  if (!theory || !designStats) return null;
  const d = designStats.d;
  const startingLoss = designMseAt(designStats, theory, initial.subarray(0, d), initial[d] as number);
  const close = closeness({ ...designStats, optimum: theory.optimum }, startingLoss);
  const directions = eigenComponents(theory.hessianEigenvalues, theory.hessianEigenvectors, initial, [
    ...theory.optimum.w,
    theory.optimum.b,
  ]);
  const fastest = fastestRateAlong({
    directions,
    gap: close.gap,
    criticalLearningRate: theory.criticalLearningRate,
    optimalLearningRate: theory.optimalLearningRate,
  });
  return { close, startingLoss, directions, fastest };
}

/** The bound on λmax at rate η (factor/η; Infinity at a rate of 0), or null without one. */
function boundAt(bound: SharpnessBound | null, learningRate: number): ModelCandidate["sharpnessBound"] {
  if (!bound) return null;
  return {
    value: learningRate > 0 ? bound.factor / learningRate : Number.POSITIVE_INFINITY,
    formula: bound.formula,
  };
}

/** The suggested rate for `config` on `prepared`: see the module comment for the two methods. */
export function suggestModelRate(
  config: RunConfig,
  prepared: PreparedModel,
  options: ModelSuggestOptions = {},
): ModelSuggestion {
  const budget = options.budget ?? config.steps ?? 100;
  const budgeted: RunConfig = { ...config, steps: budget, epochs: null };
  const { stability, initial } = modelSweepStability(budgeted, prepared, options);
  const critical = stability.bounds?.critical ?? null;
  const floor = prepared.theory?.optimum.loss ?? 0;

  const runs = new Map<number, ModelCandidate>();
  let initialLoss = Number.NaN;
  // Progress counts every new run: the grid's (announced before its first run) and the rounding's after
  // it, whose number is not known ahead, so the total grows by one while they last.
  let expected = 1;
  const runAt = (learningRate: number): ModelCandidate => {
    const known = runs.get(learningRate);
    if (known) return known;
    options.onRunEnd?.(runs.size, Math.max(expected, runs.size + 1));
    const { run, verdict, resolved } = trainAndJudgeModel({ ...budgeted, learningRate }, prepared, {
      stability,
      ...(options.nameOf ? { nameOf: options.nameOf } : {}),
      ...(options.initialWeightsSource ? { initialWeightsSource: options.initialWeightsSource } : {}),
    });
    initialLoss = run.initialLoss;
    const candidate: ModelCandidate = {
      learningRate,
      status: run.status,
      regime: verdict.regime,
      finalLoss: run.final.loss,
      sharpnessAtEnd: verdict.sharpnessAtEnd,
      sharpnessBound: boundAt(sharpnessBound(resolved.optimizer), learningRate),
      edgeOfStability: verdict.edgeOfStability,
      startedAboveBound: verdict.startedAboveBound,
    };
    runs.set(learningRate, candidate);
    options.onRunEnd?.(runs.size, Math.max(expected, runs.size));
    return candidate;
  };
  // A candidate as simulated-rate.ts's rounding reads it: how far above the floor it ends, ∞ when not kept.
  const asTrial = (candidate: ModelCandidate): Trial & { learningRate: number } => {
    const gap = candidate.finalLoss - floor;
    return {
      learningRate: candidate.learningRate,
      settledAt: null,
      finalGap: keptRun(candidate) ? Math.max(0, gap) : Number.POSITIVE_INFINITY,
    };
  };
  const trial = (learningRate: number): Trial => asTrial(runAt(learningRate));

  const exact =
    prepared.theory !== null &&
    prepared.designStats !== null &&
    stability.basis === "exact" &&
    critical?.formula === "2/λmax" &&
    (config.batchSize === null || config.batchSize >= prepared.data.targets.length) &&
    config.schedule.name === "constant";
  if (exact && prepared.theory && prepared.designStats) {
    const { theory } = prepared;
    const { close, startingLoss, directions, fastest } = fastestFromStart(
      prepared,
      initial,
    ) as FastestFromStart;
    const gap = close.gap;
    const shortfall = budgetShortfall({
      fastest,
      directions,
      criticalLearningRate: theory.criticalLearningRate,
      budget,
      optimumLoss: theory.optimum.loss,
      startingLoss,
    });
    // As the line's suggest: the rate that ends lowest within the budget when the fastest needs more steps
    // (budget-shortfall.ts); when no constant rate gets there (the flat direction crawls at any rate),
    // 1/λmax, the largest rate that settles the sharp direction without a jump across the minimum.
    const learningRate =
      shortfall?.lowestWithinBudget.learningRate ??
      fastest?.learningRate ??
      shortestRoundingDown(1 / (theory.hessianEigenvalues[0] as number), () => true);
    const atSuggestion = runAt(learningRate);
    options.onRunEnd?.(runs.size, runs.size);
    return {
      method: "theory",
      learningRate,
      stalledStart: false,
      stability,
      critical,
      optimalLearningRate: theory.optimalLearningRate,
      fastest,
      closeness: close,
      optimalSteps: stepsAlong(directions, theory.optimalLearningRate, gap),
      budgetShortfall: shortfall,
      budget,
      initialLoss,
      atSuggestion,
      aboveStartBound: false,
      belowBound: null,
      search: null,
    };
  }

  // The grid: eight rates a decade from a thousandth of the bound up to it, continued above it (sweep's
  // span reaches 3× the bound) until a run diverges, and the rates `sweep --model` tries by default, so
  // the two commands' runs overlap and their bests can be compared (best-run.ts is their one rule).
  const bound = critical?.learningRate;
  const bounded = bound !== undefined && Number.isFinite(bound) && bound > 0;
  const below = bounded
    ? logGrid(bound / 10 ** DECADES_BELOW_BOUND, bound).slice(0, -1)
    : logGrid(...UNBOUNDED_GRID);
  const ratio = (below[1] as number) / (below[0] as number);
  const above: number[] = [];
  if (bounded) {
    for (
      let rate = (below.at(-1) as number) * ratio;
      rate <= SWEEP_SPAN_ABOVE_BOUND * bound * (1 + 1e-12);
      rate *= ratio
    )
      above.push(rate);
  }
  const sweepRates = defaultModelSweepRates(stability);
  // The grid's size before its first run: the rates above the bound stop at the first that diverges, so
  // this is at most the count, announced at once for the up-front estimate.
  expected = below.length + above.length + sweepRates.length;
  for (const rate of below) runAt(rate);
  for (const rate of above) if (!keptRun(runAt(rate))) break;
  const sweepCandidates = sweepRates.map(runAt);
  expected = runs.size;
  const candidates = [...runs.values()].sort((a, b) => a.learningRate - b.learningRate);
  const winner = bestRunOf(candidates);
  // A stalled start leaves every run where it began: their "lowest final loss" is a tie, no choice.
  const stalledStart =
    prepared.theory === null &&
    stalledByStart(prepared.model, prepared.data, initial, stability.criticalLearningRate);
  // Where the finer grid beats sweep's pick, never rounded to a rate that ends worse than that pick: a
  // network's floor is unknown (0 here), so "within 10% of the excess" is 10% of nearly the whole loss,
  // which a noise floor makes wide. Where sweep's pick is the winner, the 10% rule alone rounds it.
  const sweepBest = bestRunOf(sweepCandidates);
  const sweepCeiling =
    sweepBest && sweepBest.learningRate !== winner?.learningRate
      ? asTrial(sweepBest).finalGap
      : Number.POSITIVE_INFINITY;
  const learningRate =
    winner && !stalledStart ? roundedDownAsGood(asTrial(winner), trial, sweepCeiling).learningRate : null;
  const atSuggestion = learningRate === null ? null : runAt(learningRate);
  // Above the start's bound: the run trained at the edge of stability; the best rate below it, beside.
  const aboveStartBound = bounded && learningRate !== null && learningRate > bound;
  const safeBest = aboveStartBound ? bestRunOf(candidates.filter((c) => c.learningRate < bound)) : null;
  const belowBound = safeBest ? runAt(roundedDownAsGood(asTrial(safeBest), trial).learningRate) : null;
  options.onRunEnd?.(runs.size, runs.size);
  return {
    method: "runs",
    learningRate,
    stalledStart,
    stability,
    critical,
    optimalLearningRate: stability.optimalLearningRate,
    fastest: null,
    closeness: null,
    optimalSteps: null,
    budgetShortfall: null,
    budget,
    initialLoss,
    atSuggestion,
    aboveStartBound,
    belowBound,
    search: {
      range: [candidates[0]?.learningRate as number, candidates.at(-1)?.learningRate as number],
      tried: candidates.length,
      candidates,
      best: winner,
      sweepDefault: { tried: sweepRates.length, best: sweepBest },
    },
  };
}
