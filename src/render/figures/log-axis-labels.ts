/**
 * Every tick we choose for a log axis gets its label.
 *
 * Plot hands a log scale's `tickFormat` to d3's `log.tickFormat(10, format)`, which blanks every tick whose
 * mantissa exceeds a limit worked out from d3's own tick count (often 4): with our 1-2-5 ticks over three
 * decades, 0.005, 0.05 and 0.5 got a tick mark and no label, whatever the room. {@link logTicks} already
 * picks few enough ticks to read, so a log axis with explicit ticks is drawn as an explicit axis mark whose
 * text channel formats each tick itself, bypassing d3's thinning. Plot then leaves out its implicit axis.
 */
import * as Plot from "@observablehq/plot";
import { formatLogTick } from "./log-axis.js";

/** The options of a scale that belong to its axis (Plot passes them to the implicit axis mark). */
const AXIS_KEYS = [
  "label",
  "labelAnchor",
  "labelArrow",
  "labelOffset",
  "tickSize",
  "tickPadding",
  "tickRotate",
  "fontVariant",
] as const;

/**
 * `options` with each log x or y scale that has explicit ticks and an axis drawn by an explicit axis mark
 * labelling every tick (with `formatLogTick`, or the scale's `tickFormat` when it is a function).
 */
export function labelEveryLogTick(options: Plot.PlotOptions): Plot.PlotOptions {
  const axes: Plot.Markish[] = [];
  for (const k of ["x", "y"] as const) {
    const scale = options[k];
    if (scale?.type !== "log" || !Array.isArray(scale.ticks) || scale.axis === null) continue;
    const ticks = scale.ticks as number[];
    const format = typeof scale.tickFormat === "function" ? scale.tickFormat : formatLogTick;
    const axisOptions: Record<string, unknown> = {
      text: (tick: number, i: number) => format(tick, i),
      ...(typeof scale.axis === "string" ? { anchor: scale.axis } : {}),
    };
    for (const key of AXIS_KEYS) if (scale[key] !== undefined) axisOptions[key] = scale[key];
    axes.push(k === "x" ? Plot.axisX(ticks, axisOptions) : Plot.axisY(ticks, axisOptions));
  }
  if (axes.length === 0) return options;
  // First in the list, so that they are drawn under the marks as Plot's own axes are.
  return { ...options, marks: [...axes, ...(options.marks ?? [])] };
}
