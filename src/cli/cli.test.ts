/**
 * The real `lrlab` binary (dist/cli/bin.js, built by `npm test` before the tests run) on good and bad
 * input: exit codes, stdout, stderr and files, as a user would see them.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { builtinData } from "../core/data/data.js";
import { expectUserError, lrlab, scratchDirectory } from "../test-support/cli.js";
import { parseStrictJson } from "../test-support/finite.js";

/**
 * The exact theory of the built-in data, written out here with plain loops so that it shares no code
 * with the statistics it checks: least squares from the normal equations, and the eigenvalues of the
 * 2×2 Hessian of MSE in closed form.
 */
function builtinTheory() {
  const { x, y } = builtinData();
  const n = x.length;
  let sumX = 0;
  let sumY = 0;
  let sumXX = 0;
  let sumXY = 0;
  let sumYY = 0;
  for (let i = 0; i < n; i++) {
    const xi = x[i] as number;
    const yi = y[i] as number;
    sumX += xi;
    sumY += yi;
    sumXX += xi * xi;
    sumXY += xi * yi;
    sumYY += yi * yi;
  }
  // Normal equations of MSE: [Σx² Σx; Σx n]·[w; b] = [Σxy; Σy], solved by Cramer's rule.
  const det = n * sumXX - sumX * sumX;
  const w = (n * sumXY - sumX * sumY) / det;
  const b = (sumXX * sumY - sumX * sumXY) / det;
  let loss = 0;
  for (let i = 0; i < n; i++) loss += (w * (x[i] as number) + b - (y[i] as number)) ** 2;
  // Hessian of MSE: H = (2/n)·[[Σx², Σx], [Σx, n]]; a symmetric 2×2 has λ = mean ± √(half-gap² + off²).
  const [h00, h01, h11] = [(2 * sumXX) / n, (2 * sumX) / n, 2];
  const middle = (h00 + h11) / 2;
  const radius = Math.hypot((h00 - h11) / 2, h01);
  const lambdaMax = middle + radius;
  const lambdaMin = middle - radius;
  return {
    n,
    optimum: { w, b, loss: loss / n },
    hessian: [
      [h00, h01],
      [h01, h11],
    ],
    lambdaMax,
    lambdaMin,
    criticalLearningRate: 2 / lambdaMax,
    optimalLearningRate: 2 / (lambdaMax + lambdaMin),
    // At the start (0, 0): L = mean(y²) and ∂L/∂w = −(2/n)·Σxy.
    startingLoss: sumYY / n,
    startingGradientW: (-2 * sumXY) / n,
  };
}

const oracle = builtinTheory();

let work: string;
beforeAll(() => {
  work = scratchDirectory("cli");
  writeFileSync(
    join(work, "iris.csv"),
    '\ufeff"sepal length (cm)","petal length (cm)",species\r\n5.1,1.4,setosa\r\n7.0,4.7,versicolor\r\n6.3,6.0,virginica\r\n5.8,4.1,versicolor\r\n\r\n',
  );
  writeFileSync(join(work, "bad.csv"), "x,y\n1,2\n2,4\n3,six\n");
});

describe("lrlab demo", () => {
  it("tells the lesson: four rates side by side, then decay settling into the minimum", () => {
    const { status, stdout, stderr } = lrlab(["demo"]);
    expect(status).toBe(0);
    expect(stderr).toBe("");
    for (const phrase of [
      "too small",
      "good",
      "jumps around",
      "jumps out",
      "critical rate",
      "ExponentialDecay",
      "rescues a rate that jumps out",
    ]) {
      expect(stdout).toContain(phrase);
    }
  });
});

describe("lrlab fit", () => {
  it("reports the run beside the theory for a person, with a verdict", () => {
    const { status, stdout } = lrlab(["fit", "--lr", "0.1"]);
    expect(status).toBe(0);
    // Four significant figures of the oracle: y = 2.071·x + 0.6353, loss* 0.9692; λ 6.517 and 0.7434.
    const { optimum, lambdaMax, lambdaMin, criticalLearningRate, optimalLearningRate } = oracle;
    const figures = (value: number) => value.toPrecision(4);
    expect(stdout).toContain(
      `ideal line       y = ${figures(optimum.w)}·x + ${figures(optimum.b)}, loss* ${figures(optimum.loss)}`,
    );
    expect(stdout).toContain(`Hessian eigenvalues λmax ${figures(lambdaMax)}, λmin ${figures(lambdaMin)}`);
    expect(stdout).toContain(`critical rate    ${figures(criticalLearningRate)} = 2/λmax`);
    expect(stdout).toContain(`best worst-case  ${figures(optimalLearningRate)} = 2/(λmin + λmax)`);
    // 0.24 from (0, 0) reaches the gap in 11 steps, the fewest (core fastest-rate.ts, brute-forced there).
    expect(stdout).toContain(
      "fastest rate     0.24 from this start: within 0.1% of the best loss in 11 steps",
    );
    expect(stdout).toMatch(/Verdict {2}Good\. Within 0\.1% of the best loss after 100 steps\./);
  });

  it("states the built-in data's exact theory, as a closed-form oracle computes it", () => {
    // The numbers the README and the lessons quote, so a change to the data or the oracle shows here.
    expect(oracle.criticalLearningRate).toBeCloseTo(0.3069, 4);
    expect(oracle.optimalLearningRate).toBeCloseTo(0.2755, 4);
    const { status, stdout } = lrlab(["fit", "--json", "--steps", "1"]);
    expect(status).toBe(0);
    const document = parseStrictJson(stdout).value;
    const relative = (actual: number, expected: number) => Math.abs(actual / expected - 1);
    for (const [actual, expected] of [
      [document.optimum.w, oracle.optimum.w],
      [document.optimum.b, oracle.optimum.b],
      [document.optimum.loss, oracle.optimum.loss],
      [document.stability.hessianEigenvalues[0], oracle.lambdaMax],
      [document.stability.hessianEigenvalues[1], oracle.lambdaMin],
      [document.stability.criticalLearningRate, oracle.criticalLearningRate],
      [document.stability.optimalLearningRate, oracle.optimalLearningRate],
      [document.stability.conditionNumber, oracle.lambdaMax / oracle.lambdaMin],
      [document.stability.hessian[0][0], oracle.hessian[0]?.[0] as number],
      [document.stability.hessian[0][1], oracle.hessian[0]?.[1] as number],
      [document.stability.hessian[1][1], oracle.hessian[1]?.[1] as number],
      [document.history[0].loss, oracle.startingLoss],
    ]) {
      expect(relative(actual, expected as number)).toBeLessThan(1e-12);
    }
  });

  it("prints one JSON document with the run, the optimum, the stability and the history", () => {
    const { status, stdout, stderr } = lrlab([
      "fit",
      "--json",
      "--optimizer",
      "momentum",
      "--lr",
      "0.05",
      "--steps",
      "40",
    ]);
    expect(status).toBe(0);
    expect(stderr).toBe("");
    const document = parseStrictJson(stdout).value;
    expect(document.data).toMatchObject({ n: 100, x: "x", y: "y" });
    expect(document.optimizer).toEqual({ name: "sgd", learningRate: 0.05, momentum: 0.9, nesterov: false });
    expect(document.schedule).toEqual({ name: "constant", learningRate: 0.05 });
    expect(document.status).toBe("completed");
    expect(document.steps).toBe(40);
    expect(document.divergedAtStep).toBeNull();
    expect(document.history).toHaveLength(41);
    expect(Object.keys(document.history[0])).toEqual(["step", "epoch", "learningRate", "loss", "w", "b"]);
    expect(document.optimum.loss).toBeCloseTo(oracle.optimum.loss, 12);
    expect(document.stability.criticalLearningRate).toBeCloseTo(oracle.criticalLearningRate, 12);
    // Heavy ball (Keras SGD, momentum 0.05 → v = 0.9·v − 0.05·g) from (0, 0), in full batch:
    //   v1 = −0.05·g0,  w1 = −0.05·∂L/∂w(0, 0) = −0.05·(−(2/n)·Σxy)
    expect(document.history[1].w).toBeCloseTo(-0.05 * oracle.startingGradientW, 12);
  });

  it("reports divergence as a result: status, step, and null instead of Infinity", () => {
    const { status, stdout } = lrlab(["fit", "--json", "--lr", "1e200", "--diverge-factor", "1e308"]);
    expect(status).toBe(0);
    // Strict JSON: a bare NaN or Infinity, or an overflowing literal such as 1e999, fails here.
    const document = parseStrictJson(stdout).value;
    expect(document.status).toBe("diverged");
    expect(document.verdict).toMatchObject({ regime: "diverging", reached: false, outcome: "jumps-out" });
    // Step 0 is finite: (0, 0) at the loss mean(y²). Step 1: w1 = −1e200·∂L/∂w(0, 0) ≈ 1.24e201 is still
    // a finite number, but its loss (≈ 1e402) overflows, so it is written as null.
    expect(document.history[0]).toMatchObject({ step: 0, w: 0, b: 0 });
    expect(document.history[0].loss).toBeCloseTo(oracle.startingLoss, 12);
    expect(document.history[1].w / (-1e200 * oracle.startingGradientW)).toBeCloseTo(1, 12);
    expect(document.history[1].loss).toBeNull();
    expect(document.history.at(-1).step).toBe(document.divergedAtStep);
    expect(document.history.at(-1).loss).toBeNull();
    expect(document.final.loss).toBeNull();
  });

  // CLI report 2026-12-05, §6 items 5 and 6: y ≈ 1e300 made every loss infinite and the run "completed";
  // x ≈ 1e300 gave a wrong ideal line and "critical rate 0, try ≤ 0". Numbers float64 cannot square are
  // refused with the column to rescale and the range that works.
  it("refuses data whose squares overflow float64, naming the column to rescale", () => {
    writeFileSync(join(work, "huge-y.csv"), "x,y\n1,1e300\n2,2e300\n3,3e300\n");
    expectUserError(
      ["fit", "--data", "huge-y.csv", "--json", "--steps", "5"],
      "huge-y.csv: y reaches 3e300, too large to square in float64; rescale y so its values lie within ±1e150 (e.g. divide by 3e297)",
      work,
    );
    writeFileSync(join(work, "huge-x.csv"), "x,y\n1e300,2\n2e300,4\n3e300,6\n");
    expectUserError(
      ["fit", "--data", "huge-x.csv"],
      /^lrlab: error: huge-x\.csv: x reaches 3e300, .*rescale x/,
      work,
    );
    writeFileSync(join(work, "tiny-x.csv"), "x,y\n1e-160,2\n2e-160,4\n3e-160,6\n");
    expectUserError(
      ["suggest", "--data", "tiny-x.csv"],
      /^lrlab: error: tiny-x\.csv: x varies by only about .*rescale x/,
      work,
    );
    expectUserError(
      ["fit", "--init-w", "1e300"],
      /^lrlab: error: --init-w: 1e300 puts the starting loss beyond/,
    );
  });

  // CLI round 4, #5: `fit --steps 0` was judged ("Jumps out" beside "the rate is too small", "went above the
  // bound during the run") with no step run. It is refused, as sweep and suggest refuse it.
  it("refuses a fit that runs no step, on the line and on every model, rather than judging it", () => {
    const none =
      "0 runs no step, so there is nothing to judge; expected at least 1 (the starting loss and the stability bounds are in any run's --json)";
    expectUserError(["fit", "--steps", "0"], `--steps: ${none}`);
    expectUserError(["fit", "--model", "linear", "--steps", "0", "--lr", "0.5"], `--steps: ${none}`);
    expectUserError(["fit", "--model", "mlp", "--steps", "0", "--lr", "5", "--json"], `--steps: ${none}`);
    expectUserError(["fit", "--model", "mlp", "--epochs", "0"], `--epochs: ${none}`);
    expectUserError(["fit", "--steps", "0", "--track-sharpness", "1"], `--steps: ${none}`);
    // One step is a run, and is judged.
    expect(lrlab(["fit", "--steps", "1"]).status).toBe(0);
  });

  it("hints how far above the critical rate a diverging rate is", () => {
    const { stdout } = lrlab(["fit", "--lr", "0.9"]);
    expect(stdout.replace(/\s+/g, " ")).toMatch(
      /Jumps out\. The loss blew up at step \d+\. lr 0\.9 is 2\.9× the critical rate 0\.3069 \(2\/λmax\): each step overshoots the minimum by more than the one before\. Try --lr 0\.24:/,
    );
  });

  it("offers a constant rate as the schedule's values where --schedule piecewise refuses --lr", () => {
    const schedule = ["fit", "--schedule", "piecewise", "--boundaries", "30,60"];
    const { stdout } = lrlab([...schedule, "--values", "0.5,0.4,0.35"]);
    expect(stdout.replace(/\s+/g, " ")).toContain(
      "Try --values 0.24,0.24,0.24: from this start it gets within 0.1% of the best loss in 11 steps",
    );
    expect(stdout).not.toContain("--lr 0.24");
    // The advice runs as given: every interval at 0.24 is the constant rate 0.24.
    const advised = lrlab([...schedule, "--values", "0.24,0.24,0.24"]);
    expect(advised.status).toBe(0);
    expect(advised.stdout).toMatch(/^Verdict {2}Good\./m);
  });

  it("reads CSV columns by name, with a BOM, CRLF and quoted headers", () => {
    const { status, stdout } = lrlab(
      [
        "fit",
        "--data",
        "iris.csv",
        "--x",
        "sepal length (cm)",
        "--y",
        "petal length (cm)",
        "--json",
        "--steps",
        "5",
      ],
      work,
    );
    expect(status).toBe(0);
    expect(parseStrictJson(stdout).value.data).toEqual({
      source: "iris.csv",
      n: 4,
      x: "sepal length (cm)",
      y: "petal length (cm)",
    });
  });

  it("runs mini-batches, epochs and schedules with their Keras arguments", () => {
    const { stdout } = lrlab([
      "fit",
      "--json",
      "--batch-size",
      "32",
      "--epochs",
      "2",
      "--lr",
      "0.1",
      "--schedule",
      "exponential",
      "--decay-steps",
      "4",
      "--decay-rate",
      "0.5",
      "--staircase",
    ]);
    const document = parseStrictJson(stdout).value;
    expect(document.steps).toBe(8); // 2 epochs of ceil(100/32) = 4 batches
    expect(document.schedule).toMatchObject({
      name: "exponential",
      initialLearningRate: 0.1,
      decaySteps: 4,
      staircase: true,
    });
    // 0.1 · 0.5^floor(step/4): 0.1 for steps 0–3, 0.05 for 4–7.
    expect(document.history.map((row: { learningRate: number }) => row.learningRate)).toEqual([
      0.1, 0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.05, 0.025,
    ]);
  });

  it("writes the history as CSV or JSON with --out, atomically", () => {
    const csv = join(work, "history.csv");
    expect(lrlab(["fit", "--steps", "3", "--out", csv]).status).toBe(0);
    expect(readFileSync(csv, "utf8").split("\n").slice(0, 2)).toEqual([
      "step,epoch,learningRate,loss,w,b",
      expect.stringMatching(/^0,0,0.01,/),
    ]);
    const json = join(work, "run.json");
    expect(lrlab(["fit", "--steps", "3", "--out", json, "--json"]).status).toBe(0);
    expect(parseStrictJson(readFileSync(json, "utf8")).value.steps).toBe(3);
    expect(readdirSync(work).filter((name) => name.endsWith(".tmp"))).toEqual([]);
  });

  it("lists every flag with its default in --help, and states the built-in data", () => {
    const { status, stdout } = lrlab(["fit", "--help"]);
    expect(status).toBe(0);
    for (const flag of [
      "--beta1",
      "--decay-steps",
      "--warmup-target",
      "--t-mul",
      "--patience",
      "--batch-size",
    ]) {
      expect(stdout).toContain(flag);
    }
    expect(stdout).toContain("y = 2x + 1 + noise");
  });

  it("lists bce among the --loss choices, for the models that take it (finding 10)", () => {
    const help = lrlab(["fit", "--help"]).stdout.replace(/\s+/g, " ");
    expect(help).toContain("--loss <name> mse | mae | huber | bce (logistic, mlp)");
  });
});

describe("bad input", () => {
  it("names the file, line, column and value of a bad CSV cell", () => {
    expectUserError(
      ["fit", "--data", "bad.csv"],
      'bad.csv: line 4, column "y": expected a number, got "six"',
      work,
    );
  });

  it("suggests the nearest flag, optimizer, schedule and column", () => {
    expectUserError(["fit", "--lrr", "0.1"], "unknown option '--lrr' (did you mean --lr?)");
    expectUserError(["fit", "--optimizer", "adma"], /unknown optimizer "adma" \(did you mean "adam"\?\)/);
    expectUserError(["fit", "--schedule", "cosin"], /unknown schedule "cosin" \(did you mean "cosine"\?\)/);
    expectUserError(
      ["fit", "--data", "iris.csv", "--x", "sepal lenght (cm)", "--y", "species"],
      /did you mean "sepal length \(cm\)"/,
      work,
    );
  });

  it("says what a flag expected", () => {
    expectUserError(["fit", "--lr", "fast"], '--lr: expected a number ≥ 0, got "fast"');
    expectUserError(
      ["fit", "--optimizer", "adam", "--beta1", "1"],
      "--beta1: expected a number ≥ 0 and < 1, got 1",
    );
    expectUserError(
      ["fit", "--optimizer", "adam", "--momentum", "0.9"],
      /--momentum does not apply to --optimizer adam/,
    );
    // decay_steps defaults to the run's length; decay_rate has no default in Keras.
    expectUserError(["fit", "--schedule", "exponential"], /--decay-rate: required by exponential/);
  });

  it("refuses a missing file and never overwrites the input", () => {
    expectUserError(
      ["fit", "--data", "missing.csv"],
      "missing.csv: cannot read it (no such file or directory)",
      work,
    );
    const before = readFileSync(join(work, "iris.csv"), "utf8");
    expectUserError(
      [
        "fit",
        "--data",
        "iris.csv",
        "--x",
        "sepal length (cm)",
        "--y",
        "petal length (cm)",
        "--out",
        "./iris.csv",
      ],
      /that is the input data file/,
      work,
    );
    expect(readFileSync(join(work, "iris.csv"), "utf8")).toBe(before);
  });

  it("leaves nothing behind when --out cannot be written", () => {
    expectUserError(
      ["fit", "--out", join(work, "no-such-dir", "h.csv")],
      /no-such-dir\/h\.csv: cannot write it/,
    );
    expect(existsSync(join(work, "no-such-dir"))).toBe(false);
  });
});
