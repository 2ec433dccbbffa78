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
  it("draws the lesson's four rates by default, for the budget the lesson chose, each named by its verdict", () => {
    const svg = plotSvg("loss", [], work);
    expect(markElements(svg, "loss-line", "path")).toHaveLength(4);
    // The fastest rate, 0.24, needs 11 steps; the lesson's budget is the nice number above 2.5 × 11: 30.
    // 0.3 is still jumping across the minimum after them; 0.34 is above 2/λmax = 0.3069: its sharp error
    // grows by 0.34·6.5167 − 1 = 1.2157× a step, its loss 1.478×, to 1.81e6 after 30 steps, below the
    // blow-up cut-off (1e6 × 15.78), so it ends at the chart's edge with a label, not a blow-up marker.
    const labels = [...svg.querySelectorAll("g.series-label text")].map((text) => text.textContent);
    expect(labels).toEqual([
      "rate 0.008 · too small",
      "rate 0.24 · good",
      "rate 0.3 · jumps around",
      "rate 0.34 · jumps out",
    ]);
    expect(markElements(svg, "diverged-marker", "path")).toHaveLength(0);
    expect(svg.querySelector("g.optimum-label text")?.textContent).toBe("best loss 0.9692");
    expect(svg.querySelector(".figure-title")?.textContent).toBe(
      "Loss per step: a rate too small, a good one, one that jumps around, one that jumps out",
    );
    expect(svg.querySelector(".figure-subtitle")?.textContent).toBe(
      "SGD · full batch · 30 steps · critical rate 2/λmax = 0.3069",
    );
  });

  it("marks the run that jumps out where it blew up, given the steps to get there", () => {
    const svg = plotSvg("loss", ["--steps", "100"], work);
    expect(markElements(svg, "loss-line", "path")).toHaveLength(4);
    const labels = [...svg.querySelectorAll("g.series-label text")].map((text) => text.textContent);
    expect(labels).toEqual(["rate 0.008 · too small", "rate 0.24 · good", "rate 0.3 · jumps around"]);
    expect(markElements(svg, "diverged-marker", "path")).toHaveLength(1);
    // 1.478× a step: 1.28e7 after 35 steps, 1.89e7 after 36, past 1e6 × 15.78 = 1.578e7.
    expect(svg.querySelector("g.diverged-label text")?.textContent).toBe(
      "rate 0.34 · jumps out: blew up at step 36",
    );
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
    // Each named by its run's verdict (`lrlab fit --lr … ` with the same flags): as the rate halves every
    // 10 steps, 0.05 ends 2.3% above the best loss, 0.2 within 0.1% of it.
    expect([...svg.querySelectorAll("g.series-label text")].map((text) => text.textContent).sort()).toEqual([
      "rate 0.05 · too small",
      "rate 0.2 · good",
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
