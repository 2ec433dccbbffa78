/**
 * How TF.js 4.22.0's optimizers take a new rate, checked on real updates: one variable w = 1 and the loss
 * w², so the gradient is 2 and one SGD step with rate lr moves w to 1 − 2·lr.
 */
import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { learningRateOf, RATE_ACCESS, rateAccessOf, setLearningRate } from "./learning-rate.js";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

/** One step of `optimizer` on the loss w² from w = 1; the new w. */
function stepFromOne(optimizer: tf.Optimizer): number {
  const w = tf.variable(tf.scalar(1));
  optimizer.minimize(() => tf.square(w) as tf.Scalar, false, [w]);
  const value = w.dataSync()[0] as number;
  w.dispose();
  return value;
}

describe("TF.js optimizers and their rate", () => {
  it("SGD ignores an assigned learningRate (the reason setLearningRate exists): w = 1 − 2·0.5 = 0, not 1 − 2·0.1", () => {
    const optimizer = tf.train.sgd(0.5);
    (optimizer as unknown as { learningRate: number }).learningRate = 0.1;
    expect(stepFromOne(optimizer)).toBe(0);
  });

  it("setLearningRate takes effect for SGD and Momentum: w = 1 − 2·0.1 = 0.8", () => {
    for (const optimizer of [tf.train.sgd(0.5), tf.train.momentum(0.5, 0.9)]) {
      setLearningRate(optimizer, 0.1);
      expect(learningRateOf(optimizer)).toBe(0.1);
      expect(stepFromOne(optimizer)).toBeCloseTo(0.8, 6);
    }
  });

  it("assignment takes effect for Adam, RMSProp, Adagrad, Adadelta and Adamax: their first step scales with the rate", () => {
    const makers: [string, (rate: number) => tf.Optimizer][] = [
      ["Adam", (rate) => tf.train.adam(rate)],
      ["RMSProp", (rate) => tf.train.rmsprop(rate)],
      ["Adagrad", (rate) => tf.train.adagrad(rate)],
      ["Adadelta", (rate) => tf.train.adadelta(rate)],
      ["Adamax", (rate) => tf.train.adamax(rate)],
    ];
    for (const [name, make] of makers) {
      const reference = 1 - stepFromOne(make(0.01));
      const optimizer = make(0.5);
      expect(optimizer.getClassName()).toBe(name);
      expect(rateAccessOf(optimizer)).toBe("property");
      setLearningRate(optimizer, 0.01);
      // The same first step as an optimizer built with rate 0.01.
      expect(1 - stepFromOne(optimizer)).toBeCloseTo(reference, 7);
    }
  });

  it("knows every optimizer tf.train makes", () => {
    expect(Object.keys(RATE_ACCESS).sort()).toEqual(
      ["Adadelta", "Adagrad", "Adam", "Adamax", "Momentum", "RMSProp", "SGD"].sort(),
    );
  });

  it("refuses an optimizer it does not know, rather than assigning and hoping", () => {
    class Custom extends tf.Optimizer {
      static get className() {
        return "Custom";
      }
      learningRate = 0.1;
      applyGradients(): void {}
      getConfig() {
        return {};
      }
    }
    expect(() => setLearningRate(new Custom(), 0.2)).toThrow(
      /cannot change the learning rate of a Custom optimizer in place: it is none of TF.js's SGD, Momentum, Adam/,
    );
  });

  it("refuses a rate that is not a finite number ≥ 0", () => {
    expect(() => setLearningRate(tf.train.adam(), -1)).toThrow(
      "lrlab/tfjs: expected a learning rate ≥ 0, got -1",
    );
    expect(() => setLearningRate(tf.train.adam(), Number.POSITIVE_INFINITY)).toThrow("got Infinity");
  });
});
