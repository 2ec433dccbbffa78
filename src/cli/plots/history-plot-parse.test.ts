import { describe, expect, it } from "vitest";
import { parseHistory } from "./history-plot-parse.js";

describe("parseHistory", () => {
  it("reads a Keras dump: x counts epochs completed, each epoch's rate held from e − 1 to e", () => {
    const history = parseHistory(
      '{"loss": [1, 0.5], "val_loss": [1.1, 0.6], "learning_rate": [0.1, 0.01]}',
      "h.json",
    );
    expect(history).toEqual({
      kind: "keras",
      unit: "epoch",
      epochs: { x: [1, 2], loss: [1, 0.5], valLoss: [1.1, 0.6] },
      batches: null,
      learningRate: { x: [0, 1], rates: [0.1, 0.01], key: "learning_rate" },
      start: 0,
      end: 2,
    });
  });

  it("reads Python's bare NaN and ±Infinity, and leaves the words inside strings alone", () => {
    const history = parseHistory(
      '{"loss": [NaN, Infinity, -Infinity, null], "lr NaN Infinity": [1, 2, 3, 4]}',
      "h.json",
    );
    expect(history.epochs.loss).toEqual([
      Number.NaN,
      Number.POSITIVE_INFINITY,
      Number.NEGATIVE_INFINITY,
      Number.NaN,
    ]);
    expect(history.learningRate).toBeNull();
  });

  it("reads a TF.js History from the epoch fit counted, so a resumed run starts where it resumed", () => {
    const history = parseHistory(
      '{"epoch": [5, 6], "history": {"loss": [0.3, 0.2], "lr": [0.01, 0.01]}}',
      "h.json",
    );
    expect(history.epochs.x).toEqual([6, 7]);
    expect(history.learningRate).toEqual({ x: [5, 6], rates: [0.01, 0.01], key: "lr" });
    expect([history.start, history.end]).toEqual([5, 7]);
  });

  it("refuses a TF.js History whose epochs and values disagree", () => {
    expect(() => parseHistory('{"epoch": [0], "history": {"loss": [0.3, 0.2]}}', "h.json")).toThrow(
      'h.json: "epoch" has 1 values but "history" has 2 per quantity: expected one per epoch',
    );
  });

  it("refuses an lrlab log whose series disagree, naming the series", () => {
    const log = {
      format: "lrlab/learning-rate-log",
      version: 1,
      batches: { step: [0, 1], epoch: [0, 0], batch: [0, 1], learningRate: [0.1], loss: [1, 0.5] },
      epochs: { epoch: [0], step: [2], learningRate: [0.1], logs: { loss: [0.7] } },
    };
    expect(() => parseHistory(JSON.stringify(log), "log.json")).toThrow(
      "log.json: batches.learningRate has 1 values but batches.step has 2: expected one per update",
    );
  });
});
