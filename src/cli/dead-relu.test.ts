/**
 * CLI round 4, #8, through the real binary: a relu network whose units all died mid-run was called
 * "converging" (the output bias's own regime). fit says the units died, and sweep marks that row.
 */
import { describe, expect, it } from "vitest";
import { lrlab, lrlabJson } from "../test-support/cli.js";
import { housesFlags } from "../test-support/houses.js";

const NETWORK = [
  "--model",
  "mlp",
  "--hidden",
  "8,8",
  "--activation",
  "relu",
  ...housesFlags(),
  "--standardize",
];

describe("dead ReLU units", () => {
  it("fit: at lr 0.0008717 every unit dies, λmax ends at the bias's own curvature 2, and the words say so", () => {
    const args = ["fit", ...NETWORK, "--lr", "0.0008717", "--track-sharpness", "10"];
    const document = lrlabJson(args);
    // The oracle: under MSE the loss in the output bias alone is mean((b − y)²), whose curvature is 2.
    expect(document.verdict.sharpnessAtEnd).toBeCloseTo(2, 6);
    expect(document.verdict.reluDied).toBe(true);
    const text = lrlab(args).stdout.replace(/\s+/g, " ");
    expect(text).toContain(
      "the ReLU units died: every unit of the last hidden layer outputs 0 on every row, so only the output bias still learns",
    );
    expect(text).not.toContain("converging: each step moves toward a minimum");
  });

  it("fit: a run whose units live is not called dead", () => {
    const document = lrlabJson(["fit", ...NETWORK, "--lr", "8.095e-5"]);
    expect(document.verdict.reluDied).toBe(false);
  });

  it("sweep marks the row whose units died, and only that one", () => {
    const document = lrlabJson(["sweep", ...NETWORK]);
    const dead = (document.runs as { learningRate: number; reluDied: boolean }[]).filter(
      (run) => run.reluDied,
    );
    expect(dead.map((run) => run.learningRate.toPrecision(4))).toEqual(["0.0008717"]);
    const rows = lrlab(["sweep", ...NETWORK])
      .stdout.split("\n")
      .filter((line) => line.includes("ReLU units died"));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatch(/^\s+0\.0008717\s/);
  });
});
