/**
 * The range test tab: the LR finder (fastai's `lr_find`: an exponential ramp over mini-batches, the loss
 * smoothed) on the current data and settings, drawn by the same figure as `lrlab plot find-lr`, with
 * fastai's four suggestions beside the exact critical rate, and a button to try each one in the lesson.
 *
 * It runs when the tab is shown and again whenever the data or a setting it depends on changes, on a
 * worker of its own (controller.ts `rangeTest`): the lesson never waits for it, and a change while it runs
 * stops it and starts the new one. num_it is at most 10,000 here, and the figure draws an even sample of
 * about 2,000 batch losses (range-sample.ts), never tens of thousands of dots.
 */
import type { RangeTestResult, SuggestionName } from "../../core/index.js";
import { findLrFigure } from "../../render/figures/find-lr.js";
import { neverFellWords } from "../../render/verdict-words.js";
import { labRangeTestParams } from "../lab-state.js";
import { Superseded } from "../long-requests.js";
import type { RunResult } from "../protocol.js";
import type { Store } from "../store.js";
import { formatCount, formatNumber, formatRates } from "../words.js";
import { observeWidth } from "./chart.js";
import { cleanupAll, type Panel, setBusy } from "./panel.js";
import { paramFields } from "./param-form.js";
import { sampleCurve } from "./range-sample.js";
import { rangeTestScopeWords, tryButtonWords } from "./range-test-words.js";

const SUGGESTION_WORDS: Readonly<Record<SuggestionName, string>> = {
  valley: "valley (fastai's default)",
  steep: "steepest descent",
  minimum: "minimum ÷ 10",
  slide: "slide",
};

/** The settings a range test depends on: a change to any of them runs it again. */
const INPUT_KEYS = [
  "rangeTestArgs",
  "loss",
  "huberDelta",
  "optimizer",
  "optimizerArgs",
  "batchSize",
  "seed",
  "initialW",
  "initialB",
] as const;

export const rangeTestPanel: Panel = {
  id: "range-test",
  title: "LR range test",
  tab: "range-test",
  area: "main",
  mount(container, store, lab) {
    const intro = document.createElement("p");
    intro.className = "hint";
    intro.textContent =
      "The rate ramps up exponentially over mini-batches while the loss is smoothed; the test stops when the loss blows up. " +
      "fastai's suggestions are read off the curve; the exact critical rate says where full-batch descent diverges.";
    const fields = paramFields(labRangeTestParams, {
      idPrefix: "range",
      values: store.state.rangeTestArgs,
      onChange: (key, value) => {
        if (value !== undefined) store.set({ rangeTestArgs: { ...store.state.rangeTestArgs, [key]: value } });
      },
    });
    fields.element.classList.add("range-fields");
    const scope = document.createElement("p");
    scope.className = "hint range-scope";
    scope.dataset.testid = "range-scope";
    const showScope = () => {
      const info = store.session.dataInfo;
      scope.textContent = info ? rangeTestScopeWords(store.state.model, info.xName, info.yName) : "";
    };
    showScope();
    const host = document.createElement("div");
    host.className = "chart-host figure-host";
    const status = document.createElement("p");
    status.className = "hint";
    status.setAttribute("aria-live", "polite");
    const error = document.createElement("p");
    error.className = "inline-error";
    error.setAttribute("role", "alert");
    const suggestions = document.createElement("div");
    suggestions.className = "button-row suggestions";
    const comparison = document.createElement("p");
    comparison.className = "hint";
    comparison.dataset.testid = "range-comparison";
    container.append(intro, scope, host, status, suggestions, comparison, error, fields.element);

    let width = 0;
    let result: RangeTestResult | null = null;
    let stale = true;

    const draw = () => {
      if (!result || width === 0) return;
      const run = store.session.run;
      const figure = findLrFigure(
        { document },
        {
          ...sampleCurve(result),
          suggestions: result.suggestions,
          critical: run?.stability ?? null,
          lossName: store.state.loss.toUpperCase(),
          smoothing: store.state.rangeTestArgs.smoothing as number,
          width,
          // The renderer's title is one line; on a phone its short form fits.
          ...(width < 520 ? { title: "The LR range test" } : {}),
        },
      );
      // The figure is the renderer's SVG text, every string in it escaped (src/render/escape.ts).
      host.innerHTML = figure.svg;
      const svg = host.querySelector("svg");
      svg?.setAttribute("width", String(figure.width));
      svg?.removeAttribute("height");
      showSuggestions(store, suggestions, result);
      comparison.textContent = run ? comparedWithTheory(result, run) : "";
      status.textContent = `${formatCount(result.iterations)} of ${formatCount(result.requestedIterations)} iterations, batches of ${formatCount(result.batchSize)}${result.stoppedEarly ? "; stopped when the smoothed loss blew up" : ""}.`;
    };

    /** Asks for the test with the latest settings; one still running is stopped (it rejects as superseded). */
    const runTest = async () => {
      if (store.state.tab !== "range-test" || !store.session.run) return;
      stale = false;
      status.textContent = "Running the range test…";
      setBusy(container, "range-test", true);
      try {
        const { rangeTestArgs, batchSize } = store.state;
        result = await lab.rangeTest({ ...rangeTestArgs, ...(batchSize > 0 ? { batchSize } : {}) });
        error.textContent = "";
        draw();
      } catch (failure) {
        if (failure instanceof Superseded) return; // the newer request answers, and ends the busy state
        error.textContent = `The range test cannot run: ${(failure as Error).message}`;
        status.textContent = "";
      }
      setBusy(container, "range-test", false);
    };

    const stopWidth = observeWidth(host, (next) => {
      width = next;
      draw();
    });
    const unsubscribe = store.subscribe((changed) => {
      if (changed.has("rangeTestArgs")) fields.update(store.state.rangeTestArgs);
      if (changed.has("model") || changed.has("dataInfo")) showScope();
      const inputs = changed.has("dataInfo") || INPUT_KEYS.some((key) => changed.has(key));
      if (inputs || (changed.has("run") && result === null)) stale = true;
      if (stale && (inputs || changed.has("tab") || changed.has("run"))) void runTest();
      else if (changed.has("run")) draw();
    });
    void runTest();
    return {
      figure: () => {
        const svg = host.querySelector("svg");
        return svg ? { svg, name: "lrlab-range-test" } : null;
      },
      destroy: cleanupAll([stopWidth, unsubscribe]),
    };
  },
};

/**
 * The valley beside the exact answer (MSE): the fastest constant rate of full-batch descent from the
 * lesson's start, as the lesson's verdict names it (else the best worst-case rate 2/(λmin + λmax)).
 */
function comparedWithTheory(result: RangeTestResult, run: RunResult): string {
  const valley = result.suggestions.valley?.learningRate;
  const fastest = run.verdict.fastest?.learningRate;
  const optimal = fastest ?? run.theory?.optimalLearningRate;
  if (valley === undefined || optimal === undefined || !(valley > 0) || !(optimal > 0)) return "";
  const ratio = optimal / valley;
  const where =
    ratio >= 1.05
      ? `${formatNumber(Number(ratio.toPrecision(2)))}× below it`
      : ratio <= 1 / 1.05
        ? `${formatNumber(Number((1 / ratio).toPrecision(2)))}× above it`
        : "close to it";
  const name =
    fastest !== undefined
      ? "fastest constant rate for full-batch descent from the lesson's start"
      : "best worst-case rate for full-batch descent";
  // The fastest rate as the verdict offers it to type, digit for digit.
  const [optimalText] = formatRates([optimal], fastest !== undefined ? [fastest] : []);
  // As find-lr says it: a valley past the optimizer's bound diverges under full-batch descent.
  const bound = run.stability;
  const above =
    bound && valley > bound.learningRate
      ? ` The valley is ${formatNumber(Number((valley / bound.learningRate).toPrecision(3)))}× above the critical rate ${bound.formula} = ${formatRates([bound.learningRate])[0]}: full-batch gradient descent at that rate diverges.`
      : "";
  return `The exact theory's ${name} on these data is ${optimalText}: the valley lands ${where}.${above} The heuristics read a noisy curve; the theory needs none.`;
}

function showSuggestions(store: Store, host: HTMLElement, result: RangeTestResult): void {
  // The bound to start below, as find-lr names it: the lesson run's, for the same data and optimizer.
  const bound = store.session.run?.stability ?? null;
  const below = bound
    ? ` below the critical rate ${bound.formula} = ${formatRates([bound.learningRate])[0]}`
    : "";
  const buttons: HTMLElement[] = [];
  for (const name of ["valley", "steep", "minimum", "slide"] as const) {
    const suggestion = result.suggestions[name];
    if (!suggestion) continue;
    const button = document.createElement("button");
    button.type = "button";
    button.dataset.testid = `use-${name}`;
    // Written as the figure's label writes it (four digits), and set to just that.
    const [rate] = formatRates([suggestion.learningRate]);
    button.textContent = tryButtonWords(SUGGESTION_WORDS[name], rate as string);
    button.addEventListener("click", () =>
      store.set({ learningRate: Number(suggestion.learningRate.toPrecision(4)), tab: "lesson", at: 0 }),
    );
    buttons.push(button);
  }
  const why = result.suggestions.nothingBecause;
  if (why !== null) {
    // The core decides why there is no suggestion; this only words it, with the field to change.
    const nothing = document.createElement("p");
    nothing.className = "hint";
    nothing.dataset.testid = "range-nothing";
    nothing.textContent =
      why === "never-fell"
        ? `No rate to suggest: ${neverFellWords(result.stoppedEarly)}, so every rate the ramp reached was already too large. Lower start_lr${below}.`
        : "No rate to suggest: no finite loss was recorded. Lower start_lr, or start the line nearer the data.";
    buttons.push(nothing);
  }
  host.replaceChildren(...buttons);
}
