/**
 * `reduceLROnPlateau` for TF.js reduces the rate exactly when Keras's ReduceLROnPlateau would: a crafted
 * sequence of monitored values through the callback's hooks with a real compiled model, and real
 * `model.fit` runs.
 */
import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { reduceLROnPlateau as corePlateau } from "../core/callbacks/reduce-lr-on-plateau.js";
import { learningRateOf } from "./learning-rate.js";
import { learningRateLogger } from "./learning-rate-logger.js";
import { reduceLROnPlateau } from "./reduce-lr-on-plateau.js";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

function linearModel(optimizer: tf.Optimizer): tf.Sequential {
  const model = tf.sequential({
    layers: [
      tf.layers.dense({ units: 1, inputShape: [1], kernelInitializer: "ones", biasInitializer: "zeros" }),
    ],
  });
  model.compile({ optimizer, loss: "meanSquaredError" });
  return model;
}

describe("reduceLROnPlateau through its hooks, with a real optimizer", () => {
  // patience 2, factor 0.5, min_delta 0.01, cooldown 1, min_lr 0.02, from lr 0.1. Keras's trace:
  //   epoch 0  1.0    best 1.0
  //   epoch 1  0.999  not < 1.0 − 0.01: wait 1
  //   epoch 2  0.998  wait 2 ≥ patience: lr 0.1 → 0.05, cooldown 1, wait 0
  //   epoch 3  0.9    cooldown 1 → 0 (wait 0); improves: best 0.9
  //   epoch 4  0.899  wait 1
  //   epoch 5  0.898  wait 2: lr 0.05 → 0.025, cooldown 1
  //   epoch 6  0.897  cooldown 1 → 0, then no longer in cooldown, so it counts: wait 1
  //   epoch 7  0.896  wait 2: lr 0.025 → max(0.0125, min_lr 0.02) = 0.02, cooldown 1
  //   epoch 8  0.895  cooldown → 0; wait 1
  //   epoch 9  0.894  wait 2, but old lr 0.02 is not > min_lr 0.02: no reduction (wait keeps growing)
  //   epoch 10 0.5    improves: best 0.5
  const values = [1.0, 0.999, 0.998, 0.9, 0.899, 0.898, 0.897, 0.896, 0.895, 0.894, 0.5];
  const expected = [0.1, 0.1, 0.05, 0.05, 0.05, 0.025, 0.025, 0.02, 0.02, 0.02, 0.02];
  const options = { patience: 2, factor: 0.5, minDelta: 0.01, cooldown: 1, minLr: 0.02 };

  for (const [name, make] of [
    ["sgd", () => tf.train.sgd(0.1)],
    ["momentum", () => tf.train.momentum(0.1, 0.9)],
    ["adam", () => tf.train.adam(0.1)],
  ] as const) {
    it(`${name}: reduces after epochs 2, 5 and 7, as Keras, and logs each epoch's rate`, async () => {
      const model = linearModel(make());
      const callback = reduceLROnPlateau(options);
      callback.setModel(model);
      await callback.onTrainBegin();
      const rates: number[] = [];
      const logged: number[] = [];
      for (const [epoch, value] of values.entries()) {
        // As in fit: the logs hold scalar tensors.
        const logs: Record<string, tf.Scalar | number> = { val_loss: tf.scalar(value) };
        await callback.onEpochEnd(epoch, logs);
        rates.push(learningRateOf(model.optimizer));
        logged.push(logs.learning_rate as number);
      }
      for (const [epoch, rate] of rates.entries()) expect(rate).toBeCloseTo(expected[epoch] as number, 15);
      // Keras writes the epoch's rate (before any reduction) into the logs.
      expect(logged.slice(1)).toEqual(rates.slice(0, -1));
      expect(callback.reductions.map((reduction) => reduction.epoch)).toEqual([2, 5, 7]);
      model.dispose();
    });
  }

  it("takes minDeltaMode 'rel' (PyTorch threshold_mode): a 1% fall is no improvement under min_delta 0.05 rel", async () => {
    // From lr 0.1, patience 1, factor 0.5, min_delta 0.05 rel:
    //   epoch 0  1000   best 1000
    //   epoch 1   990   not < 1000·0.95 = 950: wait 1 ≥ patience → 0.05
    //   epoch 2   900   < 950: best 900
    //   epoch 3   890   not < 855 → 0.025
    // With abs min_delta 0.05 every one of these falls would count as an improvement.
    const model = linearModel(tf.train.sgd(0.1));
    const callback = reduceLROnPlateau({ patience: 1, factor: 0.5, minDelta: 0.05, minDeltaMode: "rel" });
    callback.setModel(model);
    await callback.onTrainBegin();
    const rates: number[] = [];
    for (const [epoch, value] of [1000, 990, 900, 890].entries()) {
      await callback.onEpochEnd(epoch, { val_loss: value });
      rates.push(learningRateOf(model.optimizer));
    }
    expect(rates.map((rate) => Number(rate.toPrecision(6)))).toEqual([0.1, 0.05, 0.05, 0.025]);
    model.dispose();
  });

  it("is the core's rule: the same rates as the core callback on the same values", async () => {
    const model = linearModel(tf.train.sgd(0.1));
    const callback = reduceLROnPlateau({ ...options, monitor: "loss" });
    callback.setModel(model);
    await callback.onTrainBegin();
    const core = corePlateau({ ...options, monitor: "loss" });
    const state = core.init();
    let coreRate = 0.1;
    for (const [epoch, value] of values.entries()) {
      await callback.onEpochEnd(epoch, { loss: value });
      coreRate = core.onEpochEnd(state, value, coreRate);
      expect(learningRateOf(model.optimizer)).toBe(coreRate);
    }
    expect(callback.state).toEqual(state);
    model.dispose();
  });
});

describe("reduceLROnPlateau in model.fit", () => {
  // A rate of 1e-30 cannot move weights of about 1 in float32: the loss is the same every epoch, so
  // nothing improves after epoch 0, and with patience 2 Keras reduces after epochs 2, 4 and 6.
  const x = tf.tensor2d([[0], [1], [2], [3]]);
  const y = tf.tensor2d([[1], [3], [5], [7]]);

  it("watches val_loss by default (Keras's default) and reduces after epochs 2, 4 and 6", async () => {
    const model = linearModel(tf.train.sgd(1e-30));
    const logger = learningRateLogger();
    const plateau = reduceLROnPlateau({ patience: 2, factor: 0.5 });
    const history = await model.fit(x, y, {
      epochs: 7,
      batchSize: 2,
      verbose: 0,
      validationData: [x, y],
      callbacks: [plateau, logger],
    });
    expect(plateau.reductions.map((reduction) => reduction.epoch)).toEqual([2, 4, 6]);
    // The epochs' rates as fit's History records them (Keras's learning_rate), before each reduction.
    expect(history.history.learning_rate).toEqual([1e-30, 1e-30, 1e-30, 5e-31, 5e-31, 2.5e-31, 2.5e-31]);
    // Each update of the next epoch used the reduced rate.
    const log = logger.toJSON();
    expect(log.batches.learningRate).toEqual([
      1e-30, 1e-30, 1e-30, 1e-30, 1e-30, 1e-30, 5e-31, 5e-31, 5e-31, 5e-31, 2.5e-31, 2.5e-31, 2.5e-31,
      2.5e-31,
    ]);
    expect(learningRateOf(model.optimizer)).toBe(1.25e-31);
    model.dispose();
  });

  it("says which quantities there are when the monitored one is missing (val_loss without validation data)", async () => {
    const model = linearModel(tf.train.sgd(0.01));
    const fit = model.fit(x, y, { epochs: 1, verbose: 0, callbacks: [reduceLROnPlateau()] });
    await expect(fit).rejects.toThrow(
      'reduceLROnPlateau: monitor "val_loss" is not in the epoch\'s logs, which have "loss" (val_ quantities need validationData or validationSplit in model.fit)',
    );
    model.dispose();
  });

  it("refuses a factor ≥ 1, as Keras, and a relative minDelta ≥ 1, which nothing could beat", () => {
    expect(() => reduceLROnPlateau({ factor: 1 })).toThrow(/factor/);
    expect(() => reduceLROnPlateau({ minDeltaMode: "rel", minDelta: 1.5 })).toThrow(
      /^reduceLROnPlateau: minDelta: expected a number below 1 with .*"rel".*got 1\.5$/,
    );
  });
});
