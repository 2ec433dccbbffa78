/**
 * One verdict for the line and the linear family under MSE (issue 12, findings 4 and 12): the same run
 * gets the same outcome, regime and suggested rate whether `fit` trains it as the line, as `--model linear`
 * or as `--model polynomial --degree 1`, through the real binary.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { lrlab, lrlabJson, plotSvg, scratchDirectory } from "../../test-support/cli.js";
import { textsOf } from "../../test-support/svg.js";

let work: string;
beforeAll(() => {
  work = scratchDirectory("fit-linear-family");
  // A 2³ factorial: x1 = ±1, x2 = ±2, x3 = ±3, each centred and orthogonal to the others and to the
  // intercept, and y = x1 + x2 + x3 + e with e = ±0.5 the three-way interaction (orthogonal to all four).
  // So w* = (1, 1, 1), b* = 0, L* = mean(e²) = 0.25, and H = 2/n·[X 1]ᵀ[X 1] = diag(2, 8, 18, 2):
  // λmax = 18, 2/λmax = 0.1111, 1/λmax = 0.05556. From zero weights the excess along each direction is
  // ½·λ·1² = 1, 4, 9 (and 0 along b): L − L* after k steps at rate η is
  //   1·(1 − 2η)^2k + 4·(1 − 8η)^2k + 9·(1 − 18η)^2k,
  // and the closeness gap is 0.1% of L*, 2.5e-4.
  const rows = ["a,b,c,y"];
  for (const s1 of [-1, 1])
    for (const s2 of [-1, 1])
      for (const s3 of [-1, 1]) {
        const [x1, x2, x3] = [s1, 2 * s2, 3 * s3];
        rows.push(`${x1},${x2},${x3},${x1 + x2 + x3 + 0.5 * s1 * s2 * s3}`);
      }
  writeFileSync(join(work, "factorial.csv"), `${rows.join("\n")}\n`);
});

const FACES = [[], ["--model", "linear"], ["--model", "polynomial", "--degree", "1"]] as const;

describe("fit: one verdict for the line and the linear family", () => {
  // The tester's four runs (report tester12-cli, finding 4), and the line's word for each.
  const cases: readonly { args: readonly string[]; outcome: string }[] = [
    { args: ["--data", "examples/scores.csv", "--lr", "0.0451"], outcome: "too-small" },
    { args: ["--data", "examples/scores.csv", "--lr", "0.0615"], outcome: "needs-more-steps" },
    {
      args: ["--lr", "0.5", "--schedule", "exponential", "--decay-rate", "0.01"],
      outcome: "rescued-by-decay",
    },
    { args: ["--batch-size", "10", "--lr", "0.1", "--steps", "400"], outcome: "noisy" },
    // Report tester12-cli-3, finding 13: the rates found by running Adam and momentum.
    { args: ["--optimizer", "adam", "--lr", "0.001"], outcome: "too-small" },
    { args: ["--optimizer", "momentum", "--lr", "0.5", "--steps", "50"], outcome: "jumps-around" },
  ];
  for (const { args, outcome } of cases) {
    it(`fit ${args.join(" ")}: ${outcome} on the line, on linear and on polynomial of degree 1`, () => {
      const [line, ...models] = FACES.map((face) => lrlabJson(["fit", ...args, ...face]).verdict);
      expect(line.outcome).toBe(outcome);
      for (const model of models) {
        expect(model.outcome).toBe(line.outcome);
        expect(model.regime).toBe(line.regime);
        expect(model.suggestedLearningRate).toBe(line.suggestedLearningRate);
      }
    });
  }

  it("says the line's words and advice on --model linear: Too small, then suggest's Try --lr for the budget and the fastest rate's steps", () => {
    const { stdout, status } = lrlab([
      "fit",
      "--data",
      "examples/scores.csv",
      "--lr",
      "0.0451",
      "--model",
      "linear",
    ]);
    expect(status).toBe(0);
    expect(stdout).toContain("Verdict: Too small");
    // 100 steps are short of the fastest rate's 300: the budget's rate first, as suggest gives it.
    expect(stdout).toMatch(
      /Try --lr 0\.06: of every constant rate below 2\/λmax it ends lowest after 100 steps .*the fastest from this start, --lr 0\.0615, gets to the optimum in 300 steps: give it 300 steps\./,
    );
  });

  it("gives --model linear with Adam and momentum the line's search advice and Polyak's pair (tester12-cli-3 #13)", () => {
    const adam = lrlab(["fit", "--optimizer", "adam", "--lr", "0.001", "--model", "linear"]);
    expect(adam.stdout).toContain(
      "Try --lr 0.3: from this start Adam stays within 0.1% of the best loss from step 85 on, the soonest of 57 rates run for 100 steps.",
    );
    const momentum = lrlab([
      "fit",
      "--optimizer",
      "momentum",
      "--lr",
      "0.5",
      "--steps",
      "50",
      "--model",
      "linear",
    ]);
    // The line's theory block: λmax 6.517, λmin 0.7434 give η* 0.342 and β* 0.245.
    expect(momentum.stdout).toMatch(
      /momentum pair --lr 0\.342 --momentum 0\.245: every direction shrinks by 0\.515/,
    );
    expect(momentum.stdout).toContain(
      "with momentum 0.9, --lr 0.004 does from step 87 on, the soonest: give it 87 steps.",
    );
    expect(momentum.stdout).toContain(
      "The best pair for this data, --lr 0.342 with --momentum 0.245, stays within",
    );
  });

  it("calls the raw houses data at 4e-5 a crawl, not jumps around (examples/README.md: 'The first crawls')", () => {
    const { verdict } = lrlabJson([
      "fit",
      ...["--data", "examples/houses.csv", "--x", "area_m2", "--x", "rooms", "--x", "age_years"],
      ...["--y", "price_k", "--model", "linear", "--lr", "4e-5"],
    ]);
    expect(["too-small", "needs-more-steps"]).toContain(verdict.outcome);
    expect(verdict.regimeBasis).toBe("exact");
  });

  it("judges three columns by hand: 0.05 crawls for 39 steps and gets there at 40; 0.105 jumps around", () => {
    const fitJson = (...args: string[]) =>
      lrlabJson([
        "fit",
        "--data",
        join(work, "factorial.csv"),
        "--x",
        "a",
        "--x",
        "b",
        "--x",
        "c",
        "--y",
        "y",
        "--model",
        "linear",
        ...args,
      ]);
    // η = 0.05 < 1/λmax: factors 0.9, 0.6, 0.1, so L − L* = 0.81^k + 4·0.36^k + 9·0.01^k.
    // 0.81^39 = 2.70e-4 > 2.5e-4 ≥ 0.81^40 = 2.19e-4.
    const short = fitJson("--lr", "0.05", "--steps", "39");
    expect(short.stability.criticalLearningRate).toBeCloseTo(2 / 18, 12);
    expect(short.final.loss).toBeCloseTo(0.25 + 0.81 ** 39 + 4 * 0.36 ** 39, 9);
    expect(short.verdict.regime).toBe("converging");
    expect(short.verdict.outcome).toBe("too-small");
    // A larger rate gets there sooner: the suggestion is above 0.05 and needs fewer than 40 steps.
    expect(short.verdict.suggestedLearningRate).toBeGreaterThan(0.05);
    expect(short.verdict.suggestedSteps).toBeLessThan(40);
    expect(fitJson("--lr", "0.05", "--steps", "40").verdict.outcome).toBe("good");
    // η = 0.105 > 1/λmax: factors 0.79, 0.16, −0.89; after 20 steps 9·0.7921^20 = 0.0846 of the excess
    // 0.0847 sits along x3, the sharpest direction, which still swings across the minimum.
    const jumping = fitJson("--lr", "0.105", "--steps", "20");
    expect(jumping.final.loss).toBeCloseTo(0.25 + 0.6241 ** 20 + 4 * 0.0256 ** 20 + 9 * 0.7921 ** 20, 9);
    expect(jumping.verdict.regime).toBe("oscillating");
    expect(jumping.verdict.outcome).toBe("jumps-around");
  });
});

describe("fit --track-sharpness on the line (finding 11)", () => {
  it("keeps the line's lesson (ideal line, Try --lr) and adds the tracked sharpness, which is the exact λmax", () => {
    const run = ["fit", "--lr", "0.31", "--steps", "50"];
    const plain = lrlab(run);
    const tracked = lrlab([...run, "--track-sharpness", "5"]);
    expect(tracked.status).toBe(0);
    // The line's own text, unchanged, then one line more.
    expect(tracked.stdout.startsWith(plain.stdout)).toBe(true);
    expect(plain.stdout).toMatch(/ideal y = /);
    expect(plain.stdout).toMatch(/Try --lr 0\.24/);
    const extra = tracked.stdout.slice(plain.stdout.length);
    expect(extra).toMatch(
      /^Sharpness λmax measured every 5 steps and at the last \(11 measurements\): stayed at 6\.517; the exact λmax is 6\.517/,
    );
    const document = lrlabJson([...run, "--track-sharpness", "5"]);
    const exact = document.stability.hessianEigenvalues[0];
    expect(document.verdict.outcome).toBe("jumps-out");
    // Steps 0, 5, …, 50, each within power iteration's tolerance of the exact λmax.
    expect(document.sharpness.step).toEqual([0, 5, 10, 15, 20, 25, 30, 35, 40, 45, 50]);
    for (const value of document.sharpness.sharpness)
      expect(Math.abs(value - exact) / exact).toBeLessThan(1e-6);
  });
});

describe("sweep --model for the linear family shows the line's outcomes (finding 14)", () => {
  it("gives each rate the line's sweep outcome, in the table and the figure's legend", () => {
    const data = ["--data", "examples/scores.csv"];
    const line = lrlabJson(["sweep", ...data]);
    const linear = lrlabJson(["sweep", ...data, "--model", "linear"]);
    const outcomes = (document: { runs: { outcome: string }[] }) => document.runs.map((run) => run.outcome);
    expect(outcomes(linear)).toEqual(outcomes(line));
    // Both words occur: the crawl below the bound and the jump out above it (0.0451 is the best, too small).
    expect(new Set(outcomes(line))).toEqual(new Set(["too-small", "jumps-out"]));
    const { stdout } = lrlab(["sweep", ...data, "--model", "linear"]);
    expect(stdout).toMatch(/\n\s+lr\s+outcome\s+final loss\s+status\s+regime\n/);
    expect(stdout).toMatch(/\n\s+0\.0451\s+too small\s/);
    expect(stdout).toMatch(/\nOutcomes {2}too small: /);
    const legend = textsOf(plotSvg("sweep", [...data, "--model", "linear"], work), "legend-label");
    expect(legend.slice(0, 2)).toEqual(["too small", "jumps out"]);
    expect(legend).not.toContain("converging");
    // A network has no outcome: its figure keeps the regimes.
    const mlp = textsOf(
      plotSvg("sweep", ["--model", "mlp", "--hidden", "4", "--lrs", "0.01,0.1"], work),
      "legend-label",
    );
    expect(mlp).toContain("converging");
  });
});

describe("fit --model polynomial: the best loss L* does not depend on --standardize (finding 9)", () => {
  it("prints the same L* raw and standardized at degrees 10 and 12, the Legendre-basis minimum", () => {
    const bestLoss = (flags: string[]) => {
      const { status, stdout } = lrlab(["fit", "--model", "polynomial", ...flags, "--steps", "1"]);
      expect(status).toBe(0);
      return /best loss L\* = (\S+)/.exec(stdout)?.[1];
    };
    // Raw degree 12 printed 0.939455 before the optimum was solved from the rows (QR and SVD).
    expect(bestLoss(["--degree", "12"])).toBe("0.932678");
    expect(bestLoss(["--degree", "12", "--standardize"])).toBe("0.932678");
    expect(bestLoss(["--degree", "10"])).toBe(bestLoss(["--degree", "10", "--standardize"]));
  });
});
