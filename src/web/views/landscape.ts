/**
 * The landscape: the loss over (w, b) as bands and contours around the optimum (the green star), with the
 * Hessian's sharp and flat directions, and the run's path on it up to the step on show. It is why a rate
 * overshoots: the sharp direction is steep, and a step that is right for the flat one jumps across it.
 * Click anywhere on the map to start from there.
 *
 * The worker computes the loss on a grid (exact and O(1) per point for MSE); the map is drawn again only
 * when the data change or the start leaves it; the path moves in the live layer.
 */

import { THEME } from "../../render/theme.js";
import type { LandscapeResult } from "../protocol.js";
import { runConfigOf } from "../protocol.js";
import type { Store } from "../store.js";
import { type Chart, frameClip, observeWidth, pointerIn, svgElement } from "./chart.js";
import type { Exit } from "./framed-path.js";
import { drawExits, drawMap, FAR, LANDSCAPE_GRID, pathThrough } from "./landscape-map.js";
import { cleanupAll, type Panel, setBusy } from "./panel.js";

interface Map {
  readonly chart: Chart;
  readonly surface: LandscapeResult;
  readonly path: SVGPathElement;
  /** Arrows where the path leaves the map, the first with its step. */
  readonly exits: SVGGElement;
  readonly start: SVGCircleElement;
  readonly current: SVGCircleElement;
}

export const landscapePanel: Panel = {
  id: "landscape",
  title: "The loss landscape",
  tab: "lesson",
  area: "main",
  waitsFor: (session) => session.runPending,
  width: "half",
  mount(container, store, lab) {
    const host = document.createElement("div");
    host.className = "chart-host landscape";
    const note = document.createElement("p");
    note.className = "legend";
    note.textContent =
      "Contours of the loss over (w, b): the star is the optimum, dashed the sharp direction (λmax), dotted the flat one (λmin), red the run. Click to start from there.";
    const away = document.createElement("p");
    away.className = "hint";
    away.dataset.testid = "landscape-away";
    const problem = document.createElement("p");
    problem.className = "hint";
    container.append(host, note, away, problem);

    let width = 0;
    let surface: LandscapeResult | null = null;
    let map: Map | null = null;
    let requesting = false;
    let again = false;

    const covers = (result: LandscapeResult) => {
      const { initialW, initialB } = store.state;
      const w = result.w;
      const b = result.b;
      return (
        initialW >= (w[0] as number) &&
        initialW <= (w[w.length - 1] as number) &&
        initialB >= (b[0] as number) &&
        initialB <= (b[b.length - 1] as number)
      );
    };

    const request = async () => {
      const info = store.session.dataInfo;
      if (!info) return;
      if (requesting) {
        again = true;
        return;
      }
      requesting = true;
      again = false;
      setBusy(container, "map", true);
      try {
        const { result } = await lab.client.request({
          type: "landscape",
          config: runConfigOf(store.state),
          grid: LANDSCAPE_GRID,
        });
        if (result.dataVersion !== store.session.dataInfo?.version) again = true;
        else {
          surface = result;
          problem.textContent = "";
          render();
        }
      } catch (error) {
        surface = null;
        map = null;
        host.replaceChildren();
        problem.textContent = `No landscape: ${(error as Error).message}.`;
      } finally {
        requesting = false;
        if (again) void request();
        else setBusy(container, "map", false);
      }
    };

    const render = () => {
      if (!surface || width === 0) return;
      const chart = drawMap(host, surface, width);
      const clip = frameClip(chart, "landscape-frame");
      const path = svgElement("path", {
        class: "trajectory",
        stroke: THEME.current,
        "stroke-width": 1.8,
        fill: "none",
        "clip-path": clip,
      });
      const start = svgElement("circle", {
        r: 5,
        fill: THEME.background,
        stroke: THEME.ink,
        "stroke-width": 2,
      });
      const current = svgElement("circle", {
        r: 4.5,
        fill: THEME.current,
        stroke: THEME.background,
        "stroke-width": 1,
      });
      const exits = svgElement("g", { class: "exits" });
      chart.live.append(path, exits, start, current);
      chart.svg.style.cursor = "crosshair";
      chart.svg.addEventListener("pointerdown", (event) => {
        const [px, py] = pointerIn(chart, event);
        if (px < chart.frameX[0] || px > chart.frameX[1] || py < chart.frameY[0] || py > chart.frameY[1])
          return;
        const tidy = (value: number) => Number(value.toPrecision(4));
        if (store.session.playing) store.setSession({ playing: false });
        store.set({ initialW: tidy(chart.invertX(px)), initialB: tidy(chart.invertY(py)), at: 0 });
      });
      map = { chart, surface, path, exits, start, current };
      drawLive();
    };

    const drawLive = () => {
      if (!map) return;
      const { exits, inside } = drawPath(map, store);
      const first = exits[0];
      const last = exits.at(-1);
      away.textContent =
        !first || !last
          ? ""
          : inside
            ? `The run left the map at step ${first.step} (the arrow) and came back.`
            : `The run is off the map since step ${last.step} (the arrow); the map stays on the bowl.`;
    };

    const stopWidth = observeWidth(host, (next) => {
      width = next;
      render();
    });
    const unsubscribe = store.subscribe((changed) => {
      if (changed.has("dataInfo") || changed.has("loss")) void request();
      else if ((changed.has("initialW") || changed.has("initialB")) && surface && !covers(surface))
        void request();
      if (changed.has("at") || changed.has("run") || changed.has("initialW") || changed.has("initialB"))
        drawLive();
    });
    void request();
    return {
      figure: () => (map ? { svg: map.chart.svg, name: "lrlab-landscape" } : null),
      destroy: cleanupAll([stopWidth, unsubscribe]),
    };
  },
};

/**
 * The run's path up to the step on show (or just the start, before the run answers), drawn only where it
 * is on the map, with an arrow where it leaves it; returns where it left, and whether it is on the map now.
 */
function drawPath(map: Map, store: Store): { exits: readonly Exit[]; inside: boolean } {
  const { chart } = map;
  const pull = (value: number) => Math.max(-FAR, Math.min(FAR, value));
  const { run } = store.session;
  const { at, initialW, initialB } = store.state;
  const fresh = run && run.config.initialW === initialW && run.config.initialB === initialB;
  const path = fresh
    ? pathThrough(chart, run.history.w, run.history.b, Math.min(at, run.history.length - 1), run.history.step)
    : pathThrough(chart, [initialW], [initialB], 0);
  map.path.setAttribute("d", path.d);
  drawExits(map.exits, chart, path.exits, THEME.current, true);
  map.start.setAttribute("cx", String(pull(chart.x(initialW))));
  map.start.setAttribute("cy", String(pull(chart.y(initialB))));
  map.current.setAttribute("visibility", path.inside ? "visible" : "hidden");
  map.current.setAttribute("cx", String(path.last[0]));
  map.current.setAttribute("cy", String(path.last[1]));
  return path;
}
