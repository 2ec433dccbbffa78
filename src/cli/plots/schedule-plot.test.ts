/**
 * `lrlab plot schedule` through the real binary (dist/cli/bin.js, built before the tests run).
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  bin,
  expectPngAtTwiceStatedSize,
  expectUserError,
  plotSvg,
  scratchDirectory,
} from "../../test-support/cli.js";
import { axisOf, markElements, parseSvg, pathPoints, textsOf } from "../../test-support/svg.js";

const work = scratchDirectory("plot-schedule");

describe("lrlab plot schedule", () => {
  it("returns, the overflow marked, when the rate overflows to ∞ on a log axis (it used to hang)", () => {
    const out = join(work, "overflow.svg");
    const args = ["--schedule", "exponential", "--decay-steps", "1", "--decay-rate", "10", "--steps", "400"];
    // The harness waits for ever; a hang here must fail, not stall the suite.
    const run = spawnSync(process.execPath, [bin, "plot", "schedule", ...args, "--log", "--out", out], {
      encoding: "utf8",
      timeout: 30_000,
    });
    expect(run.signal).toBeNull();
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    const svg = parseSvg(readFileSync(out, "utf8"));
    expect(textsOf(svg, "overflow-label")).toEqual(["overflows to ∞ at step 309, not drawn"]);
    expect(svg.querySelector(".figure-subtitle")?.textContent).toMatch(/final rate ∞$/);
  });

  it("draws a schedule with its Keras flags, over its whole length by default", () => {
    const svg = plotSvg("schedule", ["--schedule", "cosine", "--lr", "0.1", "--decay-steps", "200"], work);
    expect(svg.querySelector(".figure-title")?.textContent).toBe("Learning rate against step: CosineDecay");
    expect(svg.querySelector(".figure-subtitle")?.textContent).toBe(
      "initial_learning_rate=0.1, decay_steps=200 · final rate 0",
    );
    const chart = svg.querySelector("svg svg") as Element;
    const [path] = markElements(chart as unknown as Document, "schedule-line", "path");
    const points = pathPoints(path?.getAttribute("d") ?? "");
    // 220 steps (decay_steps × 1.1): the rates of updates 0 … 219, held to step 220; from 0.1 down to 0.
    expect(points).toHaveLength(221);
    const y = axisOf(chart, "y", false);
    expect(points[0]?.[1]).toBeCloseTo(y(0.1), 0);
    expect(points[220]?.[1]).toBeCloseTo(y(0), 0);
  });

  it("compares families with arguments derived from --lr and --steps, and a key of them", () => {
    const svg = plotSvg(
      "schedule",
      ["--compare", "exponential,cosine,one-cycle", "--lr", "0.1", "--steps", "400"],
      work,
    );
    expect(svg.querySelectorAll("g.schedule-line")).toHaveLength(3);
    expect([...svg.querySelectorAll("g.legend-label text")].map((text) => text.textContent)).toEqual([
      "exponential: ExponentialDecay(initial_learning_rate=0.1, decay_steps=100, decay_rate=0.5)",
      "cosine: CosineDecay(initial_learning_rate=0.1, decay_steps=400)",
      "one-cycle: OneCycleLR(max_lr=0.1, total_steps=400)",
    ]);
  });

  it("draws ReduceLROnPlateau from a run on the data", () => {
    const svg = plotSvg(
      "schedule",
      ["--schedule", "plateau", "--lr", "0.3", "--batch-size", "10", "--epochs", "20", "--patience", "2"],
      work,
    );
    expect(svg.querySelector(".figure-title")?.textContent).toBe(
      "Learning rate against step: ReduceLROnPlateau",
    );
    expect(svg.querySelector(".figure-subtitle")?.textContent).toMatch(
      /from a run on the data \(mini-batches\)/,
    );
    expect(svg.querySelector("desc")?.textContent).toMatch(/Data: built-in/);
  });

  it("writes a PNG of twice the stated size, on a log scale with --log", () => {
    expectPngAtTwiceStatedSize(
      ["plot", "schedule", "--compare", "step,cyclical", "--log"],
      join(work, "schedule.png"),
    );
  });

  it("refuses schedule arguments with --compare, and more schedules than colours", () => {
    expectUserError(
      ["plot", "schedule", "--compare", "cosine,step", "--decay-steps", "50"],
      /^lrlab: error: --decay-steps does not apply to --compare/,
    );
    expectUserError(
      [
        "plot",
        "schedule",
        "--compare",
        "constant,exponential,piecewise,polynomial,inverse-time,cosine,cosine-restarts,step,cyclical",
      ],
      "--compare: at most 8 schedules fit in one figure (one colour each), got 9",
    );
    expectUserError(
      ["plot", "schedule", "--compare", "cosin"],
      /unknown schedule "cosin" \(did you mean "cosine"\?\)/,
    );
  });
});
