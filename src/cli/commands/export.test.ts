/**
 * `lrlab export --format tfjs` through the real binary, and the scripts it writes run with node: each
 * prints the final loss that `lrlab fit --json` reports for the same flags, to float32's precision.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { expectUserError, lrlab, lrlabJson, root, scratchDirectory } from "../../test-support/cli.js";
import { linkTensorflow, runNodeScript, type ScriptResult } from "../../test-support/exported-script.js";

let work: string;
let exported = 0;
beforeAll(() => {
  work = scratchDirectory("export");
  linkTensorflow(work);
  // Labels that rise with the dose but overlap, so the logistic optimum is finite; a semicolon file with a
  // decimal comma and a quoted header with a comma in it, read back by the script's own CSV reader.
  const rows = Array.from({ length: 40 }, (_, i) => {
    const dose = ((i * 37) % 40) / 4;
    return `${String(dose).replace(".", ",")};${dose + ((i * 7) % 5) > 6 ? 1 : 0}`;
  });
  writeFileSync(join(work, "dose.csv"), `"dose, mg";passed\n${rows.join("\n")}\n`);
  writeFileSync(join(work, "scores.csv"), readFileSync("examples/scores.csv", "utf8"));
});

const relative = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

/** Exports `args` as a TF.js script into the scratch directory and runs it with node. */
function exportAndRun(args: readonly string[]): ScriptResult {
  const script = join(work, `run-${exported++}.mjs`);
  const { status, stdout, stderr } = lrlab(["export", "--format", "tfjs", "--out", script, ...args]);
  expect(stderr).toBe("");
  expect(status).toBe(0);
  expect(stdout).toBe(`Wrote ${script} (TF.js, run with node)\n`);
  return runNodeScript(script, work);
}

/** The final loss of `lrlab fit` with the same flags. */
const fitLoss = (args: readonly string[]): number => lrlabJson(["fit", ...args]).final.loss;

// Scope of issue 13: the line and an MLP, full batch and mini-batches, SGD (with momentum) and Adam,
// constant and exponential rates. Each run is chosen to move far from its start, so a wrong step shows.
const CORE_KINDS: readonly (readonly string[])[] = [
  ["--lr", "0.1", "--steps", "50"],
  ["--lr", "0.05", "--epochs", "5", "--batch-size", "32", "--optimizer", "momentum", "--seed", "7"],
  ["--lr", "0.3", "--steps", "60", "--optimizer", "adam", "--schedule", "exponential", "--decay-rate", "0.3"],
  ["--lr", "0.05", "--steps", "45", "--batch-size", "16", "--optimizer", "adam", "--seed", "3"],
  ["--model", "mlp", "--hidden", "8", "--lr", "0.05", "--steps", "100"],
  [
    ...["--model", "mlp", "--hidden", "8,4", "--activation", "relu", "--lr", "0.02", "--steps", "70"],
    ...["--batch-size", "30", "--optimizer", "momentum", "--schedule", "exponential", "--decay-rate", "0.2"],
  ],
  ["--model", "mlp", "--hidden", "6", "--lr", "0.01", "--steps", "60", "--optimizer", "adam", "--seed", "5"],
];

describe("lrlab export --format tfjs: the script gives lrlab's final loss (relative 2e-4)", () => {
  for (const args of CORE_KINDS) {
    it(args.join(" "), () => {
      const result = exportAndRun(args);
      const expected = fitLoss(args);
      expect(result.loss).not.toBeNull();
      expect(relative(result.loss as number, expected)).toBeLessThan(2e-4);
    });
  }

  it("gives the final weights too, in Keras get_weights() order", () => {
    const args = ["--model", "mlp", "--hidden", "3", "--lr", "0.05", "--steps", "40", "--batch-size", "25"];
    const result = exportAndRun(args);
    const expected = lrlabJson(["fit", ...args]).final;
    expect(relative(result.loss as number, expected.loss)).toBeLessThan(2e-4);
    // kernel (1, 3), bias (3,), kernel (3, 1), bias (1,)
    expect(result.weights.map((w) => JSON.stringify(shapeOf(w)))).toEqual(["[1,3]", "[3]", "[3,1]", "[1]"]);
    const got = flat(result.weights);
    const want = flat(expected.weights);
    expect(got).toHaveLength(want.length);
    got.forEach((value, i) => {
      const target = want[i] as number;
      expect(Math.abs(value - target)).toBeLessThan(1e-4 * Math.max(1, Math.abs(target)));
    });
  });

  it("stops a diverged run where lrlab does and reports it as fit --json does", () => {
    // At a constant rate 1 (above 2/λmax = 0.3069) the loss passes 1e6 × the starting 15.78 at step 5.
    const args = ["--lr", "1", "--steps", "200"];
    const result = exportAndRun(args);
    const fit = lrlabJson(["fit", ...args]);
    expect(fit.status).toBe("diverged");
    expect(result.status).toBe("diverged");
    expect(result.divergedAtStep).toBe(fit.divergedAtStep);
    expect(relative(result.loss as number, fit.final.loss)).toBeLessThan(2e-4);
    // Under a schedule lrlab stops only on a loss that is not a number, reported as null; float32
    // overflows sooner than float64, so the step comes earlier, but the report is the same.
    const scheduled = ["--lr", "5", "--steps", "300", "--schedule", "exponential", "--decay-rate", "0.9"];
    const overflowed = exportAndRun(scheduled);
    const fitScheduled = lrlabJson(["fit", ...scheduled]);
    expect([fitScheduled.status, fitScheduled.final.loss]).toEqual(["diverged", null]);
    expect([overflowed.status, overflowed.loss]).toEqual(["diverged", null]);
    expect(overflowed.divergedAtStep).toBeGreaterThan(0);
    expect(overflowed.divergedAtStep).toBeLessThanOrEqual(fitScheduled.divergedAtStep);
    // A mini-batch network's loss on all the data costs a pass, so lrlab takes it (and tests) only on the
    // steps it records: every 7th here. Tested every step, the script would stop at step 6, where the loss
    // first passes 1e6 × the start; lrlab stops at 7, with loss 3.51e9.
    const sparse = ["--model", "mlp", "--hidden", "8", "--lr", "0.7", "--batch-size", "20", "--steps", "200"];
    const fitSparse = lrlabJson(["fit", ...sparse, "--history-every", "7"]);
    expect([fitSparse.status, fitSparse.divergedAtStep]).toEqual(["diverged", 7]);
    expect(lrlabJson(["fit", ...sparse]).divergedAtStep).toBe(6);
    const script = exportAndRun([...sparse, "--history-every", "7"]);
    expect([script.status, script.divergedAtStep]).toEqual(["diverged", 7]);
    expect(relative(script.loss as number, fitSparse.final.loss)).toBeLessThan(2e-4);
    // A run that does not diverge says so.
    const calm = exportAndRun(["--lr", "0.1", "--steps", "20"]);
    expect([calm.status, calm.divergedAtStep]).toEqual(["completed", null]);
  });

  it("says, in the header and in one line on stderr, when the run is at the edge of stability, where float32 parts from lrlab", () => {
    // The README's network: 2/λmax = 0.0835 at the start, under the rate 0.1; the run does not blow up,
    // the sharpness settles at the bound (fit's verdict: edge of stability) and float32's rounding grows.
    const edge = ["--model", "mlp", "--hidden", "16", "--lr", "0.1", "--steps", "150"];
    const script = join(work, `run-${exported++}.mjs`);
    const result = lrlab(["export", "--format", "tfjs", "--out", script, ...edge]);
    const words =
      "this run is at the edge of stability, where float32 rounding grows: expect the loss to differ by more than 1e-4";
    expect(result.stderr).toBe(`lrlab: note: ${words}\n`);
    expect(result.status).toBe(0);
    const text = readFileSync(script, "utf8");
    expect(text).toContain(`// Note: ${words}.`);
    expect(text).not.toContain("agree to about 1e-4");
    expect(lrlabJson(["fit", ...edge]).verdict.edgeOfStability).toBe(true);
    // And it does: 3.7% apart at step 150.
    const ran = runNodeScript(script, work);
    expect(relative(ran.loss as number, fitLoss(edge))).toBeGreaterThan(1e-3);
    // Half the rate is below the bound: no note, and the usual promise.
    const calm = lrlab([
      "export",
      "--format",
      "keras",
      "--model",
      "mlp",
      "--hidden",
      "16",
      "--lr",
      "0.05",
      "--steps",
      "150",
    ]);
    expect(calm.stderr).toBe("");
    expect(calm.stdout).not.toContain("edge of stability");
  });

  it("says, in the header and on stderr, when a run past its bound was diverging but not stopped: float32 parts from lrlab", () => {
    // The tester's logistic run (issue 13, web round 5 #1): lr 5 is far above 2/λmax at the start, the loss
    // climbs 0.6931 → 3.5565 in 100 steps, yet never passes the divergence test, so the run completes.
    const logi = join(root, "src/test-support/data/logi-tester12.csv");
    const run = [
      "--data",
      logi,
      "--x",
      "a",
      "--x",
      "c",
      "--y",
      "label",
      "--model",
      "logistic",
      "--lr",
      "5",
      "--steps",
      "100",
    ];
    const fit = lrlabJson(["fit", ...run]);
    expect([fit.status, fit.verdict.regime, fit.verdict.edgeOfStability]).toEqual([
      "completed",
      "diverging",
      false,
    ]);
    expect(fit.verdict.unstableUndiverged).toBe("above-bound");
    const script = join(work, `run-${exported++}.mjs`);
    const result = lrlab(["export", "--format", "tfjs", "--out", script, ...run]);
    const words =
      "this run's rate is above its stability bound and it was diverging, though its steps ran out before it was stopped: float32 rounding grows in an unstable run, so the loss may differ by far more than 1e-4";
    expect(result.stderr).toBe(`lrlab: note: ${words}\n`);
    expect(result.status).toBe(0);
    const text = readFileSync(script, "utf8");
    expect(text).toContain(`// uses float64, which matters here:\n// Note: ${words}.`);
    expect(text).not.toContain("agree to about 1e-4");
    // And it does: the tester's script printed 6.304 against lrlab's 3.5565.
    const ran = runNodeScript(script, work);
    expect(ran.status).toBe("completed");
    expect(relative(ran.loss as number, fit.final.loss)).toBeGreaterThan(1e-2);
    // The Keras header says it in float64's terms, and so does the note.
    const keras = lrlab(["export", "--format", "keras", ...run]);
    const kerasWords =
      "this run's rate is above its stability bound and it was diverging, though its steps ran out before it was stopped: rounding differences grow in an unstable run, so even in float64 the loss may part from lrlab's beyond its last digits";
    expect(keras.stderr).toBe(`lrlab: note: ${kerasWords}\n`);
    expect(keras.stdout).toContain(`# Note: ${kerasWords}.\n`);
  });

  it("says so of the line past its exact bound, and of a loss that ended higher, but not of a run that settles", () => {
    // The line's exact bound is 2/λmax = 0.3069: at 0.32 the loss grows 15.78 → 391.5 in 20 steps, short
    // of the divergence test's 1e6×.
    const line = lrlab(["export", "--format", "tfjs", "--lr", "0.32", "--steps", "20"]);
    expect(line.stderr).toMatch(
      /^lrlab: note: this run's rate is above its stability bound and it was diverging, /,
    );
    // Adam has no such bound; at lr 20 its loss rises 15.78 → 455.8 in 3 steps, not stopped.
    const adam = lrlab(["export", "--format", "tfjs", "--optimizer", "adam", "--lr", "20", "--steps", "3"]);
    expect(adam.stderr).toBe(
      "lrlab: note: this run's loss ended higher than it started, though it was not stopped as diverged: float32 rounding grows in an unstable run, so the loss may differ by far more than 1e-4\n",
    );
    expect(adam.stdout).toContain("// Note: this run's loss ended higher than it started");
    // Logistic regression at lr 0.5, twice 2/λmax = 0.2436 at the start: the sharpness falls (2/λmax = 0.96
    // at the end), the run settles, and the script agrees (the other kinds below check it to 2e-4).
    const settles = ["--data", join(work, "dose.csv"), "--model", "logistic", "--lr", "0.5", "--steps", "60"];
    expect(lrlabJson(["fit", ...settles]).verdict.unstableUndiverged).toBeNull();
    expect(lrlab(["export", "--format", "tfjs", ...settles]).stderr).toBe("");
    // Just below the line's bound, the theory's shortcut: no note and the usual promise.
    const below = lrlab(["export", "--format", "tfjs", "--lr", "0.3", "--steps", "20"]);
    expect(below.stderr).toBe("");
    expect(below.stdout).toContain("expect the final loss to agree to about 1e-4");
  });

  it("says so of a run its schedule took above the exact bound and back, which float32 follows elsewhere (retest 7 #1)", () => {
    // Rescued by decay: lr 0.5 (past 2/λmax = 0.3069) for 40 steps, then 0.05; lrlab ends at 0.9692,
    // the script printed 33,665 under a promise of 1e-4.
    const rescued = [
      "--schedule",
      "piecewise",
      "--boundaries",
      "40",
      "--values",
      "0.5,0.05",
      "--steps",
      "300",
    ];
    expect(lrlabJson(["fit", ...rescued]).verdict.outcome).toBe("rescued-by-decay");
    const script = join(work, `run-${exported++}.mjs`);
    const result = lrlab(["export", "--format", "tfjs", "--out", script, ...rescued]);
    const words =
      "this run's rate went above its exact stability bound before its schedule brought it back: every step above it grows the error, float32 rounding with it, so the loss may differ by far more than 1e-4, or the script may stop as diverged";
    expect(result.stderr).toBe(`lrlab: note: ${words}\n`);
    expect(readFileSync(script, "utf8")).toContain(`// Note: ${words}.`);
    // The one-cycle run whose script stopped as diverged says it too; the same run below the bound does not.
    expect(
      lrlab(["export", "--format", "tfjs", "--schedule", "one-cycle", "--lr", "0.5", "--steps", "300"])
        .stderr,
    ).toBe(`lrlab: note: ${words}\n`);
    expect(
      lrlab(["export", "--format", "tfjs", "--schedule", "one-cycle", "--lr", "0.3", "--steps", "300"])
        .stderr,
    ).toBe("");
  });

  it("depends on the batch order: another seed's script misses lrlab's loss", () => {
    // The check above can fail: with the batches in another order the run ends elsewhere.
    const args = ["--lr", "0.1", "--steps", "12", "--batch-size", "8"];
    const result = exportAndRun([...args, "--seed", "1"]);
    expect(relative(result.loss as number, fitLoss([...args, "--seed", "1"]))).toBeLessThan(2e-4);
    expect(relative(result.loss as number, fitLoss([...args, "--seed", "2"]))).toBeGreaterThan(1e-3);
  });
});

// The other models, losses, optimizers and schedules: every exported kind runs.
const OTHER_KINDS: readonly (readonly string[])[] = [
  ["--data", "DOSE", "--model", "logistic", "--lr", "0.5", "--steps", "60", "--batch-size", "16"],
  [
    ...["--data", "DOSE", "--model", "logistic", "--standardize", "--lr", "0.05", "--steps", "50"],
    ...["--optimizer", "rmsprop", "--centered", "--momentum", "0.5"],
    ...["--schedule", "inverse-time", "--decay-rate", "2", "--decay-steps", "10", "--staircase"],
  ],
  [
    ...["--data", "DOSE", "--model", "mlp", "--hidden", "4", "--loss", "bce", "--standardize", "--lr", "0.2"],
    ...[
      "--steps",
      "50",
      "--optimizer",
      "adagrad",
      "--batch-size",
      "7",
      "--schedule",
      "step",
      "--gamma",
      "0.5",
    ],
  ],
  [
    ...["--data", "SCORES", "--model", "polynomial", "--degree", "3", "--standardize", "--lr", "0.05"],
    ...["--steps", "80", "--momentum", "0.8", "--nesterov", "--schedule", "polynomial", "--batch-size", "4"],
  ],
  [
    ...["--data", "SCORES", "--init-w", "1", "--init-b", "40", "--lr", "0.01", "--steps", "40"],
    ...["--loss", "huber", "--delta", "3", "--schedule", "cyclical", "--max-lr", "0.05", "--step-size", "10"],
  ],
  [
    ...["--model", "linear", "--loss", "mae", "--lr", "0.2", "--steps", "60", "--batch-size", "40"],
    ...["--schedule", "cosine-restarts"],
  ],
  [
    ...["--lr", "0.1", "--steps", "60", "--optimizer", "adam", "--amsgrad"],
    ...["--schedule", "one-cycle", "--three-phase", "--anneal-strategy", "linear"],
  ],
  [
    ...["--model", "mlp", "--hidden", "5", "--activation", "relu", "--lr", "0.01", "--steps", "60"],
    ...["--optimizer", "rmsprop", "--schedule", "cosine", "--warmup-target", "0.02", "--warmup-steps", "10"],
  ],
  [
    "--steps",
    "60",
    "--schedule",
    "piecewise",
    "--boundaries",
    "20,40",
    "--values",
    "0.1,0.05,0.01",
    "--batch-size",
    "50",
  ],
];

describe("lrlab export --format tfjs: the other models, losses, optimizers and schedules", () => {
  for (const template of OTHER_KINDS) {
    it(template.join(" "), () => {
      const args = template.map((arg) =>
        arg === "DOSE" ? join(work, "dose.csv") : arg === "SCORES" ? join(work, "scores.csv") : arg,
      );
      const result = exportAndRun(args);
      expect(relative(result.loss as number, fitLoss(args))).toBeLessThan(2e-4);
    });
  }

  it("reads a column whose name would end a string or a comment, and runs", () => {
    const name = 'x */ "; console.log("injected"); // \\';
    const data = join(work, "hostile.csv");
    writeFileSync(data, `"${name.replace(/"/g, '""')}",y\n1,3\n2,5\n3,7.5\n4,9\n`);
    const args = ["--data", data, "--lr", "0.02", "--steps", "30"];
    const result = exportAndRun(args);
    expect(relative(result.loss as number, fitLoss(args))).toBeLessThan(2e-4);
  });

  it("stops with a clear message when the data file changed since the export", () => {
    const data = join(work, "changing.csv");
    writeFileSync(data, "x,y\n1,3\n2,5\n3,7\n");
    const script = join(work, "changing.mjs");
    expect(lrlab(["export", "--format", "tfjs", "--data", data, "--out", script]).status).toBe(0);
    writeFileSync(data, "x,y\n1,3\n2,5\n3,8\n");
    expect(() => runNodeScript(script, work)).toThrow(
      /expected 3 rows with column sums 6,15 as lrlab read them/,
    );
  });
});

describe("lrlab export: the output", () => {
  it("prints the script on standard output without --out", () => {
    const { status, stdout, stderr } = lrlab(["export", "--format", "tfjs", "--lr", "0.1"]);
    expect(stderr).toBe("");
    expect(status).toBe(0);
    expect(stdout).toMatch(/^\/\/ Exported by lrlab: lrlab fit --lr 0\.1\n/);
    expect(stdout).toContain('import * as tf from "@tensorflow/tfjs";');
  });

  it("names the script's own file in its 'Run it with' line: --out's name, else a default", () => {
    const runLine = (text: string) => text.split("\n").find((line) => line.includes("Run it with:"));
    const script = join(work, "my run.mjs");
    expect(lrlab(["export", "--format", "tfjs", "--out", script]).status).toBe(0);
    expect(runLine(readFileSync(script, "utf8"))).toBe(
      "// Run it with:  npm install @tensorflow/tfjs && node 'my run.mjs'",
    );
    const python = join(work, "fit_it.py");
    expect(lrlab(["export", "--format", "keras", "--out", python]).status).toBe(0);
    expect(runLine(readFileSync(python, "utf8"))).toMatch(/&& python3 fit_it\.py$/);
    expect(runLine(lrlab(["export", "--format", "tfjs"]).stdout)).toMatch(/&& node lrlab-run\.mjs$/);
    expect(runLine(lrlab(["export", "--format", "keras"]).stdout)).toMatch(/&& python3 lrlab_run\.py$/);
  });

  it("writes the built-in data into the script, and a file's path and checks otherwise", () => {
    const builtIn = lrlab(["export", "--format", "tfjs"]).stdout;
    expect(builtIn).toContain("// lrlab's built-in data:");
    expect(builtIn).not.toContain("readFileSync(DATA_FILE");
    const fromFile = lrlab(["export", "--format", "tfjs", "--data", join(work, "scores.csv")]).stdout;
    expect(fromFile).toContain(`const DATA_FILE = ${JSON.stringify(join(work, "scores.csv"))};`);
    expect(fromFile).toContain('const X_COLUMNS = ["hours studied"];');
  });
});

describe("lrlab export: user errors (exit 2, one line)", () => {
  it("needs --format, and one it knows", () => {
    expectUserError(["export"], "--format: expected one of tfjs, keras; give one");
    expectUserError(["export", "--format", "onnx"], '--format: expected one of tfjs, keras, got "onnx"');
  });

  it("says how long a script of a very long run takes, in one stderr line, and writes it", () => {
    // 2e9 updates at 1 ms each: 2e6 s = 23 days 3 h (and 33 min, below the two units shown).
    const long = lrlab(["export", "--format", "tfjs", "--steps", "2000000000"]);
    expect(long.status).toBe(0);
    expect(long.stderr).toBe(
      "lrlab: note: the script runs 2,000,000,000 updates one at a time; at a millisecond or more each that is at least 23 days 3 h\n",
    );
    expect(long.stdout).toContain("const TOTAL_STEPS = 2000000000;");
    // Below a million updates (a quarter of an hour at 1 ms), nothing is said.
    expect(lrlab(["export", "--format", "keras", "--steps", "999999"]).stderr).toBe("");
  });

  it("refuses what a script would not reproduce", () => {
    expectUserError(
      ["export", "--format", "tfjs", "--schedule", "plateau"],
      /^lrlab: error: --schedule plateau cannot be exported yet: its rate follows the epoch's loss/,
    );
    expectUserError(
      ["export", "--format", "keras", "--tolerance", "1e-6"],
      /^lrlab: error: --tolerance stops the run early, which the exported script does not do/,
    );
    expectUserError(
      ["export", "--format", "tfjs", "--track-sharpness", "5"],
      /^lrlab: error: --track-sharpness is not exported/,
    );
    expectUserError(
      ["export", "--format", "tfjs", "--data", "-"],
      /^lrlab: error: --data -: the script reads the data file again/,
    );
  });

  it("never overwrites its input", () => {
    const data = join(work, "input.csv");
    writeFileSync(data, "x,y\n1,2\n2,4\n3,5\n");
    expectUserError(
      ["export", "--format", "tfjs", "--data", data, "--out", data],
      `--out ${data}: that is an input file; choose another name`,
    );
    expect(readFileSync(data, "utf8")).toBe("x,y\n1,2\n2,4\n3,5\n");
  });

  it("names --init and its file in every error about the weights in it, and refuses an empty --out", () => {
    const init = (name: string, text: string) => {
      const path = join(work, name);
      writeFileSync(path, text);
      return path;
    };
    const extra = init("extra.json", "[[[1]], [0], [1]]");
    expectUserError(
      ["export", "--format", "tfjs", "--init", extra],
      `--init ${extra}: weights: expected 2 arrays (kernel, bias per layer: (1, 1), (1,)), got 3 arrays shaped (1, 1), (1,), (1,)`,
    );
    const wide = init("wide.json", "[[[1, 2]], [0]]");
    expectUserError(
      ["export", "--format", "tfjs", "--init", wide],
      `--init ${wide}: layer 1 of 1 (Dense 1 → 1) kernel: expected shape (1, 1), got (1, 2)`,
    );
    const huge = init("huge.json", "[[[1e400]], [0]]");
    expectUserError(
      ["export", "--format", "tfjs", "--init", huge],
      `--init ${huge}: layer 1 of 1 (Dense 1 → 1) kernel[0][0]: expected a finite number, got Infinity`,
    );
    expectUserError(
      ["export", "--format", "tfjs", "--out", ""],
      "--out: expected a file name, got an empty one",
    );
    expectUserError(["fit", "--out", ""], "--out: expected a file name, got an empty one");
  });

  it("names the flag of a schedule argument that is missing", () => {
    expectUserError(
      ["export", "--format", "tfjs", "--schedule", "exponential"],
      "--decay-rate: required by exponential; expected a number ≥ 0",
    );
  });
});

function flat(value: unknown): number[] {
  return Array.isArray(value) ? value.flatMap(flat) : [value as number];
}

function shapeOf(value: unknown): number[] {
  return Array.isArray(value) ? [value.length, ...shapeOf(value[0])] : [];
}
