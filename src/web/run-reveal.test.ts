import { describe, expect, it } from "vitest";
import { defaultState, type LabState } from "./lab-state.js";
import { RunReveal } from "./run-reveal.js";
import { Store } from "./store.js";

function storeAt(changes: Partial<LabState> = {}) {
  return new Store(
    { ...defaultState(), ...changes },
    { writeUrl: () => {}, setTimer: () => 0, clearTimer: () => {} },
  );
}

describe("RunReveal: a run's outcome is on show once it was played or stepped", () => {
  it("hides a new rate's run until Step moves the step on show forward", () => {
    const store = storeAt();
    const reveal = new RunReveal(store);
    expect(reveal.revealed).toBe(false);
    store.set({ at: 1 });
    expect(reveal.revealed).toBe(true);
    store.set({ learningRate: 0.31 });
    expect(reveal.revealed).toBe(false);
    // The run of the new rate appears at the step already on show: not watched yet.
    store.set({ at: 2 });
    expect(reveal.revealed).toBe(true);
  });

  it("shows it when Play starts, and keeps it through a reset to step 0", () => {
    const store = storeAt({ at: 0 });
    const reveal = new RunReveal(store);
    store.setSession({ playing: true });
    expect(reveal.revealed).toBe(true);
    store.setSession({ playing: false });
    store.set({ at: 0 });
    expect(reveal.revealed).toBe(true);
  });

  it("hides a run whose settings changed, which starts again from step 0", () => {
    const store = storeAt({ at: 80 });
    const reveal = new RunReveal(store);
    expect(reveal.revealed).toBe(true);
    store.set({ steps: 30 });
    expect(store.state.at).toBe(0);
    expect(reveal.revealed).toBe(false);
  });

  it("hides the outcome when the data change, and shows it at once for a link opened past the start", () => {
    const store = storeAt({ at: 5 });
    const reveal = new RunReveal(store);
    expect(reveal.revealed).toBe(true);
    let heard = 0;
    reveal.subscribe(() => heard++);
    store.set({ data: "noisy", at: 0 });
    expect(reveal.revealed).toBe(false);
    expect(heard).toBe(1);
  });
});
