/**
 * The lesson's scene: the data points, the green least-squares line, and the red current line with each
 * point's residual to it. Drag the red line (it moves up and down) or either of its two handles (it turns
 * about the other) to choose where gradient descent starts; with the keyboard, focus a handle or the line
 * and use the arrow keys (Shift or Page Up/Down for bigger moves).
 *
 * Axes, points and the green line are Plot's and are drawn again only when the data, the optimum or the
 * width change; many points go on a canvas under the SVG. The red line, its handles and the residuals are
 * the live layer, moved every frame through the Plot scales.
 */
import * as Plot from "@observablehq/plot";
import { idealLine, visibleSegment } from "../../render/figures/shared.js";
import { THEME } from "../../render/theme.js";
import type { DataInfo } from "../protocol.js";
import type { Store } from "../store.js";
import { formatNumber, lineWords } from "../words.js";
import { type Chart, niceDomain, observeWidth, plotChart, svgElement, underlayCanvas } from "./chart.js";
import { cleanupAll, type Panel } from "./panel.js";
import { attachDragging, clamp, HANDLE_AT, handleX, type Scene, shownLine } from "./scene-drag.js";

/** Up to this many points are SVG dots; more go on the canvas. */
export const MAX_SVG_POINTS = 2000;
/** Residuals are drawn for an even sample of at most this many points. */
const MAX_RESIDUALS = 300;

export const scenePanel: Panel = {
  id: "scene",
  title: "The line and the data",
  tab: "lesson",
  area: "main",
  waitsFor: (session) => session.runPending,
  mount(container, store) {
    const host = document.createElement("div");
    host.className = "chart-host scene";
    const legend = document.createElement("p");
    legend.className = "legend";
    const currentWords = document.createElement("span");
    const idealWords = document.createElement("span");
    // The green entry only with a green line (the theory's optimum: MSE).
    const idealEntry = document.createElement("span");
    idealEntry.className = "legend-ideal";
    idealEntry.append("  ", swatch("ideal"), idealWords);
    legend.append(swatch("point"), "data  ", swatch("current"), currentWords, idealEntry);
    const hint = document.createElement("p");
    hint.className = "hint";
    hint.textContent =
      "Drag the red line or its handles to choose where it starts; or focus a handle (Tab) and use the arrow keys.";
    container.append(host, legend, hint);

    let width = 0;
    let scene: Scene | null = null;
    let idealKey = "";

    const ideal = () => store.session.run?.theory?.optimum ?? null;

    const render = () => {
      const data = store.session.dataInfo;
      if (!data || width === 0) return;
      scene = buildScene(host, data, ideal(), width, store);
      drawLive();
    };

    const drawLive = () => {
      if (!scene) return;
      const { w, b } = shownLine(store);
      drawLine(scene, store.session.dataInfo as DataInfo, w, b);
      const step = store.state.at;
      currentWords.textContent = ` red, step ${step}: ${Number.isFinite(w) && Number.isFinite(b) ? lineWords(w, b) : "off to infinity"}`;
      const optimum = ideal();
      idealWords.textContent = optimum ? ` green, least squares: ${lineWords(optimum.w, optimum.b)}` : "";
      idealEntry.hidden = !optimum;
    };

    const stopWidth = observeWidth(host, (next) => {
      width = next;
      render();
    });
    const unsubscribe = store.subscribe((changed) => {
      const optimum = ideal();
      const key = optimum ? `${optimum.w},${optimum.b}` : "";
      if (changed.has("dataInfo") || key !== idealKey) {
        idealKey = key;
        render();
      } else if (
        changed.has("at") ||
        changed.has("run") ||
        changed.has("initialW") ||
        changed.has("initialB")
      ) {
        drawLive();
      }
    });
    return {
      figure: () => (scene ? { svg: scene.chart.svg, underlay: scene.canvas, name: "lrlab-scene" } : null),
      destroy: cleanupAll([stopWidth, unsubscribe]),
    };
  },
};

function swatch(kind: "point" | "current" | "ideal"): HTMLElement {
  const mark = document.createElement("span");
  mark.className = `swatch swatch-${kind}`;
  mark.setAttribute("aria-hidden", "true");
  return mark;
}

/** What {@link dataChart} draws besides the data: its size, its description and the least-squares line. */
export interface DataChartOptions {
  readonly width: number;
  readonly height: number;
  readonly ariaLabel: string;
  /** The least-squares line, drawn green and dashed where the frame shows it; null while unknown. */
  readonly ideal: { readonly w: number; readonly b: number } | null;
  /** The green line's mark (default: the figures' `idealLine`; random guessing draws a thinner one). */
  readonly idealMark?: (segment: { x: number; y: number }[]) => Plot.Markish;
  /** The class of the points' SVG dots, if they have one. */
  readonly pointClass?: string;
  /** The x axis's ticks, where only some values mean anything (labels 0 and 1); default: Plot's. */
  readonly xTicks?: readonly number[];
}

/** A chart of the data: its scales and domains, and the canvas under it when the points are on one. */
export interface DataChart {
  readonly chart: Chart;
  readonly xDomain: [number, number];
  readonly yDomain: [number, number];
  readonly canvas: HTMLCanvasElement | null;
}

/**
 * The data on nice domains around all the points, the axes named after the columns, the points as SVG
 * dots when few (else on a canvas under the chart) and the least-squares line: the static layer of the
 * lesson's scene and of random guessing.
 */
export function dataChart(host: HTMLElement, data: DataInfo, options: DataChartOptions): DataChart {
  const { width, height, ariaLabel, ideal, idealMark = idealLine, pointClass, xTicks } = options;
  const xDomain = niceDomain(data.extentX[0], data.extentX[1]);
  const yDomain = niceDomain(data.extentY[0], data.extentY[1], 0.08);
  const few = data.sampleX.length <= MAX_SVG_POINTS;
  const points = few ? Array.from(data.sampleX, (x, i) => ({ x, y: data.sampleY[i] as number })) : [];
  const idealSegment = ideal ? visibleSegment(ideal.w, ideal.b, xDomain, yDomain) : null;
  const chart = plotChart(host, {
    width,
    height,
    marginLeft: 52,
    marginRight: 16,
    marginBottom: 40,
    x: {
      domain: xDomain,
      label: data.xName,
      labelAnchor: "center",
      labelArrow: "none",
      ...(xTicks ? { ticks: [...xTicks] } : {}),
    },
    y: { domain: yDomain, label: data.yName, labelArrow: "none" },
    grid: true,
    ariaLabel,
    marks: [
      few
        ? Plot.dot(points, {
            x: "x",
            y: "y",
            r: points.length > 500 ? 2 : 3,
            fill: THEME.point,
            ...(pointClass ? { className: pointClass } : {}),
          })
        : null,
      idealSegment ? idealMark(idealSegment.map(([x, y]) => ({ x, y }))) : null,
    ],
  });
  const canvas = few ? null : underlayCanvas(host, chart);
  if (canvas) drawPoints(canvas, chart, data);
  return { chart, xDomain, yDomain, canvas };
}

function buildScene(
  host: HTMLElement,
  data: DataInfo,
  ideal: { w: number; b: number } | null,
  width: number,
  store: Store,
): Scene {
  const { chart, xDomain, yDomain, canvas } = dataChart(host, data, {
    width,
    height: Math.round(Math.min(460, Math.max(260, width * 0.6))),
    ariaLabel: `Scatter plot of ${data.yName} against ${data.xName} with the current and the ideal line`,
    ideal,
    pointClass: "point",
  });

  const residuals = svgElement("path", {
    class: "residuals",
    stroke: THEME.residual,
    "stroke-width": 0.8,
    fill: "none",
  });
  const line = svgElement("path", {
    class: "current-line",
    stroke: THEME.current,
    "stroke-width": 2.5,
    fill: "none",
  });
  const hitLine = svgElement("path", {
    class: "line-grip",
    stroke: "transparent",
    "stroke-width": 18,
    fill: "none",
    tabindex: 0,
    role: "slider",
    "aria-orientation": "vertical",
    "aria-label": "Red line: move it up or down",
  });
  const handles = HANDLE_AT.map((_, index) => {
    const handle = svgElement("g", {
      class: "handle",
      tabindex: 0,
      role: "slider",
      "aria-orientation": "vertical",
      "aria-label": `Red line, ${index === 0 ? "left" : "right"} handle: turn the line about the other handle`,
    });
    handle.append(
      svgElement("circle", { r: 18, fill: "transparent", class: "grip" }),
      svgElement("circle", { r: 7, fill: THEME.current, stroke: "#fff", "stroke-width": 2, class: "dot" }),
    );
    return handle;
  });
  const offChart = svgElement("text", { class: "off-chart", "text-anchor": "middle", fill: THEME.current });
  for (const slider of [hitLine, ...handles]) {
    slider.setAttribute("aria-valuemin", String(yDomain[0]));
    slider.setAttribute("aria-valuemax", String(yDomain[1]));
  }
  chart.live.append(residuals, line, hitLine, ...handles, offChart);
  // Not an image: the line and its handles inside are sliders a screen reader must reach.
  chart.svg.setAttribute("role", "group");
  const scene: Scene = { chart, xDomain, yDomain, canvas, residuals, line, hitLine, handles, offChart };
  attachDragging(scene, store);
  return scene;
}

/** Many points as small squares on a canvas under the chart (an SVG dot each would be too slow). */
export function drawPoints(canvas: HTMLCanvasElement, chart: Chart, data: DataInfo): void {
  const context = canvas.getContext("2d");
  if (!context) return;
  const n = data.sampleX.length;
  context.fillStyle = THEME.point;
  context.globalAlpha = n > 10_000 ? 0.3 : 0.6;
  const size = n > 10_000 ? 1.6 : 2.4;
  const [left, right] = chart.frameX;
  const [top, bottom] = chart.frameY;
  for (let i = 0; i < n; i++) {
    const px = chart.x(data.sampleX[i] as number);
    const py = chart.y(data.sampleY[i] as number);
    if (px < left || px > right || py < top || py > bottom) continue;
    context.fillRect(px - size / 2, py - size / 2, size, size);
  }
}

/** Moves the live layer to the line y = w·x + b. */
function drawLine(scene: Scene, data: DataInfo, w: number, b: number): void {
  const { chart, xDomain, yDomain } = scene;
  const finite = Number.isFinite(w) && Number.isFinite(b);
  if (!finite) {
    for (const element of [scene.line, scene.hitLine, scene.residuals]) element.setAttribute("d", "");
    placeOffChart(scene, "the red line has gone off to infinity");
    for (const handle of scene.handles) handle.setAttribute("visibility", "hidden");
    return;
  }
  const [[xa, ya], [xb, yb]] = visibleSegment(w, b, xDomain, yDomain);
  const visible = xa !== xb || ya !== yb;
  const d = visible ? `M${chart.x(xa)},${chart.y(ya)}L${chart.x(xb)},${chart.y(yb)}` : "";
  scene.line.setAttribute("d", d);
  scene.hitLine.setAttribute("d", d);
  scene.hitLine.setAttribute("aria-valuenow", String(b));
  scene.hitLine.setAttribute("aria-valuetext", `intercept ${formatNumber(b)}`);
  const middle = w * ((xDomain[0] + xDomain[1]) / 2) + b;
  placeOffChart(scene, visible ? "" : `the red line is ${middle > yDomain[1] ? "above" : "below"} the chart`);

  const n = data.sampleX.length;
  const stride = Math.max(1, Math.ceil(n / MAX_RESIDUALS));
  let path = "";
  for (let i = 0; i < n; i += stride) {
    const x = data.sampleX[i] as number;
    const y = data.sampleY[i] as number;
    if (x < xDomain[0] || x > xDomain[1] || y < yDomain[0] || y > yDomain[1]) continue;
    const px = chart.x(x).toFixed(1);
    path += `M${px},${chart.y(y).toFixed(1)}V${chart.y(clamp(w * x + b, yDomain)).toFixed(1)}`;
  }
  scene.residuals.setAttribute("d", path);

  scene.handles.forEach((handle, index) => {
    const x = handleX(scene, index);
    const y = clamp(w * x + b, yDomain);
    handle.setAttribute("visibility", "visible");
    handle.setAttribute("transform", `translate(${chart.x(x)},${chart.y(y)})`);
    handle.setAttribute("aria-valuenow", String(y));
    handle.setAttribute("aria-valuetext", `y ${formatNumber(y)} at x ${formatNumber(x)}`);
  });
}

function placeOffChart(scene: Scene, text: string): void {
  const { chart } = scene;
  scene.offChart.textContent = text;
  scene.offChart.setAttribute("x", String((chart.frameX[0] + chart.frameX[1]) / 2));
  scene.offChart.setAttribute("y", String(chart.frameY[0] + 16));
}
