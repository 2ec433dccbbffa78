/**
 * One run from its config: resolved, trained and judged beside the exact theory. Every face that runs
 * something (the CLI's fit, the demo, the report, the web lab's runs and race lanes, the lesson's rates)
 * goes through here, so a rate is judged the same way wherever it is shown.
 */

import {
  fastestRateBySimulation,
  MAX_SIMULATED_BUDGET,
  type SimulatedRate,
  type SimulatedRateOptions,
  trialAt,
} from "../choosing/simulated-rate.js";
import type { Dataset } from "../data/data.js";
import { type LinearStats, linearStats, mseAt } from "../data/stats.js";
import { checkLossName } from "../models/losses.js";
import { createOptimizer } from "../optimizers/registry.js";
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

/**
 * Runs longer than this are not searched for their fastest rate on every run (57 runs of the budget); `lrlab
 * suggest --steps` still does.
 */
const SIMULATE_UP_TO = 5_000;

interface Simulation {
  readonly fastest: SimulatedRate | null;
  /** The steps the run's own (constant) rate needs to stay within the gap, on the searched budget. */
  readonly own: number | null;
  /** With momentum: the steps the best (rate, momentum) pair needs, or null. */
  readonly pairSteps: number | null;
}

/**
 * Full-batch MSE with an optimizer whose fastest rate for a budget has no closed form (Adam, RMSprop,
 * Adagrad; SGD with momentum, whose exact results are worst-case rates, not the fastest from this start):
 * the fastest rate by running them (simulated-rate.ts), the steps the run's own rate needs, and with
 * momentum the steps the best pair needs. Null for plain SGD, which has its closed forms.
 */
function simulatedFastest(
  data: Dataset,
  stats: LinearStats,
  theory: LinearMseTheory,
  resolved: ResolvedRun,
  budget: number,
): Simulation | null {
  const { optimizer } = resolved;
  const { momentum = 0, nesterov = false } = optimizer.config as { momentum?: number; nesterov?: boolean };
  if (optimizer.name === "sgd" && momentum === 0) return null;
  if (budget > SIMULATE_UP_TO) return null;
  const initialW = resolved.trainOptions.initialW ?? 0;
  const initialB = resolved.trainOptions.initialB ?? 0;
  const critical =
    optimizer.name === "sgd" ? regimeBoundsOf(theory, optimizer)?.critical.learningRate : undefined;
  const options: SimulatedRateOptions = {
    optimizer,
    stats,
    budget,
    gap: closeness(stats, mseAt(stats, initialW, initialB)).gap,
    initialW,
    initialB,
    // Below the momentum bound, four decades of it.
    ...(critical !== undefined && critical > 0 && Number.isFinite(critical)
      ? { range: [critical * 1e-4, critical * 0.999] as const }
      : {}),
  };
  // What does not depend on the run's own rate is found once per data, optimizer, budget and start: the
  // lesson's plan and a sweep judge many rates of the same setup.
  const { learningRate: _rate, ...settings } = optimizer.config as { learningRate?: unknown };
  const key = JSON.stringify([optimizer.name, settings, budget, initialW, initialB]);
  const memo = simulationMemo.get(stats) ?? new Map<string, Omit<Simulation, "own">>();
  simulationMemo.set(stats, memo);
  let shared = memo.get(key);
  if (!shared) {
    const fastest = fastestRateBySimulation(data, options);
    let pairSteps: number | null = null;
    if (optimizer.name === "sgd") {
      const pair = optimalMomentumPair(theory, nesterov);
      const pairOptimizer = createOptimizer("sgd", { momentum: pair.momentum, nesterov });
      pairSteps = trialAt(
        data,
        { ...options, optimizer: pairOptimizer, budget: MAX_SIMULATED_BUDGET },
        pair.learningRate,
      ).settledAt;
    }
    shared = { fastest, pairSteps };
    if (memo.size > 64) memo.clear();
    memo.set(key, shared);
  }
  const { fastest } = shared;
  const rate = resolved.constantRate ? resolved.trainOptions.learningRate : undefined;
  const own =
    fastest && typeof rate === "number" && fastest.steps !== null
      ? trialAt(data, { ...options, budget: fastest.searchedBudget }, rate).settledAt
      : null;
  return { ...shared, own };
}

/** Simulations by the statistics they ran on (a new data set has new statistics). */
const simulationMemo = new WeakMap<LinearStats, Map<string, Omit<Simulation, "own">>>();
