/**
 * A training history: the loss (and validation loss) above, the learning rate below, on one x axis of
 * epochs or of the optimizer's updates (steps), so a drop of the rate lines up with what the loss did
 * next. Each rate is drawn held for the epoch or update that used it (a stair). Stepwise changes of the
 * rate (ReduceLROnPlateau's reductions, a piecewise schedule's drops) are marked on both panels and
 * labelled with their factor.
 *
 * A `sharpness` series (λmax of the loss Hessian, from an lrlab fit with --track-sharpness or a Keras
 * callback that logs it) gets a panel between the two, with the bound 2/η the rate sets on it.
 *
 * Per-update losses (from lrlab/tfjs's `learningRateLogger`) are drawn faint behind the per-epoch ones:
 * they are noisy, and the epoch means are what `fit` reports.
 */
import * as Plot from "@observablehq/plot";
import { type Figure, frame, type RenderEnvironment } from "../frame.js";
import { withRealMinus } from "../numbers.js";
import { THEME } from "../theme.js";
import {
  describe,
  formatSignificant,
  PANEL_STYLE,
  spreadLabels,
  textColor,
  textWidth,
} from "./annotations.js";
import { markedChanges, ratePanel, rateStairs } from "./history-rate.js";
import { type HistorySharpness, sharpnessLabelWidth, sharpnessPanel } from "./history-sharpness.js";
import { COLORS, domainOf, finiteValues, lastFinite, MARGIN, pointsOf } from "./history-values.js";
import { decadesBetween, drawableOnLog, formatLogTick, logTicks, ticksOption } from "./log-axis.js";
import { labelEveryLogTick } from "./log-axis-labels.js";
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
  /** The sharpness where it was measured, with the bound on it, drawn between the loss and the rate. */
  sharpness?: HistorySharpness | null;
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
const LABEL_GAP = 15;

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
  const sharpness = input.sharpness ?? null;
  const marginRight = Math.max(
    24,
    ...ends.map((end) => textWidth(end.text, THEME.fontSize, true) + 14),
    rate ? textWidth(rateLabel, THEME.fontSize, true) + 14 : 0,
    sharpness ? sharpnessLabelWidth(sharpness) : 0,
  );
  // The x axis is named once, under the last panel.
  const below = input.learningRate !== null || sharpness !== null;
  const changes = rate ? markedChanges(rate.points) : [];

  const lossY = Plot.scale({
    y: {
      type: lossLog ? "log" : "linear",
      domain: lossDomain,
      range: [LOSS_HEIGHT - MARGIN.bottom, MARGIN.top],
    },
  });
  const wanted = ends.map((end) => lossY.apply(end.y) as number);
  const spread = spreadLabels(wanted, LABEL_GAP, MARGIN.top, LOSS_HEIGHT - (below ? 28 : MARGIN.bottom));
  const changeRules = (className: string) =>
    Plot.ruleX(
      changes.map((change) => change.x),
      { stroke: COLORS.rate, strokeOpacity: 0.45, strokeDasharray: "3 3", className },
    );

  const lossPanel = Plot.plot(
    labelEveryLogTick({
      document,
      width,
      height: LOSS_HEIGHT,
      marginTop: MARGIN.top,
      // The x axis is labelled once, under the last panel (here when there is no other).
      marginBottom: below ? 28 : MARGIN.bottom,
      marginLeft: MARGIN.left,
      marginRight,
      style: PANEL_STYLE,
      x: xAxis(below ? null : `${input.unit} →`),
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
    }),
  ) as unknown as SVGElement;

  const panels: SVGElement[] = [lossPanel];
  if (sharpness) {
    panels.push(
      sharpnessPanel(document, sharpness, {
        width,
        marginRight,
        xAxis: { ...xAxis(rate ? null : `${input.unit} →`) },
        marginBottom: rate ? 28 : MARGIN.bottom,
      }),
    );
  }
  if (rate)
    panels.push(ratePanel(document, rate, changes, { width, marginRight, xAxis: xAxis(`${input.unit} →`) }));

  const title =
    input.title ??
    `Training history: loss${sharpness ? ", sharpness" : ""} and learning rate by ${input.unit}`;
  const subtitle = [input.subtitle, rate ? "" : "no learning rate in the file"].filter(Boolean).join(" · ");
  const more = changes.length
    ? `The learning rate changes ${changes.length} time${changes.length === 1 ? "" : "s"}: ${changes
        .map(
          (change) =>
            `at ${input.unit} ${formatTick(change.x)} from ${withRealMinus(formatSignificant(change.from, 4))} to ${withRealMinus(formatSignificant(change.to, 4))}`,
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

/** Whether an axis can show `value`: finite, and on a log axis between 1e-300 and 1e308. */
/** Every whole number in the domain (a short epoch axis). */
function integerTicks([low, high]: readonly [number, number]): number[] {
  const ticks: number[] = [];
  const step = high - low > 10 ? 2 : 1;
  for (let value = Math.ceil(low); value <= high; value += step) ticks.push(value);
  return ticks;
}
