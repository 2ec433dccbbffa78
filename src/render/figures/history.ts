/**
 * A training history: the loss (and validation loss) above, the learning rate below, on one x axis of
 * epochs or of the optimizer's updates (steps), so a drop of the rate lines up with what the loss did
 * next. Each rate is drawn held for the epoch or update that used it (a stair). Stepwise changes of the
 * rate (ReduceLROnPlateau's reductions, a piecewise schedule's drops) are marked on both panels and
 * labelled with their factor.
 *
 * Per-update losses (from lrlab/tfjs's `learningRateLogger`) are drawn faint behind the per-epoch ones:
 * they are noisy, and the epoch means are what `fit` reports.
 */
import * as Plot from "@observablehq/plot";
import { type Figure, frame, type RenderEnvironment } from "../frame.js";
import { OKABE_ITO, THEME } from "../theme.js";
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
  LARGEST,
  logDomain,
  logTicks,
  ticksOption,
} from "./log-axis.js";
import { extent, formatTick } from "./shared.js";

/** A loss series: values at x (NaN for missing), drawn as a line and labelled at its end. */
export interface HistoryLossSeries {
  /** The label at the line's end, e.g. "val_loss". */
  label: string;
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  /** `epoch`: a line with dots, in its colour; `batch`: a faint thin line (per-update losses). */
  kind: "epoch" | "batch";
  /** Which colour of the pair: the training loss or the validation loss. */
  role: "train" | "validation";
}

export interface HistoryFigureInput {
  /** What the x axis counts. */
  unit: "epoch" | "step";
  losses: readonly HistoryLossSeries[];
  /** The rate as a stair: `rates[i]` holds from `x[i]` to `x[i + 1]`, the last until `end`; or null. */
  learningRate: { x: ArrayLike<number>; rates: ArrayLike<number> } | null;
  /** The x axis spans [start, end]. */
  start: number;
  end: number;
  title?: string;
  subtitle?: string;
  width?: number;
  /** More for screen readers, after the title and subtitle in the figure's <desc>. */
  description?: string;
}

const LOSS_HEIGHT = 300;
const RATE_HEIGHT = 170;
const MARGIN = { top: 24, bottom: 40, left: 62 } as const;
const LABEL_GAP = 15;
/** A series longer than this is drawn from evenly spaced points (they would be sub-pixel apart). */
const MAX_POINTS = 3000;
/** At most this many changes of the rate are marked; more means a smooth schedule. */
const MAX_MARKED_CHANGES = 12;

const COLORS = {
  train: OKABE_ITO.blue,
  validation: OKABE_ITO.orange,
  rate: OKABE_ITO.reddishPurple,
} as const;

/** A change of the rate: where the new rate starts, and the factor from the old one. */
interface RateChange {
  x: number;
  from: number;
  to: number;
}

export function historyFigure({ document }: RenderEnvironment, input: HistoryFigureInput): Figure {
  const width = input.width ?? 720;
  const xDomain: [number, number] = [input.start, Math.max(input.end, input.start + 1)];
  const xTicks = input.unit === "epoch" && xDomain[1] - xDomain[0] <= 20 ? integerTicks(xDomain) : undefined;
  const xAxis = (label: string | null) => ({
    domain: xDomain,
    label,
    labelAnchor: "right" as const,
    tickFormat: formatTick,
    ...(xTicks ? { ticks: xTicks } : {}),
  });

  // The loss panel: log when the losses span a decade or more (all positive), else linear from 0.
  const all = input.losses.flatMap((series) => finiteValues(series.y));
  const [lowest, highest] = extent(all);
  const lossLog = all.length > 0 && drawableOnLog(lowest) && decadesBetween(lowest, highest) >= 1;
  const lossDomain = domainOf(all, lossLog);
  const lossSeries = input.losses.map((series) => ({
    ...series,
    points: pointsOf(series.x, series.y, lossLog),
  }));
  const ends = lossSeries.flatMap((series) => {
    const last = lastFinite(series.points);
    return last
      ? [{ text: series.label, y: last.y, color: COLORS[series.role], faint: series.kind === "batch" }]
      : [];
  });
  const rate = input.learningRate ? rateStairs(input.learningRate, xDomain[1]) : null;
  const rateLabel = rate ? "learning rate" : "";
  const marginRight = Math.max(
    24,
    ...ends.map((end) => textWidth(end.text, THEME.fontSize, true) + 14),
    rate ? textWidth(rateLabel, THEME.fontSize, true) + 14 : 0,
  );
  const changes = rate ? markedChanges(rate.points) : [];

  const lossY = Plot.scale({
    y: {
      type: lossLog ? "log" : "linear",
      domain: lossDomain,
      range: [LOSS_HEIGHT - MARGIN.bottom, MARGIN.top],
    },
  });
  const wanted = ends.map((end) => lossY.apply(end.y) as number);
  const spread = spreadLabels(
    wanted,
    LABEL_GAP,
    MARGIN.top,
    LOSS_HEIGHT - (input.learningRate ? 28 : MARGIN.bottom),
  );
  const changeRules = (className: string) =>
    Plot.ruleX(
      changes.map((change) => change.x),
      { stroke: COLORS.rate, strokeOpacity: 0.45, strokeDasharray: "3 3", className },
    );

  const lossPanel = Plot.plot({
    document,
    width,
    height: LOSS_HEIGHT,
    marginTop: MARGIN.top,
    // The x axis is labelled once, under the rate panel (or here when there is none).
    marginBottom: input.learningRate ? 28 : MARGIN.bottom,
    marginLeft: MARGIN.left,
    marginRight,
    style: PANEL_STYLE,
    x: xAxis(input.learningRate ? null : `${input.unit} →`),
    y: lossLog
      ? {
          type: "log",
          domain: lossDomain,
          label: "↑ loss, log scale",
          ...ticksOption(logTicks(lossDomain)),
          tickFormat: formatLogTick,
        }
      : { domain: lossDomain, label: "↑ loss", tickFormat: formatTick },
    grid: true,
    marks: [
      ...(lossLog ? [] : [Plot.ruleY([0], { stroke: THEME.muted })]),
      changeRules("rate-change-rule"),
      // Faint per-update losses first, under the epoch series.
      ...lossSeries
        .filter((series) => series.kind === "batch")
        .map((series) =>
          Plot.line(series.points, {
            x: "x",
            y: "y",
            stroke: COLORS[series.role],
            strokeOpacity: 0.35,
            strokeWidth: 1,
            className: "batch-loss-line",
          }),
        ),
      ...lossSeries
        .filter((series) => series.kind === "epoch")
        .flatMap((series) => [
          Plot.line(series.points, {
            x: "x",
            y: "y",
            stroke: COLORS[series.role],
            strokeWidth: 2,
            className: series.role === "train" ? "loss-line" : "val-loss-line",
          }),
          ...(series.points.length <= 60
            ? [
                Plot.dot(series.points, {
                  x: "x",
                  y: "y",
                  r: 2.5,
                  fill: COLORS[series.role],
                  className: "loss-dot",
                }),
              ]
            : []),
        ]),
      ...ends.map((end, k) =>
        Plot.text([{ x: xDomain[1], y: end.y }], {
          x: "x",
          y: "y",
          text: () => end.text,
          dx: 8,
          dy: (spread[k] as number) - (wanted[k] as number),
          textAnchor: "start",
          fill: end.faint ? THEME.muted : textColor(end.color),
          fontWeight: end.faint ? 400 : 600,
          className: "series-label",
        }),
      ),
    ],
  }) as unknown as SVGElement;

  const panels: SVGElement[] = [lossPanel];
  if (rate)
    panels.push(ratePanel(document, rate, changes, { width, marginRight, xAxis: xAxis(`${input.unit} →`) }));

  const title = input.title ?? `Training history: loss and learning rate by ${input.unit}`;
  const subtitle = [input.subtitle, rate ? "" : "no learning rate in the file"].filter(Boolean).join(" · ");
  const more = changes.length
    ? `The learning rate changes ${changes.length} time${changes.length === 1 ? "" : "s"}: ${changes
        .map(
          (change) =>
            `at ${input.unit} ${formatTick(change.x)} from ${formatSignificant(change.from, 4)} to ${formatSignificant(change.to, 4)}`,
        )
        .join("; ")}.`
    : "";
  return frame({
    title,
    subtitle,
    panels,
    columns: 1,
    description: describe(title, subtitle, [input.description, more].filter(Boolean).join(" ")),
  });
}

/** The rate panel: the stair, its label, and each marked change with its factor. */
function ratePanel(
  document: Document,
  rate: { points: LinePoint[]; log: boolean; domain: [number, number] },
  changes: readonly RateChange[],
  layout: { width: number; marginRight: number; xAxis: object },
): SVGElement {
  const last = lastFinite(rate.points);
  return Plot.plot({
    document,
    width: layout.width,
    height: RATE_HEIGHT,
    marginTop: MARGIN.top,
    marginBottom: MARGIN.bottom,
    marginLeft: MARGIN.left,
    marginRight: layout.marginRight,
    style: PANEL_STYLE,
    x: layout.xAxis,
    y: rate.log
      ? {
          type: "log",
          domain: rate.domain,
          label: "↑ learning rate, log scale",
          ...ticksOption(logTicks(rate.domain, 3, 6)),
          tickFormat: formatLogTick,
        }
      : { domain: rate.domain, label: "↑ learning rate", tickFormat: formatTick, ticks: 4 },
    grid: true,
    marks: [
      ...(rate.log ? [] : [Plot.ruleY([0], { stroke: THEME.muted })]),
      Plot.ruleX(
        changes.map((change) => change.x),
        { stroke: COLORS.rate, strokeOpacity: 0.45, strokeDasharray: "3 3", className: "rate-change-rule" },
      ),
      Plot.line(rate.points, {
        x: "x",
        y: "y",
        curve: "step-after",
        stroke: COLORS.rate,
        strokeWidth: 2,
        className: "rate-line",
      }),
      Plot.text(changes, {
        x: "x",
        y: "to",
        text: (change: RateChange) => `×${formatSignificant(change.to / change.from, 2)}`,
        dx: 4,
        dy: -8,
        textAnchor: "start",
        fill: textColor(COLORS.rate),
        stroke: THEME.background,
        strokeWidth: 3,
        paintOrder: "stroke",
        className: "rate-change-label",
      }),
      ...(last
        ? [
            Plot.text([last], {
              x: "x",
              y: "y",
              text: () => "learning rate",
              dx: 8,
              textAnchor: "start",
              fill: textColor(COLORS.rate),
              fontWeight: 600,
              className: "series-label",
            }),
          ]
        : []),
    ],
  }) as unknown as SVGElement;
}

/**
 * The rate's stair as points for a step-after line: only the points where the rate changes (a stair needs
 * no others), evenly thinned if there are still too many, and one more point at `end` so the last rate is
 * held to the end of the axis.
 */
function rateStairs(
  input: { x: ArrayLike<number>; rates: ArrayLike<number> },
  end: number,
): { points: LinePoint[]; log: boolean; domain: [number, number] } {
  const values = finiteValues(input.rates);
  const log = rateLogScale(values);
  const changes: LinePoint[] = [];
  for (let i = 0; i < input.rates.length; i++) {
    const value = input.rates[i] as number;
    const y = (log ? drawableOnLog(value) : Number.isFinite(value)) ? value : Number.NaN;
    const previous = changes.at(-1);
    if (!previous || !Object.is(previous.y, y)) changes.push({ x: input.x[i] as number, y });
  }
  const stride = Math.max(1, Math.ceil(changes.length / MAX_POINTS));
  const points = changes.filter((_, i) => i % stride === 0 || i === changes.length - 1);
  const last = points.at(-1);
  if (last && last.x < end) points.push({ x: end, y: last.y });
  return { points, log, domain: domainOf(values, log) };
}

/**
 * A log scale for the rate when it spends a good part of the run (a quarter or more of the entries) below
 * a tenth of its maximum, as a stepwise or exponential decay does; a linear one when it stays near its
 * maximum most of the time and falls away only at the end (cosine, linear, one-cycle), which a log scale
 * would turn into a cliff.
 */
function rateLogScale(values: readonly number[]): boolean {
  const [low, high] = extent(values);
  if (!(values.length > 0 && drawableOnLog(low) && decadesBetween(low, high) >= 1)) return false;
  const below = values.filter((value) => value < high / 10).length;
  return below >= 0.25 * values.length;
}

/**
 * The rate's stepwise changes: a jump by a factor of at least 1.25 (either way) after the rate has held
 * for two or more epochs or steps, as ReduceLROnPlateau's reductions and piecewise schedules make them;
 * a warm-up's climb or a smooth decay changes at every step and is not marked. None when there are more
 * than a dozen (the marks would crowd the chart).
 */
function markedChanges(points: readonly LinePoint[]): RateChange[] {
  const changes: RateChange[] = [];
  for (let i = 1; i < points.length; i++) {
    const previous = points[i - 1] as LinePoint;
    const point = points[i] as LinePoint;
    const ratio = point.y / previous.y;
    const held = point.x - previous.x >= 2;
    if (held && previous.y > 0 && (ratio <= 0.8 || ratio >= 1.25)) {
      changes.push({ x: point.x, from: previous.y, to: point.y });
      if (changes.length > MAX_MARKED_CHANGES) return [];
    }
  }
  return changes;
}

/** Whether an axis can show `value`: finite, and on a log axis between 1e-300 and 1e308. */
function drawable(value: number, log: boolean): boolean {
  return log ? drawableOnLog(value) : Number.isFinite(value);
}

/** The values an axis can show as points; the rest break the line (y NaN). */
function pointsOf(x: ArrayLike<number>, y: ArrayLike<number>, log: boolean): LinePoint[] {
  const points: LinePoint[] = [];
  const stride = Math.max(1, Math.ceil(y.length / MAX_POINTS));
  for (let i = 0; i < y.length; i += stride) {
    const value = y[i] as number;
    points.push({ x: x[i] as number, y: drawable(value, log) ? value : Number.NaN });
  }
  if ((y.length - 1) % stride !== 0 && y.length > 0) {
    const value = y[y.length - 1] as number;
    points.push({
      x: x[y.length - 1] as number,
      y: drawable(value, log) ? value : Number.NaN,
    });
  }
  return points;
}

function finiteValues(values: ArrayLike<number>): number[] {
  return Array.from(values).filter((value) => Number.isFinite(value));
}

function lastFinite(points: readonly LinePoint[]): LinePoint | undefined {
  for (let i = points.length - 1; i >= 0; i--) if (Number.isFinite(points[i]?.y)) return points[i];
  return undefined;
}

/**
 * A little room around the values: a twentieth of the decades on a log axis (over the values it can
 * show), from 0 on a linear one.
 */
function domainOf(values: readonly number[], log: boolean): [number, number] {
  if (values.length === 0) return log ? [0.1, 1] : [0, 1];
  if (log) {
    const [low, high] = extent(values.filter(drawableOnLog));
    return logDomain(low, high, (decades) => 0.05 * Math.max(decades, 0.5));
  }
  const [low, high] = extent(values);
  const top = high > 0 ? Math.min(high * 1.06, LARGEST) : 1;
  return [Math.min(0, low * 1.06), top];
}

/** Every whole number in the domain (a short epoch axis). */
function integerTicks([low, high]: readonly [number, number]): number[] {
  const ticks: number[] = [];
  const step = high - low > 10 ? 2 : 1;
  for (let value = Math.ceil(low); value <= high; value += step) ticks.push(value);
  return ticks;
}
