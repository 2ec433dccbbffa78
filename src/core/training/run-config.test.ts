import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { errorOf } from "../../test-support/optimizer-trajectory.js";
import { builtinData } from "../data/data.js";
import { OPTIMIZER_NAMES, type OptimizerCliName } from "../optimizers/registry.js";
import type { ParamValue } from "../params.js";
import { SCHEDULE_NAMES, type ScheduleName } from "../schedules/registry.js";
import {
  DEFAULT_RUN_CONFIG,
  type RunConfig,
  resolveRun,
  runConfigFromJson,
  runConfigToJson,
  scheduleLengthDefaults,
  totalStepsOf,
  withLearningRate,
} from "./run-config.js";
import { train } from "./train.js";

const data = builtinData(); // 100 points

/** Every optimizer with arguments that differ from its defaults. */
const OPTIMIZER_ARGS: Record<OptimizerCliName, Record<string, ParamValue>> = {
  sgd: { momentum: 0.5, nesterov: true },
  momentum: {},
  rmsprop: { rho: 0.95, momentum: 0.1, epsilon: 1e-6, centered: true },
  adam: { beta1: 0.8, beta2: 0.99, epsilon: 1e-8, amsgrad: true },
  adagrad: { initialAccumulatorValue: 0.2, epsilon: 1e-6 },
};

/** Every schedule with valid arguments, lengths given. */
const SCHEDULE_ARGS: Record<ScheduleName, Record<string, ParamValue>> = {
  constant: {},
  exponential: { decaySteps: 50, decayRate: 0.5, staircase: true },
  piecewise: { boundaries: [10, 20], values: [0.1, 0.05, 0.01] },
  polynomial: { decaySteps: 80, endLearningRate: 0.001, power: 2, cycle: true },
  "inverse-time": { decaySteps: 10, decayRate: 0.5, staircase: false },
  cosine: { decaySteps: 90, alpha: 0.1, warmupSteps: 10, warmupTarget: 0.2 },
  "cosine-restarts": { firstDecaySteps: 20, tMul: 2, mMul: 0.9, alpha: 0.01 },
  step: { stepSize: 25, gamma: 0.5 },
  cyclical: { maximalLearningRate: 0.3, stepSize: 20, mode: "triangular2" },
  "one-cycle": {
    totalSteps: 100,
    pctStart: 0.25,
    annealStrategy: "linear",
    divFactor: 10,
    finalDivFactor: 100,
  },
  plateau: { factor: 0.5, patience: 3, minDelta: 0, cooldown: 1, minLr: 1e-4, mode: "min" },
};

const roundTrip = (config: RunConfig): RunConfig =>
  runConfigFromJson(JSON.parse(JSON.stringify(runConfigToJson(config))));

const config = (overrides: Partial<RunConfig>): RunConfig => ({ ...DEFAULT_RUN_CONFIG, ...overrides });

describe("run config JSON round trip", () => {
  it("lists every optimizer and schedule the registries have", () => {
    expect(Object.keys(OPTIMIZER_ARGS).sort()).toEqual([...OPTIMIZER_NAMES].sort());
    expect(Object.keys(SCHEDULE_ARGS).sort()).toEqual([...SCHEDULE_NAMES].sort());
  });

  for (const optimizerName of OPTIMIZER_NAMES) {
    for (const scheduleName of SCHEDULE_NAMES) {
      it(`gives back the same config for ${optimizerName} × ${scheduleName}, and the same run`, () => {
        const original = config({
          optimizer: { name: optimizerName, args: OPTIMIZER_ARGS[optimizerName] },
          schedule: { name: scheduleName, args: SCHEDULE_ARGS[scheduleName] },
          learningRate: 0.05,
          batchSize: scheduleName === "plateau" ? 25 : null,
          steps: 100,
          seed: 7,
          start: { w: -1.5, b: 2.25 },
          loss: { name: "huber", delta: 0.5 },
        });
        const back = roundTrip(original);
        expect(back).toEqual(original);
        // And it is a config that runs: both train identically.
        const a = resolveRun(original, data);
        const b = resolveRun(back, data);
        expect(b.schedule).toEqual(a.schedule);
        expect(b.optimizer.config).toEqual(a.optimizer.config);
        const runA = train(data, { ...a.trainOptions, steps: 5 });
        const runB = train(data, { ...b.trainOptions, steps: 5 });
        expect(Array.from(runB.history.loss)).toEqual(Array.from(runA.history.loss));
      });
    }
  }

  it("writes the arguments inline, Keras get_config style, and keeps the optional keys", () => {
    const original = config({
      optimizer: { name: "sgd", args: { momentum: 0.9 } },
      schedule: { name: "exponential", args: { decaySteps: 50, decayRate: 0.5 } },
      learningRate: 0.1,
      steps: 100,
      divergeFactor: 1e3,
      tolerance: 1e-6,
      historyEvery: 5,
    });
    expect(runConfigToJson(original)).toEqual({
      model: { name: "line" },
      loss: { name: "mse" },
      optimizer: { name: "sgd", momentum: 0.9 },
      learningRate: 0.1,
      schedule: { name: "exponential", decaySteps: 50, decayRate: 0.5 },
      batchSize: null,
      steps: 100,
      epochs: null,
      seed: 0,
      start: { w: 0, b: 0 },
      divergeFactor: 1e3,
      tolerance: 1e-6,
      historyEvery: 5,
    });
    expect(roundTrip(original)).toEqual(original);
  });

  it("round-trips any rate, start, seed and length (property)", () => {
    // JSON writes −0 as 0; a start at −0 is the same start, so it is generated as 0.
    const finite = fc
      .double({ noNaN: true, noDefaultInfinity: true })
      .map((value) => (Object.is(value, -0) ? 0 : value));
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 1e6, noNaN: true }).map((value) => (Object.is(value, -0) ? 0 : value)),
        finite,
        finite,
        fc.nat(),
        fc.option(fc.nat(), { nil: null }),
        fc.option(fc.integer({ min: 1, max: 10_000 }), { nil: null }),
        fc.constantFrom(...OPTIMIZER_NAMES),
        (learningRate, w, b, seed, steps, batchSize, optimizerName) => {
          const original = config({
            learningRate,
            start: { w, b },
            seed,
            steps,
            batchSize,
            optimizer: { name: optimizerName, args: OPTIMIZER_ARGS[optimizerName] },
          });
          expect(roundTrip(original)).toEqual(original);
        },
      ),
    );
  });

  it("fills what a document leaves out with the defaults, and the optimizer's own default rate", () => {
    expect(runConfigFromJson({})).toEqual(DEFAULT_RUN_CONFIG);
    // Keras Adam's default learning_rate is 0.001; SGD's 0.01.
    expect(runConfigFromJson({ optimizer: { name: "adam" } }).learningRate).toBe(0.001);
    expect(runConfigFromJson({ optimizer: { name: "sgd" } }).learningRate).toBe(0.01);
    // A rate written inside the optimizer, as Keras's get_config does, is the rate.
    const inside = runConfigFromJson({ optimizer: { name: "adam", learningRate: 0.5 } });
    expect(inside.learningRate).toBe(0.5);
    expect(inside.optimizer).toEqual({ name: "adam", args: {} });
  });
});

describe("run config refusals", () => {
  const refusal = (document: unknown) => errorOf(() => runConfigFromJson(document));

  it("refuses unknown keys by name, listing the known ones", () => {
    const error = refusal({ learning_rate: 0.1 });
    expect(error.code).toBe("E_BAD_ARGUMENT");
    expect(error.message).toMatch(
      /^run config: learning_rate: expected one of model, loss, optimizer, learningRate/,
    );
  });

  it("refuses wrong types and out-of-range values, naming the key and what was expected", () => {
    const cases: [unknown, RegExp][] = [
      [[], /the document: expected an object, got \[\]/],
      [null, /the document: expected an object, got null/],
      [{ model: "mpl" }, /model.name: unknown model "mpl" \(did you mean "mlp"\?\)/],
      [
        { model: { name: "mlp", hidden: [0] } },
        /hidden: expected layer widths that are integers from 1 to 4096, got 0/,
      ],
      [{ model: { name: "line", degree: 2 } }, /degree does not apply to the line model/],
      [{ loss: "mse" }, /loss: expected an object with a "name", got "mse"/],
      [{ optimizer: "sgd" }, /optimizer: expected an object with a "name", got "sgd"/],
      [
        { optimizer: { name: "nadam" } },
        /optimizer\.name: expected one of sgd, momentum, rmsprop, adam, adagrad, got "nadam"/,
      ],
      [{ learningRate: "0.1" }, /learningRate: expected a finite number ≥ 0, got "0\.1"/],
      [{ learningRate: -1 }, /learningRate: expected a finite number ≥ 0, got -1/],
      [{ steps: 1.5 }, /steps: expected an integer ≥ 0 or null, got 1\.5/],
      [{ steps: "10" }, /steps: expected an integer ≥ 0 or null, got "10"/],
      [{ epochs: -2 }, /epochs: expected an integer ≥ 0 or null, got -2/],
      [{ steps: 5, epochs: 5 }, /steps and epochs: expected one or the other, not both/],
      [{ batchSize: 0 }, /batchSize: expected an integer ≥ 1 or null, got 0/],
      [{ seed: -1 }, /seed: expected an integer ≥ 0, got -1/],
      [{ start: 3 }, /start: expected an object \{ w, b \}, got 3/],
      [{ start: { w: "0" } }, /start\.w: expected a finite number, got "0"/],
      [{ loss: { name: "huber", delta: 0 } }, /loss\.delta: expected a number > 0, got 0/],
      [{ divergeFactor: 1 }, /divergeFactor: expected a number > 1, got 1/],
      [{ tolerance: -1 }, /tolerance: expected a finite number ≥ 0, got -1/],
      [{ historyEvery: 0 }, /historyEvery: expected an integer ≥ 1, got 0/],
    ];
    for (const [document, message] of cases) {
      const error = refusal(document);
      expect(error.code, JSON.stringify(document)).toBe("E_BAD_ARGUMENT");
      expect(error.message, JSON.stringify(document)).toMatch(message);
      expect(error.message).not.toMatch(/\n/);
    }
  });

  // Bug (message): JSON.parse reads 1e400 as Infinity, and the message quotes the value through
  // JSON.stringify, which writes Infinity as null: "learningRate: expected a finite number ≥ 0, got null",
  // though the document says 1e400.
  it("quotes an overflowing number as what it is, not as null", () => {
    const error = refusal(JSON.parse('{ "learningRate": 1e400 }'));
    expect(error.message).toMatch(/learningRate: expected a finite number ≥ 0, got Infinity$/);
  });

  it("refuses unknown loss and schedule names with their own codes and a near name", () => {
    expect(refusal({ loss: { name: "l2" } }).code).toBe("E_UNKNOWN_LOSS");
    const schedule = refusal({ schedule: { name: "cosin" } });
    expect(schedule.code).toBe("E_UNKNOWN_SCHEDULE");
    expect(schedule.message).toMatch(/did you mean "cosine"/);
  });

  it("leaves arguments to the optimizer's and schedule's tables, which refuse them when the config is resolved", () => {
    const stray = runConfigFromJson({ optimizer: { name: "sgd", beta1: 0.9 } });
    expect(errorOf(() => resolveRun(stray, data)).message).toBe(
      'sgd: unknown argument "beta1"; expected one of learningRate, momentum, nesterov',
    );
    const wrong = runConfigFromJson({ schedule: { name: "exponential", decaySteps: "x", decayRate: 0.5 } });
    expect(errorOf(() => resolveRun(wrong, data)).message).toMatch(
      /decaySteps: expected a number > 0, got "x"/,
    );
  });
});

describe("resolveRun: schedule lengths from the run", () => {
  const resolve = (overrides: Partial<RunConfig>) =>
    resolveRun(config({ learningRate: 0.1, ...overrides }), data);

  it("decays over the whole run when decaySteps is not given: 0.1 · 0.5^(200/200) = 0.05 at the last step", () => {
    const resolved = resolve({ steps: 200, schedule: { name: "exponential", args: { decayRate: 0.5 } } });
    expect(resolved.schedule.args).toMatchObject({
      initialLearningRate: 0.1,
      decaySteps: 200,
      decayRate: 0.5,
    });
    expect(resolved.rateAt(0)).toBe(0.1);
    expect(resolved.rateAt(100)).toBeCloseTo(0.1 * Math.SQRT1_2, 15);
    expect(resolved.rateAt(200)).toBeCloseTo(0.05, 15);
    expect(resolved.constantRate).toBe(false);
    expect(resolved.totalSteps).toBe(200);
  });

  it("takes the run's length from epochs (3 × ceil(100/30) = 12 steps) or the default 100 steps", () => {
    const byEpochs = resolve({ epochs: 3, batchSize: 30, schedule: { name: "polynomial", args: {} } });
    expect(byEpochs.totalSteps).toBe(12);
    expect(byEpochs.schedule.args.decaySteps).toBe(12);
    const byDefault = resolve({ schedule: { name: "inverse-time", args: { decayRate: 1 } } });
    expect(byDefault.totalSteps).toBe(100);
    expect(byDefault.schedule.args.decaySteps).toBe(100);
  });

  it("fills each schedule's length the same way: cosine after its warm-up, restarts in three cycles, StepLR in quarters, one-cycle whole", () => {
    const steps = 200;
    // Cosine with 50 warm-up steps decays over the remaining 150.
    expect(
      resolve({ steps, schedule: { name: "cosine", args: { warmupSteps: 50, warmupTarget: 0.2 } } }).schedule
        .args.decaySteps,
    ).toBe(150);
    expect(resolve({ steps, schedule: { name: "cosine", args: {} } }).schedule.args.decaySteps).toBe(200);
    // Restarts with tMul 2: cycles of T, 2T, 4T fill the run, T = round(200/7) = 29.
    expect(
      resolve({ steps, schedule: { name: "cosine-restarts", args: {} } }).schedule.args.firstDecaySteps,
    ).toBe(29);
    // tMul 1: three equal cycles, round(200/3) = 67.
    expect(
      resolve({ steps, schedule: { name: "cosine-restarts", args: { tMul: 1 } } }).schedule.args
        .firstDecaySteps,
    ).toBe(67);
    expect(resolve({ steps, schedule: { name: "step", args: {} } }).schedule.args.stepSize).toBe(50);
    const oneCycle = resolve({ steps, schedule: { name: "one-cycle", args: {} } });
    expect(oneCycle.schedule.args).toMatchObject({ maxLearningRate: 0.1, totalSteps: 200 });
    // One-cycle starts at the peak / divFactor 25 and ends its run at the bottom.
    expect(oneCycle.rateAt(0)).toBeCloseTo(0.1 / 25, 15);
    expect(scheduleLengthDefaults("piecewise", {}, 200)).toEqual({});
    expect(scheduleLengthDefaults("exponential", {}, 0)).toEqual({ decaySteps: 1 });
  });

  it("keeps a length that is given", () => {
    const resolved = resolve({
      steps: 200,
      schedule: { name: "exponential", args: { decaySteps: 7, decayRate: 0.5 } },
    });
    expect(resolved.schedule.args.decaySteps).toBe(7);
  });

  it("refuses a one-cycle shorter than the run, naming the argument as the caller does; equal or longer is fine", () => {
    const short = config({ steps: 200, schedule: { name: "one-cycle", args: { totalSteps: 150 } } });
    const error = errorOf(() => resolveRun(short, data));
    expect(error.code).toBe("E_USAGE");
    expect(error.message).toMatch(/^totalSteps 150 is shorter than the run's 200 steps/);
    const asFlag = errorOf(() => resolveRun(short, data, { nameOf: (spec) => `--${spec.flag}` }));
    expect(asFlag.message).toMatch(/^--total-steps 150 is shorter than the run's 200 steps/);
    for (const totalSteps of [200, 300]) {
      const fine = resolveRun(
        config({ steps: 200, schedule: { name: "one-cycle", args: { totalSteps } } }),
        data,
      );
      expect(fine.schedule.args.totalSteps).toBe(totalSteps);
    }
  });
});

describe("resolveRun: one source for the rate and the run", () => {
  it("puts the config's rate into the optimizer, the schedule's rate argument, and train's options", () => {
    const constant = resolveRun(config({ learningRate: 0.07, optimizer: { name: "adam", args: {} } }), data);
    expect(constant.optimizer.config).toMatchObject({ learningRate: 0.07 });
    expect(constant.trainOptions.learningRate).toBe(0.07);
    expect(constant.schedule).toEqual({ name: "constant", className: "float", args: { learningRate: 0.07 } });
    expect(constant.constantRate).toBe(true);
    const decaying = resolveRun(
      config({ learningRate: 0.07, schedule: { name: "step", args: { stepSize: 10 } } }),
      data,
    );
    expect(decaying.schedule.args.initialLearningRate).toBe(0.07);
    expect(decaying.rateAt(9)).toBe(0.07);
    expect(decaying.rateAt(10)).toBeCloseTo(0.007, 15); // gamma 0.1 after one step of 10
    const plateau = resolveRun(config({ learningRate: 0.07, schedule: { name: "plateau", args: {} } }), data);
    expect(plateau.plateau).not.toBeNull();
    expect(plateau.constantRate).toBe(false);
    expect(plateau.trainOptions.rateCallback).toBe(plateau.plateau);
  });

  it("passes the start, seed, batch and length to train, and the momentum alias is SGD with momentum 0.9", () => {
    const resolved = resolveRun(
      config({
        optimizer: { name: "momentum", args: {} },
        start: { w: 2, b: -1 },
        seed: 9,
        batchSize: 10,
        epochs: 2,
      }),
      data,
    );
    expect(resolved.optimizer.name).toBe("sgd");
    expect(resolved.optimizer.config).toMatchObject({ momentum: 0.9 });
    expect(resolved.trainOptions).toMatchObject({
      initialW: 2,
      initialB: -1,
      seed: 9,
      batchSize: 10,
      epochs: 2,
    });
    expect(resolved.totalSteps).toBe(20);
    const run = train(data, resolved.trainOptions);
    expect(run.requestedSteps).toBe(20);
    expect([run.history.w[0], run.history.b[0]]).toEqual([2, -1]);
  });

  it("changes only the rate with withLearningRate, and counts steps as train does", () => {
    const base = config({ steps: 40, schedule: { name: "cosine", args: {} } });
    expect(withLearningRate(base, 0.3)).toEqual({ ...base, learningRate: 0.3 });
    expect(totalStepsOf({ steps: 40, epochs: null, batchSize: null }, 100)).toBe(40);
    expect(totalStepsOf({ steps: null, epochs: 3, batchSize: 32 }, 100)).toBe(12); // ceil(100/32) = 4 per epoch
    expect(totalStepsOf({ steps: null, epochs: 3, batchSize: 500 }, 100)).toBe(3);
    expect(totalStepsOf({ steps: null, epochs: null, batchSize: null }, 100)).toBe(100);
  });
});
