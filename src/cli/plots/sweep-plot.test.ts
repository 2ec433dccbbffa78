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
import { axisOf, markElements, panelsOf, translation } from "../../test-support/svg.js";

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
    // 0.01 … 0.02154 crawl, 0.03162 … 0.2154 get within 0.1% of the best loss in 100 steps (87 … 12),
    // 0.3162 … 1 are above 2/λmax = 0.3069; no rate is left jumping around.
    expect(
      [...svg.querySelectorAll("g.legend-label text")].map((text) => text.textContent).slice(0, 4),
    ).toEqual([
      "too small",
      "good",
      "jumps out",
      "best rate (ringed): the soonest good run to stay within 0.1% of the best loss (from step 12)",
    ]);
    expect(printed.runs.map((run: { outcome: string }) => run.outcome)).toEqual([
      ...Array(3).fill("too-small"),
      ...Array(6).fill("good"),
      ...Array(4).fill("jumps-out"),
    ]);
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

  it("spans 13 rates from a hundredth of the critical rate to three times it when none are given, as lrlab sweep does", () => {
    const printed = lrlabJson(["sweep"]);
    const rates = printed.runs.map((run: { learningRate: number }) => run.learningRate);
    expect(rates).toHaveLength(13);
    expect(rates[0]).toBeCloseTo(0.3069029942 / 100, 12);
    expect(rates[12]).toBeCloseTo(3 * 0.3069029942, 9);
    const svg = plotSvg("sweep", [], work);
    expect(svg.querySelector(".figure-title")?.textContent).toBe(
      "Final loss against learning rate: 13 rates, 100 steps each",
    );
    // The points span 0.003069 … 0.9207 on the rate axis (read from its labelled ticks).
    const main = panelsOf(svg).at(-1) as Element;
    const x = axisOf(main, "x", true);
    const xs = markElements(svg, "sweep-point", "path").map((point) => translation(point)[0]);
    expect(xs).toHaveLength(13);
    expect(Math.min(...xs)).toBeCloseTo(x(0.3069029942 / 100), 0);
    expect(Math.max(...xs)).toBeCloseTo(x(3 * 0.3069029942), 0);
    expect(svg.querySelector("g.critical-rule-label text")?.textContent).toBe("2/λmax = 0.3069");
  });

  it("refuses a span that runs backwards in one line, as lrlab sweep does", () => {
    expectUserError(
      ["plot", "sweep", "--from", "1", "--to", "0.1"],
      "--from 1 is above --to 0.1; expected --from ≤ --to",
    );
  });
});
