/**
 * suggest, sweep and fit on the linear family and logistic regression, through the real binary: the budget
 * decides suggest's headline, ties as printed go to the smaller rate, "as fast as any constant rate" is
 * only said when true, and a sweep where nothing diverged has no bracket (tester round 3: #2, #3, #7, #19).
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { lrlab, lrlabJson, scratchDirectory } from "../../test-support/cli.js";

const HOUSES = ["--data", "examples/houses.csv", "--x", "area_m2", "--x", "rooms", "--x", "age_years"];
const HOUSES_LINEAR = [...HOUSES, "--y", "price_k", "--model", "linear"];

interface Run {
  learningRate: number;
  finalLoss: number;
  status: string;
  regime: string;
}

/** Significant digits of a rate as it prints (3e-5 → 1, 0.0101906 → 6). */
function digitsOf(rate: number): number {
  return rate.toExponential().split("e")[0]?.replace(".", "").length ?? 0;
}

/**
 * 200 rows of overlapping classes, so BCE has a finite minimum: x evenly in [-3, 3], y = 1 where a fixed
 * LCG's uniform falls below sigmoid(1.5x). Every rate from about 0.7 up ends on the same plateau.
 */
function overlappingClasses(): string {
  const work = scratchDirectory("ties");
  let state = 12345;
  const uniform = () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
  const rows = ["x,y"];
  for (let i = 0; i < 200; i++) {
    const x = -3 + (6 * i) / 199;
    rows.push(`${x},${uniform() < 1 / (1 + Math.exp(-1.5 * x)) ? 1 : 0}`);
  }
  const file = join(work, "logi.csv");
  writeFileSync(file, `${rows.join("\n")}\n`);
  return file;
}

describe("suggest on the linear family with fewer steps than the fastest rate needs (#2)", () => {
  it("uses the rate that ends lowest within --steps, agrees with sweep, and gives the fastest rate as the detail", () => {
    const document = lrlabJson(["suggest", ...HOUSES_LINEAR]);
    const shortfall = document.budgetShortfall;
    // The fastest rate needs 393,734 steps; the budget is 100.
    expect(shortfall.stepsNeeded).toBe(393734);
    expect(document.fastest.learningRate).toBe(4.033735e-5);
    expect(document.learningRate).toBe(shortfall.lowestWithinBudget.learningRate);
    // Not seven digits a hair below 2/λmax = 4.0338e-5: a rate a reader can type, clear of the bound.
    expect(digitsOf(document.learningRate)).toBeLessThanOrEqual(3);
    expect(document.learningRate).toBeLessThan(0.95 * document.criticalLearningRate);
    // Its run ends where the core says, and lower than the fastest rate's 100-step run (244,500).
    expect(document.atSuggestion.finalLoss).toBeCloseTo(shortfall.lowestWithinBudget.finalLoss, 6);
    expect(document.atSuggestion.finalLoss).toBeLessThan(1000);
    // sweep, same flags and budget, ranks its grid by the same rule: no grid rate ends more than 10%
    // (the rounding's allowance) closer to the best loss than the suggestion does.
    const sweep = lrlabJson(["sweep", ...HOUSES_LINEAR]);
    const best = shortfall.optimumLoss as number;
    const excess = document.atSuggestion.finalLoss - best;
    for (const run of sweep.runs as Run[]) {
      if (run.status !== "diverged") expect(run.finalLoss - best).toBeGreaterThanOrEqual(excess / 1.1);
    }
    expect(sweep.best.learningRate).toBeCloseTo(2.908e-5, 8);
    const { stdout } = lrlab(["suggest", ...HOUSES_LINEAR]);
    expect(stdout).toContain("\nUse --lr 3e-5  (exact theory)\n");
    expect(stdout.replace(/\s+/g, " ")).toContain(
      "the fastest from this start, lr 4.033735e-5, needs 393,734 (give it --steps 393734)",
    );
  });

  it("gives the gap, not a ratio, when the best loss is about 0 (a cubic through three points)", () => {
    const work = scratchDirectory("budget-zero");
    const three = join(work, "three.csv");
    writeFileSync(three, "x,y\n1,2\n2,3\n4,4\n");
    const flags = ["suggest", "--model", "polynomial", "--degree", "3", "--data", three];
    const document = lrlabJson(flags);
    expect(document.budgetShortfall).not.toBeNull();
    // L* is round-off (about 1e-16) against a starting loss of about 10: dividing by it means nothing.
    expect(document.budgetShortfall.optimumLoss).toBeLessThan(1e-9);
    expect(document.reason).not.toMatch(/\d× the best loss/);
    expect(document.reason).toMatch(
      /ends lowest after --steps 100 .* [\d.]+ above the best loss \(which is ≈ 0/,
    );
  });
});

describe("fit's 'as fast as any constant rate' (#3)", () => {
  const work = scratchDirectory("fast-as-any");
  const three = join(work, "three.csv");
  writeFileSync(three, "x,y\n1,2\n2,3\n4,4\n");
  const fitText = (...extra: string[]) =>
    lrlab(["fit", "--model", "polynomial", "--degree", "2", "--data", three, ...extra]).stdout.replace(
      /\s+/g,
      " ",
    );

  it("calls lr 0.01 within 10% of the fastest rate, not as fast as any, and names the fastest rate's steps", () => {
    const short = fitText();
    expect(short).toContain("Verdict: Needs more steps");
    expect(short).not.toContain("as fast as any constant rate");
    expect(short).toContain(
      "lr 0.01 is within 10% of the fastest constant rate from this start (lr 0.0101906, 25,369 steps)",
    );
  });

  it("says it of the fastest rate itself, with its own step count, which a run of that many steps confirms", () => {
    const short = fitText("--lr", "0.0101906");
    expect(short).toContain("Verdict: Needs more steps");
    expect(short).toContain(
      "lr 0.0101906 is as fast as any constant rate from this start: the budget is short, not the rate. Give it 25,369 steps.",
    );
    expect(fitText("--lr", "0.0101906", "--steps", "25369")).toContain("Verdict: Good");
  });
});

describe("ties in final loss go to the smaller rate (#7)", () => {
  it("sweep --model logistic names the smallest of the rates that end at the same printed loss, and says so", () => {
    const data = overlappingClasses();
    const sweep = lrlabJson(["sweep", "--model", "logistic", "--data", data]);
    const runs = sweep.runs as Run[];
    const printed = (run: Run) => run.finalLoss.toPrecision(5);
    // Six rates, 0.7356 to 7.92, end at 0.30680; the two largest are above 2/λmax = 2.64.
    const tied = runs.filter((run) => printed(run) === printed(sweep.best));
    expect(tied.length).toBe(6);
    expect(sweep.best.learningRate).toBe(Math.min(...tied.map((run) => run.learningRate)));
    expect(sweep.best.learningRate).toBeCloseTo(0.7356, 4);
    expect(sweep.best.learningRate).toBeLessThan(sweep.stability.criticalLearningRate);
    const { stdout } = lrlab(["sweep", "--model", "logistic", "--data", data]);
    expect(stdout.replace(/\s+/g, " ")).toContain(
      "5 larger rates, up to lr 7.92, end at the same loss to 5 digits, and on a tie the smallest rate is best",
    );
  });

  it("suggest --model logistic picks a stable rate below the bound and never calls an equal loss lower", () => {
    const data = overlappingClasses();
    const document = lrlabJson(["suggest", "--model", "logistic", "--data", data]);
    expect(document.learningRate).toBeLessThan(document.criticalLearningRate);
    expect(document.aboveStartBound).toBe(false);
    expect(document.atSuggestion.regime).not.toBe("oscillating");
    const { stdout } = lrlab(["suggest", "--model", "logistic", "--data", data]);
    const text = stdout.replace(/\s+/g, " ");
    expect(text).toContain(
      "a smaller rate, lr 0.6261, that ends as low (final loss 0.3068, a tie as printed)",
    );
    expect(text).not.toContain(" lower (final loss");
  });

  it("sweep --model linear on the built-in data names 0.0855, not the oscillating 0.2212 that ends the same", () => {
    const sweep = lrlabJson(["sweep", "--model", "linear"]);
    expect(sweep.best.learningRate).toBeCloseTo(0.0855, 4);
    expect(sweep.best.regime).toBe("converging");
    const largest = (sweep.runs as Run[]).find((run) => Math.abs(run.learningRate - 0.2212) < 1e-4) as Run;
    expect(largest.regime).toBe("oscillating");
    expect(largest.finalLoss.toPrecision(5)).toBe(sweep.best.finalLoss.toPrecision(5));
  });
});

describe("a sweep where no rate diverged (#19)", () => {
  it("states the bound beside the largest rate, with no bracket to lie outside of", () => {
    const data = overlappingClasses();
    const { stdout } = lrlab(["sweep", "--model", "logistic", "--data", data]);
    const text = stdout.replace(/\s+/g, " ");
    expect(text).toContain("Boundary no rate diverged up to lr 7.92; 2/λmax measured at the start is 2.64");
    expect(text).not.toContain("bracket");
    expect(text).not.toContain("✘");
  });
});
