/**
 * "Copy as TF.js" and "Copy as Keras": the run on screen as the script `lrlab export` writes for it, built
 * in the worker (lab-export.ts) and put on the clipboard. When the clipboard is refused, the code appears
 * in a text box to copy by hand. The buttons are disabled, with the reason in their title and beside them,
 * while there is no run or when the export plan refuses the run (e.g. the plateau schedule).
 */
import type { LabController } from "../controller.js";
import type { ModelSettings } from "../model-settings.js";
import type { ExportCodeFormat, RunConfig } from "../protocol.js";
import type { ChangeKey, Store } from "../store.js";

/** The run whose code is copied: its settings, and its model (null: the lesson's line). */
export interface CodeRun {
  readonly config: RunConfig;
  readonly model: ModelSettings | null;
}

export interface CodeCopyOptions {
  /** Prefixes the test ids and the text box's id, e.g. "lesson" or "model". */
  readonly prefix: string;
  /** The run on screen, or null while there is none. */
  readonly runOf: () => CodeRun | null;
  /** The session or state keys whose change means another run is on screen. */
  readonly keys: readonly ChangeKey[];
}

const LABELS: Readonly<Record<ExportCodeFormat, string>> = { tfjs: "TF.js", keras: "Keras" };
const NO_RUN = "There is no run to export yet: wait for the run to finish.";

/** The two buttons, their confirmation and the fallback text box; `destroy` stops listening. */
export function codeCopy(
  store: Store,
  lab: LabController,
  { prefix, runOf, keys }: CodeCopyOptions,
): { readonly element: HTMLElement; readonly destroy: () => void } {
  const element = document.createElement("div");
  element.className = "code-copy";
  const row = document.createElement("div");
  row.className = "button-row";
  const buttons = (["tfjs", "keras"] as const).map((format) => {
    const button = document.createElement("button");
    button.type = "button";
    button.textContent = `Copy as ${LABELS[format]}`;
    button.dataset.testid = `${prefix}-copy-${format}`;
    button.addEventListener("click", () => void copy(format));
    row.append(button);
    return button;
  });
  const note = document.createElement("p");
  // Not `.hint`: the share panel's own note is its one hint (the link's confirmation).
  note.className = "code-copy-note";
  note.setAttribute("role", "status");
  note.dataset.testid = `${prefix}-copy-note`;
  const fallback = document.createElement("div");
  fallback.className = "code-fallback";
  fallback.hidden = true;
  const label = document.createElement("label");
  label.htmlFor = `${prefix}-code`;
  label.textContent = "The code (select it and copy):";
  const code = document.createElement("textarea");
  code.id = `${prefix}-code`;
  code.readOnly = true;
  code.rows = 8;
  code.spellcheck = false;
  code.wrap = "off";
  code.dataset.testid = `${prefix}-code`;
  fallback.append(label, code);
  element.append(row, note, fallback);

  let latest = 0;
  const disable = (reason: string) => {
    for (const button of buttons) {
      button.disabled = true;
      button.title = reason;
    }
  };
  const enable = () => {
    for (const button of buttons) {
      button.disabled = false;
      button.removeAttribute("title");
    }
  };

  /** Asks the worker whether the run on screen can be exported; only the latest answer counts. */
  const update = async () => {
    const ticket = ++latest;
    const run = runOf();
    fallback.hidden = true;
    if (!run) {
      disable(NO_RUN);
      note.textContent = "";
      return;
    }
    try {
      const { refused } = await lab.exportCode(run.config, run.model, null, "");
      if (ticket !== latest) return;
      if (refused === null) {
        enable();
        note.textContent = "";
      } else {
        disable(refused);
        note.textContent = `Not exportable: ${refused}`;
      }
    } catch (error) {
      if (ticket !== latest) return;
      disable((error as Error).message);
      note.textContent = `Not exportable: ${(error as Error).message}`;
    }
  };

  const copy = async (format: ExportCodeFormat) => {
    const run = runOf();
    if (!run) return;
    const name = LABELS[format];
    try {
      const { script, refused } = await lab.exportCode(run.config, run.model, format, commandOf(store));
      if (script === null) {
        note.textContent = `Not exportable: ${refused ?? "the plan refused the run"}`;
        return;
      }
      code.value = script;
      try {
        await navigator.clipboard.writeText(script);
        fallback.hidden = true;
        note.textContent = `Copied the ${name} script (${script.split("\n").length} lines) to the clipboard.`;
      } catch {
        // The clipboard can be refused (permissions, an insecure origin): the code stays at hand.
        fallback.hidden = false;
        code.focus();
        code.select();
        note.textContent = `The clipboard was refused: the ${name} script is below, selected; copy it by hand.`;
      }
    } catch (error) {
      note.textContent = `Could not export: ${(error as Error).message}`;
    }
  };

  disable(NO_RUN);
  void update();
  const unsubscribe = store.subscribe((changed) => {
    if (keys.some((key) => changed.has(key))) void update();
  });
  return { element, destroy: unsubscribe };
}

/** Where the script came from, for its first comment: the lab's link, which holds every setting. */
function commandOf(store: Store): string {
  store.flushUrl();
  const query = store.query();
  return `the web lab, ${location.origin}${location.pathname}${query ? `?${query}` : ""}`;
}
