import { describe, expect, it } from "vitest";
import { builtinData } from "../../core/data/data.js";
import { linearStats, mseAt } from "../../core/data/stats.js";
import { sgd } from "../../core/optimizers/sgd.js";
import { train } from "../../core/training/train.js";
import { carsData } from "../../test-support/cars.js";
import {
  boxesOverlap,
  markElements,
  panelsOf,
  parseSvg,
  pathPoints,
  textBoxes,
} from "../../test-support/svg.js";
import { figureToPng, nodeEnvironment, pngSize } from "../node.js";
import { THEME } from "../theme.js";
import { type SliceRun, slicesFigure } from "./slices.js";

const data = builtinData();
const stats = linearStats(data);
const environment = nodeEnvironment();
const lossAt = (w: number, b: number) => mseAt(stats, w, b);
const centre = stats.optimum;

/** The chart panels of a slices figure (each row is a header, then two charts). */
const chartsOf = (svg: Document) => panelsOf(svg).filter((panel) => panel.querySelector("g.slice-curve"));
/** The row headers' texts: the run's label, and what became of it. */
const rowTexts = (svg: Document | Element, part: "row-run" | "row-detail") =>
  [...svg.querySelectorAll(`g.row-label tspan.${part}`)].map((tspan) => tspan.textContent);

function runAt(learningRate: number, steps: number): SliceRun {
  const run = train(data, { optimizer: sgd({ learningRate }), steps });
  return {
    label: `lr ${learningRate}`,
    detail: `loss ${run.final.loss}`,
    w: run.history.w,
    b: run.history.b,
  };
}

/** The curve's height in pixels at pixel x, by linear interpolation between its drawn points. */
function curveYAt(curve: [number, number][], x: number): number {
  for (let k = 1; k < curve.length; k++) {
    const [x0, y0] = curve[k - 1] as [number, number];
    const [x1, y1] = curve[k] as [number, number];
    if ((x - x0) * (x - x1) <= 0 && x1 !== x0) return y0 + ((y1 - y0) * (x - x0)) / (x1 - x0);
  }
  return Number.NaN;
}

describe("slicesFigure", () => {
  const rates = [0.05, 0.28, 0.3];
  const steps = 12;
  const figure = slicesFigure(environment, {
    lossAt,
    centre,
    runs: rates.map((rate) => runAt(rate, steps)),
    lossLabel: "loss (MSE)",
  });
  const svg = parseSvg(figure.svg);

  it("draws one row of two panels per run, each with its curve and the minimum marked in green", () => {
    const panels = chartsOf(svg);
    expect(panels).toHaveLength(2 * rates.length);
    expect(markElements(svg, "slice-curve", "path")).toHaveLength(2 * rates.length);
    const minima = markElements(svg, "slice-minimum", "circle");
    expect(minima).toHaveLength(2 * rates.length);
    expect(svg.querySelector("g.slice-minimum")?.getAttribute("fill")).toBe(THEME.ideal);
    expect(markElements(svg, "step-start", "circle")).toHaveLength(2 * rates.length);
    expect(rowTexts(svg, "row-run")).toEqual(rates.map((rate) => `lr ${rate}`));
  });

  it("heads each row with one line over both its panels: the run, then what became of it", () => {
    // Each header spans its two charts, so its words read as the row's, not as the title of the b panel.
    const all = panelsOf(svg);
    expect(all).toHaveLength(3 * rates.length);
    for (let row = 0; row < rates.length; row++) {
      const [header, left, right] = all.slice(3 * row, 3 * row + 3) as [Element, Element, Element];
      expect(header.querySelector("g.slice-curve")).toBeNull();
      const x = (panel: Element) => Number(panel.getAttribute("x"));
      const end = (panel: Element) => x(panel) + Number(panel.getAttribute("width"));
      expect(x(header)).toBe(x(left));
      expect(end(header)).toBe(end(right));
      expect(Number(header.getAttribute("y"))).toBeLessThan(Number(left.getAttribute("y")));
      expect(left.querySelector("g.panel-label")).toBeNull();
      expect(right.querySelector("g.panel-label")).toBeNull();
    }
    const details = rowTexts(svg, "row-detail");
    expect(details).toHaveLength(rates.length);
    for (const detail of details) expect(detail).toMatch(/^ — loss \d/);
  });

  it("writes w* and b* above the minimum, clear of the x axis's tick labels, on the cars too", () => {
    const cars = carsData();
    const carsStats = linearStats(cars);
    const figure = slicesFigure(environment, {
      lossAt: (w, b) => mseAt(carsStats, w, b),
      centre: carsStats.optimum,
      runs: [1e-8, 1e-7].map((learningRate) => {
        const run = train(cars, { optimizer: sgd({ learningRate }), steps: 20 });
        return { label: `lr ${learningRate}`, w: run.history.w, b: run.history.b };
      }),
    });
    for (const panel of chartsOf(parseSvg(figure.svg))) {
      const [label] = textBoxes(panel, "g.slice-minimum-label");
      const dot = panel.querySelector("g.slice-minimum circle");
      expect(label?.y1).toBeLessThanOrEqual(Number(dot?.getAttribute("cy")));
      for (const tick of textBoxes(panel, 'g[aria-label="x-axis tick label"]')) {
        expect(boxesOverlap(label as typeof tick, tick)).toBe(false);
      }
    }
  });

  it("draws one arrow per step and one point per iterate in every panel of a run that stays in the bowl", () => {
    for (const panel of chartsOf(svg)) {
      expect(panel.querySelectorAll("g.step-arrow path")).toHaveLength(steps);
      expect(panel.querySelectorAll("g.step-point circle")).toHaveLength(steps + 1);
    }
  });

  it("starts and ends every arrow on the loss curve, in pixels, through the panel's scales", () => {
    let checked = 0;
    for (const panel of chartsOf(svg)) {
      const curve = pathPoints(panel.querySelector("g.slice-curve path")?.getAttribute("d") ?? "");
      expect(curve.length).toBeGreaterThan(100);
      for (const arrow of panel.querySelectorAll("g.step-arrow path")) {
        const d = arrow.getAttribute("d");
        if (d === null) continue; // a step too small to draw (Plot skips zero-length arrows)
        // "M start L end" then the head, "M wing L end L wing".
        const [start, end] = pathPoints(d) as [[number, number], [number, number]];
        for (const [x, y] of [start, end]) {
          expect(Math.abs(curveYAt(curve, x) - y)).toBeLessThan(0.5);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(100);
  });

  it("puts the minimum's dot at the bottom of each curve", () => {
    for (const panel of chartsOf(svg)) {
      const curve = pathPoints(panel.querySelector("g.slice-curve path")?.getAttribute("d") ?? "");
      const dot = panel.querySelector("g.slice-minimum circle");
      const lowest = Math.max(...curve.map(([, y]) => y)); // pixels grow downwards
      expect(Number(dot?.getAttribute("cy"))).toBeCloseTo(lowest, 0);
    }
  });

  it("draws a diverging run up to the step that leaves the frame, clipped, and renders it to PNG", () => {
    const diverging = slicesFigure(environment, {
      lossAt,
      centre,
      runs: [runAt(0.05, 20), runAt(0.33, 20)],
    });
    const panels = chartsOf(parseSvg(diverging.svg));
    const arrowsOf = (panel: Element) => panel.querySelectorAll("g.step-arrow path").length;
    expect(arrowsOf(panels[0] as Element)).toBe(20);
    expect(arrowsOf(panels[2] as Element)).toBeGreaterThanOrEqual(1);
    expect(arrowsOf(panels[2] as Element)).toBeLessThan(20);
    const clipped = panels[2]?.querySelector("g.step-arrow")?.parentElement?.getAttribute("clip-path");
    expect(clipped).toMatch(/^url\(#/);
    expect(pngSize(figureToPng(diverging))).toEqual({
      width: 2 * diverging.width,
      height: 2 * diverging.height,
    });
  });

  it("draws user strings as text, never as markup", () => {
    const hostile = slicesFigure(environment, {
      lossAt,
      centre,
      runs: [{ ...runAt(0.1, 3), label: "<img src=x onerror=alert(1)>" }],
      lossLabel: "<script>alert(2)</script>",
      title: "<b>t</b>",
    });
    expect(hostile.svg).not.toMatch(/<img|<script|<b>/);
    expect(hostile.svg).toContain("&lt;img src=x onerror=alert(1)&gt;");
  });
});
