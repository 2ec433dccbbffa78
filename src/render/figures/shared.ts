/** Small pieces every figure shares: tick formatting and the label in a small multiple's corner. */
import * as Plot from "@observablehq/plot";
import { textWidth } from "../text.js";
import { THEME } from "../theme.js";

export { extent, spanOf } from "../extent.js";

/**
 * Four significant digits, no trailing zeros, exponents for the very small and large, and a real minus
 * sign (−), as every number to be read is written (render/numbers.ts): "−0.5", "2e−4".
 */
export function formatTick(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (value === 0) return "0";
  const magnitude = Math.abs(value);
  if (magnitude >= 1e5 || magnitude < 1e-3) {
    const [mantissa, exponent] = value.toExponential(2).split("e") as [string, string];
    return `${mantissa.replace(/\.?0+$/, "")}e${exponent.replace("+", "")}`.replace(/-/g, "−");
  }
  return String(Number(value.toPrecision(4))).replace(/-/g, "−");
}

/** A number as `formatTick` writes it, with a real minus sign (−) for a negative one. */
export function formatSigned(value: number): string {
  return formatTick(value);
}

/** The line y = w·x + b as a reader writes it: "y = 3·x − 1", "y = −0.007677·x + 46.32". */
export function formatLine(w: number, b: number): string {
  return `y = ${formatSigned(w)}·x ${b < 0 ? "−" : "+"} ${formatTick(Math.abs(b))}`;
}

/**
 * A column name cut to fit `room` pixels of axis label (with an ellipsis), so a long name neither runs
 * off its panel nor over the tick labels; `reserve` is room kept for what Plot adds (the arrow " →").
 */
export function fitAxisName(name: string, room: number, reserve = textWidth(" →")): string {
  if (textWidth(name) + reserve <= room) return name;
  const characters = [...name];
  while (characters.length > 1 && textWidth(`${characters.join("")}…`) + reserve > room) characters.pop();
  return `${characters.join("").trimEnd()}…`;
}

/** A label in the top-left corner of a panel, `above` pixels over the frame (16: in a top margin of 26). */
export function panelLabel(text: string, above = 16) {
  return Plot.text([text], {
    frameAnchor: "top-left",
    dy: -above,
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

/**
 * The title of a figure that follows the red line through a run, in neutral words, from its losses: it
 * "moves onto the green line" when it ends within 0.1% of the loss it had to lose (start − optimum), "moves
 * toward the green line" when it loses at least half of that, and otherwise is only "the red line after N
 * steps": the figure shows where it went, the title does not claim more.
 */
export function redLineTitle(
  start: { loss: number },
  end: { loss: number; step: number },
  optimumLoss: number,
): string {
  const toLose = start.loss - optimumLoss;
  const left = end.loss - optimumLoss;
  if (toLose > 0 && left <= 0.001 * toLose) return "The red line moves onto the green line";
  if (toLose > 0 && left <= 0.5 * toLose) return "The red line moves toward the green line";
  return `The red line after ${end.step.toLocaleString("en-US")} step${end.step === 1 ? "" : "s"}`;
}

// The loops that replace Math.max(...values), in a module of their own: the CLI's text loads them without Plot.
export { largest, smallest } from "../extremes.js";
