import { describe, expect, it } from "vitest";
import { defaultState } from "./lab-state.js";
import { type ChangeKey, Store } from "./store.js";

/** A store whose URL writes and timers are recorded, so time is in the test's hands. */
function storeForTest() {
  const writes: string[] = [];
  const timers: (() => void)[] = [];
  const store = new Store(defaultState(), {
    writeUrl: (query) => writes.push(query),
    setTimer: (callback) => timers.push(callback),
    clearTimer: () => timers.splice(0),
  });
  const fire = () => {
    for (const timer of timers.splice(0)) timer();
  };
  return { store, writes, fire };
}

describe("Store", () => {
  it("tells listeners which keys changed, and nothing when nothing did", () => {
    const { store } = storeForTest();
    const heard: ChangeKey[][] = [];
    store.subscribe((changed) => heard.push([...changed]));
    store.set({ learningRate: 0.2, steps: 100 }); // steps is already 100
    store.set({ learningRate: 0.2 });
    store.setSession({ playing: true });
    // Playing also shows the verdict (predict, then check).
    expect(heard).toEqual([["learningRate"], ["playing", "verdictShown"]]);
    expect(store.state.learningRate).toBe(0.2);
    expect(store.session.playing).toBe(true);
  });

  it("writes the URL at most once per interval, with the latest state", () => {
    const { store, writes, fire } = storeForTest();
    store.set({ learningRate: 0.1 });
    store.set({ learningRate: 0.2 });
    store.set({ at: 5 });
    expect(writes).toEqual([]);
    fire();
    expect(writes).toEqual(["lr=0.2&at=5"]);
  });

  it("flushUrl writes at once, and only when the URL is behind", () => {
    const { store, writes, fire } = storeForTest();
    store.set({ optimizer: "adam" });
    store.flushUrl();
    store.flushUrl();
    fire();
    // The rate stays SGD's 0.01, which is not Adam's default (0.001), so the link says it.
    expect(writes).toEqual(["optimizer=adam&lr=0.01"]);
  });

  it("never writes the URL for session changes", () => {
    const { store, writes, fire } = storeForTest();
    store.setSession({ dataError: "bad.csv: line 3", loading: true });
    fire();
    store.flushUrl();
    expect(writes).toEqual([]);
  });

  it("stops calling a listener once it unsubscribes", () => {
    const { store } = storeForTest();
    let calls = 0;
    const unsubscribe = store.subscribe(() => calls++);
    store.set({ seed: 1 });
    unsubscribe();
    store.set({ seed: 2 });
    expect(calls).toBe(1);
  });

  it("starts with the link's notices", () => {
    const store = new Store(defaultState(), { writeUrl: () => {}, notices: ["lr=abc: ignored"] });
    expect(store.session.notices).toEqual(["lr=abc: ignored"]);
  });
});

describe("Store and the URL it was opened with", () => {
  it("writes the canonical query at once when the link said something else", () => {
    const writes: string[] = [];
    // Opened with ?lr=abc&steps=50 (lr ignored): the state is steps 50, and the URL must say only that.
    const store = new Store(
      { ...defaultState(), steps: 50 },
      {
        writeUrl: (query) => writes.push(query),
        openedWith: "lr=abc&steps=50",
      },
    );
    expect(writes).toEqual(["steps=50"]);
    expect(store.query()).toBe("steps=50");
  });

  it("writes nothing when the link already was the canonical query", () => {
    const writes: string[] = [];
    new Store(
      { ...defaultState(), steps: 50 },
      { writeUrl: (query) => writes.push(query), openedWith: "steps=50" },
    );
    expect(writes).toEqual([]);
  });
});

describe("Store: predict, then check", () => {
  it("hides the verdict of new settings until the run is stepped", () => {
    const { store } = storeForTest();
    expect(store.session.verdictShown).toBe(false); // the default link, at step 0
    store.set({ at: 1 });
    expect(store.session.verdictShown).toBe(true);
    store.set({ learningRate: 0.3 });
    expect(store.session.verdictShown).toBe(false);
    store.set({ at: 3 });
    expect(store.session.verdictShown).toBe(true);
  });

  it("shows it as soon as the run plays", () => {
    const { store } = storeForTest();
    store.setSession({ playing: true });
    expect(store.session.verdictShown).toBe(true);
  });

  it("keeps it shown after Reset, for the same settings", () => {
    const { store } = storeForTest();
    store.set({ at: 40 });
    store.set({ at: 0 });
    expect(store.session.verdictShown).toBe(true);
  });

  it("hides it for new data, a new start and any other run setting", () => {
    for (const patch of [
      { data: "noisy" as const },
      { initialW: 1, initialB: 1 },
      { optimizer: "adam" as const },
      { steps: 200 },
      { batchSize: 10 },
    ]) {
      const { store } = storeForTest();
      store.set({ at: 5 });
      store.set(patch);
      expect(store.session.verdictShown, JSON.stringify(patch)).toBe(false);
    }
  });

  it("keeps it for settings that leave the run as it is (speed, tab, the race's lanes)", () => {
    const { store } = storeForTest();
    store.set({ at: 5 });
    store.set({ speed: 60 });
    store.set({ tab: "race" });
    store.set({ raceAt: 7 });
    expect(store.session.verdictShown).toBe(true);
  });

  it("starts new settings' run from step 0 when paused, so no picture shows where it went", () => {
    const { store } = storeForTest();
    store.set({ at: 50 });
    const heard: ChangeKey[][] = [];
    store.subscribe((changed) => heard.push([...changed].sort()));
    store.set({ learningRate: 0.3 });
    expect(store.state.at).toBe(0);
    // One notification: the rate, the step and the verdict together.
    expect(heard).toEqual([["at", "learningRate", "verdictShown"]]);
  });

  it("keeps playing new settings from the step on show, with their verdict (it is being played)", () => {
    const { store } = storeForTest();
    store.set({ at: 50 });
    store.setSession({ playing: true });
    store.set({ learningRate: 0.3 });
    expect(store.state.at).toBe(50);
    expect(store.session.verdictShown).toBe(true);
  });

  it("shows it at once for a link opened at a step past 0", () => {
    const store = new Store({ ...defaultState(), at: 12 }, { writeUrl: () => {} });
    expect(store.session.verdictShown).toBe(true);
    const atStart = new Store(defaultState(), { writeUrl: () => {} });
    expect(atStart.session.verdictShown).toBe(false);
  });
});
