/**
 * `lrlab plot landscape` through the real binary (dist/cli/bin.js): one map per rate or one map for
 * several optimizers, the contours, the eigen-axes and the legend, and one line on stderr for bad input.
 */
import { statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { expectUserError, scratchDirectory, writtenSvg } from "../../test-support/cli.js";
import {
  distanceToPath,
  markElements,
  type PixelBox,
  panelsOf,
  pathPoints,
  textBoxes,
  textsOf,
} from "../../test-support/svg.js";

const work = scratchDirectory("plots");

describe("lrlab plot landscape", () => {
  it("draws one map per rate, with the contours, the eigen-axes and a legend, for several rates", () => {
    const svg = writtenSvg(["plot", "landscape", "--grid", "81"], "landscape.svg", work);
    const panels = panelsOf(svg);
    expect(panels).toHaveLength(5); // four maps and the legend
    for (const map of panels.slice(0, 4)) {
      expect(map.querySelectorAll("g.trajectory path")).toHaveLength(1);
      expect(map.querySelectorAll("g.landscape-contour path")).toHaveLength(12);
      expect(map.querySelectorAll("g.eigen-axis path")).toHaveLength(2);
    }
    // The lesson's four for the figure's 40 steps, each named by its run's verdict (`lrlab fit --lr …
    // --steps 40`): 0.008 crawls, 0.24 gets within 0.1% of the best loss (in 11 steps), 0.3 is still
    // jumping across the minimum (it needs 105 steps), 0.34 is above 2/λmax = 0.3069 and blows up at step 36.
    expect(textsOf(svg, "panel-label")).toEqual([
      "lr 0.008 · too small",
      "lr 0.24 · good",
      "lr 0.3 · jumps around",
      "lr 0.34 · jumps out",
    ]);
  });

  it("writes the default four maps in under 150 kB (1.2 MB before its contours were rounded to 0.1 px)", () => {
    const out = join(work, "size.svg");
    writtenSvg(["plot", "landscape"], out, work);
    expect(statSync(out).size).toBeLessThan(150_000);
  });

  it("compares optimizers on one map at one shared rate", () => {
    const svg = writtenSvg(
      ["plot", "landscape", "--optimizers", "sgd,momentum,adam", "--grid", "61"],
      "optimizers.svg",
      work,
    );
    expect(panelsOf(svg)).toHaveLength(2);
    expect(markElements(svg, "trajectory", "path")).toHaveLength(3);
    const legend = [...svg.querySelectorAll("g.legend-label text")].map((text) => text.textContent);
    expect(legend.slice(0, 3)).toEqual(["SGD", "SGD with momentum", "Adam"]);
    expect(svg.querySelector(".figure-subtitle")?.textContent).toMatch(
      /^Keras defaults at lr 0\.2, 40 full-batch steps/,
    );
  });

  it("keeps the sharp and flat labels off the optimizers' paths", () => {
    // Adam's path loops up through the top of the flat axis, where "flat (λ 0.7434)" was written.
    const svg = writtenSvg(
      ["plot", "landscape", "--optimizers", "sgd,momentum,adam", "--grid", "61"],
      "labels.svg",
      work,
    );
    const map = panelsOf(svg)[0] as Element;
    const paths = [...map.querySelectorAll("g.trajectory path")].map((path) =>
      pathPoints(path.getAttribute("d") ?? ""),
    );
    expect(paths).toHaveLength(3);
    for (const name of ["sharp", "flat"]) {
      const [label] = textBoxes(map, `g.eigen-label-${name}`);
      for (const path of paths) expect(distanceToPath(label as PixelBox, path)).toBeGreaterThan(0);
    }
  });

  it("draws MAE without eigen-axes, marking the grid's lowest point", () => {
    const svg = writtenSvg(
      ["plot", "landscape", "--loss", "mae", "--lrs", "0.1", "--grid", "41"],
      "mae.svg",
      work,
    );
    expect(svg.querySelectorAll("g.eigen-axis")).toHaveLength(0);
    expect(svg.querySelector(".figure-title")?.textContent).toBe(
      "The MAE landscape over (w, b), and the path of lr 0.1 across it",
    );
  });

  it.each([
    [
      ["--optimizers", "adam,sgd", "--beta1", "0.8"],
      /--beta1: with --optimizers each optimizer runs with its Keras defaults/,
    ],
    [
      ["--optimizer", "sgd", "--optimizers", "adam"],
      "--optimizer and --optimizers: give one or the other, not both",
    ],
    [["--optimizers", "adm"], /unknown optimizer "adm" \(did you mean "adam"\?\)/],
    [["--grid", "5000"], "--grid: at most 1001 points per axis in a figure, got 5000"],
    [
      ["--schedule", "piecewise", "--boundaries", "10", "--values", "0.1,0.01", "--lrs", "0.1"],
      /no rate to vary/,
    ],
  ])("refuses %j with one line on stderr", (args, message) => {
    expectUserError(["plot", "landscape", ...args], message, work);
  });
});
