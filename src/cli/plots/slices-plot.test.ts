/**
 * `lrlab plot slices` through the real binary (dist/cli/bin.js): the default rates from the theory, the
 * figure's structure, the PNG's size, and one line on stderr for bad input.
 */
import { describe, expect, it } from "vitest";
import {
  expectPngAtTwiceStatedSize,
  expectUserError,
  scratchDirectory,
  writtenSvg,
} from "../../test-support/cli.js";
import { panelsOf } from "../../test-support/svg.js";

const work = scratchDirectory("plots");

describe("lrlab plot slices", () => {
  it("draws four rates chosen from the theory, a row each: too small, good, oscillating, diverging", () => {
    const svg = writtenSvg(["plot", "slices"], "slices.svg", work);
    const charts = panelsOf(svg).filter((panel) => panel.querySelector("g.slice-curve"));
    expect(charts).toHaveLength(8);
    expect([...svg.querySelectorAll("g.row-label tspan.row-run")].map((run) => run.textContent)).toEqual([
      "lr 0.05 · too small",
      "lr 0.28 · good",
      "lr 0.3 · oscillating",
      "lr 0.33 · diverging · leaves the frame",
    ]);
    expect(svg.querySelector(".figure-subtitle")?.textContent).toBe(
      "SGD, 20 full-batch steps from (0, 0) · critical rate 0.3069 · curves through the optimum (w*, b*)",
    );
    // 20 arrows in each panel of the three rows that stay in the bowl.
    for (const panel of charts.slice(0, 6))
      expect(panel.querySelectorAll("g.step-arrow path")).toHaveLength(20);
  });

  it("writes a PNG that decodes to twice the stated size", () => {
    expectPngAtTwiceStatedSize(["plot", "slices", "--lrs", "0.1,0.2", "--steps", "5"], "s.png", work);
  });

  it("states the momentum bound, not plain gradient descent's, for momentum", () => {
    const svg = writtenSvg(
      ["plot", "slices", "--optimizer", "momentum", "--lrs", "0.1"],
      "momentum.svg",
      work,
    );
    expect(svg.querySelector(".figure-subtitle")?.textContent).toContain(
      "stable below lr 0.5831 = 2(1 + m)/λmax",
    );
  });

  it.each([
    [["--lrs", "0,1"], '--lrs: expected numbers > 0 separated by commas, got "0" in "0,1"'],
    [
      ["--lr", "0.1", "--lrs", "0.2"],
      "--lr and --lrs: give one rate with --lr or several with --lrs, not both",
    ],
    [["--steps", "500"], /--steps: at most 400 steps can be drawn as arrows, got 500/],
    [["--optimizer", "adam"], /--lrs: no default rates for adam/],
    [["--lrs", "1,2,3,4,5,6,7,8,9"], "--lrs: at most 8 runs fit in one figure (one colour each), got 9"],
  ])("refuses %j with one line on stderr", (args, message) => {
    expectUserError(["plot", "slices", ...args], message, work);
  });
});
