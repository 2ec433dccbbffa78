/**
 * `lrlab plot sweep` through the real binary (dist/cli/bin.js, built before the tests run).
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  expectHostileNameDrawnAsText,
  expectPngAtTwiceStatedSize,
  expectUserError,
  lrlabJson,
  plotSvg,
  scratchDirectory,
} from "../../test-support/cli.js";
import { markElements } from "../../test-support/svg.js";

const work = scratchDirectory("plot-sweep");

describe("lrlab plot sweep", () => {
  it("draws what lrlab sweep prints: every rate, the regimes, the best and the critical rate", () => {
    const args = ["--from", "0.01", "--to", "1", "--count", "13"];
    const printed = lrlabJson(["sweep", ...args]);
    const svg = plotSvg("sweep", args, work);
    expect(markElements(svg, "sweep-point", "path")).toHaveLength(13);
    expect(svg.querySelector("g.best-rule-label text")?.textContent).toBe(
      `best ${printed.best.learningRate.toPrecision(4)}`,
    );
    expect(svg.querySelector("g.critical-rule-label text")?.textContent).toBe("2/λmax = 0.3069");
    expect(
      [...svg.querySelectorAll("g.legend-label text")].map((text) => text.textContent).slice(0, 4),
    ).toEqual(["too slow", "converging", "oscillating", "diverged"]);
    expect(svg.querySelector(".figure-title")?.textContent).toBe(
      "Final loss against learning rate: 13 rates, 100 steps each",
    );
    expect(svg.querySelector(".figure-subtitle")?.textContent).toMatch(
      /diverges between 0\.2154 and 0\.3162/,
    );
  });

  it("takes --lrs and the fit flags; no critical rule for mini-batches", () => {
    const svg = plotSvg(
      "sweep",
      ["--lrs", "0.01,0.1,0.5", "--batch-size", "20", "--epochs", "3", "--workers", "1"],
      work,
    );
    expect(markElements(svg, "sweep-point", "path")).toHaveLength(3);
    expect(svg.querySelector("g.critical-rule")).toBeNull();
    expect(svg.querySelector(".figure-subtitle")?.textContent).toMatch(/^SGD · batch size 20/);
  });

  it("writes a PNG of twice the stated size", () => {
    expectPngAtTwiceStatedSize(["plot", "sweep", "--lrs", "0.1,0.4"], join(work, "sweep.png"));
  });

  it("draws a hostile column name as text", () => {
    expectHostileNameDrawnAsText(
      ["plot", "sweep", "--lrs", "0.01,0.1"],
      "x,<img src=x onerror=alert(1)>\n0,1\n1,3\n2,5.5\n3,6.5\n",
      work,
    );
  });

  it("asks for the rates in one line, as lrlab sweep does", () => {
    expectUserError(
      ["plot", "sweep"],
      "sweep: which rates? give --from A --to B [--count K] (log-spaced) or --lrs r1,r2,…",
    );
  });
});
