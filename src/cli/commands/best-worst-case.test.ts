/**
 * The best worst-case rate and its formula, on every face of the line through the real binary: one fact
 * from the core (theory/best-worst-case.ts), 2/(λmin + λmax), or 1/λmax when λmin = 0 (all x equal).
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { lrlab, lrlabJson, scratchDirectory } from "../../test-support/cli.js";

let constant: string;
beforeAll(() => {
  // x = 3 everywhere: H = 2·[[mean x², x̄], [x̄, 1]] = [[18, 6], [6, 2]], λmax = 20, λmin = 0 (det = 0).
  // The best worst-case rate is 1/λmax = 0.05; 2/(0 + λmax) = 0.1 would be the critical rate itself.
  const work = scratchDirectory("best-worst-case");
  constant = join(work, "constant-x.csv");
  writeFileSync(constant, "x,y\n3,1\n3,2\n3,4\n3,5\n");
});

const oneLine = (text: string) => text.replace(/\s+/g, " ");

describe("the best worst-case rate when all x are equal (λmin = 0)", () => {
  it("is 1/λmax = 0.05 in the core's theory, as sweep --json reports it", () => {
    const { theory } = lrlabJson(["sweep", "--data", constant]);
    expect(theory.hessianEigenvalues).toEqual([20, 0]);
    expect(theory.optimalLearningRate).toBe(0.05);
    expect(theory.optimalFormula).toBe("1/λmax");
  });

  it.each([
    ["sweep", "best worst-case rate 0.05 = 1/λmax"],
    ["find-lr", "best worst-case 0.05 = 1/λmax: removes the sharp direction in one step"],
    ["fit", "best worst-case 0.05 = 1/λmax: removes the sharp direction in one step"],
    ["suggest", "best worst-case 0.05 = 1/λmax: removes the sharp direction in one step"],
  ])("%s writes it as 1/λmax, never 2/(λmin + λmax)", (command, words) => {
    const { status, stdout } = lrlab([command, "--data", constant]);
    expect(status).toBe(0);
    expect(oneLine(stdout)).toContain(words);
    expect(stdout).not.toContain("λmin + λmax");
    expect(stdout).not.toContain("shrinks the slowest direction fastest");
  });

  it("report writes it as 1/λmax too", () => {
    const out = join(scratchDirectory("best-worst-case-report"), "report.html");
    const { status } = lrlab(["report", "--data", constant, "--out", out]);
    expect(status).toBe(0);
    const html = readFileSync(out, "utf8");
    expect(html).toContain("The best worst-case rate: 0.05 = 1/λmax");
    expect(html).not.toContain("λmin + λmax");
  });

  it("still writes 2/(λmin + λmax) where λmin > 0 (the built-in data)", () => {
    const { theory } = lrlabJson(["sweep"]);
    expect(theory.optimalFormula).toBe("2/(λmin + λmax)");
    const [lambdaMax, lambdaMin] = theory.hessianEigenvalues as [number, number];
    expect(theory.optimalLearningRate).toBeCloseTo(2 / (lambdaMin + lambdaMax), 12);
    expect(oneLine(lrlab(["find-lr"]).stdout)).toContain(
      "= 2/(λmin + λmax): shrinks the slowest direction fastest, whatever the start",
    );
  });
});
