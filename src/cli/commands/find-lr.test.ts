/**
 * `lrlab find-lr` through the real binary (dist/cli/bin.js, built before the tests run): good input as a
 * person and as JSON, the fit flags passed through, and bad input as one line with exit status 2.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { expectUserError, lrlab, lrlabJson, scratchDirectory } from "../../test-support/cli.js";

const json = (args: string[]) => lrlabJson(["find-lr", ...args]);

let work: string;
beforeAll(() => {
  work = scratchDirectory("find-lr");
  const rows = Array.from({ length: 40 }, (_, i) => `${i / 4},${3 - 0.5 * (i / 4) + ((i * 7) % 5) / 10}`);
  writeFileSync(join(work, "hours.csv"), `hours,score\n${rows.join("\n")}\n`);
});

describe("lrlab find-lr", () => {
  it("prints the curve, fastai's suggestions and the theory beside them for a person", () => {
    const { status, stdout, stderr } = lrlab(["find-lr"]);
    expect(status).toBe(0);
    expect(stderr).toBe("");
    expect(stdout).toContain("lrlab find-lr: the LR range test");
    expect(stdout).toContain("rate 1e−7 → 10, exponential, over 100 iterations");
    expect(stdout).toMatch(
      /Ran \d+ of 100 iterations: at lr [\d.]+ the smoothed loss [\d.]+ passed 4× the lowest before it/,
    );
    expect(stdout).toMatch(/[▁▂▃▄▅▆▇█]{40,}/);
    for (const name of ["valley", "steep", "minimum", "slide"])
      expect(stdout).toMatch(new RegExp(`^  ${name} `, "m"));
    expect(stdout).toContain("critical rate  0.3069 = 2/λmax");
    expect(stdout).toMatch(/Suggested {2}--lr [\d.e-]+ \(valley\) · critical rate 2\/λmax 0\.3069/);
  });

  it("prints the JSON the issue asks for, suggestions below the critical rate, never NaN", () => {
    const document = json([]);
    expect(document.ramp).toEqual({
      mode: "exponential",
      startLearningRate: 1e-7,
      endLearningRate: 10,
      numIterations: 100,
    });
    expect(document).toMatchObject({
      batchSize: 32,
      smoothing: 0.98,
      divergeThreshold: 4,
      stoppedEarly: true,
    });
    expect(document.curve).toHaveLength(document.iterations);
    expect(Object.keys(document.curve[0])).toEqual(["learningRate", "loss", "smoothedLoss"]);
    expect(document.curve[0].learningRate).toBe(1e-7);
    // fastai's SchedExp at pos = i/num_it
    expect(document.curve[50].learningRate).toBeCloseTo(1e-3, 15);
    expect(Object.keys(document.suggestions)).toEqual(["valley", "steep", "minimum", "slide"]);
    expect(document.suggested).toBe(document.suggestions.valley);
    const { criticalLearningRate, optimalLearningRate } = document.theory;
    expect(criticalLearningRate).toBeCloseTo(0.3069, 4);
    expect(optimalLearningRate).toBeLessThan(criticalLearningRate);
    for (const rate of Object.values(document.suggestions)) {
      expect(rate).toBeGreaterThan(0);
      expect(rate).toBeLessThan(criticalLearningRate);
    }
    // it stopped because the last smoothed loss passed 4× the smallest before it
    expect(document.curve.at(-1).smoothedLoss).toBeGreaterThan(4 * document.best.smoothedLoss);
  });

  it("names one minimum: the JSON point is where the figure marks it, and the words give one rate for it", () => {
    const document = json([]);
    // The ramp's rates are 10^(−7 + 0.08·i). The lowest smoothed loss of iterations 10 to 85 is at i = 85,
    // 10^−0.2 = 0.631; the suggestion is a tenth of it, 10^−1.2, half way (in log lr) between i = 72 and 73.
    expect(document.window).toEqual({ start: 10, end: 86 });
    expect(document.suggestions.minimum).toBeCloseTo(10 ** -1.2, 12);
    const halfway = (document.curve[72].smoothedLoss + document.curve[73].smoothedLoss) / 2;
    expect(document.suggestionPoints.minimum.learningRate).toBe(document.suggestions.minimum);
    expect(document.suggestionPoints.minimum.loss).toBeCloseTo(halfway, 10);
    for (const name of ["valley", "steep", "slide"]) {
      const point = document.suggestionPoints[name];
      expect(point.learningRate).toBe(document.suggestions[name]);
      const at = document.curve.find(
        (row: { learningRate: number }) => row.learningRate === point.learningRate,
      );
      if (at) expect(point.loss).toBe(at.smoothedLoss);
    }
    // The stop compares with the lowest smoothed loss of all (fastai's best_loss): here at iteration 88,
    // past the window, so the words place it by iteration and give no second rate for "the minimum".
    expect(document.best.iteration).toBe(88);
    const { stdout } = lrlab(["find-lr"]);
    expect(stdout).toContain(
      "passed 4× the lowest before it, 8.625 at iteration 88, after the iterations the suggestions read.",
    );
    expect(stdout).toContain("a tenth of 0.631, the rate where these iterations' smoothed loss is lowest");
    expect(stdout).not.toContain("1.096");
    expect(stdout).not.toMatch(/minimum 8\.625|its minimum/);
  });

  it("writes the suggested --lr as a flag to copy, ASCII, even where the table reads 2.818e−6", () => {
    const { stdout } = lrlab(["find-lr", "--start-lr", "1e-9", "--end-lr", "1e-4"]);
    expect(stdout).toMatch(/^ {2}valley +2\.818e−6 /m);
    // The same e-notation shape as the table, in ASCII so it pastes into a shell.
    expect(stdout).toContain("Suggested  --lr 2.818e-6 (valley)");
  });

  it("passes the fit flags through: optimizer, batch size, seed, starting point, data and loss", () => {
    const momentum = json(["--optimizer", "momentum", "--batch-size", "10", "--seed", "3", "--init-w", "1"]);
    expect(momentum.optimizer).toEqual({ name: "sgd", momentum: 0.9, nesterov: false });
    expect(momentum).toMatchObject({ batchSize: 10, stepsPerEpoch: 10, seed: 3, initial: { w: 1, b: 0 } });
    // heavy ball: 2(1 + m)/λmax = 1.9 × 2/λmax
    expect(momentum.theory.optimizerCriticalLearningRate).toBeCloseTo(
      1.9 * momentum.theory.criticalLearningRate,
      12,
    );

    const csv = json([
      "--data",
      join(work, "hours.csv"),
      "--x",
      "hours",
      "--y",
      "score",
      "--batch-size",
      "1000",
    ]);
    expect(csv.data).toMatchObject({ n: 40, x: "hours", y: "score" });
    expect(csv.batchSize).toBe(40);

    const mae = json(["--loss", "mae", "--optimizer", "adam"]);
    expect(mae.theory).toBeNull();
    expect(mae.loss).toEqual({ name: "mae" });
    for (const rate of Object.values(mae.suggestions)) expect(Number.isFinite(rate)).toBe(true);
  });

  it("warns when a suggestion lies above the critical rate, as steep does on an ill-conditioned line", () => {
    // hours 0 … 9.75: λmax/λmin ≈ 130. The loss keeps falling up to 8× the critical rate 0.03045, because
    // along the sharp direction the error had already shrunk to almost nothing and grows back too slowly
    // for the ramp to see; steep lands at 0.12, about 4× the critical rate.
    const args = ["--data", join(work, "hours.csv"), "--batch-size", "1000"];
    const document = json(args);
    expect(document.theory.criticalLearningRate).toBeCloseTo(0.03045, 5);
    expect(document.suggestions.steep).toBeGreaterThan(document.theory.criticalLearningRate);
    expect(document.suggested).toBeLessThan(document.theory.criticalLearningRate);
    const { stdout } = lrlab(["find-lr", ...args]);
    expect(stdout.replace(/\s+/g, " ")).toContain(
      "steep is above the critical rate 0.03045, where full-batch gradient descent diverges",
    );
  });

  it("ramps linearly with --linear and honours its own flags", () => {
    const document = json([
      "--linear",
      "--start-lr",
      "0.001",
      "--end-lr",
      "0.5",
      "--num-it",
      "50",
      "--smoothing",
      "0.9",
      "--diverge-threshold",
      "3",
    ]);
    expect(document.ramp).toEqual({
      mode: "linear",
      startLearningRate: 0.001,
      endLearningRate: 0.5,
      numIterations: 50,
    });
    expect(document).toMatchObject({ smoothing: 0.9, divergeThreshold: 3 });
    // fastai's SchedLin: 0.001 + (10/50)·(0.5 − 0.001) = 0.1008
    expect(document.curve[10].learningRate).toBeCloseTo(0.1008, 15);
  });

  it("writes a blown-up loss as null and, when the loss never fell before the blow-up, suggests no rate", () => {
    const document = json(["--start-lr", "1e100", "--end-lr", "1e300", "--diverge-threshold", "1e300"]);
    expect(document.stop).toBe("diverged");
    // The loop stops a run at the first step whose loss is not finite, before that batch is recorded:
    // the curve ends at the last finite loss, far above the first.
    expect(document.curve.at(-1).smoothedLoss).toBeGreaterThan(1e100 * document.curve[0].smoothedLoss);
    // Only two points come before the blow-up (lr 1e100 and 1e102), and the loss rose between them: every
    // rate the ramp reached was already too large, so nothing is suggested (it had suggested 1e100).
    for (const name of ["valley", "steep", "minimum", "slide"]) expect(document.suggestions[name]).toBeNull();
    expect(document.suggested).toBeNull();
    expect(document.notes[0]).toMatch(/fastai's window/);
    expect(document.notes.at(-1)).toMatch(/never fell before it blew up/);
    const { stdout } = lrlab(["find-lr", "--start-lr", "1", "--end-lr", "1000"]);
    // From lr 1, past 2/λmax = 0.3069, the loss only rises: the line says what to change, and no
    // "minimum below" (there is none) or "stop sooner (--end-lr)" (no help to a ramp that starts too high).
    const flat = stdout.replace(/\s+/g, " ");
    expect(flat).toContain(
      "Suggested nothing: the loss blew up before it fell at all, so every rate the ramp reached was already too large. Lower --start-lr below the critical rate 2/λmax = 0.3069.",
    );
    expect(flat).toContain("the lowest before it, 14.99 (at lr 1).");
    expect(flat).not.toMatch(/too soon to judge|minimum below|marks valley/);
    // A ramp set never to stop that rose 15 → 2.8e248 did not "never blow up".
    const soaring = lrlab(["find-lr", "--start-lr", "1", "--diverge-threshold", "1e300"]).stdout;
    expect(soaring.replace(/\s+/g, " ")).toContain(
      "Ran 100 of 100 iterations, up to lr 9.772; the smoothed loss rose from 14.99 to 2.841e248 without passing 1e300× the lowest before it.",
    );
    // ... and the Suggested line does not then say it "blew up" (retest 7 #4).
    expect(soaring.replace(/\s+/g, " ")).toContain(
      "Suggested nothing: the loss rose past 4× its first value before it fell at all, so every rate",
    );
    expect(lrlabJson(["find-lr", "--start-lr", "1", "--diverge-threshold", "1e300"]).nothingBecause).toBe(
      "never-fell",
    );
  });

  it("lists its own flags in --help and hides those that do not apply", () => {
    const { status, stdout } = lrlab(["find-lr", "--help"]);
    expect(status).toBe(0);
    for (const flag of [
      "--start-lr",
      "--end-lr",
      "--num-it",
      "--linear",
      "--smoothing",
      "--diverge-threshold",
    ]) {
      expect(stdout).toContain(flag);
    }
    expect(stdout).toContain("points per iteration (default: 32");
    for (const flag of ["--steps", "--epochs", "--schedule", "--tolerance", "--decay-steps", "--lr "]) {
      expect(stdout).not.toContain(flag);
    }
  });
});

describe("lrlab find-lr on bad input", () => {
  it.each([
    [["--start-lr", "1", "--end-lr", "0.5"], "--end-lr: expected a rate above --start-lr (1), got 0.5"],
    [["--start-lr", "0.1", "--end-lr", "0.1"], "--end-lr: expected a rate above --start-lr (0.1), got 0.1"],
    [["--start-lr", "0"], "--start-lr: expected a number > 0, got 0"],
    [["--num-it", "0"], "--num-it: expected an integer ≥ 6, got 0"],
    [["--num-it", "2.5"], "--num-it: expected an integer ≥ 6, got 2.5"],
    [["--smoothing", "1"], "--smoothing: expected a number ≥ 0 and < 1, got 1"],
    [["--diverge-threshold", "1"], "--diverge-threshold: expected a number > 1, got 1"],
    [["--steps", "10"], "--steps does not apply to find-lr: the range test runs --num-it iterations"],
    [["--epochs", "2"], "--epochs does not apply to find-lr: the range test runs --num-it iterations"],
    [
      ["--tolerance", "0.001"],
      "--tolerance does not apply to find-lr: the range test stops when the smoothed loss passes --diverge-threshold × its lowest so far",
    ],
    [
      ["--schedule", "cosine"],
      "--schedule does not apply to find-lr: the range test ramps the rate itself, from --start-lr to --end-lr (--linear for a linear ramp)",
    ],
    [
      ["--lr", "0.1"],
      "--lr does not apply to find-lr: the range test ramps the rate itself, from --start-lr to --end-lr (--linear for a linear ramp)",
    ],
    [
      ["--decay-steps", "5"],
      /^lrlab: error: --decay-steps is a schedule argument and does not apply to find-lr/,
    ],
    [["--optimizer", "adam", "--momentum", "0.9"], /--momentum does not apply to --optimizer adam/],
    [["--batch-size", "0"], "--batch-size: expected an integer ≥ 1, got 0"],
    [["--bogus"], "unknown option '--bogus'"],
    [["--data", "no-such-file.csv"], "no-such-file.csv: cannot read it (no such file or directory)"],
  ] as [string[], string | RegExp][])("refuses %j with one line and exit status 2", (args, message) => {
    expectUserError(["find-lr", ...args], message);
  });
});
