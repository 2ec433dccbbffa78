/**
 * Sweeps on worker threads give exactly the serial sweep's measurements, in rate order. The workers run
 * the built code (dist/cli/sweep-worker.js and dist/core), as the CLI does.
 */
import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { prepareSweep, sweepRun } from "../core/choosing/sweep.js";
import { builtinData, syntheticLine } from "../core/data/data.js";
import { isLrlabError } from "../core/errors.js";
import { flagNameOf, runOptionsFromPlan, type SweepPlan, sweepInParallel } from "./sweep-workers.js";
import { sharedDataset } from "./worker-pool.js";

const workerUrl = new URL("../../dist/cli/sweep-worker.js", import.meta.url);

const basePlan: SweepPlan = {
  loss: "mse",
  optimizer: { name: "sgd", learningRate: 0.01, momentum: 0.9, nesterov: true },
  schedule: { name: "cosine", args: { decaySteps: 50, alpha: 0.1 } },
  plateau: null,
  batchSize: 8,
  epochs: 3,
  seed: 11,
};

function serial(data: ReturnType<typeof builtinData>, learningRates: number[], plan: SweepPlan) {
  const options = runOptionsFromPlan(plan);
  return learningRates.map((rate) => sweepRun(data, rate, options, flagNameOf));
}

describe("sweepInParallel", () => {
  it("returns the serial sweep's measurements, bit for bit, in rate order", async () => {
    expect(existsSync(workerUrl), "build first: npx tsc -p tsconfig.build.json").toBe(true);
    const data = syntheticLine({ n: 500, seed: 5 });
    const learningRates = [0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1];
    const { runOptions } = prepareSweep(data, { ...runOptionsFromPlan(basePlan), learningRates });
    const plan: SweepPlan = { ...basePlan, stats: runOptions.stats as NonNullable<typeof runOptions.stats> };
    const done: number[] = [];
    const parallel = await sweepInParallel(data, learningRates, plan, {
      workers: 3,
      workerUrl,
      onRunEnd: (count) => done.push(count),
    });
    expect(parallel).toEqual(serial(data, learningRates, plan));
    expect(parallel.map((run) => run.learningRate)).toEqual(learningRates);
    expect(done).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it("rebuilds a plateau callback and a Huber loss in the workers", async () => {
    const data = builtinData();
    const plan: SweepPlan = {
      ...basePlan,
      loss: "huber",
      huberDelta: 0.5,
      optimizer: {
        name: "adam",
        learningRate: 0.001,
        beta1: 0.9,
        beta2: 0.999,
        epsilon: 1e-7,
        amsgrad: false,
      },
      schedule: null,
      plateau: {
        monitor: "loss",
        factor: 0.5,
        patience: 1,
        minDelta: 0,
        cooldown: 0,
        minLr: 0,
        mode: "auto",
        minDeltaMode: "abs",
      },
    };
    const learningRates = [0.01, 0.1, 1];
    const parallel = await sweepInParallel(data, learningRates, plan, { workers: 2, workerUrl });
    expect(parallel).toEqual(serial(data, learningRates, plan));
  });

  it("shares the data with the workers through a SharedArrayBuffer", () => {
    const shared = sharedDataset(builtinData());
    expect(shared.x.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(shared.y.buffer).toBe(shared.x.buffer);
    expect(Array.from(shared.y)).toEqual(Array.from(builtinData().y));
  });

  it("rethrows a run's user error as an LrlabError", async () => {
    const plan: SweepPlan = { ...basePlan, steps: 5 }; // steps and epochs together
    const failure = await sweepInParallel(builtinData(), [0.1, 0.2], plan, { workers: 2, workerUrl }).catch(
      (error: unknown) => error,
    );
    expect(isLrlabError(failure)).toBe(true);
    expect((failure as Error).message).toBe("--steps and --epochs: give one or the other, not both");
  });
});
