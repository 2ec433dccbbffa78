/**
 * The TensorFlow.js side of each training workload, on its CPU backend (float32, the only dtype it trains
 * in). Runs once after a short warm-up; a run that would take longer than TFJS_FULL_RUN_LIMIT_MS is timed
 * in part and extrapolated linearly (every step of these workloads costs the same).
 */
import * as tf from "@tensorflow/tfjs";
import { glorotUniform } from "../dist/core/index.js";
import { MODELS, TFJS_FULL_RUN_LIMIT_MS, TFJS_PARTIAL_BUDGET_MS, TRAINING } from "./config.js";
import { benchmarkData } from "./lrlab-workloads.js";
import { modelData, modelOf } from "./model-workloads.js";

const FULL_BATCH_WARMUP_STEPS = 2;
/** Points model.fit is warmed up on (with a throwaway model) before the timed fit. */
const FIT_WARMUP_POINTS = 3_200;

export async function tfjsSetup() {
  await tf.setBackend("cpu");
  await tf.ready();
  return { version: tf.version.tfjs, backend: tf.getBackend() };
}

/**
 * `full-batch-gd`: variables w, b and `optimizer.minimize(() => mse(y, x·w + b))` on the whole data per
 * step. Steps run until all are done, or until TFJS_PARTIAL_BUDGET_MS have passed with the full run
 * projected past TFJS_FULL_RUN_LIMIT_MS, whichever comes first.
 */
export async function tfjsFullBatch(workload) {
  const spec = TRAINING[workload];
  const data = benchmarkData();
  const x = tf.tensor1d(Float32Array.from(data.x));
  const y = tf.tensor1d(Float32Array.from(data.y));
  const w = tf.variable(tf.scalar(0));
  const b = tf.variable(tf.scalar(0));
  const optimizer = tf.train.sgd(spec.learningRate);
  const step = () => optimizer.minimize(() => tf.losses.meanSquaredError(y, x.mul(w).add(b)));

  for (let i = 0; i < FULL_BATCH_WARMUP_STEPS; i++) step();
  w.dataSync();
  const tensorsBefore = tf.memory().numTensors;
  const start = performance.now();
  let done = 0;
  let elapsed = 0;
  while (done < spec.steps) {
    step();
    done++;
    elapsed = performance.now() - start;
    if (elapsed >= TFJS_PARTIAL_BUDGET_MS && (elapsed / done) * spec.steps > TFJS_FULL_RUN_LIMIT_MS) break;
  }
  w.dataSync(); // the CPU backend is synchronous; this only makes sure nothing is pending
  elapsed = performance.now() - start;
  const extrapolated = done < spec.steps;
  return {
    ms: (elapsed / done) * spec.steps,
    measuredMs: elapsed,
    extrapolated,
    note: extrapolated
      ? `extrapolated from ${done.toLocaleString("en-US")} of ${spec.steps.toLocaleString("en-US")} steps (${(elapsed / 1000).toFixed(1)} s)`
      : `all ${spec.steps} steps after ${FULL_BATCH_WARMUP_STEPS} warm-up steps`,
    leakedTensors: tf.memory().numTensors - tensorsBefore,
    // Not comparable with lrlab's when extrapolated: the run stopped early.
    w: w.dataSync()[0],
    b: b.dataSync()[0],
  };
}

function kerasOptimizer(spec) {
  return spec.optimizer === "adam"
    ? tf.train.adam(spec.learningRate, 0.9, 0.999, 1e-7)
    : tf.train.sgd(spec.learningRate);
}

/** One Dense(1) unit from (0, 0), compiled as Keras would be for this workload. */
function denseModel(spec) {
  const model = tf.sequential();
  model.add(tf.layers.dense({ units: 1, inputShape: [1] }));
  model.setWeights([tf.zeros([1, 1]), tf.zeros([1])]);
  model.compile({ loss: "meanSquaredError", optimizer: kerasOptimizer(spec) });
  return model;
}

async function timeFit(spec, data, points) {
  const xs = tf.tensor2d(Float32Array.from(data.x.subarray(0, points)), [points, 1]);
  const ys = tf.tensor2d(Float32Array.from(data.y.subarray(0, points)), [points, 1]);
  const model = denseModel(spec);
  const start = performance.now();
  await model.fit(xs, ys, { batchSize: spec.batchSize, epochs: spec.epochs, shuffle: true, verbose: 0 });
  const ms = performance.now() - start;
  const [kernel, bias] = model.getWeights().map((tensor) => tensor.dataSync()[0]);
  tf.dispose([xs, ys]);
  model.dispose();
  return { ms, w: kernel, b: bias };
}

/**
 * `minibatch-sgd` / `minibatch-adam`: `model.fit(batchSize 32, epochs 1, shuffle)` on the first
 * `tfjsPoints` points, extrapolated to all N (the cost per batch does not depend on N).
 */
export async function tfjsMinibatch(workload) {
  const spec = TRAINING[workload];
  const data = benchmarkData();
  const n = data.x.length;
  await timeFit(spec, data, FIT_WARMUP_POINTS);
  const timed = await timeFit(spec, data, spec.tfjsPoints);
  const batches = Math.ceil(spec.tfjsPoints / spec.batchSize);
  const totalBatches = Math.ceil(n / spec.batchSize);
  return {
    ms: timed.ms * (n / spec.tfjsPoints),
    measuredMs: timed.ms,
    extrapolated: true,
    note: `extrapolated from ${batches.toLocaleString("en-US")} of ${totalBatches.toLocaleString("en-US")} batches (×${n / spec.tfjsPoints})`,
    w: timed.w,
    b: timed.b,
  };
}

/**
 * A Keras MLP with one hidden layer as the `mlp-epoch` workload states it, starting from lrlab's
 * glorot_uniform weights (the same numbers, rounded to float32), compiled with SGD and MSE.
 */
function kerasMlp(spec, params) {
  const [units] = spec.hidden;
  const model = tf.sequential();
  model.add(tf.layers.dense({ units, activation: spec.activation, inputShape: [1] }));
  model.add(tf.layers.dense({ units: 1 }));
  const at = (start, length) => Float32Array.from(params.subarray(start, start + length));
  model.setWeights([
    tf.tensor2d(at(0, units), [1, units]),
    tf.tensor1d(at(units, units)),
    tf.tensor2d(at(2 * units, units), [units, 1]),
    tf.tensor1d(at(3 * units, 1)),
  ]);
  model.compile({ loss: "meanSquaredError", optimizer: tf.train.sgd(spec.learningRate) });
  return model;
}

/**
 * `mlp-epoch`: `model.fit(batchSize 32, epochs 1, shuffle)` of the MLP on all the points, timed whole
 * (no extrapolation: one epoch is a few hundred batches), after a warm-up fit of a throwaway model.
 */
export async function tfjsMlpEpoch() {
  const spec = MODELS["mlp-epoch"];
  const data = modelData("mlp-epoch");
  const params = glorotUniform(modelOf("mlp-epoch"), spec.seed);
  const n = data.targets.length;
  const fitPoints = async (points) => {
    const xs = tf.tensor2d(Float32Array.from(data.inputs.subarray(0, points)), [points, 1]);
    const ys = tf.tensor2d(Float32Array.from(data.targets.subarray(0, points)), [points, 1]);
    const model = kerasMlp(spec, params);
    const start = performance.now();
    await model.fit(xs, ys, { batchSize: spec.batchSize, epochs: spec.epochs, shuffle: true, verbose: 0 });
    const ms = performance.now() - start;
    const weights = model.getWeights().map((tensor) => tensor.dataSync());
    tf.dispose([xs, ys]);
    model.dispose();
    return { ms, w: weights[0][0], b: weights.at(-1)[0] };
  };
  await fitPoints(FIT_WARMUP_POINTS);
  const timed = await fitPoints(n);
  return {
    ms: timed.ms,
    note: `model.fit of Dense(${spec.hidden[0]}, ${spec.activation}) → Dense(1), all ${Math.ceil(n / spec.batchSize)} batches, float32`,
    w: timed.w,
    b: timed.b,
  };
}
