/**
 * The advice a run gets when its optimizer has no closed form for the fastest rate (Adam, RMSprop, Adagrad;
 * SGD with momentum, whose exact results are worst-case rates, not the fastest from this start): the
 * fastest rate by running them (simulated-rate.ts), the steps the run's own rate needs, and with momentum
 * the steps Polyak's pair needs. One decision for the line (judged-run.ts, O(1) steps from its statistics)
 * and the linear family (model-run.ts, O(d²) steps from its design statistics): only `trial` differs, so
 * `--model linear` on one column gets exactly the line's advice.
 */
import type { Optimizer } from "../optimizers/optimizer.js";
import { createOptimizer } from "../optimizers/registry.js";
import type { MomentumPair } from "../theory/fastest-rate.js";
import {
  fastestRateBySearch,
  MAX_SIMULATED_BUDGET,
  type SimulatedRate,
  type Trial,
} from "./simulated-rate.js";

/**
 * Runs longer than this are not searched for their fastest rate on every run (57 runs of the budget); `lrlab
 * suggest --steps` still does.
 */
export const SIMULATE_UP_TO = 5_000;

export interface RunSimulation {
  readonly fastest: SimulatedRate | null;
  /** The steps the run's own (constant) rate needs to stay within the gap, on the searched budget. */
  readonly own: number | null;
  /** With momentum: the steps the best (rate, momentum) pair needs, or null. */
  readonly pairSteps: number | null;
}

export interface RunSimulationInput {
  readonly optimizer: Optimizer;
  readonly budget: number;
  /** The run's rate when constant, else undefined. */
  readonly constantRate: number | undefined;
  /** The farthest any parameter starts from the optimum. */
  readonly distance: number;
  /** SGD with momentum: its exact stability bound (the search stays below it); else null. */
  readonly critical: number | null;
  /** SGD with momentum: Polyak's pair for this data; else null. */
  readonly pair: MomentumPair | null;
  /** One full-batch trial of `optimizer` at a rate for a budget (simulated-rate.ts `trialOf`). */
  readonly trial: (optimizer: Optimizer, learningRate: number, budget: number) => Trial;
  /**
   * What the search depends on besides the optimizer and budget, for the memo: the data (an object that
   * lives as long as it: its statistics) and the start.
   */
  readonly memo: { readonly data: object; readonly start: readonly number[] };
}

/** The simulation for a full-batch run; null for plain SGD (closed forms) and budgets past SIMULATE_UP_TO. */
export function simulateRun(input: RunSimulationInput): RunSimulation | null {
  const { optimizer, budget, critical, trial } = input;
  const { momentum = 0, nesterov = false } = optimizer.config as { momentum?: number; nesterov?: boolean };
  if (optimizer.name === "sgd" && momentum === 0) return null;
  if (budget > SIMULATE_UP_TO) return null;
  const range =
    critical !== null && critical > 0 && Number.isFinite(critical)
      ? ([critical * 1e-4, critical * 0.999] as const) // below the momentum bound, four decades of it
      : null;
  const search = {
    budget,
    distance: input.distance,
    ...(range ? { range } : {}),
    trial: (rate: number, steps: number) => trial(optimizer, rate, steps),
  };
  // What does not depend on the run's own rate is found once per data, optimizer, budget and start: the
  // lesson's plan and a sweep judge many rates of the same setup.
  const { learningRate: _rate, ...settings } = optimizer.config as { learningRate?: unknown };
  const key = JSON.stringify([optimizer.name, settings, budget, input.memo.start]);
  const memo = simulationMemo.get(input.memo.data) ?? new Map<string, Omit<RunSimulation, "own">>();
  simulationMemo.set(input.memo.data, memo);
  let shared = memo.get(key);
  if (!shared) {
    const fastest = fastestRateBySearch(search);
    let pairSteps: number | null = null;
    if (optimizer.name === "sgd" && input.pair) {
      const { pair } = input;
      const pairOptimizer = createOptimizer("sgd", { momentum: pair.momentum, nesterov });
      pairSteps = trial(pairOptimizer, pair.learningRate, MAX_SIMULATED_BUDGET).settledAt;
    }
    shared = { fastest, pairSteps };
    if (memo.size > 64) memo.clear();
    memo.set(key, shared);
  }
  const { fastest } = shared;
  const rate = input.constantRate;
  const own =
    fastest && rate !== undefined && fastest.steps !== null
      ? trial(optimizer, rate, fastest.searchedBudget).settledAt
      : null;
  return { ...shared, own };
}

/** Simulations by the data they ran on (a new data set has new statistics). */
const simulationMemo = new WeakMap<object, Map<string, Omit<RunSimulation, "own">>>();
