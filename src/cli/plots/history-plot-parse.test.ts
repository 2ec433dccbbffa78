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
      sharpness: null,
      optimizer: null,
      start: 0,
      end: 2,
    });
  });

  it("reads a sharpness key, keeping only the epochs where it was measured", () => {
    const history = parseHistory('{"loss": [1, 0.5, 0.4], "sharpness": [3, null, 5.5]}', "h.json");
    expect(history.sharpness).toEqual({ x: [1, 3], values: [3, 5.5] });
  });

  it("reads lrlab fit's document: the recorded steps, the sharpness where measured, the optimizer", () => {
    const history = parseHistory(
      JSON.stringify({
        optimizer: { name: "sgd", learningRate: 0.1, momentum: 0.9, nesterov: false },
        sharpness: { every: 2, step: [0, 2, 3], sharpness: [10, 12, 12.5] },
        history: [0, 1, 2, 3].map((step) => ({ step, epoch: step, learningRate: 0.1, loss: 4 - step })),
      }),
      "run.json",
    );
    expect(history).toMatchObject({
      kind: "lrlab-fit",
      unit: "step",
      epochs: { x: [0, 1, 2, 3], loss: [4, 3, 2, 1], valLoss: null },
      learningRate: { x: [0, 1, 2, 3], rates: [0.1, 0.1, 0.1, 0.1] },
      sharpness: { x: [0, 2, 3], values: [10, 12, 12.5] },
      optimizer: { name: "sgd", config: { learningRate: 0.1, momentum: 0.9, nesterov: false } },
      start: 0,
      end: 3,
    });
    expect(() => parseHistory('{"history": [{"step": 0, "loss": "x"}]}', "run.json")).toThrow(
      'run.json: history[0].loss: expected a number or null (a row of lrlab fit --json), got "x"',
    );
  });

  it("reads lrlab fit's CSV by step, the sharpness column sparse, and Python's nan and inf", () => {
    const history = parseHistory(
      "step,epoch,learningRate,loss,sharpness\n0,0,0.1,5,10\n1,1,0.1,inf,\n2,2,0.1,nan,11\n",
      "run.csv",
    );
    expect(history).toMatchObject({
      kind: "csv",
      unit: "step",
      epochs: { x: [0, 1, 2], loss: [5, Number.POSITIVE_INFINITY, Number.NaN] },
      sharpness: { x: [0, 2], values: [10, 11] },
      start: 0,
      end: 2,
    });
    expect(() => parseHistory("step,loss\n0,1,2\n", "run.csv")).toThrow(
      "run.csv: line 2: 3 cells, expected 2 as in the header",
    );
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
