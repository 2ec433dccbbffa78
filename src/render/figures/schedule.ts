/**
 * Learning rate against step for a schedule, or several to compare. The rate of step k is the one used
 * for the update from step k to k + 1 (Keras evaluates the schedule at `optimizer.iterations`), so each
 * rate is drawn as a stair held for its step, as long as the stairs are wide enough to be seen.
 *
 * Several schedules get the palette's colours, a label at the end of each line and, below the chart, a
 * key with each one's full arguments.
 */
import * as Plot from "@observablehq/plot";
import { type Figure, frame, type RenderEnvironment } from "../frame.js";
import { seriesColor, THEME } from "../theme.js";
import {
  describe,
  formatLogTick,
  type LegendEntry,
  legendPanel,
  logTicks,
  PANEL_STYLE,
  spreadLabels,
  textColor,
  textWidth,
  ticksOption,
} from "./annotations.js";
import { formatTick } from "./shared.js";

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

interface Point {
  x: number;
  y: number;
}

export function scheduleFigure({ document }: RenderEnvironment, input: ScheduleFigureInput): Figure {
  const { curves } = input;
  const log = input.log === true;
  const width = input.width ?? 720;
  const many = curves.length > 1;
  const points = curves.map((curve) => pointsOf(curve, log));
  const totalSteps = input.totalSteps ?? Math.max(1, ...points.flatMap((list) => list.map((p) => p.x)));
  const values = points.flatMap((list) => list.map((p) => p.y));
  const highest = Math.max(...values, Number.MIN_VALUE);
  const lowest = Math.min(...values, highest);
  const yDomain: [number, number] = log
    ? [
        lowest / 10 ** (0.04 * Math.max(Math.log10(highest / lowest), 0.5)),
        highest * 10 ** (0.04 * Math.max(Math.log10(highest / lowest), 0.5)),
      ]
    : [0, highest * 1.06];
  const yRange: [number, number] = [HEIGHT - MARGIN.bottom, MARGIN.top];

  // Several lines are labelled at their ends, in the right margin, spread apart.
  const ends = many
    ? curves.flatMap((curve, i) => {
        const last = (points[i] as Point[]).at(-1);
        return last ? [{ i, text: curve.label, y: last.y }] : [];
      })
    : [];
  const marginRight = Math.max(24, ...ends.map((end) => textWidth(end.text, THEME.fontSize, true) + 14));
  const yScale = Plot.scale({ y: { type: log ? "log" : "linear", domain: yDomain, range: yRange } });
  const wanted = ends.map((end) => yScale.apply(end.y) as number);
  const spread = spreadLabels(wanted, LABEL_GAP, MARGIN.top, HEIGHT - MARGIN.bottom);

  // Each rate holds for its update: stairs, while a step is wide enough to see them; a plain line when
  // the stairs would be narrower than a few pixels (a jump then spans one step, drawn all but upright).
  const curve = (width - MARGIN.left - marginRight) / totalSteps >= 6 ? "step-after" : "linear";
  const chart = Plot.plot({
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
      ...points.map((list, i) =>
        Plot.line(list, {
          x: "x",
          y: "y",
          curve,
          stroke: seriesColor(i),
          strokeWidth: 2,
          className: "schedule-line",
        }),
      ),
      ...ends.map((end, k) =>
        Plot.text([{ x: totalSteps, y: end.y }], {
          x: "x",
          y: "y",
          text: () => end.text,
          dx: 8,
          dy: (spread[k] as number) - (wanted[k] as number),
          textAnchor: "start",
          fill: textColor(seriesColor(end.i)),
          fontWeight: 600,
          className: "series-label",
        }),
      ),
    ],
  }) as unknown as SVGElement;

  const panels: SVGElement[] = [chart];
  const described = curves.filter((curve) => curve.description);
  if (many && described.length > 0) {
    const key: LegendEntry[] = curves.map((curve, i) => ({
      label: curve.description ? `${curve.label}: ${curve.description}` : curve.label,
      color: seriesColor(i),
      symbol: "line",
    }));
    panels.push(legendPanel(document, key, width, MARGIN.left));
  }
  const title =
    input.title ??
    (many
      ? `Learning rate against step: ${curves.length} schedules`
      : `Learning rate against step: ${curves[0]?.label ?? "schedule"}`);
  const skipped = log && curves.some((curve) => Array.from(curve.rates).some((rate) => !(rate > 0)));
  const subtitle = [input.subtitle, skipped ? "rates of 0 are not drawn on the log scale" : ""]
    .filter(Boolean)
    .join(" · ");
  return frame({
    title,
    subtitle,
    panels,
    columns: 1,
    ...(input.description === undefined ? {} : { description: describe(title, subtitle, input.description) }),
  });
}

/** The finite rates of a curve (positive ones only on a log axis). */
function pointsOf(curve: ScheduleCurve, log: boolean): Point[] {
  const points: Point[] = [];
  for (let i = 0; i < curve.rates.length; i++) {
    const y = curve.rates[i] as number;
    if (Number.isFinite(y) && (!log || y > 0)) points.push({ x: curve.steps[i] as number, y });
  }
  return points;
}
