/**
 * "Beyond the line": the model's run on screen as a TF.js or Keras script (code-copy.ts), the same code
 * `lrlab export` writes for the same settings.
 */
import { MODELS_TAB } from "../model-requests.js";
import { COMPUTING, cannotRun, codeCopy, runEnd } from "./code-copy.js";
import { cleanupAll, type Panel } from "./panel.js";

export const modelExportPanel: Panel = {
  id: "model-export",
  title: "Take it to your framework",
  tab: MODELS_TAB,
  // In the main column, one row under the verdict: a side column for two buttons left the charts half
  // its width at 1280 px, and a long empty column beside them.
  area: "main",
  mount(container, store, lab) {
    const intro = document.createElement("p");
    intro.className = "hint";
    intro.textContent =
      "The run on screen as a script that reproduces it update for update, as lrlab export writes it.";
    const code = codeCopy(store, lab, {
      prefix: "model",
      stateOf: () => {
        const { modelRun, modelError, modelPending } = store.session;
        if (modelError !== null) return { reason: cannotRun(modelError) };
        if (modelPending || modelRun === null) return { reason: COMPUTING };
        return {
          run: {
            config: modelRun.config,
            model: modelRun.settings,
            verdict: modelRun.verdict,
            end: runEnd({ ...modelRun, loss: modelRun.finalLoss }),
          },
        };
      },
      keys: ["modelRun", "modelError", "modelPending"],
    });
    container.append(intro, code.element);
    return { destroy: cleanupAll([code.destroy]) };
  },
};
