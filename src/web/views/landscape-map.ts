/**
 * The loss landscape as a map, shared by the lesson's landscape, the race and random guessing: contours,
 * the Hessian's sharp and flat directions and the optimum with Plot, the bands between the contours on a
 * canvas under it, and paths through (w, b) for the live layer; and asking the worker for a map once per
 * change of what it shows.
 */
import * as Plot from "@observablehq/plot";
import { contourLevels } from "../../render/figures/landscape.js";
import { CONTOUR_STROKE, contourGrid, MARGIN } from "../../render/figures/landscape-map.js";
import { THEME } from "../../render/theme.js";
import type { LabController } from "../controller.js";
import { type LandscapeResult, runConfigOf } from "../protocol.js";
import type { Store } from "../store.js";
import { arrowD } from "./arrows.js";
import { type Chart, plotChart, svgElement, underlayCanvas } from "./chart.js";
import { type Exit, type FramedPath, framedPath } from "./framed-path.js";
import { oneAtATime, setBusy } from "./panel.js";

/** Grid points along each axis: contours smooth enough, computed in a millisecond (O(1) each for MSE). */
export const LANDSCAPE_GRID = 121;

const LEVELS = 12;
/** Pixels beyond which a far-off point is pulled in, so a diverging path never makes huge coordinates. */
export const FAR = 1e5;

/** Band colours from the bottom of the bowl to the rim, as in the static landscape figure. */
const BAND_BOTTOM = [214, 228, 240] as const;
const BAND_RIM = [250, 251, 252] as const;

/**
 * The static map: contour lines, the eigen-axes and the optimum with Plot, the bands between the contours
 * on a canvas under it. (src/render's `mapPanel` draws the same picture with one Plot mark per band,
 * which costs a few hundred milliseconds: too long for a page that must never freeze.)
 */
export function drawMap(
  host: HTMLElement,
  surface: LandscapeResult,
  width: number,
  ariaLabel = "Contours of the loss over the slope w and the intercept b, with the run's path",
  /** The map's height at most this many times its width. */
  maxAspect = 1.4,
): Chart {
  const { grid, wLow, wHigh, bLow, bHigh } = contourGrid(surface);
  const levels = contourLevels(surface.values, LEVELS);
  const mapWidth = Math.max(120, width - MARGIN.left - MARGIN.right);
  const mapHeight = mapWidth * Math.min(maxAspect, Math.max(0.6, (bHigh - bLow) / (wHigh - wLow)));
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
    ariaLabel,
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

/** Pixels beyond which a point is pulled in: far enough that the direction of a step leaving the frame is kept. */
const PULL = 1e12;

/**
 * A path through (w, b) up to `rows` (inclusive), in pixels, drawn only where it is in the frame: a step
 * leaving it is cut at the edge (an {@link Exit}, for {@link drawExits}), and steps from outside to
 * outside are left out, so a diverging run never paints over the optimum (framed-path.ts).
 */
export function pathThrough(
  chart: Chart,
  w: ArrayLike<number>,
  b: ArrayLike<number>,
  rows: number,
  steps?: ArrayLike<number>,
): FramedPath {
  const pull = (value: number) => Math.max(-PULL, Math.min(PULL, value));
  const points: [number, number][] = [];
  for (let k = 0; k <= rows && k < w.length; k++) {
    const wk = w[k] as number;
    const bk = b[k] as number;
    if (!Number.isFinite(wk) || !Number.isFinite(bk)) break;
    points.push([pull(chart.x(wk)), pull(chart.y(bk))]);
  }
  const box = [chart.frameX[0], chart.frameY[0], chart.frameX[1], chart.frameY[1]] as const;
  return framedPath(points, box, steps);
}

/**
 * An arrowhead at the edge where the path leaves the frame, pointing out, for each exit; with `label`,
 * the first exit also says at which step ("step 7"), inside the frame beside the arrow.
 */
export function drawExits(
  group: SVGGElement,
  chart: Chart,
  exits: readonly Exit[],
  color: string,
  label: boolean,
): void {
  const box = [chart.frameX[0] - 1, chart.frameY[0] - 1, chart.frameX[1] + 1, chart.frameY[1] + 1] as const;
  const marks: SVGElement[] = exits.map((exit) => {
    const [x, y] = exit.at;
    const [dx, dy] = exit.direction;
    return svgElement("path", {
      class: "exit-arrow",
      d: arrowD([x - 14 * dx, y - 14 * dy], [x, y], box),
      stroke: color,
      "stroke-width": 2.2,
      fill: "none",
      "stroke-linecap": "round",
    });
  });
  const first = exits[0];
  if (label && first) {
    const [x, y] = first.at;
    const [left, right] = chart.frameX;
    const [top, bottom] = chart.frameY;
    // Inside the frame, away from the edge it left by.
    const nearRight = x > right - 60;
    const text = svgElement("text", {
      class: "exit-label",
      x: Math.min(right - 4, Math.max(left + 4, x + (nearRight ? -6 : 6))),
      y: Math.min(bottom - 6, Math.max(top + 14, y + (y < top + 20 ? 14 : -8))),
      "text-anchor": nearRight ? "end" : "start",
      fill: color,
      stroke: THEME.background,
      "stroke-width": 3,
      "paint-order": "stroke",
      "font-size": 12,
      "font-weight": 600,
    });
    text.textContent = `out at step ${first.step}`;
    marks.push(text);
  }
  group.replaceChildren(...marks);
}

/** Whether a pixel lies in the chart's frame. */
export function insideFrame(chart: Chart, [px, py]: readonly [number, number]): boolean {
  return px >= chart.frameX[0] && px <= chart.frameX[1] && py >= chart.frameY[0] && py <= chart.frameY[1];
}

/** The map a panel wants: a key that changes whenever the map would, and points it must hold. */
export interface WantedMap {
  readonly key: string;
  readonly include?: { readonly w: readonly number[]; readonly b: readonly number[] };
}

/** How a panel asks for its map ({@link mapRequests}) and shows it. */
export interface MapRequest {
  /** The map wanted now, or null for none (e.g. while the panel's tab is hidden). */
  readonly wanted: () => WantedMap | null;
  /** Where the map is drawn, emptied when there is none; and the note that then says why. */
  readonly host: HTMLElement;
  readonly note: HTMLElement;
  /** Draws the map just answered (the `surface` of the {@link MapSource}). */
  readonly onMap: () => void;
  /** Forgets what was drawn on the map, now that there is none. */
  readonly onFailure: () => void;
}

/** A panel's map from the worker. */
export interface MapSource {
  /** Asks for the map wanted now, unless it is the one last asked for. */
  readonly request: () => void;
  /** The last map answered; null before one comes and after a failure. */
  readonly surface: LandscapeResult | null;
}

/**
 * Asks the worker for the landscape of the lesson's settings once per key of the map wanted, at most one
 * request in flight, the latest settings winning. A failure is not asked again until the key changes.
 */
export function mapRequests(store: Store, lab: LabController, options: MapRequest): MapSource {
  let surface: LandscapeResult | null = null;
  let askedFor = "";
  const request = oneAtATime(async () => {
    const wanted = options.wanted();
    if (!wanted || wanted.key === askedFor) return;
    setBusy(options.host, "map", true);
    try {
      const { result } = await lab.client.request({
        type: "landscape",
        config: runConfigOf(store.state),
        grid: LANDSCAPE_GRID,
        ...(wanted.include ? { include: wanted.include } : {}),
      });
      surface = result;
      askedFor = wanted.key;
      options.onMap();
    } catch (error) {
      surface = null;
      askedFor = wanted.key;
      options.onFailure();
      options.host.replaceChildren();
      options.note.textContent = `No landscape: ${(error as Error).message}.`;
    } finally {
      setBusy(options.host, "map", false);
    }
  });
  return {
    request,
    get surface() {
      return surface;
    },
  };
}
