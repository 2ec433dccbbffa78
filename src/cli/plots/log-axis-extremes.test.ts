/**
 * Every figure with a log axis, through the real binary, on numbers at the ends of what doubles hold:
 * losses near 1e305, rates from 1e-300 to 1e300, a loss of 1e-320. Each of these hung `lrlab` at 100 %
 * CPU (a log domain padded to [0, ∞], and a tick loop that never ended), so each run here has a time
 * limit: a hang must fail the test, not stall the suite.
 */
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { bin, scratchDirectory } from "../../test-support/cli.js";

const work = scratchDirectory("log-extremes");

/** Runs `lrlab plot …args` into an SVG within 30 s; returns its text. */
function plotWithin30s(name: string, args: readonly string[]): string {
  const out = join(work, `${name}.svg`);
  const run = spawnSync(process.execPath, [bin, "plot", ...args, "--out", out], {
    encoding: "utf8",
    timeout: 30_000,
  });
  expect(run.signal).toBeNull();
  expect(run.stderr).toBe("");
  expect(run.status).toBe(0);
  return readFileSync(out, "utf8");
}

/** No coordinate, transform or tick in the SVG is NaN or infinite (Plot writes them as "NaN", "Infinity"). */
function expectFiniteGeometry(svg: string): void {
  expect(svg).not.toMatch(/="[^"]*(NaN|Infinity)/);
}

describe("figures with a log axis, on extreme numbers", () => {
  it("loss: a run whose loss climbs to 1e304 before it is stopped", () => {
    const svg = plotWithin30s("loss", [
      "loss",
      "--lrs",
      "0.1,10",
      "--steps",
      "1000",
      "--diverge-factor",
      "1e300",
    ]);
    expectFiniteGeometry(svg);
    // Each step multiplies the sharp error by 1 − 10·λmax = 1 − 65.17 and the loss by 64.17² ≈ 4117: from
    // 15.78 it is 1.523e301 after 83 steps, just short of 1e300 × 15.78, and 6.27e304 after 84.
    expect(svg).toContain("rate 10 · jumps out: blew up at step 84");
  });

  it("sweep: rates from 1e-300 to 1e300", () => {
    expectFiniteGeometry(plotWithin30s("sweep", ["sweep", "--lrs", "1e-300,1e-3,1e300"]));
  });

  it("history: a loss of 1e-320 and a rate of 1e308", () => {
    const history = join(work, "extreme.json");
    writeFileSync(history, '{"loss": [1e308, 1e-320, 0.5], "learning_rate": [1e308, 1e-300, 0.001]}');
    expectFiniteGeometry(plotWithin30s("history", ["history", "--from", history]));
  });

  it("schedule: rates that fall below 1e-300 on a log axis", () => {
    const args = ["--schedule", "exponential", "--decay-steps", "1", "--decay-rate", "0.1", "--steps", "400"];
    const svg = plotWithin30s("schedule", ["schedule", ...args, "--log"]);
    expectFiniteGeometry(svg);
    expect(svg).toContain("rates of 0 and below 1e-300 are not drawn on the log scale");
  });
});
