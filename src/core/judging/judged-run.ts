/**
 * One run from its config: resolved, trained and judged beside the exact theory. Every face that runs
 * something (the CLI's fit, the demo, the report, the web lab's runs and race lanes, the lesson's rates)
 * goes through here, so a rate is judged the same way wherever it is shown.
 */

import { type RunSimulation, simulateRun } from "../choosing/run-simulation.js";
import { trialAt } from "../choosing/simulated-rate.js";
import type { Dataset } from "../data/data.js";
import { type LinearStats, linearStats, mseAt } from "../data/stats.js";
import { checkLossName } from "../models/losses.js";
import type { ParamSpec } from "../params.js";
import { optimalMomentumPair } from "../theory/fastest-rate.js";
import { huberLocalBound } from "../theory/local-bound.js";
import { regimeBoundsOf } from "../theory/regime.js";
import { robustOptimum } from "../theory/robust-optimum.js";
import { type LinearMseTheory, linearMseTheory } from "../theory/theory.js";
import { type ResolvedRun, type RunConfig, resolveRun } from "../training/run-config.js";
import { type TrainResult, train } from "../training/train.js";
import { closeness } from "./closeness.js";
import { fullBatchTwin } from "./full-batch-twin.js";
import { judgeRun, type Verdict } from "./verdict.js";

export interface JudgedRun {
  readonly resolved: ResolvedRun;
  readonly run: TrainResult;
  /** The exact theory (MSE), else null. */
  readonly theory: LinearMseTheory | null;
  readonly verdict: Verdict;
}

export interface JudgedRunOptions {
  /** The data's statistics and theory, when already computed (they are for MSE only). */
  readonly stats?: LinearStats;
  readonly theory?: LinearMseTheory;
  readonly nameOf?: (spec: ParamSpec) => string;
  readonly onProgress?: (step: number, totalSteps: number) => void;
}

/** Trains `config` on `data` and judges the run. */
export function trainAndJudge(config: RunConfig, data: Dataset, options: JudgedRunOptions = {}): JudgedRun {
  const mse = config.loss.name === "mse";
  const stats = mse ? (options.stats ?? linearStats(data)) : undefined;
  const resolved = resolveRun(config, data, {
    ...(stats ? { stats } : {}),
    ...(options.nameOf ? { nameOf: options.nameOf } : {}),
  });
  const trainOptions = options.onProgress
    ? { ...resolved.trainOptions, onProgress: options.onProgress }
    : resolved.trainOptions;
  const run = train(data, trainOptions, options.nameOf);
  const theory = stats ? (options.theory ?? linearMseTheory(stats)) : null;
  // The line's losses (resolveRun refused bce for it).
  const lossName = checkLossName(config.loss.name);
  const best = lossName === "mse" ? null : robustOptimum(data, lossName, config.loss.delta);
  const simulation =
    stats && theory && run.stepsPerEpoch === 1
      ? simulatedFastest(data, stats, theory, resolved, run.requestedSteps)
      : null;
  const localBound =
    config.loss.name === "huber" ? huberLocalBound(data, resolved.optimizer, config.loss.delta) : null;
  const verdict = judgeRun(run, {
    simulated: simulation?.fastest ?? null,
    simulatedSteps: simulation?.own ?? null,
    momentumPairSteps: simulation?.pairSteps ?? null,
    localBound,
    best,
    theory,
    optimizer: resolved.optimizer,
    constantRate: resolved.constantRate,
    initialW: config.start.w,
    initialB: config.start.b,
    // A plateau callback's rate follows the losses; only the recorded rows know it.
    ...(trainOptions.rateCallback ? {} : { rateAt: resolved.rateAt }),
    fullBatchTwin: run.status === "diverged" ? null : fullBatchTwin(data, trainOptions, run, options.nameOf),
  });
  return { resolved, run, theory, verdict };
}

/** The line's simulation (choosing/run-simulation.ts), its trials on the O(1) loop from the statistics. */
function simulatedFastest(
  data: Dataset,
  stats: LinearStats,
  theory: LinearMseTheory,
  resolved: ResolvedRun,
  budget: number,
): RunSimulation | null {
  const { optimizer } = resolved;
  const { nesterov = false } = optimizer.config as { nesterov?: boolean };
  const initialW = resolved.trainOptions.initialW ?? 0;
  const initialB = resolved.trainOptions.initialB ?? 0;
  const gap = closeness(stats, mseAt(stats, initialW, initialB)).gap;
  const rate = resolved.constantRate ? resolved.trainOptions.learningRate : undefined;
  return simulateRun({
    optimizer,
    budget,
    constantRate: typeof rate === "number" ? rate : undefined,
    distance: Math.max(Math.abs(initialW - stats.optimum.w), Math.abs(initialB - stats.optimum.b)),
    critical:
      optimizer.name === "sgd" ? (regimeBoundsOf(theory, optimizer)?.critical.learningRate ?? null) : null,
    pair: optimizer.name === "sgd" ? optimalMomentumPair(theory, nesterov) : null,
    trial: (trialOptimizer, learningRate, steps) =>
      trialAt(
        data,
        { optimizer: trialOptimizer, stats, budget: steps, gap, initialW, initialB },
        learningRate,
      ),
    memo: { data: stats, start: [initialW, initialB] },
  });
}
