/**
 * `lrlab plot slices` through the real binary (dist/cli/bin.js): the lesson's default rates, the
 * figure's structure, the PNG's size, and one line on stderr for bad input.
 */
import { describe, expect, it } from "vitest";
import type { Outcome } from "../../core/judging/verdict.js";
import { OUTCOME_WORDS } from "../../render/verdict-words.js";
import {
  expectPngAtTwiceStatedSize,
  expectUserError,
  lrlabJson,
  scratchDirectory,
  writtenSvg,
} from "../../test-support/cli.js";
import { panelsOf } from "../../test-support/svg.js";

const work = scratchDirectory("plots");

describe("lrlab plot slices", () => {
  it("draws the lesson's four rates for the rule's 30 steps, a row each: too small, good, jumps around, jumps out", () => {
    const svg = writtenSvg(["plot", "slices"], "slices.svg", work);
    const charts = panelsOf(svg).filter((panel) => panel.querySelector("g.slice-curve"));
    expect(charts).toHaveLength(8);
    // The same four as demo and report (core lesson.ts, its budget 30 = 2.5 × 11 rounded up), each named
    // by its run's verdict (`lrlab fit --lr … --steps 30`): 0.24 gets within 0.1% of the best loss in 11
    // steps; 0.3 is still jumping across the minimum after 30; 0.34 is above 2/λmax = 0.3069.
    expect([...svg.querySelectorAll("g.row-label tspan.row-run")].map((run) => run.textContent)).toEqual([
      "lr 0.008 · too small",
      "lr 0.24 · good",
      "lr 0.3 · jumps around",
      "lr 0.34 · jumps out · leaves the frame",
    ]);
    expect(svg.querySelector(".figure-subtitle")?.textContent).toBe(
      "SGD, 30 full-batch steps from (0, 0) · critical rate 0.3069 · curves through the optimum (w*, b*)",
    );
    // 30 arrows in each panel of the three rows that stay in the bowl.
    for (const panel of charts.slice(0, 6))
      expect(panel.querySelectorAll("g.step-arrow path")).toHaveLength(30);
  });

  it("tells a run a hair above the bound as its verdict does: not climbed yet, its rate told from the bound", () => {
    // 2/λmax = 0.30690299…: at 0.306903 the error along the sharp direction grows ×(0.306903·λmax − 1)
    // = ×1.00000004 per step, too slowly to show in 20 steps; the loss falls from 15.78 to 15.72.
    const svg = writtenSvg(["plot", "slices", "--lrs", "0.3069030"], "hair.svg", work);
    expect(svg.querySelector("g.row-label tspan.row-run")?.textContent).toBe("lr 0.306903 · jumps out");
    expect(svg.querySelector("g.row-label tspan.row-detail")?.textContent).toBe(
      " — loss 15.78 → 15.72 in 20 steps, not climbed yet (error ×1.00000004 per step)",
    );
    expect(svg.querySelector(".figure-subtitle")?.textContent).toContain("critical rate 0.30690299 ·");
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
      "stable below lr 0.5831 = 2(1 + β)/λmax", // 2(1 + 0.9)/6.5167
    );
  });

  it("names each of Adam's default rates by what lrlab fit says its run does", () => {
    // Adam has no exact bound: the lesson's rule searches for its rates, and no rate need show its name.
    const svg = writtenSvg(["plot", "slices", "--optimizer", "adam"], "adam.svg", work);
    const rows = [...svg.querySelectorAll("g.row-label tspan.row-run")].map((run) => run.textContent ?? "");
    expect(rows).toHaveLength(4);
    // The budget the rule chose, from the subtitle ("Adam, 100 full-batch steps from (0, 0) · …").
    const steps = /(\d+) full-batch steps/.exec(
      svg.querySelector(".figure-subtitle")?.textContent ?? "",
    )?.[1];
    expect(steps).toBeDefined();
    for (const row of rows) {
      const [, rate, words] = /^lr (\S+) · ([a-z ]+?)(?: · leaves the frame)?$/.exec(row) ?? [];
      const fitted = lrlabJson([
        "fit",
        "--optimizer",
        "adam",
        "--lr",
        rate as string,
        "--steps",
        steps as string,
      ]);
      expect(words).toBe(OUTCOME_WORDS[fitted.verdict.outcome as Outcome]);
    }
  });

  it.each([
    [["--lrs", "0,1"], '--lrs: expected numbers > 0 separated by commas, got "0" in "0,1"'],
    [
      ["--lr", "0.1", "--lrs", "0.2"],
      "--lr and --lrs: give one rate with --lr or several with --lrs, not both",
    ],
    [["--steps", "500"], /--steps: at most 400 steps can be drawn as arrows, got 500/],
    [
      ["--loss", "mae"],
      "--lrs: the lesson's default rates are chosen for MSE; give --lrs for MAE, e.g. 0.01,0.1,0.5",
    ],
    [["--lrs", "1,2,3,4,5,6,7,8,9"], "--lrs: at most 8 runs fit in one figure (one colour each), got 9"],
  ])("refuses %j with one line on stderr", (args, message) => {
    expectUserError(["plot", "slices", ...args], message, work);
  });
});
