/**
 * `sharpnessMonitor` measures the same λmax as lrlab: the exact eigenvalue for a one-unit linear model,
 * lrlab's exact Hessian-vector power iteration for an MLP on the same weights; and it leaves training
 * exactly as it would have been without it.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { glorotUniform } from "../core/models/glorot.js";
import { mlp } from "../core/models/mlp.js";
import { toKerasWeights } from "../core/models/model.js";
import { sharpness } from "../core/models/sharpness.js";
import { createRandom } from "../core/random.js";
import { plotSvg, scratchDirectory } from "../test-support/cli.js";
import { markElements } from "../test-support/svg.js";
import { learningRateScheduler } from "./learning-rate-scheduler.js";
import { measureSharpness, type SharpnessMeasurement, sharpnessMonitor } from "./sharpness-monitor.js";
import { terminateOnNaN } from "./terminate-on-nan.js";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

function dense(units: number, inputs: number, activation: "linear" | "tanh" | "sigmoid" = "linear") {
  return tf.layers.dense({ units, inputShape: [inputs], activation });
}

describe("measureSharpness", () => {
  it("equals the exact λmax of a one-unit linear model under MSE, 2·λmax of [[mean x², mean x], [mean x, 1]]", () => {
    // x = 0, 1, 2, 3, 4: mean x = 2, mean x² = 6; H = 2·[[6, 2], [2, 1]] = [[12, 4], [4, 2]].
    // λ = 7 ± √(25 + 16) = 7 ± √41: λmax = 13.403124…, whatever the weights (the loss is quadratic).
    const exact = 7 + Math.sqrt(41);
    const model = tf.sequential({ layers: [dense(1, 1)] });
    model.compile({ optimizer: tf.train.sgd(0.01), loss: "meanSquaredError" });
    model.setWeights([tf.tensor2d([[0.7]]), tf.tensor1d([-2])]);
    const x = tf.tensor2d([0, 1, 2, 3, 4], [5, 1]);
    const y = tf.tensor2d([1, 3, 2, 5, 4], [5, 1]);
    const measured = measureSharpness(model, x, y);
    expect(Math.abs(measured.sharpness - exact) / exact).toBeLessThan(1e-3);
    expect(measured.criticalLearningRate).toBeCloseTo(2 / measured.sharpness, 12);
    expect(measured.converged).toBe(true);
    // The same in chunks of 2 rows (the gradient summed over chunks, weighted by their sizes).
    const chunked = measureSharpness(model, x, y, { batchSize: 2 });
    expect(Math.abs(chunked.sharpness - exact) / exact).toBeLessThan(1e-3);
    tf.dispose([x, y]);
    model.dispose();
  });

  it.each([
    ["2-8-1 tanh, MSE", 2, [8], "tanh", "mse"],
    ["1-16-1 tanh, MSE", 1, [16], "tanh", "mse"],
    ["2-6-1 tanh, BCE", 2, [6], "tanh", "bce"],
  ] as const)(
    "%s: matches lrlab's exact Hessian-vector power iteration on the same weights",
    (_n, inputs, hidden, activation, loss) => {
      const lrlab = mlp({ inputs, hidden: [...hidden], activation, loss });
      const params = glorotUniform(lrlab, 3);
      const rows = 40;
      const random = createRandom(9);
      const features = Float64Array.from({ length: rows * inputs }, () => random.normal());
      const targets = Float64Array.from({ length: rows }, (_, r) =>
        loss === "bce"
          ? (features[r * inputs] as number) > 0.3
            ? 1
            : 0
          : Math.sin(2 * (features[r * inputs] as number)),
      );
      const exact = sharpness(lrlab, params, { inputs: features, targets, features: inputs }).eigenvalue;

      const model = tf.sequential();
      lrlab.layers.forEach(({ inputs: width, units }, l) => {
        const last = l === lrlab.layers.length - 1;
        model.add(dense(units, width, last ? (loss === "bce" ? "sigmoid" : "linear") : activation));
      });
      model.compile({
        optimizer: tf.train.adam(0.01),
        loss: loss === "bce" ? "binaryCrossentropy" : "meanSquaredError",
      });
      const weights = toKerasWeights(lrlab, params).map((w) => tf.tensor(w as number[]));
      model.setWeights(weights);
      const x = tf.tensor2d(Array.from(features), [rows, inputs]);
      const y = tf.tensor2d(Array.from(targets), [rows, 1]);
      const measured = measureSharpness(model, x, y, { tolerance: 1e-5, maxIterations: 300 });
      expect(Math.abs(measured.sharpness - exact) / exact).toBeLessThan(1e-3);
      tf.dispose([x, y, ...weights]);
      model.dispose();
    },
  );

  it("leaves the weights bit for bit as they were", () => {
    const model = tf.sequential({ layers: [dense(5, 2, "tanh"), dense(1, 5)] });
    model.compile({ optimizer: tf.train.sgd(0.1), loss: "meanSquaredError" });
    const before = model.getWeights().map((w) => Array.from(w.dataSync()));
    const x = tf.randomNormal([30, 2], 0, 1, "float32", 1);
    const y = tf.randomNormal([30, 1], 0, 1, "float32", 2);
    measureSharpness(model, x, y);
    expect(model.getWeights().map((w) => Array.from(w.dataSync()))).toEqual(before);
    tf.dispose([x, y]);
    model.dispose();
  });

  it("refuses a model that was not compiled, and x and y of different lengths, in one line", () => {
    const model = tf.sequential({ layers: [dense(1, 1)] });
    const x = tf.zeros([4, 1]);
    const y = tf.zeros([3, 1]);
    expect(() => measureSharpness(model, x, x)).toThrow(/^measureSharpness: the model needs model\.compile/);
    model.compile({ optimizer: "sgd", loss: "meanSquaredError" });
    // Labelled with the function called, not with the callback that shares the code.
    expect(() => measureSharpness(model, x, y)).toThrow(
      "measureSharpness: x and y need the same number of rows, at least one; got 4 and 3",
    );
    expect(() => measureSharpness(model, x, x, { maxIterations: 0 })).toThrow(
      "measureSharpness: maxIterations: expected an integer ≥ 1 (power iterations), got 0",
    );
    expect(() => measureSharpness(model, x, x, { tolerance: 0 })).toThrow(
      "measureSharpness: tolerance: expected a number > 0, got 0",
    );
    expect(() => measureSharpness(model, x, x, { batchSize: 0.5 })).toThrow(
      "measureSharpness: batchSize: expected an integer ≥ 1 (rows per gradient), got 0.5",
    );
    tf.dispose([x, y]);
    model.dispose();
  });
});

describe("sharpnessMonitor in model.fit", () => {
  function twin(seed: number) {
    const model = tf.sequential({
      layers: [
        tf.layers.dense({
          units: 8,
          inputShape: [1],
          activation: "tanh",
          kernelInitializer: tf.initializers.glorotUniform({ seed }),
        }),
        tf.layers.dense({ units: 1, kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 1 }) }),
      ],
    });
    model.compile({ optimizer: tf.train.adam(0.01), loss: "meanSquaredError" });
    return model;
  }

  it("changes nothing in training: the same final weights bit for bit as without it, optimizer state included", async () => {
    const x = tf.linspace(-2, 2, 40).reshape([40, 1]);
    const y = tf.sin(x);
    const plain = twin(4);
    const watched = twin(4);
    await plain.fit(x, y, { batchSize: 8, epochs: 3, shuffle: false, verbose: 0 });
    const measurements: SharpnessMeasurement[] = [];
    const monitor = sharpnessMonitor({ x, y, every: 4, onMeasure: (m) => void measurements.push(m) });
    const history = await watched.fit(x, y, {
      batchSize: 8,
      epochs: 3,
      shuffle: false,
      verbose: 0,
      callbacks: [monitor],
    });
    const weights = (model: tf.LayersModel) => model.getWeights().map((w) => Array.from(w.dataSync()));
    expect(weights(watched)).toEqual(weights(plain));

    // 3 epochs × 5 batches = 15 updates: measured at 0, 4, 8, 12 and at the end, 15.
    expect(measurements.map((m) => m.batch)).toEqual([0, 4, 8, 12, 15]);
    expect(monitor.measurements).toEqual(measurements);
    for (const m of measurements) {
      expect(m.sharpness).toBeGreaterThan(0);
      expect(m.criticalLearningRate).toBeCloseTo(2 / m.sharpness, 12);
    }
    // Each epoch's logs carry the latest measurement: after epoch 0 (5 updates) the one at 4; then 8; then 12.
    expect(history.history.sharpness).toEqual(
      [4, 8, 12].map((b) => measurements.find((m) => m.batch === b)?.sharpness),
    );
    expect(history.history.critical_learning_rate?.[0]).toBeCloseTo(
      2 / (history.history.sharpness?.[0] as number),
      10,
    );

    // A second fit continues the count and does not measure the same weights twice.
    await watched.fit(x, y, { batchSize: 20, epochs: 1, shuffle: false, verbose: 0, callbacks: [monitor] });
    expect(measurements.map((m) => m.batch)).toEqual([0, 4, 8, 12, 15, 16, 17]);
    tf.dispose([x, y]);
    plain.dispose();
    watched.dispose();
  });

  it("refuses every or maxIterations below 1 and x that is not a tensor", () => {
    const x = tf.zeros([2, 1]);
    expect(() => sharpnessMonitor({ x, y: x, every: 0 })).toThrow(/every: expected an integer ≥ 1/);
    // Zero power iterations would log NaN sharpness into the History: refused when the callback is made.
    expect(() => sharpnessMonitor({ x, y: x, maxIterations: 0 })).toThrow(
      "sharpnessMonitor: maxIterations: expected an integer ≥ 1 (power iterations), got 0",
    );
    expect(() => sharpnessMonitor({ x: [1, 2] as never, y: x })).toThrow(
      /x and y: expected the training tensors/,
    );
    // An unknown option is refused, not ignored: Keras's name of the interval, a measureSharpness typo.
    expect(() => sharpnessMonitor({ x, y: x, everyNBatches: 5 } as never)).toThrow(
      "sharpnessMonitor: everyNBatches: not an option; expected x, y, every, onMeasure, batchSize, tolerance, maxIterations, seed, start",
    );
    expect(() => sharpnessMonitor({ x, y: x, max_iterations: 5 } as never)).toThrow(
      /^sharpnessMonitor: max_iterations: not an option \(did you mean maxIterations\?\); expected x, y, every/,
    );
    const model = tf.sequential({ layers: [dense(1, 1)] });
    model.compile({ optimizer: "sgd", loss: "meanSquaredError" });
    expect(() => measureSharpness(model, x, x, { tolerence: 0.1 } as never)).toThrow(
      "measureSharpness: tolerence: not an option (did you mean tolerance?); expected batchSize, tolerance, maxIterations, seed, start",
    );
    // The callbacks with one option each refuse the same way.
    expect(() => learningRateScheduler(() => 0.1, { pre: "epoch" } as never)).toThrow(
      "learningRateScheduler: pre: not an option (did you mean per?); expected per",
    );
    expect(() => terminateOnNaN({ Log: () => {} } as never)).toThrow(
      "terminateOnNaN: Log: not an option (did you mean log?); expected log",
    );
    model.dispose();
    x.dispose();
  });

  it("logs a sharpness series that lrlab plot history draws under 2/η, from model.fit's History saved as JSON", async () => {
    const x = tf.linspace(-2, 2, 32).reshape([32, 1]);
    const y = tf.sin(x);
    const model = twin(7);
    model.compile({ optimizer: tf.train.sgd(0.3), loss: "meanSquaredError" });
    const history = await model.fit(x, y, {
      batchSize: 32,
      epochs: 6,
      verbose: 0,
      // The scheduler logs each epoch's learning_rate, as Keras does, which gives the figure its 2/η.
      callbacks: [learningRateScheduler(() => 0.3), sharpnessMonitor({ x, y, every: 1 })],
    });
    const work = scratchDirectory("sharpness-monitor");
    const path = join(work, "history.json");
    writeFileSync(
      path,
      JSON.stringify({ epoch: history.epoch, history: history.history, params: history.params }),
    );
    const svg = plotSvg("history", ["--from", path], work);
    // One measurement per epoch (one batch each), and the bound 2/η = 2/0.3 ≈ 6.7 (λmax ≈ 5.3) from the logged rate.
    expect(markElements(svg, "sharpness-dot", "circle")).toHaveLength(6);
    expect(svg.querySelector(".figure-title")?.textContent).toMatch(/sharpness/);
    expect(markElements(svg, "bound-line", "path")).toHaveLength(1);
    tf.dispose([x, y]);
    model.dispose();
  });
});
