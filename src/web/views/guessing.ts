/**
 * Random guessing, the lesson's first idea, animated: guesses of (w, b) appear one by one as lines on the
 * data (the latest in grey, a few before it fading), the best line so far in red, and two counters, the
 * guesses made against the loss evaluations gradient descent needs to do as well as the best of them.
 *
 * The worker draws the guesses from the core's seeded random search (lab-guesses.ts) when the tab is
 * shown and whenever the data, the loss, the start or the guessing's own settings change; playing only
 * moves `guessAt`, the number of guesses shown.
 */
import * as Plot from "@observablehq/plot";
import { visibleSegment } from "../../render/figures/shared.js";
import { THEME } from "../../render/theme.js";
import { specOf } from "../lab-state.js";
import { GUESS_TRACK } from "../player.js";
import type { DataInfo, GuessResult } from "../protocol.js";
import { runConfigOf } from "../protocol.js";
import { bestGuessSoFar, formatCount, guessWords } from "../words.js";
import { type Chart, observeWidth, svgElement } from "./chart.js";
import { cleanupAll, type Panel, tabRequests } from "./panel.js";
import { paramFields } from "./param-form.js";
import { dataChart } from "./scene.js";
import { transportBar } from "./transport-bar.js";

/** Guesses shown before the latest one, fading. */
const TRAIL = 8;

/** Settings that change the guesses or the comparison. */
const GUESS_INPUTS = [
  "guessTrials",
  "guessSeed",
  "loss",
  "huberDelta",
  "initialW",
  "initialB",
  "learningRate",
] as const;

interface Scene {
  readonly chart: Chart;
  readonly xDomain: [number, number];
  readonly yDomain: [number, number];
  readonly trail: SVGPathElement[];
  readonly guess: SVGPathElement;
  readonly best: SVGPathElement;
}

export const guessingPanel: Panel = {
  id: "guessing",
  title: "Random guessing",
  tab: "guessing",
  waitsFor: (session) => session.guessesPending,
  area: "main",
  mount(container, store, lab) {
    const intro = document.createElement("p");
    intro.className = "hint";
    intro.textContent =
      "The lesson's first idea: guess w and b at random and keep the best line. Each guess costs one evaluation of the loss, as does each step of gradient descent.";
    const bar = transportBar(store, GUESS_TRACK, {
      tab: "guessing",
      prefix: "guess",
      speedKey: "guessSpeed",
      unit: "guesses",
      positionWords: (at, last) => `guess ${formatCount(at)} of ${formatCount(last)}`,
    });
    const counters = document.createElement("div");
    counters.className = "counters";
    const counter = (name: string, testid: string, noteId: string) => {
      const box = document.createElement("div");
      box.className = "counter";
      const label = document.createElement("span");
      label.className = "counter-name";
      label.textContent = name;
      const value = document.createElement("output");
      value.dataset.testid = testid;
      value.setAttribute("aria-label", name);
      const note = document.createElement("small");
      note.dataset.testid = noteId;
      box.append(label, value, note);
      counters.append(box);
      return { value, note };
    };
    const guesses = counter("Random guesses", "guess-count", "guess-best");
    const descent = counter("Gradient descent", "descent-count", "descent-note");
    const comparison = document.createElement("p");
    comparison.className = "comparison";
    comparison.dataset.testid = "guess-comparison";
    comparison.setAttribute("aria-live", "polite");
    const host = document.createElement("div");
    host.className = "chart-host scene";
    const legend = document.createElement("p");
    legend.className = "legend";
    legend.textContent =
      "Black: the latest guess, grey: the ones before it; red: the best guess so far; dashed green: the least-squares line.";
    const fields = paramFields([specOf(store.state, "guessTrials"), specOf(store.state, "guessSeed")], {
      idPrefix: "guessing",
      values: { guessTrials: store.state.guessTrials, guessSeed: store.state.guessSeed },
      label: (spec) => (spec.key === "guessTrials" ? "guesses" : "seed of the guesses"),
      onChange: (key, value) => {
        if (value !== undefined) store.set({ [key]: value } as never);
      },
    });
    fields.element.classList.add("guess-fields");
    const error = document.createElement("p");
    error.className = "inline-error";
    error.setAttribute("role", "alert");
    container.append(intro, bar.element, counters, comparison, host, legend, fields.element, error);

    let width = 0;
    let scene: Scene | null = null;

    const render = () => {
      const data = store.session.dataInfo;
      if (!data || width === 0) return;
      scene = buildScene(host, data, store.session.guesses, width);
      drawLive();
    };

    const drawLive = () => {
      bar.update();
      const result = store.session.guesses;
      if (!result) return;
      const shown = Math.min(store.state.guessAt, result.trials);
      const words = guessWords(result, shown);
      guesses.value.value = words.guesses;
      guesses.note.textContent = words.best;
      descent.value.value = words.descent;
      descent.note.textContent = "loss evaluations to do as well";
      comparison.textContent = words.sentence;
      if (!scene) return;
      const line = (element: SVGPathElement, index: number) => {
        const w = result.w[index];
        const b = result.b[index];
        if (index < 0 || w === undefined || b === undefined || !scene) {
          element.setAttribute("d", "");
          return;
        }
        const [[xa, ya], [xb, yb]] = visibleSegment(w, b, scene.xDomain, scene.yDomain);
        const { chart } = scene;
        element.setAttribute(
          "d",
          xa === xb && ya === yb
            ? ""
            : `M${chart.x(xa).toFixed(1)},${chart.y(ya).toFixed(1)}L${chart.x(xb).toFixed(1)},${chart.y(yb).toFixed(1)}`,
        );
      };
      for (const [k, element] of scene.trail.entries()) line(element, shown - 2 - k);
      line(scene.guess, shown - 1);
      const best = bestGuessSoFar(result, shown);
      line(scene.best, best ? best.evaluations - 1 : -1);
    };

    const stopRunner = tabRequests(store, {
      tab: "guessing",
      inputs: GUESS_INPUTS,
      ask: async () => {
        const { result } = await lab.client.request({
          type: "guesses",
          config: runConfigOf(store.state),
          trials: store.state.guessTrials,
          seed: store.state.guessSeed,
        });
        return result;
      },
      accept: (result) => {
        store.setSession({ guesses: result });
        if (store.state.guessAt > result.trials) store.set({ guessAt: result.trials });
      },
      failure: "The guesses cannot be made",
      error,
      status: comparison,
      busy: "Making the guesses…",
      pending: "guessesPending",
    });
    const stopWidth = observeWidth(host, (next) => {
      width = next;
      render();
    });
    const unsubscribe = store.subscribe((changed) => {
      if (changed.has("guessTrials") || changed.has("guessSeed")) {
        fields.update({ guessTrials: store.state.guessTrials, guessSeed: store.state.guessSeed });
      }
      if (changed.has("dataInfo") || changed.has("guesses")) render();
      else if (changed.has("guessAt") || changed.has("guessPlaying") || changed.has("guessSpeed")) drawLive();
    });
    return {
      figure: () => (scene ? { svg: scene.chart.svg, name: "lrlab-guessing" } : null),
      destroy: cleanupAll([stopRunner, stopWidth, unsubscribe, bar.destroy]),
    };
  },
};

/** The least-squares line, thinner here than in the lesson's scene. */
const idealMark = (segment: { x: number; y: number }[]) =>
  Plot.line(segment, {
    x: "x",
    y: "y",
    stroke: THEME.ideal,
    strokeWidth: 2,
    strokeDasharray: "7 4",
    className: "ideal-line",
  });

function buildScene(host: HTMLElement, data: DataInfo, result: GuessResult | null, width: number): Scene {
  const { chart, xDomain, yDomain } = dataChart(host, data, {
    width,
    height: Math.round(Math.min(420, Math.max(240, width * 0.5))),
    ariaLabel: `The data, the latest random guesses and the best guess so far`,
    ideal: result?.optimum ?? null,
    idealMark,
  });
  const trail = Array.from({ length: TRAIL }, (_, k) =>
    svgElement("path", {
      class: "guess-trail",
      stroke: THEME.muted,
      "stroke-width": 1,
      "stroke-opacity": (0.45 * (TRAIL - k)) / TRAIL,
      fill: "none",
    }),
  );
  const guess = svgElement("path", {
    class: "guess-line",
    stroke: THEME.ink,
    "stroke-width": 1.5,
    fill: "none",
  });
  const best = svgElement("path", {
    class: "best-line",
    stroke: THEME.current,
    "stroke-width": 2.5,
    fill: "none",
  });
  chart.live.append(...trail.reverse(), guess, best);
  trail.reverse();
  return { chart, xDomain, yDomain, trail, guess, best };
}
