/**
 * The loss on the straight line from a run's initial weights (α = 0) to its final weights (α = 1), as
 * Goodfellow, Vinyals & Saxe (2015) draw it, with the run's own path beside it: each recorded step at the α
 * of its projection onto the line, at the loss the run had there. Where the path's dots sit on the curve,
 * the run went straight; where they sit apart from it, it took a detour the line does not see.
 */
import * as Plot from "@observablehq/plot";
import { type Figure, frame, type RenderEnvironment } from "../frame.js";
import { withRealMinus } from "../numbers.js";
import { THEME } from "../theme.js";
import {
  describe,
  formatSignificant,
  type LinePoint,
  PANEL_STYLE,
  spreadLabels,
  textColor,
  textWidth,
} from "./annotations.js";
import {
  decadesBetween,
  drawableOnLog,
  formatLogTick,
  logDomain,
  logTicks,
  ticksOption,
} from "./log-axis.js";
import { labelEveryLogTick } from "./log-axis-labels.js";
import { extent, formatTick } from "./shared.js";

export interface InterpolationFigureInput {
  /** The line's α values and the loss at each. */
  alpha: ArrayLike<number>;
  values: ArrayLike<number>;
  /** The run's recorded steps: α of each one's projection and the loss it had. */
  path: { alpha: ArrayLike<number>; loss: ArrayLike<number> };
  /** The loss's name for the axis ("MSE"). */
  lossName: string;
  /** The name of the line's end at α = 1 (default "final weights"; a diverged run's last finite ones). */
  endName?: string;
  title?: string;
  subtitle?: string;
  width?: number;
  description?: string;
}

const HEIGHT = 400;
const MARGIN = { top: 26, bottom: 44, left: 62 } as const;
const LINE_COLOR = THEME.ink;
const PATH_COLOR = THEME.current;

export function interpolationFigure(
  { document }: RenderEnvironment,
  input: InterpolationFigureInput,
): Figure {
  const width = input.width ?? 720;
  const endName = input.endName ?? "final weights";
  const curve: LinePoint[] = Array.from(input.alpha, (a, i) => ({ x: a, y: input.values[i] as number }));
  const path: LinePoint[] = Array.from(input.path.alpha, (a, i) => ({
    x: a,
    y: input.path.loss[i] as number,
  }));
  const alphaDomain: [number, number] = [curve[0]?.x ?? 0, curve.at(-1)?.x ?? 1];
  const shownPath = path.filter(
    (point) => Number.isFinite(point.y) && point.x >= alphaDomain[0] && point.x <= alphaDomain[1],
  );
  const all = [...curve, ...shownPath].map((point) => point.y).filter(Number.isFinite);
  const [low, high] = all.length > 0 ? extent(all) : [0, 1];
  const log = drawableOnLog(low) && decadesBetween(low, high) >= 1;
  const yDomain: [number, number] = log
    ? logDomain(low, high, (decades) => 0.05 * decades)
    : [Math.min(0, low), high + 0.06 * (high - Math.min(0, low) || 1)];
  const drawable = (point: LinePoint) => Number.isFinite(point.y) && (!log || drawableOnLog(point.y));
  const ends = [
    { alpha: 0, text: "initial weights (α = 0)" },
    { alpha: 1, text: `${endName} (α = 1)` },
  ].filter((end) => end.alpha >= alphaDomain[0] && end.alpha <= alphaDomain[1]);
  const curveLabel = "loss on the line";
  const pathLabel = "the run (its loss, at its α)";
  const marginRight = Math.max(
    24,
    textWidth(curveLabel, THEME.fontSize, true) + 14,
    textWidth(pathLabel, THEME.fontSize, true) + 14,
  );
  // The two labels in the right margin, each at its line's last height, spread apart.
  const lastCurve = [...curve].reverse().find(drawable);
  const lastPath = shownPath.at(-1);
  const endLabels = [
    ...(lastCurve ? [{ text: curveLabel, y: lastCurve.y, color: LINE_COLOR }] : []),
    ...(lastPath ? [{ text: pathLabel, y: lastPath.y, color: textColor(PATH_COLOR) }] : []),
  ];
  const yPixel = Plot.scale({
    y: { type: log ? "log" : "linear", domain: yDomain, range: [HEIGHT - MARGIN.bottom, MARGIN.top] },
  });
  const wanted = endLabels.map((label) => yPixel.apply(label.y) as number);
  // Each end's words go where no line runs: at the top beside its rule (outward first), else at the bottom.
  const xPixel = Plot.scale({ x: { domain: alphaDomain, range: [MARGIN.left, width - marginRight] } });
  const toPixels = (points: readonly LinePoint[]) =>
    points
      .filter(drawable)
      .map((point): [number, number] => [xPixel.apply(point.x) as number, yPixel.apply(point.y) as number]);
  const lines = [toPixels(curve), toPixels(shownPath)];
  const placed = ends.map((end) => ({
    ...end,
    ...placeEndLabel(end, xPixel.apply(end.alpha) as number, lines),
  }));
  const spread = spreadLabels(wanted, 15, MARGIN.top, HEIGHT - MARGIN.bottom);
  const panel = Plot.plot(
    labelEveryLogTick({
      document,
      width,
      height: HEIGHT,
      marginTop: MARGIN.top,
      marginBottom: MARGIN.bottom,
      marginLeft: MARGIN.left,
      marginRight,
      style: PANEL_STYLE,
      x: {
        domain: alphaDomain,
        label: `α: initial weights (0) → ${endName} (1)`,
        labelAnchor: "center",
        tickFormat: formatTick,
      },
      y: log
        ? {
            type: "log",
            domain: yDomain,
            label: `↑ loss (${input.lossName}), log scale`,
            ...ticksOption(logTicks(yDomain)),
            tickFormat: formatLogTick,
          }
        : { domain: yDomain, label: `↑ loss (${input.lossName})`, tickFormat: formatTick },
      grid: true,
      marks: [
        Plot.ruleX(
          ends.map((end) => end.alpha),
          { stroke: THEME.muted, strokeDasharray: "3 3", className: "end-rule" },
        ),
        // α = 0's words to the left of its rule, α = 1's to the right, along the top unless a line is there.
        ...placed.map((end) =>
          Plot.text([end], {
            x: "alpha",
            text: "text",
            frameAnchor: end.atTop ? "top" : "bottom",
            dy: end.atTop ? LABEL_INSET : -LABEL_INSET,
            dx: end.left ? -5 : 5,
            textAnchor: end.left ? "end" : "start",
            fill: THEME.muted,
            stroke: THEME.background,
            strokeWidth: 3,
            paintOrder: "stroke",
            className: "end-label",
          }),
        ),
        Plot.line(
          curve.map((point) => (drawable(point) ? point : { x: point.x, y: Number.NaN })),
          {
            x: "x",
            y: "y",
            stroke: LINE_COLOR,
            strokeWidth: 2,
            className: "interpolation-line",
          },
        ),
        Plot.line(shownPath, {
          x: "x",
          y: "y",
          stroke: PATH_COLOR,
          strokeWidth: 1,
          strokeOpacity: 0.6,
          className: "trajectory",
        }),
        Plot.dot(shownPath, {
          x: "x",
          y: "y",
          r: shownPath.length > 200 ? 1.6 : 2.4,
          fill: PATH_COLOR,
          className: "trajectory-point",
        }),
        ...endLabels.map((label, k) =>
          Plot.text([label], {
            x: () => alphaDomain[1],
            y: "y",
            text: "text",
            dx: 8,
            dy: (spread[k] as number) - (wanted[k] as number),
            textAnchor: "start",
            fill: label.color,
            fontWeight: 600,
            className: "series-label",
          }),
        ),
      ],
    }),
  ) as unknown as SVGElement;
  const title = input.title ?? "The loss on the line from the initial to the final weights";
  // The grid point nearest α (0 and 1 may sit a rounding away from a grid point).
  const at = (a: number) => {
    const point = curve.reduce<LinePoint | null>(
      (best, p) => (best === null || Math.abs(p.x - a) < Math.abs(best.x - a) ? p : best),
      null,
    );
    return point ? withRealMinus(formatSignificant(point.y, 4)) : "";
  };
  const more = [input.description, `Loss at α = 0: ${at(0)}; at α = 1: ${at(1)}.`].filter(Boolean).join(" ");
  return frame({
    title,
    subtitle: input.subtitle,
    panels: [panel],
    columns: 1,
    description: describe(title, input.subtitle, more),
  });
}

/** How far an end's words sit inside the plot's top or bottom edge, in pixels. */
const LABEL_INSET = 8;

/**
 * Where an end's words go: the first of top-outward, top-inward, bottom-outward, bottom-inward whose box
 * (in pixels) stays 3 px clear of every line; the clearest of them when none does. Outward is left of
 * α = 0's rule and right of α = 1's.
 */
function placeEndLabel(
  end: { readonly alpha: number; readonly text: string },
  x: number,
  lines: readonly (readonly [number, number])[][],
): { atTop: boolean; left: boolean } {
  const width = textWidth(end.text, THEME.fontSize);
  const outwardLeft = end.alpha === 0;
  const candidates = [
    { atTop: true, left: outwardLeft },
    { atTop: true, left: !outwardLeft },
    { atTop: false, left: outwardLeft },
    { atTop: false, left: !outwardLeft },
  ];
  const clearance = (candidate: { atTop: boolean; left: boolean }) => {
    const x0 = candidate.left ? x - 5 - width : x + 5;
    const y0 = candidate.atTop
      ? MARGIN.top + LABEL_INSET
      : HEIGHT - MARGIN.bottom - LABEL_INSET - THEME.fontSize;
    return Math.min(
      ...lines.map((line) => distanceToLine({ x0, x1: x0 + width, y0, y1: y0 + THEME.fontSize }, line)),
    );
  };
  const scored = candidates.map((candidate) => ({ candidate, clear: clearance(candidate) }));
  const first = scored.find((entry) => entry.clear >= 3);
  const best = first ?? scored.reduce((a, b) => (b.clear > a.clear ? b : a));
  return best.candidate;
}

/** The pixel distance from a box to a polyline, its segments walked a pixel at a time. */
function distanceToLine(
  box: { x0: number; x1: number; y0: number; y1: number },
  points: readonly (readonly [number, number])[],
): number {
  const from = (x: number, y: number) =>
    Math.hypot(Math.max(box.x0 - x, 0, x - box.x1), Math.max(box.y0 - y, 0, y - box.y1));
  let nearest = Number.POSITIVE_INFINITY;
  points.forEach(([x, y], i) => {
    const previous = points[i - 1];
    nearest = Math.min(nearest, from(x, y));
    if (!previous) return;
    const steps = Math.min(1000, Math.ceil(Math.hypot(x - previous[0], y - previous[1])));
    for (let k = 1; k < steps; k++) {
      const t = k / steps;
      nearest = Math.min(
        nearest,
        from(previous[0] + (x - previous[0]) * t, previous[1] + (y - previous[1]) * t),
      );
    }
  });
  return nearest;
}
