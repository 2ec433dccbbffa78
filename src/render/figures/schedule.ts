/**
 * Learning rate against step for a schedule, or several to compare. The rate of step k is the one used
 * for the update from step k to k + 1 (Keras evaluates the schedule at `optimizer.iterations`), so each
 * rate is drawn as a stair held for its step, as long as the stairs are wide enough to be seen.
 *
 * Several schedules get distinct styles (never the lesson's red and green; see `distinctSeriesStyle`), a
 * label at the end of each line (joined to it by a leader when crowding moves it) and, below the chart,
 * a key with each one's full arguments.
 *
 * A rate that overflows (∞) or stops being a number is not drawn: its line breaks there and a triangle at
 * the top of the chart says at which step.
 */
import * as Plot from "@observablehq/plot";
import { type Figure, frame, type RenderEnvironment } from "../frame.js";
import { distinctSeriesStyle, THEME } from "../theme.js";
import {
  describe,
  type LegendEntry,
  legendPanel,
  PANEL_STYLE,
  spreadLabels,
  textColor,
  textWidth,
} from "./annotations.js";
import { placeLineLabels } from "./line-labels.js";
import { drawableOnLog, formatLogTick, LARGEST, logDomain, logTicks, ticksOption } from "./log-axis.js";
import { labelEveryLogTick } from "./log-axis-labels.js";
import { formatTick, largest, smallest } from "./shared.js";

export interface ScheduleCurve {
  /** A short name for the end of the line, e.g. "cosine". */
  label: string;
  /** The full description for the key, e.g. "CosineDecay(initial_learning_rate=0.01, decay_steps=100)". */
  description?: string;
  steps: ArrayLike<number>;
  rates: ArrayLike<number>;
}

export interface ScheduleFigureInput {
  curves: readonly ScheduleCurve[];
  /** The x axis runs from 0 to this (default: the last step of any curve). */
  totalSteps?: number;
  /** A log rate axis (rates ≤ 0 are not drawn on it). */
  log?: boolean;
  title?: string;
  subtitle?: string;
  width?: number;
  /** More for screen readers, after the title and subtitle in the figure's <desc> (e.g. the data used). */
  description?: string;
}

const HEIGHT = 340;
const MARGIN = { top: 24, bottom: 40, left: 62 } as const;
const LABEL_GAP = 15;
/** Pixels between a line's end and its label's leader end. */
const LEADER = 6;

interface Point {
  x: number;
  y: number;
}

export function scheduleFigure({ document }: RenderEnvironment, input: ScheduleFigureInput): Figure {
  const { curves } = input;
  const log = input.log === true;
  const width = input.width ?? 720;
  const many = curves.length > 1;
  const traced = curves.map((curve) => traceOf(curve, log));
  const points = traced.map((trace) => trace.points);
  const drawn = points.map((list) => list.filter((p) => Number.isFinite(p.y)));
  const totalSteps =
    input.totalSteps ??
    largest(
      curves.flatMap((curve) => Array.from(curve.steps)),
      1,
    );
  const values = drawn.flatMap((list) => list.map((p) => p.y));
  const highest = values.length > 0 ? largest(values) : 1;
  const lowest = values.length > 0 ? smallest(values) : highest;
  const yDomain: [number, number] = log
    ? logDomain(lowest, highest, (decades) => 0.04 * Math.max(decades, 0.5))
    : [0, highest > 0 ? Math.min(highest * 1.06, LARGEST) : 1];
  const yRange: [number, number] = [HEIGHT - MARGIN.bottom, MARGIN.top];

  const yScale = Plot.scale({ y: { type: log ? "log" : "linear", domain: yDomain, range: yRange } });
  const yPixel = (rate: number) => yScale.apply(rate) as number;
  const overflows = overflowMarkers(traced, totalSteps, yDomain[1]);
  const { marginRight, inline, margin, curve } = many
    ? labelLayout(curves, drawn, {
        width,
        totalSteps,
        yPixel,
        yRate: (pixel) => yScale.invert?.(pixel) as number,
        overflows: overflows.length,
      })
    : { marginRight: 24, inline: [], margin: [], curve: stairsOrLine(width - MARGIN.left - 24, totalSteps) };
  const stepsPerPixel = totalSteps / (width - MARGIN.left - marginRight);
  // Labels with no clear place beside their lines go to the right margin, spread apart, each joined to
  // its line's end by a leader.
  const wanted = margin.map((end) => yPixel(end.y));
  const spread = spreadLabels(wanted, LABEL_GAP, MARGIN.top, HEIGHT - MARGIN.bottom);
  const leaders = margin.map((end, k) => ({
    i: end.i,
    x1: totalSteps,
    y1: end.y,
    x2: totalSteps + LEADER * stepsPerPixel,
    y2: yScale.invert?.(spread[k] as number) as number,
  }));
  const labelText = (i: number, text: string, options: Record<string, unknown>) =>
    Plot.text([text], {
      text: (d) => d,
      fill: textColor(distinctSeriesStyle(i).color),
      fontWeight: 600,
      stroke: THEME.background,
      strokeWidth: 3,
      paintOrder: "stroke",
      className: "series-label",
      ...options,
    });

  const chart = Plot.plot(
    labelEveryLogTick({
      document,
      width,
      height: HEIGHT,
      marginTop: MARGIN.top,
      marginBottom: MARGIN.bottom,
      marginLeft: MARGIN.left,
      marginRight,
      style: PANEL_STYLE,
      x: { domain: [0, totalSteps], label: "step →", labelAnchor: "right", tickFormat: formatTick },
      y: log
        ? {
            type: "log",
            domain: yDomain,
            range: yRange,
            label: "↑ learning rate, log scale",
            ...ticksOption(logTicks(yDomain)),
            tickFormat: formatLogTick,
          }
        : { domain: yDomain, range: yRange, label: "↑ learning rate", tickFormat: formatTick },
      grid: true,
      marks: [
        ...(log ? [] : [Plot.ruleY([0], { stroke: THEME.muted })]),
        ...points.map((list, i) => {
          const style = distinctSeriesStyle(i);
          return Plot.line(list, {
            x: "x",
            y: "y",
            curve,
            stroke: style.color,
            strokeWidth: 2,
            ...(style.dash ? { strokeDasharray: style.dash } : {}),
            className: "schedule-line",
          });
        }),
        ...overflowMarks(overflows),
        ...leaders.map((leader) =>
          Plot.link([leader], {
            x1: "x1",
            y1: "y1",
            x2: "x2",
            y2: "y2",
            stroke: distinctSeriesStyle(leader.i).color,
            strokeWidth: 1,
            className: "series-leader",
          }),
        ),
        ...inline.map((label) =>
          labelText(label.i, label.text, {
            x: () => label.x,
            y: () => label.y,
            textAnchor: label.anchor,
          }),
        ),
        ...margin.map((end, k) =>
          labelText(end.i, end.text, {
            x: () => totalSteps,
            y: () => end.y,
            dx: LEADER + 3,
            dy: (spread[k] as number) - (wanted[k] as number),
            textAnchor: "start",
          }),
        ),
      ],
    }),
  ) as unknown as SVGElement;

  const panels: SVGElement[] = [chart];
  const described = curves.filter((curve) => curve.description);
  if (many && described.length > 0) {
    const key: LegendEntry[] = curves.map((curve, i) => {
      const style = distinctSeriesStyle(i);
      return {
        label: curve.description ? `${curve.label}: ${curve.description}` : curve.label,
        color: style.color,
        symbol: style.dash ? "dashed" : "line",
      };
    });
    panels.push(legendPanel(document, key, width, MARGIN.left));
  }
  const title =
    input.title ??
    (many
      ? `Learning rate against step: ${curves.length} schedules`
      : `Learning rate against step: ${curves[0]?.label ?? "schedule"}`);
  const subtitle = [input.subtitle, log ? skippedOnLog(curves) : ""].filter(Boolean).join(" · ");
  return frame({
    title,
    subtitle,
    panels,
    columns: 1,
    ...(input.description === undefined ? {} : { description: describe(title, subtitle, input.description) }),
  });
}

/**
 * Each rate holds for its update: stairs, while a step is wide enough to see them; a plain line when the
 * stairs would be narrower than a few pixels (a jump then spans one step, drawn all but upright).
 */
function stairsOrLine(plotWidth: number, totalSteps: number): "step-after" | "linear" {
  return plotWidth / totalSteps >= 6 ? "step-after" : "linear";
}

interface EndLabel {
  i: number;
  text: string;
  /** The line's last drawn rate. */
  y: number;
}

/**
 * Where the several lines' labels go: beside their lines on the chart where there is room
 * (`placeLineLabels`), in data coordinates; the rest at the lines' ends in the right margin, which is
 * made wide enough for them. Placing depends on the chart's width, which depends on the margin: the
 * margin grows until every label that needs it has it.
 */
function labelLayout(
  curves: readonly ScheduleCurve[],
  drawn: readonly Point[][],
  layout: {
    width: number;
    totalSteps: number;
    yPixel: (rate: number) => number;
    yRate: (pixel: number) => number;
    overflows: number;
  },
): {
  marginRight: number;
  inline: { i: number; text: string; x: number; y: number; anchor: "start" | "end" }[];
  margin: EndLabel[];
  curve: "step-after" | "linear";
} {
  const { width, totalSteps, yPixel, yRate } = layout;
  const labelled = curves.flatMap((curve, i) => {
    const last = (drawn[i] as Point[]).at(-1);
    return last ? [{ i, text: curve.label, y: last.y }] : [];
  });
  let inMargin = new Set<number>();
  for (let attempt = 0; ; attempt++) {
    const marginRight = Math.max(
      24,
      ...labelled
        .filter((label) => inMargin.has(label.i))
        .map((label) => LEADER + 3 + textWidth(label.text, THEME.fontSize, true) + 8),
    );
    const plotWidth = width - MARGIN.left - marginRight;
    const curve = stairsOrLine(plotWidth, totalSteps);
    const xPixel = (step: number) => MARGIN.left + (plotWidth * step) / totalSteps;
    const lines = labelled.map((label) => ({
      text: label.text,
      points: pixelPath(drawn[label.i] as Point[], curve, xPixel, yPixel),
    }));
    // The overflow labels run along the top of the chart.
    const avoid =
      layout.overflows > 0
        ? [{ x0: 0, x1: width, y0: 0, y1: MARGIN.top + 14 + LABEL_GAP * layout.overflows }]
        : [];
    const placed = placeLineLabels(lines, {
      bounds: {
        x0: MARGIN.left + 2,
        x1: width - marginRight,
        y0: MARGIN.top - 6,
        y1: HEIGHT - MARGIN.bottom - 2,
      },
      fontSize: THEME.fontSize,
      avoid,
    });
    const failed = labelled.filter((_, k) => placed[k] === null).map((label) => label.i);
    if (failed.every((i) => inMargin.has(i)) || attempt === 3) {
      inMargin = new Set([...inMargin, ...failed]);
      return {
        marginRight,
        curve,
        margin: labelled.filter((label) => inMargin.has(label.i)),
        inline: labelled.flatMap((label, k) => {
          const place = placed[k];
          if (!place || inMargin.has(label.i)) return [];
          const step = ((place.x - MARGIN.left) * totalSteps) / plotWidth;
          return [{ i: label.i, text: label.text, x: step, y: yRate(place.y), anchor: place.anchor }];
        }),
      };
    }
    inMargin = new Set([...inMargin, ...failed]);
  }
}

/** A line's points in pixels, as drawn: with the stairs' corners when it is drawn as stairs. */
function pixelPath(
  points: readonly Point[],
  curve: "step-after" | "linear",
  xPixel: (step: number) => number,
  yPixel: (rate: number) => number,
): { x: number; y: number }[] {
  const path: { x: number; y: number }[] = [];
  points.forEach((point, k) => {
    const previous = points[k - 1];
    if (curve === "step-after" && previous) path.push({ x: xPixel(point.x), y: yPixel(previous.y) });
    path.push({ x: xPixel(point.x), y: yPixel(point.y) });
  });
  return path;
}

/** What a log rate axis leaves out, in words ("" when nothing): rates of 0, and those below 1e-300. */
function skippedOnLog(curves: readonly ScheduleCurve[]): string {
  const rates = curves.flatMap((curve) => Array.from(curve.rates));
  const zero = rates.some((rate) => rate <= 0);
  const tiny = rates.some((rate) => rate > 0 && !drawableOnLog(rate) && Number.isFinite(rate));
  if (!zero && !tiny) return "";
  return `rates ${[zero ? "of 0" : "", tiny ? "below 1e-300" : ""].filter(Boolean).join(" and ")} are not drawn on the log scale`;
}

/** Where a curve's rate stops being a number a chart can draw: ∞ (overflow), −∞, or NaN. */
interface Overflow {
  step: number;
  value: number;
}

/**
 * The curve's drawable rates as points (on a log axis, those from 1e-300 to 1e308), with a break (y NaN) wherever
 * a rate cannot be drawn, and the first step whose rate is not finite. A rate that was drawn holds until
 * the step that breaks the line, as a stair does.
 */
function traceOf(curve: ScheduleCurve, log: boolean): { points: Point[]; overflow: Overflow | null } {
  const points: Point[] = [];
  let overflow: Overflow | null = null;
  for (let i = 0; i < curve.rates.length; i++) {
    const x = curve.steps[i] as number;
    const y = curve.rates[i] as number;
    if (log ? drawableOnLog(y) : Number.isFinite(y)) {
      points.push({ x, y });
      continue;
    }
    if (!Number.isFinite(y) && overflow === null) overflow = { step: x, value: y };
    const previous = points.at(-1);
    if (previous && Number.isFinite(previous.y)) points.push({ x, y: previous.y }, { x, y: Number.NaN });
  }
  return { points, overflow };
}

/** A triangle at the top of the chart where each curve's rate stops being finite, and what it became. */
function overflowMarkers(
  traced: readonly { overflow: Overflow | null }[],
  totalSteps: number,
  top: number,
): { i: number; x: number; y: number; text: string; dx: number; dy: number }[] {
  let row = 0;
  return traced.flatMap(({ overflow }, i) => {
    if (!overflow) return [];
    const what = Number.isNaN(overflow.value)
      ? "not a number"
      : `overflows to ${overflow.value > 0 ? "∞" : "−∞"}`;
    const right = overflow.step > totalSteps / 2;
    return [
      {
        i,
        x: overflow.step,
        y: top,
        text: `${what} at step ${formatTick(overflow.step)}, not drawn`,
        dx: right ? -9 : 9,
        dy: 12 + LABEL_GAP * row++,
      },
    ];
  });
}

function overflowMarks(markers: ReturnType<typeof overflowMarkers>) {
  return [
    Plot.dot(markers, {
      x: "x",
      y: "y",
      symbol: "triangle",
      r: 5,
      fill: (d) => distinctSeriesStyle(d.i).color,
      className: "overflow-marker",
    }),
    ...markers.map((marker) =>
      Plot.text([marker], {
        x: "x",
        y: "y",
        text: "text",
        dx: marker.dx,
        dy: marker.dy,
        textAnchor: marker.dx < 0 ? "end" : "start",
        fill: textColor(distinctSeriesStyle(marker.i).color),
        fontWeight: 600,
        stroke: THEME.background,
        strokeWidth: 3,
        paintOrder: "stroke",
        className: "overflow-label",
      }),
    ),
  ];
}
