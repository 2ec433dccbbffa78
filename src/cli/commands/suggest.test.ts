/** `lrlab suggest` through the real binary. */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { builtinData } from "../../core/data/data.js";
import { expectUserError, lrlab, lrlabJson, scratchDirectory } from "../../test-support/cli.js";
import { parseStrictJson } from "../../test-support/finite.js";

let work: string;
beforeAll(() => {
  work = scratchDirectory("suggest");
  // The built-in data with every 20th point (from the 7th) 12 above the rest: the lab's "Outliers" preset.
  const data = builtinData();
  const rows = Array.from(data.x, (x, i) => `${x},${(data.y[i] as number) + (i % 20 === 6 ? 12 : 0)}`);
  writeFileSync(join(work, "outliers.csv"), `x,y\n${rows.join("\n")}\n`);
  // x near 1e-139: λmin is 8e277 times smaller than λmax, so 2/(λmin + λmax) is 2/λmax to the last digit.
  writeFileSync(join(work, "tiny-x.csv"), "x,y\n1e-139,1\n2e-139,2.2\n3e-139,2.9\n4e-139,4.1\n");
});

/** The verdict paragraph of `lrlab fit`, on one line. */
function fitVerdict(args: readonly string[]): string {
  const { status, stdout } = lrlab(["fit", ...args]);
  expect(status).toBe(0);
  const verdict = stdout.slice(stdout.indexOf("\nVerdict  ") + 10).split("\nWrote")[0] as string;
  return verdict.replace(/\s+/g, " ").trim();
}

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
    // In suggest's own words: its answer is often exact and runs no range test, so "the range test runs
    // --num-it iterations" pointed to a flag it then refused (retest 6 #9).
    expectUserError(
      ["suggest", "--epochs", "3"],
      "--epochs does not apply to suggest: suggest finds one rate for a budget of updates; give it as --steps",
    );
    expectUserError(
      ["suggest", "--history-every", "2"],
      "--history-every does not apply to suggest: suggest keeps no history",
    );
  });

  it("refuses flags that make no sense for it, with one line", () => {
    expectUserError(
      ["suggest", "--schedule", "cosine"],
      /^lrlab: error: --schedule does not apply to suggest/,
    );
  });

  it("refuses the range test's flags where its exact answer runs no range test, and takes them where it does", () => {
    // They were accepted and ignored: `suggest --start-lr 50` answered as `suggest` does.
    const exact =
      "does not apply here: on full-batch MSE with SGD (momentum or not) suggest's rate is exact and runs no range test";
    for (const [flag, flags] of [
      ["start-lr", ["--start-lr", "1e-5"]],
      ["num-it", ["--num-it", "50"]],
      ["linear", ["--linear"]],
      ["end-lr", ["--momentum", "0.9", "--end-lr", "1"]],
    ] as const) {
      expectUserError(
        ["suggest", ...flags],
        `--${flag} ${exact}; the range test's flags apply with --batch-size, --loss mae or huber, or Adam, RMSprop and Adagrad`,
      );
    }
    // Mini-batches run the range test, and its flags shape it: 50 iterations; from lr 5, far above
    // 2/λmax = 0.3069, the loss never falls, and the answer is not the range test's.
    const fifty = lrlabJson(["suggest", "--batch-size", "32", "--num-it", "50"]);
    expect(fifty.rangeTest.requestedIterations).toBe(50);
    expect(fifty.method).not.toBe("theory");
    const high = lrlabJson(["suggest", "--batch-size", "32", "--start-lr", "5"]);
    expect(high.rangeTest.nothingBecause).toBe("never-fell");
    expect(high.method).toBe("curvature");
    expect(high.learningRate).toBeLessThan(0.3069);
    // ... and says why: not "recorded no finite loss", which it did.
    expect(high.reason).toBe(
      "The range test's loss blew up before it fell at all (from its first rate, 5, every rate was already too large); half the bound 2/λmax is suggested instead.",
    );
  });

  it("falls back below Huber's bound near the best line when the range test suggests nothing (retest 6 #2)", () => {
    // From lr 3 the range test never falls; the start's flat curvature (λmax 0.1866) gave 5.3, which jumps
    // out of the minimum (the bound near the best line is 1.094).
    const document = lrlabJson(["suggest", "--loss", "huber", "--start-lr", "3", "--end-lr", "100"]);
    expect(document.method).toBe("curvature");
    expect(document.criticalLearningRate).toBeCloseTo(1.094, 3);
    expect(document.learningRate).toBe(0.54);
    expect(document.reason).toContain("half the bound 2/λmax near the best line is suggested instead");
    const fit = lrlabJson([
      "fit",
      "--loss",
      "huber",
      "--lr",
      String(document.learningRate),
      "--steps",
      "200",
    ]);
    expect(fit.verdict.outcome).not.toBe("jumps-out");
    // No curvature and no valley (MAE from lr 5): no rate, and what to change.
    const mae = lrlab(["suggest", "--loss", "mae", "--start-lr", "5", "--end-lr", "100"]).stdout.replace(
      /\s+/g,
      " ",
    );
    expect(mae).toContain("no rate can be suggested. Start the range test lower (--start-lr).");
    expect(mae).not.toContain("recorded no finite loss");
  });

  it("gives Huber's bound near the best line, where fit agrees: 1.1× it never settles, 0.9× settles", () => {
    // Once "critical rate 10.72 = 2/λmax" from the start's curvature, while fit --lr 5 jumped out.
    for (const data of [[], ["--data", join(work, "outliers.csv")]]) {
      const document = lrlabJson(["suggest", ...data, "--loss", "huber"]);
      const bound = document.criticalLearningRate as number;
      expect(document.localBound.critical.learningRate).toBe(bound);
      // Within δ = 1 of the best line: 66 of the 100 points, 63 with the outliers (not 5 of them).
      expect(document.localBound.inliers).toBe(data.length === 0 ? 66 : 63);
      expect(bound).toBeCloseTo(data.length === 0 ? 1.0938 : 1.0606, 4);
      expect(document.curvature.edgeOfStability).toBeGreaterThan(5 * bound);
      const shown = Number(bound.toPrecision(4));
      const { stdout } = lrlab(["suggest", ...data, "--loss", "huber"]);
      expect(stdout.replace(/\s+/g, " ")).toContain(
        `critical rate ${shown} = 2/λmax near the best line: rates above it jump out of the minimum (local curvature; Huber has no global bound)`,
      );
      const fitArgs = (factor: number) => [
        "--loss",
        "huber",
        ...data,
        "--lr",
        String(factor * bound),
        "--steps",
        "1000",
      ];
      const above = fitVerdict(fitArgs(1.1));
      expect(above).not.toMatch(/^Good\./);
      expect(above).toContain(
        `Near the best line, rates above 2/λmax ≈ ${shown} jump out of the minimum (local curvature; Huber has no global bound): lr`,
      );
      expect(above).toMatch(/: lr [\d.]+ is 1\.1× it\./);
      expect(fitVerdict(fitArgs(0.9))).toMatch(/^Good\. Within 0\.1% of the best loss after 1,000 steps\./);
      // fit's own block says the same bound.
      expect(lrlab(["fit", ...fitArgs(0.9)]).stdout.replace(/\s+/g, " ")).toContain(
        `critical rate ${shown} = 2/λmax near the best line: rates above it jump out of the minimum`,
      );
    }
    // The repro's rates: 5 jumps out, 2 jumps around, both above the bound and told so. The advice
    // rounds the bound down (1.0937… → 1.093), never to the nearest 1.094 that lies above it.
    expect(fitVerdict(["--loss", "huber", "--lr", "5"])).toMatch(
      /^Jumps out\..*lr 5 is 4\.6× it\. Try a smaller rate, below 1\.093\./,
    );
    expect(fitVerdict(["--loss", "huber", "--lr", "2"])).toMatch(
      /^Jumps around\..*4\.8× the best loss.*lr 2 is 1\.8× it\./,
    );
  });

  it("says when the best worst-case rate is the critical rate itself, not a second row with the same number", () => {
    const { status, stdout } = lrlab(["suggest", "--data", join(work, "tiny-x.csv")]);
    expect(status).toBe(0);
    expect(stdout).toMatch(/critical rate {4}1 = 2\/λmax \(exact\)/);
    expect(stdout.replace(/\s+/g, " ")).toContain(
      "best worst-case 2/(λmin + λmax) is the critical rate itself here: λmin is 8e277 times smaller than λmax",
    );
    expect(stdout).not.toMatch(/best worst-case {2}1 =/);
    // The curvature row's edge of stability is that same rate: said, not printed again.
    expect(stdout.replace(/\s+/g, " ")).toContain("its edge of stability 2/λmax is the critical rate");
  });

  it("says which β each momentum bound is for: the one typed and the suggested pair's", () => {
    const args = ["suggest", "--nesterov", "--momentum", "0.9"];
    const document = lrlabJson(args);
    const lambdaMax = document.theory.hessianEigenvalues[0] as number;
    const pair = document.momentumPair.momentum as number;
    // Nesterov's bound 2(1 + β)/((1 + 2β)·λmax): 0.2083 for β = 0.9, 0.2346 for the pair's β = 0.446.
    const boundFor = (beta: number) => (2 * (1 + beta)) / ((1 + 2 * beta) * lambdaMax);
    expect(document.criticalLearningRate).toBeCloseTo(boundFor(0.9), 12);
    const text = lrlab(args).stdout.replace(/\s+/g, " ");
    expect(text).toContain(
      `critical rate ${Number(boundFor(0.9).toPrecision(4))} = 2(1 + β)/((1 + 2β)·λmax) with your β = 0.9 (exact)`,
    );
    expect(text).toContain(
      `with the suggested pair's β = ${pair} it is ${Number(boundFor(pair).toPrecision(4))}`,
    );
  });

  it("counts its steps in the verdict's closeness words, or to the gap given", () => {
    // Once "within 0.00288 of the optimum loss" here and "within 0.1% of the best loss" in fit.
    expect(lrlab(["suggest"]).stdout).toContain(
      "fastest rate     0.24: 11 steps to get within 0.1% of the best loss",
    );
    expect(lrlab(["suggest", "--within", "0.05"]).stdout).toMatch(
      /: 1 step to get within 0\.05 of the best loss/,
    );
  });
});

describe("suggest --lr (tester12-cli-4 #15)", () => {
  it("refuses --lr on the line with suggest's reason, as --model linear does, not the range test's", () => {
    expectUserError(["suggest", "--lr", "0.1"], "--lr does not apply to suggest: it is what suggest finds");
    expectUserError(
      ["suggest", "--model", "linear", "--lr", "0.1"],
      "--lr does not apply to suggest --model: it is what suggest finds",
    );
  });
});
