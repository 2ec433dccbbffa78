#!/usr/bin/env node
/**
 * A Keras-course network in TensorFlow.js, watched with lrlab/tfjs: a 1-16-1 tanh network fits a noisy sine
 * wave, and the sharpness (λmax of the loss Hessian) climbs to the edge of stability 2/η and stays there
 * (Cohen et al. 2021, "Gradient Descent on Neural Networks Typically Occurs at the Edge of Stability").
 *
 *   1. `findLearningRate(..., { validate: true, validationData })`: the LR range test (fastai's lr_find),
 *      then its suggestion checked: 100 updates from the same start at ¼×, ½×, 1×, 2× and 4× the valley,
 *      three seeds each, ranked by the validation loss they end on;
 *   2. full-batch gradient descent at η = 0.13 for 300 epochs, with `sharpnessMonitor` measuring λmax every
 *      10 updates: it rises from 14.3 past 2/η = 15.4, the loss spikes, λmax falls back under 2/η and then
 *      creeps up to it again;
 *   3. the History (loss, learning_rate, sharpness) is written for `lrlab plot history`.
 *
 *     npm run build && node examples/edge-of-stability.mjs [OUT_DIR]      # default OUT_DIR: eos-out
 *     npx lrlab plot history --from OUT_DIR/history.json --out eos.png
 *
 * Everything is seeded (the data by lrlab's generator, the weights by glorotUniform's seed, full batches),
 * so the numbers are the same on every run. About ten seconds on TF.js's pure JavaScript CPU backend.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import * as tf from "@tensorflow/tfjs";
import { createRandom } from "lrlab";
import { findLearningRate, learningRateScheduler, sharpnessMonitor } from "lrlab/tfjs";

const out = process.argv[2] ?? "eos-out";
const RATE = 0.13;
const EPOCHS = 300;

await tf.setBackend("cpu");

// y = sin(2x) + noise on [-3, 3]: 200 points to train, 50 to validate, drawn by lrlab's seeded generator.
const random = createRandom(1);
const points = (count) => {
  const xs = Array.from({ length: count }, () => -3 + 6 * random.uniform());
  return {
    x: tf.tensor2d(xs, [count, 1]),
    y: tf.tensor2d(
      xs.map((x) => Math.sin(2 * x) + 0.1 * random.normal()),
      [count, 1],
    ),
  };
};
const train = points(200);
const validation = points(50);

/** The network of a Keras course: Dense(16, tanh) then Dense(1), glorot_uniform kernels, zero biases. */
function network() {
  const model = tf.sequential({
    layers: [
      tf.layers.dense({
        units: 16,
        inputShape: [1],
        activation: "tanh",
        kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }),
      }),
      tf.layers.dense({ units: 1, kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }) }),
    ],
  });
  model.compile({ optimizer: tf.train.sgd(RATE), loss: "meanSquaredError" });
  return model;
}

const model = network();
const lines = ["# A sine wave, a small network and the edge of stability", ""];

// 1. The range test, and its suggestion checked on the validation points (weights and optimizer restored).
const found = await findLearningRate(model, train.x, train.y, {
  batchSize: 32,
  validate: true,
  validationData: [validation.x, validation.y],
});
const format = (value) => Number(value.toPrecision(4));
lines.push(
  `Range test (batch 32): valley ${format(found.suggested)}, steep ${format(found.suggestions.steep.learningRate)}; moved back by the smoothing's lag of ${found.steepLagCorrected.lag.toFixed(0)} iterations, steep is ${format(found.steepLagCorrected.learningRate)}.`,
);
const check = found.validation;
lines.push(
  `Checked on the validation points, ${check.steps} updates from the same start, ${check.seeds.length} seeds each:`,
);
for (const multiple of check.multiples) {
  lines.push(
    `  ${String(multiple.multiplier).padStart(4)}× = ${String(format(multiple.learningRate)).padEnd(9)} validation loss ${multiple.median.toFixed(4)}  rank ${multiple.rank}`,
  );
}
lines.push(
  `The valley ranks ${check.rankOfSuggestion} of ${check.multiples.length}; the best is ${check.bestMultiplier}× the valley.`,
  "",
);

// 2. Full-batch gradient descent at η, with the sharpness measured every 10 updates.
const monitor = sharpnessMonitor({ x: train.x, y: train.y, every: 10 });
const history = await model.fit(train.x, train.y, {
  batchSize: 200,
  epochs: EPOCHS,
  shuffle: false,
  verbose: 0,
  // The scheduler keeps η and logs it as learning_rate, which gives the figure its 2/η line.
  callbacks: [learningRateScheduler(() => RATE), monitor],
});
const sharpness = monitor.measurements.map((m) => m.sharpness);
const sharpest = Math.max(...sharpness);
const bound = 2 / RATE;
const firstAbove = monitor.measurements.find((m) => m.sharpness > bound);
const loss = history.history.loss;
lines.push(`Full-batch gradient descent at η = ${RATE} for ${EPOCHS} epochs; 2/η = ${bound.toFixed(2)}.`);
lines.push(
  `Sharpness λmax: ${sharpness[0].toFixed(2)} at the start, ${sharpest.toFixed(2)} at its peak${firstAbove ? ` (past 2/η from update ${firstAbove.batch})` : ""}, ${sharpness.at(-1).toFixed(2)} at the end.`,
);
// The catapult: after its first low point the loss climbs while λmax is above 2/η, then falls for good.
const low = loss.findIndex((value, i) => i + 1 < loss.length && loss[i + 1] > value);
const peak = low < 0 ? -1 : low + loss.slice(low).indexOf(Math.max(...loss.slice(low)));
// One update per epoch (full batch), so the measurement at update k is the one after epoch k.
const measuredBefore = (epoch) => monitor.measurements.filter((m) => m.batch <= epoch).at(-1);
const climbWords = (measuredBefore(peak)?.sharpness ?? 0) > bound ? " while λmax was above 2/η" : "";
lines.push(
  low < 0 || peak === low
    ? `Loss ${loss[0].toFixed(4)} → ${loss.at(-1).toFixed(4)}, falling at every epoch.`
    : `Loss ${loss[0].toFixed(4)} → ${loss[low].toFixed(4)} at epoch ${low}, up to ${loss[peak].toFixed(4)} at epoch ${peak}${climbWords}, then down to ${loss.at(-1).toFixed(4)}: the network moved to flatter weights and kept training at the edge of stability.`,
);
lines.push("", `Draw it: npx lrlab plot history --from ${join(out, "history.json")} --out eos.png`);

mkdirSync(out, { recursive: true });
writeFileSync(join(out, "history.json"), JSON.stringify({ epoch: history.epoch, history: history.history }));
const report = `${lines.join("\n")}\n`;
writeFileSync(join(out, "report.md"), report);
process.stdout.write(report);
