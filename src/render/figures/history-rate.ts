/**
 * The history figure's lower panel: the learning rate as a stair (each rate held for the epoch or update
 * that used it), its stepwise changes (ReduceLROnPlateau's reductions, a piecewise schedule's drops)
 * marked with rules and labelled with their factors, clear of the stair and of each other.
 */
import * as Plot from "@observablehq/plot";
import { withRealMinus } from "../numbers.js";
import { THEME } from "../theme.js";
import {
  type Box,
  firstClear,
  formatSignificant,
  type LinePoint,
  lineObstacles,
  PANEL_STYLE,
  textColor,
  textWidth,
} from "./annotations.js";
import { COLORS, domainOf, finiteValues, lastFinite, MARGIN, MAX_POINTS } from "./history-values.js";
import { decadesBetween, drawableOnLog, formatLogTick, logTicks, ticksOption } from "./log-axis.js";
import { labelEveryLogTick } from "./log-axis-labels.js";
import { extent, formatTick } from "./shared.js";

const RATE_HEIGHT = 170;
/** At most this many changes of the rate are marked; more means a smooth schedule. */
const MAX_MARKED_CHANGES = 12;

/** A change of the rate: where the new rate starts, and the factor from the old one. */
export interface RateChange {
  x: number;
  from: number;
  to: number;
}

/** The rate panel: the stair, its label, and each marked change with its factor. */
export function ratePanel(
  document: Document,
  rate: { points: LinePoint[]; log: boolean; domain: [number, number] },
  changes: readonly RateChange[],
  layout: { width: number; marginRight: number; xAxis: { domain: [number, number] } },
): SVGElement {
  const last = lastFinite(rate.points);
  const placed = changeLabels(rate, changes, last, layout);
  return Plot.plot(
    labelEveryLogTick({
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
        ...placed.map((label) =>
          Plot.text([label], {
            x: "x",
            y: "to",
            text: "text",
            dx: label.dx,
            dy: label.dy,
            textAnchor: label.dx > 0 ? "start" : "end",
            fill: textColor(COLORS.rate),
            stroke: THEME.background,
            strokeWidth: 3,
            paintOrder: "stroke",
            className: "rate-change-label",
          }),
        ),
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
    }),
  ) as unknown as SVGElement;
}

/**
 * Where each change's factor ("×0.5") goes: beside its rule, just above the new rate, to the right if
 * that is clear of the stair, the other factors and the "learning rate" label at the line's end, else to
 * the left, else a line higher (or lower).
 */
function changeLabels(
  rate: { points: LinePoint[]; log: boolean; domain: [number, number] },
  changes: readonly RateChange[],
  last: LinePoint | undefined,
  layout: { width: number; marginRight: number; xAxis: { domain: [number, number] } },
): (RateChange & { text: string; dx: number; dy: number })[] {
  const x = Plot.scale({
    x: { domain: layout.xAxis.domain, range: [MARGIN.left, layout.width - layout.marginRight] },
  });
  const y = Plot.scale({
    y: {
      type: rate.log ? "log" : "linear",
      domain: rate.domain,
      range: [RATE_HEIGHT - MARGIN.bottom, MARGIN.top],
    },
  });
  const px = (value: number) => x.apply(value) as number;
  const py = (value: number) => y.apply(value) as number;
  // The stair as drawn: each rate held until the next point.
  const stair: { x: number; y: number }[] = [];
  rate.points.forEach((point, k) => {
    const previous = rate.points[k - 1];
    if (previous) stair.push({ x: px(point.x), y: py(previous.y) });
    stair.push({ x: px(point.x), y: py(point.y) });
  });
  const taken: Box[] = lineObstacles(stair.filter((p) => Number.isFinite(p.y)));
  if (last) {
    const [ex, ey] = [px(last.x) + 8, py(last.y)];
    taken.push({ x0: ex, x1: ex + textWidth("learning rate", THEME.fontSize, true), y0: ey - 7, y1: ey + 7 });
  }
  return changes.map((change) => {
    const text = `×${withRealMinus(formatSignificant(change.to / change.from, 2))}`;
    const w = textWidth(text);
    const [cx, cy] = [px(change.x), py(change.to)];
    const candidates = [-9, -23, 11, -37].flatMap((dy) =>
      [4, -4].map((dx) => {
        const x0 = dx > 0 ? cx + dx : cx + dx - w;
        return { dx, dy, box: { x0, x1: x0 + w, y0: cy + dy - 7, y1: cy + dy + 7 } };
      }),
    );
    const chosen = candidates[
      firstClear(
        candidates.map((candidate) => candidate.box),
        taken,
      )
    ] as (typeof candidates)[number];
    taken.push(chosen.box);
    return { ...change, text, dx: chosen.dx, dy: chosen.dy };
  });
}

/**
 * The rate's stair as points for a step-after line: only the points where the rate changes (a stair needs
 * no others), evenly thinned if there are still too many, and one more point at `end` so the last rate is
 * held to the end of the axis.
 */
export function rateStairs(
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
export function markedChanges(points: readonly LinePoint[]): RateChange[] {
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
