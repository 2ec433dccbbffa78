/**
 * The range test tab: the LR finder (fastai's `lr_find`: an exponential ramp over mini-batches, the loss
 * smoothed) on the current data and settings, drawn by the same figure as `lrlab plot find-lr`, with
 * fastai's four suggestions beside the exact critical rate, and a button to try each one in the lesson.
 *
 * It runs in the worker when the tab is shown and again whenever the data or a setting it depends on
 * changes, at most one at a time (the latest settings win).
 */
import { type RangeTestResult, rangeTestParams, type SuggestionName } from "../../core/index.js";
import { findLrFigure } from "../../render/figures/find-lr.js";
import { runConfigOf } from "../protocol.js";
import type { Store } from "../store.js";
import { formatNumber } from "../words.js";
import { observeWidth } from "./chart.js";
import { cleanupAll, type Panel } from "./panel.js";
import { paramFields } from "./param-form.js";

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
    const fields = paramFields(rangeTestParams, {
      idPrefix: "range",
      values: store.state.rangeTestArgs,
      onChange: (key, value) => {
        if (value !== undefined) store.set({ rangeTestArgs: { ...store.state.rangeTestArgs, [key]: value } });
      },
    });
    fields.element.classList.add("range-fields");
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
    container.append(intro, host, status, suggestions, error, fields.element);

    let width = 0;
    let result: RangeTestResult | null = null;
    let running = false;
    let stale = true;

    const draw = () => {
      if (!result || width === 0) return;
      const run = store.session.run;
      const figure = findLrFigure(
        { document },
        {
          learningRates: result.learningRates,
          losses: result.losses,
          smoothedLosses: result.smoothedLosses,
          suggestions: result.suggestions,
          critical: run?.stability ?? null,
          lossName: store.state.loss.toUpperCase(),
          smoothing: store.state.rangeTestArgs.smoothing as number,
          width,
        },
      );
      // The figure is the renderer's SVG text, every string in it escaped (src/render/escape.ts).
      host.innerHTML = figure.svg;
      const svg = host.querySelector("svg");
      svg?.setAttribute("width", String(figure.width));
      svg?.removeAttribute("height");
      showSuggestions(store, suggestions, result);
      status.textContent = `${result.iterations} of ${result.requestedIterations} iterations, batches of ${result.batchSize}${result.stoppedEarly ? "; stopped when the smoothed loss blew up" : ""}.`;
    };

    const runTest = async () => {
      if (store.state.tab !== "range-test" || !store.session.run) return;
      if (running) {
        stale = true;
        return;
      }
      running = true;
      stale = false;
      status.textContent = "Running the range test…";
      try {
        const { rangeTestArgs, batchSize } = store.state;
        const { result: answer } = await lab.client.request({
          type: "range-test",
          config: runConfigOf(store.state),
          options: { ...rangeTestArgs, ...(batchSize > 0 ? { batchSize } : {}) },
        });
        result = answer;
        error.textContent = "";
        draw();
      } catch (failure) {
        error.textContent = `The range test cannot run: ${(failure as Error).message}`;
        status.textContent = "";
      } finally {
        running = false;
        if (stale) void runTest();
      }
    };

    const stopWidth = observeWidth(host, (next) => {
      width = next;
      draw();
    });
    const unsubscribe = store.subscribe((changed) => {
      if (changed.has("rangeTestArgs")) fields.update(store.state.rangeTestArgs);
      const inputs = changed.has("dataInfo") || INPUT_KEYS.some((key) => changed.has(key));
      if (inputs || changed.has("tab") || (changed.has("run") && result === null)) {
        stale = true;
        void runTest();
      } else if (changed.has("run")) draw();
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

function showSuggestions(store: Store, host: HTMLElement, result: RangeTestResult): void {
  const buttons: HTMLElement[] = [];
  for (const name of ["valley", "steep", "minimum", "slide"] as const) {
    const suggestion = result.suggestions[name];
    if (!suggestion) continue;
    const button = document.createElement("button");
    button.type = "button";
    button.dataset.testid = `use-${name}`;
    button.textContent = `Try ${SUGGESTION_WORDS[name]}: ${formatNumber(suggestion.learningRate)}`;
    button.addEventListener("click", () =>
      store.set({ learningRate: Number(suggestion.learningRate.toPrecision(4)), tab: "lesson", at: 0 }),
    );
    buttons.push(button);
  }
  host.replaceChildren(...buttons);
}
