/**
 * The LR range test: the smoothed loss against the learning rate as it ramps up (log x), the raw batch
 * losses faint behind it, fastai's four suggestions marked on the curve (the valley, fastai's default,
 * emphasised with a rule at its rate), and, on linear MSE, the critical rate of the theory as a
 * reference rule, so the heuristics can be checked against the exact answer.
 *
 * The test ends when the smoothed loss passes 4× its minimum, and the last points shoot up; the y axis
 * stops a little above the curve before its blow-up, and the subtitle says so.
 */
import * as Plot from "@observablehq/plot";
import type { LrSuggestion, LrSuggestions, SuggestionName } from "../../core/lr-suggestions.js";
import { type Figure, frame, type RenderEnvironment } from "../frame.js";
import { OKABE_ITO, THEME } from "../theme.js";
import {
  type Box,
  cutLine,
  describe,
  firstClear,
  formatRate,
  type LegendEntry,
  legendPanel,
  lineObstacles,
  PANEL_STYLE,
  textColor,
  textWidth,
} from "./annotations.js";
import { drawableOnLog, formatLogTick, logDomain, logTicks, ticksOption } from "./log-axis.js";
import { formatTick } from "./shared.js";

export interface FindLrFigureInput {
  /** The range test's curve: the rate, the batch loss and the smoothed loss of each iteration. */
  learningRates: ArrayLike<number>;
  losses: ArrayLike<number>;
  smoothedLosses: ArrayLike<number>;
  suggestions: Pick<LrSuggestions, SuggestionName>;
  /** The exact stability bound on linear MSE (2/λmax for SGD), or null. */
  critical: { learningRate: number; formula: string } | null;
  /** The loss's name for the axis, e.g. "MSE". */
  lossName: string;
  /** β of the smoothing, for the legend. */
  smoothing?: number;
  title?: string;
  /** The numbers that matter; the figure appends where the y axis is cut, if it is. */
  subtitle?: string;
  width?: number;
  /** More for screen readers, after the title and subtitle in the figure's <desc> (e.g. the data used). */
  description?: string;
}

const HEIGHT = 380;
const MARGIN = { top: 44, bottom: 40, left: 58, right: 24 } as const;

/** How each suggestion is drawn and explained; the valley first, emphasised. */
const SUGGESTIONS: readonly { name: SuggestionName; color: string; words: string }[] = [
  { name: "valley", color: OKABE_ITO.blue, words: "valley" },
  { name: "steep", color: OKABE_ITO.skyBlue, words: "steep" },
  { name: "minimum", color: OKABE_ITO.reddishPurple, words: "minimum ÷ 10" },
  { name: "slide", color: OKABE_ITO.orange, words: "slide" },
];

interface CurvePoint {
  x: number;
  y: number;
}

export function findLrFigure({ document }: RenderEnvironment, input: FindLrFigureInput): Figure {
  const width = input.width ?? 720;
  const smoothed = curveOf(input.learningRates, input.smoothedLosses);
  const raw = curveOf(input.learningRates, input.losses);
  const marks = SUGGESTIONS.flatMap((spec) => {
    const suggestion = input.suggestions[spec.name];
    return suggestion ? [{ ...spec, suggestion }] : [];
  });

  // x: the ramp, widened to show the critical rate; y: the smoothed curve up to its lowest point and a
  // little room (the blow-up after it is cut), the suggestions' points always inside.
  const rates = smoothed.map((p) => p.x);
  const critical = input.critical;
  const xLow = Math.min(...rates, critical?.learningRate ?? Number.POSITIVE_INFINITY);
  const xHigh = Math.max(...rates, critical?.learningRate ?? 0);
  const xDomain = logDomain(xLow, xHigh, (decades) => 0.03 * decades || 0.5);
  const { yDomain: rawDomain, cut } = yScaleOf(
    smoothed,
    marks.map((mark) => mark.suggestion.point.loss),
  );

  const xRange: [number, number] = [MARGIN.left, width - MARGIN.right];
  const yRange: [number, number] = [HEIGHT - MARGIN.bottom, MARGIN.top];
  // Round ends for the loss axis, as Plot's `nice` makes them.
  const yDomain = Plot.scale({ y: { type: "linear", domain: rawDomain, nice: true } }).domain as [
    number,
    number,
  ];
  const xScale = Plot.scale({ x: { type: "log", domain: xDomain, range: xRange } });
  const yScale = Plot.scale({ y: { type: "linear", domain: yDomain, range: yRange } });
  const px = (rate: number) => xScale.apply(rate) as number;
  const py = (loss: number) => yScale.apply(loss) as number;

  const smoothedDrawn = cutLine(smoothed, yDomain[0], yDomain[1], false);
  // The batch losses are noisy; those outside the axis are left out rather than pinned to its edge.
  const rawShown = raw.filter((p) => p.y >= yDomain[0] && p.y <= yDomain[1]);
  const criticalText = critical ? `${critical.formula} = ${formatRate(critical.learningRate)}` : "";
  const criticalWidth = textWidth(criticalText, THEME.fontSize, true);
  // The critical rate's label reads rightwards unless that would leave the figure.
  const criticalSide = critical && px(critical.learningRate) + 5 + criticalWidth > width - 4 ? -1 : 1;
  const rules = [
    ...(critical ? [critical.learningRate] : []),
    ...marks.filter((mark) => mark.name === "valley").map((mark) => mark.suggestion.learningRate),
  ];
  const labels = placeSuggestionLabels(marks, smoothedDrawn, rules, px, py, width);

  const chart = Plot.plot({
    document,
    width,
    height: HEIGHT,
    marginTop: MARGIN.top,
    marginBottom: MARGIN.bottom,
    marginLeft: MARGIN.left,
    marginRight: MARGIN.right,
    style: PANEL_STYLE,
    x: {
      type: "log",
      domain: xDomain,
      range: xRange,
      label: "learning rate (log scale) →",
      labelAnchor: "right",
      ...ticksOption(logTicks(xDomain, 4)),
      tickFormat: formatLogTick,
    },
    y: {
      domain: yDomain,
      range: yRange,
      label: `↑ loss (${input.lossName})`,
      tickFormat: formatTick,
    },
    grid: true,
    marks: [
      Plot.dot(rawShown, {
        x: "x",
        y: "y",
        r: 1.75,
        fill: THEME.residual,
        fillOpacity: 0.6,
        className: "raw-loss",
      }),
      ...(critical
        ? [
            Plot.ruleX([critical.learningRate], {
              stroke: THEME.regimes.diverged,
              strokeWidth: 1.5,
              strokeDasharray: "5 3",
              className: "critical-rule",
            }),
            Plot.text([critical.learningRate], {
              x: (d) => d,
              frameAnchor: "top",
              dy: -12,
              dx: criticalSide * 5,
              textAnchor: criticalSide > 0 ? "start" : "end",
              text: () => criticalText,
              fill: textColor(THEME.regimes.diverged),
              fontWeight: 600,
              className: "critical-rule-label",
            }),
          ]
        : []),
      ...marks
        .filter((mark) => mark.name === "valley")
        .map((mark) =>
          Plot.ruleX([mark.suggestion.learningRate], {
            stroke: mark.color,
            strokeWidth: 1.5,
            strokeOpacity: 0.8,
            className: "valley-rule",
          }),
        ),
      Plot.line(smoothedDrawn, {
        x: "x",
        y: "y",
        stroke: THEME.ink,
        strokeWidth: 2,
        className: "smoothed-loss",
      }),
      ...labels.map((label) =>
        Plot.link([label], {
          x1: "x",
          x2: "x",
          y1: "y",
          y2: (d) => yScale.invert?.(d.leaderEnd) as number,
          stroke: label.color,
          strokeWidth: 1,
          className: "suggestion-leader",
        }),
      ),
      Plot.dot(labels, {
        x: "x",
        y: "y",
        r: (d) => (d.name === "valley" ? 7 : 5),
        fill: (d) => d.color,
        stroke: THEME.background,
        strokeWidth: 1.5,
        className: "suggestion-marker",
      }),
      ...labels.map((label) =>
        Plot.text([label], {
          x: "x",
          y: (d) => yScale.invert?.(d.labelY) as number,
          text: (d) => d.text,
          dx: label.dx,
          textAnchor: label.anchor,
          fill: textColor(label.color),
          fontWeight: label.name === "valley" ? 600 : 400,
          stroke: THEME.background,
          strokeWidth: 3,
          paintOrder: "stroke",
          className: `suggestion-label suggestion-${label.name}`,
        }),
      ),
    ],
  }) as unknown as SVGElement;

  const legend: LegendEntry[] = [
    {
      label: `smoothed loss${input.smoothing !== undefined ? ` (β ${input.smoothing})` : ""}`,
      color: THEME.ink,
      symbol: "line",
    },
    { label: "batch loss", color: THEME.residual, symbol: "dot" },
    ...marks.map((mark) => ({ label: mark.words, color: mark.color, symbol: "dot" as const })),
  ];
  if (critical)
    legend.push({ label: "critical rate (exact)", color: THEME.regimes.diverged, symbol: "dashed" });
  const cutNote = cut ? `loss axis cut at ${formatTick(yDomain[1])}` : "";
  const title = input.title ?? "The LR range test: loss as the learning rate ramps up";
  const subtitle = [input.subtitle, cutNote].filter(Boolean).join(" · ");
  return frame({
    title,
    subtitle,
    panels: [legendPanel(document, legend, width, MARGIN.left), chart],
    columns: 1,
    ...(input.description === undefined ? {} : { description: describe(title, subtitle, input.description) }),
  });
}

/** The finite points of a curve, with rates a log axis can show. */
function curveOf(rates: ArrayLike<number>, losses: ArrayLike<number>): CurvePoint[] {
  const points: CurvePoint[] = [];
  for (let i = 0; i < rates.length; i++) {
    const x = rates[i] as number;
    const y = losses[i] as number;
    if (drawableOnLog(x) && Number.isFinite(y)) points.push({ x, y });
  }
  return points;
}

/**
 * The y domain: from the lowest smoothed loss to the highest before its lowest point, with room; the
 * blow-up after it is cut when it rises higher than that.
 */
function yScaleOf(
  smoothed: readonly CurvePoint[],
  keep: readonly number[],
): { yDomain: [number, number]; cut: boolean } {
  let lowest = Number.POSITIVE_INFINITY;
  let lowestAt = 0;
  smoothed.forEach((point, i) => {
    if (point.y < lowest) {
      lowest = point.y;
      lowestAt = i;
    }
  });
  const before = smoothed.slice(0, lowestAt + 1).map((point) => point.y);
  let high = Math.max(...before, ...keep);
  let low = Math.min(lowest, ...keep);
  if (!Number.isFinite(low) || !Number.isFinite(high)) return { yDomain: [0, 1], cut: false };
  if (high === low) {
    high += Math.abs(high) * 0.1 || 1;
    low -= Math.abs(low) * 0.1 || 1;
  }
  const range = high - low;
  const top = high + 0.12 * range;
  const bottom = low >= 0 ? Math.max(0, low - 0.15 * range) : low - 0.15 * range;
  const highestOfAll = Math.max(...smoothed.map((point) => point.y));
  if (highestOfAll <= top) return { yDomain: [bottom, Math.max(top, highestOfAll)], cut: false };
  return { yDomain: [bottom, top], cut: true };
}

interface PlacedLabel {
  name: SuggestionName;
  color: string;
  text: string;
  /** The marker, in data coordinates (on the curve). */
  x: number;
  y: number;
  /** The label's baseline centre and the leader's end, in pixels. */
  labelY: number;
  leaderEnd: number;
  dx: number;
  anchor: "start" | "middle" | "end";
}

/**
 * Labels for the suggestions, each above or below its marker, at the first height clear of the curve,
 * the vertical rules and the other labels; a leader line joins each label to its marker.
 */
function placeSuggestionLabels(
  marks: readonly { name: SuggestionName; color: string; words: string; suggestion: LrSuggestion }[],
  curve: readonly CurvePoint[],
  rules: readonly number[],
  px: (rate: number) => number,
  py: (loss: number) => number,
  width: number,
): PlacedLabel[] {
  const taken: Box[] = lineObstacles(curve.map((p) => ({ x: px(p.x), y: py(p.y) })));
  const ruleBoxes = rules.map((rate) => ({ x0: px(rate) - 2, x1: px(rate) + 2, y0: 0, y1: HEIGHT }));
  for (const mark of marks) {
    const x = px(mark.suggestion.point.learningRate);
    const y = py(mark.suggestion.point.loss);
    taken.push({ x0: x - 8, x1: x + 8, y0: y - 8, y1: y + 8 });
  }
  return marks.map((mark) => {
    const { point, learningRate } = mark.suggestion;
    const x = px(point.learningRate);
    const y = py(point.loss);
    const text = `${mark.words}: ${formatRate(learningRate)}${mark.name === "valley" ? " (suggested)" : ""}`;
    const w = textWidth(text, THEME.fontSize, mark.name === "valley");
    const candidates: { labelY: number; dx: number; anchor: PlacedLabel["anchor"]; box: Box }[] = [];
    const tries: [number, PlacedLabel["anchor"]][] = [
      [-22, "middle"],
      [22, "middle"],
      [0, "start"],
      [0, "end"],
    ];
    for (const offset of [22, 36, 50, 64, 78, 92, 106]) {
      for (const direction of [-1, 1]) {
        for (const anchor of ["start", "end", "middle"] as const) tries.push([direction * offset, anchor]);
      }
    }
    for (const [offset, anchor] of tries) {
      const labelY = y + offset;
      if (labelY < MARGIN.top + 8 || labelY > HEIGHT - MARGIN.bottom - 8) continue;
      // Beside the marker (offset 0) the label starts clear of it; above or below, near its x.
      const dx = anchor === "middle" ? 0 : (anchor === "start" ? 1 : -1) * (offset === 0 ? 10 : 6);
      const left = anchor === "middle" ? x - w / 2 : anchor === "start" ? x + dx : x + dx - w;
      if (left < 4 || left + w > width - 4) continue;
      candidates.push({
        labelY,
        dx,
        anchor,
        box: { x0: left, x1: left + w, y0: labelY - 8, y1: labelY + 8 },
      });
    }
    // Rules are avoided if a place near the marker allows; else a label may cross one (its halo keeps it
    // readable) rather than wander far from its marker.
    const boxes = candidates.map((c) => c.box);
    const near = firstClear(boxes, [...taken, ...ruleBoxes]);
    const chosen = candidates[
      Math.abs((candidates[near] as (typeof candidates)[number]).labelY - y) <= 50
        ? near
        : firstClear(boxes, taken)
    ] as (typeof candidates)[number];
    taken.push(chosen.box);
    const leaderEnd = chosen.labelY === y ? y : chosen.labelY + (chosen.labelY > y ? -8 : 8);
    taken.push({ x0: x - 1, x1: x + 1, y0: Math.min(y, leaderEnd), y1: Math.max(y, leaderEnd) });
    return {
      name: mark.name,
      color: mark.color,
      text,
      x: point.learningRate,
      y: point.loss,
      labelY: chosen.labelY,
      leaderEnd,
      dx: chosen.dx,
      anchor: chosen.anchor,
    };
  });
}
