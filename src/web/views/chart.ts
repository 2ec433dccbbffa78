/**
 * A chart in three layers, as in Distill's "Why Momentum Really Works": a canvas under the SVG for many
 * points, the Observable Plot SVG for axes and everything static (drawn again only when the data, the run
 * or the width change), and a `live` group on top for the few moving parts, which views redraw each frame
 * through the Plot scales (`plot.scale("x").apply`), never through Plot.
 */
import * as Plot from "@observablehq/plot";
import { THEME } from "../../render/theme.js";

export interface Chart {
  readonly svg: SVGSVGElement;
  readonly width: number;
  readonly height: number;
  /** Data → pixels, and back. */
  readonly x: (value: number) => number;
  readonly y: (value: number) => number;
  readonly invertX: (pixel: number) => number;
  readonly invertY: (pixel: number) => number;
  /** The frame in pixels: [left, right] and [top, bottom]. */
  readonly frameX: readonly [number, number];
  readonly frameY: readonly [number, number];
  /** Where views draw what moves. */
  readonly live: SVGGElement;
}

export const SVG_NS = "http://www.w3.org/2000/svg";

/** Plot's style for every chart of the lab: the figures' font and colours on a transparent background. */
export const CHART_STYLE = {
  fontFamily: THEME.fontFamily,
  fontSize: `${THEME.fontSize}px`,
  color: THEME.ink,
  background: "transparent",
  overflow: "visible",
};

/** Renders `options` with Plot into `host` (replacing what was there) and returns the chart's scales. */
export function plotChart(host: HTMLElement, options: Plot.PlotOptions): Chart {
  return chartFrom(host, Plot.plot({ document, style: CHART_STYLE, ...options }));
}

/**
 * Puts a Plot chart built elsewhere (e.g. by one of src/render's figures) into `host`, with a live layer
 * on top, and returns its scales. The chart needs invertible x and y scales.
 */
export function chartFrom(host: HTMLElement, plot: (SVGSVGElement | HTMLElement) & Plot.Plot): Chart {
  const svg = (plot instanceof SVGSVGElement ? plot : plot.querySelector("svg")) as SVGSVGElement;
  const xScale = plot.scale("x");
  const yScale = plot.scale("y");
  if (!xScale?.invert || !yScale?.invert) throw new Error("internal: a lab chart needs invertible x and y");
  // A picture with a name (Plot's aria-label): without the role, assistive technology reads its parts.
  svg.setAttribute("role", "img");
  const live = document.createElementNS(SVG_NS, "g");
  live.setAttribute("class", "live");
  svg.append(live);
  host.replaceChildren(plot);
  const [left, right] = xScale.range as [number, number];
  const [bottom, top] = yScale.range as [number, number];
  const invertX = xScale.invert.bind(xScale);
  const invertY = yScale.invert.bind(yScale);
  return {
    svg,
    width: Number(svg.getAttribute("width")),
    height: Number(svg.getAttribute("height")),
    x: (value) => xScale.apply(value) as number,
    y: (value) => yScale.apply(value) as number,
    invertX: (pixel) => invertX(pixel) as number,
    invertY: (pixel) => invertY(pixel) as number,
    frameX: [Math.min(left, right), Math.max(left, right)],
    frameY: [Math.min(top, bottom), Math.max(top, bottom)],
    live,
  };
}

/** The pointer's position in a chart's pixels (the SVG may be drawn smaller than its size). */
export function pointerIn(chart: Chart, event: { clientX: number; clientY: number }): [number, number] {
  const rect = chart.svg.getBoundingClientRect();
  const scaleX = rect.width > 0 ? chart.width / rect.width : 1;
  const scaleY = rect.height > 0 ? chart.height / rect.height : 1;
  return [(event.clientX - rect.left) * scaleX, (event.clientY - rect.top) * scaleY];
}

/** A clip path the size of the chart's frame, for live marks that may leave it; returns its url(). */
export function frameClip(chart: Chart, id: string): string {
  const clip = svgElement("clipPath", { id });
  clip.append(
    svgElement("rect", {
      x: chart.frameX[0],
      y: chart.frameY[0],
      width: chart.frameX[1] - chart.frameX[0],
      height: chart.frameY[1] - chart.frameY[0],
    }),
  );
  chart.live.append(clip);
  return `url(#${id})`;
}

/** An SVG element with attributes, for the live layer. */
export function svgElement<K extends keyof SVGElementTagNameMap>(
  name: K,
  attributes: Readonly<Record<string, string | number>> = {},
): SVGElementTagNameMap[K] {
  const element = document.createElementNS(SVG_NS, name);
  for (const [key, value] of Object.entries(attributes)) element.setAttribute(key, String(value));
  return element;
}

/** Nice, round bounds around [low, high] (Plot's own `nice`), never empty. */
export function niceDomain(low: number, high: number, pad = 0): [number, number] {
  let lo = low;
  let hi = high;
  if (!(hi > lo)) {
    lo -= 1;
    hi += 1;
  }
  const margin = pad * (hi - lo);
  const scale = Plot.scale({ x: { domain: [lo - margin, hi + margin], nice: true } });
  return scale.domain as [number, number];
}

/** Calls `onWidth` with the element's width now and whenever it changes by a whole pixel. */
export function observeWidth(element: HTMLElement, onWidth: (width: number) => void): () => void {
  let last = -1;
  const check = () => {
    const width = Math.floor(element.clientWidth);
    if (width > 0 && width !== last) {
      last = width;
      onWidth(width);
    }
  };
  const observer = new ResizeObserver(check);
  observer.observe(element);
  check();
  return () => observer.disconnect();
}

/** A canvas the size of a chart, sharp on high-density screens, placed under its SVG. */
export function underlayCanvas(host: HTMLElement, chart: Chart): HTMLCanvasElement {
  const canvas = document.createElement("canvas");
  const ratio = window.devicePixelRatio || 1;
  canvas.width = Math.round(chart.width * ratio);
  canvas.height = Math.round(chart.height * ratio);
  canvas.style.width = `${chart.width}px`;
  canvas.style.height = `${chart.height}px`;
  canvas.className = "underlay";
  canvas.setAttribute("aria-hidden", "true");
  host.prepend(canvas);
  const context = canvas.getContext("2d");
  context?.scale(ratio, ratio);
  return canvas;
}
