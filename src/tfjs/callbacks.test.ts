/**
 * `terminateOnNaN` and `learningRateLogger` in real `model.fit` runs, and what they and `fit` save drawn
 * by the real `lrlab plot history` binary.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { lrlab, scratchDirectory } from "../test-support/cli.js";
import { LEARNING_RATE_LOG_FORMAT, learningRateLogger } from "./learning-rate-logger.js";
import { learningRateScheduler } from "./learning-rate-scheduler.js";
import { reduceLROnPlateau } from "./reduce-lr-on-plateau.js";
import { terminateOnNaN } from "./terminate-on-nan.js";

let work: string;

beforeAll(async () => {
  await tf.setBackend("cpu");
  work = scratchDirectory("tfjs-callbacks");
});

function linearModel(rate: number): tf.Sequential {
  const model = tf.sequential({
    layers: [
      tf.layers.dense({ units: 1, inputShape: [1], kernelInitializer: "ones", biasInitializer: "zeros" }),
    ],
  });
  model.compile({ optimizer: tf.train.sgd(rate), loss: "meanSquaredError" });
  return model;
}

describe("terminateOnNaN", () => {
  it("stops fit after the first batch whose loss is NaN, as Keras's TerminateOnNaN", async () => {
    const model = linearModel(0.01);
    const lines: string[] = [];
    const stop = terminateOnNaN({ log: (line) => lines.push(line) });
    const logger = learningRateLogger();
    // Batches of 2 in order: the second batch holds the NaN target.
    const history = await model.fit(
      tf.tensor2d([[1], [2], [3], [4], [5], [6]]),
      tf.tensor2d([[1], [2], [Number.NaN], [4], [5], [6]]),
      {
        epochs: 3,
        batchSize: 2,
        shuffle: false,
        verbose: 0,
        callbacks: [stop, logger],
      },
    );
    expect(stop.stoppedAt).toEqual({ epoch: 0, batch: 1, loss: Number.NaN });
    expect(lines).toEqual(["Batch 1: Invalid loss, terminating training"]);
    // The third batch and the later epochs never ran; the epoch still ended, for every callback.
    expect(logger.length).toBe(2);
    expect(history.epoch).toEqual([0]);
    model.dispose();
  });
});

describe("learningRateLogger", () => {
  it("records every update's step, rate and loss across fit calls, and every epoch's logs", async () => {
    const model = linearModel(0.1);
    const logger = learningRateLogger();
    const x = tf.tensor2d([[1], [1], [1], [1]]);
    const y = tf.tensor2d([[0], [0], [0], [0]]);
    const options = { batchSize: 2, verbose: 0, validationData: [x, y] as [tf.Tensor, tf.Tensor] };
    await model.fit(x, y, {
      ...options,
      epochs: 1,
      callbacks: [learningRateScheduler((step) => 0.1 / (step + 1)), logger],
    });
    await model.fit(x, y, { ...options, epochs: 2, initialEpoch: 1, callbacks: [logger] });
    const log = logger.toJSON();
    expect(log.format).toBe(LEARNING_RATE_LOG_FORMAT);
    expect(log.batches.step).toEqual([0, 1, 2, 3]);
    expect(log.batches.epoch).toEqual([0, 0, 1, 1]);
    expect(log.batches.batch).toEqual([0, 1, 0, 1]);
    // 0.1/1, 0.1/2, then the second fit keeps the last rate the scheduler set.
    expect(log.batches.learningRate).toEqual([0.1, 0.05, 0.05, 0.05]);
    // w = 1 at first: loss (1·1 + 0 − 0)² = 1 before the first update.
    expect(log.batches.loss[0]).toBe(1);
    expect(log.epochs.epoch).toEqual([0, 1]);
    expect(log.epochs.step).toEqual([2, 4]);
    expect(Object.keys(log.epochs.logs).sort()).toEqual(["loss", "val_loss"]);
    expect(log.epochs.logs.val_loss).toHaveLength(2);
    expect(JSON.parse(JSON.stringify(logger))).toEqual(log);
    model.dispose();
  });

  it("writes a NaN loss as null", async () => {
    const model = linearModel(0.1);
    const logger = learningRateLogger();
    await model.fit(tf.tensor2d([[1], [2]]), tf.tensor2d([[Number.NaN], [1]]), {
      epochs: 1,
      batchSize: 1,
      shuffle: false,
      verbose: 0,
      callbacks: [logger],
    });
    expect(logger.toJSON().batches.loss[0]).toBeNull();
    model.dispose();
  });
});

describe("what fit and the logger save, drawn by lrlab plot history", () => {
  it("draws a real TF.js History and a real learningRateLogger log", async () => {
    const model = linearModel(1e-30);
    const logger = learningRateLogger();
    const x = tf.tensor2d([[0], [1], [2], [3]]);
    const y = tf.tensor2d([[1], [3], [5], [7]]);
    const history = await model.fit(x, y, {
      epochs: 6,
      batchSize: 2,
      verbose: 0,
      validationData: [x, y],
      callbacks: [reduceLROnPlateau({ patience: 2, factor: 0.1 }), logger],
    });
    model.dispose();
    for (const [name, saved, subtitle] of [
      ["history.json", history, /^TF\.js History · 6 epochs · rate 1e−30 → 1e−32 · final loss /],
      [
        "log.json",
        logger,
        /^learningRateLogger log · 12 updates in 6 epochs · rate 1e−30 → 1e−32 · final loss /,
      ],
    ] as const) {
      const from = join(work, name);
      writeFileSync(from, JSON.stringify(saved));
      const out = join(work, `${name}.svg`);
      const result = lrlab(["plot", "history", "--from", from, "--out", out]);
      expect(result.stderr).toBe("");
      expect(result.status).toBe(0);
      const svg = readFileSync(out, "utf8");
      expect(/class="figure-subtitle"[^>]*>([^<]*)</.exec(svg)?.[1]).toMatch(subtitle);
      // A rate of 1e-30 moves nothing: val_loss is constant, and patience 2 reduces after epochs 3 and 5.
      expect(svg.match(/×0\.1/g)).toHaveLength(2);
    }
  });
});
