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
import { OKABE_ITO, THEME } from "../theme.js";
import {
  type Box,
  cutLine,
  describe,
  formatSignificant,
  type LinePoint,
  lineObstacles,
  PANEL_STYLE,
  spreadLabels,
  textColor,
  textWidth,
} from "./annotations.js";
import { finiteValues, pointsOf } from "./history-values.js";
import { placeLineLabels } from "./line-labels.js";
import {
  decadesBetween,
  drawableOnLog,
  formatLogTick,
  logDomain,
  logTicks,
  ticksOption,
} from "./log-axis.js";
import { extent, formatTick } from "./shared.js";

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

const SHARPNESS_HEIGHT = 330;
const LOSS_HEIGHT = 190;
const MARGIN = { top: 26, bottom: 40, left: 62 } as const;
const LABEL_GAP = 15;
/** A bound more than this many times the highest sharpness is noted, not drawn to scale. */
const FAR_ABOVE = 4;

export const SHARPNESS_COLORS = {
  measured: OKABE_ITO.blue,
  plain: OKABE_ITO.reddishPurple,
  optimizer: OKABE_ITO.orange,
  exact: THEME.ideal,
  loss: THEME.ink,
  edge: "#ead9a6",
} as const;

export function sharpnessFigure({ document }: RenderEnvironment, input: SharpnessFigureInput): Figure {
  const width = input.width ?? 720;
  const totalSteps = Math.max(1, input.totalSteps);
  const xDomain: [number, number] = [0, totalSteps];
  const measured = seriesPoints(input.measured);
  const highest = Math.max(0, ...measured.map((p) => p.y), input.exact?.value ?? 0);

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

  const edgeFrom = input.phases?.edgeFrom ?? null;
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

/** The loss panel: the same steps, the loss zoomed past the first tenth of the run. */
function lossPanel(
  document: Document,
  input: SharpnessFigureInput,
  layout: {
    width: number;
    marginRight: number;
    xDomain: [number, number];
    lossLabel: string;
    edgeBand: (className: string) => Plot.Markish[];
  },
): SVGElement {
  const { loss } = input;
  const scale = lossScale(loss, input.phases?.edgeFrom ?? null);
  const points = pointsOf(loss.steps, loss.values, scale.log);
  const drawn = cutLine(
    points.filter((point) => Number.isFinite(point.y)),
    scale.domain[0],
    scale.domain[1],
    scale.log,
  );
  const last = lastFinite(drawn);
  const spike = input.phases?.edgeFrom == null ? null : lossSpike(points, input.phases.edgeFrom);
  const xPixel = Plot.scale({
    x: { domain: layout.xDomain, range: [MARGIN.left, layout.width - layout.marginRight] },
  });
  // Beside the spike, on the side with room for the words.
  const spikeText = "the loss jumps, then λmax falls back below the bound";
  const spikeRight =
    spike !== null &&
    (xPixel.apply(spike.x) as number) + 10 + textWidth(`← ${spikeText}`) <= layout.width - layout.marginRight;
  return Plot.plot({
    document,
    width: layout.width,
    height: LOSS_HEIGHT,
    marginTop: 14,
    marginBottom: MARGIN.bottom,
    marginLeft: MARGIN.left,
    marginRight: layout.marginRight,
    style: PANEL_STYLE,
    x: { domain: layout.xDomain, label: "step →", labelAnchor: "right", tickFormat: formatTick },
    y: scale.log
      ? {
          type: "log",
          domain: scale.domain,
          label: `↑ loss, log scale`,
          ...ticksOption(logTicks(scale.domain, 3, 5)),
          tickFormat: formatLogTick,
        }
      : { domain: scale.domain, label: "↑ loss", tickFormat: formatTick, ticks: 4 },
    grid: true,
    marks: [
      ...layout.edgeBand("edge-band-loss"),
      Plot.line(drawn, {
        x: "x",
        y: "y",
        stroke: SHARPNESS_COLORS.loss,
        strokeWidth: 1.6,
        className: "loss-line",
      }),
      ...(last
        ? [
            Plot.text([last], {
              x: "x",
              y: "y",
              text: () => layout.lossLabel,
              dx: 8,
              textAnchor: "start",
              fill: SHARPNESS_COLORS.loss,
              fontWeight: 600,
              className: "series-label",
            }),
          ]
        : []),
      ...(spike && spike.y <= scale.domain[1]
        ? [
            // Halfway up the spike, pointing at its flank, clear of the notes along the top.
            Plot.text([spike], {
              x: "x",
              y: (d: LinePoint & { base: number }) =>
                scale.log ? Math.sqrt(d.y * d.base) : (d.y + d.base) / 2,
              text: () => (spikeRight ? `← ${spikeText}` : `${spikeText} →`),
              dx: spikeRight ? 8 : -8,
              textAnchor: spikeRight ? "start" : "end",
              fill: THEME.ink,
              stroke: THEME.background,
              strokeWidth: 3,
              paintOrder: "stroke",
              className: "spike-label",
            }),
          ]
        : []),
      ...(scale.cutFrom
        ? [
            Plot.text([scale.cutFrom], {
              text: (d) => `↑ ${withRealMinus(formatSignificant(d.y, 4))} at step ${formatTick(d.x)}`,
              // Top right: the cut losses are the first steps', at the left; at the edge the late loss is low.
              frameAnchor: "top-right",
              dx: -6,
              dy: 6,
              textAnchor: "end",
              fill: THEME.muted,
              stroke: THEME.background,
              strokeWidth: 3,
              paintOrder: "stroke",
              className: "loss-cut-note",
            }),
          ]
        : []),
    ],
  }) as unknown as SVGElement;
}

/**
 * The loss panel's scale: over the losses from the edge of stability on, when there is one (all of them
 * when that leaves fewer than two), with the first loss above it noted; log when they span a decade or more.
 */
export function lossScale(
  loss: StepSeries,
  edgeFrom: number | null,
): { domain: [number, number]; log: boolean; cutFrom: LinePoint | null } {
  const all: LinePoint[] = [];
  for (let i = 0; i < loss.values.length; i++) {
    const value = loss.values[i] as number;
    if (Number.isFinite(value)) all.push({ x: loss.steps[i] as number, y: value });
  }
  const late = edgeFrom === null ? [] : all.filter((point) => point.x >= edgeFrom);
  const shown = late.length >= 2 ? late : all;
  const [low, high] = shown.length > 0 ? extent(shown.map((p) => p.y)) : [0, 1];
  const log = drawableOnLog(low) && decadesBetween(low, high) >= 1;
  let domain: [number, number];
  if (log) domain = logDomain(low, high, (decades) => 0.06 * decades);
  else {
    const pad = 0.08 * (high - low || Math.abs(high) || 1);
    domain = [low - pad, high + pad];
  }
  const cutFrom = all.find((point) => point.y > domain[1]) ?? null;
  return { domain, log, cutFrom };
}

/**
 * The highest loss at or after the edge's first step, when it is a spike: above both its neighbours and
 * at least 2% above the lowest loss there (`base`) (at the edge the loss rises for a few steps while λmax is above
 * the bound, then falls as λmax comes back below it).
 */
export function lossSpike(points: readonly LinePoint[], from: number): (LinePoint & { base: number }) | null {
  let peak = -1;
  let lowest = Number.POSITIVE_INFINITY;
  points.forEach((point, i) => {
    if (point.x < from || !Number.isFinite(point.y)) return;
    lowest = Math.min(lowest, point.y);
    if (peak < 0 || point.y > (points[peak] as LinePoint).y) peak = i;
  });
  const top = points[peak];
  const before = points[peak - 1];
  const after = points[peak + 1];
  if (!top || !before || !after || !(top.y > before.y && top.y > after.y)) return null;
  return top.y >= 1.02 * lowest ? { ...top, base: lowest } : null;
}

/** The name of the rising stretch beside the curve, and of the edge at the top of its band. */
function phaseMarks(
  input: SharpnessFigureInput,
  measured: readonly LinePoint[],
  bounds: readonly { bound: SharpnessBoundCurve; points: LinePoint[] }[],
  layout: {
    px: (value: number) => number;
    py: (value: number) => number;
    width: number;
    marginRight: number;
    yTop: number;
    /** Boxes (pixels) the labels keep clear of. */
    avoid: readonly Box[];
  },
): Plot.Markish[] {
  const phases = input.phases;
  if (!phases) return [];
  const marks: Plot.Markish[] = [];
  const { px, py } = layout;
  const inPixels = (points: readonly LinePoint[]) =>
    points.map((p) => ({ x: px(p.x), y: Number.isFinite(p.y) ? py(p.y) : Number.NaN }));
  const edgeLabel =
    phases.edgeFrom === null
      ? null
      : phases.startsAbove && phases.edgeFrom === measured[0]?.x
        ? "above the bound from the start: the edge of stability"
        : "edge of stability";
  const edgeBox =
    edgeLabel === null || phases.edgeFrom === null
      ? null
      : (() => {
          const x0 = px(phases.edgeFrom) + 6;
          return {
            x0,
            x1: x0 + textWidth(edgeLabel, THEME.fontSize, true),
            y0: MARGIN.top,
            y1: MARGIN.top + 16,
          };
        })();
  if (edgeLabel !== null && phases.edgeFrom !== null) {
    // Inside the band's top-left corner, or right-aligned to its end when the band is too narrow for it.
    const fits = edgeBox !== null && edgeBox.x1 <= layout.width - layout.marginRight - 4;
    marks.push(
      Plot.text([{ x: fits ? phases.edgeFrom : input.totalSteps, y: layout.yTop }], {
        x: "x",
        y: "y",
        text: () => edgeLabel,
        dx: fits ? 6 : -6,
        dy: 9,
        textAnchor: fits ? "start" : "end",
        fill: "#7a5b00",
        fontWeight: 600,
        stroke: THEME.background,
        strokeWidth: 3,
        paintOrder: "stroke",
        className: "edge-label",
      }),
    );
  }
  const sharpening = phases.sharpening;
  if (sharpening) {
    const rising = measured.filter((p) => p.x >= sharpening.from && p.x <= sharpening.to);
    const others = [...bounds.map((b) => b.points), measured.filter((p) => !rising.includes(p))];
    const [placed] = placeLineLabels([{ text: "progressive sharpening ↗", points: inPixels(rising) }], {
      bounds: {
        x0: MARGIN.left,
        x1: layout.width - layout.marginRight,
        y0: MARGIN.top,
        y1: SHARPNESS_HEIGHT - 28,
      },
      fontSize: THEME.fontSize,
      gap: 6,
      avoid: [
        ...others.flatMap((points) => lineObstacles(inPixels(points))),
        ...(edgeBox ? [edgeBox] : []),
        ...layout.avoid,
      ],
    });
    if (placed) marks.push(pixelText(placed, "progressive sharpening ↗", layout, "sharpening-label"));
  }
  return marks;
}

/** A text mark at a pixel position, inverted through the panel's scales. */
function pixelText(
  placed: { x: number; y: number; anchor: "start" | "end" },
  text: string,
  layout: { px: (value: number) => number; py: (value: number) => number },
  className: string,
): Plot.Markish {
  return Plot.text([placed], {
    x: () => invert(layout.px, placed.x),
    y: () => invert(layout.py, placed.y),
    text: () => text,
    textAnchor: placed.anchor,
    fill: textColor(SHARPNESS_COLORS.measured),
    fontWeight: 600,
    stroke: THEME.background,
    strokeWidth: 3,
    paintOrder: "stroke",
    className,
  });
}

/** The value a linear pixel map sends to `pixel`. */
function invert(map: (value: number) => number, pixel: number): number {
  const [a, b] = [map(0), map(1)];
  return (pixel - a) / (b - a);
}

/** The phases in a sentence, for screen readers. */
function phaseSentence(input: SharpnessFigureInput): string {
  const phases = input.phases;
  if (!phases) return "";
  const parts: string[] = [];
  if (phases.sharpening) {
    parts.push(
      `Progressive sharpening: λmax rises from ${withRealMinus(formatSignificant(phases.sharpening.fromValue, 4))} at step ${phases.sharpening.from} to ${withRealMinus(formatSignificant(phases.sharpening.toValue, 4))} at step ${phases.sharpening.to}.`,
    );
  }
  if (phases.edgeFrom !== null) {
    parts.push(
      `From step ${phases.edgeFrom} λmax is at the bound or above it (the edge of stability), within ${Math.round(100 * 0.1)}% of it or above at ${phases.atEdge} of ${phases.afterEdge} measurements.`,
    );
  }
  return parts.join(" ");
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
  return values.length > 0 ? Math.min(...values) : Number.POSITIVE_INFINITY;
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
