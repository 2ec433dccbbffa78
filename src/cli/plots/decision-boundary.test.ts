/**
 * `lrlab plot fit` and `lrlab report` for a classifier on two inputs through the real binary
 * (dist/cli/bin.js): the a–b plane with the p = 0.5 boundary, checked against `fit --json`'s weights.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import {
  expectPngAtTwiceStatedSize,
  lrlab,
  lrlabJson,
  plotSvg,
  scratchDirectory,
} from "../../test-support/cli.js";
import { axisOf, markElements, panelsOf, pathPoints, textsOf } from "../../test-support/svg.js";

const work = scratchDirectory("decision-boundary");
let data: string;
// Label 1 towards large a + b, with one point on the wrong side of any line (so the minimum is finite).
const ROWS = [
  [0, 0, 0],
  [1, 0, 0],
  [0, 1, 0],
  [2, 0, 0],
  [1, 2, 0],
  [3, 3, 1],
  [4, 2, 1],
  [2, 4, 1],
  [4, 4, 1],
  [3, 1, 1],
  [2, 2, 1],
  [1, 1, 1],
] as const;
beforeAll(() => {
  data = join(work, "two.csv");
  writeFileSync(data, `a,b,y\n${ROWS.map((row) => row.join(",")).join("\n")}\n`);
});

const run = (model: string[]) => [...model, "--data", data, "--x", "a", "--x", "b", "--y", "y"];

/** The boundary's end points in data units, read back through the axes' tick labels. */
function boundaryEnds(svg: Document): { a: number; b: number }[] {
  const panel = panelsOf(svg)[0] as Element;
  const [path] = markElements(panel as unknown as Document, "decision-boundary", "path");
  const points = pathPoints(path?.getAttribute("d") ?? "");
  expect(points).toHaveLength(2);
  const x = axisOf(panel, "x");
  const y = axisOf(panel, "y");
  const invert = (f: (value: number) => number, pixel: number) => (pixel - f(0)) / (f(1) - f(0));
  return points.map(([px, py]) => ({ a: invert(x, px), b: invert(y, py) }));
}

describe("lrlab plot fit: the decision boundary on two inputs", () => {
  it("draws logistic regression's line −(w1·a + bias)/w2 from fit --json's final weights", () => {
    const flags = run(["--model", "logistic", "--lr", "0.5", "--steps", "300"]);
    const svg = plotSvg("fit", flags, work);
    expect(svg.querySelector(".figure-title")?.textContent).toBe(
      "Where the logistic regression on 2 columns says p = 0.5",
    );
    const [[[w1], [w2]], [bias]] = lrlabJson(["fit", ...flags]).final.weights;
    const ends = boundaryEnds(svg);
    for (const { a, b } of ends) expect(b).toBeCloseTo(-(w1 * a + bias) / w2, 2);
    // The line crosses the whole frame: its ends are 2 apart at least on this 0–4 data.
    expect(
      Math.hypot((ends[0]?.a ?? 0) - (ends[1]?.a ?? 0), (ends[0]?.b ?? 0) - (ends[1]?.b ?? 0)),
    ).toBeGreaterThan(2);
    // Every point drawn, coloured by its label (Okabe–Ito blue for 0, orange for 1), and a legend.
    const fills = markElements(svg, "point", "circle").map((dot) => dot.getAttribute("fill"));
    expect(fills.filter((fill) => fill === "#0072B2")).toHaveLength(
      ROWS.filter((row) => row[2] === 0).length,
    );
    expect(fills.filter((fill) => fill === "#E69F00")).toHaveLength(
      ROWS.filter((row) => row[2] === 1).length,
    );
    expect(textsOf(svg, "boundary-legend")).toEqual(["● label 0", "● label 1", "— the p = 0.5 boundary"]);
    expect(markElements(svg, "probability-shading", "path").length).toBeGreaterThan(5);
  });

  it("maps a standardized model's line back to the data's units", () => {
    const flags = run(["--model", "logistic", "--lr", "0.5", "--steps", "300", "--standardize"]);
    const [[[w1], [w2]], [bias]] = lrlabJson(["fit", ...flags]).final.weights;
    // z = (x − mean)/σ with the population σ, as Keras's Normalization layer.
    const stats = (k: number) => {
      const column = ROWS.map((row) => row[k] as number);
      const mean = column.reduce((s, v) => s + v, 0) / column.length;
      const sd = Math.sqrt(column.reduce((s, v) => s + (v - mean) ** 2, 0) / column.length);
      return { mean, sd };
    };
    const [sa, sb] = [stats(0), stats(1)];
    const ends = boundaryEnds(plotSvg("fit", flags, work));
    for (const { a, b } of ends) {
      const za = (a - sa.mean) / sa.sd;
      const zbOnLine = -(w1 * za + bias) / w2;
      expect(b).toBeCloseTo(sb.mean + sb.sd * zbOnLine, 2);
    }
    // Axes in the data's units, not z: the ends lie in the raw 0–4 widened by 5%, beyond any |z| < 2.
    for (const { a, b } of ends) {
      expect(a).toBeGreaterThanOrEqual(-0.2 - 1e-6);
      expect(a).toBeLessThanOrEqual(4.2 + 1e-6);
      expect(Math.max(Math.abs(a), Math.abs(b))).toBeGreaterThan(2);
    }
  });

  it("traces an mlp's p = 0.5 contour under BCE on a grid", () => {
    const svg = plotSvg(
      "fit",
      run(["--model", "mlp", "--loss", "bce", "--lr", "0.5", "--steps", "300"]),
      work,
    );
    const [path] = markElements(svg, "decision-boundary", "path");
    const points = pathPoints(path?.getAttribute("d") ?? "");
    expect(points.length).toBeGreaterThan(10);
    expect(textsOf(svg, "boundary-legend")[2]).toBe("— the p = 0.5 boundary (traced on a grid)");
  });

  it("writes a PNG", () => {
    expectPngAtTwiceStatedSize(
      ["plot", "fit", ...run(["--model", "logistic", "--steps", "50"])],
      join(work, "boundary.png"),
    );
  });

  it("draws a column name with <script> as text in the plot and in the report", () => {
    const hostile = join(work, "hostile.csv");
    writeFileSync(hostile, `<script>alert(1)</script>,b,y\n${ROWS.map((row) => row.join(",")).join("\n")}\n`);
    const args = [
      "--model",
      "logistic",
      "--steps",
      "50",
      "--data",
      hostile,
      "--x",
      "<script>alert(1)</script>",
      "--x",
      "b",
      "--y",
      "y",
    ];
    for (const [command, out] of [
      [["plot", "fit"], join(work, "hostile.svg")],
      [["report"], join(work, "hostile.html")],
    ] as const) {
      const { status, stderr } = lrlab([...command, ...args, "--out", out]);
      expect(stderr).toBe("");
      expect(status).toBe(0);
      const text = readFileSync(out, "utf8");
      expect(text).toContain("decision-boundary");
      expect(text).not.toContain("<script>alert");
      expect(text).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    }
  });
});
