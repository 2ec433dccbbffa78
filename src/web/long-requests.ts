/**
 * Requests that may take long (the LR range test, a network's run), on a worker of their own, so that the
 * lab's worker keeps answering the lesson meanwhile. A newer request supersedes an older one: the worker still busy
 * with it is terminated (the only way to stop a computation in a worker) and a fresh one started, and the
 * older request rejects with a {@link Superseded}. The fresh worker loads the data again before it answers.
 */
import type { RangeTestResult } from "../core/index.js";
import type { DataSource, RangeTestRequestOptions, ResponseFor, RunConfig } from "./protocol.js";
import { type RequestBody, WorkerClient, type WorkerLike } from "./worker-client.js";

/** A worker that can be stopped: a Web Worker, or a fake in tests. */
export interface TerminableWorker extends WorkerLike {
  terminate(): void;
}

/** A request that a newer one replaced; nothing to show for it. */
export class Superseded extends Error {
  override readonly name = "Superseded";

  constructor() {
    super("superseded by a newer request");
  }
}

/** The data a long request runs on: where it comes from, and its identity (equal keys, same points). */
export interface LoadedData {
  readonly source: DataSource;
  readonly key: string;
}

export class LongRequests {
  readonly #startWorker: () => TerminableWorker;
  #worker: TerminableWorker | null = null;
  #client: WorkerClient | null = null;
  /** The key of the data the worker holds. */
  #dataKey: string | null = null;
  /** Rejects the request in flight, if there is one. */
  #cancel: (() => void) | null = null;

  constructor(startWorker: () => TerminableWorker) {
    this.#startWorker = startWorker;
  }

  /** Runs the LR range test on `data`, superseding any request still running. */
  async rangeTest(
    data: LoadedData,
    config: RunConfig,
    options: RangeTestRequestOptions,
  ): Promise<RangeTestResult> {
    return (await this.request(data, { type: "range-test", config, options })).result;
  }

  /** Asks for `body` on `data`, superseding any request still running. */
  async request<R extends RequestBody>(data: LoadedData, body: R): Promise<ResponseFor<R["type"]>> {
    if (this.#cancel) this.#stop();
    const client = this.#clientNow();
    const cancelled = new Promise<never>((_, reject) => {
      this.#cancel = () => reject(new Superseded());
    });
    const cancel = this.#cancel;
    const work = (async () => {
      if (this.#dataKey !== data.key) {
        this.#dataKey = null;
        await client.request({ type: "load-data", source: data.source });
        this.#dataKey = data.key;
      }
      return client.request(body);
    })();
    try {
      return await Promise.race([work, cancelled]);
    } finally {
      if (this.#cancel === cancel) this.#cancel = null;
    }
  }

  /** Whether a request is running. */
  get busy(): boolean {
    return this.#cancel !== null;
  }

  /** Stops the request in flight (it rejects with {@link Superseded}) and the worker running it. */
  #stop(): void {
    this.#cancel?.();
    this.#cancel = null;
    this.#worker?.terminate();
    this.#worker = null;
    this.#client = null;
    this.#dataKey = null;
  }

  #clientNow(): WorkerClient {
    if (!this.#client) {
      this.#worker = this.#startWorker();
      this.#client = new WorkerClient(this.#worker);
    }
    return this.#client;
  }
}
