/**
 * `lrlab plot loss` through the real binary (dist/cli/bin.js, built before the tests run).
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  expectHostileNameDrawnAsText,
  expectPngAtTwiceStatedSize,
  expectUserError,
  plotSvg,
  scratchDirectory,
} from "../../test-support/cli.js";
import { markElements } from "../../test-support/svg.js";

const work = scratchDirectory("plot-loss");

describe("lrlab plot loss", () => {
  it("draws the lesson's four rates by default, the diverging one marked where it blew up", () => {
    const svg = plotSvg("loss", [], work);
    expect(markElements(svg, "loss-line", "path")).toHaveLength(4);
    const labels = [...svg.querySelectorAll("g.series-label text")].map((text) => text.textContent);
    expect(labels).toEqual(["rate 0.01 · too small", "rate 0.28 · good", "rate 0.29 · oscillating"]);
    expect(markElements(svg, "diverged-marker", "path")).toHaveLength(1);
    expect(svg.querySelector("g.diverged-label text")?.textContent).toBe(
      "rate 0.34 · diverging: blew up at step 36",
    );
    expect(svg.querySelector("g.optimum-label text")?.textContent).toBe("optimum loss 0.9692");
    expect(svg.querySelector(".figure-subtitle")?.textContent).toBe(
      "SGD · full batch · 100 steps · critical rate 2/λmax = 0.3069 · top band: losses above 20, compressed",
    );
  });

  it("draws the rates of --lrs, each the rate argument of a schedule when one is given", () => {
    const svg = plotSvg(
      "loss",
      [
        "--lrs",
        "0.05,0.2",
        "--schedule",
        "exponential",
        "--decay-steps",
        "10",
        "--decay-rate",
        "0.5",
        "--steps",
        "40",
      ],
      work,
    );
    expect(markElements(svg, "loss-line", "path")).toHaveLength(2);
    expect([...svg.querySelectorAll("g.series-label text")].map((text) => text.textContent).sort()).toEqual([
      "rate 0.05",
      "rate 0.2",
    ]);
    expect(svg.querySelector(".figure-subtitle")?.textContent).toMatch(
      /ExponentialDecay · full batch · 40 steps/,
    );
  });

  it("draws one run at --lr, with its final loss in the subtitle", () => {
    const svg = plotSvg("loss", ["--lr", "0.1", "--steps", "30", "--batch-size", "10"], work);
    expect(markElements(svg, "loss-line", "path")).toHaveLength(1);
    expect(svg.querySelector(".figure-title")?.textContent).toBe("Loss per step at rate 0.1");
    expect(svg.querySelector(".figure-subtitle")?.textContent).toMatch(
      /batch size 10 · 30 steps · final loss \d/,
    );
  });

  it("writes a PNG of twice the stated size", () => {
    expectPngAtTwiceStatedSize(["plot", "loss"], join(work, "loss.png"));
  });

  it("draws a hostile column name as text", () => {
    expectHostileNameDrawnAsText(
      ["plot", "loss", "--lr", "0.05"],
      "<img src=x onerror=alert(1)>,y\n0,1\n1,3\n2,5.5\n3,6.5\n",
      work,
    );
  });

  it("refuses --lrs with --lr in one line", () => {
    expectUserError(
      ["plot", "loss", "--lrs", "0.1,0.2", "--lr", "0.1"],
      "--lrs and --lr: give one or the other, not both",
    );
  });
});
