/**
 * The page's end of the worker: typed requests, each answered by a promise. An `error` answer rejects
 * with a {@link LabError} carrying the core's one-line message (e.g. the CSV line that is wrong), in the
 * lab's words (messages.ts: columns, not command-line flags).
 */
import { inLabWords } from "./messages.js";
import { isLabResponse, type LabRequest, type LabResponse, type ResponseFor } from "./protocol.js";

/** What the client needs of a Worker (a fake in tests). */
export interface WorkerLike {
  postMessage(message: LabRequest, transfer?: Transferable[]): void;
  addEventListener(type: "message", listener: (event: MessageEvent<unknown>) => void): void;
}

/** The worker refused a request: `code` is the core's (E_BAD_CSV, E_BAD_ARGUMENT, …) or E_INTERNAL. */
export class LabError extends Error {
  override readonly name = "LabError";
  readonly code: string;

  constructor(code: string, message: string) {
    super(message);
    this.code = code;
  }
}

type Pending = { resolve: (response: LabResponse) => void; reject: (error: Error) => void };

/** A request without its id: the client numbers them. */
export type RequestBody = LabRequest extends infer R ? (R extends LabRequest ? Omit<R, "id"> : never) : never;

export class WorkerClient {
  readonly #worker: WorkerLike;
  readonly #pending = new Map<number, Pending>();
  #nextId = 1;

  constructor(worker: WorkerLike) {
    this.#worker = worker;
    worker.addEventListener("message", (event) => {
      const response = event.data;
      if (!isLabResponse(response)) return;
      const pending = this.#pending.get(response.id);
      if (!pending) return;
      this.#pending.delete(response.id);
      if (response.type === "error")
        pending.reject(new LabError(response.code, inLabWords(response.message)));
      else pending.resolve(response);
    });
  }

  /** Sends a request; resolves with the answer of the same type, rejects with a {@link LabError}. */
  request<R extends RequestBody>(request: R): Promise<ResponseFor<R["type"]>> {
    const id = this.#nextId++;
    const message = { ...request, id } as unknown as LabRequest;
    return new Promise<ResponseFor<R["type"]>>((resolve, reject) => {
      this.#pending.set(id, { resolve: resolve as (response: LabResponse) => void, reject });
      this.#worker.postMessage(message);
    });
  }

  /** Requests still waiting for an answer. */
  get inFlight(): number {
    return this.#pending.size;
  }
}
