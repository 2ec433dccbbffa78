/**
 * `findLearningRate` on real TF.js models: on a one-unit linear model it is the core's range test (same
 * ramp, same batches, the same losses up to float32) and its suggestion sits below the critical rate
 * 2/λmax of the data's linear MSE; it leaves the model's weights and its optimizer exactly as they were.
 */
import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { rangeTest } from "../core/choosing/range-test.js";
import { checkRangeTestSuggestion } from "../core/choosing/range-test-checks.js";
import { builtinData } from "../core/data/data.js";
import { linearStats } from "../core/data/stats.js";
import { linearMseTheory } from "../core/theory/theory.js";
import { type FindLearningRateOptions, findLearningRate } from "./find-learning-rate.js";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

const data = builtinData();
const xs = tf.tensor2d(Array.from(data.x), [data.x.length, 1]);
const ys = tf.tensor2d(Array.from(data.y), [data.y.length, 1]);

/** y = w·x + b as one dense unit, starting from w = b = 0 as the core's training does. */
function linearModel(optimizer: tf.Optimizer): tf.Sequential {
  const model = tf.sequential({
    layers: [
      tf.layers.dense({ units: 1, inputShape: [1], kernelInitializer: "zeros", biasInitializer: "zeros" }),
    ],
  });
  model.compile({ optimizer, loss: "meanSquaredError" });
  return model;
}

async function weightsOf(model: tf.LayersModel): Promise<number[][]> {
  return Promise.all(model.getWeights().map(async (weight) => Array.from(await weight.data())));
}

async function optimizerStateOf(optimizer: tf.Optimizer): Promise<{ iterations: number; slots: number[][] }> {
  const weights = await optimizer.getWeights();
  const slots = await Promise.all(
    weights.slice(1).map(async ({ tensor }) => Array.from(await tensor.data())),
  );
  return { iterations: optimizer.iterations, slots };
}

describe("findLearningRate on a one-unit linear model", () => {
  const theory = linearMseTheory(linearStats(data));

  it("is the core's range test: the same rates, and the same batch losses to float32 precision", async () => {
    const model = linearModel(tf.train.sgd(0.01));
    const result = await findLearningRate(model, xs, ys);
    const core = rangeTest(data);
    expect(result.iterations).toBe(core.iterations);
    expect(result.stop).toBe(core.stop);
    expect(Array.from(result.curve.learningRates)).toEqual(Array.from(core.learningRates));
    // Up to the blow-up, where float32 and float64 part ways.
    for (let i = 0; i <= core.bestIteration; i++) {
      const expected = core.losses[i] as number;
      expect(Math.abs((result.curve.losses[i] as number) - expected)).toBeLessThanOrEqual(1e-4 * expected);
    }
    expect(result.suggested).toBe(core.suggested);
    model.dispose();
  });

  it("suggests a rate below the critical rate 2/λmax = 0.3069, where full-batch gradient descent diverges", async () => {
    const model = linearModel(tf.train.sgd(0.01));
    const result = await findLearningRate(model, xs, ys, { numIt: 100, batchSize: 100 });
    expect(theory.criticalLearningRate).toBeCloseTo(0.3069, 4);
    expect(result.stop).toBe("diverged");
    expect(result.suggested).not.toBeNull();
    expect(result.suggested as number).toBeLessThan(theory.criticalLearningRate);
    // fastai's other three as well (steep 0.0398, minimum 0.110, slide 0.0191 here; the valley 6.9e-4).
    for (const name of ["steep", "minimum", "slide"] as const) {
      expect(result.suggestions[name]?.learningRate as number).toBeLessThan(theory.criticalLearningRate);
    }
    // The blow-up comes after the critical rate is passed.
    expect(result.curve.learningRates.at(-1) as number).toBeGreaterThan(theory.criticalLearningRate);
    model.dispose();
  });
});

describe("findLearningRate leaves the model as it found it", () => {
  /** A small multilayer model with batch normalization (non-trainable statistics change in training). */
  function multilayer(optimizer: tf.Optimizer): tf.Sequential {
    const model = tf.sequential({
      layers: [
        tf.layers.dense({
          units: 8,
          inputShape: [1],
          activation: "relu",
          kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }),
        }),
        tf.layers.batchNormalization(),
        tf.layers.dense({ units: 1, kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }) }),
      ],
    });
    model.compile({ optimizer, loss: "meanSquaredError" });
    return model;
  }

  for (const [name, make] of [
    ["adam", () => tf.train.adam(0.01)],
    ["momentum", () => tf.train.momentum(0.01, 0.9)],
    ["rmsprop", () => tf.train.rmsprop(0.01)],
  ] as const) {
    it(`${name}: weights and optimizer state bit for bit, and training afterwards as if it never ran`, async () => {
      // Two identical models, both trained a little so the optimizer has state (moments, counter).
      const model = multilayer(make());
      const twin = multilayer(make());
      twin.setWeights(model.getWeights());
      const fit = { epochs: 1, batchSize: 25, shuffle: false, verbose: 0 } as const;
      await model.fit(xs, ys, fit);
      await twin.fit(xs, ys, fit);

      const weightsBefore = await weightsOf(model);
      const stateBefore = await optimizerStateOf(model.optimizer);
      const optimizerBefore = model.optimizer;
      const result = await findLearningRate(model, xs, ys, { numIt: 30 });
      expect(result.iterations).toBeGreaterThan(0);
      expect(model.optimizer).toBe(optimizerBefore);
      expect(await weightsOf(model)).toEqual(weightsBefore);
      expect(await optimizerStateOf(model.optimizer)).toEqual(stateBefore);
      expect(model.optimizer.getConfig()).toEqual(twin.optimizer.getConfig());

      await model.fit(xs, ys, fit);
      await twin.fit(xs, ys, fit);
      expect(await weightsOf(model)).toEqual(await weightsOf(twin));
      model.dispose();
      twin.dispose();
    });
  }

  it("keeps no tensors behind, whatever the optimizer", async () => {
    for (const make of [
      () => tf.train.sgd(0.01),
      () => tf.train.momentum(0.01, 0.9),
      () => tf.train.adam(0.01),
      () => tf.train.rmsprop(0.01),
      () => tf.train.adagrad(0.01),
    ]) {
      const model = linearModel(make());
      await model.fit(xs, ys, { epochs: 1, verbose: 0 });
      const before = tf.memory().numTensors;
      await findLearningRate(model, xs, ys, { numIt: 20 });
      expect(tf.memory().numTensors).toBe(before);
      model.dispose();
    }
  });

  it("leaves a model that owns its optimizer (compiled with a name) owning it", async () => {
    const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [1] })] });
    model.compile({ optimizer: "adam", loss: "meanSquaredError" });
    const owned = () => (model as unknown as { isOptimizerOwned: boolean }).isOptimizerOwned;
    expect(owned()).toBe(true);
    await findLearningRate(model, xs, ys, { numIt: 10 });
    // model.dispose() still disposes the optimizer with it.
    expect(owned()).toBe(true);
    model.dispose();
  });

  it("restores the optimizer and the weights when training fails", async () => {
    const model = linearModel(tf.train.sgd(0.01));
    const optimizer = model.optimizer;
    const before = await weightsOf(model);
    // Two features for a model that takes one: trainOnBatch throws on the first batch.
    const wrong = tf.ones([100, 2]);
    await expect(findLearningRate(model, wrong, ys)).rejects.toThrow(/each example has shape \[1\]/);
    expect(model.optimizer).toBe(optimizer);
    expect(await weightsOf(model)).toEqual(before);
    await expect(findLearningRate(model, xs, tf.ones([2, 1]))).rejects.toThrow(
      "findLearningRate: expected x and y with the same number of rows (at least 1), got 100, 2",
    );
    tf.dispose(wrong);
    model.dispose();
  });
});

describe("findLearningRate's arguments", () => {
  const model = linearModel(tf.train.sgd(0.01));

  it("checks them as the core does, naming the option", async () => {
    await expect(findLearningRate(model, xs, ys, { numIt: 3 })).rejects.toThrow(
      "findLearningRate: numIt: expected an integer ≥ 6, got 3",
    );
    await expect(findLearningRate(model, xs, ys, { startLr: 1, endLr: 0.1 })).rejects.toThrow(
      "findLearningRate: endLr: expected a rate above startLr (1), got 0.1",
    );
    await expect(findLearningRate(model, xs, ys, { beta: 1 })).rejects.toThrow(
      /findLearningRate: beta: expected/,
    );
  });

  it("refuses an option it does not know, naming it and the nearest known one, before anything trains", async () => {
    const known =
      "expected startLr, endLr, numIt, beta, divergeThreshold, batchSize, mode, stopDiv, shuffle, seed, validate, validationData";
    const before = await weightsOf(model);
    // The CLI's JSON calls the ramp's start ramp.startLearningRate; here it is startLr (retest 6 #12: the
    // option was ignored and the ramp started at the default 1e-7).
    const cases: ReadonlyArray<readonly [Record<string, unknown>, string]> = [
      [
        { startLearningRate: 1 },
        `findLearningRate: startLearningRate: not an option (did you mean startLr?); ${known}`,
      ],
      [{ smoothing: 0.9 }, `findLearningRate: smoothing: not an option (did you mean beta?); ${known}`],
      // fastai's snake_case, and a typo.
      [{ stop_div: false }, `findLearningRate: stop_div: not an option (did you mean stopDiv?); ${known}`],
      [{ numIts: 50 }, `findLearningRate: numIts: not an option (did you mean numIt?); ${known}`],
      [{ startLr: 1e-3, colour: "red" }, `findLearningRate: colour: not an option; ${known}`],
    ];
    for (const [options, message] of cases) {
      await expect(findLearningRate(model, xs, ys, options as FindLearningRateOptions)).rejects.toThrow(
        message,
      );
    }
    expect(await weightsOf(model)).toEqual(before);
    // Given as undefined, an option is no option: the defaults run (6 iterations to be brief).
    const ran = await findLearningRate(model, xs, ys, {
      numIt: 6,
      startLearningRate: undefined,
    } as FindLearningRateOptions);
    expect(ran.requestedIterations).toBe(6);
  });

  it("checks validate and validationData, naming the option, before anything trains", async () => {
    const cases: ReadonlyArray<readonly [FindLearningRateOptions, string | RegExp]> = [
      [
        { validate: { seeds: 0 } },
        "findLearningRate: validate.seeds: expected an integer ≥ 1 and ≤ 100, got 0",
      ],
      [
        { validate: { steps: 0 } },
        "findLearningRate: validate.steps: expected an integer ≥ 1 and ≤ 1000000, got 0",
      ],
      [{ validate: { multipliers: [] } }, /^findLearningRate: validate\.multipliers: expected .*, got \[\]$/],
      [
        { validate: { multipliers: [1, 1] } },
        "findLearningRate: validate.multipliers: expected each multiple once, got [1, 1]",
      ],
      // The option is `multipliers`: a misspelt key is not silently ignored (¼ … 4× would run instead).
      [
        { validate: { multiples: [1, 2] } as never },
        "findLearningRate: validate.multiples: not an option (did you mean validate.multipliers?); expected multipliers, seeds, steps",
      ],
      [
        { validate: true, validationData: [xs] as never },
        /^findLearningRate: validationData: expected \[x, y\].*, got an array of 1$/,
      ],
      [
        { validate: true, validationData: [xs, tf.zeros([3, 1])] },
        /^findLearningRate: validationData: .*got 100, 3 rows$/,
      ],
      // Without validate it did nothing, silently (retest 7).
      [
        { validationData: [xs, ys] },
        "findLearningRate: validationData: is used only by validate; add validate: true, or drop it",
      ],
    ];
    const before = await weightsOf(model);
    for (const [options, message] of cases) {
      await expect(findLearningRate(model, xs, ys, options)).rejects.toThrow(message);
    }
    expect(await weightsOf(model)).toEqual(before);
  });

  it("refuses a model that is not compiled", async () => {
    const bare = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [1] })] });
    await expect(findLearningRate(bare, xs, ys)).rejects.toThrow(
      "findLearningRate: the model has no optimizer: call model.compile() first",
    );
  });
});

describe("findLearningRate with validate", () => {
  it("ranks ¼× … 4× the valley as the core's check does on the same batches, and restores everything", async () => {
    const original = tf.train.adam(0.01);
    const model = linearModel(original);
    // Give the optimizer a state to keep: two updates before the test.
    await model.fit(xs, ys, { batchSize: 50, epochs: 1, verbose: 0 });
    const weights = await weightsOf(model);
    const state = await optimizerStateOf(original);
    model.setWeights([tf.zeros([1, 1]), tf.zeros([1])]);
    const start = await weightsOf(model);

    const result = await findLearningRate(model, xs, ys, { validate: { steps: 40 }, seed: 2 });
    expect(model.optimizer).toBe(original);
    expect(await weightsOf(model)).toEqual(start);
    expect(await optimizerStateOf(original)).toEqual(state);

    const validation = result.validation;
    expect(validation?.on).toBe("training");
    expect(validation?.steps).toBe(40);
    expect(validation?.seeds).toEqual([2, 3, 4]);
    expect(validation?.suggested).toBe(result.suggested);
    // The core trains the same line from w = b = 0 with Adam on the same seeded batches, in float64.
    const core = checkRangeTestSuggestion(
      data,
      {
        seed: 2,
        batchSize: 32,
        optimizer: (await import("../core/optimizers/adam.js")).adam({ learningRate: 0.01 }),
      },
      result.suggested as number,
      { steps: 40 },
    );
    expect(validation?.multiples.map((m) => m.rank)).toEqual(core.multiples.map((m) => m.rank));
    validation?.multiples.forEach((m, i) => {
      const expected = core.multiples[i]?.median as number;
      expect(Math.abs(m.median - expected)).toBeLessThanOrEqual(1e-3 * expected);
    });
    expect(validation?.rankOfSuggestion).toBe(core.rankOfSuggestion);
    expect(validation?.verdict).toBe(core.verdict);
    expect(weights.length).toBe(2);
    model.dispose();
  });

  it("suggests nothing to validate when the ramp blew up before the loss fell, as the core decides", async () => {
    // From lr 5, far above the critical rate 0.3069, the loss only rises before it blows up: no rate the
    // ramp reached is one to use, so there is no suggestion and nothing to check (every rate diverging in
    // the check itself is summarizeSuggestionCheck's "all-diverged", tested in the core).
    const model = linearModel(tf.train.sgd(0.01));
    const result = await findLearningRate(model, xs, ys, {
      startLr: 5,
      endLr: 100,
      validate: { seeds: 1, steps: 60 },
    });
    expect(result.suggested).toBeNull();
    expect(result.validation?.verdict ?? "not-tried").toBe("not-tried");
    model.dispose();
  });

  it("judges the brief runs on validationData when given", async () => {
    const model = linearModel(tf.train.sgd(0.01));
    const held = [tf.tensor2d([0, 1, 2], [3, 1]), tf.tensor2d([1, 3, 5], [3, 1])] as [tf.Tensor, tf.Tensor];
    const result = await findLearningRate(model, xs, ys, {
      validate: { seeds: 1, multipliers: [1, 2] },
      validationData: held,
    });
    expect(result.validation?.on).toBe("validation");
    expect(result.validation?.multiples.map((m) => m.multiplier)).toEqual([1, 2]);
    // The same runs judged on the training data itself give the training loss; on the held-out rows another.
    const onTraining = await findLearningRate(model, xs, ys, { validate: { seeds: 1, multipliers: [1, 2] } });
    const asHeld = await findLearningRate(model, xs, ys, {
      validate: { seeds: 1, multipliers: [1, 2] },
      validationData: [xs, ys],
    });
    const medians = (r: typeof result) => r.validation?.multiples.map((m) => m.median);
    expect(medians(asHeld)).toEqual(medians(onTraining));
    expect(medians(result)?.[0]).not.toBeCloseTo(medians(onTraining)?.[0] as number, 2);
    expect(result.steepLagCorrected?.learningRate).toBeLessThan(
      result.suggestions.steep?.learningRate as number,
    );
    tf.dispose(held);
    model.dispose();
  });
});
