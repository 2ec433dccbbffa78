import { describe, expect, it } from "vitest";
import { builtinData } from "../../core/data.js";
import { rangeTest } from "../../core/range-test.js";
import { linearStats } from "../../core/stats.js";
import { linearMseTheory } from "../../core/theory.js";
import { axisOf, markElements, parseSvg, pathPoints } from "../../test-support/svg.js";
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
