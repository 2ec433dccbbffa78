/**
 * One truth about the suggested rate (tester12-cli-4 #1, #2), through the real binary: every advised rate
 * is printed rounded down, never above the bound, and fit's "Try --lr" is the rate suggest gives for the
 * same flags and --steps, the fastest rate coming with the steps to give it.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { lrlab, lrlabJson, scratchDirectory } from "../test-support/cli.js";
import { housesFlags } from "../test-support/houses.js";

const HOUSES = [...housesFlags(), "--model", "linear"];
const SCORES = ["--data", "examples/scores.csv", "--x", "hours studied", "--y", "exam score"];

/** The text of an HTML report without tags or entities that matter here. */
function reportText(path: string): string {
  return readFileSync(path, "utf8")
    .replace(/<[^>]+>/g, " ")
    .replace(/&#39;/g, "'")
    .replace(/\s+/g, " ");
}

let work: string;
beforeAll(() => {
  work = scratchDirectory("advised-rates");
});

describe("advised rates are rounded down (#1)", () => {
  it("the report's rates for the ill-conditioned houses never exceed 2/λmax = 4.03380e−5", () => {
    const out = join(work, "houses.html");
    expect(lrlab(["report", ...HOUSES, "--out", out]).status).toBe(0);
    const critical = (lrlabJson(["fit", ...HOUSES]) as { stability: { criticalLearningRate: number } })
      .stability.criticalLearningRate;
    expect(critical).toBeCloseTo(4.0338e-5, 9);
    const text = reportText(out);
    // fit's exact 4.033735e-5 to nearest was "Try lr 4.034e−5", above the bound; rounded down it is 4.033e−5.
    expect(
      text.includes("the fastest from this start, lr 4.033e−5, gets to the optimum in 393,734 steps"),
    ).toBe(true);
    expect(text.includes("Try lr 4.034e−5")).toBe(false);
    const advised = [...text.matchAll(/Try lr ([\d.e−]+)|fastest from this start, lr ([\d.e−]+)/g)].map((m) =>
      Number((m[1] ?? m[2] ?? "").replace("−", "-")),
    );
    expect(advised.length).toBeGreaterThanOrEqual(2);
    for (const rate of advised) expect(rate).toBeLessThanOrEqual(critical);
  });
});

describe("fit's advice is suggest's rate for the same --steps (#2)", () => {
  it("scores.csv at --steps 50: fit says Try --lr 0.059 as suggest does, and the fastest 0.0615 with its 300 steps", () => {
    const fit = lrlab(["fit", ...SCORES, "--lr", "0.07", "--steps", "50"]).stdout.replace(/\s+/g, " ");
    const suggested = lrlabJson(["suggest", ...SCORES, "--steps", "50"]) as {
      learningRate: number;
    };
    expect(suggested.learningRate).toBe(0.059);
    expect(fit).toContain(
      "Try --lr 0.059: of every constant rate below 2/λmax it ends lowest after 50 steps (suggest's rate for this budget); the fastest from this start, --lr 0.0615, gets within 0.1% of the best loss in 300 steps: give it 300 steps.",
    );
    // The budget's rate really ends lower within the 50 steps than the fastest does.
    const finalLoss = (lr: string) =>
      (lrlabJson(["fit", ...SCORES, "--lr", lr, "--steps", "50"]) as { final: { loss: number } }).final.loss;
    expect(finalLoss("0.059")).toBeLessThan(finalLoss("0.0615"));
  });

  it("the houses, 100 steps: fit --model linear says suggest's --lr 3e-5, not the fastest rate's 393,734 steps", () => {
    const fit = lrlab(["fit", ...HOUSES]).stdout.replace(/\s+/g, " ");
    const suggested = lrlabJson(["suggest", ...HOUSES]) as { learningRate: number };
    expect(suggested.learningRate).toBe(3e-5);
    expect(fit).toContain(
      "Try --lr 3e-5: of every constant rate below 2/λmax it ends lowest after 100 steps (suggest's rate for this budget); the fastest from this start, --lr 4.033735e-5, gets to the optimum in 393,734 steps: give it 393,734 steps.",
    );
  });

  it("with steps enough for the fastest rate, fit and suggest both name it (scores.csv, --steps 300)", () => {
    const fit = lrlab(["fit", ...SCORES, "--lr", "0.07", "--steps", "300"]).stdout.replace(/\s+/g, " ");
    const suggested = lrlabJson(["suggest", ...SCORES, "--steps", "300"]) as {
      learningRate: number;
    };
    expect(suggested.learningRate).toBe(0.0615);
    expect(fit).toContain(
      "Try --lr 0.0615: from this start it gets within 0.1% of the best loss in 300 steps",
    );
  });
});

describe("suggest's rounding never ends worse than sweep's pick, and says what it rounded (#7)", () => {
  it("mlp with --batch-size 32: rounds 0.01981 to 0.019 (loss 1.0424), not to 0.01 (1.0686 > sweep's 1.0466)", () => {
    const text = lrlab(["suggest", "--model", "mlp", "--batch-size", "32"]).stdout.replace(/\s+/g, " ");
    expect(text).toContain("Use --lr 0.019 ");
    expect(text).toContain(
      "lr 0.01981 ends lowest (final loss 1.0425), and this rate is rounded down from it to the fewest digits that end within 10% of its loss and no worse than sweep's pick (final loss 1.0424)",
    );
    expect(text).toContain("names lr 0.02327 (final loss 1.0466)");
  });

  it("the exact method names the rate it rounded down from, and both losses (scores.csv, --steps 50)", () => {
    const text = lrlab(["suggest", ...SCORES, "--steps", "50"]).stdout.replace(/\s+/g, " ");
    expect(text).toContain("Use --lr 0.059 ");
    expect(text).toContain(
      "lr 0.05985… ends lowest after --steps 50 (sweep's rule, over every rate rather than a grid), 90.4× the best loss; rounded down from it, this one ends 92.4× the best loss.",
    );
  });
});

describe("sweep --model's table says where the exact rates are (#14)", () => {
  it("prints the note under a table whose 4-digit rates do not read back as the runs' (mlp default grid)", () => {
    const text = lrlab(["sweep", "--model", "mlp"]).stdout;
    expect(text).toMatch(/ {4}0\.09684 .*← best/);
    expect(text).toContain(
      "(rates rounded for reading: the exact rates, to reproduce a row with fit --lr, are in --json)",
    );
  });
});
