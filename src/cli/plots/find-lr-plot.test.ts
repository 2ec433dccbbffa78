/**
 * `lrlab plot find-lr` through the real binary (dist/cli/bin.js, built before the tests run).
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

const work = scratchDirectory("plot-find-lr");

describe("lrlab plot find-lr", () => {
  it("draws what lrlab find-lr prints: the curve, the four suggestions and the critical rate", () => {
    const printed = lrlabJson(["find-lr"]);
    const svg = plotSvg("find-lr", [], work);
    expect(markElements(svg, "suggestion-marker", "circle")).toHaveLength(4);
    expect(svg.querySelector("g.suggestion-valley text")?.textContent).toBe(
      `valley: ${Number(printed.suggestions.valley.toPrecision(4))} (suggested)`,
    );
    expect(svg.querySelector("g.critical-rule-label text")?.textContent).toBe("2/λmax = 0.3069");
    expect(svg.querySelector(".figure-subtitle")?.textContent).toMatch(
      new RegExp(`iteration ${printed.iterations} of 100`),
    );
  });

  it("takes the range test's flags, and draws SGD-with-momentum's own bound", () => {
    const svg = plotSvg("find-lr", ["--num-it", "60", "--end-lr", "1", "--optimizer", "momentum"], work);
    expect(svg.querySelector(".figure-title")?.textContent).toBe(
      "The LR range test: loss as the rate ramps from 1e−7 to 1",
    );
    // Keras momentum β = 0.9: 2(1 + 0.9)/λmax = 3.8/6.5167 = 0.5831 (plain gradient descent's is 0.3069).
    expect(svg.querySelector("g.critical-rule-label text")?.textContent).toBe("2(1 + β)/λmax = 0.5831");
  });

  it("writes a PNG of twice the stated size", () => {
    expectPngAtTwiceStatedSize(["plot", "find-lr"], join(work, "find-lr.png"));
  });

  it("draws a hostile column name as text", () => {
    const rows = Array.from({ length: 40 }, (_, i) => `${i / 10},${(2 * i) / 10 + 1 + ((i * 7) % 5) / 10}`);
    expectHostileNameDrawnAsText(
      ["plot", "find-lr"],
      `<img src=x onerror=alert(1)>,y\n${rows.join("\n")}\n`,
      work,
    );
  });

  it("refuses a schedule, as lrlab find-lr does", () => {
    expectUserError(
      ["plot", "find-lr", "--schedule", "cosine"],
      /^lrlab: error: --schedule does not apply to find-lr: the range test ramps the rate itself/,
    );
  });

  it("refuses find-lr's checks, which are tables, pointing to lrlab find-lr, on the line and a model", () => {
    const out = join(scratchDirectory("find-lr-checks"), "f.svg");
    for (const [args, flag, check] of [
      [["--seeds", "3"], "--seeds", "--seeds N"],
      [["--validate"], "--validate", "--validate"],
      [["--model", "mlp", "--validate", "--validate-steps", "5"], "--validate", "--validate"],
    ] as const) {
      expectUserError(
        ["plot", "find-lr", ...args, "--out", out],
        `${flag} does not apply to plot find-lr: the figure draws one range test; run lrlab find-lr ${check} with the same flags for that check`,
      );
    }
  });
});
