import { describe, expect, it } from "vitest";
import {
  axisOf,
  boxesOverlap,
  distanceToPath,
  markElements,
  panelsOf,
  parseSvg,
  pathPoints,
  textBoxes,
  textsOf,
} from "../../test-support/svg.js";
import { nodeEnvironment } from "../node.js";
import { textWidth } from "../text.js";
import {
  type BoundaryView,
  boundaryLegend,
  boundaryPresence,
  legendLayout,
  noBoundaryWords,
} from "./decision-boundary.js";
import { modelFitFigure } from "./model-fit.js";

const environment = nodeEnvironment();

/**
 * A view whose boundary runs from the top-left corner of the box (where a legend inside the frame used to
 * sit) to the bottom-right, and points in all four corners: any legend over the plot area would cover one.
 */
function cornerView(line: boolean): BoundaryView {
  const size = 4;
  // p rising with a + b (the grid's cell centres: 0.5, 1.5, 2.5, 3.5 along each side of 0…4).
  const values = Float64Array.from(
    { length: size * size },
    (_, k) => ((k % size) + Math.floor(k / size)) / 6,
  );
  return {
    kind: "boundary",
    points: [
      { a: 0.2, b: 3.8, label: 0 },
      { a: 3.8, b: 3.8, label: 1 },
      { a: 0.2, b: 0.2, label: 0 },
      { a: 3.8, b: 0.2, label: 1 },
    ],
    aName: "a",
    bName: "a very long column name for b",
    box: { a: [0, 4], b: [0, 4] },
    grid: { size, values, box: { a: [0, 4], b: [0, 4] } },
    line: line
      ? [
          { a: 0, b: 4 },
          { a: 4, b: 0 },
        ]
      : null,
    exact: line,
  };
}

function panelOf(view: BoundaryView, width: number): Element {
  const figure = modelFitFigure(environment, { view, yName: "y", width });
  return panelsOf(parseSvg(figure.svg))[0] as Element;
}

describe("the decision-boundary figure's legend", () => {
  it("names the boundary by what it is, not by a colour word", () => {
    expect(boundaryLegend(cornerView(true)).map((entry) => entry.text)).toEqual([
      "● label 0",
      "● label 1",
      "— the p = 0.5 boundary",
    ]);
    expect(boundaryLegend(cornerView(false))[2]?.text).toBe("— the p = 0.5 boundary (traced on a grid)");
    for (const entry of [...boundaryLegend(cornerView(true)), ...boundaryLegend(cornerView(false))]) {
      expect(entry.text).not.toMatch(/\b(red|orange|blue)\b/);
    }
  });

  it("promises no boundary where p stays on one side of 0.5, and no label that no point has", () => {
    // Every label 0 and p from 0.1 to 0.4 (mlp: traced), or a logistic line missing the box.
    const below = {
      ...cornerView(false),
      grid: {
        ...cornerView(false).grid,
        values: new Float64Array(16).fill(0.1).map((p, k) => p + (k % 4) / 10),
      },
    };
    const allZero = { ...below, points: below.points.map((point) => ({ ...point, label: 0 })) };
    expect(boundaryPresence(allZero)).toBe("below");
    expect(boundaryLegend(allZero).map((entry) => entry.text)).toEqual([
      "● label 0",
      "p < 0.5 everywhere: no boundary",
    ]);
    const above = { ...below, grid: { ...below.grid, values: below.grid.values.map((p) => 1 - p) } };
    expect(boundaryPresence(above)).toBe("above");
    expect(noBoundaryWords("above")).toBe("p > 0.5 everywhere on this plane: no boundary");
    // Logistic regression whose exact line misses the box: the side is read off the grid's middle.
    expect(boundaryPresence({ ...above, exact: true })).toBe("above");
    expect(boundaryPresence({ ...below, exact: true })).toBe("below");
    // A diverged run's weights: p is NaN everywhere.
    const diverged = { ...below, grid: { ...below.grid, values: new Float64Array(16).fill(Number.NaN) } };
    expect(boundaryPresence(diverged)).toBe("undefined");
    // The figure draws no boundary mark then.
    const panel = panelOf(allZero, 480);
    expect(markElements(panel as unknown as Document, "decision-boundary", "path")).toHaveLength(0);
    expect(textsOf(panel, "boundary-legend")).toEqual(["● label 0", "p < 0.5 everywhere: no boundary"]);
    // With a boundary on the plane, the same figure draws it.
    expect(
      markElements(panelOf(cornerView(false), 480) as unknown as Document, "decision-boundary", "path"),
    ).toHaveLength(1);
  });

  it("lays entries left to right and wraps one onto the next row when it would pass the room", () => {
    const texts = ["● label 0", "● label 1", "— the p = 0.5 boundary"];
    const [first, second, third] = texts.map((text) => textWidth(text));
    const gap = 14;
    // Room for all three: one row, each starting where the one before ended plus the gap.
    expect(legendLayout(texts, 1000)).toEqual([
      { x: 0, row: 0 },
      { x: (first as number) + gap, row: 0 },
      { x: (first as number) + gap + (second as number) + gap, row: 0 },
    ]);
    // Room for the first two only: the third starts a second row at 0.
    const two = (first as number) + gap + (second as number) + 1;
    expect(legendLayout(texts, two)).toEqual([
      { x: 0, row: 0 },
      { x: (first as number) + gap, row: 0 },
      { x: 0, row: 1 },
    ]);
    // Less room than any one entry: each its own row, none pushed off the left edge.
    expect(legendLayout(texts, 10).map((place) => place.row)).toEqual([0, 1, 2]);
    expect((third as number) > 10).toBe(true);
  });

  for (const [width, line] of [
    [680, true],
    [680, false],
    [330, true],
    [330, false],
  ] as const) {
    it(`keeps the legend above the plot area at ${width} px (${line ? "exact line" : "traced contour"}), off the points and the boundary`, () => {
      const panel = panelOf(cornerView(line), width);
      const y = axisOf(panel, "y");
      const x = axisOf(panel, "x");
      const frameTop = y(4);
      const legend = textBoxes(panel, "g.boundary-legend");
      expect(legend).toHaveLength(3);
      for (const box of legend) {
        // Wholly above the plot area, within the panel's width, and below the y axis's name.
        expect(box.y1).toBeLessThanOrEqual(frameTop);
        expect(box.x0).toBeGreaterThanOrEqual(0);
        expect(box.x1).toBeLessThanOrEqual(width);
      }
      const axisName = textBoxes(panel, "g[aria-label='y-axis label']");
      expect(axisName).toHaveLength(1);
      for (const box of legend) expect(boxesOverlap(box, axisName[0] as (typeof axisName)[0])).toBe(false);
      for (const [i, a] of legend.entries()) {
        for (const b of legend.slice(i + 1)) expect(boxesOverlap(a, b)).toBe(false);
      }
      // The boundary (through the top-left corner) stays clear of every entry.
      const [boundary] = markElements(panel as unknown as Document, "decision-boundary", "path");
      const points = pathPoints(boundary?.getAttribute("d") ?? "");
      expect(points.length).toBeGreaterThan(1);
      for (const box of legend) expect(distanceToPath(box, points)).toBeGreaterThan(0);
      // The top-left point is inside the frame, below the legend.
      expect(y(3.8)).toBeGreaterThan(Math.max(...legend.map((box) => box.y1)));
      expect(x(0.2)).toBeGreaterThan(0);
      expect(textsOf(panel, "boundary-legend")[2]).toMatch(/^— the p = 0\.5 boundary/);
    });
  }
});
