/**
 * `lrlab plot find-lr --model …` through the real binary (dist/cli/bin.js): the figure draws the range
 * test `lrlab find-lr --model … --json` prints, with its suggestion and its critical rate.
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
import { slantedFlags, writeSlantedCsv } from "../../test-support/slanted-data.js";
import { markElements, textsOf } from "../../test-support/svg.js";

const work = scratchDirectory("plot-find-lr-model");

/** The figure's rates: 4 significant digits, a real minus sign. */
const rate = (value: number) => Number(value.toPrecision(4)).toString().replace("-", "−");

describe("lrlab plot find-lr --model", () => {
  it("draws the mlp's range test with the suggestion lrlab find-lr --model prints and 2/λmax measured at the start", () => {
    const printed = lrlabJson(["find-lr", "--model", "mlp"]);
    const svg = plotSvg("find-lr", ["--model", "mlp"], work);
    // The curve: one point per iteration the test ran (84 of 100 here: it blew up).
    expect(printed.iterations).toBe(84);
    const curve = markElements(svg, "smoothed-loss", "path")[0]?.getAttribute("d") ?? "";
    expect(curve.split(/[ML]/).filter(Boolean).length).toBeGreaterThan(40);
    expect(markElements(svg, "suggestion-marker", "circle")).toHaveLength(4);
    // The command's suggestion, --lr 0.001 (valley), is the figure's.
    expect(printed.suggested).toBe(printed.suggestions.valley);
    expect(textsOf(svg, "suggestion-valley")).toEqual([`valley: ${rate(printed.suggested)} (suggested)`]);
    // λmax = 23.95 at glorot's start (seed 0): 2/λmax = 0.08352, measured.
    expect(printed.stability.criticalLearningRate).toBeCloseTo(0.08352, 5);
    expect(textsOf(svg, "critical-rule-label")).toEqual([
      `2/λmax = ${rate(printed.stability.criticalLearningRate)}`,
    ]);
    // Batch size 32: the bound is full-batch descent's, and the legend says so.
    expect(textsOf(svg, "legend-label")).toContain(
      "critical rate (measured at the starting weights, for full-batch descent)",
    );
    expect(svg.querySelector(".figure-title")?.textContent).toBe(
      "The LR range test on mlp 1-16-1 (tanh): the rate from 1e−7 to 10",
    );
    expect(svg.querySelector(".figure-subtitle")?.textContent).toMatch(
      /^SGD · batch size 32 · blew up at rate [\d.]+, iteration 84 of 100/,
    );
  });

  it("labels the linear model's critical rate exact, and an adaptive optimizer's as plain gradient descent's", () => {
    const linear = plotSvg("find-lr", ["--model", "linear"], work);
    expect(textsOf(linear, "critical-rule-label")).toEqual(["2/λmax = 0.3069"]);
    expect(textsOf(linear, "legend-label")).toContain("critical rate (exact, for full-batch descent)");
    const fullBatch = plotSvg("find-lr", ["--model", "linear", "--batch-size", "100"], work);
    expect(textsOf(fullBatch, "legend-label")).toContain("critical rate (exact)");
    const printed = lrlabJson(["find-lr", "--model", "mlp", "--optimizer", "adam"]);
    const adam = plotSvg("find-lr", ["--model", "mlp", "--optimizer", "adam"], work);
    expect(textsOf(adam, "critical-rule-label")).toEqual([
      `2/λmax (SGD) = ${rate(printed.stability.criticalLearningRate)}`,
    ]);
    expect(textsOf(adam, "legend-label")).toContain(
      "critical rate of plain gradient descent (measured at the starting weights, for full-batch descent)",
    );
    expect(textsOf(adam, "suggestion-valley")).toEqual([`valley: ${rate(printed.suggested)} (suggested)`]);
  });

  it("writes a PNG at twice its stated size, and a hostile column name as text", () => {
    expectPngAtTwiceStatedSize(
      ["plot", "find-lr", "--model", "polynomial", "--degree", "2"],
      join(work, "polynomial.png"),
    );
    const rows = Array.from({ length: 40 }, (_, i) => `${i / 10},${(2 * i) / 10 + 1 + ((i * 7) % 5) / 10}`);
    expectHostileNameDrawnAsText(
      ["plot", "find-lr", "--model", "mlp", "--hidden", "4"],
      `<img src=x onerror=alert(1)>,y\n${rows.join("\n")}\n`,
      work,
    );
  });

  it('marks no valley "(suggested)" where the loss has no finite minimum, as the command\'s "Suggested no rate"', () => {
    // Separated only by the slanted line 2a + 3b = 6.5: BCE falls forever as the weights grow.
    const flags = slantedFlags(writeSlantedCsv(work));
    const printed = lrlabJson(["find-lr", ...flags]);
    expect(printed.noFiniteMinimum).not.toBeNull();
    const svg = plotSvg("find-lr", flags, work);
    const [valley] = textsOf(svg, "suggestion-valley");
    expect(valley).toMatch(/^valley: [\d.e−]+/);
    expect(valley).not.toContain("suggested");
    expect(textsOf(svg, "legend-label")).toContain("valley (no finite minimum: not a rate to use)");
    // The same figure on data with a minimum still suggests its valley, and says nothing of that.
    const line = plotSvg("find-lr", ["--model", "linear"], work);
    expect(textsOf(line, "suggestion-valley")[0]).toMatch(/\(suggested\)$/);
    expect(textsOf(line, "legend-label")).toContain("valley");
  });

  it("refuses what lrlab find-lr --model refuses, with one line", () => {
    expectUserError(
      ["plot", "find-lr", "--model", "mlp", "--track-sharpness", "5"],
      "--track-sharpness does not apply to find-lr: the range test measures the sharpness once, at the starting weights, and sets 2/λmax beside its suggestions",
    );
    expectUserError(
      ["plot", "find-lr", "--model", "mlp", "--schedule", "cosine"],
      /^lrlab: error: --schedule does not apply to find-lr: the range test ramps the rate itself/,
    );
    expectUserError(["plot", "find-lr", "--degree", "3"], "--degree applies to --model polynomial, not line");
  });
});
