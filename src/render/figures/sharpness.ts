/**
 * The sharpness λmax (the largest eigenvalue of the loss Hessian) against step, with the bound the rate
 * sets on it (2/η, and 2(1 + β)/η with momentum), above the loss on the same step axis: progressive
 * sharpening (λmax rises) and the edge of stability (it reaches the bound and hovers there while the loss
 * keeps falling, not monotonically), as Cohen et al. (2021) draw them.
 *
 * Every line is labelled at its end, in the right margin; the phases are written on the chart: the rising
 * stretch is named beside the curve, and from the step λmax first reaches the bound a light band runs
 * down both panels. A bound far above the measured sharpness (a small rate on a flat loss) is not drawn to
 * scale, which would squash λmax to the floor: a note at the top says where it is.
 *
 * When the run reaches the edge, the loss panel's scale covers the losses from there on, so their small
 * rises are not flattened by the first steps' fall; losses above it are cut at the top, and the note there
 * gives the first one.
 */
import * as Plot from "@observablehq/plot";
import type { SharpnessPhases } from "../../core/judging/edge-of-stability.js";
import { type Figure, frame, type RenderEnvironment } from "../frame.js";
import { withRealMinus } from "../numbers.js";
import { THEME } from "../theme.js";
import {
  cutLine,
  describe,
  formatSignificant,
  type LinePoint,
  PANEL_STYLE,
  spreadLabels,
  textColor,
  textWidth,
} from "./annotations.js";
import { finiteValues } from "./history-values.js";
import { extent, formatTick, largest, smallest } from "./shared.js";
import { lossPanel } from "./sharpness-loss.js";
import { phaseMarks, phaseSentence } from "./sharpness-phases.js";
import { SHARPNESS_COLORS, SHARPNESS_HEIGHT, SHARPNESS_MARGIN } from "./sharpness-style.js";

export { lossScale, lossSpike } from "./sharpness-loss.js";

/** A curve against step (NaN, or Infinity for a bound at a rate of 0, breaks it). */
export interface StepSeries {
  steps: ArrayLike<number>;
  values: ArrayLike<number>;
}

/** A bound on the sharpness, in its units, at each recorded step: a curve when the rate follows a schedule. */
export interface SharpnessBoundCurve extends StepSeries {
  /** How it is written: "2/η", "2(1 + β)/η". */
  formula: string;
  /** Its value when the rate is constant (the label gives it), else null. */
  value: number | null;
  /** Words after the formula and value in its end label: "(without momentum)", "β = 0.9". */
  qualifier?: string;
  /** `plain`: gradient descent's 2/η; `optimizer`: the chosen optimizer's own (momentum's). */
  kind: "plain" | "optimizer";
}

export interface SharpnessFigureInput {
  /** λmax at each measured step. */
  measured: StepSeries;
  /** The label at the measured curve's end. */
  measuredLabel?: string;
  bounds: readonly SharpnessBoundCurve[];
  /** The exact λmax (the linear family under MSE), drawn as a reference line with its label. */
  exact: { value: number; label: string } | null;
  phases: SharpnessPhases | null;
  /** The full-data loss at each recorded step, and its name for the axis ("MSE"). */
  loss: StepSeries & { name: string };
  /** The x axis runs from 0 to this. */
  totalSteps: number;
  /** A sentence under the chart (why no bound is drawn, say). */
  note?: string;
  title?: string;
  subtitle?: string;
  width?: number;
  /** More for screen readers, after the title and subtitle. */
  description?: string;
}

const MARGIN = SHARPNESS_MARGIN;
const LABEL_GAP = 15;
/** A bound more than this many times the highest sharpness is noted, not drawn to scale. */
const FAR_ABOVE = 4;

export { SHARPNESS_COLORS } from "./sharpness-style.js";

export function sharpnessFigure({ document }: RenderEnvironment, input: SharpnessFigureInput): Figure {
  const width = input.width ?? 720;
  const totalSteps = Math.max(1, input.totalSteps);
  const xDomain: [number, number] = [0, totalSteps];
  const measured = seriesPoints(input.measured);
  const highest = largest(
    measured.map((p) => p.y),
    Math.max(0, input.exact?.value ?? 0),
  );

  // Bounds within reach of the measured sharpness are drawn to scale; the others are noted at the top.
  const reachable = input.bounds.filter((bound) => lowest(bound) <= FAR_ABOVE * Math.max(highest, 1e-300));
  const far = input.bounds.filter((bound) => !reachable.includes(bound));
  const drawnTop = Math.max(highest, ...reachable.map((bound) => boundTop(bound, highest)));
  const yTop = niceTop(1.12 * (drawnTop > 0 ? drawnTop : 1));
  const bounds = reachable.map((bound) => ({
    bound,
    points: cutLine(seriesPoints(bound), 0, yTop, false),
  }));

  // End labels in the right margin, spread apart.
  const endLabels = [
    ...(measured.length > 0
      ? [
          {
            text: input.measuredLabel ?? "λmax (measured)",
            y: (measured.at(-1) as LinePoint).y,
            color: SHARPNESS_COLORS.measured,
          },
        ]
      : []),
    ...bounds.flatMap(({ bound, points }) => {
      const last = lastFinite(points);
      return last
        ? [
            {
              text: [valued(bound), bound.qualifier].filter(Boolean).join(", "),
              y: last.y,
              color: SHARPNESS_COLORS[bound.kind],
            },
          ]
        : [];
    }),
    ...(input.exact
      ? [{ text: input.exact.label, y: input.exact.value, color: SHARPNESS_COLORS.exact }]
      : []),
  ];
  const lossLabel = `loss (${input.loss.name})`;
  const marginRight = Math.max(
    24,
    ...endLabels.map((label) => textWidth(label.text, THEME.fontSize, true) + 14),
    textWidth(lossLabel, THEME.fontSize, true) + 14,
  );
  const x = Plot.scale({ x: { domain: xDomain, range: [MARGIN.left, width - marginRight] } });
  const y = Plot.scale({ y: { domain: [0, yTop], range: [SHARPNESS_HEIGHT - 28, MARGIN.top] } });
  const px = (value: number) => x.apply(value) as number;
  const py = (value: number) => y.apply(value) as number;
  const wanted = endLabels.map((label) => py(Math.min(label.y, yTop)));
  const spread = spreadLabels(wanted, LABEL_GAP, MARGIN.top, SHARPNESS_HEIGHT - 28);

  // The band only where the core decided the run is at the edge, not under a lone crossing of the bound.
  const edgeFrom = input.phases?.edgeOfStability ? input.phases.edgeFrom : null;
  // To the end of the run when λmax stays at the bound (the last measurement is at the last step).
  const lastMeasured = measured.at(-1)?.x;
  const edgeTo =
    input.phases?.edgeTo == null || input.phases.edgeTo === lastMeasured ? totalSteps : input.phases.edgeTo;
  const edgeBand = (className: string) =>
    edgeFrom === null
      ? []
      : [
          Plot.rect([{ x1: edgeFrom, x2: edgeTo }], {
            x1: "x1",
            x2: "x2",
            fill: SHARPNESS_COLORS.edge,
            // See-through, so the grid shows in the band.
            fillOpacity: 0.45,
            className,
          }),
        ];
  const farLabel = far.length > 0 ? farText(far, highest) : null;
  const farBox = farLabel
    ? {
        x0: width - marginRight - 6 - textWidth(farLabel, THEME.fontSize, true),
        x1: width - marginRight,
        y0: MARGIN.top,
        y1: MARGIN.top + 14,
      }
    : null;
  const phaseLabels = phaseMarks(input, measured, bounds, {
    px,
    py,
    width,
    marginRight,
    yTop,
    avoid: farBox ? [farBox] : [],
  });
  const farNote =
    farLabel !== null
      ? [
          Plot.text([farLabel], {
            text: (d) => d,
            frameAnchor: "top-right",
            dy: 6,
            dx: -6,
            textAnchor: "end",
            fill: textColor(SHARPNESS_COLORS[far[0]?.kind ?? "plain"]),
            fontWeight: 600,
            stroke: THEME.background,
            strokeWidth: 3,
            paintOrder: "stroke",
            className: "far-bound-note",
          }),
        ]
      : [];

  const sharpnessPanel = Plot.plot({
    document,
    width,
    height: SHARPNESS_HEIGHT,
    marginTop: MARGIN.top,
    marginBottom: 28,
    marginLeft: MARGIN.left,
    marginRight,
    style: PANEL_STYLE,
    x: { domain: xDomain, label: null, tickFormat: formatTick },
    y: { domain: [0, yTop], label: "↑ sharpness λmax (largest Hessian eigenvalue)", tickFormat: formatTick },
    grid: true,
    marks: [
      ...edgeBand("edge-band"),
      Plot.ruleY([0], { stroke: THEME.muted }),
      ...bounds.map(({ bound, points }) =>
        Plot.line(points, {
          x: "x",
          y: "y",
          curve: "step-after",
          stroke: SHARPNESS_COLORS[bound.kind],
          strokeWidth: 2,
          strokeDasharray: bound.kind === "plain" ? "7 4" : "3 3",
          className: bound.kind === "plain" ? "bound-line" : "optimizer-bound-line",
        }),
      ),
      // Beside the exact line the measurements are dots on it, and the line is drawn over them.
      ...(input.exact
        ? []
        : [
            Plot.line(measured, {
              x: "x",
              y: "y",
              stroke: SHARPNESS_COLORS.measured,
              strokeWidth: 2,
              className: "sharpness-line",
            }),
          ]),
      Plot.dot(measured, {
        x: "x",
        y: "y",
        r: input.exact ? 3.2 : measured.length > 120 ? 1.5 : 2.6,
        fill: SHARPNESS_COLORS.measured,
        className: "sharpness-dot",
      }),
      ...(input.exact
        ? [
            Plot.ruleY([input.exact.value], {
              stroke: SHARPNESS_COLORS.exact,
              strokeWidth: 2,
              strokeDasharray: "7 4",
              className: "exact-line",
            }),
          ]
        : []),
      ...phaseLabels,
      ...farNote,
      ...endLabels.map((label, k) =>
        Plot.text([{ x: totalSteps, y: Math.min(label.y, yTop) }], {
          x: "x",
          y: "y",
          text: () => label.text,
          dx: 8,
          dy: (spread[k] as number) - (wanted[k] as number),
          textAnchor: "start",
          fill: textColor(label.color),
          fontWeight: 600,
          className: "series-label",
        }),
      ),
    ],
  }) as unknown as SVGElement;

  const panels: SVGElement[] = [
    sharpnessPanel,
    lossPanel(document, input, { width, marginRight, xDomain, lossLabel, edgeBand }),
  ];
  if (input.note) panels.push(notePanel(document, input.note, width));

  const title = input.title ?? "Sharpness λmax against step, with the bound the rate sets on it";
  const more = [input.description, phaseSentence(input), input.note].filter(Boolean).join(" ");
  return frame({
    title,
    subtitle: input.subtitle,
    panels,
    columns: 1,
    description: describe(title, input.subtitle, more),
  });
}

/** "↑ 2/η = 200: 31 × the highest λmax, far above the chart". */
function farText(far: readonly SharpnessBoundCurve[], highest: number): string {
  const times =
    highest > 0
      ? `${withRealMinus(formatSignificant(Math.min(...far.map(lowest)) / highest, 2))} × the highest λmax, `
      : "";
  return `↑ ${far.map(valued).join(" and ")}: ${times}far above the chart`;
}

/** "2/η = 20", or "2/η" under a schedule. */
function valued(bound: SharpnessBoundCurve): string {
  return bound.value === null
    ? bound.formula
    : `${bound.formula} = ${withRealMinus(formatSignificant(bound.value, 4))}`;
}

/** A sentence or two, wrapped to the figure's width, in a panel of its own. */
function notePanel(document: Document, note: string, width: number): SVGElement {
  const lines: string[] = [];
  let line = "";
  for (const word of note.split(" ")) {
    const next = line ? `${line} ${word}` : word;
    if (line && textWidth(next) > width - MARGIN.left - 20) {
      lines.push(line);
      line = word;
    } else line = next;
  }
  if (line) lines.push(line);
  const height = 16 * lines.length + 8;
  return Plot.plot({
    document,
    width,
    height,
    margin: 0,
    axis: null,
    x: { type: "identity" },
    y: { type: "identity" },
    style: PANEL_STYLE,
    marks: [
      Plot.text(lines, {
        x: MARGIN.left,
        y: (_d: string, i: number) => 10 + 16 * i,
        text: (d: string) => d,
        textAnchor: "start",
        fill: THEME.muted,
        className: "sharpness-note",
      }),
    ],
  }) as unknown as SVGElement;
}

function seriesPoints(series: StepSeries): LinePoint[] {
  const points: LinePoint[] = [];
  for (let i = 0; i < Math.min(series.steps.length, series.values.length); i++) {
    const value = series.values[i] as number;
    points.push({ x: series.steps[i] as number, y: Number.isFinite(value) ? value : Number.NaN });
  }
  return points;
}

function lowest(bound: StepSeries): number {
  const values = finiteValues(bound.values);
  return smallest(values);
}

/**
 * The bound's highest value worth showing: all of it when it is constant, or only up to 1.5 times the
 * highest sharpness (and at least its lowest) when a decaying rate sends it up and away.
 */
function boundTop(bound: StepSeries, highest: number): number {
  const values = finiteValues(bound.values);
  if (values.length === 0) return 0;
  const [low, high] = extent(values);
  return Math.min(high, Math.max(low, 1.5 * highest));
}

function lastFinite(points: readonly LinePoint[]): LinePoint | undefined {
  for (let i = points.length - 1; i >= 0; i--) if (Number.isFinite(points[i]?.y)) return points[i];
  return undefined;
}

/** A round number at or a little above `value` for the top of a linear axis. */
function niceTop(value: number): number {
  const [, high] = Plot.scale({ y: { domain: [0, value], nice: true } }).domain as [number, number];
  return high;
}
