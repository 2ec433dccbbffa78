import { describe, expect, it } from "vitest";
import {
  axisOf,
  distanceToPath,
  hasPointNear,
  markElements,
  panelsOf,
  parseSvg,
  pathPoints,
  textBoxes,
  textsOf,
} from "../../test-support/svg.js";
import { nodeEnvironment } from "../node.js";
import { interpolationFigure } from "./interpolation.js";

const environment = nodeEnvironment();

describe("interpolationFigure", () => {
  // A bowl along the line: 1 + 4(α − 1)², the initial loss 5 at α = 0, the final 1 at α = 1.
  const alpha = Array.from({ length: 9 }, (_, i) => -0.5 + 0.25 * i);
  const input = {
    alpha,
    values: alpha.map((a) => 1 + 4 * (a - 1) ** 2),
    path: { alpha: [0, 0.6, 1], loss: [5, 2, 1] },
    lossName: "MSE",
  };

  it("draws the loss along α, the run's points at their α and loss, both ends marked and named", () => {
    const svg = parseSvg(interpolationFigure(environment, input).svg);
    const panel = panelsOf(svg)[0] as Element;
    const x = axisOf(panel, "x");
    // 1 to 10: a decade, so a log scale.
    const y = axisOf(panel, "y", true);
    const [line] = markElements(panel as unknown as Document, "interpolation-line", "path");
    const points = pathPoints(line?.getAttribute("d") ?? "");
    expect(hasPointNear(points, x(0), y(5))).toBe(true);
    expect(hasPointNear(points, x(1), y(1))).toBe(true);
    expect(markElements(panel as unknown as Document, "trajectory-point", "circle")).toHaveLength(3);
    expect(textsOf(panel, "end-label")).toEqual(["initial weights (α = 0)", "final weights (α = 1)"]);
    expect(textsOf(panel, "series-label")).toEqual(["loss on the line", "the run (its loss, at its α)"]);
    expect(svg.querySelector("desc")?.textContent).toContain("Loss at α = 0: 5; at α = 1: 1.");
  });

  it("keeps the ends' words off the loss curve where it runs high beside a rule (mlp: 46 at α = −0.5)", () => {
    // 46 − 8(α + 0.5) across the left (46 to 42), 1 + 41(1 − α)² down to 1 at α = 1, 1 + 20(α − 1)² after:
    // left of α = 0's rule the curve runs along the top, where the words used to sit.
    const a = Array.from({ length: 81 }, (_, i) => -0.5 + 0.025 * i);
    const high = {
      alpha: a,
      values: a.map((v) =>
        v < 0 ? 46 - 8 * (v + 0.5) : v < 1 ? 1 + 41 * (1 - v) ** 2 : 1 + 20 * (v - 1) ** 2,
      ),
      path: { alpha: [0, 0.5, 1], loss: [42, 11, 1] },
      lossName: "MSE",
    };
    const svg = parseSvg(interpolationFigure(environment, high).svg);
    const panel = panelsOf(svg)[0] as Element;
    const [line] = markElements(panel as unknown as Document, "interpolation-line", "path");
    const points = pathPoints(line?.getAttribute("d") ?? "");
    expect(points.length).toBeGreaterThan(40);
    const boxes = textBoxes(panel, ".end-label");
    expect(boxes).toHaveLength(2);
    for (const box of boxes) expect(distanceToPath(box, points)).toBeGreaterThan(1);
  });
});
