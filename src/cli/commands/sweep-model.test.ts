/** `lrlab sweep --model …` (models beyond the line) through the real binary. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { builtinData } from "../../core/data/data.js";
import { expectUserError, lrlab, lrlabJson, scratchDirectory } from "../../test-support/cli.js";

let work: string;
beforeAll(() => {
  work = scratchDirectory("sweep-model");
});

/** λmax of the MSE Hessian 2·[[mean x², mean x], [mean x, 1]] of the built-in data, in closed form. */
function builtinLambdaMax(): number {
  const { x } = builtinData();
  const n = x.length;
  const m1 = x.reduce((sum, value) => sum + value, 0) / n;
  const m2 = x.reduce((sum, value) => sum + value * value, 0) / n;
  const [a, b, d] = [2 * m2, 2 * m1, 2];
  return (a + d) / 2 + Math.sqrt(((a - d) / 2) ** 2 + b * b);
}

interface Run {
  learningRate: number;
  status: string;
  regime: string;
  regimeBasis: string;
  finalLoss: number | null;
}

describe("lrlab sweep --model linear", () => {
  it("calls the rates below the exact critical rate converging or oscillating, and those above it diverging", () => {
    const critical = 2 / builtinLambdaMax(); // 0.30690…
    // Below 1/λmax (= critical/2): converging; between: oscillating; above 2/λmax: diverging.
    const rates = [0.05, 0.14, 0.2, 0.29, 0.32, 0.6];
    const document = lrlabJson(["sweep", "--model", "linear", "--lrs", rates.join(",")]);
    expect(document.runs.map((run: Run) => run.learningRate)).toEqual(rates);
    const expected = rates.map((rate) =>
      rate > critical ? "diverging" : rate > critical / 2 ? "oscillating" : "converging",
    );
    expect(document.runs.map((run: Run) => run.regime)).toEqual(expected);
    for (const run of document.runs as Run[]) {
      if (run.status !== "diverged") expect(run.regimeBasis).toBe("exact");
    }
    expect(document.stability.basis).toBe("exact");
    expect(Math.abs(document.stability.criticalLearningRate - critical) / critical).toBeLessThan(1e-12);
    expect(document.boundary).toMatchObject({
      largestNonDiverged: 0.29,
      smallestDiverged: 0.32,
      rule: "2/λmax",
      agrees: true,
      basis: "exact",
    });
    // The best is the lowest final loss of those that did not diverge (the smallest rate among those
    // that print the same to 5 digits: 0.14, 0.2 and 0.29 all end at 0.96921), and it reached the optimum.
    const kept = (document.runs as Run[]).filter((run) => run.regime !== "diverging");
    const lowest = Math.min(...kept.map((run) => run.finalLoss as number));
    expect((document.best.finalLoss as number).toPrecision(5)).toBe(lowest.toPrecision(5));
    expect(document.best.learningRate).toBe(0.14);
    expect(document.best.reached).toBe(true);
  });

  it("draws the exact critical rate across the table between the rates it separates", () => {
    const { status, stdout } = lrlab(["sweep", "--model", "linear", "--lrs", "0.2,0.29,0.32,0.6"]);
    expect(status).toBe(0);
    const lines = stdout.split("\n");
    const at = lines.findIndex((line) => /─ 2\/λmax = 0\.3069 \(exact\) ─/.test(line));
    expect(at).toBeGreaterThan(0);
    expect(lines[at - 1]).toMatch(/^\s+0\.29\s.*completed\s+oscillating/);
    expect(lines[at + 1]).toMatch(/^\s+0\.32\s.*diverged\s+diverging/);
    expect(stdout).toContain("theory: 2/λmax = 0.3069 lies between them ✔");
  });
});

describe("lrlab sweep --model mlp", () => {
  it("spans a hundredth to three times the bound measured at the start, each run as fit runs it", () => {
    const document = lrlabJson(["sweep", "--model", "mlp", "--hidden", "8"]);
    expect(document.stability.basis).toBe("measured");
    const bound = document.stability.optimizerBound.learningRate;
    expect(bound).toBeCloseTo(2 / document.stability.sharpness, 12);
    const rates = document.runs.map((run: Run) => run.learningRate);
    expect(rates).toHaveLength(13);
    expect(rates[0]).toBeCloseTo(bound / 100, 14);
    expect(rates[12]).toBe(3 * bound);
    expect([...rates].sort((a, b) => a - b)).toEqual(rates);
    expect(document.execution).toBe("sequential");
    // Every run starts where fit starts (glorot from the seed) and ends where fit at that rate ends.
    for (const index of [3, 9]) {
      const run = document.runs[index];
      const fit = lrlabJson(["fit", "--model", "mlp", "--hidden", "8", "--lr", String(run.learningRate)]);
      expect(fit.initial.loss).toBe(document.initial.loss);
      expect(fit.final.loss).toBe(run.finalLoss);
      expect(fit.status).toBe(run.status);
      expect(fit.verdict.regime).toBe(run.regime);
    }
    // Three times the bound blows up; a hundredth of it does not.
    expect(document.runs[12].status).toBe("diverged");
    expect(document.runs[12].regime).toBe("diverging");
    expect(document.runs[0].status).toBe("completed");
    expect(document.boundary.basis).toBe("measured");
    expect(document.boundary.criticalLearningRate).toBe(bound);
  });

  it("prints the runs, the measured bound across the table, the best rate and the boundary", () => {
    const out = join(work, "runs.csv");
    const { status, stdout, stderr } = lrlab([
      "sweep",
      "--model",
      "mlp",
      "--hidden",
      "8",
      "--lrs",
      "0.01,0.05,0.5",
      "--out",
      out,
    ]);
    expect(stderr).toBe("");
    expect(status).toBe(0);
    expect(stdout).toMatch(/^lrlab sweep: mlp 1-8-1 \(tanh\), 25 parameters, on built-in/);
    expect(stdout).toContain("the runs go one after another");
    expect(stdout).toMatch(/\n\s+lr\s+final loss\s+status\s+regime\n/);
    const lines = stdout.split("\n");
    const at = lines.findIndex((line) => /─ 2\/λmax = [\d.]+ \(measured at the start\) ─/.test(line));
    expect(lines[at - 1]).toMatch(/^\s+0\.05\s/);
    expect(lines[at + 1]).toMatch(/^\s+0\.5\s.*diverged\s+diverging/);
    expect(stdout).toMatch(/\nBest {6}lr 0\.05: the lowest final loss/);
    expect(stdout).toMatch(/\nBoundary {2}diverges between lr 0\.05 \(the largest that did not\) and 0\.5/);
    expect(stdout).toContain(`Wrote     ${out}`);
    const csv = readFileSync(out, "utf8").trim().split("\n");
    expect(csv[0]).toBe(
      "learningRate,status,outcome,regime,regimeBasis,reached,finalLoss,divergedAtStep,edgeOfStability,sharpnessAtEnd",
    );
    expect(csv.slice(1).map((row) => row.split(",")[0])).toEqual(["0.01", "0.05", "0.5"]);
  });

  it("judges a run by the sharpness at its end when it is tracked", () => {
    const document = lrlabJson([
      "sweep",
      "--model",
      "mlp",
      "--hidden",
      "8",
      "--lrs",
      "0.01,0.05",
      "--track-sharpness",
      "25",
    ]);
    for (const run of document.runs) {
      expect(run.regimeBasis).toBe("sharpness");
      expect(run.sharpnessAtEnd).toBeGreaterThan(0);
    }
  });
});

describe("lrlab sweep --model: bad input", () => {
  const cases: [string[], string][] = [
    [
      ["--model", "mlp", "--workers", "2"],
      "--workers does not apply to a model sweep: a model sweep runs its rates one after another, in this thread",
    ],
    [
      ["--model", "mlp", "--tolerance", "0.1"],
      "--tolerance does not apply to a model sweep: a model sweep ranks its runs by their final loss, with no gap to a best loss",
    ],
    [
      ["--model", "mlp", "--lr", "0.1"],
      "--lr does not apply to a model sweep: the sweep sets the rate; give --from/--to/--count or --lrs",
    ],
    [
      ["--model", "linear", "--schedule", "piecewise", "--boundaries", "10", "--values", "0.1,0.01"],
      "--schedule piecewise: its --values are the rates, so there is no rate argument to sweep",
    ],
    [["--hidden", "8"], "--hidden applies to --model mlp, not line"],
    [
      ["--loss", "bce"],
      "--loss bce needs a sigmoid output: use --model logistic (or mlp); the line is fitted with mse, mae or huber",
    ],
  ];
  it.each(cases)("sweep %j", (args, message) => {
    expectUserError(["sweep", ...args], message);
  });
});
