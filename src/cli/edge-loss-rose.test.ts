/**
 * Web #7 / CLI (report tester12-web-3): a run whose loss ended above its start is not called the edge of
 * stability, and nothing says its loss falls. Decided once in the core (edge-of-stability.ts), worded here
 * through the real binary on the tester's own file (60 rows a, b, c ~ U, labels from a logistic model).
 */
import { describe, expect, it } from "vitest";
import { lrlab, lrlabJson } from "../test-support/cli.js";

const LOGI = "src/test-support/data/logi-tester12.csv";
const RUN = [
  "fit",
  "--data",
  LOGI,
  "--x",
  "a",
  "--x",
  "b",
  "--x",
  "c",
  "--y",
  "label",
  "--model",
  "logistic",
];

describe("fit: the edge of stability needs a loss that fell", () => {
  it("logistic a + b + c at lr 0.5 for 200 steps: 0.6931 → 0.9032, past the bound, not the edge", () => {
    const args = [...RUN, "--lr", "0.5", "--steps", "200"];
    const json = lrlabJson(args);
    // ln 2 at zero weights; the tester's final loss.
    expect(json.initial.loss).toBeCloseTo(Math.LN2, 12);
    expect(json.final.loss).toBeCloseTo(0.9032, 4);
    expect(json.verdict.lossEndedHigher).toBe(true);
    expect(json.verdict.edgeButLossRose).toBe(true);
    expect(json.verdict.edgeOfStability).toBe(false);
    const { stdout } = lrlab(args);
    expect(stdout).not.toMatch(/edge of stability\)|edge of stability \(Cohen|the loss falls/);
    expect(stdout).toContain(
      "the loss ended above where it started (0.6931 → 0.9032): not the edge of stability",
    );
  });

  it("does not flag a run whose loss fell (lr 0.2): the edge is refused for a rise, not for every bounce", () => {
    const json = lrlabJson([...RUN, "--lr", "0.2", "--steps", "200", "--track-sharpness", "5"]);
    expect(json.final.loss).toBeLessThan(Math.LN2);
    expect(json.verdict.lossEndedHigher).toBe(false);
    expect(json.verdict.edgeButLossRose).toBe(false);
  });
});
