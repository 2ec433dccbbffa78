import { describe, expect, it } from "vitest";
import { builtinData, type Dataset, datasetColumns, datasetFeatureNames } from "../data/data.js";
import { LrlabError } from "../errors.js";
import { prepareModel } from "../models/model-spec.js";
import { DEFAULT_RUN_CONFIG, type RunConfig } from "../training/run-config.js";
import { type ExportDataSource, exportPlan } from "./export-plan.js";

function planOf(
  config: Partial<RunConfig>,
  data: Dataset = builtinData(),
  source: ExportDataSource = { kind: "inline" },
) {
  const full: RunConfig = { ...DEFAULT_RUN_CONFIG, ...config };
  const prepared = prepareModel(full.model, datasetColumns(data), data.y, {
    loss: full.loss.name,
    columnNames: datasetFeatureNames(data),
  });
  return exportPlan(full, prepared, data, source);
}

const tenRows: Dataset = {
  x: Float64Array.from({ length: 10 }, (_, i) => i),
  y: Float64Array.from({ length: 10 }, (_, i) => 2 * i + 1),
  xName: "x",
  yName: "y",
  source: "ten.csv",
};

describe("exportPlan", () => {
  it("counts the updates and epochs as lrlab's loop does, the last batch keeping the remainder", () => {
    // 10 rows in batches of 4: batches of 4, 4, 2, so 3 updates per epoch; 2 epochs = 6 updates.
    const { run } = planOf({ batchSize: 4, epochs: 2 }, tenRows);
    expect(run).toEqual({
      rows: 10,
      batchSize: 4,
      fullBatch: false,
      stepsPerEpoch: 3,
      totalSteps: 6,
      epochs: 2,
      seed: 0,
      divergeFactor: 1e6,
      // The line under MSE: its statistics make the loss on all the data free at every step.
      lossEvery: 1,
    });
    // 7 steps of 3 per epoch: the third epoch is begun and stops after its first batch.
    expect(planOf({ batchSize: 4, steps: 7 }, tenRows).run.epochs).toBe(3);
    // A batch at least as large as the data is the full batch; no steps or epochs: 100 steps.
    expect(planOf({ batchSize: 64 }, tenRows).run).toMatchObject({
      batchSize: 10,
      fullBatch: true,
      totalSteps: 100,
    });
    // Under a schedule lrlab stops only on a loss that is not a number (the largest double as the factor).
    expect(planOf({ schedule: { name: "cosine", args: {} } }, tenRows).run.divergeFactor).toBe(
      Number.MAX_VALUE,
    );
  });

  it("tests divergence where lrlab takes the loss on all the data: every step, or a mini-batch network's recorded steps", () => {
    const network = { name: "mlp" as const, hidden: [3] };
    // Mini-batches of a network: a pass costs, so only on the recorded steps (every 7th, or 1 row in 10,000).
    expect(planOf({ model: network, batchSize: 4, steps: 70, historyEvery: 7 }, tenRows).run.lossEvery).toBe(
      7,
    );
    expect(planOf({ model: network, batchSize: 4, steps: 30_000 }, tenRows).run.lossEvery).toBe(3);
    // A full batch, or the line's free statistics: every step.
    expect(planOf({ model: network, steps: 70, historyEvery: 7 }, tenRows).run.lossEvery).toBe(1);
    expect(planOf({ batchSize: 4, steps: 70, historyEvery: 7 }, tenRows).run.lossEvery).toBe(1);
  });

  it("starts the line where the config says, as Keras weights [[[w]], [b]]", () => {
    const plan = planOf({ start: { w: 0.5, b: -2 } });
    expect(plan.initialWeights).toEqual([[[0.5]], [-2]]);
    expect(plan.model).toEqual({ name: "line", inputs: 1, layers: [{ units: 1, activation: "linear" }] });
  });

  it("starts an mlp from the seed's glorot draw, a different one for another seed", () => {
    const mlp = { name: "mlp", hidden: [3], activation: "relu" } as const;
    const plan = planOf({ model: mlp, seed: 1 });
    expect(plan.model.layers).toEqual([
      { units: 3, activation: "relu" },
      { units: 1, activation: "linear" },
    ]);
    const [kernel, bias, outputKernel, outputBias] = plan.initialWeights as number[][][];
    expect(kernel).toHaveLength(1);
    expect(kernel?.[0]).toHaveLength(3);
    expect(bias).toEqual([0, 0, 0]);
    expect(outputKernel).toHaveLength(3);
    expect(outputBias).toEqual([0]);
    expect(planOf({ model: mlp, seed: 2 }).initialWeights).not.toEqual(plan.initialWeights);
  });

  it("fills the schedule's arguments as used: the rate, the defaults and the run's length", () => {
    const plan = planOf({
      learningRate: 0.1,
      steps: 80,
      schedule: { name: "exponential", args: { decayRate: 0.5 } },
    });
    expect(plan.schedule).toEqual({
      name: "exponential",
      className: "ExponentialDecay",
      inKeras: true,
      args: [
        { key: "initialLearningRate", keras: "initial_learning_rate", value: 0.1 },
        { key: "decaySteps", keras: "decay_steps", value: 80 },
        { key: "decayRate", keras: "decay_rate", value: 0.5 },
        { key: "staircase", keras: "staircase", value: false },
      ],
    });
    expect(planOf({ schedule: { name: "one-cycle", args: {} } }).schedule).toMatchObject({
      className: "OneCycleLR",
      inKeras: false,
    });
  });

  it("gives the optimizer's Keras arguments, defaults included, without the rate", () => {
    const plan = planOf({ optimizer: { name: "momentum", args: {} }, learningRate: 0.05 });
    expect(plan.optimizer).toEqual({
      name: "sgd",
      kerasClass: "SGD",
      args: [
        { key: "momentum", keras: "momentum", value: 0.9 },
        { key: "nesterov", keras: "nesterov", value: false },
      ],
    });
    expect(plan.learningRate).toBe(0.05);
  });

  it("writes the standardization's numbers and the polynomial's degree", () => {
    const plan = planOf({ model: { name: "polynomial", degree: 3, standardize: true } }, tenRows);
    // mean of 0…9 = 4.5; population variance = (10² − 1)/12 = 8.25
    expect(plan.standardization?.means).toEqual([4.5]);
    expect(plan.standardization?.deviations[0]).toBeCloseTo(Math.sqrt(8.25), 14);
    expect(plan.polynomialDegree).toBe(3);
    expect(plan.model.inputs).toBe(3);
  });

  it("checks a file by its rows and its column sums, added in row order", () => {
    const plan = planOf({}, tenRows, { kind: "file", path: "/data/ten.csv" });
    // Σ 0…9 = 45; Σ (2i + 1) = 100
    expect(plan.data).toEqual({
      kind: "file",
      path: "/data/ten.csv",
      xNames: ["x"],
      yName: "y",
      rows: 10,
      sums: [45, 100],
    });
  });

  it("refuses what a script would not reproduce: the plateau callback, an early stop at a tolerance", () => {
    expect(() => planOf({ schedule: { name: "plateau", args: {} } })).toThrow(LrlabError);
    expect(() => planOf({ schedule: { name: "plateau", args: {} } })).toThrow(
      /plateau schedule cannot be exported/,
    );
    expect(() => planOf({ tolerance: 1e-6 })).toThrow(/^a tolerance stops the run early/);
  });
});
