import { describe, expect, it } from "vitest";
import { LabController } from "./controller.js";
import { createLabHandler } from "./lab.js";
import { defaultState, type LabState } from "./lab-state.js";
import type { LabRequest } from "./protocol.js";
import { rowsToDataset } from "./rows.js";
import { Store } from "./store.js";
import { WorkerClient, type WorkerLike } from "./worker-client.js";

const carsRows = [
  { Horsepower: 130, Miles_per_Gallon: 18, Weight_in_lbs: 3504 },
  { Horsepower: 165, Miles_per_Gallon: 15, Weight_in_lbs: 3693 },
  { Horsepower: 95, Miles_per_Gallon: 24, Weight_in_lbs: 2372 },
];

/** The worker, in-process: requests answered in order, each answer delivered on a later task. */
function fakeWorker(): WorkerLike & { posted: LabRequest[] } {
  const handler = createLabHandler({
    bundled: (_name, x, y) => ({
      data: rowsToDataset(carsRows, x || "Horsepower", y || "Miles_per_Gallon", "cars.json"),
      columns: ["Horsepower", "Miles_per_Gallon", "Weight_in_lbs"],
    }),
  });
  const listeners: ((event: MessageEvent<unknown>) => void)[] = [];
  let queue = Promise.resolve();
  const posted: LabRequest[] = [];
  return {
    posted,
    postMessage(message) {
      posted.push(message);
      queue = queue.then(async () => {
        const response = await handler.handle(message);
        setTimeout(() => {
          for (const listener of listeners) listener({ data: response } as MessageEvent<unknown>);
        }, 0);
      });
    },
    addEventListener(_type, listener) {
      listeners.push(listener);
    },
  };
}

function labFor(state: Partial<LabState> = {}, restoredUpload: File | null = null) {
  const worker = fakeWorker();
  const store = new Store({ ...defaultState(), ...state }, { writeUrl: () => {} });
  const remembered: string[] = [];
  const lab = new LabController(store, new WorkerClient(worker), {
    restoredUpload,
    rememberUpload: (file) => remembered.push(file.name),
  });
  return { worker, store, lab, remembered };
}

/** Waits until the controller has nothing in flight, including work a change starts on a later task. */
async function settle(lab: LabController) {
  for (let i = 0; i < 3; i++) {
    await new Promise((wait) => setTimeout(wait, 5));
    await lab.whenIdle();
  }
}

const file = (text: string, name: string) => new File([text], name, { type: "text/csv" });

describe("LabController", () => {
  it("loads the data the settings ask for, then runs", async () => {
    const { store, lab } = labFor();
    await lab.start();
    await settle(lab);
    expect(store.session.dataInfo?.n).toBe(100);
    expect(store.session.run?.verdict.outcome).toBe("too-small");
  });

  it("runs again when a run setting changes, and sends only the latest of a burst", async () => {
    const { store, lab, worker } = labFor();
    await lab.start();
    await settle(lab);
    const before = worker.posted.length;
    for (const rate of [0.05, 0.1, 0.5, 1, 2, 3]) store.set({ learningRate: rate });
    await settle(lab);
    const runs = worker.posted.slice(before).filter((request) => request.type === "run");
    expect(runs.length).toBeLessThanOrEqual(2);
    expect(runs.at(-1)).toMatchObject({ config: { learningRate: 3 } });
    expect(store.session.run?.status).toBe("diverged");
  });

  it("keeps everything as it was when an uploaded CSV is bad, and says which line", async () => {
    const { store, lab, remembered } = labFor({ learningRate: 0.2 });
    await lab.start();
    await settle(lab);
    const info = store.session.dataInfo;
    const ok = await lab.uploadCsv(file("x,y\n1,2\n3,oops\n", "bad.csv"));
    expect(ok).toBe(false);
    expect(store.session.dataError).toBe('bad.csv: line 3, column "y": expected a number, got "oops"');
    expect(store.state).toMatchObject({ data: "lesson", learningRate: 0.2 });
    expect(store.session.dataInfo).toBe(info);
    expect(remembered).toEqual([]);
  });

  it("switches to an uploaded CSV that parses, remembers it, and clears the error", async () => {
    const { store, lab, remembered } = labFor();
    await lab.start();
    await settle(lab);
    await lab.uploadCsv(file("x,y\n1,2\n3,oops\n", "bad.csv"));
    expect(await lab.uploadCsv(file("hours,score\n1,52\n2,55\n4,65\n", "scores.csv"))).toBe(true);
    await settle(lab);
    expect(store.state).toMatchObject({ data: "csv", file: "scores.csv", x: "hours", y: "score" });
    expect(store.session.dataError).toBeNull();
    expect(store.session.run?.dataVersion).toBe(store.session.dataInfo?.version);
    expect(remembered).toEqual(["scores.csv"]);
  });

  it("goes back to the columns that loaded when a picked column cannot", async () => {
    const { store, lab } = labFor({ data: "cars" });
    await lab.start();
    await settle(lab);
    expect(store.session.dataInfo?.xName).toBe("Horsepower");
    store.set({ x: "Name" });
    await settle(lab);
    expect(store.state.x).toBe("");
    expect(store.session.dataError).toMatch(/no numeric column "Name" for x/);
    store.set({ x: "Weight_in_lbs" });
    await settle(lab);
    expect(store.session.dataInfo?.xName).toBe("Weight_in_lbs");
    expect(store.session.dataError).toBeNull();
  });

  it("opens a link to an uploaded file it does not have on the default data, saying why", async () => {
    const { store, lab } = labFor({ data: "csv", file: "scores.csv", x: "hours", y: "score" });
    await lab.start();
    await settle(lab);
    expect(store.session.notices).toEqual([
      "this link names scores.csv, which is not in this browser: upload it (on the Lesson tab's Data) to see this run; until then the default data is shown",
    ]);
    expect(store.state.data).toBe("lesson");
    expect(store.session.dataInfo?.n).toBe(100);
  });

  it("keeps a link's x columns for its missing file, and applies the link's columns once it is uploaded", async () => {
    const { store, lab } = labFor({
      data: "csv",
      file: "scores.csv",
      x: "hours",
      y: "score",
      model: "linear",
      features: '["age"]',
    });
    await lab.start();
    await settle(lab);
    // The default data has no "age": the link's column stays in the link, not dropped, and not asked for.
    expect(store.state.features).toBe('["age"]');
    expect(store.session.notices).toHaveLength(1);
    const run = await lab.modelRun();
    expect(run.featureNames).toEqual(["x"]);
    // The file arrives: the link's columns apply (not the guess, which would be age and hours).
    expect(await lab.uploadCsv(file("age,hours,score\n20,1,52\n30,2,55\n25,4,65\n", "scores.csv"))).toBe(
      true,
    );
    await settle(lab);
    expect(store.state).toMatchObject({ data: "csv", file: "scores.csv", x: "hours", y: "score" });
    expect(store.state.features).toBe('["age"]');
    expect(store.session.notices).toEqual([]);
    expect((await lab.modelRun()).featureNames).toEqual(["hours", "age"]);
  });

  it("restores an uploaded file kept for this tab", async () => {
    const restored = file("hours,score\n1,52\n2,55\n4,65\n", "scores.csv");
    const { store, lab } = labFor({ data: "csv", file: "scores.csv", x: "hours", y: "score" }, restored);
    await lab.start();
    await settle(lab);
    expect(store.session.dataError).toBeNull();
    expect(store.session.dataInfo).toMatchObject({ n: 3, xName: "hours", yName: "score" });
  });

  it("says the run is pending from a change of settings until the run of the latest settings answers", async () => {
    const { store, lab } = labFor();
    await lab.start();
    await settle(lab);
    expect(store.session.runPending).toBe(false);
    const seen: boolean[] = [];
    store.subscribe((changed) => {
      if (changed.has("runPending")) seen.push(store.session.runPending);
    });
    store.set({ learningRate: 0.2 });
    expect(store.session.runPending).toBe(true);
    store.set({ learningRate: 3 });
    await settle(lab);
    // Pending once, through both runs, and done only with the run of the rate on screen.
    expect(seen).toEqual([true, false]);
    expect(store.session.run?.config.learningRate).toBe(3);
  });

  it("says the run is pending while the data load", async () => {
    const { store, lab } = labFor();
    await lab.start();
    await settle(lab);
    store.set({ data: "clean" });
    expect(store.session.runPending).toBe(true);
    await settle(lab);
    expect(store.session.runPending).toBe(false);
    expect(store.session.run?.dataVersion).toBe(store.session.dataInfo?.version);
  });

  it("keeps the step on show within a shorter run, while it plays", async () => {
    const { store, lab } = labFor({ at: 80 });
    await lab.start();
    await settle(lab);
    expect(store.state.at).toBe(80);
    // Paused, new settings start from step 0 (the store); playing, they go on from the step on show.
    store.setSession({ playing: true });
    store.set({ steps: 20 });
    await settle(lab);
    expect(store.state.at).toBe(20);
  });

  it("reports settings the core refuses, and keeps the last run", async () => {
    const { store, lab } = labFor();
    await lab.start();
    await settle(lab);
    const run = store.session.run;
    store.set({ schedule: "piecewise", scheduleArgs: { boundaries: [10], values: [0.1] } });
    await settle(lab);
    expect(store.session.runError).toMatch(/values/);
    expect(store.session.run).toBe(run);
  });
});

describe("LabController's long requests", () => {
  /** A long-request worker in-process that never answers a range test, as one busy for minutes would not. */
  function longWorker() {
    const handler = createLabHandler();
    const listeners: ((event: MessageEvent<unknown>) => void)[] = [];
    const worker = {
      posted: [] as LabRequest["type"][],
      terminated: false,
      postMessage(message: LabRequest) {
        worker.posted.push(message.type);
        if (message.type === "range-test") return;
        void handler.handle(message).then((response) =>
          setTimeout(() => {
            if (!worker.terminated)
              for (const listener of listeners) listener({ data: response } as MessageEvent<unknown>);
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
    return worker;
  }

  it("runs models on a worker of their own: a model run never stops a range test still running", async () => {
    const workers: ReturnType<typeof longWorker>[] = [];
    const store = new Store({ ...defaultState(), model: "mlp" }, { writeUrl: () => {} });
    const lab = new LabController(store, new WorkerClient(fakeWorker()), {
      startLongWorker: () => {
        const worker = longWorker();
        workers.push(worker);
        return worker;
      },
    });
    await lab.start();
    await settle(lab);
    const rangeTest = lab.rangeTest({ numIterations: 10_000 }).then(
      () => "answered",
      (error: unknown) => error,
    );
    const run = await lab.modelRun();
    expect(run.title).toBe("mlp 1-16-1 (tanh)");
    expect(workers).toHaveLength(2);
    expect(workers.map((worker) => worker.terminated)).toEqual([false, false]);
    expect(workers[0]?.posted).toEqual(["load-data", "range-test"]);
    expect(workers[1]?.posted).toEqual(["load-data", "model-run"]);
    // A newer model run stops the one still running, on the models' worker only.
    const first = lab.modelRun().then(
      () => "answered",
      (error: unknown) => (error as Error).name,
    );
    await lab.modelRun();
    expect(await first).toBe("Superseded");
    expect(workers).toHaveLength(3);
    expect(workers[0]?.terminated).toBe(false);
    expect(await Promise.race([rangeTest, Promise.resolve("still running")])).toBe("still running");
  });
});
