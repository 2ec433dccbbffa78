/**
 * The real `lrlab sweep` binary (dist/cli/bin.js, built before the tests run) on good and bad input.
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { builtinData } from "../../core/data/data.js";
import { expectUserError, lrlab, lrlabJson, scratchDirectory } from "../../test-support/cli.js";
import { parseStrictJson } from "../../test-support/finite.js";
import { firstStepAbove } from "../../test-support/plain-descent.js";

const sweepJson = (args: string[]) => lrlabJson(["sweep", ...args]);

let work: string;
beforeAll(() => {
  work = scratchDirectory("sweep");
  // y = 2x + 1 with residuals ±1: H = 2·[[2, 1], [1, 1]], 2/λmax = 2/(3 + √5) = 0.381966…
  writeFileSync(join(work, "known.csv"), "x,y\n0,0\n0,2\n2,4\n2,6\n");
});

describe("lrlab sweep", () => {
  it("prints one JSON document: every run in rate order, the best rate, the theory, the boundary", () => {
    const document = sweepJson(["--from", "0.01", "--to", "1", "--count", "13"]);
    expect(document.runs).toHaveLength(13);
    expect(Object.keys(document.runs[0])).toEqual(
      expect.arrayContaining([
        "learningRate",
        "status",
        "regime",
        "reached",
        "outcome",
        "finalLoss",
        "bestLoss",
        "stepsToTolerance",
      ]),
    );
    const rates = document.runs.map((run: { learningRate: number }) => run.learningRate);
    expect(rates[0]).toBe(0.01);
    expect(rates[12]).toBe(1);
    expect([...rates].sort((a, b) => a - b)).toEqual(rates);
    for (const run of document.runs) {
      expect(["converging", "oscillating", "diverging"]).toContain(run.regime);
      // Full-batch SGD at a constant rate: decided exactly, the regime of the rate alone.
      expect(run.regimeBasis).toBe("theory");
      expect(run.regime).toBe(
        run.learningRate > document.theory.criticalLearningRate
          ? "diverging"
          : run.learningRate > document.theory.criticalLearningRate / 2
            ? "oscillating"
            : "converging",
      );
    }
    expect(document.best.learningRate).toBeCloseTo(0.2154, 4);
    expect(document.theory.criticalLearningRate).toBeCloseTo(0.3069, 4);
    // 2/(λmin + λmax) = 2/(0.74338 + 6.51672) on the built-in data.
    expect(document.theory.optimalLearningRate).toBeCloseTo(0.27548, 5);
    // The default tolerance: 0.1% of the optimum loss.
    expect(document.tolerance).toBeCloseTo(1e-3 * document.theory.optimum.loss, 11);
    // lr 1 diverges: it stops at the first step whose loss passes 1e6 × the starting loss mean(y²), as
    // plain gradient descent finds it; that loss is still finite, so it is a number, not null.
    const last = document.runs[12];
    expect(last.regime).toBe("diverging");
    expect(last.outcome).toBe("jumps-out");
    expect(last.status).toBe("diverged");
    expect(last.divergedAtStep).toBe(firstStepAbove(builtinData(), 1, 1e6));
    expect(last.finalLoss).toBeGreaterThan(1e6 * 15.78);
    // The runs below 2/λmax converge: their final losses are numbers, not null.
    for (const run of document.runs.filter((run: { learningRate: number }) => run.learningRate < 0.3))
      expect(run.finalLoss).toBeGreaterThanOrEqual(document.theory.optimum.loss);
  });

  it("finds the divergence boundary where the theory puts it, 2/λmax = 2/(3 + √5), on data with a known answer", () => {
    const document = sweepJson([
      "--data",
      join(work, "known.csv"),
      "--from",
      "0.2",
      "--to",
      "0.6",
      "--count",
      "41",
      "--steps",
      "200",
    ]);
    const { boundary } = document;
    expect(boundary.criticalLearningRate).toBeCloseTo(2 / (3 + Math.sqrt(5)), 14);
    expect(boundary.largestNonDiverged).toBeLessThan(boundary.criticalLearningRate);
    expect(boundary.smallestDiverged).toBeGreaterThan(boundary.criticalLearningRate);
    // Neighbours on the grid: 0.6/0.2 over 40 intervals is 2.8% apart.
    expect(boundary.smallestDiverged / boundary.largestNonDiverged).toBeCloseTo(3 ** (1 / 40), 12);
    expect(boundary.agrees).toBe(true);
  });

  it("tells a person which rate is best and where it diverges, beside the theory", () => {
    const { status, stdout } = lrlab(["sweep", "--from", "0.01", "--to", "1", "--count", "13"]);
    expect(status).toBe(0);
    expect(stdout).toContain("critical rate 0.3069 = 2/λmax");
    expect(stdout).toMatch(/0\.2154 {2}good +oscillating .*← best; largest not diverging/);
    expect(stdout).toMatch(/0\.01 {2}too small +converging/);
    expect(stdout).toMatch(/─+ 2\/λmax = 0\.3069 ─+\n +0\.3162 {2}jumps out +diverging/);
    expect(stdout.replace(/\s+/g, " ")).toContain(
      "diverges between lr 0.2154 (the largest that did not) and 0.3162 (the smallest that did); theory: 2/λmax = 0.3069 lies between them ✔",
    );
    expect(stdout).toMatch(
      /Best {6}lr 0\.2154: of the good runs, the soonest to stay within 0\.1% of the best loss/,
    );
  });

  it("names a good mini-batch run best, counts the steps from which a run stays, and calls slow noise converging", () => {
    // The repro: once "best lr 0.1 … (13); noisy", from the step noise first touched the gap, and every
    // rate "oscillating", though 0.02 is 1/8 of 1/λmax.
    const args = [
      "sweep",
      "--batch-size",
      "10",
      "--epochs",
      "40",
      "--seed",
      "1",
      "--lrs",
      "0.02,0.03,0.05,0.1",
    ];
    const { status, stdout } = lrlab(args);
    expect(status).toBe(0);
    expect(stdout).toMatch(/ 0\.02 {2}good +converging .* 399 {2}← best\n/);
    expect(stdout).toMatch(/ 0\.1 {2}noisy +converging .* — *\n/);
    expect(stdout).not.toContain("oscillating");
    expect(stdout.replace(/\s+/g, " ")).toContain(
      "Best lr 0.02: of the good runs, the soonest to stay within 0.1% of the best loss (from step 399 on); good.",
    );
    const document = sweepJson(args.slice(1));
    expect(document.best.learningRate).toBe(0.02);
    expect(document.best.reason).toBe("soonest-settled");
    // fit says the same of 0.02 in its JSON.
    const fit = lrlabJson(["fit", "--batch-size", "10", "--epochs", "40", "--seed", "1", "--lr", "0.02"]);
    expect(fit.verdict.regime).toBe("converging");
    expect(fit.verdict.outcome).toBe("good");
  });

  it("prints every rate of one table with the digits that tell it from the others", () => {
    // Once two "0.3069" rows either side of "2/λmax = 0.3069", and "diverges between 0.3069 and 0.3069".
    const { status, stdout } = lrlab(["sweep", "--lrs", "0.3069,0.30691"]);
    expect(status).toBe(0);
    const rows = [...stdout.matchAll(/^ +([\d.]+) {2}(?:jumps|good|too)/gm)].map((match) => match[1]);
    expect(rows).toEqual(["0.3069", "0.30691"]);
    // 2/λmax = 0.30690299…: six digits tell it from both, on the table's line and in the theory.
    expect(stdout).toMatch(/─+ 2\/λmax = 0\.306903 ─+/);
    expect(stdout).toContain("critical rate 0.306903 = 2/λmax");
    expect(stdout.replace(/\s+/g, " ")).toContain(
      "diverges between lr 0.3069 (the largest that did not) and 0.30691 (the smallest that did); theory: 2/λmax = 0.306903 lies between them ✔",
    );
  });

  it("writes one CSV row per rate, atomically", () => {
    const dir = mkdtempSync(join(work, "out-"));
    const { status } = lrlab(["sweep", "--lrs", "0.3,0.01,0.1", "--out", "runs.csv"], dir);
    expect(status).toBe(0);
    const lines = readFileSync(join(dir, "runs.csv"), "utf8").trimEnd().split("\n");
    expect(lines[0]).toBe(
      "learningRate,status,outcome,regime,regimeBasis,reached,finalLoss,bestLoss,stepsToTolerance,divergedAtStep,flipFraction",
    );
    expect(lines.slice(1).map((line) => line.split(",")[0])).toEqual(["0.01", "0.1", "0.3"]);
    // 0.3 < 2/λmax = 0.3069: oscillating, and still jumping around after 100 steps (it needs 105).
    expect(lines[3]).toMatch(/^0\.3,completed,jumps-around,oscillating,theory,false,/);
    expect(lines[1]).toMatch(/^0\.01,completed,too-small,converging,theory,false,/);
    expect(readdirSync(dir)).toEqual(["runs.csv"]); // no temporary file left behind
  });

  it("gives the same runs, in the same order, on worker threads as one after another", () => {
    const args = [
      "--batch-size",
      "10",
      "--epochs",
      "20",
      "--seed",
      "7",
      "--lrs",
      "0.5,0.01,0.2,0.05,0.3,0.1,0.02",
    ];
    const serial = lrlab(["sweep", "--json", "--workers", "1", ...args]);
    const parallel = lrlab(["sweep", "--json", "--workers", "3", ...args]);
    expect(serial.status).toBe(0);
    expect(parallel.status).toBe(0);
    expect(parallel.stdout).toBe(serial.stdout);
    const rates = parseStrictJson(parallel.stdout).value.runs.map(
      (run: { learningRate: number }) => run.learningRate,
    );
    expect(rates).toEqual([0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.5]);
  });

  it("sweeps MAE and Huber without an exact optimum: no theory, no tolerance, no steps", () => {
    const document = sweepJson([
      "--loss",
      "huber",
      "--lrs",
      "0.01,0.1,1",
      "--batch-size",
      "10",
      "--epochs",
      "5",
      "--workers",
      "2",
    ]);
    expect(document.theory).toBeNull();
    expect(document.tolerance).toBeNull();
    expect(document.boundary.criticalLearningRate).toBeNull();
    expect(document.reference.source).toBe("sweep-best");
    for (const run of document.runs) expect(run.stepsToTolerance).toBeNull();
  });

  it("sweeps a schedule's rate argument and the heavy-ball bound with momentum", () => {
    const scheduled = sweepJson([
      "--lrs",
      "0.1,0.2",
      "--schedule",
      "exponential",
      "--decay-steps",
      "10",
      "--decay-rate",
      "0.5",
    ]);
    expect(scheduled.schedule).toEqual({
      name: "exponential",
      decaySteps: 10,
      decayRate: 0.5,
      staircase: false,
      sweptArgument: "initialLearningRate",
    });
    expect(scheduled.boundary.criticalLearningRate).toBeNull();
    const momentum = sweepJson(["--optimizer", "momentum", "--lrs", "0.5,0.7", "--steps", "300"]);
    expect(momentum.boundary.rule).toBe("2(1 + β)/λmax");
    expect(momentum.boundary.criticalLearningRate).toBeCloseTo(
      1.9 * momentum.theory.criticalLearningRate,
      12,
    );
    expect(momentum.boundary.agrees).toBe(true);
  });
});

describe("lrlab sweep on bad input", () => {
  it("refuses a reversed range, a zero count, both kinds of rates, and a bad number in --lrs", () => {
    expectUserError(
      ["sweep", "--from", "1", "--to", "0.1"],
      "--from 1 is above --to 0.1; expected --from ≤ --to",
    );
    expectUserError(
      ["sweep", "--from", "0.1", "--to", "1", "--count", "0"],
      /--count: expected an integer ≥ 1/,
    );
    expectUserError(
      ["sweep", "--lrs", "0.1", "--from", "0.01"],
      "--lrs: give either --lrs or --from/--to/--count, not both",
    );
    expectUserError(
      ["sweep", "--lrs", "0.1,1e-2x,0.3"],
      '--lrs: expected numbers > 0 separated by commas, got "1e-2x" in "0.1,1e-2x,0.3"',
    );
    expectUserError(["sweep", "--lrs", "0.1,-1"], /--lrs: expected numbers > 0/);
    expectUserError(["sweep", "--from", "0.1"], /--to: missing/);
  });

  it("refuses flags that mean something else in a sweep", () => {
    expectUserError(["sweep", "--lrs", "0.1", "--lr", "0.2"], /--lr: the sweep sets the rate/);
    expectUserError(["sweep", "--lrs", "0.1", "--history-every", "2"], /--history-every does not apply/);
    expectUserError(
      ["sweep", "--lrs", "0.1", "--loss", "mae", "--tolerance", "0.1"],
      /--tolerance: .*--loss mae/,
    );
    expectUserError(
      ["sweep", "--lrs", "0.1", "--tolerance", "-1"],
      "--tolerance: expected a number ≥ 0, got -1",
    );
    expectUserError(["sweep", "--lrs", "0.1", "--workers", "0"], "--workers: expected an integer ≥ 1, got 0");
    expectUserError(
      ["sweep", "--lrs", "0.1", "--schedule", "piecewise", "--boundaries", "10", "--values", "0.1,0.01"],
      /--schedule piecewise: its --values are the rates/,
    );
    expectUserError(
      ["sweep", "--lrs", "0.1", "--out", "runs.txt"],
      /expected a file name ending in \.csv or \.json/,
    );
  });

  it("refuses runs that take no step, as suggest does, rather than naming a best rate and a boundary", () => {
    const none = "0 leaves every run where it started, with no rate to compare; expected at least 1";
    expectUserError(["sweep", "--steps", "0"], `--steps: ${none}`);
    expectUserError(["sweep", "--epochs", "0"], `--epochs: ${none}`);
    expectUserError(["sweep", "--model", "linear", "--steps", "0"], `--steps: ${none}`);
    expectUserError(["sweep", "--model", "mlp", "--epochs", "0"], `--epochs: ${none}`);
    const out = join(work, "nothing.png");
    expectUserError(["plot", "sweep", "--model", "mlp", "--steps", "0", "--out", out], `--steps: ${none}`);
    expectUserError(["plot", "sweep", "--steps", "0", "--out", out], `--steps: ${none}`);
    expect(readdirSync(work)).not.toContain("nothing.png");
  });

  it("states the boundary once, whatever the runs", () => {
    for (const steps of ["1", "100"]) {
      const { status, stdout } = lrlab(["sweep", "--steps", steps]);
      expect(status).toBe(0);
      expect(stdout.match(/^Boundary /gm)).toHaveLength(1);
      expect(stdout.match(/✔/g)).toHaveLength(1);
    }
  });

  it("reports a run's error from a worker thread as the same one line", () => {
    expectUserError(
      ["sweep", "--lrs", "0.1,0.2", "--batch-size", "10", "--steps", "5", "--epochs", "1", "--workers", "2"],
      "--steps and --epochs: give one or the other, not both",
    );
  });

  it("never overwrites its input", () => {
    const data = join(work, "known.csv");
    expectUserError(["sweep", "--data", data, "--lrs", "0.1", "--out", data], /that is the input data file/);
    expect(readFileSync(data, "utf8")).toBe("x,y\n0,0\n0,2\n2,4\n2,6\n");
  });
});
