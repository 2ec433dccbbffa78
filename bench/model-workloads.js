/**
 * The lrlab side of the models' workloads (issue 12), through the built package's public API
 * (dist/core/index.js): an MLP of Keras Dense layers trained one epoch in mini-batches, and trained full
 * batch with and without its sharpness measured along the way.
 *
 * The training loops below are written from the public pieces (model.lossAndGradient, an optimizer,
 * shuffleInPlace, glorotUniform) because trainModel (src/core/training/train-model.ts) is not in the
 * public API yet. Once it is, these workloads should time trainModel itself, as the line's time `train`.
 */
import {
  allRows,
  createRandom,
  glorotUniform,
  mlp,
  sgd,
  sharpness,
  shuffleInPlace,
  syntheticLine,
} from "../dist/core/index.js";
import { DATA_SEED, MODELS } from "./config.js";
import { timeRepeated } from "./timing.js";

/** The workload's model: `mlp({ inputs: 1, hidden, activation, loss: "mse" })`. */
export function modelOf(workload) {
  const { hidden, activation } = MODELS[workload];
  return mlp({ inputs: 1, hidden, activation, loss: "mse" });
}

/** The first `points` points of the benchmark data as a model sees them: one feature per row. */
export function modelData(workload) {
  const line = syntheticLine({ n: MODELS[workload].points, seed: DATA_SEED });
  return { inputs: line.x, targets: line.y, features: 1 };
}

/**
 * Keras `fit(shuffle=True)` in mini-batches: glorot_uniform weights from `seed`, the rows reshuffled at the
 * start of every epoch with the generator seeded by `seed`, then one `optimizer.apply` per batch, the last
 * batch of an epoch keeping the remainder. Returns the final parameters and the last batch's loss.
 */
export function fitMinibatches(model, data, { optimizer, learningRate, batchSize, epochs, seed }) {
  const params = glorotUniform(model, seed);
  const grad = new Float64Array(model.parameterCount);
  const state = optimizer.init(model.parameterCount);
  const n = data.targets.length;
  const order = allRows(n);
  // Each batch's rows as a view of `order`, made once: the shuffles move the rows under the views.
  const batches = [];
  for (let start = 0; start < n; start += batchSize) {
    batches.push(order.subarray(start, Math.min(start + batchSize, n)));
  }
  const random = createRandom(seed);
  let loss = Number.NaN;
  for (let epoch = 0; epoch < epochs; epoch++) {
    shuffleInPlace(order, random);
    for (const batch of batches) {
      loss = model.lossAndGradient(params, data, batch, grad);
      optimizer.apply(params, grad, state, learningRate);
    }
  }
  return { params, loss };
}

/**
 * Full-batch gradient descent from glorot_uniform(`seed`) for `steps` updates. With `every` > 0 the
 * sharpness is measured at step 0, every `every` steps and at the last step, each measurement starting from
 * the previous eigenvector (as trainModel's `trackSharpness` does). Returns the final parameters, the last
 * loss, and per measurement its step, λmax and products (and a copy of the parameters with `keep`).
 */
export function fitFullBatch(model, data, { optimizer, learningRate, steps, seed, every = 0, budget, keep }) {
  const params = glorotUniform(model, seed);
  const grad = new Float64Array(model.parameterCount);
  const state = optimizer.init(model.parameterCount);
  const rows = allRows(data.targets.length);
  const measurements = [];
  let eigenvector;
  let loss = Number.NaN;
  for (let step = 0; ; step++) {
    if (every > 0 && (step % every === 0 || step === steps)) {
      const measured = sharpness(model, params, data, {
        ...budget,
        seed,
        ...(eigenvector ? { start: eigenvector } : {}),
      });
      eigenvector = measured.eigenvector;
      measurements.push({
        step,
        eigenvalue: measured.eigenvalue,
        products: measured.products,
        params: keep ? Float64Array.from(params) : null,
      });
    }
    if (step === steps) break;
    loss = model.lossAndGradient(params, data, rows, grad);
    optimizer.apply(params, grad, state, learningRate);
  }
  return { params, loss, measurements };
}

/** `mlp-epoch` lrlab: one epoch of batch-32 SGD on the MLP, median of `reps` after `warmup`. */
export function mlpEpoch() {
  const spec = MODELS["mlp-epoch"];
  const model = modelOf("mlp-epoch");
  const data = modelData("mlp-epoch");
  const run = () =>
    fitMinibatches(model, data, { ...spec, optimizer: sgd({ learningRate: spec.learningRate }) });
  const timing = timeRepeated(run, spec);
  const { params } = timing.value;
  return {
    ms: timing.ms,
    times: timing.times,
    note: `lossAndGradient + sgd.apply per batch, ${Math.ceil(spec.points / spec.batchSize)} updates; median of ${spec.reps} after ${spec.warmup} warm-up`,
    // The first and last parameters, compared with the C loop's (see run.js).
    w: params[0],
    b: params[params.length - 1],
  };
}

/**
 * `mlp-sharpness`: the full-batch run plain (`impl` "lrlab") or with the sharpness every `every` steps
 * ("tracked"). The tracked child then checks what the budget bought, untimed: each measurement against a
 * tight solve (tolerance 1e-12) at the same parameters, as the largest relative error of λmax.
 */
export function mlpSharpness(impl) {
  const spec = MODELS["mlp-sharpness"];
  const model = modelOf("mlp-sharpness");
  const data = modelData("mlp-sharpness");
  const tracked = impl === "tracked";
  const options = {
    ...spec,
    optimizer: sgd({ learningRate: spec.learningRate }),
    every: tracked ? spec.every : 0,
    budget: spec.sharpness,
  };
  const timing = timeRepeated(() => fitFullBatch(model, data, options), spec);
  const result = timing.value;
  const row = {
    ms: timing.ms,
    times: timing.times,
    loss: result.loss,
    note: tracked
      ? `${spec.steps} full-batch steps + sharpness every ${spec.every}`
      : `${spec.steps} full-batch steps, no sharpness`,
  };
  if (!tracked) return { ...row, note: `${row.note}; median of ${spec.reps} after ${spec.warmup} warm-up` };
  const accuracy = sharpnessAccuracy(model, data, spec, options);
  return {
    ...row,
    ...accuracy,
    note: `${row.note} (tolerance ${spec.sharpness.tolerance}, at most ${spec.sharpness.maxIterations} products, warm start): ${accuracy.measurements} measurements, ${accuracy.meanProducts.toFixed(1)} products each, λmax within ${accuracy.maxRelativeError.toExponential(1)} of a tight solve; median of ${spec.reps} after ${spec.warmup} warm-up`,
  };
}

/** Replays the tracked run, keeping each measurement's parameters, and solves each one tightly. */
function sharpnessAccuracy(model, data, spec, options) {
  const replay = fitFullBatch(model, data, {
    ...options,
    optimizer: sgd({ learningRate: spec.learningRate }),
    keep: true,
  });
  let maxRelativeError = 0;
  let products = 0;
  for (const measurement of replay.measurements) {
    const tight = sharpness(model, measurement.params, data, {
      tolerance: 1e-12,
      maxIterations: 100_000,
      seed: spec.seed,
    });
    const error = Math.abs(measurement.eigenvalue - tight.eigenvalue) / Math.abs(tight.eigenvalue);
    maxRelativeError = Math.max(maxRelativeError, error);
    products += measurement.products;
  }
  return {
    measurements: replay.measurements.length,
    meanProducts: products / replay.measurements.length,
    maxRelativeError,
    firstSharpness: replay.measurements[0].eigenvalue,
    lastSharpness: replay.measurements.at(-1).eigenvalue,
  };
}
