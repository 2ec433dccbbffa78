import { describe, expect, it } from "vitest";
import { createLabHandler } from "./lab.js";
import { defaultState } from "./lab-state.js";
import { LongRequests, Superseded, type TerminableWorker } from "./long-requests.js";
import { type DataSource, type LabRequest, runConfigOf } from "./protocol.js";

const LESSON: DataSource = { kind: "preset", name: "lesson", points: 0, seed: 42 };

/** A worker in-process; `stuck` never answers a range test, as a worker busy for minutes would not. */
function fakeWorker(stuck: boolean) {
  const handler = createLabHandler();
  const listeners: ((event: MessageEvent<unknown>) => void)[] = [];
  const worker = {
    posted: [] as LabRequest["type"][],
    terminated: false,
    postMessage(message: LabRequest) {
      worker.posted.push(message.type);
      if (stuck && message.type === "range-test") return;
      void handler.handle(message).then((response) =>
        setTimeout(() => {
          if (!worker.terminated)
            for (const listener of listeners) listener({ data: response } as MessageEvent);
        }, 0),
      );
    },
    addEventListener(_type: "message", listener: (event: MessageEvent<unknown>) => void) {
      listeners.push(listener);
    },
    terminate() {
      worker.terminated = true;
    },
  };
  return worker satisfies TerminableWorker;
}

describe("long requests on a worker of their own", () => {
  it("a newer range test stops the one still running: it rejects as superseded and its worker ends", async () => {
    const workers: ReturnType<typeof fakeWorker>[] = [];
    const long = new LongRequests(() => {
      const worker = fakeWorker(workers.length === 0);
      workers.push(worker);
      return worker;
    });
    const config = runConfigOf(defaultState());
    const first = long.rangeTest({ source: LESSON, key: "lesson" }, config, { numIterations: 10_000 });
    const firstOutcome = first.then(
      () => "answered",
      (error: unknown) => error,
    );
    await new Promise((wait) => setTimeout(wait, 20));
    expect(long.busy).toBe(true);
    const second = await long.rangeTest({ source: LESSON, key: "lesson" }, config, { numIterations: 50 });
    expect(await firstOutcome).toBeInstanceOf(Superseded);
    expect(workers).toHaveLength(2);
    expect(workers[0]?.terminated).toBe(true);
    // The fresh worker loads the data before it runs the test.
    expect(workers[1]?.posted).toEqual(["load-data", "range-test"]);
    expect(second.requestedIterations).toBe(50);
    expect(long.busy).toBe(false);
  });

  it("loads the data once per data set, not once per test", async () => {
    const worker = fakeWorker(false);
    const long = new LongRequests(() => worker);
    const config = runConfigOf(defaultState());
    await long.rangeTest({ source: LESSON, key: "lesson" }, config, { numIterations: 20 });
    await long.rangeTest({ source: LESSON, key: "lesson" }, config, { numIterations: 30 });
    const clean: DataSource = { kind: "preset", name: "clean", points: 0, seed: 42 };
    await long.rangeTest({ source: clean, key: "clean" }, config, { numIterations: 30 });
    expect(worker.posted).toEqual(["load-data", "range-test", "range-test", "load-data", "range-test"]);
  });
});
