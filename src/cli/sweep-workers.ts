/**
 * Sweeps across worker threads: the runs of a mini-batch sweep are independent, so they are handed out,
 * one rate at a time, to as many workers as there are cores, and put back in rate order.
 *
 * A worker gets the data once, as Float64Arrays over a SharedArrayBuffer (shared, never copied), plus a
 * plain-data plan of the run (optimizer config, schedule name and arguments, run flags), from which it
 * rebuilds exactly the options the serial sweep uses: same code, same numbers, whichever thread ran them.
 * Handing out one rate at a time keeps every core busy when runs differ in length (a diverged run stops
 * early). The threads themselves are worker-pool.ts's; the core stays free of Node APIs.
 */
import { type ReduceLROnPlateauConfig, reduceLROnPlateau } from "../core/callbacks/reduce-lr-on-plateau.js";
import type { SweepMeasurement, SweepRunOptions } from "../core/choosing/sweep.js";
import type { Dataset } from "../core/data/data.js";
import type { LinearStats } from "../core/data/stats.js";
import type { LossName } from "../core/models/losses.js";
import { type OptimizerConfigJson, optimizerFromConfig } from "../core/optimizers/registry.js";
import type { ParamSpec, ParamValue } from "../core/params.js";
import { SCHEDULES, type ScheduleName } from "../core/schedules/registry.js";
import { runWorkerPool, sharedDataset, type WorkerErrorReply } from "./worker-pool.js";

/** Everything a run needs besides the data and its rate, as plain data that can be posted to a worker. */
export interface SweepPlan {
  readonly loss: LossName;
  readonly huberDelta?: number;
  readonly optimizer: OptimizerConfigJson;
  /** A schedule whose rate argument is the swept rate; null for a constant rate (or plateau). */
  readonly schedule: {
    readonly name: ScheduleName;
    readonly args: Readonly<Record<string, ParamValue>>;
  } | null;
  readonly plateau: ReduceLROnPlateauConfig | null;
  readonly batchSize?: number;
  readonly steps?: number;
  readonly epochs?: number;
  readonly initialW?: number;
  readonly initialB?: number;
  readonly seed?: number;
  readonly divergeFactor?: number;
  /** The loss gap that counts as arrived (MSE), already resolved. */
  readonly tolerance?: number;
  /** The data's statistics (MSE), computed once by the caller. */
  readonly stats?: LinearStats;
}

/** Names a spec by its flag, as the CLI does (run-options.ts's flagName, without importing the CLI). */
export const flagNameOf = (spec: ParamSpec): string => `--${spec.flag}`;

/** The training options a plan takes from the run's flags as they are (see commands/sweep.ts's planFrom). */
export const PLAN_TRAIN_KEYS = [
  "huberDelta",
  "batchSize",
  "steps",
  "epochs",
  "initialW",
  "initialB",
  "seed",
  "divergeFactor",
] as const;

/** The plan's entries that pass to the core's run options unchanged. */
const PLAN_KEYS = ["loss", ...PLAN_TRAIN_KEYS, "tolerance", "stats"] as const;

/** The core's run options from a plan; used by the serial sweep and by every worker alike. */
export function runOptionsFromPlan(plan: SweepPlan): SweepRunOptions {
  const options: Record<string, unknown> = {};
  for (const key of PLAN_KEYS) if (plan[key] !== undefined) options[key] = plan[key];
  options.optimizer = optimizerFromConfig(plan.optimizer);
  const { schedule, plateau } = plan;
  if (schedule) {
    const entry = SCHEDULES[schedule.name];
    if (entry.kind !== "schedule") throw new Error(`${schedule.name} is not a per-step schedule`);
    options.schedule = (learningRate: number) => entry.create(schedule.args, learningRate, flagNameOf);
  }
  if (plateau) options.rateCallback = reduceLROnPlateau(plateau);
  return options as SweepRunOptions;
}

/** What the main thread posts to a worker. */
export interface SweepTask {
  readonly index: number;
  readonly learningRate: number;
}

/** What a worker posts back: a measurement, or the error its run threw. */
export type SweepReply =
  | { readonly index: number; readonly measurement: SweepMeasurement }
  | WorkerErrorReply;

/** The `workerData` of a sweep worker. */
export interface SweepWorkerData {
  readonly x: Float64Array;
  readonly y: Float64Array;
  readonly xName: string;
  readonly yName: string;
  readonly source: string;
  readonly plan: SweepPlan;
}

export interface ParallelSweepOptions {
  /** Threads to start (at most one per rate). */
  workers: number;
  onRunEnd?: (done: number, total: number) => void;
  /** The worker's module; default: sweep-worker.js beside this file (tests point it at the build). */
  workerUrl?: URL;
}

/**
 * Runs `sweepRun` for every rate on worker threads and returns the measurements in rate order, identical
 * to a serial sweep's. A run's user error (an `LrlabError`) is rethrown as one here.
 */
export async function sweepInParallel(
  data: Dataset,
  learningRates: readonly number[],
  plan: SweepPlan,
  { workers, onRunEnd, workerUrl = new URL("./sweep-worker.js", import.meta.url) }: ParallelSweepOptions,
): Promise<SweepMeasurement[]> {
  const total = learningRates.length;
  const shared = data.x.buffer instanceof SharedArrayBuffer ? data : sharedDataset(data);
  const workerData: SweepWorkerData = {
    x: shared.x,
    y: shared.y,
    xName: shared.xName,
    yName: shared.yName,
    source: shared.source,
    plan,
  };
  const results: (SweepMeasurement | undefined)[] = new Array(total);
  let next = 0;
  let done = 0;
  await runWorkerPool<SweepTask, Exclude<SweepReply, WorkerErrorReply>>({
    workerUrl,
    workerData,
    threads: Math.max(1, Math.min(workers, total)),
    nextTask: () => {
      if (next >= total) return undefined;
      const task: SweepTask = { index: next, learningRate: learningRates[next] as number };
      next++;
      return task;
    },
    onReply: (reply) => {
      results[reply.index] = reply.measurement;
      done++;
      onRunEnd?.(done, total);
      return done === total;
    },
    name: "a sweep worker",
  });
  return results as SweepMeasurement[];
}
