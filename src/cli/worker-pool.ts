/**
 * What sweeps and landscapes on worker threads share: the data in shared memory, a pool of threads that
 * pull tasks until there are none, and errors sent back across the thread boundary. Each caller keeps its
 * own protocol (what a task and a reply hold); the pool only hands out tasks and collects replies.
 *
 * Handing out one task at a time to whichever thread is free keeps every core busy when tasks differ in
 * length. The core stays free of Node APIs; threads live here, at the edge.
 */
import os from "node:os";
import { Worker } from "node:worker_threads";
import type { Dataset } from "../core/data/data.js";
import { isLrlabError, LrlabError, type LrlabErrorCode } from "../core/errors.js";

/** The number of workers to use by default: one per core. */
export function defaultWorkerCount(): number {
  return os.availableParallelism();
}

/** The data as Float64Arrays over one SharedArrayBuffer, so every worker reads the same memory. */
export function sharedDataset(data: Dataset): Dataset {
  const n = data.x.length;
  const buffer = new SharedArrayBuffer(2 * n * Float64Array.BYTES_PER_ELEMENT);
  const x = new Float64Array(buffer, 0, n);
  const y = new Float64Array(buffer, n * Float64Array.BYTES_PER_ELEMENT, n);
  x.set(data.x);
  y.set(data.y);
  return { x, y, xName: data.xName, yName: data.yName, source: data.source };
}

/** An error thrown in a worker, as plain data it can post: a user error keeps its code, a bug its stack. */
export interface WorkerError {
  readonly code: LrlabErrorCode | null;
  readonly message: string;
  readonly stack: string;
}

/** The reply a worker posts when its task threw. */
export interface WorkerErrorReply {
  readonly error: WorkerError;
}

/** What a worker posts for `error`, thrown by its task. */
export function workerErrorOf(error: unknown): WorkerError {
  return {
    code: isLrlabError(error) ? error.code : null,
    message: error instanceof Error ? error.message : String(error),
    stack: error instanceof Error ? (error.stack ?? "") : "",
  };
}

function isErrorReply(reply: object): reply is WorkerErrorReply {
  return "error" in reply;
}

/** The error to throw on the main thread: an `LrlabError` (one line for the user) or a bug with its stack. */
function errorFromWorker({ code, message, stack }: WorkerError): Error {
  if (code) return new LrlabError(code, message);
  const error = new Error(message);
  error.stack = stack;
  return error;
}

export interface WorkerPoolOptions<Task, Reply> {
  /** The worker's module. */
  readonly workerUrl: URL;
  /** Given to every worker once, at its start (typed arrays over SharedArrayBuffers are shared). */
  readonly workerData: unknown;
  /** Threads to start. */
  readonly threads: number;
  /** The next task to post, or `undefined` when every task has been handed out. */
  readonly nextTask: () => Task | undefined;
  /** Takes a worker's reply to a task; returns true once the last reply is in. */
  readonly onReply: (reply: Reply) => boolean;
  /** The pool's workers in error messages: "a sweep worker exited early …". */
  readonly name: string;
}

/**
 * Starts `threads` workers, gives each a task and the next one as each reply comes in, until `onReply`
 * says all are in. Rejects with the first error a worker posts (see {@link workerErrorOf}) or throws, or
 * when one exits early; the workers are terminated either way.
 */
export async function runWorkerPool<Task, Reply extends object>({
  workerUrl,
  workerData,
  threads,
  nextTask,
  onReply,
  name,
}: WorkerPoolOptions<Task, Reply>): Promise<void> {
  const workers: Worker[] = [];
  let finished = false;
  try {
    await new Promise<void>((resolve, reject) => {
      const handOut = (worker: Worker) => {
        const task = nextTask();
        if (task !== undefined) worker.postMessage(task);
      };
      for (let i = 0; i < threads; i++) {
        const worker = new Worker(workerUrl, { workerData });
        workers.push(worker);
        worker.on("message", (reply: Reply | WorkerErrorReply) => {
          if (isErrorReply(reply)) {
            reject(errorFromWorker(reply.error));
            return;
          }
          finished = onReply(reply);
          if (finished) resolve();
          else handOut(worker);
        });
        worker.on("error", reject);
        worker.on("exit", (code) => {
          if (!finished) reject(new Error(`${name} exited early (code ${code})`));
        });
        handOut(worker);
      }
    });
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
}
