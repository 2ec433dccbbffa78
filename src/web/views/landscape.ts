/**
 * The landscape: the loss over (w, b) as bands and contours around the optimum (the green star), with the
 * Hessian's sharp and flat directions, and the run's path on it up to the step on show. It is why a rate
 * overshoots: the sharp direction is steep, and a step that is right for the flat one jumps across it.
 * Click anywhere on the map to start from there.
 *
 * The worker computes the loss on a grid (exact and O(1) per point for MSE); the map is drawn again only
 * when the data change or the start leaves it; the path moves in the live layer.
 */

import * as Plot from "@observablehq/plot";
import { contourLevels } from "../../render/figures/landscape.js";
import { CONTOUR_STROKE, MARGIN } from "../../render/figures/landscape-map.js";
import { THEME } from "../../render/theme.js";
import type { LandscapeResult } from "../protocol.js";
import { runConfigOf } from "../protocol.js";
import type { Store } from "../store.js";
import {
  type Chart,
  frameClip,
  observeWidth,
  plotChart,
  pointerIn,
  svgElement,
  underlayCanvas,
} from "./chart.js";
import { cleanupAll, type Panel } from "./panel.js";

/** Grid points along each axis: contours smooth enough, computed in a millisecond (O(1) each for MSE). */
const GRID = 121;
const LEVELS = 12;
/** Pixels beyond which a far-off point is pulled in, so a diverging path never makes huge coordinates. */
const FAR = 1e5;

interface Map {
  readonly chart: Chart;
  readonly surface: LandscapeResult;
  readonly path: SVGPathElement;
  readonly start: SVGCircleElement;
  readonly current: SVGCircleElement;
}

export const landscapePanel: Panel = {
  id: "landscape",
  title: "The loss landscape",
  tab: "lesson",
  area: "main",
  width: "half",
  mount(container, store, lab) {
    const host = document.createElement("div");
    host.className = "chart-host landscape";
    const note = document.createElement("p");
    note.className = "legend";
    note.textContent =
      "Contours of the loss over (w, b): the star is the optimum, dashed the sharp direction (λmax), dotted the flat one (λmin), red the run. Click to start from there.";
    const problem = document.createElement("p");
    problem.className = "hint";
    container.append(host, note, problem);

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
      try {
        const { result } = await lab.client.request({
          type: "landscape",
          config: runConfigOf(store.state),
          grid: GRID,
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
      chart.live.append(path, start, current);
      chart.svg.style.cursor = "crosshair";
      chart.svg.addEventListener("pointerdown", (event) => {
        const [px, py] = pointerIn(chart, event);
        if (px < chart.frameX[0] || px > chart.frameX[1] || py < chart.frameY[0] || py > chart.frameY[1])
          return;
        const tidy = (value: number) => Number(value.toPrecision(4));
        if (store.session.playing) store.setSession({ playing: false });
        store.set({ initialW: tidy(chart.invertX(px)), initialB: tidy(chart.invertY(py)), at: 0 });
      });
      map = { chart, surface, path, start, current };
      drawLive();
    };

    const drawLive = () => {
      if (!map) return;
      drawPath(map, store);
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

/** Band colours from the bottom of the bowl to the rim, as in the static landscape figure. */
const BAND_BOTTOM = [214, 228, 240] as const;
const BAND_RIM = [250, 251, 252] as const;

/**
 * The static map: contour lines, the eigen-axes and the optimum with Plot, the bands between the contours
 * on a canvas under it. (src/render's `mapPanel` draws the same picture with one Plot mark per band,
 * which costs a few hundred milliseconds: too long for a page that must never freeze.)
 */
function drawMap(host: HTMLElement, surface: LandscapeResult, width: number): Chart {
  const nw = surface.w.length;
  const nb = surface.b.length;
  const [wLow, wHigh] = [surface.w[0] as number, surface.w[nw - 1] as number];
  const [bLow, bHigh] = [surface.b[0] as number, surface.b[nb - 1] as number];
  // Grid values sit at cell centres for Plot (as in a raster), so the bounds reach half a cell out.
  const halfW = (wHigh - wLow) / (nw - 1) / 2;
  const halfB = (bHigh - bLow) / (nb - 1) / 2;
  const grid = {
    width: nw,
    height: nb,
    x1: wLow - halfW,
    x2: wHigh + halfW,
    y1: bLow - halfB,
    y2: bHigh + halfB,
  };
  const levels = contourLevels(surface.values, LEVELS);
  const mapWidth = Math.max(120, width - MARGIN.left - MARGIN.right);
  const mapHeight = mapWidth * Math.min(1.4, Math.max(0.6, (bHigh - bLow) / (wHigh - wLow)));
  const reach = 4 * Math.hypot(wHigh - wLow, bHigh - bLow);
  const { optimum } = surface;
  const axis = (vector: readonly [number, number]) => [
    { w: optimum.w - reach * vector[0], b: optimum.b - reach * vector[1] },
    { w: optimum.w + reach * vector[0], b: optimum.b + reach * vector[1] },
  ];
  const chart = plotChart(host, {
    width: Math.round(mapWidth + MARGIN.left + MARGIN.right),
    height: Math.round(mapHeight + MARGIN.top + MARGIN.bottom),
    marginLeft: MARGIN.left,
    marginRight: MARGIN.right,
    marginTop: MARGIN.top,
    marginBottom: MARGIN.bottom,
    x: { domain: [wLow, wHigh], label: "w (slope)", labelAnchor: "center", labelArrow: "none" },
    y: { domain: [bLow, bHigh], label: "b (intercept)", labelAnchor: "center", labelArrow: "none" },
    ariaLabel: "Contours of the loss over the slope w and the intercept b, with the run's path",
    marks: [
      Plot.contour(surface.values, {
        ...grid,
        thresholds: levels,
        stroke: CONTOUR_STROKE,
        strokeWidth: 0.8,
        fill: "none",
        className: "landscape-contour",
      }),
      Plot.line(axis(surface.sharp), {
        x: "w",
        y: "b",
        stroke: THEME.ink,
        strokeOpacity: 0.55,
        strokeDasharray: "6 4",
        clip: true,
        className: "eigen-axis eigen-axis-sharp",
      }),
      Plot.line(axis(surface.flat), {
        x: "w",
        y: "b",
        stroke: THEME.ink,
        strokeOpacity: 0.55,
        strokeDasharray: "2 3",
        clip: true,
        className: "eigen-axis eigen-axis-flat",
      }),
      Plot.dot([optimum], {
        x: "w",
        y: "b",
        symbol: "star",
        r: 8,
        fill: THEME.ideal,
        stroke: THEME.background,
        strokeWidth: 1,
        className: "optimum",
      }),
      Plot.frame({ stroke: CONTOUR_STROKE }),
    ],
  });
  drawBands(underlayCanvas(host, chart), chart, surface, levels);
  return chart;
}

/** The bands between contour levels, one canvas pixel per grid point, smoothed into the frame. */
function drawBands(
  canvas: HTMLCanvasElement,
  chart: Chart,
  surface: LandscapeResult,
  levels: readonly number[],
): void {
  const context = canvas.getContext("2d");
  if (!context || levels.length === 0) return;
  const nw = surface.w.length;
  const nb = surface.b.length;
  const image = new ImageData(nw, nb);
  for (let j = 0; j < nb; j++) {
    for (let i = 0; i < nw; i++) {
      const value = surface.values[j * nw + i] as number;
      let band = 0;
      while (band < levels.length && value > (levels[band] as number)) band++;
      const t = band / levels.length;
      const offset = ((nb - 1 - j) * nw + i) * 4; // rows of the image go down, b goes up
      for (let c = 0; c < 3; c++) {
        image.data[offset + c] = Math.round(
          (BAND_BOTTOM[c] as number) + t * ((BAND_RIM[c] as number) - (BAND_BOTTOM[c] as number)),
        );
      }
      image.data[offset + 3] = 255;
    }
  }
  const bitmap = document.createElement("canvas");
  bitmap.width = nw;
  bitmap.height = nb;
  bitmap.getContext("2d")?.putImageData(image, 0, 0);
  context.imageSmoothingEnabled = true;
  const [left, right] = chart.frameX;
  const [top, bottom] = chart.frameY;
  context.drawImage(bitmap, left, top, right - left, bottom - top);
}

/** The run's path up to the step on show (or just the start, before the run answers). */
function drawPath(map: Map, store: Store): void {
  const { chart } = map;
  const pull = (value: number) => Math.max(-FAR, Math.min(FAR, value));
  const { run } = store.session;
  const { at, initialW, initialB } = store.state;
  const fresh = run && run.config.initialW === initialW && run.config.initialB === initialB;
  let d = `M${pull(chart.x(initialW)).toFixed(1)},${pull(chart.y(initialB)).toFixed(1)}`;
  let last: [number, number] = [chart.x(initialW), chart.y(initialB)];
  if (fresh && run) {
    const rows = Math.min(at, run.history.length - 1);
    for (let k = 1; k <= rows; k++) {
      const w = run.history.w[k] as number;
      const b = run.history.b[k] as number;
      if (!Number.isFinite(w) || !Number.isFinite(b)) break;
      const px = pull(chart.x(w));
      const py = pull(chart.y(b));
      d += `L${px.toFixed(1)},${py.toFixed(1)}`;
      last = [px, py];
      if (Math.abs(px) >= FAR || Math.abs(py) >= FAR) break;
    }
  }
  map.path.setAttribute("d", d);
  map.start.setAttribute("cx", String(pull(chart.x(initialW))));
  map.start.setAttribute("cy", String(pull(chart.y(initialB))));
  const inside =
    last[0] >= chart.frameX[0] &&
    last[0] <= chart.frameX[1] &&
    last[1] >= chart.frameY[0] &&
    last[1] <= chart.frameY[1];
  map.current.setAttribute("visibility", inside ? "visible" : "hidden");
  map.current.setAttribute("cx", String(last[0]));
  map.current.setAttribute("cy", String(last[1]));
}
