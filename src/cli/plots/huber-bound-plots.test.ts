/**
 * The figures say what `lrlab suggest` and `lrlab fit` say of the Huber loss (through the real binary): its
 * one bound is 2/λmax of the curvature near the best line (core/local-bound.ts), drawn and labelled as
 * that, never as a bound from the start.
 */
import { describe, expect, it } from "vitest";
import { lrlabJson, plotSvg, scratchDirectory } from "../../test-support/cli.js";

const work = scratchDirectory("plot-huber");
const CAVEAT = "(local curvature; Huber has no global bound)";

describe("figures of the Huber loss", () => {
  const bound = Number(
    (lrlabJson(["suggest", "--loss", "huber"]).criticalLearningRate as number).toPrecision(4),
  );

  it("marks the bound near the best line on the range test and the sweep, as suggest prints it", () => {
    expect(bound).toBe(1.094);
    for (const kind of ["find-lr", "sweep"]) {
      const svg = plotSvg(kind, ["--loss", "huber"], work);
      expect(svg.querySelector("g.critical-rule-label text")?.textContent, kind).toBe(
        `2/λmax near the best line = ${bound}`,
      );
      expect(svg.documentElement.textContent, kind).toContain(CAVEAT);
    }
  });

  it("names the bound in the loss figure's subtitle", () => {
    const svg = plotSvg("loss", ["--loss", "huber", "--lrs", "0.5,1.2"], work);
    expect(svg.querySelector(".figure-subtitle")?.textContent).toContain(
      `2/λmax near the best line = ${bound} ${CAVEAT}`,
    );
  });
});
