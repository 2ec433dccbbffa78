/**
 * The a–b plane of a classifier on two inputs (logistic regression, or an mlp under BCE): the points
 * coloured by label, p shaded lightly (blue towards 0, orange towards 1), and the p = 0.5 boundary in the
 * lesson's current-run colour: logistic regression's exact line, or the contour traced on the grid of p for
 * an mlp. The legend sits in a band above the plot area, never over a point or the boundary.
 */
import * as Plot from "@observablehq/plot";
import type { Box, PlanePoint } from "../../core/models/decision-boundary.js";
import { textWidth } from "../text.js";
import { OKABE_ITO, THEME } from "../theme.js";
import { PANEL_STYLE, textColor } from "./annotations.js";
import { fitAxisName, formatTick } from "./shared.js";

export interface BoundaryView {
  kind: "boundary";
  /** The data points in raw units, each with its label 0 or 1. */
  points: readonly { a: number; b: number; label: number }[];
  aName: string;
  bName: string;
  box: Box;
  /**
   * p at the centres of a size×size grid over `grid.box`, `values[j * size + i]`, j from the low b. The
   * grid reaches past `box` so the contours' closing edges along it fall outside the frame and are cut.
   */
  grid: { size: number; values: Float64Array; box: Box };
  /** Logistic regression's exact boundary (clipped to the box), or null: then the grid's contour is drawn. */
  line: readonly [PlanePoint, PlanePoint] | null;
  /** Whether the boundary is a straight line known exactly (logistic regression), not traced on the grid. */
  exact: boolean;
}

/**
 * Where p = 0.5 is on the plane: drawn across it, nowhere because p is below (or above) 0.5 all over it,
 * or nowhere because p is not a number there (a diverged run's weights).
 */
export type BoundaryPresence = "crosses" | "below" | "above" | "undefined";

/** Where the view's p = 0.5 boundary is (see {@link BoundaryPresence}). */
export function boundaryPresence(view: BoundaryView): BoundaryPresence {
  if (view.line) return "crosses";
  let low = Infinity;
  let high = -Infinity;
  for (const p of view.grid.values) {
    if (!Number.isFinite(p)) continue;
    low = Math.min(low, p);
    high = Math.max(high, p);
  }
  if (low > high) return "undefined";
  if (view.exact) {
    // The exact line misses the box (else it is drawn). The grid reaches a cell past the box, where p may
    // just cross 0.5: the side is the one at the grid's middle.
    const middle = Math.floor(view.grid.size / 2);
    const p = view.grid.values[middle * view.grid.size + middle] ?? Number.NaN;
    return p < 0.5 ? "below" : "above";
  }
  return high < 0.5 ? "below" : low > 0.5 ? "above" : "crosses";
}

/** What the legend and captions say when no boundary is drawn; null when one is. */
export function noBoundaryWords(presence: BoundaryPresence): string | null {
  switch (presence) {
    case "below":
      return "p < 0.5 everywhere on this plane: no boundary";
    case "above":
      return "p > 0.5 everywhere on this plane: no boundary";
    case "undefined":
      return "p is not a number on this plane (the run diverged): no boundary";
    default:
      return null;
  }
}

/** Bands of p, 0.1 wide: enough to show the slope of p, few enough to keep the SVG small. */
const SHADING_THRESHOLDS = [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9];
const LABEL_COLORS = [OKABE_ITO.blue, OKABE_ITO.orange] as const;

/** The room at the top of the panel for the y axis's name, above the legend. */
const AXIS_NAME_TOP = 24;
/** Height of one row of the legend band. */
const LEGEND_ROW = 16;
/** Space between two legend entries on a row. */
const LEGEND_GAP = 14;

/** One legend entry: its words (the mark drawn as a glyph first) and the colour of what it names. */
export interface LegendEntry {
  readonly text: string;
  readonly color: string;
}

/**
 * The legend's entries, the boundary named by what it is (a colour word would have to match the drawn
 * colour exactly, and says nothing to a reader who cannot tell the colours apart): a label only when some
 * point has it, and the boundary only when it is drawn (else the words why it is not, without a glyph).
 */
export function boundaryLegend(view: BoundaryView): LegendEntry[] {
  const entries: LegendEntry[] = [];
  for (const label of [0, 1] as const) {
    if (view.points.some((point) => point.label === label)) {
      entries.push({ text: `● label ${label}`, color: LABEL_COLORS[label] });
    }
  }
  const missing = noBoundaryWords(boundaryPresence(view));
  entries.push(
    missing === null
      ? {
          text: view.exact ? "— the p = 0.5 boundary" : "— the p = 0.5 boundary (traced on a grid)",
          color: THEME.current,
        }
      : // The first words only (the caption says the rest): a phone's legend row has room for no more.
        { text: `${missing.split(" on this plane")[0]}: no boundary`, color: THEME.ink },
  );
  return entries;
}

/**
 * Where each entry goes: left to right from 0, onto the next row when it would pass `room` pixels (a
 * lone entry wider than `room` keeps its own row). Widths are Inter's, estimated generously (text.ts).
 */
export function legendLayout(
  texts: readonly string[],
  room: number,
  fontSize: number = THEME.fontSize,
): { x: number; row: number }[] {
  const placed: { x: number; row: number }[] = [];
  let x = 0;
  let row = 0;
  for (const text of texts) {
    const width = textWidth(text, fontSize);
    if (x > 0 && x + width > room) {
      row += 1;
      x = 0;
    }
    placed.push({ x, row });
    x += width + LEGEND_GAP;
  }
  return placed;
}

/** The panel: shading, points, boundary, and the legend in a band above them. */
export function boundaryPanel(
  document: Document,
  view: BoundaryView,
  width: number,
  height: number,
): SVGElement {
  const { box, grid } = view;
  const gridBox = grid.box;
  const place = {
    // One value per cell already: bin them as they are (Plot's default triangulates them all).
    interpolate: "none" as const,
    width: grid.size,
    height: grid.size,
    x1: gridBox.a[0],
    x2: gridBox.a[1],
    y1: gridBox.b[0],
    y2: gridBox.b[1],
    clip: true,
    // Named, or Plot would take a fill function for the value to contour.
    value: (p: number) => p,
  };
  const finite = grid.values;
  // The legend's band above the plot area, under the y axis's name (which Plot sets at the very top), as
  // many rows as the width needs.
  const marginLeft = 52;
  const marginRight = 20;
  const entries = boundaryLegend(view);
  const places = legendLayout(
    entries.map((entry) => entry.text),
    width - marginLeft - marginRight,
  );
  const rows = 1 + Math.max(...places.map((place) => place.row));
  const marginTop = AXIS_NAME_TOP + rows * LEGEND_ROW + 6;
  const legend = entries.map((entry, k) => {
    const at = places[k] as { x: number; row: number };
    return Plot.text([entry.text], {
      text: (d) => d,
      frameAnchor: "top-left",
      dx: at.x,
      dy: AXIS_NAME_TOP + LEGEND_ROW / 2 - 2 + at.row * LEGEND_ROW - marginTop,
      textAnchor: "start",
      fill: textColor(entry.color),
      className: "boundary-legend",
    });
  });
  const boundary = view.line
    ? Plot.line(
        view.line.map((p) => ({ x: p.a, y: p.b })),
        { x: "x", y: "y", stroke: THEME.current, strokeWidth: 2.5, className: "decision-boundary" },
      )
    : boundaryPresence(view) !== "crosses"
      ? null
      : Plot.contour(finite, {
          ...place,
          thresholds: [0.5],
          fill: "none",
          stroke: THEME.current,
          strokeWidth: 2.5,
          className: "decision-boundary",
        });
  return Plot.plot({
    document,
    width,
    height,
    marginLeft,
    marginRight,
    marginTop,
    marginBottom: 44,
    style: PANEL_STYLE,
    x: { label: fitAxisName(view.aName, width - 8), domain: [...box.a], tickFormat: formatTick },
    y: { label: fitAxisName(view.bName, height - 8), domain: [...box.b], tickFormat: formatTick },
    // Every fill is a colour already.
    color: { type: "identity" },
    grid: true,
    marks: [
      // Filled contour bands, not a raster: a raster needs a canvas, which SVG in Node has not.
      Plot.contour(finite, {
        ...place,
        thresholds: SHADING_THRESHOLDS,
        fill: (band: { value: number }) => shade(band.value + 0.05),
        stroke: "none",
        className: "probability-shading",
      }),
      boundary,
      Plot.dot(view.points, {
        x: "a",
        y: "b",
        r: view.points.length > 500 ? 1.5 : 3.5,
        fill: (p: { label: number }) => LABEL_COLORS[p.label === 1 ? 1 : 0],
        stroke: THEME.background,
        strokeWidth: 0.6,
        className: "point",
      }),
      ...legend,
    ],
  }) as unknown as SVGElement;
}

/**
 * The colour at p: light, since the points and the boundary carry the lesson and the shading only says
 * which side is which. White at 0.5, towards the label colours' pale tints at 0 and 1.
 */
function shade(p: number): string {
  const [to, weight] = p < 0.5 ? [[217, 235, 247], (0.5 - p) / 0.5] : [[251, 230, 196], (p - 0.5) / 0.5];
  return `rgb(${to.map((channel) => Math.round(255 + (channel - 255) * weight)).join(",")})`;
}
