/**
 * Share and export: the link (the whole state lives in it, seed included, so it reproduces the run
 * exactly), the run as the CLI's JSON document or its history as CSV, and the run as a TF.js or Keras
 * script (code-copy.ts).
 */
import { download } from "../figure-export.js";
import { COMPUTING, cannotRun, codeCopy, runEnd } from "./code-copy.js";
import { cleanupAll, type Panel } from "./panel.js";

export const sharePanel: Panel = {
  id: "share",
  title: "Share and export",
  tab: "lesson",
  area: "side",
  mount(container, store, lab) {
    const copy = document.createElement("button");
    copy.type = "button";
    copy.textContent = "Copy link";
    copy.dataset.testid = "copy-link";
    const json = document.createElement("button");
    json.type = "button";
    json.textContent = "Run as JSON";
    json.dataset.testid = "export-json";
    const csv = document.createElement("button");
    csv.type = "button";
    csv.textContent = "History as CSV";
    csv.dataset.testid = "export-csv";
    const buttons = document.createElement("div");
    buttons.className = "button-row";
    buttons.append(copy, json, csv);
    const note = document.createElement("p");
    note.className = "hint";
    note.setAttribute("aria-live", "polite");
    note.textContent = "The link holds every setting, seed included: open it anywhere to get this run back.";
    const code = codeCopy(store, lab, {
      prefix: "lesson",
      stateOf: () => {
        // A refused setting leaves the last valid run on show: never copy it under the new settings.
        const { run, runError, runPending } = store.session;
        if (runError !== null) return { reason: cannotRun(runError) };
        if (runPending || run === null) return { reason: COMPUTING };
        return {
          run: {
            config: run.config,
            model: null,
            verdict: null,
            end: runEnd({ ...run, loss: run.final.loss }),
          },
        };
      },
      keys: ["run", "runError", "runPending"],
    });
    container.append(buttons, note, code.element);

    copy.addEventListener("click", async () => {
      // The state on screen, built afresh: never the text the page was opened with.
      store.flushUrl();
      const query = store.query();
      const link = `${location.origin}${location.pathname}${query ? `?${query}` : ""}`;
      try {
        await navigator.clipboard.writeText(link);
        note.textContent = "Link copied.";
      } catch {
        note.textContent = `Copy this link: ${link}`;
      }
    });
    const exportAs = async (format: "json" | "csv") => {
      try {
        const result = await lab.exportRun(format);
        download(new Blob([result.text], { type: result.mime }), result.fileName);
        note.textContent = `Saved ${result.fileName}.`;
      } catch (error) {
        note.textContent = `Could not export: ${(error as Error).message}`;
      }
    };
    json.addEventListener("click", () => void exportAs("json"));
    csv.addEventListener("click", () => void exportAs("csv"));
    const update = () => {
      const ready = store.session.run !== null;
      json.disabled = !ready;
      csv.disabled = !ready;
    };
    update();
    const unsubscribe = store.subscribe((changed) => {
      if (changed.has("run")) update();
    });
    return { destroy: cleanupAll([unsubscribe, code.destroy]) };
  },
};
