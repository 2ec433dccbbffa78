/**
 * What a model beyond the line fitted. On one input: the data points and the model's curve over them in
 * the lesson's red (Okabe–Ito vermillion) (the exact least-squares curve in dashed green under it, for the linear family under
 * MSE). On several inputs there is no curve to draw: each point's prediction against its target, with the
 * diagonal where the two agree; for a classifier on two inputs, the plane of the two with its boundary
 * (decision-boundary.ts).
 */
import * as Plot from "@observablehq/plot";
import { type Figure, frame, type RenderEnvironment } from "../frame.js";
import { THEME } from "../theme.js";
import { describe, PANEL_STYLE, textColor } from "./annotations.js";
import { type BoundaryView, boundaryPanel } from "./decision-boundary.js";
import { dataDots, extent, fitAxisName, formatTick, idealLine } from "./shared.js";

export interface ModelFitFigureInput {
  /** One input: the points (x, y) and the curve at evenly spaced x; several: prediction against target. */
  view:
    | {
        kind: "curve";
        points: readonly { x: number; y: number }[];
        curve: readonly { x: number; y: number }[];
        /** The exact optimum's curve at the same x (the linear family under MSE), or null. */
        ideal: readonly { x: number; y: number }[] | null;
        xName: string;
        /** The curve is a probability (a sigmoid output under BCE): the y axis reads P(y = 1). */
        probability?: boolean;
      }
    | { kind: "predicted"; points: readonly { predicted: number; actual: number }[] }
    | BoundaryView;
  yName: string;
  title?: string;
  subtitle?: string;
  description?: string;
  width?: number;
}

const HEIGHT = 420;

/** The model curve's colour in words, as a reader names THEME.current (vermillion, #D55E00). */
export const CURRENT_COLOR_WORDS = "red";

export function modelFitFigure({ document }: RenderEnvironment, input: ModelFitFigureInput): Figure {
  const width = input.width ?? 680;
  const { view } = input;
  let panel: SVGElement;
  if (view.kind === "boundary") {
    panel = boundaryPanel(document, view, width, HEIGHT);
  } else if (view.kind === "curve") {
    const ys = [...view.points.map((p) => p.y), ...view.curve.map((p) => p.y)].filter(Number.isFinite);
    const [low, high] = ys.length > 0 ? extent(ys) : [0, 1];
    const pad = 0.08 * (high - low || 1);
    const yDomain: [number, number] = [low - pad, high + pad];
    // The curve is cut to the frame in data space (a diverged model predicts far off it).
    const inside = (p: { y: number }) => Number.isFinite(p.y) && p.y >= yDomain[0] && p.y <= yDomain[1];
    const cut = (curve: readonly { x: number; y: number }[]) =>
      curve.map((p) => (inside(p) ? p : { x: p.x, y: Number.NaN }));
    panel = Plot.plot({
      document,
      width,
      height: HEIGHT,
      marginLeft: 52,
      marginTop: 24,
      marginBottom: 44,
      style: PANEL_STYLE,
      x: { label: fitAxisName(view.xName, width - 8), tickFormat: formatTick },
      y: {
        label: view.probability
          ? `P(${fitAxisName(input.yName, width - 60)} = 1)`
          : fitAxisName(input.yName, width - 8),
        domain: yDomain,
        tickFormat: formatTick,
      },
      grid: true,
      marks: [
        dataDots(view.points),
        ...(view.ideal ? [idealLine(cut(view.ideal))] : []),
        Plot.line(cut(view.curve), {
          x: "x",
          y: "y",
          stroke: THEME.current,
          strokeWidth: 2.5,
          className: "model-curve",
        }),
        // THEME.current is Okabe–Ito's vermillion, which the whole lesson calls red ("the red line").
        Plot.text(
          [`${CURRENT_COLOR_WORDS}: the model${view.ideal ? " · green dashed: exact least squares" : ""}`],
          {
            text: (d) => d,
            frameAnchor: "top-left",
            dx: 6,
            dy: 6,
            textAnchor: "start",
            fill: textColor(THEME.current),
            stroke: THEME.background,
            strokeWidth: 3,
            paintOrder: "stroke",
            className: "curve-note",
          },
        ),
      ],
    }) as unknown as SVGElement;
  } else {
    const values = view.points.flatMap((p) => [p.predicted, p.actual]).filter(Number.isFinite);
    const [low, high] = values.length > 0 ? extent(values) : [0, 1];
    const pad = 0.05 * (high - low || 1);
    const domain: [number, number] = [low - pad, high + pad];
    panel = Plot.plot({
      document,
      width,
      height: width,
      marginLeft: 52,
      marginTop: 24,
      marginBottom: 44,
      style: PANEL_STYLE,
      x: { label: `actual ${fitAxisName(input.yName, width - 80)}`, domain, tickFormat: formatTick },
      y: { label: `predicted ${fitAxisName(input.yName, width - 80)}`, domain, tickFormat: formatTick },
      grid: true,
      marks: [
        Plot.line(
          [
            { x: domain[0], y: domain[0] },
            { x: domain[1], y: domain[1] },
          ],
          {
            x: "x",
            y: "y",
            stroke: THEME.ideal,
            strokeWidth: 2,
            strokeDasharray: "7 4",
            className: "diagonal",
          },
        ),
        Plot.dot(
          view.points.filter((p) => Number.isFinite(p.predicted)),
          {
            x: "actual",
            y: "predicted",
            r: 3,
            fill: THEME.current,
            fillOpacity: 0.7,
            className: "prediction",
          },
        ),
        Plot.text(["on the dashed diagonal, predicted = actual"], {
          text: (d) => d,
          frameAnchor: "top-left",
          dx: 6,
          dy: 6,
          textAnchor: "start",
          fill: textColor(THEME.ideal),
          className: "curve-note",
        }),
      ],
    }) as unknown as SVGElement;
  }
  const title =
    input.title ??
    (view.kind === "curve"
      ? "What the model fitted"
      : view.kind === "boundary"
        ? "Where the model says p = 0.5"
        : "Predicted against actual");
  return frame({
    title,
    subtitle: input.subtitle,
    panels: [panel],
    description: describe(title, input.subtitle, input.description ?? ""),
  });
}
