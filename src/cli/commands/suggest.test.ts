/** `lrlab suggest` through the real binary. */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../../..", import.meta.url));
const lrlab = (args: string[]) =>
  spawnSync(process.execPath, [join(root, "dist/cli/bin.js"), ...args], { cwd: root, encoding: "utf8" });

describe("lrlab suggest", () => {
  it("gives the exact optimal rate, its reason and the critical rate as JSON", () => {
    const { status, stdout, stderr } = lrlab(["suggest", "--json"]);
    expect(status).toBe(0);
    expect(stderr).toBe("");
    const document = JSON.parse(stdout);
    expect(document.method).toBe("theory");
    expect(document.learningRate).toBeCloseTo(0.2755, 4);
    expect(document.criticalLearningRate).toBeCloseTo(0.3069, 4);
    expect(document.reason).toMatch(/2\/\(λmin \+ λmax\)/);
    expect(document.curvature.edgeOfStability).toBeCloseTo(document.criticalLearningRate, 6);
  });

  it("runs the range test for mini-batches and says so", () => {
    const { status, stdout } = lrlab(["suggest", "--batch-size", "32"]);
    expect(status).toBe(0);
    expect(stdout).toMatch(/Use --lr [\d.e-]+ {2}\(LR range test\)/);
    expect(stdout).toContain("critical rate");
  });

  it("refuses flags that make no sense for it, with one line", () => {
    const { status, stdout, stderr } = lrlab(["suggest", "--schedule", "cosine"]);
    expect(status).toBe(2);
    expect(stdout).toBe("");
    expect(stderr.trim().split("\n")).toHaveLength(1);
    expect(stderr).toMatch(/^lrlab: error: --schedule does not apply to suggest/);
  });
});
