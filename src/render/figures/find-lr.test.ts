import { describe, expect, it } from "vitest";
import { rangeTest } from "../../core/choosing/range-test.js";
import { builtinData } from "../../core/data/data.js";
import { linearStats } from "../../core/data/stats.js";
import { linearMseTheory } from "../../core/theory/theory.js";
import { carsData } from "../../test-support/cars.js";
import {
  axisOf,
  boxesOverlap,
  markElements,
  parseSvg,
  pathPoints,
  textBoxes,
} from "../../test-support/svg.js";
import { figureToPng, nodeEnvironment, pngSize } from "../node.js";
import { type FindLrFigureInput, findLrFigure } from "./find-lr.js";

const data = builtinData();
const stats = linearStats(data);
const theory = linearMseTheory(stats);
const environment = nodeEnvironment();
// `lrlab find-lr` on the built-in data: 91 of 100 iterations, then the smoothed loss passes 4× its minimum.
const run = rangeTest(data, { stats });
const input: FindLrFigureInput = {
  learningRates: run.learningRates,
  losses: run.losses,
  smoothedLosses: run.smoothedLosses,
  suggestions: run.suggestions,
  critical: { learningRate: theory.criticalLearningRate, formula: "2/λmax" },
  lossName: "MSE",
  smoothing: 0.98,
};

const chartOf = (svg: Document) => svg.querySelector("svg svg:last-of-type") as Element;

describe("findLrFigure", () => {
  it("draws the smoothed curve through every iteration on the chart and the batch losses behind it", () => {
    const svg = parseSvg(findLrFigure(environment, input).svg);
    const chart = chartOf(svg);
    const x = axisOf(chart, "x", true);
    const y = axisOf(chart, "y", false);
    const [path] = markElements(chart as unknown as Document, "smoothed-loss", "path");
    const points = pathPoints(path?.getAttribute("d") ?? "");
    // The first iteration is where it starts: (1e-7, its smoothed loss).
    const [x0, y0] = points[0] as [number, number];
    expect(x0).toBeCloseTo(x(run.learningRates[0] as number), 0);
    expect(y0).toBeCloseTo(y(run.smoothedLosses[0] as number), 0);
    // Every iteration below the cut is a point of the path; the blow-up's last points leave the top.
    expect(run.iterations).toBe(91);
    expect(points.length).toBeGreaterThanOrEqual(88);
    expect(points.length).toBeLessThanOrEqual(92);
    expect(markElements(chart as unknown as Document, "raw-loss", "circle").length).toBeGreaterThan(40);
    expect(svg.querySelector(".figure-subtitle")?.textContent).toMatch(/loss axis cut at \d+/);
  });

  it("marks the four suggestions on the curve, the valley emphasised with a rule at its rate", () => {
    const svg = parseSvg(findLrFigure(environment, input).svg);
    const chart = chartOf(svg);
    const x = axisOf(chart, "x", true);
    const markers = markElements(chart as unknown as Document, "suggestion-marker", "circle");
    expect(markers).toHaveLength(4);
    const radii = markers.map((marker) => Number(marker.getAttribute("r")));
    expect(radii[0]).toBeGreaterThan(Math.max(...radii.slice(1)));
    const valley = run.suggestions.valley?.learningRate as number;
    expect(Number(chart.querySelector("g.valley-rule line")?.getAttribute("x1"))).toBeCloseTo(x(valley), 1);
    const label = svg.querySelector("g.suggestion-valley text");
    expect(label?.textContent).toBe("valley: 0.004365 (suggested)");
    expect(svg.querySelector("g.suggestion-valley")?.getAttribute("font-weight")).toBe("600");
    for (const name of ["steep", "minimum", "slide"]) {
      expect(svg.querySelector(`g.suggestion-${name} text`)?.textContent).toMatch(/: \d/);
    }
  });

  it("marks each suggestion at its own rate on the curve: minimum ÷ 10 at a tenth of the lowest point's rate", () => {
    const svg = parseSvg(findLrFigure(environment, input).svg);
    const chart = chartOf(svg);
    const x = axisOf(chart, "x", true);
    const markers = markElements(chart as unknown as Document, "suggestion-marker", "circle");
    const curve = pathPoints(chart.querySelector("g.smoothed-loss path")?.getAttribute("d") ?? "");
    const names = ["valley", "steep", "minimum", "slide"] as const;
    names.forEach((name, k) => {
      const suggestion = run.suggestions[name];
      const cx = Number(markers[k]?.getAttribute("cx"));
      const cy = Number(markers[k]?.getAttribute("cy"));
      expect(cx).toBeCloseTo(x(suggestion?.learningRate as number), 0);
      expect(Math.abs(cy - curveYAt(curve, cx))).toBeLessThan(1);
    });
    // fastai's minimum: 0.631 had the lowest smoothed loss; the suggestion is a tenth of it, 0.0631, and
    // its marker sits there (it sat at 0.631, a decade from its label).
    const minimum = run.suggestions.minimum;
    expect(minimum?.learningRate).toBeCloseTo((minimum?.point.learningRate as number) / 10, 12);
    expect(svg.querySelector("g.suggestion-minimum text")?.textContent).toBe("minimum ÷ 10: 0.0631");
    expect(Number(markers[2]?.getAttribute("cx"))).toBeLessThan(
      x(minimum?.point.learningRate as number) - 40,
    );
  });

  it.each([
    ["the built-in data", input],
    // The lab's range test on a 375 px phone is 330 px wide: "valley: 0.004365 (suggested)" fits neither
    // side of its rule there, and was drawn past the right edge.
    ["the built-in data, 330 px wide", { ...input, width: 330 }],
    [
      // From fastai's 1e-7 the cars' loss only rises (2/λmax ≈ 1e-7): the ramp starts lower here.
      "the cars (rates of 1e-9 to 1e-7, the minimum ÷ 10 near the ramp's start)",
      (() => {
        const cars = carsData();
        const carsStats = linearStats(cars);
        const carsRun = rangeTest(cars, { stats: carsStats, startLearningRate: 1e-9 });
        return {
          ...input,
          learningRates: carsRun.learningRates,
          losses: carsRun.losses,
          smoothedLosses: carsRun.smoothedLosses,
          suggestions: carsRun.suggestions,
          critical: { learningRate: linearMseTheory(carsStats).criticalLearningRate, formula: "2/λmax" },
        };
      })(),
    ],
  ])(
    "keeps the suggestions' labels on the chart, clear of the rules, each other and the ticks, on %s",
    (_, figureInput) => {
      const chart = chartOf(parseSvg(findLrFigure(environment, figureInput).svg));
      const labels = textBoxes(chart, "g.suggestion-label");
      expect(labels).toHaveLength(4);
      const yTicks = textBoxes(chart, 'g[aria-label="y-axis tick label"]');
      const xTicks = textBoxes(chart, 'g[aria-label="x-axis tick label"]');
      const ruleXs = [...chart.querySelectorAll("g.critical-rule line, g.valley-rule line")].map((line) =>
        Number(line.getAttribute("x1")),
      );
      const criticalLabel = textBoxes(chart, "g.critical-rule-label");
      const right = Number(chart.getAttribute("width"));
      labels.forEach((box, k) => {
        expect(box.x1).toBeLessThanOrEqual(right - 20);
        expect(box.x0).toBeGreaterThan(Math.max(...yTicks.map((tick) => tick.x1)));
        expect(box.y1).toBeLessThan(Math.min(...xTicks.map((tick) => tick.y0)));
        for (const rule of ruleXs) expect(rule > box.x0 && rule < box.x1).toBe(false);
        for (const other of [...labels.slice(k + 1), ...criticalLabel])
          expect(boxesOverlap(box, other)).toBe(false);
      });
    },
  );

  it("puts the critical-rate rule at 2/λmax", () => {
    const svg = parseSvg(findLrFigure(environment, input).svg);
    const chart = chartOf(svg);
    const x = axisOf(chart, "x", true);
    const line = chart.querySelector("g.critical-rule line");
    expect(Number(line?.getAttribute("x1"))).toBeCloseTo(x(theory.criticalLearningRate), 1);
    expect(chart.querySelector("g.critical-rule-label text")?.textContent).toBe("2/λmax = 0.3069");
  });

  it("has no critical rule without the theory", () => {
    const svg = parseSvg(findLrFigure(environment, { ...input, critical: null }).svg);
    expect(svg.querySelector("g.critical-rule")).toBeNull();
  });

  it("draws user strings as text, never as markup", () => {
    const figure = findLrFigure(environment, {
      ...input,
      lossName: "<img src=x onerror=alert(1)>",
      description: "<script>alert(2)</script>",
    });
    expect(figure.svg).not.toMatch(/<img|<script/);
    expect(figure.svg).toContain("&lt;img src=x onerror=alert(1)&gt;");
  });

  it("renders to a PNG of twice its size", () => {
    const figure = findLrFigure(environment, input);
    expect(pngSize(figureToPng(figure))).toEqual({ width: 2 * figure.width, height: 2 * figure.height });
  });
});

/** The curve's height in pixels at pixel x, by linear interpolation between its drawn points. */
function curveYAt(curve: [number, number][], x: number): number {
  for (let k = 1; k < curve.length; k++) {
    const [x0, y0] = curve[k - 1] as [number, number];
    const [x1, y1] = curve[k] as [number, number];
    if ((x - x0) * (x - x1) <= 0 && x1 !== x0) return y0 + ((y1 - y0) * (x - x0)) / (x1 - x0);
  }
  return Number.NaN;
}
