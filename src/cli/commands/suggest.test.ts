/** `lrlab suggest` through the real binary. */
import { describe, expect, it } from "vitest";
import { expectUserError, lrlab } from "../../test-support/cli.js";
import { parseStrictJson } from "../../test-support/finite.js";

describe("lrlab suggest", () => {
  it("gives the exact optimal rate, its reason and the critical rate as JSON", () => {
    const { status, stdout, stderr } = lrlab(["suggest", "--json"]);
    expect(status).toBe(0);
    expect(stderr).toBe("");
    const document = parseStrictJson(stdout).value;
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
    expectUserError(
      ["suggest", "--schedule", "cosine"],
      /^lrlab: error: --schedule does not apply to suggest/,
    );
  });
});
