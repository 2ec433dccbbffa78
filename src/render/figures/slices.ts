/**
 * The lesson's drawing: the loss as a curve along one parameter with the other held, and the optimizer's
 * steps drawn on the curve as arrows from point to point, so a reader sees a small rate crawl down the
 * bowl, a good one arrive, a larger one jump across the minimum and back, and one past the critical rate
 * jump out of it.
 *
 * Each run gets a row of two panels under a header that names the run and what became of it (one line
 * over both, so neither reads as the title of one panel): the loss along w with b held at b*, and along b with w held at w*,
 * where (w*, b*) is the point the slices go through (the least-squares optimum for MSE). The run itself
 * moves in (w, b) together; step k is drawn at (w_k, L(w_k, b*)) and (b_k, L(w*, b_k)), its projection
 * onto each slice, so every arrow starts and ends on the curve. The axes are shared down each column (the
 * curves are the same in every row; only the steps differ) and sized by the runs that stay in the bowl;
 * a diverging run's later steps leave the frame and are clipped there, which the panel says.
 */
import * as Plot from "@observablehq/plot";
import { type Figure, frame, PANEL_GAP, type RenderEnvironment } from "../frame.js";
import { seriesColor, THEME } from "../theme.js";
import { PANEL_STYLE, textColor } from "./annotations.js";
import { formatTick } from "./shared.js";

/** One run: its path through (w, b), step 0 first, and how to label its row. */
export interface SliceRun {
  /** The row's label, e.g. "lr 0.3 · jumps around". */
  label: string;
  /** A second line of detail, e.g. "loss 0.9826 after 25 steps". */
  detail?: string | undefined;
  /** The run's colour; default: its place in the Okabe–Ito series. */
  color?: string | undefined;
  w: ArrayLike<number>;
  b: ArrayLike<number>;
}

export interface SlicesFigureInput {
  /** The loss at (w, b): the slices' curves and the steps' heights both come from it. */
  lossAt: (w: number, b: number) => number;
  /** The point the slices go through, and its loss: marked as the minimum. */
  centre: { w: number; b: number; loss: number };
  runs: readonly SliceRun[];
  /** The y axis label, e.g. "loss (MSE)". */
  lossLabel?: string;
  /** How the centre is named on the axes: "w*" and "b*" by default. */
  centreNames?: { w: string; b: string };
  title?: string;
  subtitle?: string;
  /** Width of one panel in CSS pixels (default 340). */
  panelWidth?: number;
  /** Points along each curve (default 301). */
  samples?: number;
}

type Parameter = "w" | "b";

/** How far beyond the farthest step the axes reach, as a fraction. */
const X_MARGIN = 0.08;
const SVG_NS = "http://www.w3.org/2000/svg";
/** The row header's height: its line sits at the bottom, near the panels it heads. */
const HEADER_HEIGHT = 26;
const MARGIN_LEFT = 56;

export function slicesFigure({ document }: RenderEnvironment, input: SlicesFigureInput): Figure {
  const { lossAt, centre, runs } = input;
  if (runs.length === 0) throw new Error("slicesFigure: no runs to draw");
  const samples = input.samples ?? 301;
  const panelWidth = input.panelWidth ?? 340;
  const panelHeight = Math.round(panelWidth * 0.6);
  const names = input.centreNames ?? { w: "w*", b: "b*" };
  // The slice through the centre along each parameter.
  const slice: Record<Parameter, (value: number) => number> = {
    w: (value) => lossAt(value, centre.b),
    b: (value) => lossAt(centre.w, value),
  };
  const domains = { w: sliceDomain(runs, "w", centre.w), b: sliceDomain(runs, "b", centre.b) };
  const curves = {
    w: sampleCurve(slice.w, domains.w, samples),
    b: sampleCurve(slice.b, domains.b, samples),
  };
  const yDomains = { w: lossDomain(curves.w), b: lossDomain(curves.b) };

  const panels: SVGElement[] = [];
  runs.forEach((run, index) => {
    const color = run.color ?? seriesColor(index);
    const steps = Math.min(run.w.length, run.b.length);
    // Each step projected onto both slices. A step that leaves the frame is drawn (clipped at the edge);
    // what comes after it is not: a run that has jumped out of the bowl does not come back, and far-off
    // points only burden the renderer.
    const exits: number[] = [];
    const projected = (["w", "b"] as const).map((parameter) => {
      const path = parameter === "w" ? run.w : run.b;
      const points: { step: number; x: number; y: number }[] = [];
      for (let k = 0; k < steps; k++) {
        const x = path[k] as number;
        if (!Number.isFinite(x)) break;
        points.push({ step: k, x, y: slice[parameter](x) });
      }
      const [xLow, xHigh] = domains[parameter];
      const yHigh = yDomains[parameter][1];
      const firstOut = points.findIndex((p) => p.x < xLow || p.x > xHigh || p.y > yHigh);
      if (firstOut > 0) {
        points.length = firstOut + 1;
        exits.push(firstOut);
      }
      return points;
    });
    // Said on the row, since the clipping hides where the run went: it left the frame (and the bowl).
    const offChart = exits.length > 0 ? "leaves the frame" : "";
    panels.push(
      rowHeader(document, {
        label: [run.label, offChart].filter(Boolean).join(" · "),
        detail: run.detail ?? "",
        color,
        width: 2 * panelWidth + PANEL_GAP,
      }),
    );
    for (const parameter of ["w", "b"] as const) {
      const points = projected[parameter === "w" ? 0 : 1] as { step: number; x: number; y: number }[];
      const arrows = points.slice(1).map((point, k) => {
        const from = points[k] as { x: number; y: number };
        return { x1: from.x, y1: from.y, x2: point.x, y2: point.y };
      });
      const held =
        parameter === "w"
          ? `b held at ${names.b} = ${formatTick(centre.b)}`
          : `w held at ${names.w} = ${formatTick(centre.w)}`;
      const centreName = parameter === "w" ? names.w : names.b;
      panels.push(
        Plot.plot({
          document,
          width: panelWidth,
          height: panelHeight,
          marginLeft: MARGIN_LEFT,
          marginTop: 10,
          marginRight: 14,
          marginBottom: 36,
          style: PANEL_STYLE,
          x: {
            label: `${parameter} (${held})`,
            domain: domains[parameter],
            tickFormat: formatTick,
            ticks: 6,
          },
          y: {
            label: input.lossLabel ?? "loss",
            labelAnchor: "center",
            labelArrow: "none",
            domain: yDomains[parameter],
            tickFormat: formatTick,
            ticks: 5,
          },
          grid: true,
          marks: [
            Plot.line(curves[parameter], {
              x: "x",
              y: "y",
              stroke: THEME.muted,
              strokeWidth: 1.6,
              className: "slice-curve",
            }),
            Plot.ruleX([parameter === "w" ? centre.w : centre.b], {
              stroke: THEME.ideal,
              strokeOpacity: 0.5,
              strokeDasharray: "3 3",
              className: "slice-minimum-rule",
            }),
            Plot.dot([{ x: parameter === "w" ? centre.w : centre.b, y: centre.loss }], {
              x: "x",
              y: "y",
              r: 5,
              fill: THEME.ideal,
              stroke: THEME.background,
              strokeWidth: 1,
              className: "slice-minimum",
            }),
            Plot.arrow(arrows, {
              x1: "x1",
              y1: "y1",
              x2: "x2",
              y2: "y2",
              stroke: color,
              strokeWidth: 1.4,
              headLength: 7,
              clip: true,
              className: "step-arrow",
            }),
            Plot.dot(points, {
              x: "x",
              y: "y",
              r: 2.2,
              fill: color,
              clip: true,
              className: "step-point",
            }),
            Plot.dot(points.slice(0, 1), {
              x: "x",
              y: "y",
              r: 4.5,
              fill: THEME.background,
              stroke: color,
              strokeWidth: 2,
              className: "step-start",
            }),
            // Up and to the right of the dot, inside the frame (below it are the x axis's tick labels), over the
            // arrows.
            Plot.text([{ x: parameter === "w" ? centre.w : centre.b, y: centre.loss }], {
              x: "x",
              y: "y",
              text: () => centreName,
              dx: 7,
              dy: -11,
              textAnchor: "start",
              fill: textColor(THEME.ideal),
              fontWeight: 600,
              stroke: THEME.background,
              strokeWidth: 3,
              paintOrder: "stroke",
              className: "slice-minimum-label",
            }),
          ],
        }) as unknown as SVGElement,
      );
    }
  });

  return frame({
    title: input.title ?? "Steps on the loss curve: each arrow is one step of the optimizer",
    subtitle: input.subtitle,
    panels,
    rowSizes: runs.flatMap(() => [1, 2]),
  });
}

/**
 * A row's header, over both its panels, at the left edge of their frames: the run's label in its colour
 * and bold ("lr 0.3 · jumps around"), then what became of it ("— loss 0.9826 after 20 steps").
 */
function rowHeader(
  document: Document,
  { label, detail, color, width }: { label: string; detail: string; color: string; width: number },
): SVGElement {
  const svg = document.createElementNS(SVG_NS, "svg") as unknown as SVGElement;
  svg.setAttribute("width", String(width));
  svg.setAttribute("height", String(HEADER_HEIGHT));
  const group = document.createElementNS(SVG_NS, "g");
  group.setAttribute("class", "row-label");
  const text = document.createElementNS(SVG_NS, "text");
  text.setAttribute("x", String(MARGIN_LEFT));
  text.setAttribute("y", String(HEADER_HEIGHT - 5));
  text.setAttribute("font-size", String(THEME.fontSize));
  const part = (className: string, content: string, attributes: Record<string, string>) => {
    const tspan = document.createElementNS(SVG_NS, "tspan");
    tspan.setAttribute("class", className);
    for (const [name, value] of Object.entries(attributes)) tspan.setAttribute(name, value);
    tspan.textContent = content;
    text.appendChild(tspan);
  };
  part("row-run", label, { "font-weight": "600", fill: textColor(color) });
  if (detail) part("row-detail", ` — ${detail}`, { fill: THEME.muted });
  group.appendChild(text);
  svg.appendChild(group);
  return svg;
}
/**
 * The slice's x range: centred on the centre, as wide as the farthest step of any run that stays within
 * reach (its steps never go farther than twice the start's distance), and at least the start's distance.
 */
function sliceDomain(runs: readonly SliceRun[], parameter: Parameter, centre: number): [number, number] {
  let half = 0;
  let startReach = 0;
  for (const run of runs) {
    const path = parameter === "w" ? run.w : run.b;
    const start = Math.abs((path[0] as number) - centre);
    if (Number.isFinite(start)) startReach = Math.max(startReach, start);
    let reach = 0;
    for (let k = 0; k < path.length; k++) reach = Math.max(reach, Math.abs((path[k] as number) - centre));
    if (Number.isFinite(reach) && reach <= 2 * Math.max(start, 1e-300)) half = Math.max(half, reach);
  }
  half = Math.max(half, startReach) * (1 + X_MARGIN);
  if (!(half > 0) || !Number.isFinite(half)) half = Math.max(1, 0.5 * Math.abs(centre));
  return [centre - half, centre + half];
}

function sampleCurve(
  at: (value: number) => number,
  [low, high]: [number, number],
  samples: number,
): { x: number; y: number }[] {
  const curve: { x: number; y: number }[] = [];
  for (let k = 0; k < samples; k++) {
    const x = k === samples - 1 ? high : low + ((high - low) * k) / (samples - 1);
    curve.push({ x, y: at(x) });
  }
  return curve;
}

/** From a little below the curve's lowest point (never below 0 for a loss at 0 or above) to its highest. */
function lossDomain(curve: readonly { y: number }[]): [number, number] {
  let low = Number.POSITIVE_INFINITY;
  let high = Number.NEGATIVE_INFINITY;
  for (const { y } of curve) {
    if (!Number.isFinite(y)) continue;
    low = Math.min(low, y);
    high = Math.max(high, y);
  }
  if (!(high > low)) return [low - 1, low + 1];
  const pad = 0.12 * (high - low);
  return [low >= 0 ? Math.max(0, low - pad) : low - pad, high + 0.04 * (high - low)];
}
