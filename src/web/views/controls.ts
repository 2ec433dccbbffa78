/**
 * The lesson's first block: the learning rate (rate-control.ts), the run's transport (transport.ts) and
 * the verdict (verdict-status.ts), together at the top of the pictures, so that choosing a rate, playing
 * it and reading what it did happen on one screen beside the line and the data. Predict, then check: the
 * verdict waits for Play or Step.
 */
import { cleanupAll, type Panel } from "./panel.js";
import { presetButtons } from "./presets.js";
import { rateControl } from "./rate-control.js";
import { lessonTransport } from "./transport.js";
import { verdictStatus } from "./verdict-status.js";

export const controlsPanel: Panel = {
  id: "controls",
  title: "Rate and verdict",
  tab: "lesson",
  area: "main",
  waitsFor: (session) => session.runPending,
  mount(container, store, lab) {
    const rate = rateControl(store);
    // Names that `hide=` can hide (view-rules.ts).
    rate.element.dataset.control = "rate";
    // The lesson's four rates, one click each, right under the rate control (presets.ts).
    const presets = presetButtons(store, lab);
    const transport = lessonTransport(store);
    const verdict = verdictStatus(store);
    container.append(rate.element, presets.element, transport.element, verdict.element);
    const unsubscribe = store.subscribe((changed) => {
      if (changed.has("run")) rate.updateMarks();
      if (changed.has("learningRate") || changed.has("schedule")) rate.update();
    });
    return {
      destroy: cleanupAll([unsubscribe, rate.destroy, presets.destroy, transport.destroy, verdict.destroy]),
    };
  },
};
