/**
 * One map of the landscape figure: faint bands and contour lines of the loss over (w, b), the eigen-axes
 * through the optimum, the paths (each up to the step that leaves the map), the start and the optimum.
 */
import * as Plot from "@observablehq/plot";
import type { Landscape } from "../../core/landscape/landscape.js";
import { THEME } from "../theme.js";
import { PANEL_STYLE } from "./annotations.js";
import { eigenAxisMarks, type LandscapeDirections, pathObstacles } from "./landscape-axes.js";
import { formatTick, panelLabel } from "./shared.js";
import { compactPath } from "./svg-paths.js";

/** One path through (w, b), step 0 first. */
export interface LandscapeSeries {
  label: string;
  color?: string | undefined;
  w: ArrayLike<number>;
  b: ArrayLike<number>;
}

export type { LandscapeDirections } from "./landscape-axes.js";

export const MARGIN = { left: 56, right: 18, top: 18, bottom: 40 };
/** Band colours from the bottom of the bowl (strongest) to the rim (palest). */
const BAND_BOTTOM = [214, 228, 240];
const BAND_RIM = [250, 251, 252];
export const CONTOUR_STROKE = "#7d8fa3";

export interface MapInput {
  surface: Landscape;
  levels: readonly number[];
  centre: { w: number; b: number };
  directions: LandscapeDirections | null;
  paths: readonly (LandscapeSeries & { color: string })[];
  mapWidth: number;
  label?: string | undefined;
  /** The axes' names (default: the line's w (slope) and b (intercept)). */
  axisLabels?: { x: string; y: string } | undefined;
}

/** One map: the bands and contours, the eigen-axes, the paths, the start and the optimum. */
export function mapPanel(document: Document, input: MapInput): SVGElement {
  const { surface, levels, centre, directions, paths, mapWidth, label } = input;
  const axisLabels = input.axisLabels ?? { x: "w (slope)", y: "b (intercept)" };
  const { grid, wLow, wHigh, bLow, bHigh } = contourGrid(surface);
  // Equal units on both axes when the ranges allow it (the rings and the eigen-axes keep their true
  // shapes and right angles); otherwise the height is held between 0.6 and 1.4 of the width.
  // Not rounded: a fraction of a pixel kept keeps the units equal.
  const mapHeight = mapWidth * clamp((bHigh - bLow) / (wHigh - wLow), 0.6, 1.4);
  const marginTop = label ? 26 : MARGIN.top;
  const small = mapWidth < 400;

  const marks: Plot.Markish[] = [
    Plot.frame({ fill: rgb(BAND_BOTTOM), stroke: null, className: "landscape-floor" }),
    // One mark for all the bands (each level's region above it, filled, the higher ones over the lower):
    // each contour mark bins the whole grid again, so one mark rather than one per level.
    Plot.contour(surface.values, {
      ...grid,
      thresholds: [...levels],
      // Named, or Plot would take the fill function for the value to contour.
      value: (height: number) => height,
      fill: (contour: { value: number }) => bandColor((levels.indexOf(contour.value) + 1) / levels.length),
      stroke: "none",
      // The grid reaches half a cell past the axes, where d3-contour closes each region along the grid's
      // edge with cut corners: clipped to the plot, the bands and lines end square on the frame.
      clip: true,
      className: "landscape-band",
    }),
    Plot.contour(surface.values, {
      ...grid,
      thresholds: [...levels],
      stroke: CONTOUR_STROKE,
      strokeWidth: 0.8,
      fill: "none",
      clip: true,
      className: "landscape-contour",
    }),
    // A clean edge over the clipped bands (their outlines used to draw a notched one).
    Plot.frame({ stroke: CONTOUR_STROKE, strokeWidth: 0.8, fill: "none", className: "landscape-frame" }),
  ];

  // Paths in pixels, for keeping the axes' labels off them and for drawing order.
  const geometry = {
    wDomain: [wLow, wHigh],
    bDomain: [bLow, bHigh],
    left: MARGIN.left,
    top: marginTop,
    width: mapWidth,
    height: mapHeight,
  } as const;
  const pixel = (point: { w: number; b: number }) => ({
    x: MARGIN.left + ((point.w - wLow) / (wHigh - wLow)) * mapWidth,
    y: marginTop + ((bHigh - point.b) / (bHigh - bLow)) * mapHeight,
  });
  const drawnPaths = paths.map((path) => {
    const inside = pathInside(path, [wLow, wHigh], [bLow, bHigh]);
    const kept = drawnSteps(inside.map(pixel), DRAWN_STEPS);
    const points = kept.map((k) => inside[k] as { w: number; b: number });
    const inPixels = points.map(pixel);
    const length = inPixels.reduce((sum, p, k) => {
      const previous = inPixels[k - 1];
      return previous ? sum + Math.hypot(p.x - previous.x, p.y - previous.y) : sum;
    }, 0);
    return { path, points, inPixels, length };
  });
  if (directions) {
    const avoid = [
      ...drawnPaths.flatMap((drawn) => pathObstacles(drawn.inPixels)),
      ...[centre, ...paths.map((path) => ({ w: path.w[0] as number, b: path.b[0] as number }))].map(
        (point) => {
          const { x, y } = pixel(point);
          return { x0: x - 8, x1: x + 8, y0: y - 8, y1: y + 8 };
        },
      ),
    ];
    marks.push(...eigenAxisMarks(directions, centre, geometry, { avoid, small }));
  }

  // The longest path on the screen first and the shortest last, each on a white casing: a short path
  // (plain gradient descent, say) is never hidden under a long one that loops over it (momentum's).
  for (const { path, points } of [...drawnPaths].sort((a, b) => b.length - a.length)) {
    marks.push(
      Plot.line(points, {
        x: "w",
        y: "b",
        stroke: THEME.background,
        strokeWidth: 4,
        clip: true,
        className: "trajectory-casing",
      }),
      Plot.line(points, {
        x: "w",
        y: "b",
        stroke: path.color,
        strokeWidth: 1.6,
        clip: true,
        className: "trajectory",
      }),
      Plot.dot(points, {
        x: "w",
        y: "b",
        r: 2.2,
        fill: path.color,
        clip: true,
        className: "trajectory-point",
      }),
    );
  }

  const starts = paths
    .map((path) => ({ w: path.w[0] as number, b: path.b[0] as number }))
    .filter(
      (start, k, all) =>
        Number.isFinite(start.w) &&
        Number.isFinite(start.b) &&
        all.findIndex((other) => other.w === start.w && other.b === start.b) === k,
    );
  marks.push(
    Plot.dot(starts, {
      x: "w",
      y: "b",
      r: 6,
      fill: THEME.background,
      stroke: THEME.ink,
      strokeWidth: 2,
      className: "start",
    }),
    Plot.dot([centre], {
      x: "w",
      y: "b",
      symbol: "star",
      r: 8,
      fill: THEME.ideal,
      stroke: THEME.background,
      strokeWidth: 1,
      className: "optimum",
    }),
    ...(label ? [panelLabel(label)] : []),
  );

  const map = Plot.plot({
    document,
    width: mapWidth + MARGIN.left + MARGIN.right,
    height: mapHeight + marginTop + MARGIN.bottom,
    marginLeft: MARGIN.left,
    marginRight: MARGIN.right,
    marginTop,
    marginBottom: MARGIN.bottom,
    style: PANEL_STYLE,
    x: { label: axisLabels.x, domain: [wLow, wHigh], tickFormat: formatTick, ticks: small ? 5 : 8 },
    y: {
      label: axisLabels.y,
      labelAnchor: "center",
      labelArrow: "none",
      domain: [bLow, bHigh],
      tickFormat: formatTick,
      ticks: small ? 5 : 8,
    },
    // The bands' fills are colours already.
    color: { type: "identity" },
    marks,
  }) as unknown as SVGElement;
  for (const path of map.querySelectorAll("g.landscape-band path, g.landscape-contour path")) {
    path.setAttribute("d", compactPath(path.getAttribute("d") ?? ""));
  }
  return map;
}

/** Steps a path is drawn with at most (about): a report's run of 100,000 steps wrote 9.7 MB of dots. */
const DRAWN_STEPS = 3000;

/**
 * The steps of a long path worth drawing, by index: a step within a pixel of the last one kept adds
 * nothing to the picture and is left out (the first and last steps always stay). If more than `limit`
 * remain (a run that keeps jumping across a valley for 100,000 steps), the first `limit / 2` are kept and
 * then every k-th of the rest, k odd so that the kept steps still alternate across the valley as the
 * run does: the band the jumps fill is drawn, not one side of it.
 */
export function drawnSteps(pixels: readonly { x: number; y: number }[], limit: number): number[] {
  if (pixels.length <= limit) return pixels.map((_, k) => k);
  const apart: number[] = [0];
  for (let k = 1; k < pixels.length - 1; k++) {
    const last = pixels[apart.at(-1) as number] as { x: number; y: number };
    const here = pixels[k] as { x: number; y: number };
    if (Math.hypot(here.x - last.x, here.y - last.y) >= 1) apart.push(k);
  }
  apart.push(pixels.length - 1);
  if (apart.length <= limit) return apart;
  const head = Math.floor(limit / 2);
  let stride = Math.ceil((apart.length - head) / (limit - head));
  if (stride % 2 === 0) stride++;
  const kept = apart.slice(0, head);
  for (let i = head; i < apart.length - 1; i += stride) kept.push(apart[i] as number);
  kept.push(apart.at(-1) as number);
  return kept;
}

/** The path up to (and including) its first point outside the map; far-off points are left out. */
function pathInside(
  path: LandscapeSeries,
  [wLow, wHigh]: readonly [number, number],
  [bLow, bHigh]: readonly [number, number],
): { w: number; b: number }[] {
  const points: { w: number; b: number }[] = [];
  const count = Math.min(path.w.length, path.b.length);
  for (let k = 0; k < count; k++) {
    const w = path.w[k] as number;
    const b = path.b[k] as number;
    if (!Number.isFinite(w) || !Number.isFinite(b)) break;
    points.push({ w, b });
    if (w < wLow || w > wHigh || b < bLow || b > bHigh) break;
  }
  return points;
}

function bandColor(fraction: number): string {
  return rgb(BAND_BOTTOM.map((from, k) => from + ((BAND_RIM[k] as number) - from) * fraction));
}

function rgb(channels: readonly number[]): string {
  return `rgb(${channels.map((channel) => Math.round(channel)).join(",")})`;
}

function clamp(value: number, low: number, high: number): number {
  return Number.isFinite(value) ? Math.min(high, Math.max(low, value)) : low;
}

/**
 * A landscape grid as Plot's contour mark reads it, and its (w, b) extent. The values sit at cell centres
 * (as in a raster), so the bounds reach half a cell beyond the first and last grid lines.
 */
export function contourGrid(surface: { readonly w: ArrayLike<number>; readonly b: ArrayLike<number> }) {
  const nw = surface.w.length;
  const nb = surface.b.length;
  const [wLow, wHigh] = [surface.w[0] as number, surface.w[nw - 1] as number];
  const [bLow, bHigh] = [surface.b[0] as number, surface.b[nb - 1] as number];
  const halfW = (wHigh - wLow) / (nw - 1) / 2;
  const halfB = (bHigh - bLow) / (nb - 1) / 2;
  const grid = {
    // The values are already a dense grid, one per cell: bin them as they are. (Plot's default for data,
    // "nearest", triangulates all of them, every time a contour is drawn: most of a landscape's time.)
    interpolate: "none" as const,
    width: nw,
    height: nb,
    x1: wLow - halfW,
    x2: wHigh + halfW,
    y1: bLow - halfB,
    y2: bHigh + halfB,
  };
  return { grid, wLow, wHigh, bLow, bHigh };
}
