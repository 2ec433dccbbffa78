/**
 * The exact theory beside the play: the ideal line and its loss, the curvature, the critical rate 2/λmax
 * (or the optimizer's own bound), the optimal rate, where the current rate sits between them, and the
 * verdict on the run in plain words. It changes as soon as the worker answers a new rate, which is what
 * makes the slider a way to feel where the critical rate is; a screen reader hears it once it settles
 * (announcer.ts), not at every step of the slider.
 */
import type { RunResult } from "../protocol.js";
import { formatNumber, lineWords, verdictLabel, verdictSentence } from "../words.js";
import { settledAnnouncer } from "./announcer.js";
import { cleanupAll, type Panel } from "./panel.js";

export const theoryPanel: Panel = {
  id: "theory",
  title: "Theory and verdict",
  tab: "lesson",
  area: "main",
  waitsFor: (session) => session.runPending,
  width: "half",
  mount(container, store) {
    const status = document.createElement("p");
    status.className = "status";
    status.dataset.testid = "status";
    const announcement = document.createElement("p");
    announcement.className = "visually-hidden";
    announcement.dataset.testid = "verdict-announcement";
    announcement.setAttribute("role", "status");
    announcement.setAttribute("aria-live", "polite");
    const announce = settledAnnouncer(announcement);
    const label = document.createElement("strong");
    label.className = "verdict-label";
    const sentence = document.createElement("span");
    status.append(label, " ", sentence);
    const facts = document.createElement("dl");
    facts.className = "facts";
    const settingsError = document.createElement("p");
    settingsError.className = "inline-error";
    settingsError.dataset.testid = "settings-error";
    settingsError.setAttribute("role", "alert");
    container.append(status, announcement, settingsError, facts);

    const update = () => {
      const { run, runError } = store.session;
      settingsError.textContent = runError ? `These settings cannot run: ${runError}` : "";
      settingsError.hidden = !runError;
      if (!run) {
        label.textContent = "";
        sentence.textContent = store.session.loading ? "Loading the data…" : "";
        return;
      }
      const kind = verdictLabel(run);
      label.textContent = `${kind[0]?.toUpperCase()}${kind.slice(1)}.`;
      status.dataset.verdict = kind.replace(" ", "-");
      // Which rate this verdict is about (the benchmark times the slider with it).
      status.dataset.learningRate = String(run.config.learningRate);
      sentence.textContent = verdictSentence(run);
      announce(status.textContent ?? "");
      facts.replaceChildren(...factRows(run));
    };
    update();
    const unsubscribe = store.subscribe((changed) => {
      if (changed.has("run") || changed.has("runError") || changed.has("loading")) update();
    });
    return { destroy: cleanupAll([unsubscribe]) };
  },
};

/** The losses as a learner reads them (MSE and MAE are initials, Huber a name). */
const LOSS_NAMES: Readonly<Record<string, string>> = { mse: "MSE", mae: "MAE", huber: "Huber" };

function row(term: string, value: string, note = ""): HTMLElement[] {
  const dt = document.createElement("dt");
  dt.textContent = term;
  const dd = document.createElement("dd");
  dd.textContent = value;
  if (note) {
    const small = document.createElement("small");
    small.textContent = ` ${note}`;
    dd.append(small);
  }
  return [dt, dd];
}

function factRows(run: RunResult): HTMLElement[] {
  const { theory, stability, regime } = run;
  const rate = run.verdict.learningRate;
  const rows: HTMLElement[] = [];
  if (!theory) {
    rows.push(...row("theory", "exact for MSE only", `(the loss here is ${LOSS_NAMES[run.config.loss]})`));
    rows.push(...row("final loss", formatNumber(run.final.loss)));
    return rows;
  }
  rows.push(
    ...row(
      "ideal line",
      lineWords(theory.optimum.w, theory.optimum.b),
      `best loss ${formatNumber(theory.optimum.loss)}`,
    ),
  );
  rows.push(
    ...row(
      "curvature",
      `λmax ${formatNumber(theory.lambdaMax)}, λmin ${formatNumber(theory.lambdaMin)}`,
      `condition number ${formatNumber(theory.conditionNumber)}`,
    ),
  );
  rows.push(
    ...row(
      "critical rate",
      `${formatNumber(theory.criticalLearningRate)} = 2/λmax`,
      "above it each full-batch step overshoots further",
    ),
  );
  if (stability && stability.formula !== "2/λmax") {
    rows.push(...row("with momentum", `${formatNumber(stability.learningRate)} = ${stability.formula}`));
  } else if (!stability && run.config.optimizer !== "sgd" && run.config.optimizer !== "momentum") {
    rows.push(...row(run.config.optimizer, "no fixed bound", "it rescales each step by the gradients' size"));
  }
  rows.push(
    ...row(
      "optimal rate",
      `${formatNumber(theory.optimalLearningRate)} = 2/(λmin + λmax)`,
      "the fastest constant rate",
    ),
  );
  const bound = stability?.learningRate ?? theory.criticalLearningRate;
  const regimeWords =
    regime === "monotone"
      ? "each step approaches from one side"
      : regime === "oscillating"
        ? "each step jumps across the minimum"
        : regime === "edge"
          ? "at the edge: it bounces forever"
          : "each step overshoots further";
  rows.push(
    ...row(
      "your rate",
      `${formatNumber(rate)} = ${formatNumber(rate / bound)}× critical`,
      run.config.optimizer === "sgd" && run.config.optimizerArgs.momentum === 0 ? `(${regimeWords})` : "",
    ),
  );
  if (theory.degenerate)
    rows.push(...row("note", "all x are equal:", "every line through the mean point fits"));
  return rows;
}
