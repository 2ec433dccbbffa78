/**
 * lrlab's models against TF.js on the same weights: the same Keras Dense layers, the same losses, so the
 * same loss and gradient, to float32 precision (TF.js computes in float32, lrlab in float64).
 *
 * Each case builds a `tf.sequential` of Dense layers matching the lrlab model, sets lrlab's glorot weights
 * with `setWeights` in Keras get_weights() order (lrlab's `toKerasWeights`), and compares the loss and
 * `tf.variableGrads` with `model.lossAndGradient` on the whole batch; then the trained weights after two
 * SGD steps of each, as Keras's `fit` would take them.
 */
import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { glorotUniform } from "../core/models/glorot.js";
import { type ActivationName, mlp } from "../core/models/mlp.js";
import { allRows, type ModelData, type ModelLossName, toKerasWeights } from "../core/models/model.js";
import { createRandom } from "../core/random.js";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

const ROWS = 24;

function dataFor(features: number, loss: ModelLossName): ModelData {
  const random = createRandom(11);
  const inputs = Float64Array.from({ length: ROWS * features }, () => random.normal());
  const targets = Float64Array.from({ length: ROWS }, (_, r) =>
    loss === "bce"
      ? (inputs[r * features] as number) > 0
        ? 1
        : 0
      : Math.sin(inputs[r * features] as number) * 2,
  );
  return { inputs, targets, features };
}

function tfLoss(loss: ModelLossName, labels: tf.Tensor, predictions: tf.Tensor): tf.Scalar {
  switch (loss) {
    case "mse":
      return tf.losses.meanSquaredError(labels, predictions) as tf.Scalar;
    case "mae":
      return tf.losses.absoluteDifference(labels, predictions) as tf.Scalar;
    case "huber":
      return tf.losses.huberLoss(labels, predictions, undefined, 1.0) as tf.Scalar;
    case "bce":
      return tf.metrics.binaryCrossentropy(labels, predictions).mean() as tf.Scalar;
  }
}

/** The relative gap between two vectors, against the larger's norm. */
function relativeGap(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let difference = 0;
  let size = 0;
  for (let i = 0; i < a.length; i++) {
    difference += ((a[i] as number) - (b[i] as number)) ** 2;
    size = Math.max(size, Math.abs(a[i] as number), Math.abs(b[i] as number));
  }
  return Math.sqrt(difference / a.length) / size;
}

const cases: [string, number, number[], ActivationName, ModelLossName][] = [
  ["1-16-1 tanh, MSE", 1, [16], "tanh", "mse"],
  ["2-8-8-1 relu, MSE", 2, [8, 8], "relu", "mse"],
  ["3-5-1 sigmoid, Huber", 3, [5], "sigmoid", "huber"],
  ["1-4-1 tanh, MAE", 1, [4], "tanh", "mae"],
  ["2-6-1 tanh, BCE with a sigmoid output", 2, [6], "tanh", "bce"],
  ["logistic regression (2-1 sigmoid), BCE", 2, [], "linear", "bce"],
];

describe("lrlab's models agree with TF.js on the same weights", () => {
  it.each(cases)(
    "%s: loss and gradient to float32 precision",
    (_name, features, hidden, activation, loss) => {
      const model = mlp({ inputs: features, hidden, activation, loss });
      const params = glorotUniform(model, 5);
      const data = dataFor(features, loss);
      const gradient = new Float64Array(model.parameterCount);
      const lrlabLoss = model.lossAndGradient(params, data, allRows(ROWS), gradient);

      const tfModel = tf.sequential();
      model.layers.forEach(({ inputs, units }, l) => {
        const last = l === model.layers.length - 1;
        tfModel.add(
          tf.layers.dense({
            units,
            inputShape: [inputs],
            activation: last ? (loss === "bce" ? "sigmoid" : "linear") : activation,
          }),
        );
      });
      const weights = toKerasWeights(model, params).map((w) => tf.tensor(w as number[]));
      tfModel.setWeights(weights);
      const x = tf.tensor2d(Array.from(data.inputs), [ROWS, features]);
      const y = tf.tensor2d(Array.from(data.targets), [ROWS, 1]);
      const { value, grads } = tf.variableGrads(() => tfLoss(loss, y, tfModel.predict(x) as tf.Tensor));
      const tfGradient: number[] = [];
      for (const variable of tfModel.trainableWeights) {
        tfGradient.push(...(grads[variable.originalName] as tf.Tensor).dataSync());
      }
      expect(Math.abs(lrlabLoss - (value.dataSync()[0] as number)) / Math.abs(lrlabLoss)).toBeLessThan(1e-5);
      expect(relativeGap(gradient, tfGradient)).toBeLessThan(1e-5);
      tf.dispose([x, y, value, ...Object.values(grads), ...weights]);
      tfModel.dispose();
    },
  );
});
