/** Small pieces every figure shares: tick formatting and the label in a small multiple's corner. */
import * as Plot from "@observablehq/plot";
import { THEME } from "../theme.js";

export { extent, spanOf } from "../extent.js";

/** Four significant digits, no trailing zeros, exponents for the very small and large. */
export function formatTick(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (value === 0) return "0";
  const magnitude = Math.abs(value);
  if (magnitude >= 1e5 || magnitude < 1e-3) {
    const [mantissa, exponent] = value.toExponential(2).split("e") as [string, string];
    return `${mantissa.replace(/\.?0+$/, "")}e${exponent.replace("+", "")}`;
  }
  return String(Number(value.toPrecision(4)));
}

/** A label in the top-left corner of a panel. */
export function panelLabel(text: string) {
  return Plot.text([text], {
    frameAnchor: "top-left",
    dy: -16,
    fontWeight: 600,
    fill: THEME.ink,
    textAnchor: "start",
    className: "panel-label",
  });
}

/**
 * The part of y = w·x + b inside the box [x0, x1] × [yLow, yHigh], as its two ends: exactly what the frame
 * shows, with no coordinate far outside it (a diverging run reaches slopes of 1e100). A line that misses
 * the box becomes a zero-length segment on its edge, which draws nothing.
 */
export function visibleSegment(
  w: number,
  b: number,
  [x0, x1]: readonly [number, number],
  [yLow, yHigh]: readonly [number, number],
): [[number, number], [number, number]] {
  let from = x0;
  let to = w === 0 && !(b >= yLow && b <= yHigh) ? Number.NEGATIVE_INFINITY : x1;
  if (w !== 0) {
    const xAtLow = (yLow - b) / w;
    const xAtHigh = (yHigh - b) / w;
    from = Math.max(x0, Math.min(xAtLow, xAtHigh));
    to = Math.min(x1, Math.max(xAtLow, xAtHigh));
  }
  const clamp = (y: number) => Math.min(yHigh, Math.max(yLow, y));
  if (!(from <= to)) {
    const y = clamp(w * x0 + b);
    return [
      [x0, y],
      [x0, y],
    ];
  }
  return [
    [from, clamp(w * from + b)],
    [to, clamp(w * to + b)],
  ];
}

/** The data points as dots, smaller when there are many. */
export function dataDots(points: readonly { x: number; y: number }[]) {
  return Plot.dot(points, {
    x: "x",
    y: "y",
    r: points.length > 500 ? 1.5 : 3,
    fill: THEME.point,
    className: "point",
  });
}

/** The ideal (least-squares) line through `segment`, its visible part: green and dashed. */
export function idealLine(segment: readonly { x: number; y: number }[]) {
  return Plot.line(segment, {
    x: "x",
    y: "y",
    stroke: THEME.ideal,
    strokeWidth: 2.5,
    strokeDasharray: "7 4",
    className: "ideal-line",
  });
}
