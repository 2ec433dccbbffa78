/**
 * Annotation helpers the loss, sweep, find-lr and schedule figures share: how wide a label will be, how to
 * keep labels from overlapping, and a legend drawn inside the SVG (Plot's own legends for ordinal colours
 * are HTML, which a standalone SVG or PNG would lose).
 *
 * (They live under this file name only because of how the figures were split between authors; they are
 * general and belong beside `formatTick` in shared.ts.)
 */
import * as Plot from "@observablehq/plot";
import { withRealMinus } from "../numbers.js";
import { formatSignificant, textWidth } from "../text.js";
import { THEME } from "../theme.js";

export { formatSignificant, textWidth } from "../text.js";
export { formatLogTick, logTicks, niceCeiling, ticksOption } from "./log-axis.js";

/**
 * Moves 1-D label positions (pixels, e.g. the y of labels at the ends of lines) apart so that neighbours
 * are at least `gap` apart, each as near to where it wants to be as the others allow, all within
 * [low, high] when they fit. Returns the positions in the input's order.
 *
 * Overlapping labels are merged into blocks centred on the mean of their wishes, until no blocks overlap.
 */
export function spreadLabels(wanted: readonly number[], gap: number, low: number, high: number): number[] {
  const order = wanted.map((_, i) => i).sort((a, b) => (wanted[a] as number) - (wanted[b] as number));
  let blocks = order.map((index) => ({ indices: [index], mean: wanted[index] as number, start: 0 }));
  const place = (block: (typeof blocks)[number]) => {
    const size = (block.indices.length - 1) * gap;
    // A block too tall for [low, high] starts at low and runs past high.
    block.start = high - size < low ? low : Math.min(Math.max(block.mean - size / 2, low), high - size);
  };
  blocks.forEach(place);
  for (let merged = true; merged; ) {
    merged = false;
    const next: typeof blocks = [];
    for (const block of blocks) {
      const previous = next[next.length - 1];
      if (previous && previous.start + (previous.indices.length - 1) * gap + gap > block.start) {
        const indices = [...previous.indices, ...block.indices];
        const mean = indices.reduce((sum, i) => sum + (wanted[i] as number), 0) / indices.length;
        const joined = { indices, mean, start: 0 };
        place(joined);
        next[next.length - 1] = joined;
        merged = true;
      } else next.push(block);
    }
    blocks = next;
  }
  const result = new Array<number>(wanted.length);
  for (const block of blocks) {
    block.indices.forEach((index, k) => {
      result[index] = block.start + k * gap;
    });
  }
  return result;
}

/** A rectangle in pixels, for keeping labels clear of each other. */
export interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

export function overlaps(a: Box, b: Box): boolean {
  return a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;
}

/** The first candidate box that overlaps none of `taken`, or the last one if every candidate does. */
export function firstClear(candidates: readonly Box[], taken: readonly Box[]): number {
  const index = candidates.findIndex((box) => taken.every((other) => !overlaps(box, other)));
  return index < 0 ? candidates.length - 1 : index;
}

/**
 * Small boxes along a polyline (pixels), so labels can be kept off the lines: a box every `step` pixels
 * of every segment. Points with a NaN coordinate break the line.
 */
export function lineObstacles(points: readonly { x: number; y: number }[], step = 4, half = 2): Box[] {
  const boxes: Box[] = [];
  points.forEach((point, i) => {
    const previous = points[i - 1];
    if (!Number.isFinite(point.x) || !Number.isFinite(point.y)) return;
    boxes.push({ x0: point.x - half, x1: point.x + half, y0: point.y - half, y1: point.y + half });
    if (!previous || !Number.isFinite(previous.x) || !Number.isFinite(previous.y)) return;
    const length = Math.hypot(point.x - previous.x, point.y - previous.y);
    const count = Math.min(2000, Math.floor(length / step));
    for (let k = 1; k < count; k++) {
      const x = previous.x + ((point.x - previous.x) * k) / count;
      const y = previous.y + ((point.y - previous.y) * k) / count;
      boxes.push({ x0: x - half, x1: x + half, y0: y - half, y1: y + half });
    }
  });
  return boxes;
}

/**
 * A colour for text on white: palette colours lighter than relative luminance 0.28 (Okabe–Ito's yellow,
 * orange, sky blue) are darkened to it, keeping their hue, so a label stays readable beside its line.
 */
export function textColor(color: string): string {
  const match = /^#([0-9a-f]{6})$/i.exec(color);
  if (!match) return color;
  const hex = match[1] as string;
  const channels = [0, 2, 4].map((i) => Number.parseInt(hex.slice(i, i + 2), 16) / 255);
  const linear = channels.map((c) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  const [r, g, b] = linear as [number, number, number];
  const luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  const target = 0.28;
  if (luminance <= target) return color;
  return `#${linear
    .map((c) => {
      const scaled = (c * target) / luminance;
      const s = scaled <= 0.0031308 ? 12.92 * scaled : 1.055 * scaled ** (1 / 2.4) - 0.055;
      return Math.round(Math.min(1, Math.max(0, s)) * 255)
        .toString(16)
        .padStart(2, "0");
    })
    .join("")}`;
}

/** How a legend entry is drawn: a short line (solid or dashed), a dot, a triangle, a dotted ring, or a filled swatch. */
export type LegendSymbol = "line" | "dashed" | "dot" | "triangle" | "ring" | "band";

export interface LegendEntry {
  label: string;
  color: string;
  symbol: LegendSymbol;
}

const LEGEND_ROW = 18;
const SWATCH = 18;

/**
 * A legend as its own small panel (place it above or below the chart with `frame`): entries left to
 * right, wrapping to a new row when the width runs out, each a symbol in its colour and a label in ink.
 * Drawn with Plot on identity scales, so every position is in pixels.
 */
export function legendPanel(
  document: Document,
  entries: readonly LegendEntry[],
  width: number,
  marginLeft = 0,
): SVGElement {
  const items: { x: number; y: number; entry: LegendEntry }[] = [];
  let x = marginLeft;
  let row = 0;
  for (const entry of entries) {
    const itemWidth = SWATCH + 6 + textWidth(entry.label) + 18;
    if (x > marginLeft && x + itemWidth > width) {
      row++;
      x = marginLeft;
    }
    items.push({ x, y: row * LEGEND_ROW + LEGEND_ROW / 2 + 1, entry });
    x += itemWidth;
  }
  const of = (symbol: LegendSymbol) => items.filter((item) => item.entry.symbol === symbol);
  const lines = (dashed: boolean) =>
    Plot.link(of(dashed ? "dashed" : "line"), {
      x1: (d) => d.x,
      x2: (d) => d.x + SWATCH,
      y1: "y",
      y2: "y",
      stroke: (d) => d.entry.color,
      strokeWidth: 2.5,
      ...(dashed ? { strokeDasharray: "5 3" } : {}),
    });
  return Plot.plot({
    document,
    width,
    height: (row + 1) * LEGEND_ROW + 2,
    margin: 0,
    axis: null,
    x: { type: "identity" },
    y: { type: "identity" },
    color: { type: "identity" },
    style: PANEL_STYLE,
    marks: [
      Plot.rect(of("band"), {
        x1: (d) => d.x,
        x2: (d) => d.x + SWATCH,
        y1: (d) => d.y - 6,
        y2: (d) => d.y + 6,
        fill: (d) => d.entry.color,
        fillOpacity: 0.35,
      }),
      lines(false),
      lines(true),
      Plot.dot(of("dot"), { x: (d) => d.x + SWATCH / 2, y: "y", r: 4, fill: (d) => d.entry.color }),
      Plot.dot(of("triangle"), {
        x: (d) => d.x + SWATCH / 2,
        y: "y",
        r: 4.5,
        symbol: "triangle",
        fill: (d) => d.entry.color,
      }),
      Plot.dot(of("ring"), {
        x: (d) => d.x + SWATCH / 2,
        y: "y",
        r: 6,
        stroke: (d) => d.entry.color,
        strokeWidth: 1.5,
        strokeDasharray: "2 2",
        fill: "none",
      }),
      Plot.text(items, {
        x: (d) => d.x + SWATCH + 6,
        y: "y",
        text: (d) => d.entry.label,
        textAnchor: "start",
        fill: THEME.ink,
        className: "legend-label",
      }),
    ],
  }) as unknown as SVGElement;
}

/** A point of a line; `y` NaN breaks the line (Plot draws no segment to or from it). */
export interface LinePoint {
  x: number;
  y: number;
}

/**
 * A line cut to the band low ≤ y ≤ high: the parts inside, with the crossing points interpolated (in
 * log y when `log`, so the cut lies on the straight segment Plot draws), and a break (y NaN) between
 * parts. Cutting the data, rather than clipping the drawing, keeps far-off coordinates out of the SVG
 * (resvg 2.6 panics on some clipped paths that reach far outside their panel).
 */
export function cutLine(points: readonly LinePoint[], low: number, high: number, log: boolean): LinePoint[] {
  const f = log ? Math.log : (value: number) => value;
  const inside = (y: number) => y >= low && y <= high;
  const out: LinePoint[] = [];
  const crossing = (a: LinePoint, b: LinePoint, bound: number): LinePoint => {
    const t = (f(bound) - f(a.y)) / (f(b.y) - f(a.y));
    return { x: a.x + t * (b.x - a.x), y: bound };
  };
  points.forEach((point, i) => {
    const previous = points[i - 1];
    if (previous) {
      const [a, b] = [previous, point];
      const bounds = [low, high].filter((bound) => (a.y - bound) * (b.y - bound) < 0);
      // Entering, leaving, or passing straight through the band between a and b.
      const cuts = bounds.map((bound) => crossing(a, b, bound)).sort((p, q) => (p.x - q.x) * (b.x - a.x));
      if (!inside(a.y) && cuts.length > 0) out.push(...cuts.slice(0, 1));
      // Towards a gap (b not a number: a rate of 0 has no 2/η) there is no crossing, only the break.
      if (inside(a.y) && !inside(b.y)) out.push(...cuts.slice(0, 1), { x: Number.NaN, y: Number.NaN });
      else if (!inside(a.y) && !inside(b.y) && cuts.length === 2) {
        out.push(cuts[1] as LinePoint, { x: Number.NaN, y: Number.NaN });
      }
    }
    if (inside(point.y)) out.push(point);
  });
  return out;
}

/** Plot's panel style in the house font. */
export const PANEL_STYLE = {
  fontFamily: THEME.fontFamily,
  fontSize: `${THEME.fontSize}px`,
  color: THEME.ink,
} as const;

/**
 * Significant digits for a rate in a label: 4, without trailing zeros, a real minus sign ("0.3069",
 * "5.754e−6"), as the lab's buttons and the CLI's tables write the same rate.
 */
export function formatRate(rate: number): string {
  return withRealMinus(formatSignificant(rate, 4));
}

/** A figure's <desc>: its title, subtitle and any more words for screen readers, as sentences. */
export function describe(title: string, subtitle: string | undefined, more: string): string {
  return [title, subtitle, more].filter(Boolean).join(". ");
}

/**
 * The optimum loss as a dashed green rule, labelled just under it at the `side` of the chart (the right
 * where something else, such as runs that left the chart, crowds the left).
 */
export function optimumMarks(optimumLoss: number, side: "left" | "right" = "left") {
  return [
    Plot.ruleY([optimumLoss], {
      stroke: THEME.ideal,
      strokeWidth: 1.5,
      strokeDasharray: "6 4",
      className: "optimum-rule",
    }),
    Plot.text([optimumLoss], {
      y: (d) => d,
      frameAnchor: side,
      dx: side === "left" ? 6 : -6,
      dy: 9,
      textAnchor: side === "left" ? "start" : "end",
      text: () => `best loss ${withRealMinus(formatSignificant(optimumLoss, 4))}`,
      fill: THEME.ideal,
      fontWeight: 600,
      className: "optimum-label",
    }),
  ];
}
