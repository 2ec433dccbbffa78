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
import type { LrSuggestion, LrSuggestions, SuggestionName } from "../../core/choosing/lr-suggestions.js";
import { suggestionMarks } from "../../core/choosing/range-test-marks.js";
import { type Figure, frame, type RenderEnvironment } from "../frame.js";
import { OKABE_ITO, THEME } from "../theme.js";
import {
  type Box,
  cutLine,
  describe,
  formatRate,
  type LegendEntry,
  legendPanel,
  lineObstacles,
  overlaps,
  PANEL_STYLE,
  textColor,
  textWidth,
} from "./annotations.js";
import { drawableOnLog, formatLogTick, logDomain, logTicks, ticksOption } from "./log-axis.js";
import { labelEveryLogTick } from "./log-axis-labels.js";
import { formatTick, largest, smallest } from "./shared.js";

export interface FindLrFigureInput {
  /** The range test's curve: the rate, the batch loss and the smoothed loss of each iteration. */
  learningRates: ArrayLike<number>;
  losses: ArrayLike<number>;
  smoothedLosses: ArrayLike<number>;
  suggestions: Pick<LrSuggestions, SuggestionName>;
  /**
   * The exact stability bound on linear MSE (2/λmax for SGD), Huber's bound near the best line, or null;
   * `legend` says which (default "critical rate (exact)").
   */
  critical: { learningRate: number; formula: string; legend?: string } | null;
  /** The loss's name for the axis, e.g. "MSE". */
  lossName: string;
  /** β of the smoothing, for the legend. */
  smoothing?: number;
  /**
   * `steep` moved back by the smoothing's lag (core smoothing-lag.ts): where the batch losses fell fastest.
   * Drawn as a dotted rule in steep's colour.
   */
  steepLagCorrected?: { readonly learningRate: number; readonly lag: number } | null;
  title?: string;
  /** The numbers that matter; the figure appends where the y axis is cut, if it is. */
  subtitle?: string;
  width?: number;
  /** More for screen readers, after the title and subtitle in the figure's <desc> (e.g. the data used). */
  description?: string;
  /**
   * Why the valley is not a rate to use, when the core decided so (judging/finite-optimum.ts: the loss has
   * no finite minimum, e.g. "no finite minimum"); the valley is then not marked "(suggested)" but this, so
   * the figure says what the command's "Suggested no rate" says.
   */
  valleyNotARate?: string;
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
  // Each suggestion is marked at its own rate (core range-test-marks.ts, as the JSON gives it): on the
  // smoothed curve where the ramp passed it, on the floor of the chart where it did not (`minimum` is a
  // tenth of the rate at the lowest loss, which can lie before the ramp's start).
  const points = suggestionMarks(input, input.suggestions);
  const marks = SUGGESTIONS.flatMap((spec) => {
    const suggestion = input.suggestions[spec.name];
    const point = points[spec.name];
    return suggestion && point ? [{ ...spec, suggestion, loss: point.loss }] : [];
  });

  // x: the ramp, widened to show the critical rate and every suggestion; y: the smoothed curve up to its
  // lowest point and a little room (the blow-up after it is cut), the suggestions' points always inside.
  const lagged = input.steepLagCorrected && input.suggestions.steep ? input.steepLagCorrected : null;
  const rates = [
    ...smoothed.map((p) => p.x),
    ...marks.map((mark) => mark.suggestion.learningRate),
    ...(lagged ? [lagged.learningRate] : []),
  ];
  const critical = input.critical;
  const xLow = smallest(rates, critical?.learningRate ?? Number.POSITIVE_INFINITY);
  const xHigh = largest(rates, critical?.learningRate ?? 0);
  const xDomain = logDomain(xLow, xHigh, (decades) => 0.03 * decades || 0.5);
  const { yDomain: rawDomain, cut } = yScaleOf(
    smoothed,
    marks.flatMap((mark) => (mark.loss === null ? [] : [mark.loss])),
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
  const criticalBox = critical
    ? {
        x0: criticalSide > 0 ? px(critical.learningRate) + 5 : px(critical.learningRate) - 5 - criticalWidth,
        x1: criticalSide > 0 ? px(critical.learningRate) + 5 + criticalWidth : px(critical.learningRate) - 5,
        y0: MARGIN.top - 20,
        y1: MARGIN.top - 4,
      }
    : null;
  const labels = placeSuggestionLabels(
    marks.map((mark) => ({ ...mark, y: mark.loss ?? yDomain[0] })),
    smoothedDrawn,
    { rules, avoid: criticalBox ? [criticalBox] : [], px, py, width, notARate: input.valleyNotARate },
  );

  const chart = Plot.plot(
    labelEveryLogTick({
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
                stroke: THEME.outcomes["jumps-out"],
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
                fill: textColor(THEME.outcomes["jumps-out"]),
                fontWeight: 600,
                className: "critical-rule-label",
              }),
            ]
          : []),
        ...(lagged
          ? [
              Plot.ruleX([lagged.learningRate], {
                stroke: OKABE_ITO.skyBlue,
                strokeWidth: 1.5,
                strokeDasharray: "1 3",
                strokeLinecap: "round",
                className: "steep-lag-rule",
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
            y1: "y",
            x2: (d) => xScale.invert?.(d.leaderEnd.x) as number,
            y2: (d) => yScale.invert?.(d.leaderEnd.y) as number,
            stroke: label.color,
            strokeWidth: 1,
            className: "suggestion-leader",
          }),
        ),
        Plot.dot(labels, {
          x: "x",
          y: "y",
          r: (d) => (d.name === "valley" ? 7 : 5),
          // Hollow where the ramp did not pass the rate: the point is not on the measured curve.
          fill: (d) => (d.onCurve ? d.color : THEME.background),
          stroke: (d) => (d.onCurve ? THEME.background : d.color),
          strokeWidth: (d) => (d.onCurve ? 1.5 : 2),
          className: "suggestion-marker",
        }),
        ...labels.map((label) =>
          Plot.text([label], {
            x: (d) => xScale.invert?.(d.labelX) as number,
            y: (d) => yScale.invert?.(d.labelY) as number,
            text: (d) => d.text,
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
    }),
  ) as unknown as SVGElement;

  const legend: LegendEntry[] = [
    {
      label: `smoothed loss${input.smoothing !== undefined ? ` (β ${input.smoothing})` : ""}`,
      color: THEME.ink,
      symbol: "line",
    },
    { label: "batch loss", color: THEME.residual, symbol: "dot" },
    ...marks.map((mark) => ({
      label:
        mark.name === "valley" && input.valleyNotARate !== undefined
          ? `${mark.words} (${input.valleyNotARate}: not a rate to use)`
          : mark.words,
      color: mark.color,
      symbol: "dot" as const,
    })),
  ];
  if (lagged)
    legend.push({
      label: `steep − lag (${Math.round(lagged.lag)} iterations)`,
      color: OKABE_ITO.skyBlue,
      symbol: "dashed",
    });
  if (critical)
    legend.push({
      label: critical.legend ?? "critical rate (exact)",
      color: THEME.outcomes["jumps-out"],
      symbol: "dashed",
    });
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
  let high = Math.max(largest(before), largest(keep));
  let low = smallest(keep, lowest);
  if (!Number.isFinite(low) || !Number.isFinite(high)) return { yDomain: [0, 1], cut: false };
  if (high === low) {
    high += Math.abs(high) * 0.1 || 1;
    low -= Math.abs(low) * 0.1 || 1;
  }
  const range = high - low;
  const top = high + 0.12 * range;
  const bottom = low >= 0 ? Math.max(0, low - 0.15 * range) : low - 0.15 * range;
  const highestOfAll = largest(smoothed.map((point) => point.y));
  if (highestOfAll <= top) return { yDomain: [bottom, Math.max(top, highestOfAll)], cut: false };
  return { yDomain: [bottom, top], cut: true };
}

interface PlacedLabel {
  name: SuggestionName;
  color: string;
  text: string;
  /** The marker, in data coordinates: at the suggested rate, on the curve (or its floor, off the ramp). */
  x: number;
  y: number;
  onCurve: boolean;
  /** The label's anchor point (vertically centred) and where its leader ends, in pixels. */
  labelX: number;
  labelY: number;
  leaderEnd: { x: number; y: number };
  anchor: "start" | "middle" | "end";
}

interface SuggestionMark {
  name: SuggestionName;
  color: string;
  words: string;
  suggestion: LrSuggestion;
  /** The smoothed loss at the suggested rate, null where the ramp did not pass it. */
  loss: number | null;
  /** Where the marker goes: `loss`, or the floor of the chart. */
  y: number;
}

/**
 * Labels for the suggestions, each near its marker at the first place clear of the curve, the markers,
 * the vertical rules (and their labels) and the labels before it, inside the chart's frame (never over
 * the axes' tick labels); a leader joins each label to its marker. Places are tried nearest first: above
 * and below, then further out and to either side.
 */
function placeSuggestionLabels(
  marks: readonly SuggestionMark[],
  curve: readonly CurvePoint[],
  layout: {
    rules: readonly number[];
    avoid: readonly Box[];
    px: (rate: number) => number;
    py: (loss: number) => number;
    width: number;
    /** Why the valley is not a rate to use (FindLrFigureInput.valleyNotARate), if it is not. */
    notARate: string | undefined;
  },
): PlacedLabel[] {
  const { rules, px, py, width, notARate } = layout;
  const frame = {
    x0: MARGIN.left + 2,
    x1: width - MARGIN.right,
    y0: MARGIN.top + 2,
    y1: HEIGHT - MARGIN.bottom - 2,
  };
  const taken: Box[] = [...lineObstacles(curve.map((p) => ({ x: px(p.x), y: py(p.y) }))), ...layout.avoid];
  const ruleBoxes = rules.map((rate) => ({ x0: px(rate) - 2, x1: px(rate) + 2, y0: 0, y1: HEIGHT }));
  for (const mark of marks) {
    const x = px(mark.suggestion.learningRate);
    const y = py(mark.y);
    taken.push({ x0: x - 8, x1: x + 8, y0: y - 8, y1: y + 8 });
  }
  return marks.map((mark) => {
    const { learningRate } = mark.suggestion;
    const onCurve = mark.loss !== null;
    const x = px(learningRate);
    const y = py(mark.y);
    const where = onCurve
      ? ""
      : learningRate < (curve[0]?.x ?? 0)
        ? " (before the ramp)"
        : " (after the ramp)";
    const short = `${mark.words}: ${formatRate(learningRate)}${where}`;
    const valleyWords = notARate === undefined ? " (suggested)" : `, ${notARate}: not a rate to use`;
    const full = `${mark.words}: ${formatRate(learningRate)}${mark.name === "valley" ? valleyWords : ""}${where}`;
    const placesFor = (text: string) => {
      const w = textWidth(text, THEME.fontSize, mark.name === "valley");
      const candidates = labelCandidates(x, y, w, frame).filter(
        ({ box }) => box.x0 >= frame.x0 && box.x1 <= frame.x1 && box.y0 >= frame.y0 && box.y1 <= frame.y1,
      );
      const clear = (others: readonly Box[]) =>
        candidates.find((candidate) => others.every((other) => !overlaps(candidate.box, other)));
      return { w, candidates, clear };
    };
    // Rules are avoided if any place allows, with the valley's "(suggested)" (or why it is not a rate)
    // dropped if that is what it takes on a narrow chart (the legend and the bold say it too); else a label may cross a rule (its halo
    // keeps it readable). Always inside the frame.
    let text = full;
    let places = placesFor(full);
    let chosen = places.clear([...taken, ...ruleBoxes]);
    if (!chosen && short !== full) {
      const shorter = placesFor(short);
      const clearOfRules = shorter.clear([...taken, ...ruleBoxes]);
      if (clearOfRules || places.candidates.length === 0) {
        text = short;
        places = shorter;
        chosen = clearOfRules;
      }
    }
    chosen ??= places.clear(taken) ?? places.candidates[0] ?? insideFrame(x, y, places.w, frame);
    taken.push(chosen.box);
    const leaderEnd = nearestEdge(chosen.box, x, y);
    taken.push({
      x0: Math.min(x, leaderEnd.x) - 1,
      x1: Math.max(x, leaderEnd.x) + 1,
      y0: Math.min(y, leaderEnd.y),
      y1: Math.max(y, leaderEnd.y),
    });
    return {
      name: mark.name,
      color: mark.color,
      text,
      x: learningRate,
      y: mark.y,
      onCurve,
      labelX: chosen.labelX,
      labelY: chosen.labelY,
      leaderEnd,
      anchor: chosen.anchor,
    };
  });
}

/** A label's place: its anchor point and text anchor, and the box it covers. */
interface LabelPlace {
  labelX: number;
  labelY: number;
  anchor: "start" | "middle" | "end";
  box: Box;
}

/**
 * The last resort, when no place near the marker fits in the frame: beside the marker, on the side with
 * more room, and pushed back inside the frame's edge (ending at the right edge near it; starting at the
 * left edge near that). A label wider than the frame starts at its left edge.
 */
function insideFrame(x: number, y: number, w: number, frame: Box): LabelPlace {
  const right = frame.x1 - x >= x - frame.x0;
  let x0 = right ? x + 10 : x - 10 - w;
  x0 = Math.max(frame.x0, Math.min(x0, frame.x1 - w));
  const box = { x0, x1: x0 + w, y0: y - 8, y1: y + 8 };
  return x0 + w >= frame.x1 && x0 > frame.x0
    ? { labelX: frame.x1, labelY: y, anchor: "end", box }
    : { labelX: x0, labelY: y, anchor: "start", box };
}

/**
 * Places for a label `w` wide near a marker at (x, y), nearest first: beside it, above or below it
 * (centred, or starting or ending near its x), then further up or down and further to either side. Last,
 * for a narrow chart where none of those fits between the frame's edges (a phone's 375 px), the same
 * heights with the label slid along inside the frame, nearest its marker first.
 */
function labelCandidates(x: number, y: number, w: number, frame: Box): LabelPlace[] {
  const places: { labelX: number; labelY: number; anchor: "start" | "middle" | "end"; cost: number }[] = [
    { labelX: x + 10, labelY: y, anchor: "start", cost: 10 },
    { labelX: x - 10, labelY: y, anchor: "end", cost: 10 },
  ];
  for (const offset of [22, 36, 50, 64, 78, 92, 106, 120, 140, 160]) {
    for (const direction of [-1, 1]) {
      const labelY = y + direction * offset;
      // Above before below, near before far, straight up or down before off to a side.
      const cost = offset + (direction > 0 ? 1 : 0);
      places.push({ labelX: x, labelY, anchor: "middle", cost: cost - 0.5 });
      for (const shift of [0, 40, 80, 120, 160, 200]) {
        places.push(
          { labelX: x + 6 + shift, labelY, anchor: "start", cost: cost + 0.75 * shift },
          { labelX: x - 6 - shift, labelY, anchor: "end", cost: cost + 0.75 * shift },
        );
      }
    }
  }
  // After every place above (cost 1000 and up): slid along the frame, 10 px at a time.
  for (const offset of [22, 36, 50, 64, 78, 92, 106, 120, 140, 160]) {
    for (const direction of [-1, 1]) {
      for (let x0 = frame.x0; x0 + w <= frame.x1; x0 += 10) {
        const cost = 1000 + offset + (direction > 0 ? 1 : 0) + 0.75 * Math.abs(x0 + w / 2 - x);
        places.push({ labelX: x0, labelY: y + direction * offset, anchor: "start", cost });
      }
    }
  }
  return places
    .sort((a, b) => a.cost - b.cost)
    .map((place) => {
      const x0 =
        place.anchor === "middle"
          ? place.labelX - w / 2
          : place.anchor === "start"
            ? place.labelX
            : place.labelX - w;
      return { ...place, box: { x0, x1: x0 + w, y0: place.labelY - 8, y1: place.labelY + 8 } };
    });
}

/** The point of a box's edge nearest to (x, y), where a leader from (x, y) ends. */
function nearestEdge(box: Box, x: number, y: number): { x: number; y: number } {
  return { x: Math.min(box.x1, Math.max(box.x0, x)), y: Math.min(box.y1, Math.max(box.y0, y)) };
}
