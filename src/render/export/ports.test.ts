/**
 * The pieces of lrlab that the exported scripts carry as ports, run as generated: the seeded shuffle (in
 * JavaScript and in Python) gives lrlab's permutations, epoch after epoch, and every schedule formula
 * gives lrlab's rate at every step.
 */
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { builtinData, datasetColumns, datasetFeatureNames } from "../../core/data/data.js";
import { type ExportPlan, exportPlan } from "../../core/export/export-plan.js";
import { prepareModel } from "../../core/models/model-spec.js";
import type { ParamValue } from "../../core/params.js";
import { createRandom, MAX_SEED } from "../../core/random.js";
import type { ScheduleName } from "../../core/schedules/registry.js";
import { DEFAULT_RUN_CONFIG, type RunConfig, resolveRun } from "../../core/training/run-config.js";
import { sectionOf } from "../../test-support/exported-script.js";
import { KERAS_SECTIONS, kerasScript } from "./keras.js";
import { TFJS_SECTIONS, tfjsScript } from "./tfjs.js";

const data = builtinData();

function planFor(config: Partial<RunConfig>): { plan: ExportPlan; config: RunConfig } {
  const full: RunConfig = { ...DEFAULT_RUN_CONFIG, ...config };
  const prepared = prepareModel(full.model, datasetColumns(data), data.y, {
    loss: full.loss.name,
    columnNames: datasetFeatureNames(data),
  });
  return { plan: exportPlan(full, prepared, data, { kind: "inline" }), config: full };
}

const context = { command: "lrlab fit" };
const SEEDS = [0, 1, 42, 123_456_789, MAX_SEED];
const SIZES = [1, 2, 3, 7, 32, 100, 1000, 4097];
const EPOCHS = 3;

/** lrlab's permutations: one order, shuffled in place at the start of each epoch (train-model.ts). */
function lrlabOrders(seed: number, size: number): number[][] {
  const random = createRandom(seed);
  const order = Uint32Array.from({ length: size }, (_, i) => i);
  return Array.from({ length: EPOCHS }, () => {
    random.shuffle(order);
    return Array.from(order);
  });
}

describe("the exported shuffle", () => {
  const { plan } = planFor({ batchSize: 10 });

  it("in TF.js gives lrlab's permutation, epoch after epoch, for several seeds and sizes", () => {
    const section = sectionOf(tfjsScript(plan, context), TFJS_SECTIONS.batches, TFJS_SECTIONS.training);
    const port = new Function(`${section}\nreturn { createRandom, shuffle };`)() as {
      createRandom: (seed: number) => () => number;
      shuffle: (order: Uint32Array, next: () => number) => void;
    };
    for (const seed of SEEDS) {
      for (const size of SIZES) {
        const next = port.createRandom(seed);
        const order = Uint32Array.from({ length: size }, (_, i) => i);
        const ported = Array.from({ length: EPOCHS }, () => {
          port.shuffle(order, next);
          return Array.from(order);
        });
        expect(ported, `seed ${seed}, ${size} rows`).toEqual(lrlabOrders(seed, size));
      }
    }
    // The comparison can fail: the permutations are not the identity, and another seed's differ.
    expect(lrlabOrders(0, 100)[0]).not.toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(lrlabOrders(1, 100)[0]).not.toEqual(lrlabOrders(0, 100)[0]);
  });

  it("in TF.js gives lrlab's permutation for more than 2^21 rows, where draw · n passes 2^53", () => {
    // Export refused more than 2^21 rows because the port formed draw · n as one double; lrlab's own
    // shuffle splits the product, and so does the port now.
    const section = sectionOf(tfjsScript(plan, context), TFJS_SECTIONS.batches, TFJS_SECTIONS.training);
    const port = new Function(`${section}\nreturn { createRandom, shuffle };`)() as {
      createRandom: (seed: number) => () => number;
      shuffle: (order: Uint32Array, next: () => number) => void;
    };
    const size = 2 ** 21 + 3;
    const ported = Uint32Array.from({ length: size }, (_, i) => i);
    port.shuffle(ported, port.createRandom(7));
    const expected = Uint32Array.from({ length: size }, (_, i) => i);
    createRandom(7).shuffle(expected);
    let differing = 0;
    for (let i = 0; i < size; i++) if (ported[i] !== expected[i]) differing++;
    expect(differing).toBe(0);
    // Where one double would round: 1212964350 · 3000000001 has low word 1294967294, just under the
    // rejection threshold (2^32 − n) mod n = 1294967295, so Lemire's method redraws; rounded to a double
    // the low word is 1294967296 and the first draw would be kept. The answer is the second draw's.
    const integerBelow = new Function(`${section}\nreturn integerBelow;`)() as (
      next: () => number,
      n: number,
    ) => number;
    const draws = [1212964350, 0xdeadbeef];
    const n = 3_000_000_001;
    expect(integerBelow(() => draws.shift() as number, n)).toBe(Number((0xdeadbeefn * BigInt(n)) >> 32n));
    expect(draws).toEqual([]);
  });

  it("in Python (run alone with python3) gives lrlab's permutation, epoch after epoch", () => {
    const section = sectionOf(kerasScript(plan, context), KERAS_SECTIONS.batches, KERAS_SECTIONS.model);
    const driver = `${section}
import json, sys
results = []
for seed, size in json.loads(sys.argv[1]):
    next_uint32 = create_random(seed)
    order = list(range(size))
    epochs = []
    for _ in range(${EPOCHS}):
        shuffle(order, next_uint32)
        epochs.append(list(order))
    results.append(epochs)
print(json.dumps(results))
`;
    const cases = SEEDS.flatMap((seed) => SIZES.map((size) => [seed, size] as const));
    const { status, stdout, stderr } = spawnSync("python3", ["-c", driver, JSON.stringify(cases)], {
      encoding: "utf8",
    });
    expect(stderr).toBe("");
    expect(status).toBe(0);
    expect(JSON.parse(stdout)).toEqual(cases.map(([seed, size]) => lrlabOrders(seed, size)));
  });
});

/** One config per schedule, each over 120 steps, with arguments away from the defaults where they matter. */
const SCHEDULES: readonly [ScheduleName, Record<string, ParamValue>][] = [
  ["constant", {}],
  ["exponential", { decayRate: 0.3, decaySteps: 17 }],
  ["exponential", { decayRate: 0.5, decaySteps: 10, staircase: true }],
  ["piecewise", { boundaries: [10, 50], values: [0.1, 0.05, 0.01] }],
  ["polynomial", { power: 2, endLearningRate: 0.001 }],
  ["polynomial", { decaySteps: 25, cycle: true }],
  ["inverse-time", { decayRate: 2, decaySteps: 7, staircase: true }],
  ["cosine", { alpha: 0.1 }],
  ["cosine", { warmupTarget: 0.3, warmupSteps: 20, alpha: 0.05 }],
  ["cosine-restarts", { tMul: 1.5, mMul: 0.8, alpha: 0.01 }],
  ["cosine-restarts", { firstDecaySteps: 20, tMul: 1 }],
  ["step", { gamma: 0.5, stepSize: 13 }],
  ["cyclical", { maximalLearningRate: 0.4, stepSize: 9 }],
  ["cyclical", { maximalLearningRate: 0.4, stepSize: 9, mode: "triangular2" }],
  ["cyclical", { maximalLearningRate: 0.4, stepSize: 9, mode: "exp_range", gamma: 0.98 }],
  ["one-cycle", {}],
  ["one-cycle", { threePhase: true, annealStrategy: "linear", pctStart: 0.25 }],
];
const STEPS = 120;
const configOf = (name: ScheduleName, args: Record<string, ParamValue>): Partial<RunConfig> => ({
  learningRate: 0.1,
  steps: STEPS,
  schedule: { name, args },
});

describe("the exported learning rate", () => {
  for (const [name, args] of SCHEDULES) {
    it(`in TF.js is lrlab's at every step: ${name} ${JSON.stringify(args)}`, () => {
      const { plan, config } = planFor(configOf(name, args));
      const section = sectionOf(tfjsScript(plan, context), TFJS_SECTIONS.schedule, TFJS_SECTIONS.batches);
      const learningRateAt = new Function(`${section}\nreturn learningRateAt;`)() as (step: number) => number;
      const { rateAt } = resolveRun(config, data);
      const rates = new Set<number>();
      for (let step = 0; step <= STEPS + 10; step++) {
        const expected = rateAt(step);
        rates.add(expected);
        expect(Math.abs(learningRateAt(step) - expected), `step ${step}`).toBeLessThanOrEqual(1e-15);
      }
      // The comparison can fail: a schedule's rate changes over the run.
      if (name !== "constant") expect(rates.size).toBeGreaterThan(2);
    });
  }

  // Keras has no StepLR, cyclical or one-cycle schedule: the script defines them with keras.ops. Here they
  // run under plain Python, with `keras.ops` played by math (the formulas call nothing else).
  for (const [name, args] of SCHEDULES.filter(([name]) => ["step", "cyclical", "one-cycle"].includes(name))) {
    it(`in Keras, as a LearningRateSchedule subclass, is lrlab's at every step: ${name} ${JSON.stringify(args)}`, () => {
      const { plan, config } = planFor(configOf(name, args));
      const section = sectionOf(kerasScript(plan, context), "class ", "optimizer = keras.optimizers");
      const driver = `import json, math, types
ops = types.SimpleNamespace(
    cast=lambda x, dtype: float(x), floor=math.floor, abs=abs, power=lambda a, b: a ** b,
    maximum=max, minimum=min, cos=math.cos, where=lambda condition, a, b: a if condition else b,
)
keras = types.SimpleNamespace(
    optimizers=types.SimpleNamespace(schedules=types.SimpleNamespace(LearningRateSchedule=object))
)
${section}
print(json.dumps([float(learning_rate(step)) for step in range(${STEPS + 10})]))
`;
      const { status, stdout, stderr } = spawnSync("python3", ["-c", driver], { encoding: "utf8" });
      expect(stderr).toBe("");
      expect(status).toBe(0);
      const { rateAt } = resolveRun(config, data);
      (JSON.parse(stdout) as number[]).forEach((rate, step) => {
        expect(Math.abs(rate - rateAt(step)), `step ${step}`).toBeLessThanOrEqual(1e-15);
      });
    });
  }
});
