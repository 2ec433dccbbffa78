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

  it("runs mini-batches at rates around the range test's valley and says so; MAE's rate is good in fit", () => {
    const { status, stdout } = lrlab(["suggest", "--batch-size", "32"]);
    expect(status).toBe(0);
    expect(stdout).toMatch(/Use --lr [\d.e-]+ {2}\(run at 25 rates\)/);
    expect(stdout).toMatch(/around\s+the\s+range\s+test's\s+valley/);
    expect(stdout).toContain("critical rate");
    // The tester's repro: suggest --loss mae gave 0.0158, which fit called too small at 100 steps.
    const mae = parseStrictJson(lrlab(["suggest", "--loss", "mae", "--json"]).stdout).value;
    const fit = lrlab(["fit", "--loss", "mae", "--lr", String(mae.learningRate), "--json"]);
    expect(parseStrictJson(fit.stdout).value.verdict.outcome).toBe("good");
  });

  it("runs Adam at many rates for the budget, and fit calls the rate it names good", () => {
    // Once suggest gave the range test's valley, 0.0331, which fit called too small at 100 steps.
    for (const budget of ["100", "400"]) {
      const suggested = parseStrictJson(
        lrlab(["suggest", "--optimizer", "adam", "--steps", budget, "--json"]).stdout,
      ).value;
      expect(suggested.method).toBe("simulation");
      expect(suggested.simulated.budget).toBe(Number(budget));
      const fit = lrlab([
        "fit",
        "--optimizer",
        "adam",
        "--lr",
        String(suggested.learningRate),
        "--steps",
        budget,
      ]);
      expect(fit.status).toBe(0);
      expect(fit.stdout).toMatch(/Verdict {2}Good\./);
    }
    expect(lrlab(["suggest", "--optimizer", "adam"]).stdout).toMatch(/Use --lr 0\.3 {2}\(run at 57 rates\)/);
  });

  it("refuses a budget of 0 steps, or one longer than it runs, with one line", () => {
    expectUserError(
      ["suggest", "--optimizer", "adam", "--steps", "0"],
      /^lrlab: error: --steps: 0 leaves nothing/,
    );
    expectUserError(["suggest", "--steps", "1000001"], /^lrlab: error: --steps: .*at most 100,000/);
    expectUserError(["suggest", "--epochs", "3"], /^lrlab: error: --epochs does not apply to suggest/);
  });

  it("refuses flags that make no sense for it, with one line", () => {
    expectUserError(
      ["suggest", "--schedule", "cosine"],
      /^lrlab: error: --schedule does not apply to suggest/,
    );
  });
});
