/**
 * Keeps the Beyond the line tab's model run in step with its settings: asks the controller for a run
 * (`LabController.modelRun`, on a worker of its own) when the data, a shared run setting or a model
 * setting changes while the tab is on show, or when the tab comes on show after they changed. A newer ask
 * supersedes one still running, since a network on many points can take seconds: its worker is stopped,
 * and only the latest answer is kept. The session holds the run (`modelRun`), whether it is behind the
 * settings (`modelPending`, which the tab's panels wait on) and why it could not run (`modelError`).
 */
import type { LabController } from "./controller.js";
import { Superseded } from "./long-requests.js";
import { MODEL_KEYS } from "./model-settings.js";
import { RUN_KEYS } from "./protocol.js";
import type { ChangeKey, Store } from "./store.js";

/** The tab the model runs belong to (views/registry.ts TABS). */
export const MODELS_TAB = "models";

/** Everything besides the data that changes a model run. */
export const MODEL_INPUTS: readonly ChangeKey[] = [...RUN_KEYS, ...MODEL_KEYS];

/** Starts keeping the model run in step; returns the unsubscribe. */
export function modelRequests(store: Store, lab: Pick<LabController, "modelRun">): () => void {
  let stale = true;
  let asked = 0;
  const ask = async () => {
    const info = store.session.dataInfo;
    if (store.state.tab !== MODELS_TAB || !info) return;
    stale = false;
    const id = ++asked;
    store.setSession({ modelPending: true });
    try {
      const result = await lab.modelRun();
      if (id !== asked) return; // a newer ask is on its way
      if (store.session.dataInfo !== info) {
        // Computed on data since replaced: ask again for the data on show.
        stale = true;
        void ask();
        return;
      }
      store.setSession({ modelRun: result, modelError: null, modelPending: false });
    } catch (failure) {
      if (failure instanceof Superseded || id !== asked) return; // the newer ask answers
      store.setSession({ modelRun: null, modelError: (failure as Error).message, modelPending: false });
    }
  };
  const unsubscribe = store.subscribe((changed) => {
    const inputs = changed.has("dataInfo") || MODEL_INPUTS.some((key) => changed.has(key));
    if (inputs) stale = true;
    if (stale && (inputs || changed.has("tab"))) void ask();
  });
  void ask();
  return unsubscribe;
}
