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
import { seriesColor, THEME } from "../theme.js";
import {
  type Box,
  cutLine,
  describe,
  firstClear,
  type LinePoint,
  lineObstacles,
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
import { formatTick } from "./shared.js";

export interface LossCurve {
  /** The label at the line's end, e.g. "rate 0.01 · too small". */
  label: string;
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

type PanelName = "main" | "band";

/** A panel's log y: its loss domain and pixel range (bottom, top), and its height. */
interface PanelY {
  domain: [number, number];
  range: [number, number];
  height: number;
}

export function lossFigure({ document }: RenderEnvironment, input: LossFigureInput): Figure {
  const { curves, optimumLoss } = input;
  const width = input.width ?? 720;
  const points = curves.map(pointsOf);
  const totalSteps = input.totalSteps ?? Math.max(1, ...points.flatMap((list) => list.map((p) => p.x)));
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
  const markers = divergenceMarkers(curves, points, panelsY, xPixel, width, cut);
  const drawn = (name: PanelName, panel: PanelY) => [
    ...cut(panel).map((list, i) =>
      Plot.line(list, {
        x: "x",
        y: "y",
        stroke: seriesColor(i),
        strokeWidth: 2,
        className: name === "band" ? "loss-line-band" : "loss-line",
      }),
    ),
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
      Plot.plot({
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
      }) as unknown as SVGElement,
    );
  }
  panels.push(
    Plot.plot({
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
            fill: textColor(seriesColor(label.i)),
            fontWeight: 600,
            className: "series-label",
          }),
        ),
      ],
    }) as unknown as SVGElement,
  );

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
  return points;
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

interface Marker {
  panel: PanelName;
  x: number;
  y: number;
  color: string;
  text: string;
  dx: number;
  dy: number;
}

function markerMarks(markers: readonly Marker[]) {
  return [
    Plot.dot(markers, {
      x: "x",
      y: "y",
      symbol: "times",
      r: 6,
      stroke: (d) => d.color,
      strokeWidth: 2.5,
      className: "diverged-marker",
    }),
    ...markers.map((marker) =>
      Plot.text([marker], {
        x: "x",
        y: "y",
        text: (d) => d.text,
        dx: marker.dx,
        dy: marker.dy,
        textAnchor: marker.dx > 0 ? "start" : "end",
        fill: textColor(marker.color),
        fontWeight: 600,
        stroke: THEME.background,
        strokeWidth: 3,
        paintOrder: "stroke",
        className: "diverged-label",
      }),
    ),
  ];
}

/**
 * A ✕ at each diverged run's blow-up step, at the loss recorded there (at the top when it was not
 * finite), labelled with the rate and the step; each label takes the first place near its marker that
 * is clear of the lines, the markers and the labels placed before it.
 */
function divergenceMarkers(
  curves: readonly LossCurve[],
  points: readonly LinePoint[][],
  panelsY: Record<PanelName, PanelY | null>,
  xPixel: (step: number) => number,
  width: number,
  cut: (panel: PanelY) => LinePoint[][],
): Marker[] {
  const main = panelsY.main as PanelY;
  const highest = (panelsY.band ?? main).domain[1];
  const taken: Record<PanelName, Box[]> = { main: [], band: [] };
  const yPixels: Partial<Record<PanelName, (loss: number) => number>> = {};
  for (const name of ["main", "band"] as const) {
    const panel = panelsY[name];
    if (!panel) continue;
    const scale = Plot.scale({ y: { type: "log", domain: panel.domain, range: panel.range } });
    const yPixel = (loss: number) => scale.apply(loss) as number;
    yPixels[name] = yPixel;
    for (const line of cut(panel)) {
      taken[name].push(...lineObstacles(line.map((p) => ({ x: xPixel(p.x), y: yPixel(p.y) }))));
    }
  }
  const markers: Marker[] = [];
  curves.forEach((curve, i) => {
    const step = curve.divergedAtStep;
    if (step === null) return;
    const last = (points[i] as LinePoint[]).at(-1);
    const loss = Math.min(last && last.x === step ? last.y : Number.POSITIVE_INFINITY, highest);
    const panel: PanelName = panelsY.band && loss > main.domain[1] ? "band" : "main";
    const px = xPixel(step);
    const py = (yPixels[panel] as (loss: number) => number)(loss);
    const text = `${curve.label}: blew up at step ${step}`;
    const w = textWidth(text, THEME.fontSize, true);
    const height = (panelsY[panel] as PanelY).height;
    const candidates: { dx: number; dy: number; box: Box }[] = [];
    for (const dy of [0, 16, -16, 32, -32, 48, -48, 64, 80]) {
      for (const side of [1, -1]) {
        const left = side > 0 ? px + 10 : px - 10 - w;
        const y = py + dy;
        if (left < 4 || left + w > width - 4 || y < 8 || y > height - 4) continue;
        candidates.push({ dx: side * 10, dy, box: { x0: left, x1: left + w, y0: y - 7, y1: y + 7 } });
      }
    }
    if (candidates.length === 0)
      candidates.push({ dx: -10, dy: 0, box: { x0: px - w, x1: px, y0: py - 7, y1: py + 7 } });
    const chosen = candidates[
      firstClear(
        candidates.map((c) => c.box),
        taken[panel],
      )
    ] as (typeof candidates)[number];
    taken[panel].push(chosen.box, { x0: px - 7, x1: px + 7, y0: py - 7, y1: py + 7 });
    markers.push({ panel, x: step, y: loss, color: seriesColor(i), text, dx: chosen.dx, dy: chosen.dy });
  });
  return markers;
}
