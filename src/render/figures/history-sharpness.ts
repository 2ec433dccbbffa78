/**
 * The history figure's sharpness panel, drawn when the history has a `sharpness` series: λmax of the loss
 * Hessian where it was measured, with the bound the rate sets on it (2/η, from the rate's own stair) when
 * the optimizer has one, on the same x axis as the loss and the rate. Lines are labelled at their ends.
 */
import * as Plot from "@observablehq/plot";
import { withRealMinus } from "../numbers.js";
import { THEME } from "../theme.js";
import {
  cutLine,
  formatSignificant,
  type LinePoint,
  PANEL_STYLE,
  spreadLabels,
  textColor,
  textWidth,
} from "./annotations.js";
import { COLORS, MARGIN } from "./history-values.js";
import { formatTick, largest, smallest } from "./shared.js";
import { SHARPNESS_COLORS } from "./sharpness-style.js";

/** The sharpness as measured, and the bound on it as a stair over x (`values[i]` from `x[i]` on), or null. */
export interface HistorySharpness {
  x: ArrayLike<number>;
  values: ArrayLike<number>;
  bound: { x: ArrayLike<number>; values: ArrayLike<number>; label: string } | null;
  /** Why there is no bound (an adaptive optimizer), written in the panel's top left. */
  note?: string;
}

export const SHARPNESS_PANEL_HEIGHT = 190;
const HEIGHT = SHARPNESS_PANEL_HEIGHT;
/** A bound more than this many times the highest sharpness is noted, not drawn to scale. */
const FAR_ABOVE = 4;

/** The labels this panel writes in the right margin, for the figure's margin. */
export function sharpnessLabels(input: HistorySharpness): string[] {
  return ["sharpness λmax", ...(input.bound ? [input.bound.label] : [])];
}

export function sharpnessPanel(
  document: Document,
  input: HistorySharpness,
  layout: {
    width: number;
    marginRight: number;
    xAxis: { domain: [number, number]; label: string | null };
    /** Room under the frame: more when this panel carries the x axis's name. */
    marginBottom: number;
  },
): SVGElement {
  const measured: LinePoint[] = [];
  for (let i = 0; i < Math.min(input.x.length, input.values.length); i++) {
    const value = input.values[i] as number;
    if (Number.isFinite(value)) measured.push({ x: input.x[i] as number, y: value });
  }
  const highest = largest(
    measured.map((p) => p.y),
    0,
  );
  // λmax is negative where the loss is concave along every direction: rare, but drawn, not off the panel.
  const lowest = smallest(
    measured.map((p) => p.y),
    0,
  );
  const bottom = lowest < 0 ? 1.12 * lowest : 0;
  const stair: LinePoint[] = [];
  if (input.bound) {
    for (let i = 0; i < input.bound.x.length; i++) {
      const value = input.bound.values[i] as number;
      const x = input.bound.x[i] as number;
      // A step-after line draws a step only up to the next point: close the step before a gap (a rate of
      // 0 has no bound) so a bound held for one epoch is drawn, not dropped.
      const previous = stair.at(-1);
      if (!Number.isFinite(value) && previous && Number.isFinite(previous.y))
        stair.push({ x, y: previous.y });
      stair.push({ x, y: Number.isFinite(value) ? value : Number.NaN });
    }
    const last = stair.at(-1);
    if (last && last.x < layout.xAxis.domain[1]) stair.push({ x: layout.xAxis.domain[1], y: last.y });
  }
  const bounds = stair.map((p) => p.y).filter(Number.isFinite);
  const lowestBound = bounds.length > 0 ? Math.min(...bounds) : Number.POSITIVE_INFINITY;
  const far = bounds.length > 0 && lowestBound > FAR_ABOVE * highest;
  // A bound within reach is shown, up to 1.5 × the highest λ where a decaying rate sends it away.
  const boundTop =
    far || bounds.length === 0 ? 0 : Math.min(Math.max(...bounds), Math.max(lowestBound, 1.5 * highest));
  // A note in the top left gets room above the line.
  const top = (input.note ? 1.35 : 1.12) * Math.max(highest, boundTop) || 1;
  const drawnStair = far ? [] : cutLine(stair, bottom, top, false);
  const y = Plot.scale({ y: { domain: [bottom, top], range: [HEIGHT - layout.marginBottom, MARGIN.top] } });
  const ends = [
    ...(measured.length > 0
      ? [{ text: "sharpness λmax", y: (measured.at(-1) as LinePoint).y, color: SHARPNESS_COLORS.measured }]
      : []),
    ...(input.bound && !far && drawnStair.some((p) => Number.isFinite(p.y))
      ? [
          {
            text: input.bound.label,
            y: [...drawnStair].reverse().find((p) => Number.isFinite(p.y))?.y ?? 0,
            color: COLORS.rate,
          },
        ]
      : []),
  ];
  const wanted = ends.map((end) => y.apply(end.y) as number);
  const spread = spreadLabels(wanted, 15, MARGIN.top, HEIGHT - layout.marginBottom);
  return Plot.plot({
    document,
    width: layout.width,
    height: HEIGHT,
    marginTop: MARGIN.top,
    marginBottom: layout.marginBottom,
    marginLeft: MARGIN.left,
    marginRight: layout.marginRight,
    style: PANEL_STYLE,
    x: { ...layout.xAxis, labelAnchor: "right", tickFormat: formatTick },
    y: { domain: [bottom, top], label: "↑ sharpness λmax", tickFormat: formatTick, ticks: 4 },
    grid: true,
    marks: [
      Plot.ruleY([0], { stroke: THEME.muted }),
      Plot.line(drawnStair, {
        x: "x",
        y: "y",
        curve: "step-after",
        stroke: COLORS.rate,
        strokeWidth: 2,
        strokeDasharray: "7 4",
        className: "bound-line",
      }),
      Plot.line(measured, {
        x: "x",
        y: "y",
        stroke: SHARPNESS_COLORS.measured,
        strokeWidth: 2,
        className: "sharpness-line",
      }),
      Plot.dot(measured, {
        x: "x",
        y: "y",
        r: measured.length > 120 ? 1.5 : 2.4,
        fill: SHARPNESS_COLORS.measured,
        className: "sharpness-dot",
      }),
      ...((far && input.bound) || input.note
        ? [
            Plot.text(
              [
                far && input.bound
                  ? `↑ ${input.bound.label} from ${withRealMinus(formatSignificant(lowestBound, 4))}: far above the chart`
                  : (input.note as string),
              ],
              {
                text: (d) => d,
                // Top left: a sharpening λmax climbs towards the top right.
                frameAnchor: "top-left",
                dx: 6,
                dy: 6,
                textAnchor: "start",
                stroke: THEME.background,
                strokeWidth: 3,
                paintOrder: "stroke",
                fill: textColor(COLORS.rate),
                fontWeight: 600,
                className: far && input.bound ? "far-bound-note" : "bound-note",
              },
            ),
          ]
        : []),
      ...ends.map((end, k) =>
        Plot.text([{ x: layout.xAxis.domain[1], y: end.y }], {
          x: "x",
          y: "y",
          text: () => end.text,
          dx: 8,
          dy: (spread[k] as number) - (wanted[k] as number),
          textAnchor: "start",
          fill: textColor(end.color),
          fontWeight: 600,
          className: "series-label",
        }),
      ),
    ],
  }) as unknown as SVGElement;
}

/** The widest label this panel writes at the right, in pixels (with the gap before it). */
export function sharpnessLabelWidth(input: HistorySharpness): number {
  return Math.max(...sharpnessLabels(input).map((label) => textWidth(label, THEME.fontSize, true) + 14));
}
