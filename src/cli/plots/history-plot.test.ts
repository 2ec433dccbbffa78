/**
 * `lrlab plot history` through the real binary (dist/cli/bin.js, built before the tests run), on each of
 * the three shapes it reads and on bad input.
 */
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  expectPngAtTwiceStatedSize,
  expectUserError,
  lrlab,
  plotSvg,
  scratchDirectory,
} from "../../test-support/cli.js";
import { markElements, pathPoints } from "../../test-support/svg.js";

const work = scratchDirectory("plot-history");

/** Writes `text` to a file in the work directory; returns its path. */
function file(name: string, text: string): string {
  const path = join(work, name);
  writeFileSync(path, text);
  return path;
}

const subtitle = (svg: Document) => svg.querySelector(".figure-subtitle")?.textContent;
const labels = (svg: Document, className: string) =>
  [...svg.querySelectorAll(`g.${className} text`)].map((text) => text.textContent);

// As Keras 3's `json.dump(history.history, f)` writes it, NaN included (Python's json writes it bare).
const KERAS = `{"loss": [1.5, 0.9, 0.7, 0.65, 0.64, 0.6, NaN], "val_loss": [1.6, 1.0, 0.8, 0.79, 0.8, 0.7, 0.71],
 "learning_rate": [0.001, 0.001, 0.001, 0.001, 0.001, 0.0002, 0.0002]}`;

// As JSON.stringify(await model.fit(...)) writes a TF.js History (Keras 2's "lr" as the rate's key here).
const TFJS = JSON.stringify({
  validationData: null,
  params: {
    epochs: 4,
    initialEpoch: 0,
    samples: 8,
    steps: null,
    batchSize: 2,
    verbose: 0,
    doValidation: false,
    metrics: ["loss"],
  },
  epoch: [0, 1, 2, 3],
  history: { loss: [0.6, 0.23, 0.16, 0.15], lr: [0.05, 0.05, 0.01, 0.01] },
});

// A learningRateLogger() log: 2 epochs of 3 updates.
const LRLAB = JSON.stringify({
  format: "lrlab/learning-rate-log",
  version: 1,
  batches: {
    step: [0, 1, 2, 3, 4, 5],
    epoch: [0, 0, 0, 1, 1, 1],
    batch: [0, 1, 2, 0, 1, 2],
    learningRate: [0.1, 0.1, 0.1, 0.1, 0.1, 0.1],
    loss: [1, 0.64, 0.45, 0.35, null, 0.24],
  },
  epochs: {
    epoch: [0, 1],
    step: [3, 6],
    learningRate: [0.1, 0.1],
    logs: { loss: [0.7, 0.3], val_loss: [0.8, 0.4] },
  },
});

describe("lrlab plot history", () => {
  it("draws a Keras history.history dump by epoch, reading Python's NaN", () => {
    const svg = plotSvg("history", ["--from", file("keras.json", KERAS)], work);
    expect(svg.querySelector(".figure-title")?.textContent).toBe(
      "Training history: loss and learning rate by epoch",
    );
    expect(subtitle(svg)).toBe(
      "Keras history · 7 epochs · rate 0.001 → 2e−4 · final loss not finite from epoch 7, val_loss 0.71",
    );
    expect(labels(svg, "series-label")).toEqual(["loss", "val_loss", "learning rate"]);
    expect(labels(svg, "rate-change-label")).toEqual(["×0.2"]);
  });

  it("draws a TF.js History saved as JSON, its epochs counted from 1", () => {
    const svg = plotSvg("history", ["--from", file("tfjs.json", TFJS)], work);
    expect(subtitle(svg)).toBe("TF.js History · 4 epochs · rate 0.05 → 0.01 · final loss 0.15");
    expect(labels(svg, "rate-change-label")).toEqual(["×0.2"]);
    expect(svg.querySelector("desc")?.textContent).toContain("at epoch 2 from 0.05 to 0.01");
  });

  it("draws a learningRateLogger log by step: every update's loss faint, the epochs' over it", () => {
    const svg = plotSvg("history", ["--from", file("logger.json", LRLAB)], work);
    expect(svg.querySelector(".figure-title")?.textContent).toBe(
      "Training history: loss and learning rate by step",
    );
    expect(subtitle(svg)).toBe(
      "learningRateLogger log · 6 updates in 2 epochs · rate 0.1 · final loss 0.3, val_loss 0.4",
    );
    expect(markElements(svg, "batch-loss-line", "path")).toHaveLength(1);
    expect(labels(svg, "series-label")).toEqual(["batch loss", "epoch loss", "val_loss", "learning rate"]);
  });

  it("writes a PNG of twice the stated size", () => {
    expectPngAtTwiceStatedSize(
      ["plot", "history", "--from", file("keras-png.json", KERAS)],
      join(work, "history.png"),
    );
  });

  for (const [what, name, text, message] of [
    [
      "bad JSON",
      "broken.json",
      '{"loss": [1, 2,',
      /^lrlab: error: .*broken\.json: not valid JSON \(.*\); expected a Keras history\.history/,
    ],
    [
      "an unrecognised shape",
      "array.json",
      "[1, 2, 3]",
      /^lrlab: error: .*array\.json: expected a Keras history\.history \(.*\), a TF\.js History saved as JSON \(.*\), an lrlab\/tfjs learningRateLogger\(\) log or an lrlab fit --json document; got an array\n$/,
    ],
    [
      "series of different lengths",
      "ragged.json",
      '{"loss": [1, 0.5, 0.4], "val_loss": [1, 0.6]}',
      /^lrlab: error: .*ragged\.json: "val_loss" has 2 values but "loss" has 3: expected one per epoch\n$/,
    ],
    [
      "a value that is not a number",
      "text.json",
      '{"loss": [1, "0.5"]}',
      /^lrlab: error: .*text\.json: "loss"\[1\]: expected a number or null, got "0\.5"\n$/,
    ],
    [
      "no loss at all",
      "acc.json",
      '{"accuracy": [0.5, 0.6]}',
      /^lrlab: error: .*acc\.json: no "loss" or "val_loss" among "accuracy"/,
    ],
    [
      "a log of another format",
      "other.json",
      '{"format": "something-else"}',
      /^lrlab: error: .*other\.json: unknown format "something-else": expected/,
    ],
  ] as const) {
    it(`refuses ${what} with one line naming the file, exit status 2`, () => {
      expectUserError(
        ["plot", "history", "--from", file(name, text), "--out", join(work, "no.svg")],
        message,
      );
      expect(existsSync(join(work, "no.svg"))).toBe(false);
    });
  }

  it("draws the sharpness of an lrlab fit with --track-sharpness, JSON or CSV, under 2/η", () => {
    const run = ["fit", "--model", "mlp", "--lr", "0.1", "--steps", "100", "--track-sharpness", "10"];
    for (const name of ["tracked.json", "tracked.csv"]) {
      const path = join(work, name);
      expect(lrlab([...run, "--out", path]).status).toBe(0);
      const svg = plotSvg("history", ["--from", path], work);
      expect(svg.querySelector(".figure-title")?.textContent).toBe(
        "Training history: loss, sharpness and learning rate by step",
      );
      // Steps 0, 10, …, 100 measured; 2/η = 2/0.1 = 20 drawn from the rate.
      expect(markElements(svg, "sharpness-dot", "circle")).toHaveLength(11);
      expect(markElements(svg, "bound-line", "path")).toHaveLength(1);
      expect(labels(svg, "series-label")).toEqual([
        "loss",
        "sharpness λmax",
        name.endsWith(".json") ? "2/η" : "2/η if plain SGD (give --optimizer)",
        "learning rate",
      ]);
      expect(subtitle(svg)).toMatch(
        /^(lrlab fit run|CSV history) · 101 recorded steps · rate 0\.1 · final loss /,
      );
    }
  });

  it("draws a Keras history's sharpness key, with no bound for an lrlab fit with Adam", () => {
    const keras = file(
      "keras-sharpness.json",
      '{"loss": [2, 1, 0.8], "sharpness": [5, 8, 9.5], "learning_rate": [0.1, 0.1, 0.1]}',
    );
    const svg = plotSvg("history", ["--from", keras], work);
    expect(markElements(svg, "sharpness-dot", "circle")).toHaveLength(3);
    expect(labels(svg, "series-label")).toContain("2/η if plain SGD (give --optimizer)");
    const adamRun = join(work, "adam.json");
    expect(
      lrlab([
        "fit",
        "--model",
        "mlp",
        "--optimizer",
        "adam",
        "--steps",
        "20",
        "--track-sharpness",
        "5",
        "--out",
        adamRun,
      ]).status,
    ).toBe(0);
    const adam = plotSvg("history", ["--from", adamRun], work);
    expect(markElements(adam, "sharpness-dot", "circle")).toHaveLength(5);
    expect(adam.querySelector("g.bound-line")).toBeNull();
    expect(adam.querySelector("g.bound-note text")?.textContent).toBe(
      "Adam has no 2/η bound: its steps are scaled weight by weight",
    );
  });

  it("takes the optimizer from --optimizer when the file does not name it: momentum's 2(1 + β)/η, Adam's none", () => {
    const run = join(work, "momentum-run.csv");
    const args = ["fit", "--model", "mlp", "--optimizer", "momentum", "--lr", "0.05", "--steps", "40"];
    expect(lrlab([...args, "--track-sharpness", "20", "--out", run]).status).toBe(0);
    // The same CSV: unnamed, 2/η = 2/0.05 = 40 is a guess; with --optimizer momentum (β = 0.9) the bound
    // is momentum's 2(1 + 0.9)/0.05 = 76.
    const guessed = plotSvg("history", ["--from", run], work);
    const named = plotSvg("history", ["--from", run, "--optimizer", "momentum"], work);
    expect(labels(named, "series-label")).toContain("2(1 + β)/η");
    expect(labels(guessed, "series-label")).toContain("2/η if plain SGD (give --optimizer)");
    const adam = plotSvg("history", ["--from", run, "--optimizer", "adam"], work);
    expect(adam.querySelector("g.bound-line")).toBeNull();
    expect(adam.querySelector("g.bound-note text")?.textContent).toMatch(/^Adam has no 2\/η bound/);
    // Flags that cannot apply are refused in one line.
    expectUserError(
      ["plot", "history", "--from", run, "--optimizer", "adam", "--momentum", "0.9"],
      "--momentum applies only with --optimizer sgd or momentum, not adam",
    );
    expectUserError(
      ["plot", "history", "--from", run, "--momentum", "0.9"],
      "--momentum applies only with --optimizer sgd or momentum",
    );
    const jsonRun = join(work, "momentum-run.json");
    expect(lrlab([...args, "--out", jsonRun]).status).toBe(0);
    expectUserError(
      ["plot", "history", "--from", jsonRun, "--optimizer", "sgd"],
      "--optimizer: the file names its optimizer (sgd); drop --optimizer",
    );
  });

  it("draws a rate of 0 between epochs: no 2/η where η = 0, the bound held on either side", () => {
    const zero = file(
      "zero-rate.json",
      '{"loss": [1, 0.5, 0.4], "sharpness": [10, 12, 5], "learning_rate": [0.1, 0, 0.1]}',
    );
    const svg = plotSvg("history", ["--from", zero], work);
    // 2/0.1 = 20 over epochs 0–1 and 2–3, nothing over 1–2: two pieces of one dashed line, each two
    // epochs' points long, at one height.
    const [bound] = markElements(svg, "bound-line", "path");
    const pieces = (bound?.getAttribute("d") ?? "").split("M").filter(Boolean);
    expect(pieces).toHaveLength(2);
    const points = pieces.map((piece) => pathPoints(`M${piece}`));
    expect(new Set(points.flat().map(([, y]) => y)).size).toBe(1);
    expect((points[0]?.at(-1)?.[0] as number) < (points[1]?.[0]?.[0] as number)).toBe(true);
    // A negative sharpness and a negative rate: drawn inside the panel, not a crash.
    const negative = file(
      "negative.json",
      '{"loss": [1, 0.5, 0.4], "sharpness": [10, -12, 0], "learning_rate": [0.1, 0, -0.1]}',
    );
    const drawn = plotSvg("history", ["--from", negative], work);
    expect(markElements(drawn, "sharpness-dot", "circle")).toHaveLength(3);
  });

  it("says where the loss or the sharpness was not a number, instead of a silent gap", () => {
    const blown = file(
      "blown.json",
      '{"loss": [1, 0.5, NaN, 0.3], "sharpness": [10, 12, 15, Infinity], "learning_rate": [0.1, 0.1, 0.1, 0.1]}',
    );
    const svg = plotSvg("history", ["--from", blown], work);
    expect(subtitle(svg)).toBe(
      "Keras history · 4 epochs · rate 0.1 · final loss 0.3 · loss not finite at epoch 3 · sharpness not finite at epoch 4",
    );
    expect(markElements(svg, "sharpness-dot", "circle")).toHaveLength(3);
  });

  it("reads a Keras CSVLogger file by epoch, and refuses a cell that is not a number by line and column", () => {
    const svg = plotSvg(
      "history",
      [
        "--from",
        file(
          "logger.csv",
          "epoch,learning_rate,loss,val_loss\n0,0.01,1.5,1.6\n1,0.01,0.9,nan\n2,0.005,0.7,0.8\n",
        ),
      ],
      work,
    );
    // CSVLogger's "nan" at the second epoch is said, not left as an unexplained gap.
    expect(subtitle(svg)).toBe(
      "CSV history · 3 epochs · rate 0.01 → 0.005 · final loss 0.7, val_loss 0.8 · val_loss not finite at epoch 2",
    );
    expect(labels(svg, "series-label")).toEqual(["loss", "val_loss", "learning rate"]);
    expectUserError(
      ["plot", "history", "--from", file("bad.csv", "step,loss\n0,1\n1,oops\n")],
      /^lrlab: error: .*bad\.csv: line 3, column 2 \("loss"\): "oops" is not a number\n$/,
    );
    expectUserError(
      ["plot", "history", "--from", file("noloss.csv", "step,acc\n0,1\n")],
      /^lrlab: error: .*noloss\.csv: line 1: no "loss" or "val_loss" column among "step", "acc"; expected a header row/,
    );
  });

  it("asks for --from, and names a file it cannot read", () => {
    expectUserError(
      ["plot", "history", "--out", join(work, "no.svg")],
      "--from: expected the history's JSON file, e.g. --from history.json",
    );
    expectUserError(
      ["plot", "history", "--from", join(work, "absent.json")],
      /^lrlab: error: .*absent\.json: cannot read it \(no such file or directory\)\n$/,
    );
  });
});
