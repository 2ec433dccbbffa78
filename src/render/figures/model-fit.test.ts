import { describe, expect, it } from "vitest";
import {
  axisOf,
  hasPointNear,
  markElements,
  panelsOf,
  parseSvg,
  pathPoints,
  textsOf,
} from "../../test-support/svg.js";
import { nodeEnvironment } from "../node.js";
import { modelFitFigure } from "./model-fit.js";

const environment = nodeEnvironment();

describe("modelFitFigure", () => {
  it("on several inputs draws each prediction against its target, with the diagonal where they agree", () => {
    const points = [
      { predicted: 1, actual: 1.2 },
      { predicted: 2.5, actual: 2 },
      { predicted: 4, actual: 4.1 },
    ];
    const figure = modelFitFigure(environment, {
      view: { kind: "predicted", points },
      yName: "<b>mpg</b>",
    });
    const svg = parseSvg(figure.svg);
    const panel = panelsOf(svg)[0] as Element;
    expect(markElements(panel as unknown as Document, "prediction", "circle")).toHaveLength(3);
    const [diagonal] = markElements(panel as unknown as Document, "diagonal", "path");
    const ends = pathPoints(diagonal?.getAttribute("d") ?? "");
    // From (low, low) to (high, high), the values' span 1 … 4.1 padded by 5% of 3.1 either way.
    const x = axisOf(panel, "x");
    const y = axisOf(panel, "y");
    expect(hasPointNear(ends, x(0.845), y(0.845))).toBe(true);
    expect(hasPointNear(ends, x(4.255), y(4.255))).toBe(true);
    expect(textsOf(panel, "curve-note")).toEqual(["on the dashed diagonal, predicted = actual"]);
    expect(figure.svg).not.toContain("<b>mpg");
    expect(figure.svg).toContain("&lt;b&gt;mpg&lt;/b&gt;");
  });

  it("cuts a curve that leaves the chart instead of drawing it far outside", () => {
    const figure = modelFitFigure(environment, {
      view: {
        kind: "curve",
        points: [
          { x: 0, y: 0 },
          { x: 1, y: 1 },
        ],
        curve: [
          { x: 0, y: 0 },
          { x: 0.5, y: 1e300 },
          { x: 1, y: 1 },
        ],
        ideal: null,
        xName: "x",
      },
      yName: "y",
    });
    const [curve] = markElements(parseSvg(figure.svg), "model-curve", "path");
    const points = pathPoints(curve?.getAttribute("d") ?? "");
    expect(points.every(([, py]) => Math.abs(py) < 1000)).toBe(true);
  });
});
