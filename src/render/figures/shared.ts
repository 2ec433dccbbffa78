/** Small pieces every figure shares: tick formatting and the label in a small multiple's corner. */
import * as Plot from "@observablehq/plot";
import { THEME } from "../theme.js";

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
