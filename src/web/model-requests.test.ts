import { describe, expect, it } from "vitest";
import { defaultState, type LabState } from "./lab-state.js";
import { Superseded } from "./long-requests.js";
import { modelRequests } from "./model-requests.js";
import type { DataInfo, ModelRunResult } from "./protocol.js";
import { Store } from "./store.js";

const info = (version: number) => ({ version }) as DataInfo;
const result = (name: string) => ({ title: name }) as ModelRunResult;

/** A controller whose runs the test answers by hand, in any order. */
function fakeLab() {
  const calls: { resolve: (run: ModelRunResult) => void; reject: (error: Error) => void }[] = [];
  return {
    calls,
    modelRun: () =>
      new Promise<ModelRunResult>((resolve, reject) => {
        calls.push({ resolve, reject });
      }),
  };
}

function storeFor(state: Partial<LabState> = {}) {
  const store = new Store({ ...defaultState(), ...state }, { writeUrl: () => {} });
  store.setSession({ dataInfo: info(1) });
  return store;
}

const tick = () => new Promise((wait) => setTimeout(wait, 0));

describe("the model tab's requests", () => {
  it("asks only while the tab is on show, and once it comes on show after its settings changed", async () => {
    const store = storeFor();
    const lab = fakeLab();
    modelRequests(store, lab);
    store.set({ model: "mlp" });
    expect(lab.calls).toHaveLength(0);
    store.set({ tab: "models" });
    expect(lab.calls).toHaveLength(1);
    expect(store.session.modelPending).toBe(true);
    lab.calls[0]?.resolve(result("mlp"));
    await tick();
    expect(store.session).toMatchObject({ modelRun: { title: "mlp" }, modelPending: false });
    // Away and back with nothing changed: no new run.
    store.set({ tab: "lesson" });
    store.set({ tab: "models" });
    expect(lab.calls).toHaveLength(1);
    // The lesson's step on show is no input of the model's run.
    store.set({ at: 5 });
    expect(lab.calls).toHaveLength(1);
  });

  it("keeps the latest settings' answer when an older one comes after it", async () => {
    const store = storeFor({ tab: "models" });
    const lab = fakeLab();
    modelRequests(store, lab);
    store.set({ learningRate: 0.5 });
    expect(lab.calls).toHaveLength(2);
    lab.calls[1]?.resolve(result("newer"));
    await tick();
    lab.calls[0]?.resolve(result("older"));
    await tick();
    expect(store.session.modelRun?.title).toBe("newer");
  });

  it("says nothing of a superseded run, and says why a refused one could not run", async () => {
    const store = storeFor({ tab: "models" });
    const lab = fakeLab();
    modelRequests(store, lab);
    lab.calls[0]?.resolve(result("line"));
    await tick();
    store.set({ model: "polynomial" });
    lab.calls[1]?.reject(new Superseded());
    await tick();
    expect(store.session).toMatchObject({ modelRun: { title: "line" }, modelError: null });
    store.set({ degree: 12 });
    lab.calls[2]?.reject(new Error("degree 12: too large"));
    await tick();
    // No picture of the previous model under the refused settings.
    expect(store.session).toMatchObject({
      modelRun: null,
      modelError: "degree 12: too large",
      modelPending: false,
    });
  });

  it("asks again when the answer was computed on data since replaced", async () => {
    const store = storeFor({ tab: "models" });
    const lab = fakeLab();
    modelRequests(store, lab);
    // New data arrives while the run is in flight: a second ask is already out.
    store.setSession({ dataInfo: info(2) });
    expect(lab.calls).toHaveLength(2);
    lab.calls[0]?.resolve(result("old data"));
    await tick();
    expect(store.session.modelRun).toBeNull();
    lab.calls[1]?.resolve(result("new data"));
    await tick();
    expect(store.session.modelRun?.title).toBe("new data");
  });
});
