/**
 * What the model's run did, beside its critical rate: the regime and what decided it, the edge of
 * stability when the run met it, the exact or measured critical rate at the start (and the measured one at
 * the end) beside the rate chosen. The sentences are render/model-words.ts's, shared with `lrlab fit`;
 * this panel only lays them out. It also starts the tab's model runs (model-requests.ts).
 */

import { quotedName } from "../feature-columns.js";
import { MODELS_TAB, modelRequests } from "../model-requests.js";
import type { ModelRunResult } from "../protocol.js";
import type { ChangeKey } from "../store.js";
import { formatCount, formatNumber, minusMean, onesOfPoints } from "../words.js";
import { settledAnnouncer } from "./announcer.js";
import { cleanupAll, type Panel } from "./panel.js";

/** The run's end, as `lrlab fit` says it. */
export function runOutcome(run: ModelRunResult): string {
  // "not a number", as `lrlab fit` says it, rather than JavaScript's NaN.
  const final = Number.isNaN(run.finalLoss) ? "not a number" : formatNumber(run.finalLoss);
  if (run.status === "diverged") {
    return `diverged at step ${formatCount(run.divergedAtStep ?? run.steps)}, loss ${final}`;
  }
  if (run.status === "converged") {
    return `converged at step ${formatCount(run.steps)} (gradient norm within the tolerance), loss ${final}`;
  }
  return `completed ${formatCount(run.steps)} step${run.steps === 1 ? "" : "s"}, loss ${formatNumber(run.initialLoss)} → ${final}`;
}

/**
 * Why a model gets no outcome word (Too small, Good, Jumps out) beside its regime, or null when it gets
 * one: those words compare the run with the exact optimum, which only the linear family has. The core's
 * verdict decides: where it gives an outcome anyway (a network or logistic regression that blew up
 * "Jumps out"), the page says that outcome and no row denies it.
 */
export function noOutcomeWords(
  model: ModelRunResult["settings"]["name"],
  outcome: ModelRunResult["verdict"]["outcome"],
): string | null {
  if (outcome !== null || (model !== "logistic" && model !== "mlp")) return null;
  const who = model === "mlp" ? "a network" : "logistic regression";
  return `no Too small, Good or Jumps out here: ${who} has no exact optimum to compare the run with (the line, linear and polynomial models have one), so only its regime is told`;
}

/** The critical rate at the start, with how it was found. */
function criticalWords(run: ModelRunResult): string {
  const { stability, thresholds } = run;
  const how = stability.basis === "exact" ? "exact" : "measured";
  if (!stability.bound) {
    return thresholds.adaptive
      ? `none for ${thresholds.optimizerClass}, which rescales its steps (plain SGD's 2/λmax = ${formatNumber(stability.criticalLearningRate)})`
      : `2/λmax = ${formatNumber(stability.criticalLearningRate)} (${how})`;
  }
  return `${stability.bound.formula} = ${formatNumber(stability.bound.learningRate)} at the start (${how}, λmax = ${formatNumber(stability.sharpness)})`;
}

function fact(list: HTMLElement, term: string, value: string, testid?: string): void {
  const dt = document.createElement("dt");
  dt.textContent = term;
  const dd = document.createElement("dd");
  dd.textContent = value;
  if (testid) dd.dataset.testid = testid;
  list.append(dt, dd);
}

export const modelVerdictPanel: Panel = {
  id: "model-verdict",
  title: "What the model did",
  tab: MODELS_TAB,
  showsResults: true,
  area: "main",
  waitsFor: (session) => session.modelPending,
  mount(container, store, lab) {
    const status = document.createElement("p");
    status.className = "status model-status";
    status.dataset.testid = "model-status";
    const facts = document.createElement("dl");
    facts.className = "facts model-facts";
    const more = document.createElement("ul");
    more.className = "model-words";
    more.dataset.testid = "model-words";
    const stabilityTitle = document.createElement("h3");
    stabilityTitle.className = "model-words-title";
    stabilityTitle.textContent = "Stability";
    const stability = document.createElement("ul");
    stability.className = "model-words";
    stability.dataset.testid = "model-stability";
    const error = document.createElement("p");
    error.className = "inline-error";
    error.setAttribute("role", "alert");
    error.dataset.testid = "model-error";
    const announcement = document.createElement("p");
    announcement.className = "visually-hidden";
    announcement.setAttribute("role", "status");
    announcement.setAttribute("aria-live", "polite");
    const announce = settledAnnouncer(announcement);
    container.append(status, announcement, facts, more, stabilityTitle, stability, error);

    const update = () => {
      const { modelRun: run, modelError } = store.session;
      error.textContent = modelError ? `This model cannot run: ${modelError}` : "";
      error.hidden = !modelError;
      stabilityTitle.hidden = !run;
      if (!run) {
        const n = store.session.dataInfo?.n ?? 0;
        status.textContent = modelError
          ? "No run."
          : `Training the model on ${formatCount(n)} point${n === 1 ? "" : "s"}…`;
        delete status.dataset.regime;
        // The live region must not keep the previous run's verdict for a model that cannot run.
        if (modelError) announce(`No run. This model cannot run: ${modelError}`);
        facts.replaceChildren();
        more.replaceChildren();
        stability.replaceChildren();
        return;
      }
      const [regimeLine = "", ...rest] = run.words.verdict;
      // The regime in bold, then the rest of model-words' sentence, as it is.
      const colon = regimeLine.indexOf(":");
      const label = document.createElement("strong");
      label.textContent = colon > 0 ? `${regimeLine[0]?.toUpperCase()}${regimeLine.slice(1, colon)}:` : "";
      status.replaceChildren(label, colon > 0 ? regimeLine.slice(colon + 1) : regimeLine);
      status.dataset.regime = run.verdict.regime;
      status.dataset.edgeOfStability = String(run.verdict.edgeOfStability);

      facts.replaceChildren();
      fact(
        facts,
        "model",
        `${run.title}, ${formatCount(run.parameterCount)} parameter${run.parameterCount === 1 ? "" : "s"}, loss ${run.lossName.toUpperCase()}`,
        "model-title",
      );
      if (run.labels) {
        const { threshold, ones, n } = run.labels;
        fact(
          facts,
          "labels",
          threshold === null
            ? `y as given (every y is 0 or 1): ${onesOfPoints(ones, n)}`
            : `1 where y > ${formatNumber(threshold)} (the median of y, since y is not all 0 or 1), else 0: ${onesOfPoints(ones, n)}`,
        );
      }
      if (run.standardizedColumns.length > 1) {
        const each = run.standardizedColumns.map(
          ({ name, mean, deviation }) =>
            `z(${quotedName(name)}) = (${minusMean(quotedName(name), mean)}) / ${formatNumber(deviation)}`,
        );
        fact(facts, "standardized", each.join("; "));
      } else if (run.standardization) {
        fact(
          facts,
          "standardized",
          `z = (${minusMean("x", run.standardization.mean)}) / ${formatNumber(run.standardization.deviation)}`,
        );
      }
      fact(facts, "run", runOutcome(run));
      const noOptimum = noOutcomeWords(run.settings.name, run.verdict.outcome);
      if (noOptimum) fact(facts, "outcome", noOptimum, "model-no-outcome");
      fact(facts, "rate chosen", formatNumber(run.learningRate), "model-rate");
      fact(facts, "critical rate", criticalWords(run), "model-critical");
      if (run.verdict.criticalAtEnd !== null) {
        fact(
          facts,
          "at the end",
          `${formatNumber(run.verdict.criticalAtEnd)}, from the last sharpness measured`,
        );
      }
      more.replaceChildren(
        ...rest.map((line) => {
          const item = document.createElement("li");
          item.textContent = line;
          return item;
        }),
      );
      const stabilityLines = [
        ...run.words.stability,
        ...(run.words.standardize ? [run.words.standardize] : []),
      ];
      stability.replaceChildren(
        ...stabilityLines.map((line) => {
          const item = document.createElement("li");
          item.textContent = line;
          return item;
        }),
      );
      announce(status.textContent ?? "");
    };

    const stopRequests = modelRequests(store, lab);
    const keys: readonly ChangeKey[] = ["modelRun", "modelError", "dataInfo"];
    const unsubscribe = store.subscribe((changed) => {
      if (keys.some((key) => changed.has(key))) update();
    });
    update();
    return { destroy: cleanupAll([stopRequests, unsubscribe]) };
  },
};
