/**
 * The sharpness figure's loss panel, on the same steps as λmax: when the run reaches the edge of
 * stability its scale covers the losses from there on, so their small rises are not flattened by the
 * first steps' fall (the first loss cut off is noted at the top), and the highest spike there is pointed
 * out: the loss jumps while λmax is past the bound, and falls as λmax comes back below it.
 */
import * as Plot from "@observablehq/plot";
import { withRealMinus } from "../numbers.js";
import { THEME } from "../theme.js";
import { cutLine, formatSignificant, type LinePoint, PANEL_STYLE, textWidth } from "./annotations.js";
import { pointsOf } from "./history-values.js";
import {
  decadesBetween,
  drawableOnLog,
  formatLogTick,
  logDomain,
  logTicks,
  ticksOption,
} from "./log-axis.js";
import { labelEveryLogTick } from "./log-axis-labels.js";
import { extent, formatTick } from "./shared.js";
import type { SharpnessFigureInput, StepSeries } from "./sharpness.js";
import { LOSS_HEIGHT, SHARPNESS_MARGIN as MARGIN, SHARPNESS_COLORS } from "./sharpness-style.js";

/** The loss panel: the same steps as λmax's, the loss zoomed on the edge of stability when there is one. */
export function lossPanel(
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
  const edgeFrom = input.phases?.edgeOfStability ? input.phases.edgeFrom : null;
  const scale = lossScale(loss, edgeFrom);
  const points = pointsOf(loss.steps, loss.values, scale.log);
  const drawn = cutLine(
    points.filter((point) => Number.isFinite(point.y)),
    scale.domain[0],
    scale.domain[1],
    scale.log,
  );
  const last = lastFinite(drawn);
  const spike = edgeFrom === null ? null : lossSpike(points, edgeFrom);
  const xPixel = Plot.scale({
    x: { domain: layout.xDomain, range: [MARGIN.left, layout.width - layout.marginRight] },
  });
  // Beside the spike, on the side with room for the words.
  const spikeText = "the loss jumps, then λmax falls back below the bound";
  const spikeX = spike === null ? 0 : (xPixel.apply(spike.x) as number);
  const roomRight = layout.width - layout.marginRight - spikeX - 10;
  const roomLeft = spikeX - 10;
  // On one line where it fits, else on two lines on the roomier side (a spike mid-chart leaves neither
  // side room for the whole sentence).
  const oneLine = textWidth(`← ${spikeText}`) <= Math.max(roomRight, roomLeft);
  const spikeRight = oneLine ? textWidth(`← ${spikeText}`) <= roomRight : roomRight >= roomLeft;
  const spikeWords = oneLine ? spikeText : "the loss jumps, then λmax\nfalls back below the bound";
  return Plot.plot(
    labelEveryLogTick({
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
                text: () => (spikeRight ? `← ${spikeWords}` : `${spikeWords} →`),
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
    }),
  ) as unknown as SVGElement;
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

function lastFinite(points: readonly LinePoint[]): LinePoint | undefined {
  for (let i = points.length - 1; i >= 0; i--) if (Number.isFinite(points[i]?.y)) return points[i];
  return undefined;
}
