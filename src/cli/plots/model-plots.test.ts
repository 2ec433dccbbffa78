import { writeFileSync } from "node:fs";
import { join } from "node:path";
/**
 * `lrlab plot fit` and `lrlab plot loss` with `--model` through the real binary (dist/cli/bin.js).
 */
import { describe, expect, it } from "vitest";
import {
  expectHostileNameDrawnAsText,
  expectUserError,
  plotSvg,
  scratchDirectory,
} from "../../test-support/cli.js";
import { axisOf, hasPointNear, markElements, panelsOf, pathPoints, textsOf } from "../../test-support/svg.js";

const work = scratchDirectory("plot-models");

describe("lrlab plot fit --model", () => {
  it("draws a linear model run to its optimum as the least-squares line y = 2.0707·x + 0.6353", () => {
    const svg = plotSvg("fit", ["--model", "linear", "--lr", "0.2", "--steps", "400"], work);
    expect(svg.querySelector(".figure-title")?.textContent).toBe(
      "What the linear y = x·w + b on 1 column fitted",
    );
    const panel = panelsOf(svg)[0] as Element;
    const [curve] = markElements(panel as unknown as Document, "model-curve", "path");
    const points = pathPoints(curve?.getAttribute("d") ?? "");
    const x = axisOf(panel, "x");
    const y = axisOf(panel, "y");
    // The curve's ends are the data's smallest and largest x; the line through them is the optimum's.
    const [first] = points;
    const last = points.at(-1);
    const xAt = (pixel: number) => {
      const [a, b] = [x(0), x(1)];
      return (pixel - a) / (b - a);
    };
    for (const point of [first, last]) {
      const at = xAt(point?.[0] as number);
      expect(hasPointNear(points, x(at), y(2.0706667655 * at + 0.635273862))).toBe(true);
    }
    expect(markElements(panel as unknown as Document, "ideal-line", "path")).toHaveLength(1);
    expect(textsOf(panel, "curve-note")).toEqual(["red: the model · green dashed: exact least squares"]);
  });

  it("draws an mlp's curve with no least-squares line, and a hostile column name as text", () => {
    const svg = plotSvg("fit", ["--model", "mlp", "--lr", "0.05", "--steps", "100"], work);
    expect(svg.querySelectorAll("g.model-curve path")).toHaveLength(1);
    expect(svg.querySelector("g.ideal-line")).toBeNull();
    expectHostileNameDrawnAsText(
      ["plot", "fit", "--model", "mlp", "--steps", "20"],
      "<img src=x onerror=alert(1)>,y\n1,2\n2,3\n3,5\n4,4\n",
      work,
    );
  });

  // CLI round 4, #18: logistic's y axis said "y"; the curve keeps the lesson's name for its colour, red.
  it("names the curve's colour as it looks, and labels a logistic curve's axis P(y = 1)", () => {
    const data = join(work, "labels.csv");
    writeFileSync(data, "x,y\n1,0\n2,1\n3,0\n4,1\n5,1\n");
    const svg = plotSvg("fit", ["--model", "logistic", "--data", data], work);
    expect(textsOf(svg, "curve-note")).toEqual(["red: the model"]);
    const texts = [...svg.querySelectorAll("text")].map((text) => text.textContent ?? "");
    expect(texts).toContain("↑ P(y = 1)");
    // A regression's axis is its column, not a probability.
    const mlp = plotSvg("fit", ["--model", "mlp", "--steps", "10"], work);
    expect([...mlp.querySelectorAll("text")].map((text) => text.textContent ?? "")).not.toContain(
      "↑ P(y = 1)",
    );
  });

  it("refuses --at, which draws the line's snapshots, with one line", () => {
    expectUserError(
      ["plot", "fit", "--model", "mlp", "--at", "0,5"],
      "--at draws the line's snapshots; with --model, plot fit draws the model at the end of the run",
    );
  });
});

describe("lrlab plot loss --model", () => {
  it("draws each rate of --lrs, labelled with its regime, the one that blew up marked", () => {
    // 2/λmax at the start is 0.08352: 0.1 is past it and does not blow up (the edge of stability); 0.3 does.
    const svg = plotSvg("loss", ["--model", "mlp", "--lrs", "0.01,0.1,0.3", "--steps", "200"], work);
    expect(svg.querySelector(".figure-title")?.textContent).toBe(
      "Loss per step of the mlp 1-16-1 (tanh) at 3 learning rates",
    );
    expect(svg.querySelector(".figure-subtitle")?.textContent).toMatch(
      /^SGD · full batch · λmax at the start 23\.95, 2\/λmax = 0\.08352 · top band/,
    );
    expect(markElements(svg, "loss-line", "path")).toHaveLength(3);
    expect(textsOf(svg, "series-label")).toEqual([
      "rate 0.01 · converging",
      "rate 0.1 · oscillating past 2/λmax",
    ]);
    expect(textsOf(svg, "diverged-label")[0]).toMatch(/^rate 0\.3 · diverging: blew up at step \d+$/);
  });
});
