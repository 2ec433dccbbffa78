/**
 * The lesson's first picture: the data points, the current line in red, the ideal (least-squares) line in
 * green, and each point's residual to the current line. Given several snapshots of the line (`--at
 * 0,5,20,100`), it draws small multiples with shared axes, so the red line can be watched moving onto the
 * green one.
 */
import * as Plot from "@observablehq/plot";
import type { Dataset } from "../../core/data.js";
import { type Figure, frame, type RenderEnvironment } from "../frame.js";
import { THEME } from "../theme.js";
import { PANEL_STYLE } from "./annotations.js";
import { dataDots, formatTick, idealLine, panelLabel, spanOf, visibleSegment } from "./shared.js";

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
    return Plot.plot({
      document,
      width: panelWidth,
      height: panelHeight,
      marginLeft: 44,
      marginTop: many ? 26 : 20,
      style: PANEL_STYLE,
      x: { label: data.xName, domain: [xMin, xMax], tickFormat: formatTick },
      y: { label: data.yName, domain: yDomain, tickFormat: formatTick },
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
        ...(many ? [panelLabel(`step ${snapshot.step} · loss ${formatTick(snapshot.loss)}`)] : []),
      ],
    }) as unknown as SVGElement;
  });

  const last = snapshots[snapshots.length - 1] as LineSnapshot;
  return frame({
    title:
      input.title ??
      (many ? "The red line moves onto the green line" : "The current line and the ideal line"),
    subtitle:
      input.subtitle ??
      `red: y = ${formatTick(last.w)}·x + ${formatTick(last.b)} at step ${last.step}` +
        (ideal ? ` · green (least squares): y = ${formatTick(ideal.w)}·x + ${formatTick(ideal.b)}` : ""),
    panels,
    columns: input.columns ?? Math.min(snapshots.length, 4),
  });
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
