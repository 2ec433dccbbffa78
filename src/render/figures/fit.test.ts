import { describe, expect, it } from "vitest";
import { builtinData } from "../../core/data/data.js";
import { linearStats } from "../../core/data/stats.js";
import { carsData } from "../../test-support/cars.js";
import {
  boxesOverlap,
  markElements,
  panelsOf,
  parseSvg,
  textBoxes,
  textsOf,
} from "../../test-support/svg.js";
import { figureToPng, nodeEnvironment, pngSize } from "../node.js";
import { THEME } from "../theme.js";
import { fitFigure } from "./fit.js";

const data = builtinData();
const ideal = linearStats(data).optimum;
const environment = nodeEnvironment();

describe("fitFigure", () => {
  it("draws every point, one residual per point, the green ideal line and the red current line", () => {
    const figure = fitFigure(environment, { data, ideal, snapshots: [{ step: 0, w: 0, b: 0, loss: 15.8 }] });
    const svg = parseSvg(figure.svg);
    expect(markElements(svg, "point", "circle")).toHaveLength(100);
    expect(markElements(svg, "residual", "path")).toHaveLength(100);
    const green = svg.querySelector("g.ideal-line");
    const red = svg.querySelector("g.current-line");
    expect(green?.getAttribute("stroke")).toBe(THEME.ideal);
    expect(red?.getAttribute("stroke")).toBe(THEME.current);
    expect(markElements(svg, "ideal-line", "path")).toHaveLength(1);
    expect(markElements(svg, "current-line", "path")).toHaveLength(1);
    // The red line is drawn after (over) the green one.
    expect(figure.svg.indexOf('class="current-line"')).toBeGreaterThan(
      figure.svg.indexOf('class="ideal-line"'),
    );
  });

  it("draws one panel per snapshot with shared axes", () => {
    const snapshots = [0, 5, 20, 100].map((step) => ({ step, w: step / 50, b: 0, loss: 1 }));
    const figure = fitFigure(environment, { data, ideal, snapshots });
    const svg = parseSvg(figure.svg);
    expect(markElements(svg, "current-line", "path")).toHaveLength(4);
    expect(svg.querySelectorAll("g.panel-label text")).toHaveLength(4);
  });

  it("writes the lines with real minus signs: y = 3·x − 1, not y = 3·x + -1", () => {
    // Points on y = 3x − 1: the least-squares line is exactly w = 3, b = −1.
    const line = { ...data, x: Float64Array.from([1, 2, 3, 4]), y: Float64Array.from([2, 5, 8, 11]) };
    const figure = fitFigure(environment, {
      data: line,
      ideal: { w: 3, b: -1 },
      snapshots: [{ step: 10, w: -0.5, b: 2, loss: 40 }],
    });
    expect(parseSvg(figure.svg).querySelector(".figure-subtitle")?.textContent).toBe(
      "red: y = −0.5·x + 2 at step 10 · green (least squares): y = 3·x − 1",
    );
  });

  it.each([
    ["one panel", 1],
    ["four panels", 4],
  ])(
    "keeps each axis's name clear of the tick labels and inside its panel, cut when long: %s",
    (_, count) => {
      const long = `weight of the vehicle in pounds, ${"measured at the kerb with a full tank and no driver, ".repeat(3)}`;
      const named = { ...carsData(), xName: long, yName: long };
      const snapshots = Array.from({ length: count }, (_, k) => ({ step: k * 5, w: 0.005, b: 5, loss: 200 }));
      const svg = parseSvg(fitFigure(environment, { data: named, ideal: null, snapshots }).svg);
      for (const panel of panelsOf(svg)) {
        const width = Number(panel.getAttribute("width"));
        const [xName] = textBoxes(panel, 'g[aria-label="x-axis label"]');
        const [yName] = textBoxes(panel, 'g[aria-label="y-axis label"]');
        const ticks = textBoxes(panel, 'g[aria-label="x-axis tick label"]');
        for (const box of [xName, yName]) {
          expect(box?.x0).toBeGreaterThanOrEqual(0);
          expect(box?.x1).toBeLessThanOrEqual(width);
        }
        for (const tick of ticks) expect(boxesOverlap(xName as (typeof ticks)[number], tick)).toBe(false);
        for (const label of textBoxes(panel, "g.panel-label")) {
          expect(boxesOverlap(yName as (typeof ticks)[number], label)).toBe(false);
        }
        // Cut, with an ellipsis, and Plot's arrow after it.
        expect(panel.querySelector('g[aria-label="x-axis label"] text')?.textContent).toMatch(
          /^weight of .*… →$/,
        );
      }
    },
  );

  it("keeps the data's frame and says where the red line is when none of it is on the chart", () => {
    // A diverged run on the cars: y = 1287·x + 0.47 is millions above every point. The x axis starts at
    // 1500 lbs, where the line is lowest: 1287 · 1500 + 0.47 = 1.93e6.
    const cars = carsData();
    const svg = parseSvg(
      fitFigure(environment, { data: cars, ideal, snapshots: [{ step: 1, w: 1287, b: 0.47, loss: 1e13 }] })
        .svg,
    );
    expect(textsOf(svg, "off-chart-note")).toEqual(["↑ the red line is above the chart (y ≥ 1.93e6 here)"]);
    // The frame is still the data's: the y ticks run over the miles per gallon (9 to 46.6).
    const ticks = [...svg.querySelectorAll('g[aria-label="y-axis tick label"] text')].map((t) =>
      Number(t.textContent),
    );
    expect(Math.max(...ticks)).toBeLessThanOrEqual(50);
    // And a line that crosses the chart gets no note.
    const crossing = parseSvg(
      fitFigure(environment, { data: cars, ideal, snapshots: [{ step: 9, w: -0.0077, b: 46, loss: 19 }] })
        .svg,
    );
    expect(textsOf(crossing, "off-chart-note")).toEqual([]);
  });

  it("draws a column name as text, never as markup", () => {
    const hostile = { ...data, xName: "<img src=x onerror=alert(1)>", source: '"><script>alert(2)</script>' };
    const figure = fitFigure(environment, {
      data: hostile,
      ideal,
      snapshots: [{ step: 0, w: 0, b: 0, loss: 1 }],
      title: "<b>t</b>",
    });
    expect(figure.svg).not.toMatch(/<img|<script|<b>/);
    expect(figure.svg).toContain("&lt;img src=x onerror=alert(1)&gt;");
    expect(parseSvg(figure.svg).querySelector("title")?.textContent).toBe("<b>t</b>");
  });

  it("renders to a PNG of twice its size", () => {
    const figure = fitFigure(environment, { data, ideal, snapshots: [{ step: 0, w: 1, b: 1, loss: 1 }] });
    expect(pngSize(figureToPng(figure))).toEqual({ width: 2 * figure.width, height: 2 * figure.height });
  });
});
