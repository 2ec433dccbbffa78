/**
 * The loss figure's marks for runs that diverged: a ✕ where each blew up, and what it was ("rate 0.4:
 * blew up at step 15"), either beside the ✕ when every such label finds a clear place inside its panel's
 * frame, or, when they would pile up (a dozen rates, most of them diverging), all together in a list
 * under the chart, each in its run's colour.
 */
import * as Plot from "@observablehq/plot";
import { THEME } from "../theme.js";
import { type Box, type LegendEntry, lineObstacles, overlaps, textColor, textWidth } from "./annotations.js";

export type PanelName = "main" | "band";

/** A panel's log y: its loss domain and pixel range (bottom, top), and its height. */
export interface PanelY {
  domain: [number, number];
  range: [number, number];
  height: number;
}

/** A point of a line; `y` NaN breaks the line. */
interface LinePoint {
  x: number;
  y: number;
}

export interface Marker {
  panel: PanelName;
  x: number;
  y: number;
  color: string;
  dashed: boolean;
  text: string;
  /** Where its label goes (pixels from the ✕), or null when the labels are listed under the chart. */
  dx: number | null;
  dy: number;
}

export interface DivergedRun {
  text: string;
  color: string;
  /** Whether its line is dashed. */
  dashed: boolean;
  step: number;
  /** The run's recorded points (step, loss) that a log axis can show. */
  points: readonly LinePoint[];
}

export interface MarkerLayout {
  panelsY: Record<PanelName, PanelY | null>;
  xPixel: (step: number) => number;
  /** The frame's left and right edges in pixels: labels stay between them, clear of the y axis. */
  left: number;
  right: number;
  /** Every line of each panel as drawn (cut to it), for keeping labels off them. */
  lines: Record<PanelName, readonly (readonly LinePoint[])[]>;
}

/**
 * A ✕ at each diverged run's blow-up step, at the loss recorded there (at the top when it was not
 * finite). Each label takes the first place near its ✕ that lies inside its panel's frame and clears the
 * lines, the ✕s and the labels placed before it; if one has no such place, none is drawn beside its ✕
 * (`dx` null) and the caller lists them all.
 */
export function divergenceMarkers(runs: readonly DivergedRun[], layout: MarkerLayout): Marker[] {
  const { panelsY, xPixel } = layout;
  const main = panelsY.main as PanelY;
  const highest = (panelsY.band ?? main).domain[1];
  const taken: Record<PanelName, Box[]> = { main: [], band: [] };
  const yPixels: Partial<Record<PanelName, (loss: number) => number>> = {};
  for (const name of ["main", "band"] as const) {
    const panel = panelsY[name];
    if (!panel) continue;
    const scale = Plot.scale({ y: { type: "log", domain: panel.domain, range: panel.range } });
    const yPixel = (loss: number) => scale.apply(loss) as number;
    yPixels[name] = yPixel;
    for (const line of layout.lines[name]) {
      taken[name].push(...lineObstacles(line.map((p) => ({ x: xPixel(p.x), y: yPixel(p.y) }))));
    }
  }
  const placed = runs.map((run) => {
    const last = run.points.at(-1);
    const loss = Math.min(last && last.x === run.step ? last.y : Number.POSITIVE_INFINITY, highest);
    const panel: PanelName = panelsY.band && loss > main.domain[1] ? "band" : "main";
    const px = xPixel(run.step);
    const py = (yPixels[panel] as (loss: number) => number)(loss);
    taken[panel].push({ x0: px - 7, x1: px + 7, y0: py - 7, y1: py + 7 });
    return { run, panel, loss, px, py };
  });
  const labels = placed.map(({ run, panel, px, py }) => {
    const w = textWidth(run.text, THEME.fontSize, true);
    const { range } = panelsY[panel] as PanelY;
    for (const dy of [0, 16, -16, 32, -32, 48, -48, 64, -64, 80, -80]) {
      for (const side of [1, -1]) {
        const x0 = side > 0 ? px + 10 : px - 10 - w;
        const box = { x0, x1: x0 + w, y0: py + dy - 7, y1: py + dy + 7 };
        const inside =
          box.x0 >= layout.left + 2 && box.x1 <= layout.right && box.y0 >= range[1] && box.y1 <= range[0];
        if (inside && taken[panel].every((other) => !overlaps(box, other))) {
          taken[panel].push(box);
          return { dx: side * 10, dy };
        }
      }
    }
    return null;
  });
  const listed = labels.some((label) => label === null);
  return placed.map(({ run, panel, loss }, k) => ({
    panel,
    x: run.step,
    y: loss,
    color: run.color,
    dashed: run.dashed,
    text: run.text,
    dx: listed ? null : (labels[k]?.dx ?? null),
    dy: listed ? 0 : (labels[k]?.dy ?? 0),
  }));
}

/** The ✕s, and the labels of those placed beside them. */
export function markerMarks(markers: readonly Marker[]) {
  return [
    Plot.dot(markers, {
      x: "x",
      y: "y",
      symbol: "times",
      r: 6,
      stroke: (d) => d.color,
      strokeWidth: 2.5,
      className: "diverged-marker",
    }),
    ...markers.flatMap((marker) =>
      marker.dx === null
        ? []
        : [
            Plot.text([marker], {
              x: "x",
              y: "y",
              text: (d) => d.text,
              dx: marker.dx,
              dy: marker.dy,
              textAnchor: marker.dx > 0 ? "start" : "end",
              fill: textColor(marker.color),
              fontWeight: 600,
              stroke: THEME.background,
              strokeWidth: 3,
              paintOrder: "stroke",
              className: "diverged-label",
            }),
          ],
    ),
  ];
}

/**
 * The list of the runs that blew up, for under the chart, when their labels did not fit beside their ✕s:
 * each with its line's look (colour and dash), which tells apart runs that share a colour.
 */
export function divergedList(markers: readonly Marker[]): LegendEntry[] {
  return markers
    .filter((marker) => marker.dx === null)
    .map((marker) => ({
      label: marker.text,
      color: marker.color,
      symbol: marker.dashed ? "dashed" : "line",
    }));
}
