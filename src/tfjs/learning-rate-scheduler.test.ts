/**
 * The rates a TF.js optimizer actually uses under `learningRateScheduler`, batch by batch, against the
 * Keras formula, for the five optimizers TF.js has; and that the update applied used that rate.
 *
 * The model is one weight: y = w·x with no bias, trained on rows x = 1, y = 0, so every batch's MSE is
 * w² and its gradient g = 2w, whatever rows the batch holds. From w before and after each update and
 * each optimizer's update rule (TF.js 4.22.0, dist/optimizers/*.js) the rate it used is recovered
 * exactly: Δw = −lr·d, with d = g for SGD and d built from the gradients for the others.
 */
import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { exponentialDecay } from "../core/schedules/exponential-decay.js";
import { piecewiseConstantDecay } from "../core/schedules/piecewise-constant-decay.js";
import type { Schedule } from "../core/schedules/schedule.js";
import { learningRateOf } from "./learning-rate.js";
import { type LearningRateScheduler, learningRateScheduler } from "./learning-rate-scheduler.js";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

/** What a probe callback sees around each update. */
interface UpdateRecord {
  epoch: number;
  step: number;
  /** The optimizer's rate as the batch starts (after the scheduler, which runs first). */
  rate: number;
  before: number;
  after: number;
}

class Probe extends tf.Callback {
  readonly records: UpdateRecord[] = [];
  private epoch = 0;
  private pending: Omit<UpdateRecord, "after"> | null = null;
  private weight(): number {
    return (this.model.getWeights()[0] as tf.Tensor).dataSync()[0] as number;
  }
  override async onEpochBegin(epoch: number): Promise<void> {
    this.epoch = epoch;
  }
  override async onBatchBegin(): Promise<void> {
    const optimizer = this.model.optimizer;
    this.pending = {
      epoch: this.epoch,
      step: optimizer.iterations,
      rate: learningRateOf(optimizer),
      before: this.weight(),
    };
  }
  override async onBatchEnd(): Promise<void> {
    this.records.push({ ...(this.pending as Omit<UpdateRecord, "after">), after: this.weight() });
  }
}

function oneWeightModel(optimizer: tf.Optimizer, w0: number): tf.Sequential {
  const model = tf.sequential({
    layers: [
      tf.layers.dense({
        units: 1,
        inputShape: [1],
        useBias: false,
        kernelInitializer: tf.initializers.constant({ value: w0 }),
      }),
    ],
  });
  model.compile({ optimizer, loss: "meanSquaredError" });
  return model;
}

/**
 * The direction d of TF.js's update Δw = −lr·d for a gradient sequence, per optimizer, in float64.
 * EPSILON is the CPU backend's `epsilon()`, which TF.js uses when none is given.
 */
const EPSILON = 1e-7;
type Direction = (g: number) => number;
const DIRECTIONS: Record<string, { make: () => tf.Optimizer; direction: () => Direction; w0: number }> = {
  // SGDOptimizer: w += c·g with c = −lr.
  sgd: { make: () => tf.train.sgd(0.5), direction: () => (g) => g, w0: 1 },
  // MomentumOptimizer: acc = m·acc + g;  w += c·acc  (the rate scales the accumulated sum, as PyTorch;
  // Keras's SGD instead accumulates v = m·v − lr·g, which differs once the rate changes).
  momentum: {
    make: () => tf.train.momentum(0.5, 0.9),
    direction: () => {
      let accumulation = 0;
      return (g) => {
        accumulation = 0.9 * accumulation + g;
        return accumulation;
      };
    },
    w0: 1,
  },
  // AdamOptimizer: m̂/(√v̂ + ε) with bias corrections 1 − β^t.
  adam: {
    make: () => tf.train.adam(0.5),
    direction: () => {
      let m = 0;
      let v = 0;
      let t = 0;
      return (g) => {
        t++;
        m = 0.9 * m + 0.1 * g;
        v = 0.999 * v + 0.001 * g * g;
        return m / (1 - 0.9 ** t) / (Math.sqrt(v / (1 - 0.999 ** t)) + EPSILON);
      };
    },
    w0: 2,
  },
  // RMSPropOptimizer (decay 0.9, momentum 0): ms = ρ·ms + (1 − ρ)·g²;  d = g/√(ms + ε).
  rmsprop: {
    make: () => tf.train.rmsprop(0.5),
    direction: () => {
      let ms = 0;
      return (g) => {
        ms = 0.9 * ms + 0.1 * g * g;
        return g / Math.sqrt(ms + EPSILON);
      };
    },
    w0: 2,
  },
  // AdagradOptimizer (initial accumulator 0.1): acc += g²;  d = g/√(acc + ε).
  adagrad: {
    make: () => tf.train.adagrad(0.5),
    direction: () => {
      let accumulator = 0.1;
      return (g) => {
        accumulator += g * g;
        return g / Math.sqrt(accumulator + EPSILON);
      };
    },
    w0: 1,
  },
};

/** Trains the one-weight model; returns each update's record and the rate its weight change implies. */
async function run(
  name: string,
  scheduler: LearningRateScheduler,
  fits: { epochs: number; initialEpoch?: number }[],
): Promise<(UpdateRecord & { used: number })[]> {
  const spec = DIRECTIONS[name] as (typeof DIRECTIONS)[string];
  const model = oneWeightModel(spec.make(), spec.w0);
  const probe = new Probe();
  const x = tf.ones([8, 1]);
  const y = tf.zeros([8, 1]);
  for (const fit of fits) {
    await model.fit(x, y, { batchSize: 2, verbose: 0, callbacks: [scheduler, probe], ...fit });
  }
  const direction = spec.direction();
  tf.dispose([x, y]);
  model.dispose();
  // Each batch's loss is w², its gradient 2w (TF.js's MSE is the mean of squared errors, no ½).
  return probe.records.map((record) => ({
    ...record,
    used: -(record.after - record.before) / direction(2 * record.before),
  }));
}

/** Relative agreement at float32's precision (TF.js computes in float32). */
function expectRelativelyClose(actual: number, expected: number, tolerance = 2e-3): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(tolerance * Math.abs(expected));
}

// ExponentialDecay(0.1, decay_steps=3, decay_rate=0.5): 0.1 · 0.5^(step/3)
const decay: Schedule = exponentialDecay({ initialLearningRate: 0.1, decaySteps: 3, decayRate: 0.5 });

describe("learningRateScheduler per batch (Keras: the schedule at optimizer.iterations)", () => {
  for (const name of Object.keys(DIRECTIONS)) {
    it(`${name}: every update uses schedule(step), the step counting batches across epochs`, async () => {
      const records = await run(name, learningRateScheduler(decay), [{ epochs: 3 }]);
      // 8 rows in batches of 2: 4 updates per epoch, 12 in all, steps 0 … 11.
      expect(records.map((record) => record.step)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
      expect(records.map((record) => record.epoch)).toEqual([0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2]);
      // step 0: 0.1;  step 3: 0.1 · 0.5 = 0.05;  step 4: 0.1 · 0.5^(4/3) = 0.03969;  step 11: 0.1 · 0.5^(11/3) = 0.007875
      expect(records[0]?.rate).toBe(0.1);
      expect(records[3]?.rate).toBeCloseTo(0.05, 15);
      expect(records[4]?.rate).toBeCloseTo(0.0396850263, 9);
      expect(records[11]?.rate).toBeCloseTo(0.0078745066, 9);
      for (const record of records) {
        expect(record.rate).toBe(decay(record.step));
        // The weight moved by exactly that rate (in float32).
        expectRelativelyClose(record.used, decay(record.step));
      }
    });
  }

  it("continues the optimizer's counter in a second fit, as Keras's optimizer.iterations does", async () => {
    const records = await run("sgd", learningRateScheduler(decay), [{ epochs: 1 }, { epochs: 1 }]);
    expect(records.map((record) => record.step)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    for (const record of records) expectRelativelyClose(record.used, decay(record.step));
  });
});

describe("learningRateScheduler per epoch (Keras LearningRateScheduler: schedule(epoch) at on_epoch_begin)", () => {
  // PiecewiseConstantDecay(boundaries=[0, 1], values=[0.2, 0.1, 0.02]): 0.2 at epoch 0, 0.1 at 1, 0.02 from 2
  const byEpoch = piecewiseConstantDecay({ boundaries: [0, 1], values: [0.2, 0.1, 0.02] });

  for (const name of Object.keys(DIRECTIONS)) {
    it(`${name}: every update of epoch e uses schedule(e)`, async () => {
      const records = await run(name, learningRateScheduler(byEpoch, { per: "epoch" }), [{ epochs: 3 }]);
      expect(records.map((record) => record.rate)).toEqual([
        0.2, 0.2, 0.2, 0.2, 0.1, 0.1, 0.1, 0.1, 0.02, 0.02, 0.02, 0.02,
      ]);
      for (const record of records) expectRelativelyClose(record.used, byEpoch(record.epoch));
    });
  }

  it("counts epochs as fit does, from initialEpoch", async () => {
    const records = await run(
      "sgd",
      learningRateScheduler((epoch) => 0.01 * (epoch + 1), { per: "epoch" }),
      [{ epochs: 4, initialEpoch: 2 }],
    );
    // epochs 2 and 3: 0.03, then 0.04
    expect(records.map((record) => record.epoch)).toEqual([2, 2, 2, 2, 3, 3, 3, 3]);
    expect(records.map((record) => record.rate)).toEqual([0.03, 0.03, 0.03, 0.03, 0.04, 0.04, 0.04, 0.04]);
  });
});

describe("learningRateScheduler's logs and errors", () => {
  it("logs the epoch's rate as learning_rate, so fit's History records it (as Keras's callback does)", async () => {
    const model = oneWeightModel(tf.train.sgd(0.5), 1);
    const history = await model.fit(tf.ones([4, 1]), tf.zeros([4, 1]), {
      epochs: 3,
      batchSize: 2,
      verbose: 0,
      callbacks: [learningRateScheduler((epoch) => 0.1 / 2 ** epoch, { per: "epoch" })],
    });
    expect(history.history.learning_rate).toEqual([0.1, 0.05, 0.025]);
    model.dispose();
  });

  it("refuses a schedule that returns NaN, naming the step", async () => {
    const model = oneWeightModel(tf.train.sgd(0.5), 1);
    const fit = model.fit(tf.ones([4, 1]), tf.zeros([4, 1]), {
      epochs: 1,
      batchSize: 2,
      verbose: 0,
      callbacks: [learningRateScheduler((step) => (step === 1 ? Number.NaN : 0.1))],
    });
    await expect(fit).rejects.toThrow(
      "learningRateScheduler: the schedule returned NaN at step 1; expected a finite rate ≥ 0",
    );
    model.dispose();
  });

  it("refuses an unknown per", () => {
    expect(() => learningRateScheduler(() => 0.1, { per: "step" as "batch" })).toThrow(
      'learningRateScheduler: per: expected "batch" or "epoch", got "step"',
    );
  });
});
