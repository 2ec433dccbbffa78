/**
 * Labels written beside their lines, on the chart, rather than stacked in a margin far from them: for
 * each line, the place nearest its end where the label, just above or below the line, clears every line
 * and every label placed before it. Built on annotations.ts's boxes (`lineObstacles`, `overlaps`).
 */
import { type Box, lineObstacles, overlaps, textWidth } from "./annotations.js";

/** A line in pixels, and the label to write beside it. */
export interface LineToLabel {
  text: string;
  points: readonly { x: number; y: number }[];
}

/** Where a label goes, in pixels: its anchor point (text-anchor `anchor`, vertically centred) and its box. */
export interface PlacedLineLabel {
  x: number;
  y: number;
  anchor: "start" | "end";
  box: Box;
}

export interface LineLabelOptions {
  /** The area labels must stay inside, in pixels (the chart's frame). */
  bounds: Box;
  fontSize: number;
  bold?: boolean;
  /** Pixels between the line and the label's nearer edge. */
  gap?: number;
  /** Pixels between candidate places along a line. */
  spacing?: number;
  /** Boxes labels must also keep clear of (markers, other text). */
  avoid?: readonly Box[];
}

/**
 * One place per line (in the input's order), or null for a line with no clear place on the chart (its
 * caller then labels it another way, e.g. in the margin). Candidates run back from the line's end, every
 * `spacing` pixels along it; at each, above then below the line, the label ending there (reading towards
 * the point) or starting there.
 */
export function placeLineLabels(
  lines: readonly LineToLabel[],
  { bounds, fontSize, bold = true, gap = 4, spacing = 10, avoid = [] }: LineLabelOptions,
): (PlacedLineLabel | null)[] {
  const taken: Box[] = [...avoid, ...lines.flatMap((line) => lineObstacles(line.points))];
  const height = fontSize + 2;
  return lines.map((line) => {
    const width = textWidth(line.text, fontSize, bold);
    for (const point of alongFromEnd(line.points, spacing)) {
      for (const side of [-1, 1]) {
        const y = point.y + side * (gap + height / 2);
        for (const anchor of ["end", "start"] as const) {
          const x0 = anchor === "end" ? point.x - width : point.x;
          const box = { x0, x1: x0 + width, y0: y - height / 2, y1: y + height / 2 };
          const inside =
            box.x0 >= bounds.x0 && box.x1 <= bounds.x1 && box.y0 >= bounds.y0 && box.y1 <= bounds.y1;
          if (inside && taken.every((other) => !overlaps(box, other))) {
            taken.push(box);
            return { x: point.x, y, anchor, box };
          }
        }
      }
    }
    return null;
  });
}

/** Points every `spacing` pixels along a polyline, from its last finite point backwards. */
function alongFromEnd(
  points: readonly { x: number; y: number }[],
  spacing: number,
): { x: number; y: number }[] {
  const finite = points.filter((point) => Number.isFinite(point.x) && Number.isFinite(point.y));
  const result: { x: number; y: number }[] = [];
  const last = finite.at(-1);
  if (!last) return result;
  result.push(last);
  let carried = 0;
  for (let i = finite.length - 1; i > 0 && result.length < 400; i--) {
    const a = finite[i] as { x: number; y: number };
    const b = finite[i - 1] as { x: number; y: number };
    const length = Math.hypot(b.x - a.x, b.y - a.y);
    let at = spacing - carried;
    while (at <= length) {
      const t = at / length;
      result.push({ x: a.x + t * (b.x - a.x), y: a.y + t * (b.y - a.y) });
      at += spacing;
    }
    carried = length - (at - spacing);
  }
  return result;
}
