/**
 * The real `lrlab` binary (dist/cli/bin.js, built by `npm test` before the tests run) on good and bad
 * input: exit codes, stdout, stderr and files, as a user would see them.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { expectUserError, lrlab, scratchDirectory } from "../test-support/cli.js";

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
      "oscillating",
      "diverging",
      "critical rate",
      "ExponentialDecay",
    ]) {
      expect(stdout).toContain(phrase);
    }
  });
});

describe("lrlab fit", () => {
  it("reports the run beside the theory for a person, with a verdict", () => {
    const { status, stdout } = lrlab(["fit", "--lr", "0.1"]);
    expect(status).toBe(0);
    expect(stdout).toContain("critical rate");
    expect(stdout).toContain("optimal rate");
    expect(stdout).toMatch(/Verdict {2}good/);
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
    const document = JSON.parse(stdout);
    expect(document.data).toMatchObject({ n: 100, x: "x", y: "y" });
    expect(document.optimizer).toEqual({ name: "sgd", learningRate: 0.05, momentum: 0.9, nesterov: false });
    expect(document.schedule).toEqual({ name: "constant", learningRate: 0.05 });
    expect(document.status).toBe("completed");
    expect(document.steps).toBe(40);
    expect(document.divergedAtStep).toBeNull();
    expect(document.history).toHaveLength(41);
    expect(Object.keys(document.history[0])).toEqual(["step", "epoch", "learningRate", "loss", "w", "b"]);
    expect(document.optimum.loss).toBeGreaterThan(0);
    expect(document.stability.criticalLearningRate).toBeCloseTo(
      2 / document.stability.hessianEigenvalues[0],
      12,
    );
  });

  it("reports divergence as a result: status, step, and null instead of Infinity", () => {
    const { status, stdout } = lrlab(["fit", "--json", "--lr", "1e200", "--diverge-factor", "1e308"]);
    expect(status).toBe(0);
    expect(stdout).not.toMatch(/NaN|Infinity/);
    const document = JSON.parse(stdout);
    expect(document.status).toBe("diverged");
    expect(document.divergedAtStep).toBeGreaterThan(0);
    expect(document.verdict.kind).toBe("diverged");
    expect(document.history.at(-1).loss).toBeNull();
  });

  it("hints how far above the critical rate a diverging rate is", () => {
    const { stdout } = lrlab(["fit", "--lr", "0.9"]);
    expect(stdout.replace(/\s+/g, " ")).toMatch(
      /lr 0\.9 is 2\.9× the critical rate 0\.3069: each step overshoots further; try ≤ 0\.3/,
    );
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
    expect(JSON.parse(stdout).data).toEqual({
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
    const document = JSON.parse(stdout);
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
    expect(JSON.parse(readFileSync(json, "utf8")).steps).toBe(3);
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
    expectUserError(
      ["fit", "--schedule", "exponential", "--decay-rate", "0.5"],
      /--decay-steps: required by exponential/,
    );
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
