/**
 * The race drawn twice: every lane's path on one shared loss landscape, and every lane's loss against the
 * step on one chart, each lane in its Okabe–Ito series colour, all up to the race's step on show. The
 * map and the axes are drawn when the race or the width change; only the paths move per frame.
 */
import { seriesColor, THEME } from "../../render/theme.js";
import type { RaceResult } from "../protocol.js";
import type { Store } from "../store.js";
import { type Chart, frameClip, observeWidth, svgElement } from "./chart.js";
import { logLossChart } from "./curves.js";
import { drawExits, drawMap, mapRequests, pathThrough } from "./landscape-map.js";
import { cleanupAll, type Panel } from "./panel.js";
import { laneTitle } from "./race.js";

const row = (store: Store, length: number) => Math.min(store.state.raceAt, length - 1);

export const raceLandscapePanel: Panel = {
  id: "race-landscape",
  title: "Paths on the landscape",
  tab: "race",
  waitsFor: (session) => session.racePending,
  area: "main",
  width: "half",
  mount(container, store, lab) {
    const host = document.createElement("div");
    host.className = "chart-host landscape";
    const note = document.createElement("p");
    note.className = "legend";
    note.textContent = "Contours of the loss over (w, b); the star is the optimum, the circle the start.";
    container.append(host, note);
    let width = 0;
    let chart: Chart | null = null;
    let lanes: { path: SVGPathElement; dot: SVGCircleElement; exits: SVGGElement }[] = [];

    const landscape = mapRequests(store, lab, {
      wanted: () =>
        store.state.tab !== "race" || !store.session.dataInfo
          ? null
          : {
              key: JSON.stringify([
                store.session.dataInfo.version,
                store.state.loss,
                store.state.initialW,
                store.state.initialB,
              ]),
            },
      host,
      note,
      onMap: () => render(),
      onFailure: () => {
        chart = null;
      },
    });

    const render = () => {
      const { surface } = landscape;
      if (!surface || width === 0) return;
      chart = drawMap(host, surface, width, "Contours of the loss over w and b, with each lane's path");
      const clip = frameClip(chart, "race-landscape-frame");
      const race = store.session.race;
      const { initialW, initialB } = store.state;
      lanes = (race?.lanes ?? []).map((_, index) => {
        const color = seriesColor(index);
        const path = svgElement("path", {
          class: "race-path",
          stroke: color,
          "stroke-width": 1.7,
          "stroke-opacity": 0.9,
          fill: "none",
          "clip-path": clip,
        });
        const dot = svgElement("circle", {
          r: 4.5,
          fill: color,
          stroke: THEME.background,
          "stroke-width": 1,
        });
        const exits = svgElement("g", { class: "exits" });
        return { path, dot, exits };
      });
      const start = svgElement("circle", {
        r: 5,
        fill: THEME.background,
        stroke: THEME.ink,
        "stroke-width": 2,
        cx: chart.x(initialW),
        cy: chart.y(initialB),
      });
      // The first lanes on top: a diverging lane (last by default) sweeps wide and would hide the rest.
      chart.live.append(
        ...lanes.map(({ path }) => path).reverse(),
        ...lanes.map(({ exits }) => exits).reverse(),
        ...lanes.map(({ dot }) => dot).reverse(),
        start,
      );
      drawLive();
    };

    const drawLive = () => {
      const race = store.session.race;
      if (!chart || !race) return;
      race.lanes.forEach((lane, index) => {
        const shown = lanes[index];
        if (!shown || !chart) return;
        const { w, b, length } = lane.run.history;
        const path = pathThrough(chart, w, b, row(store, length), lane.run.history.step);
        shown.path.setAttribute("d", path.d);
        drawExits(shown.exits, chart, path.exits, seriesColor(index), false);
        shown.dot.setAttribute("visibility", path.inside ? "visible" : "hidden");
        shown.dot.setAttribute("cx", path.last[0].toFixed(1));
        shown.dot.setAttribute("cy", path.last[1].toFixed(1));
      });
    };

    const stopWidth = observeWidth(host, (next) => {
      width = next;
      render();
    });
    const unsubscribe = store.subscribe((changed) => {
      if (["dataInfo", "loss", "initialW", "initialB", "tab"].some((key) => changed.has(key as never)))
        landscape.request();
      if (changed.has("race")) render();
      else if (changed.has("raceAt")) drawLive();
    });
    landscape.request();
    return {
      figure: () => (chart ? { svg: chart.svg, name: "lrlab-race-landscape" } : null),
      destroy: cleanupAll([stopWidth, unsubscribe]),
    };
  },
};

interface LossChart {
  readonly chart: Chart;
  readonly lanes: {
    commands: string[];
    path: SVGPathElement;
    dot: SVGCircleElement;
    points: [number, number][];
  }[];
}

export const raceLossPanel: Panel = {
  id: "race-loss",
  title: "Loss against step",
  tab: "race",
  waitsFor: (session) => session.racePending,
  area: "main",
  width: "half",
  mount(container, store) {
    const host = document.createElement("div");
    host.className = "chart-host curve";
    const legend = document.createElement("ul");
    legend.className = "series-legend";
    container.append(host, legend);
    let width = 0;
    let drawn: LossChart | null = null;

    const render = () => {
      const race = store.session.race;
      if (!race || width === 0) return;
      drawn = drawLosses(host, race, width);
      legend.replaceChildren(
        ...race.lanes.map((lane, index) => {
          const item = document.createElement("li");
          const swatch = document.createElement("span");
          swatch.className = "lane-swatch";
          swatch.style.background = seriesColor(index);
          item.append(swatch, laneTitle(lane));
          return item;
        }),
      );
      drawLive();
    };
    const drawLive = () => {
      if (!drawn) return;
      for (const lane of drawn.lanes) {
        const shown = Math.min(store.state.raceAt, lane.commands.length - 1);
        lane.path.setAttribute("d", lane.commands.slice(0, shown + 1).join(""));
        const point = lane.points[shown];
        lane.dot.setAttribute("visibility", point ? "visible" : "hidden");
        if (point) {
          lane.dot.setAttribute("cx", point[0].toFixed(1));
          lane.dot.setAttribute("cy", point[1].toFixed(1));
        }
      }
    };
    const stopWidth = observeWidth(host, (next) => {
      width = next;
      render();
    });
    const unsubscribe = store.subscribe((changed) => {
      if (changed.has("race")) render();
      else if (changed.has("raceAt")) drawLive();
    });
    return {
      figure: () => (drawn ? { svg: drawn.chart.svg, name: "lrlab-race-loss" } : null),
      destroy: cleanupAll([stopWidth, unsubscribe]),
    };
  },
};

/**
 * The axes cover every lane's steps, and the losses from the best (or the lowest reached) to 10× the
 * start: a lane that leaves the top of the frame is drawn to its edge, and again from the edge when it
 * comes back (momentum's loss swings up before it settles); one whose loss is no longer a number stops.
 */
function drawLosses(host: HTMLElement, race: RaceResult, width: number): LossChart {
  const runs = race.lanes.map((lane) => lane.run);
  let low = Number.POSITIVE_INFINITY;
  let lastStep = 1;
  for (const run of runs) {
    for (const loss of run.history.loss) if (loss > 0 && loss < low) low = loss;
    lastStep = Math.max(lastStep, run.history.step[run.history.length - 1] ?? 1);
  }
  const best = runs[0]?.theory?.optimum.loss;
  if (best !== undefined && best > 0) low = Math.min(low, best);
  const start = Math.max(...runs.map((run) => run.history.loss[0] ?? 1).filter((loss) => loss > 0), low);
  const high = 10 * start;
  if (!(low < high)) low = high / 100;
  const span = Math.log10(high / low);
  const domain: [number, number] = [low / 10 ** (0.05 * span), high];
  const chart = logLossChart(host, {
    width,
    x: { domain: [0, lastStep], label: "step", labelAnchor: "center", labelArrow: "none" },
    yDomain: domain,
    best: best !== undefined && best > 0 ? best : null,
    ariaLabel: "Each lane's loss against the step",
  });
  const clip = frameClip(chart, "race-loss-frame");
  const lanes = runs.map((run, index) => {
    const commands: string[] = [];
    const points: [number, number][] = [];
    let wasAbove = false;
    for (let k = 0; k < run.history.length; k++) {
      const loss = run.history.loss[k] as number;
      if (!(loss > 0) || !Number.isFinite(loss)) break; // not a number any more: blown up
      const above = loss > high;
      const point: [number, number] = [chart.x(run.history.step[k] as number), chart.y(Math.min(loss, high))];
      // Above the frame the line runs along its edge without being drawn: out at one step, back at another.
      const verb = k === 0 || (wasAbove && above) ? "M" : "L";
      commands.push(`${verb}${point[0].toFixed(1)},${point[1].toFixed(1)}`);
      points.push(point);
      wasAbove = above;
    }
    const color = seriesColor(index);
    const path = svgElement("path", {
      class: "race-curve",
      stroke: color,
      "stroke-width": 2,
      fill: "none",
      "clip-path": clip,
    });
    const dot = svgElement("circle", { r: 3.5, fill: color });
    chart.live.append(path, dot);
    return { commands, path, dot, points };
  });
  return { chart, lanes };
}
