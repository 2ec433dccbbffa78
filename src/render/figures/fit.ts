/**
 * The lesson's first picture: the data points, the current line in red, the ideal (least-squares) line in
 * green, and each point's residual to the current line. Given several snapshots of the line (`--at
 * 0,5,20,100`), it draws small multiples with shared axes, so the red line can be watched moving onto the
 * green one.
 */
import * as Plot from "@observablehq/plot";
import type { Dataset } from "../../core/data/data.js";
import { type Figure, frame, type RenderEnvironment } from "../frame.js";
import { THEME } from "../theme.js";
import { PANEL_STYLE, textColor } from "./annotations.js";
import {
  dataDots,
  fitAxisName,
  formatLine,
  formatTick,
  idealLine,
  panelLabel,
  redLineTitle,
  spanOf,
  visibleSegment,
} from "./shared.js";

export interface LineSnapshot {
  step: number;
  w: number;
  b: number;
  loss: number;
}

export interface FitFigureInput {
  data: Dataset;
  /** The least-squares line, when the loss is MSE. */
  ideal: { w: number; b: number } | null;
  /** One snapshot per panel, in step order. */
  snapshots: readonly LineSnapshot[];
  title?: string;
  subtitle?: string;
  /** Width of one panel in CSS pixels. */
  panelWidth?: number;
  /** Panels per row. */
  columns?: number;
}

/** At most this many points get residual segments and dots; beyond it, an even sample is drawn. */
const MAX_DRAWN_POINTS = 2000;
/** Room under the frame for the tick labels and, on a line of its own below them, the x axis's name. */
const MARGIN_BOTTOM = 46;

export function fitFigure({ document }: RenderEnvironment, input: FitFigureInput): Figure {
  const { data, ideal, snapshots } = input;
  const points = samplePoints(data, MAX_DRAWN_POINTS);
  // Nice round domains fixed up front, so the lines can be cut to exactly what the axes show.
  const [xMin, xMax] = niceDomain(spanOf(points.map((p) => p.x)));
  const [yLow, yHigh] = spanOf(points.map((p) => p.y));
  const yPad = 0.08 * (yHigh - yLow || 1);
  const yDomain = niceDomain([yLow - yPad, yHigh + yPad]);
  const many = snapshots.length > 1;
  const panelWidth = input.panelWidth ?? (many ? 300 : 640);
  const panelHeight = Math.round(panelWidth * (many ? 0.8 : 0.62));
  // Lines and residuals are cut to the frame in data space rather than clipped by the renderer: a
  // diverging line reaches coordinates in the millions, which resvg cannot clip (it aborts).
  const lineAt = (w: number, b: number) =>
    visibleSegment(w, b, [xMin, xMax], yDomain).map(([x, y]) => ({ x, y }));
  const clampY = (y: number) => Math.min(yDomain[1], Math.max(yDomain[0], y));

  const panels = snapshots.map((snapshot) => {
    const residuals = points.map((p) => ({ x: p.x, y: p.y, fitted: clampY(snapshot.w * p.x + snapshot.b) }));
    const off = offChart(snapshot, [xMin, xMax], yDomain);
    return Plot.plot({
      document,
      width: panelWidth,
      height: panelHeight + MARGIN_BOTTOM - 30 + (many ? 14 : 0),
      marginLeft: 44,
      // Small multiples: the y axis's name at the top, the step's label on a line of its own below it.
      marginTop: many ? 40 : 20,
      marginBottom: MARGIN_BOTTOM,
      style: PANEL_STYLE,
      // Plot writes the x name at the right under the ticks and the y name at the top left: each may take
      // the panel's width, less a little.
      x: { label: fitAxisName(data.xName, panelWidth - 8), domain: [xMin, xMax], tickFormat: formatTick },
      y: { label: fitAxisName(data.yName, panelWidth - 8), domain: yDomain, tickFormat: formatTick },
      grid: true,
      marks: [
        Plot.link(residuals, {
          x1: "x",
          y1: "y",
          x2: "x",
          y2: "fitted",
          stroke: THEME.residual,
          strokeWidth: 0.75,
          className: "residual",
        }),
        dataDots(points),
        ...(ideal ? [idealLine(lineAt(ideal.w, ideal.b))] : []),
        Plot.line(lineAt(snapshot.w, snapshot.b), {
          x: "x",
          y: "y",
          stroke: THEME.current,
          strokeWidth: 2.5,
          className: "current-line",
        }),
        ...(off ? [offChartNote(off, many)] : []),
        ...(many ? [panelLabel(`step ${snapshot.step} · loss ${formatTick(snapshot.loss)}`)] : []),
      ],
    }) as unknown as SVGElement;
  });

  const first = snapshots[0] as LineSnapshot;
  const last = snapshots[snapshots.length - 1] as LineSnapshot;
  const manyTitle = ideal
    ? redLineTitle(first, last, meanSquaredError(data, ideal))
    : "The red line, step by step";
  return frame({
    title: input.title ?? (many ? manyTitle : "The current line and the ideal line"),
    subtitle:
      input.subtitle ??
      `red: ${formatLine(last.w, last.b)} at step ${last.step}` +
        (ideal ? ` · green (least squares): ${formatLine(ideal.w, ideal.b)}` : ""),
    panels,
    columns: input.columns ?? Math.min(snapshots.length, 4),
  });
}

/** Where the red line is when none of it is on the chart: above or below it, from y `low` to `high`. */
interface OffChart {
  side: "above" | "below" | "nowhere";
  low: number;
  high: number;
}

/**
 * Whether the line y = w·x + b misses the chart's box entirely, and on which side: it is straight, so it
 * misses only by passing wholly above or wholly below (or by not being a number at all).
 */
export function offChart(
  { w, b }: { w: number; b: number },
  [x0, x1]: readonly [number, number],
  [yLow, yHigh]: readonly [number, number],
): OffChart | null {
  const [a, c] = [w * x0 + b, w * x1 + b];
  const [low, high] = [Math.min(a, c), Math.max(a, c)];
  if (Number.isNaN(low) || Number.isNaN(high)) return { side: "nowhere", low, high };
  if (low > yHigh) return { side: "above", low, high };
  if (high < yLow) return { side: "below", low, high };
  return null;
}

/** A note in red at the chart's top or bottom edge, saying where the red line is. */
function offChartNote(off: OffChart, short: boolean) {
  const range = `y ${off.side === "above" ? "≥" : "≤"} ${formatTick(off.side === "above" ? off.low : off.high)}`;
  const text =
    off.side === "nowhere"
      ? "the red line is not a number (w or b is NaN)"
      : short
        ? `${off.side === "above" ? "↑" : "↓"} red line ${off.side} the chart (${range})`
        : `${off.side === "above" ? "↑" : "↓"} the red line is ${off.side} the chart (${range} here)`;
  return Plot.text([text], {
    text: (d) => d,
    frameAnchor: off.side === "below" ? "bottom" : "top",
    dy: off.side === "below" ? -10 : 10,
    fill: textColor(THEME.current),
    fontWeight: 600,
    stroke: THEME.background,
    strokeWidth: 3,
    paintOrder: "stroke",
    className: "off-chart-note",
  });
}

/** The mean squared error of the line (w, b) on all the data: the optimum loss, for the ideal line. */
function meanSquaredError(data: Dataset, { w, b }: { w: number; b: number }): number {
  let sum = 0;
  for (let i = 0; i < data.x.length; i++) sum += ((data.y[i] as number) - w * (data.x[i] as number) - b) ** 2;
  return sum / data.x.length;
}

/** Every point when there are few; otherwise an even sample, so a million points stay a readable picture. */
export function samplePoints(data: Dataset, limit: number): { x: number; y: number }[] {
  const n = data.x.length;
  const stride = Math.max(1, Math.ceil(n / limit));
  const points: { x: number; y: number }[] = [];
  for (let i = 0; i < n; i += stride) points.push({ x: data.x[i] as number, y: data.y[i] as number });
  return points;
}

function niceDomain(domain: [number, number]): [number, number] {
  const [low, high] = Plot.scale({ x: { domain, nice: true } }).domain as [number, number];
  return [low, high];
}
