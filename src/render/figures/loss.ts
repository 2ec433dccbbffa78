/**
 * Loss against step for one or more learning rates, on a log scale: too small crawls, a good rate
 * arrives, a larger one jumps around the minimum, beyond the critical rate the loss jumps out. The
 * optimum loss is a labelled reference line; each run that diverged is marked (✕) where it blew up.
 *
 * A diverging loss grows a millionfold before the run is stopped, and on one log axis it would flatten
 * every other curve into the bottom sixth of the chart. So the chart's scale ends a little above the
 * largest loss of the runs that did not diverge, and whatever goes higher is drawn in a compressed band
 * above it, across a gap (a broken axis); the band's label and the subtitle say where the break is.
 */
import * as Plot from "@observablehq/plot";
import { type Figure, frame, type RenderEnvironment } from "../frame.js";
import { withRealMinus } from "../numbers.js";
import { formatDistinct } from "../text.js";
import { distinctSeriesStyle, THEME } from "../theme.js";
import {
  cutLine,
  describe,
  type LinePoint,
  legendPanel,
  optimumMarks,
  PANEL_STYLE,
  spreadLabels,
  textColor,
  textWidth,
} from "./annotations.js";
import {
  decadesBetween,
  drawableOnLog,
  formatLogTick,
  logTicks,
  niceCeiling,
  shiftDecades,
  ticksOption,
} from "./log-axis.js";
import { labelEveryLogTick } from "./log-axis-labels.js";
import { divergedList, divergenceMarkers, markerMarks, type PanelName, type PanelY } from "./loss-markers.js";
import { formatTick, largest } from "./shared.js";

export interface LossCurve {
  /**
   * The label at the line's end, e.g. "rate 0.01 · too small"; with `rate`, only what follows the rate
   * ("too small", or "").
   */
  label: string;
  /**
   * The run's learning rate: when given, the figure writes "rate R" before the label, R with as many
   * digits as it takes to tell the curves' rates apart (two rates of 1.0476e-7 and 1.0484e-7 would both
   * read "1.048e-7" at four).
   */
  rate?: number;
  /** The recorded steps and the loss on all the data at each. */
  steps: ArrayLike<number>;
  losses: ArrayLike<number>;
  /** The step at which the run blew up, or null if it did not. */
  divergedAtStep: number | null;
}

export interface LossFigureInput {
  curves: readonly LossCurve[];
  /** The least-squares loss (MSE), drawn as a reference line; null when unknown. */
  optimumLoss: number | null;
  /** The loss's name for the axis, e.g. "MSE". */
  lossName: string;
  /** The x axis runs from 0 to this (default: the last recorded step of any curve). */
  totalSteps?: number;
  title?: string;
  /** The numbers that matter; the figure appends where the axis breaks, if it does. */
  subtitle?: string;
  /** Width of the chart in CSS pixels. */
  width?: number;
  /** More for screen readers, after the title and subtitle in the figure's <desc> (e.g. the data used). */
  description?: string;
}

const HEIGHT = 380;
const MARGIN = { top: 22, bottom: 38, left: 58 } as const;
/** Under the band the chart's top margin shrinks: the frame's gap between the two is the axis break. */
const TOP_UNDER_BAND = 8;
const LABEL_GAP = 15;

export function lossFigure({ document }: RenderEnvironment, input: LossFigureInput): Figure {
  const { optimumLoss } = input;
  const curves = withRates(input.curves);
  const width = input.width ?? 720;
  const points = curves.map(pointsOf);
  const totalSteps =
    input.totalSteps ??
    largest(
      points.flatMap((list) => list.map((p) => p.x)),
      1,
    );
  const { bottom, top, bandTop } = lossScale(curves, points, optimumLoss);
  const diverged = curves.filter((curve) => curve.divergedAtStep !== null).length;
  const bandHeight = Math.min(170, 76 + 22 * diverged);
  const panelsY: Record<PanelName, PanelY | null> = {
    main: {
      domain: [bottom, top],
      range: [HEIGHT - MARGIN.bottom, bandTop === null ? MARGIN.top : TOP_UNDER_BAND],
      height: HEIGHT,
    },
    band:
      bandTop === null
        ? null
        : { domain: [top, bandTop], range: [bandHeight - 6, MARGIN.top], height: bandHeight },
  };
  const main = panelsY.main as PanelY;
  const yPixel = (panel: PanelY) =>
    Plot.scale({ y: { type: "log", domain: panel.domain, range: panel.range } });

  // The ends of the runs that did not diverge are labelled in the right margin, spread apart.
  const endLabels = curves.flatMap((curve, i) => {
    const last = (points[i] as LinePoint[]).at(-1);
    return curve.divergedAtStep === null && last ? [{ i, text: curve.label, loss: last.y }] : [];
  });
  const marginRight = Math.max(
    24,
    ...endLabels.map((label) => textWidth(label.text, THEME.fontSize, true) + 14),
  );
  const xRange: [number, number] = [MARGIN.left, width - marginRight];
  const xPixel = (step: number) => xRange[0] + ((xRange[1] - xRange[0]) * step) / totalSteps;
  const mainY = yPixel(main);
  const wantedY = endLabels.map(
    (label) => mainY.apply(Math.min(Math.max(label.loss, bottom), top)) as number,
  );
  const spreadY = spreadLabels(wantedY, LABEL_GAP, main.range[1] + 6, main.range[0]);

  // Each panel draws the part of every line inside its own range.
  const cut = (panel: PanelY) => points.map((list) => cutLine(list, panel.domain[0], panel.domain[1], true));
  const markers = divergenceMarkers(
    curves.flatMap((curve, i) =>
      curve.divergedAtStep === null
        ? []
        : [
            {
              text: `${curve.label}: blew up at step ${curve.divergedAtStep}`,
              color: distinctSeriesStyle(i).color,
              dashed: distinctSeriesStyle(i).dash !== undefined,
              step: curve.divergedAtStep,
              points: points[i] as LinePoint[],
            },
          ],
    ),
    {
      panelsY,
      xPixel,
      left: MARGIN.left,
      right: width - 4,
      lines: { main: cut(main), band: panelsY.band ? cut(panelsY.band) : [] },
    },
  );
  const drawn = (name: PanelName, panel: PanelY) => [
    ...cut(panel).map((list, i) => {
      const style = distinctSeriesStyle(i);
      return Plot.line(list, {
        x: "x",
        y: "y",
        stroke: style.color,
        strokeWidth: 2,
        ...(style.dash ? { strokeDasharray: style.dash } : {}),
        className: name === "band" ? "loss-line-band" : "loss-line",
      });
    }),
    ...markerMarks(markers.filter((marker) => marker.panel === name)),
  ];
  const x = { domain: [0, totalSteps], range: xRange };
  const yAxis = (panel: PanelY, label: string | null) => ({
    type: "log" as const,
    domain: panel.domain,
    range: panel.range,
    label,
    ...ticksOption(logTicks(panel.domain, panel === main ? 3 : 2, panel === main ? 8 : 3)),
    tickFormat: formatLogTick,
  });
  const axisLabel = `↑ loss (${input.lossName}), log scale`;

  const panels: SVGElement[] = [];
  if (panelsY.band) {
    const band = panelsY.band;
    panels.push(
      Plot.plot(
        labelEveryLogTick({
          document,
          width,
          height: band.height,
          marginTop: MARGIN.top,
          marginBottom: 6,
          marginLeft: MARGIN.left,
          marginRight,
          style: PANEL_STYLE,
          x: { ...x, axis: null },
          y: yAxis(band, `${axisLabel} · above ${formatTick(top)}: compressed`),
          grid: true,
          marks: [Plot.frame({ stroke: THEME.grid, className: "overflow-band" }), ...drawn("band", band)],
        }),
      ) as unknown as SVGElement,
    );
  }
  panels.push(
    Plot.plot(
      labelEveryLogTick({
        document,
        width,
        height: HEIGHT,
        marginTop: main.range[1],
        marginBottom: MARGIN.bottom,
        marginLeft: MARGIN.left,
        marginRight,
        style: PANEL_STYLE,
        x: { ...x, label: "step →", labelAnchor: "right", tickFormat: formatTick },
        y: yAxis(main, panelsY.band ? null : axisLabel),
        grid: true,
        marks: [
          ...(optimumLoss !== null && optimumLoss >= bottom && optimumLoss <= top
            ? optimumMarks(optimumLoss)
            : []),
          ...drawn("main", main),
          ...endLabels.map((label, k) =>
            Plot.text([{ x: totalSteps, y: label.loss }], {
              x: "x",
              y: "y",
              text: () => label.text,
              dx: 8,
              dy: (spreadY[k] as number) - (wantedY[k] as number),
              textAnchor: "start",
              fill: textColor(distinctSeriesStyle(label.i).color),
              fontWeight: 600,
              className: "series-label",
            }),
          ),
        ],
      }),
    ) as unknown as SVGElement,
  );

  // Labels that did not fit beside their ✕s: listed under the chart instead.
  const list = divergedList(markers);
  if (list.length > 0) panels.push(legendPanel(document, list, width, MARGIN.left));

  const title =
    input.title ??
    (curves.length === 1
      ? `Loss per step at ${curves[0]?.label ?? "one rate"}`
      : `Loss per step at ${curves.length} learning rates`);
  const breakNote = panelsY.band ? `top band: losses above ${formatTick(top)}, compressed` : "";
  const subtitle = [input.subtitle, breakNote].filter(Boolean).join(" · ");
  return frame({
    title,
    subtitle,
    panels,
    columns: 1,
    ...(input.description === undefined ? {} : { description: describe(title, subtitle, input.description) }),
  });
}

/** The recorded losses a log axis can show (1e-300 to 1e308) as (step, loss); it has no place for the rest. */
function pointsOf(curve: LossCurve): LinePoint[] {
  const points: LinePoint[] = [];
  for (let i = 0; i < curve.losses.length; i++) {
    const loss = curve.losses[i] as number;
    if (drawableOnLog(loss)) points.push({ x: curve.steps[i] as number, y: loss });
  }
  return envelope(points, DRAWN_BUCKETS);
}

/** Buckets a long line is drawn in: about two a pixel of a 720 px chart's plot area. */
const DRAWN_BUCKETS = 800;

/**
 * A long line thinned for drawing: in each of `buckets` runs of consecutive points, the lowest and the
 * highest, in step order, and always the first and last point. The envelope of a loss that jumps around
 * stays as drawn (an even sample would alias it), while 100,000 steps no longer write 100,000 points.
 */
export function envelope(points: readonly LinePoint[], buckets: number): LinePoint[] {
  if (points.length <= 2 * buckets + 2) return [...points];
  const kept: LinePoint[] = [points[0] as LinePoint];
  const size = (points.length - 2) / buckets;
  for (let k = 0; k < buckets; k++) {
    const from = 1 + Math.floor(k * size);
    const to = 1 + Math.floor((k + 1) * size);
    let low = from;
    let high = from;
    for (let i = from + 1; i < to; i++) {
      if ((points[i] as LinePoint).y < (points[low] as LinePoint).y) low = i;
      if ((points[i] as LinePoint).y > (points[high] as LinePoint).y) high = i;
    }
    kept.push(points[Math.min(low, high)] as LinePoint);
    if (high !== low) kept.push(points[Math.max(low, high)] as LinePoint);
  }
  kept.push(points.at(-1) as LinePoint);
  return kept;
}

/**
 * The main chart spans the runs that did not diverge (and every run's start) up to a round number a
 * little above; losses of diverged runs higher than that go to the band. At most 12 decades are shown.
 */
function lossScale(
  curves: readonly LossCurve[],
  points: readonly LinePoint[][],
  optimumLoss: number | null,
): { bottom: number; top: number; bandTop: number | null } {
  let calmTop = 0;
  let highest = 0;
  let lowest = Number.POSITIVE_INFINITY;
  curves.forEach((curve, i) => {
    const list = points[i] as LinePoint[];
    for (const point of list) {
      highest = Math.max(highest, point.y);
      lowest = Math.min(lowest, point.y);
    }
    for (const point of curve.divergedAtStep === null ? list : list.slice(0, 1)) {
      calmTop = Math.max(calmTop, point.y);
    }
  });
  if (optimumLoss !== null && optimumLoss > 0) lowest = Math.min(lowest, optimumLoss);
  if (!(calmTop > 0)) calmTop = highest > 0 ? highest : 1;
  if (!Number.isFinite(lowest)) lowest = calmTop / 10;
  // In decades, not ratios: a loss of 1e300 over one of 1e-300 is ∞, and so would the axis be.
  lowest = Math.max(lowest, shiftDecades(calmTop, -12));
  const decades = Math.max(decadesBetween(lowest, calmTop), 0.2);
  const bottom = shiftDecades(lowest, -0.06 * decades);
  const top = niceCeiling(shiftDecades(calmTop, 0.05 * decades));
  const bandTop = highest > top ? shiftDecades(highest, 0.15 * decadesBetween(top, highest)) : null;
  return { bottom, top, bandTop };
}

/** The curves with their labels written out: "rate R · label" for those with a rate, R told apart. */
function withRates(curves: readonly LossCurve[]): LossCurve[] {
  const rated = curves.filter((curve) => curve.rate !== undefined);
  const texts = formatDistinct(rated.map((curve) => curve.rate as number)).map(withRealMinus);
  return curves.map((curve) => {
    const k = rated.indexOf(curve);
    if (k < 0) return curve;
    return { ...curve, label: [`rate ${texts[k]}`, curve.label].filter(Boolean).join(" · ") };
  });
}
