/**
 * The film's lower strip: the loss (log scale) and the learning rate against the step, side by side, the
 * whole run drawn faintly and one dot per frame on each (all of them; animation.ts shows one at a time).
 * The step axis is symlog, as the frames' steps are log-spaced, so the dots move at an even pace.
 */
import * as Plot from "@observablehq/plot";
import type { RenderEnvironment } from "../frame.js";
import { THEME } from "../theme.js";
import type { AnimationFrame, AnimationInput } from "./animation.js";
import { drawableOnLog, formatLogTick, logDomain, logTicks } from "./log-axis.js";
import { formatTick, largest, smallest } from "./shared.js";

const SVG_NS = "http://www.w3.org/2000/svg";

/** Loss (log scale) and learning rate against the step, side by side, each with a dot per frame. */
export function curvePanels(
  environment: RenderEnvironment,
  input: AnimationInput,
  width: number,
): SVGElement {
  const { curve, frames, ideal } = input;
  const half = Math.floor((width - 12) / 2);
  const height = Math.round(half * 0.55);
  const finiteLosses = curve.loss.filter((loss) => Number.isFinite(loss));
  const lossCeiling = largest(finiteLosses, ideal ? ideal.loss : Number.NEGATIVE_INFINITY);
  const shownLoss = (loss: number) => (Number.isFinite(loss) ? loss : lossCeiling);
  const shown = [...finiteLosses, ...frames.map((f) => shownLoss(f.loss)), ...(ideal ? [ideal.loss] : [])];
  const positive = shown.every(drawableOnLog);
  // A log axis with a few labelled ticks and no others: Plot's own, in a panel this small, drew a stack
  // of unlabelled minor ticks (≡).
  const lossDomain = positive
    ? logDomain(smallest(shown), largest(shown), (decades) => 0.05 * Math.max(decades, 0.2))
    : null;
  const lastStep = Math.max(1, curve.step[curve.step.length - 1] ?? 1);
  const stepAxis = {
    label: "step",
    type: "symlog" as const,
    domain: [0, lastStep],
    ticks: stepTicks(lastStep),
    tickFormat: formatTick,
  };
  const curveRows = curve.step.map((step, i) => ({
    step,
    loss: curve.loss[i] as number,
    rate: curve.learningRate[i] as number,
  }));
  const common = {
    document: environment.document,
    width: half,
    height,
    marginLeft: 52,
    marginTop: 24,
    style: { fontFamily: THEME.fontFamily, fontSize: `${THEME.fontSize - 1}px`, color: THEME.ink },
    grid: true,
  };
  const lossPlot = Plot.plot({
    ...common,
    x: stepAxis,
    y: lossDomain
      ? {
          label: "loss",
          type: "log",
          domain: lossDomain,
          ticks: fewLogTicks(lossDomain),
          tickFormat: formatLogTick,
        }
      : { label: "loss", type: "symlog", tickFormat: formatTick, ticks: 4 },
    marks: [
      ...(ideal
        ? [
            Plot.ruleY([ideal.loss], {
              stroke: THEME.ideal,
              strokeDasharray: "5 3",
              className: "optimum-loss",
            }),
          ]
        : []),
      Plot.line(
        curveRows.filter((row) => Number.isFinite(row.loss)),
        { x: "step", y: "loss", stroke: THEME.muted, strokeWidth: 1.25, className: "loss-curve" },
      ),
      Plot.dot(frames, {
        x: "step",
        y: (f: AnimationFrame) => shownLoss(f.loss),
        r: 4.5,
        fill: THEME.current,
        stroke: "white",
        className: "loss-marker",
      }),
    ],
  }) as unknown as SVGElement;
  const critical = input.criticalLearningRate;
  const lastRate = curve.learningRate[curve.learningRate.length - 1] ?? 0;
  const rateAbove = critical != null && lastRate >= critical;
  const ratePlot = Plot.plot({
    ...common,
    x: stepAxis,
    y: { label: "learning rate", zero: true, tickFormat: formatTick, ticks: 4 },
    marks: [
      ...(critical != null && Number.isFinite(critical)
        ? [
            Plot.ruleY([critical], {
              stroke: THEME.muted,
              strokeDasharray: "2 3",
              className: "critical-rate",
            }),
            Plot.text([`critical ${formatTick(critical)}`], {
              frameAnchor: "right",
              y: critical,
              // At the right end, on the side of the rule the rate curve is not.
              dy: rateAbove ? 3 : -3,
              lineAnchor: rateAbove ? "top" : "bottom",
              fill: THEME.muted,
              textAnchor: "end",
              className: "critical-rate-label",
            }),
          ]
        : []),
      Plot.line(curveRows, {
        x: "step",
        y: "rate",
        stroke: THEME.muted,
        strokeWidth: 1.25,
        className: "rate-curve",
      }),
      Plot.dot(frames, {
        x: "step",
        y: (f: AnimationFrame) => (Number.isFinite(f.learningRate) ? f.learningRate : 0),
        r: 4.5,
        fill: THEME.current,
        stroke: "white",
        className: "rate-marker",
      }),
    ],
  }) as unknown as SVGElement;

  // One SVG holding both, so frame() lays it out as one panel under the line.
  const pair = environment.document.createElementNS(SVG_NS, "svg") as unknown as SVGElement;
  pair.setAttribute("width", String(width));
  pair.setAttribute("height", String(height));
  ratePlot.setAttribute("x", String(width - half));
  pair.appendChild(lossPlot);
  pair.appendChild(ratePlot);
  return pair;
}

/**
 * Two to four labelled ticks for a small log axis: round ones (powers of ten, 1-2-5) when the domain holds
 * two, else its ends, to three digits.
 */
export function fewLogTicks(domain: readonly [number, number]): number[] {
  return logTicks(domain, 2, 4) ?? domain.map((end) => Number(end.toPrecision(3)));
}

/** Ticks for a step axis on a symlog scale: 0, 1, 2, 5, 10, 20, 50, …; powers of ten only past 200 steps. */
export function stepTicks(lastStep: number): number[] {
  const multiples = lastStep > 200 ? [1] : [1, 2, 5];
  const ticks = [0];
  for (let decade = 1; decade <= lastStep; decade *= 10) {
    for (const multiple of multiples) if (decade * multiple <= lastStep) ticks.push(decade * multiple);
  }
  return ticks;
}
