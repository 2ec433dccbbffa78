/** `lrlab suggest` through the real binary. */
import { describe, expect, it } from "vitest";
import { expectUserError, lrlab } from "../../test-support/cli.js";
import { parseStrictJson } from "../../test-support/finite.js";

describe("lrlab suggest", () => {
  it("gives the exact fastest rate from the start, its reason and the critical rate as JSON", () => {
    const { status, stdout, stderr } = lrlab(["suggest", "--json"]);
    expect(status).toBe(0);
    expect(stderr).toBe("");
    const document = parseStrictJson(stdout).value;
    expect(document.method).toBe("theory");
    // 0.24 reaches the gap from (0, 0) in 11 steps, the fewest; 0.2755 = 2/(λmin + λmax) needs 22.
    expect(document.learningRate).toBe(0.24);
    expect(document.fastest.steps).toBe(11);
    expect(document.steps).toEqual({ suggested: 11, optimal: 22, critical: null });
    expect(document.optimalLearningRate).toBeCloseTo(0.2755, 4);
    expect(document.criticalLearningRate).toBeCloseTo(0.3069, 4);
    expect(document.reason).toMatch(/best worst-case rate 2\/\(λmin \+ λmax\)/);
    expect(document.curvature.edgeOfStability).toBeCloseTo(document.criticalLearningRate, 6);
  });

  it("runs the range test for mini-batches and says so", () => {
    const { status, stdout } = lrlab(["suggest", "--batch-size", "32"]);
    expect(status).toBe(0);
    expect(stdout).toMatch(/Use --lr [\d.e-]+ {2}\(LR range test\)/);
    expect(stdout).toContain("critical rate");
  });

  it("refuses flags that make no sense for it, with one line", () => {
    expectUserError(
      ["suggest", "--schedule", "cosine"],
      /^lrlab: error: --schedule does not apply to suggest/,
    );
  });
});
