import { describe, expect, it } from "vitest";
import { builtinData } from "../../core/data.js";
import { linearStats } from "../../core/stats.js";
import { markElements, parseSvg } from "../../test-support/svg.js";
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
