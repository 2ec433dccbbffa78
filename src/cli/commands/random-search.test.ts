/** `lrlab random-search` through the real binary. */
import { describe, expect, it } from "vitest";
import { builtinData } from "../../core/data/data.js";
import { expectUserError, lrlab } from "../../test-support/cli.js";
import { parseStrictJson } from "../../test-support/finite.js";

describe("lrlab random-search", () => {
  it("prints the JSON the issue asks for, with a best loss never below the optimum", () => {
    const { status, stdout, stderr } = lrlab(["random-search", "--json", "--trials", "300", "--seed", "4"]);
    expect(status).toBe(0);
    expect(stderr).toBe("");
    const document = parseStrictJson(stdout).value;
    expect(document.trials).toBe(300);
    expect(Object.keys(document.best)).toEqual(["w", "b", "loss"]);
    expect(document.best.loss).toBeGreaterThanOrEqual(document.optimum.loss);
    // The best guess's loss is the MSE at its (w, b), as a plain loop over the built-in data computes it.
    const { x, y } = builtinData();
    let sum = 0;
    for (let i = 0; i < x.length; i++)
      sum += (document.best.w * (x[i] as number) + document.best.b - (y[i] as number)) ** 2;
    expect(document.best.loss).toBeCloseTo(sum / x.length, 10);
    expect(document.evaluationsToMatch.randomSearch).toBeGreaterThanOrEqual(1);
    expect(document.evaluationsToMatch.gradientDescent).toBeGreaterThanOrEqual(1);
  });

  it("tells a person how much sooner gradient descent gets there", () => {
    const { stdout } = lrlab(["random-search", "--trials", "200"]);
    expect(stdout).toMatch(
      /Gradient descent {2}\(lr 0\.24, the fastest rate from this start\) gets as low in \d+ loss evaluations/,
    );
  });

  it("refuses bad flags with one line", () => {
    for (const [args, message] of [
      [["--trials", "0"], "--trials: expected an integer ≥ 1, got 0"],
      [["--w-range", "2:1"], '--w-range: expected low:high with low < high, e.g. -5:5, got "2:1"'],
      [["--lr", "-1"], "--lr: expected a number > 0, got -1"],
    ] as const) {
      expectUserError(["random-search", ...args], message);
    }
  });
});
