/**
 * "Copy as TF.js" and "Copy as Keras": the run on screen as the script `lrlab export` writes for it, built
 * in the worker (lab-export.ts) and put on the clipboard. When the clipboard is refused, the code appears
 * in a text box to copy by hand.
 *
 * The script must be of the settings on screen, so the buttons are enabled only while the run on show is
 * the run of those settings and the export plan accepts it; otherwise they are disabled, with the reason
 * written beside them (not only in a tooltip, which the keyboard and screen readers cannot reach): a run
 * still computing, settings that cannot run, a field holding a refused value, or the plan's refusal.
 */

import type { ExportVerdict } from "../../core/export/export-plan.js";
import { formatCount, formatExact, formatSteps } from "../../render/numbers.js";
import type { LabController } from "../controller.js";
import type { ModelSettings } from "../model-settings.js";
import type { ExportCodeFormat, RunConfig } from "../protocol.js";
import type { ChangeKey, Store } from "../store.js";
import { refusedFieldLabel } from "./stale-results.js";

/** The run whose code is copied: its settings, and its model (null: the lesson's line). */
export interface CodeRun {
  readonly config: RunConfig;
  readonly model: ModelSettings | null;
  /** The core's verdict on the run (whether it is at the edge of stability), null for the lesson's line. */
  readonly verdict: ExportVerdict | null;
  /** How the whole run ends, which the script reproduces, whatever step the page shows ({@link runEnd}). */
  readonly end: string;
}

/**
 * The whole run's end in words, for the copy's confirmation: the script runs every step, so a page
 * paused at step 2 must not read as the script's result. The loss is lrlab's, every digit, to compare.
 */
export function runEnd(run: {
  readonly status: string;
  readonly steps: number;
  readonly divergedAtStep: number | null;
  readonly loss: number;
}): string {
  const loss = Number.isFinite(run.loss) ? formatExact(run.loss) : "not a number";
  if (run.status === "diverged") {
    return `the whole run, which lrlab stops as diverged at step ${formatCount(run.divergedAtStep ?? run.steps)} (loss ${loss})`;
  }
  return `the whole run, ${formatSteps(run.steps)}: lrlab's final loss ${loss}`;
}

/** The run on screen when it is the run of the settings, else why there is none to copy. */
export type CodeRunState = { readonly run: CodeRun } | { readonly reason: string };

export interface CodeCopyOptions {
  /** Prefixes the test ids and the text box's id, e.g. "lesson" or "model". */
  readonly prefix: string;
  /** The run of the settings on screen, or why there is none (still computing, cannot run). */
  readonly stateOf: () => CodeRunState;
  /** The session or state keys whose change may change {@link CodeCopyOptions.stateOf}'s answer. */
  readonly keys: readonly ChangeKey[];
}

const LABELS: Readonly<Record<ExportCodeFormat, string>> = { tfjs: "TF.js", keras: "Keras" };

/** The reason while the run of the settings on screen is being computed. */
export const COMPUTING = "the run of these settings is still computing; copy once it is on screen.";

/** The reason while the settings on screen cannot run: the core's own words follow. */
export function cannotRun(error: string): string {
  return `these settings cannot run: ${error}`;
}

/** The two buttons, their confirmation and the fallback text box; `destroy` stops listening. */
export function codeCopy(
  store: Store,
  lab: LabController,
  { prefix, stateOf, keys }: CodeCopyOptions,
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
  note.id = `${prefix}-copy-note`;
  note.setAttribute("role", "status");
  note.dataset.testid = `${prefix}-copy-note`;
  // A disabled button's reason is the note, read with the button by screen readers.
  for (const button of buttons) button.setAttribute("aria-describedby", note.id);
  const fallback = document.createElement("div");
  fallback.className = "code-fallback";
  fallback.hidden = true;
  const label = document.createElement("label");
  label.htmlFor = `${prefix}-code`;
  label.textContent = "The code (select it and copy):";
  const code = document.createElement("textarea");
  code.id = `${prefix}-code`;
  code.readOnly = true;
  // Tall enough to read a section at a time, and resizable (styles.css).
  code.rows = 20;
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
    note.textContent = `Copy is off: ${reason}`;
  };
  const enable = () => {
    for (const button of buttons) {
      button.disabled = false;
      button.removeAttribute("title");
    }
  };

  /**
   * The run of the settings on screen, or why there is none: a field of this tab holding a refused value
   * means the run on show is the last valid settings' one, not the screen's.
   */
  const current = (): CodeRunState => {
    const pane = element.closest(".tab-pane");
    const refused = pane ? refusedFieldLabel(pane) : null;
    if (refused !== null) {
      return { reason: `“${refused}” holds a value that was refused; fix it or put it back.` };
    }
    return stateOf();
  };

  /** Asks the worker whether the run on screen can be exported; only the latest answer counts. */
  const update = async () => {
    const ticket = ++latest;
    const state = current();
    fallback.hidden = true;
    if ("reason" in state) {
      disable(state.reason);
      return;
    }
    // Off until the plan has answered: the run on screen may be one it refuses.
    disable("checking that the run can be exported…");
    try {
      const { refused } = await lab.exportCode(
        state.run.config,
        state.run.model,
        null,
        "",
        state.run.verdict,
      );
      if (ticket !== latest) return;
      if (refused === null) {
        enable();
        note.textContent = "";
      } else {
        disable(refused);
      }
    } catch (error) {
      if (ticket !== latest) return;
      disable((error as Error).message);
    }
  };

  const copy = async (format: ExportCodeFormat) => {
    const state = current();
    if ("reason" in state) {
      disable(state.reason);
      return;
    }
    const ticket = latest;
    const name = LABELS[format];
    try {
      const { run } = state;
      const { script, refused } = await lab.exportCode(
        run.config,
        run.model,
        format,
        commandOf(store),
        run.verdict,
      );
      // The settings changed while the script was written: it would head the new link over the old run.
      if (ticket !== latest) return;
      if (script === null) {
        disable(refused ?? "the export plan refused the run");
        return;
      }
      code.value = script;
      const lines = script.split("\n").length;
      try {
        await navigator.clipboard.writeText(script);
        fallback.hidden = true;
        note.textContent = `Copied the ${name} script (${lines} lines) to the clipboard: ${run.end}.`;
      } catch {
        // The clipboard can be refused (permissions, an insecure origin): the code stays at hand.
        label.textContent = `The ${name} script (${lines} lines; select it and copy):`;
        fallback.hidden = false;
        code.focus();
        // All selected, read from the top: select() alone leaves the box scrolled to the last line.
        code.setSelectionRange(0, script.length, "backward");
        code.scrollTop = 0;
        note.textContent = `The clipboard was refused: the ${name} script of ${run.end} is below, selected; copy it by hand.`;
      }
    } catch (error) {
      note.textContent = `Could not export: ${(error as Error).message}`;
    }
  };

  void update();
  const unsubscribe = store.subscribe((changed) => {
    if (keys.some((key) => changed.has(key))) void update();
  });
  // A field refused or fixed (stale-results.ts marks its tab `data-stale`) changes what may be copied.
  const observer = new MutationObserver(() => void update());
  observer.observe(document.body, { subtree: true, attributes: true, attributeFilter: ["data-stale"] });
  return {
    element,
    destroy: () => {
      unsubscribe();
      observer.disconnect();
    },
  };
}

/** Where the script came from, for its first comment: the lab's link, which holds every setting. */
function commandOf(store: Store): string {
  store.flushUrl();
  const query = store.query();
  return `the web lab, ${location.origin}${location.pathname}${query ? `?${query}` : ""}`;
}
