/**
 * MAE and Huber landscapes across worker threads. Each grid point costs a pass over the data, so the
 * rows of the grid are handed out, a block at a time, to as many workers as there are cores.
 *
 * As for sweeps (sweep-workers.ts; both run on worker-pool.ts), the data goes to every worker once as
 * Float64Arrays over a SharedArrayBuffer; so does the grid's value array, which each worker fills in
 * place, row by row, with the core's `lossGridRows`: the same code and the same numbers as a serial run,
 * whichever thread ran a row. MSE never comes here: its landscape is O(1) per point from the sufficient
 * statistics.
 */
import type { Dataset } from "../core/data/data.js";
import type { LandscapeAxes } from "../core/landscape/landscape.js";
import { type DirectLossOptions, lossGridRows } from "../core/landscape/landscape-direct.js";
import { defaultWorkerCount, runWorkerPool, sharedDataset, type WorkerErrorReply } from "./worker-pool.js";

/** The `workerData` of a landscape worker: views of shared memory, and the loss. */
export interface LandscapeWorkerData {
  readonly x: Float64Array;
  readonly y: Float64Array;
  readonly w: Float64Array;
  readonly b: Float64Array;
  readonly values: Float64Array;
  readonly loss: DirectLossOptions;
}

/** A block of rows b[start..end) to fill. */
export interface LandscapeTask {
  readonly start: number;
  readonly end: number;
}

/** What a worker posts back: the block it wrote, or the error it threw. */
export type LandscapeReply = { readonly start: number; readonly end: number } | WorkerErrorReply;

export interface ParallelLandscapeOptions {
  /** Threads to start (at most one per row). */
  workers: number;
  /** Called as rows are done, with the rows done and the rows in all. */
  onRows?: (done: number, total: number) => void;
  /** The worker's module; default: landscape-worker.js beside this file (tests point it at the build). */
  workerUrl?: URL;
}

/** Point-loss evaluations per block: enough that messages cost nothing, few enough to balance the threads. */
const WORK_PER_TASK = 2e7;

/** Rows per block: about {@link WORK_PER_TASK} evaluations, and at least four blocks per worker. */
export function rowsPerTask(points: number, gridW: number, gridB: number, workers: number): number {
  const byWork = Math.ceil(WORK_PER_TASK / Math.max(1, points * gridW));
  const byBalance = Math.ceil(gridB / (4 * Math.max(1, workers)));
  return Math.max(1, Math.min(byWork, byBalance));
}

/** Every row on this thread, one after another (for small grids, or `--workers 1`). */
export function landscapeSerial(
  data: Pick<Dataset, "x" | "y">,
  axes: LandscapeAxes,
  loss: DirectLossOptions,
  onRows?: (done: number, total: number) => void,
): Float64Array {
  const values = new Float64Array(axes.w.length * axes.b.length);
  const total = axes.b.length;
  const block = rowsPerTask(data.x.length, axes.w.length, total, 1);
  for (let start = 0; start < total; start += block) {
    const end = Math.min(total, start + block);
    lossGridRows(data, axes, loss, start, end, values);
    onRows?.(end, total);
  }
  return values;
}

/**
 * The grid's values computed on worker threads, identical to {@link landscapeSerial}'s: each row is
 * computed whole by one thread with the same code.
 */
export async function landscapeInParallel(
  data: Dataset,
  axes: LandscapeAxes,
  loss: DirectLossOptions,
  {
    workers,
    onRows,
    workerUrl = new URL("./landscape-worker.js", import.meta.url),
  }: ParallelLandscapeOptions,
): Promise<Float64Array> {
  const total = axes.b.length;
  const nw = axes.w.length;
  const shared = data.x.buffer instanceof SharedArrayBuffer ? data : sharedDataset(data);
  const valueBuffer = new SharedArrayBuffer(nw * total * Float64Array.BYTES_PER_ELEMENT);
  const workerData: LandscapeWorkerData = {
    x: shared.x,
    y: shared.y,
    w: Float64Array.from(axes.w),
    b: Float64Array.from(axes.b),
    values: new Float64Array(valueBuffer),
    loss,
  };
  const count = Math.max(1, Math.min(workers, total));
  const block = rowsPerTask(data.x.length, nw, total, count);
  let next = 0;
  let done = 0;
  await runWorkerPool<LandscapeTask, Exclude<LandscapeReply, WorkerErrorReply>>({
    workerUrl,
    workerData,
    threads: count,
    nextTask: () => {
      if (next >= total) return undefined;
      const task: LandscapeTask = { start: next, end: Math.min(total, next + block) };
      next = task.end;
      return task;
    },
    onReply: (reply) => {
      done += reply.end - reply.start;
      onRows?.(done, total);
      return done === total;
    },
    name: "a landscape worker",
  });
  // A plain copy: callers get an ordinary Float64Array, and the shared memory can go.
  return Float64Array.from(workerData.values);
}

/** Point-loss evaluations below which starting threads costs more than it saves. */
const PARALLEL_MIN_WORK = 2e7;

/**
 * A direct (MAE, Huber) landscape's values: on worker threads, one per core, when the grid is large enough
 * to repay starting them or `workers` is given; else on this thread.
 */
export async function directGridValues(
  data: Dataset,
  axes: LandscapeAxes,
  loss: DirectLossOptions,
  { workers, onRows }: { workers?: number | undefined; onRows?: (done: number, total: number) => void } = {},
): Promise<Float64Array> {
  const rows = axes.b.length;
  const work = data.x.length * axes.w.length * rows;
  const threads = Math.min(workers ?? defaultWorkerCount(), rows);
  const parallel = threads > 1 && (workers !== undefined || work >= PARALLEL_MIN_WORK);
  return parallel
    ? landscapeInParallel(data, axes, loss, { workers: threads, ...(onRows ? { onRows } : {}) })
    : landscapeSerial(data, axes, loss, onRows);
}
