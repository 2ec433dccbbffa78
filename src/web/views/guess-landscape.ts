/**
 * Every guess so far as a dot on the loss landscape over the box the guesses come from, the best so far
 * ringed in red, the optimum a green star: guessing covers the map evenly, and the bowl is small. The dots
 * go on a canvas between the bands and the contours, drawn a few at a time as guesses appear.
 */
import { THEME } from "../../render/theme.js";
import { bestGuessSoFar } from "../words.js";
import { type Chart, frameClip, observeWidth, svgElement, underlayCanvas } from "./chart.js";
import { drawMap, insideFrame, mapRequests } from "./landscape-map.js";
import { cleanupAll, type Panel } from "./panel.js";

export const guessLandscapePanel: Panel = {
  id: "guess-landscape",
  title: "Guesses on the landscape",
  tab: "guessing",
  waitsFor: (session) => session.guessesPending,
  area: "main",
  width: "half",
  mount(container, store, lab) {
    const host = document.createElement("div");
    host.className = "chart-host landscape";
    const note = document.createElement("p");
    note.className = "legend";
    note.textContent =
      "Each dot is a guess of (w, b), uniform over the box the guesses come from; red is the best so far, the star the optimum.";
    container.append(host, note);
    let width = 0;
    let map: { chart: Chart; dots: HTMLCanvasElement; drawn: number; best: SVGCircleElement } | null = null;

    const landscape = mapRequests(store, lab, {
      wanted: () => {
        const result = store.session.guesses;
        if (!result || store.state.tab !== "guessing") return null;
        return {
          key: JSON.stringify([
            result.dataVersion,
            store.state.loss,
            result.box,
            store.state.initialW,
            store.state.initialB,
          ]),
          include: { w: [...result.box.w], b: [...result.box.b] },
        };
      },
      host,
      note,
      onMap: () => render(),
      onFailure: () => {
        map = null;
      },
    });

    const render = () => {
      const { surface } = landscape;
      if (!surface || width === 0) return;
      const chart = drawMap(
        host,
        surface,
        width,
        "Contours of the loss over w and b, with every guess so far",
        0.9,
      );
      const dots = underlayCanvas(host, chart);
      // Above the bands' canvas, under the contours.
      host.insertBefore(dots, chart.svg);
      const best = svgElement("circle", {
        class: "best-guess",
        r: 6,
        fill: "none",
        stroke: THEME.current,
        "stroke-width": 2.5,
        "clip-path": frameClip(chart, "guess-landscape-frame"),
      });
      chart.live.append(best);
      map = { chart, dots, drawn: 0, best };
      drawLive();
    };

    const drawLive = () => {
      const result = store.session.guesses;
      if (!map || !result) return;
      const shown = Math.min(store.state.guessAt, result.trials);
      const context = map.dots.getContext("2d");
      if (!context) return;
      const { chart } = map;
      if (shown < map.drawn) {
        context.clearRect(0, 0, chart.width, chart.height);
        map.drawn = 0;
      }
      context.fillStyle = THEME.ink;
      context.globalAlpha = 0.55;
      for (let k = map.drawn; k < shown; k++) {
        const px = chart.x(result.w[k] as number);
        const py = chart.y(result.b[k] as number);
        if (!insideFrame(chart, [px, py])) continue;
        context.beginPath();
        context.arc(px, py, 2, 0, 2 * Math.PI);
        context.fill();
      }
      map.drawn = shown;
      const best = bestGuessSoFar(result, shown);
      map.best.setAttribute("visibility", best ? "visible" : "hidden");
      if (best) {
        map.best.setAttribute("cx", chart.x(best.w).toFixed(1));
        map.best.setAttribute("cy", chart.y(best.b).toFixed(1));
      }
    };

    const stopWidth = observeWidth(host, (next) => {
      width = next;
      render();
    });
    const unsubscribe = store.subscribe((changed) => {
      if (changed.has("guesses")) {
        if (map) map.drawn = Number.POSITIVE_INFINITY; // the guesses changed: draw them all again
        landscape.request();
        drawLive();
      } else if (changed.has("tab") || changed.has("loss")) landscape.request();
      else if (changed.has("guessAt")) drawLive();
    });
    landscape.request();
    return {
      figure: () => (map ? { svg: map.chart.svg, underlay: map.dots, name: "lrlab-guess-landscape" } : null),
      destroy: cleanupAll([stopWidth, unsubscribe]),
    };
  },
};
