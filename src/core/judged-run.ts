/**
 * One run from its config: resolved, trained and judged beside the exact theory. Every face that runs
 * something (the CLI's fit, the demo, the report, the web lab's runs and race lanes, the lesson's rates)
 * goes through here, so a rate is judged the same way wherever it is shown.
 */

import { closeness } from "./closeness.js";
import type { Dataset } from "./data.js";
import { fullBatchTwin } from "./full-batch-twin.js";
import { huberLocalBound } from "./local-bound.js";
import type { ParamSpec } from "./params.js";
import { robustOptimum } from "./robust-optimum.js";
import { type ResolvedRun, type RunConfig, resolveRun } from "./run-config.js";
import { fastestRateBySimulation, type SimulatedRate } from "./simulated-rate.js";
import { type LinearStats, linearStats, mseAt } from "./stats.js";
import { type LinearMseTheory, linearMseTheory } from "./theory.js";
import { type TrainResult, train } from "./train.js";
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
  const lossName = config.loss.name;
  const best = lossName === "mse" ? null : robustOptimum(data, lossName, config.loss.delta);
  const simulated =
    stats && resolved.optimizer.name !== "sgd" && run.stepsPerEpoch === 1
      ? simulatedFastest(data, stats, resolved, run.requestedSteps)
      : null;
  const localBound =
    config.loss.name === "huber" ? huberLocalBound(data, resolved.optimizer, config.loss.delta) : null;
  const verdict = judgeRun(run, {
    simulated,
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

/**
 * Runs longer than this are not searched for their fastest rate on every run (57 runs of the budget); `lrlab
 * suggest --steps` still does.
 */
const SIMULATE_UP_TO = 5_000;

/** The fastest rate for an adaptive optimizer and this budget from this start (simulated-rate.ts). */
function simulatedFastest(
  data: Dataset,
  stats: LinearStats,
  resolved: ResolvedRun,
  budget: number,
): SimulatedRate | null {
  if (budget > SIMULATE_UP_TO) return null;
  const initialW = resolved.trainOptions.initialW ?? 0;
  const initialB = resolved.trainOptions.initialB ?? 0;
  return fastestRateBySimulation(data, {
    optimizer: resolved.optimizer,
    stats,
    budget,
    gap: closeness(stats, mseAt(stats, initialW, initialB)).gap,
    initialW,
    initialB,
  });
}
