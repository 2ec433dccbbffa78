/**
 * The verdict on the lesson's run (`status`): what the run did, in the words the CLI uses
 * (render/verdict-words.ts). Predict, then check: until the run of these settings has been played or
 * stepped (the store's `verdictShown`), it asks for that instead and its `data-verdict` is "hidden", so
 * the learner says what they expect before the lab does. `data-learning-rate` always names the rate of
 * the run on show (the tests and the benchmark wait on it). A screen reader hears the words once they
 * settle (announcer.ts), not at every step of the slider; settings the core refused are said here too.
 */
import type { ChangeKey, Store } from "../store.js";
import { verdictLabel, verdictSentence } from "../words.js";
import { settledAnnouncer } from "./announcer.js";

/** What the status says while the verdict waits for the learner's run. */
export const PREDICT_WORDS = "Press Play or Step to see what this rate does.";

export interface VerdictStatus {
  readonly element: HTMLElement;
  destroy(): void;
}

export function verdictStatus(store: Store): VerdictStatus {
  const element = document.createElement("div");
  element.className = "verdict";
  const status = document.createElement("p");
  status.className = "status";
  status.dataset.testid = "status";
  const label = document.createElement("strong");
  label.className = "verdict-label";
  const sentence = document.createElement("span");
  const announcement = document.createElement("p");
  announcement.className = "visually-hidden";
  announcement.dataset.testid = "verdict-announcement";
  announcement.setAttribute("role", "status");
  announcement.setAttribute("aria-live", "polite");
  const announce = settledAnnouncer(announcement);
  const settingsError = document.createElement("p");
  settingsError.className = "inline-error";
  settingsError.dataset.testid = "settings-error";
  settingsError.setAttribute("role", "alert");
  element.append(status, announcement, settingsError);

  const update = () => {
    const { run, runError, verdictShown } = store.session;
    settingsError.textContent = runError ? `These settings cannot run: ${runError}` : "";
    settingsError.hidden = !runError;
    if (!run) {
      sentence.textContent = store.session.loading ? "Loading the data…" : "";
      status.replaceChildren(sentence);
      return;
    }
    // Which rate the status is about, shown or not (the benchmark times the slider with it).
    status.dataset.learningRate = String(run.config.learningRate);
    if (!verdictShown) {
      sentence.textContent = PREDICT_WORDS;
      status.replaceChildren(sentence);
      status.dataset.verdict = "hidden";
      delete status.dataset.regime;
    } else {
      const kind = verdictLabel(run);
      label.textContent = `${kind[0]?.toUpperCase()}${kind.slice(1)}.`;
      sentence.textContent = verdictSentence(run);
      status.replaceChildren(label, " ", sentence);
      status.dataset.verdict = run.verdict.outcome;
      status.dataset.regime = run.verdict.regime;
    }
    announce(status.textContent ?? "");
  };
  update();
  const keys: readonly ChangeKey[] = ["run", "runError", "loading", "verdictShown"];
  const unsubscribe = store.subscribe((changed) => {
    if (keys.some((key) => changed.has(key))) update();
  });
  return { element, destroy: unsubscribe };
}
