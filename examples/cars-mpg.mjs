#!/usr/bin/env node
/**
 * Miles per gallon from horsepower and weight: a small multilayer model in TensorFlow.js, its learning
 * rate chosen and steered with lrlab/tfjs.
 *
 *   1. the LR range test (`findLearningRate`, fastai's lr_find) picks the rate;
 *   2. a schedule warms up to it (`learningRateScheduler` with lrlab's Keras CosineDecay with warm-up and
 *      alpha 1: a linear climb from a tenth of the rate, then the rate itself), evaluated at the
 *      optimizer's update counter;
 *   3. `reduceLROnPlateau` takes over and halves the rate whenever the validation loss stalls;
 *   4. `learningRateLogger` records every update's rate and loss, and the report is written.
 *
 * The data: cars.json from the npm package vega-datasets (BSD-3-Clause; the 1983 ASA Data Expo cars from
 * the StatLib archive), 406 cars, 392 with horsepower, weight and MPG.
 *
 *     npm run build && node examples/cars-mpg.mjs [OUT_DIR]        # default OUT_DIR: cars-mpg-out
 *     npx lrlab plot history --from OUT_DIR/history.json --out history.png
 *
 * It runs on TF.js's pure JavaScript CPU backend in a few seconds. The train/validation split and the
 * initial weights are seeded; `fit` shuffles with Math.random, so the last digits vary from run to run.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import * as tf from "@tensorflow/tfjs";
import { cosineDecay, createRandom } from "lrlab";
import {
  findLearningRate,
  learningRateLogger,
  learningRateScheduler,
  reduceLROnPlateau,
  terminateOnNaN,
} from "lrlab/tfjs";

const out = process.argv[2] ?? "cars-mpg-out";
const BATCH_SIZE = 32;
const WARMUP_EPOCHS = 3;
const PLATEAU_EPOCHS = 27;

await tf.setBackend("cpu");

// The data: every car with horsepower, weight and MPG; 80% to train, 20% to validate, split by a seeded
// shuffle; inputs and target standardized with the training set's mean and standard deviation.
const require = createRequire(import.meta.url);
const packageDir = dirname(dirname(require.resolve("vega-datasets")));
const cars = JSON.parse(readFileSync(join(packageDir, "data", "cars.json"), "utf8")).filter((car) =>
  [car.Horsepower, car.Weight_in_lbs, car.Miles_per_Gallon].every(Number.isFinite),
);
const order = Uint32Array.from(cars.keys());
createRandom(42).shuffle(order);
const cut = Math.round(0.8 * cars.length);
const split = (indices) => indices.map((i) => cars[i]);
const train = split([...order.subarray(0, cut)]);
const validation = split([...order.subarray(cut)]);

const meanAndStd = (values) => {
  const mean = values.reduce((sum, value) => sum + value, 0) / values.length;
  const variance = values.reduce((sum, value) => sum + (value - mean) ** 2, 0) / values.length;
  return { mean, std: Math.sqrt(variance) };
};
const scales = {
  horsepower: meanAndStd(train.map((car) => car.Horsepower)),
  weight: meanAndStd(train.map((car) => car.Weight_in_lbs)),
  mpg: meanAndStd(train.map((car) => car.Miles_per_Gallon)),
};
const z = (value, { mean, std }) => (value - mean) / std;
const tensorsOf = (rows) => ({
  x: tf.tensor2d(
    rows.map((car) => [z(car.Horsepower, scales.horsepower), z(car.Weight_in_lbs, scales.weight)]),
  ),
  y: tf.tensor2d(rows.map((car) => [z(car.Miles_per_Gallon, scales.mpg)])),
});
const trainSet = tensorsOf(train);
const validationSet = tensorsOf(validation);

// The model: two inputs → 16 ReLU units → 1, Adam, mean squared error (of the standardized MPG).
const model = tf.sequential({
  layers: [
    tf.layers.dense({
      units: 16,
      inputShape: [2],
      activation: "relu",
      kernelInitializer: tf.initializers.heNormal({ seed: 1 }),
    }),
    tf.layers.dense({ units: 1, kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }) }),
  ],
});
model.compile({ optimizer: tf.train.adam(), loss: "meanSquaredError" });

// 1. The range test (fastai's defaults: 100 mini-batches, the rate ramping from 1e-7 towards 10, stopped
//    once the smoothed loss passes 4× its minimum); the model is left as it was.
const rangeTest = await findLearningRate(model, trainSet.x, trainSet.y, { batchSize: BATCH_SIZE });
const rate = rangeTest.suggested ?? 0.001;

// 2. Warm up to it: Keras CosineDecay with warmup_target climbs linearly from initial_learning_rate over
//    warmup_steps; alpha 1 keeps the rate there afterwards (the "decay" ends at 100% of it). The climb
//    ends one step before the warm-up epochs do, so their last update already uses the full rate, which
//    the optimizer keeps when ReduceLROnPlateau takes over.
const stepsPerEpoch = Math.ceil(train.length / BATCH_SIZE);
const warmupSteps = WARMUP_EPOCHS * stepsPerEpoch - 1;
const schedule = cosineDecay({
  initialLearningRate: rate / 10,
  warmupTarget: rate,
  warmupSteps,
  decaySteps: 1,
  alpha: 1,
});
const logger = learningRateLogger();
const fitOptions = { batchSize: BATCH_SIZE, validationData: [validationSet.x, validationSet.y], verbose: 0 };
await model.fit(trainSet.x, trainSet.y, {
  ...fitOptions,
  epochs: WARMUP_EPOCHS,
  callbacks: [learningRateScheduler(schedule), terminateOnNaN(), logger],
});

// 3. Then ReduceLROnPlateau (Keras: monitor val_loss) halves the rate whenever it stalls for 3 epochs.
const plateau = reduceLROnPlateau({ factor: 0.5, patience: 3 });
const history = await model.fit(trainSet.x, trainSet.y, {
  ...fitOptions,
  initialEpoch: WARMUP_EPOCHS,
  epochs: WARMUP_EPOCHS + PLATEAU_EPOCHS,
  callbacks: [plateau, terminateOnNaN(), logger],
});

// 4. The report.
const log = logger.toJSON();
const finalLoss = history.history.loss.at(-1);
const finalValidation = history.history.val_loss.at(-1);
const fmt = (value) => Number(value.toPrecision(3)).toString();
const suggestions = ["valley", "steep", "minimum", "slide"]
  .map(
    (name) => `${name} ${rangeTest.suggestions[name] ? fmt(rangeTest.suggestions[name].learningRate) : "—"}`,
  )
  .join(", ");
const reductions = plateau.reductions.length
  ? plateau.reductions.map((r) => `after epoch ${r.epoch + 1} (${fmt(r.from)} → ${fmt(r.to)})`).join(", ")
  : "none";
const report = `# Miles per gallon from horsepower and weight, in TF.js with lrlab/tfjs

Data: cars.json from vega-datasets, ${cars.length} cars with horsepower, weight and MPG; ${train.length} to train, ${validation.length} to validate; inputs and MPG standardized on the training set (MPG: mean ${fmt(scales.mpg.mean)}, sd ${fmt(scales.mpg.std)}).
Model: Dense(16, relu) → Dense(1), Adam, mean squared error; batches of ${BATCH_SIZE}, ${stepsPerEpoch} updates per epoch.

1. LR range test (fastai lr_find: ${rangeTest.requestedIterations} mini-batches, rate 1e-7 → 10, loss smoothed with β 0.98): ${rangeTest.stop === "diverged" ? `stopped at iteration ${rangeTest.iterations}, where the smoothed loss passed 4× its minimum` : `all ${rangeTest.iterations} iterations`}.
   Suggestions: ${suggestions}. Using the valley: ${fmt(rate)}.
2. Epochs 1–${WARMUP_EPOCHS}, warm-up: learningRateScheduler(CosineDecay(initial_learning_rate=${fmt(rate / 10)}, warmup_target=${fmt(rate)}, warmup_steps=${warmupSteps}, decay_steps=1, alpha=1)), per update.
3. Epochs ${WARMUP_EPOCHS + 1}–${WARMUP_EPOCHS + PLATEAU_EPOCHS}: ReduceLROnPlateau(monitor="val_loss", factor=0.5, patience=3): reduced ${reductions}.

Result after ${log.batches.step.length} updates: training loss ${fmt(finalLoss)}, validation loss ${fmt(finalValidation)} (of the MPG variance), a validation RMSE of ${fmt(Math.sqrt(finalValidation) * scales.mpg.std)} mpg; the updates' rate went from ${fmt(log.batches.learningRate[0])} to ${fmt(log.batches.learningRate.at(-1))}.

Files in ${out}/: history.json (every update's rate and loss; draw it with \`lrlab plot history --from ${join(out, "history.json")} --out history.png\`), range-test.json (the range test's curve and suggestions).
`;

mkdirSync(out, { recursive: true });
writeFileSync(join(out, "history.json"), `${JSON.stringify(log)}\n`);
writeFileSync(
  join(out, "range-test.json"),
  `${JSON.stringify(
    {
      ...rangeTest,
      curve: Object.fromEntries(
        Object.entries(rangeTest.curve).map(([key, values]) => [key, Array.from(values)]),
      ),
    },
    (_key, value) => (typeof value === "number" && !Number.isFinite(value) ? null : value),
  )}\n`,
);
writeFileSync(join(out, "report.md"), report);
process.stdout.write(report);
tf.dispose([trainSet.x, trainSet.y, validationSet.x, validationSet.y]);
model.dispose();
