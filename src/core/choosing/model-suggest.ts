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
 *   run: candidate rates on a log grid (simulated-rate.ts's `logGrid`, eight a decade) from a thousandth
 *   of the optimizer's bound at the start up to, not including, the bound itself (2/λmax for SGD, from the
 *   sharpness measured at the start, or exact for the linear family); each run for the budget from the
 *   same start; the lowest final loss that did not diverge wins, and is rounded down to the fewest digits
 *   that end as low (within 10% of its excess loss: `roundedDownAsGood`). Without a bound (Adam, RMSprop,
 *   Adagrad, or no curvature at the start) the grid spans 1e-4 to 1.
 *
 * The suggestion is therefore below the measured bound and did not diverge in the run that chose it.
 */

import { type Closeness, closeness } from "../judging/closeness.js";
import type { ModelStability } from "../judging/model-run.js";
import { trainAndJudgeModel } from "../judging/model-run.js";
import { designMseAt } from "../models/linear-theory.js";
import type { PreparedModel } from "../models/model-spec.js";
import type { ParamSpec } from "../params.js";
import {
  eigenComponents,
  type FastestRate,
  fastestRateAlong,
  stepsAlong,
} from "../theory/fastest-from-start.js";
import type { RateBound } from "../theory/regime.js";
import { shortestRoundingDown } from "../theory/rounding.js";
import type { RunConfig } from "../training/run-config.js";
import type { TrainStatus } from "../training/train.js";
import { modelSweepStability } from "./model-sweep.js";
import { logGrid, roundedDownAsGood, soonestOf, type Trial } from "./simulated-rate.js";

/** One candidate rate's run for the budget. */
export interface ModelCandidate {
  readonly learningRate: number;
  readonly status: TrainStatus;
  /** The full-data loss after the budget (null in JSON when it is not a number). */
  readonly finalLoss: number;
}

export interface ModelSuggestion {
  readonly method: "theory" | "runs";
  /** The rate to use; null when every candidate diverged. */
  readonly learningRate: number | null;
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
  /** The steps each run is given, and the loss at the common start. */
  readonly budget: number;
  readonly initialLoss: number;
  /** The suggested rate's run for the budget: its final loss and status; null without a suggestion. */
  readonly atSuggestion: ModelCandidate | null;
  /** The runs method's grid and every candidate's run, in rate order; null for the theory method. */
  readonly search: {
    readonly range: readonly [number, number];
    readonly tried: number;
    readonly candidates: readonly ModelCandidate[];
    /** The grid's winner before rounding down. */
    readonly best: ModelCandidate | null;
  } | null;
}

export interface ModelSuggestOptions {
  /** Steps per run (default: the config's steps, else 100). */
  readonly budget?: number;
  readonly nameOf?: (spec: ParamSpec) => string;
  readonly initialWeightsSource?: string;
  /** Called after each candidate run with the number done and the grid's size. */
  readonly onRunEnd?: (done: number, total: number) => void;
}

/** Decades of the grid below the bound. */
const DECADES_BELOW_BOUND = 3;
/** The grid without a bound (adaptive optimizers): Keras-typical rates. */
const UNBOUNDED_GRID: readonly [number, number] = [1e-4, 1];

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
  const runAt = (learningRate: number): ModelCandidate => {
    const known = runs.get(learningRate);
    if (known) return known;
    const { run } = trainAndJudgeModel({ ...budgeted, learningRate }, prepared, {
      stability,
      ...(options.nameOf ? { nameOf: options.nameOf } : {}),
      ...(options.initialWeightsSource ? { initialWeightsSource: options.initialWeightsSource } : {}),
    });
    initialLoss = run.initialLoss;
    const candidate: ModelCandidate = { learningRate, status: run.status, finalLoss: run.final.loss };
    runs.set(learningRate, candidate);
    return candidate;
  };
  const trial = (learningRate: number): Trial => {
    const { status, finalLoss } = runAt(learningRate);
    const gap = finalLoss - floor;
    return {
      settledAt: null,
      finalGap: status !== "diverged" && Number.isFinite(gap) ? Math.max(0, gap) : Number.POSITIVE_INFINITY,
    };
  };

  const exact =
    prepared.theory !== null &&
    prepared.designStats !== null &&
    stability.basis === "exact" &&
    critical?.formula === "2/λmax" &&
    (config.batchSize === null || config.batchSize >= prepared.data.targets.length) &&
    config.schedule.name === "constant";
  if (exact && prepared.theory && prepared.designStats) {
    const { theory, designStats } = prepared;
    const d = designStats.d;
    const startingLoss = designMseAt(designStats, theory, initial.subarray(0, d), initial[d] as number);
    const close = closeness({ ...designStats, optimum: theory.optimum }, startingLoss);
    const gap = close.gap;
    const directions = eigenComponents(theory.hessianEigenvalues, theory.hessianEigenvectors, initial, [
      ...theory.optimum.w,
      theory.optimum.b,
    ]);
    const fastest = fastestRateAlong({
      directions,
      gap,
      criticalLearningRate: theory.criticalLearningRate,
      optimalLearningRate: theory.optimalLearningRate,
    });
    // As the line's suggest: when no constant rate gets there (the flat direction crawls at any rate),
    // 1/λmax, the largest rate that settles the sharp direction without a jump across the minimum.
    const learningRate =
      fastest?.learningRate ?? shortestRoundingDown(1 / (theory.hessianEigenvalues[0] as number), () => true);
    const atSuggestion = runAt(learningRate);
    return {
      method: "theory",
      learningRate,
      stability,
      critical,
      optimalLearningRate: theory.optimalLearningRate,
      fastest,
      closeness: close,
      optimalSteps: stepsAlong(directions, theory.optimalLearningRate, gap),
      budget,
      initialLoss,
      atSuggestion,
      search: null,
    };
  }

  const bound = critical?.learningRate;
  const grid =
    bound !== undefined && Number.isFinite(bound) && bound > 0
      ? logGrid(bound / 10 ** DECADES_BELOW_BOUND, bound).slice(0, -1)
      : logGrid(...UNBOUNDED_GRID);
  const candidates = grid.map((rate, i) => {
    const candidate = runAt(rate);
    options.onRunEnd?.(i + 1, grid.length);
    return candidate;
  });
  const winner = soonestOf(grid, trial);
  const found = Number.isFinite(winner.finalGap);
  const learningRate = found ? roundedDownAsGood(winner, trial).learningRate : null;
  const atSuggestion = learningRate === null ? null : runAt(learningRate);
  return {
    method: "runs",
    learningRate,
    stability,
    critical,
    optimalLearningRate: stability.optimalLearningRate,
    fastest: null,
    closeness: null,
    optimalSteps: null,
    budget,
    initialLoss,
    atSuggestion,
    search: {
      range: [grid[0] as number, grid.at(-1) as number],
      tried: grid.length,
      candidates,
      best: found ? runAt(winner.learningRate) : null,
    },
  };
}
