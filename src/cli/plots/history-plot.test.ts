/**
 * `lrlab plot history` through the real binary (dist/cli/bin.js, built before the tests run), on each of
 * the three shapes it reads and on bad input.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { pngSize } from "../../render/node.js";
import { markElements, parseSvg } from "../../test-support/svg.js";

const root = fileURLToPath(new URL("../../..", import.meta.url));
const bin = join(root, "dist/cli/bin.js");

function lrlab(args: string[]) {
  const result = spawnSync(process.execPath, [bin, ...args], { cwd: root, encoding: "utf8" });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

let work: string;
beforeAll(() => {
  if (!existsSync(bin)) throw new Error(`${bin} is missing: run npm run build (npm test does it)`);
  work = mkdtempSync(join(tmpdir(), "lrlab-plot-history-"));
});

/** Writes `text` to a file in the work directory; returns its path. */
function file(name: string, text: string): string {
  const path = join(work, name);
  writeFileSync(path, text);
  return path;
}

function plotSvg(from: string): Document {
  const out = join(work, `history-${Math.random().toString(36).slice(2)}.svg`);
  const { status, stdout, stderr } = lrlab(["plot", "history", "--from", from, "--out", out]);
  expect(stderr).toBe("");
  expect(status).toBe(0);
  expect(stdout).toMatch(/^Wrote .*\.svg \(svg, \d+×\d+\)\n$/);
  return parseSvg(readFileSync(out, "utf8"));
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
    const svg = plotSvg(file("keras.json", KERAS));
    expect(svg.querySelector(".figure-title")?.textContent).toBe(
      "Training history: loss and learning rate by epoch",
    );
    expect(subtitle(svg)).toBe(
      "Keras history · 7 epochs · rate 0.001 → 2e-4 · final loss not finite from epoch 7, val_loss 0.71",
    );
    expect(labels(svg, "series-label")).toEqual(["loss", "val_loss", "learning rate"]);
    expect(labels(svg, "rate-change-label")).toEqual(["×0.2"]);
  });

  it("draws a TF.js History saved as JSON, its epochs counted from 1", () => {
    const svg = plotSvg(file("tfjs.json", TFJS));
    expect(subtitle(svg)).toBe("TF.js History · 4 epochs · rate 0.05 → 0.01 · final loss 0.15");
    expect(labels(svg, "rate-change-label")).toEqual(["×0.2"]);
    expect(svg.querySelector("desc")?.textContent).toContain("at epoch 2 from 0.05 to 0.01");
  });

  it("draws a learningRateLogger log by step: every update's loss faint, the epochs' over it", () => {
    const svg = plotSvg(file("logger.json", LRLAB));
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
    const out = join(work, "history.png");
    const { status, stdout } = lrlab([
      "plot",
      "history",
      "--from",
      file("keras-png.json", KERAS),
      "--out",
      out,
    ]);
    expect(status).toBe(0);
    const [, width, height] = /\((?:png), (\d+)×(\d+)\)/.exec(stdout) ?? [];
    expect(pngSize(readFileSync(out))).toEqual({ width: 2 * Number(width), height: 2 * Number(height) });
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
      /^lrlab: error: .*array\.json: expected a Keras history\.history \(.*\), a TF\.js History saved as JSON \(.*\) or an lrlab\/tfjs learningRateLogger\(\) log; got an array\n$/,
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
      const { status, stdout, stderr } = lrlab([
        "plot",
        "history",
        "--from",
        file(name, text),
        "--out",
        join(work, "no.svg"),
      ]);
      expect(status).toBe(2);
      expect(stdout).toBe("");
      expect(stderr.split("\n")).toHaveLength(2); // one line and its newline
      expect(stderr).toMatch(message);
      expect(existsSync(join(work, "no.svg"))).toBe(false);
    });
  }

  it("asks for --from, and names a file it cannot read", () => {
    const missing = lrlab(["plot", "history", "--out", join(work, "no.svg")]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toBe(
      "lrlab: error: --from: expected the history's JSON file, e.g. --from history.json\n",
    );
    const absent = lrlab(["plot", "history", "--from", join(work, "absent.json")]);
    expect(absent.status).toBe(2);
    expect(absent.stderr).toMatch(
      /^lrlab: error: .*absent\.json: cannot read it \(no such file or directory\)\n$/,
    );
  });
});
