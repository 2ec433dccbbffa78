import { describe, expect, it } from "vitest";
import { builtinData } from "../data/data.js";
import { linearStats } from "../data/stats.js";
import { initialParameters, prepareModel } from "../models/model-spec.js";
import { adam } from "../optimizers/adam.js";
import { sgd } from "../optimizers/sgd.js";
import { createRandom } from "../random.js";
import { exponentialDecay } from "../schedules/exponential-decay.js";
import { linearMseTheory } from "../theory/theory.js";
import { train } from "./train.js";
import { trainModel } from "./train-model.js";

const data = builtinData();
const line = (loss: "mse" | "mae" = "mse") =>
  prepareModel({ name: "line" }, [data.x], data.y, { loss, columnNames: ["x"] });

describe("trainModel", () => {
  it("runs the line as train does, full batch, from the statistics", () => {
    const run = trainModel(line(), {
      optimizer: sgd({ learningRate: 0.2 }),
      initial: new Float64Array(2),
      steps: 40,
    });
    const reference = train(data, { optimizer: sgd({ learningRate: 0.2 }), steps: 40 });
    // Both are exact; the statistics are centred differently, so they agree to rounding.
    expect(run.history.length).toBe(reference.history.length);
    run.history.loss.forEach((loss, i) => {
      expect(Math.abs(loss - (reference.history.loss[i] as number)) / loss).toBeLessThan(1e-12);
    });
    expect(run.final.params[0]).toBeCloseTo(reference.final.w, 12);
    expect(run.final.params[1]).toBeCloseTo(reference.final.b, 12);
  });

  it("visits mini-batches in train's order, so Adam with a schedule gives the same line to rounding", () => {
    const options = { batchSize: 7, epochs: 6, seed: 3 };
    const schedule = exponentialDecay({ initialLearningRate: 0.1, decaySteps: 10, decayRate: 0.5 });
    const run = trainModel(line(), {
      ...options,
      optimizer: adam(),
      learningRate: schedule,
      initial: new Float64Array(2),
    });
    const reference = train(data, { ...options, optimizer: adam(), learningRate: schedule });
    expect(run.steps).toBe(reference.steps);
    // Backprop and the line's kernel add the batch's terms in different orders: equal to about 1e-12.
    expect(run.final.params[0]).toBeCloseTo(reference.final.w, 10);
    expect(run.final.params[1]).toBeCloseTo(reference.final.b, 10);
  });

  it("reports divergence as a result above the critical rate", () => {
    const critical = linearMseTheory(linearStats(data)).criticalLearningRate;
    const run = trainModel(line(), {
      optimizer: sgd({ learningRate: 1.05 * critical }),
      initial: new Float64Array(2),
      steps: 2000,
    });
    expect(run.status).toBe("diverged");
    expect(run.divergedAtStep).toBeGreaterThan(10);
  });

  it("fits several columns to the least-squares optimum", () => {
    const random = createRandom(1);
    const n = 200;
    const a = Float64Array.from({ length: n }, () => random.normal());
    const b = Float64Array.from({ length: n }, () => random.normal() * 0.5 + 0.3 * (a[0] as number));
    const y = Float64Array.from(
      { length: n },
      (_, i) => 2 * (a[i] as number) - (b[i] as number) + 1 + 0.1 * random.normal(),
    );
    const prepared = prepareModel({ name: "linear" }, [a, b], y, { loss: "mse", columnNames: ["a", "b"] });
    const theory = prepared.theory;
    if (!theory) throw new Error("the linear model under MSE has its theory");
    const run = trainModel(prepared, {
      optimizer: sgd({ learningRate: theory.optimalLearningRate }),
      initial: new Float64Array(3),
      steps: 400,
    });
    expect(run.final.loss).toBeCloseTo(theory.optimum.loss, 12);
    expect(run.final.params[0]).toBeCloseTo(theory.optimum.w[0] as number, 8);
    expect(run.final.params[2]).toBeCloseTo(theory.optimum.b, 8);
  });

  it("tracks the sharpness of the line as its exact λmax, at step 0, every K steps and the last", () => {
    const prepared = line();
    const run = trainModel(prepared, {
      optimizer: sgd({ learningRate: 0.1 }),
      initial: new Float64Array(2),
      steps: 25,
      trackSharpness: 10,
    });
    const lambdaMax = prepared.theory?.hessianEigenvalues[0] as number;
    expect(run.sharpness?.step).toEqual([0, 10, 20, 25]);
    for (const value of run.sharpness?.sharpness ?? []) expect(value).toBeCloseTo(lambdaMax, 6);
    expect(run.sharpness?.criticalLearningRate[0]).toBeCloseTo(2 / lambdaMax, 6);
  });

  it("trains a small tanh network from its glorot start, lowering the loss, and measures its sharpness", () => {
    const x = Float64Array.from({ length: 64 }, (_, i) => -2 + (4 * i) / 63);
    const y = x.map((value) => Math.sin(2 * value));
    const prepared = prepareModel({ name: "mlp", hidden: [8] }, [x], y, { loss: "mse", columnNames: ["x"] });
    const initial = initialParameters(prepared, 0);
    expect(initial.length).toBe(8 + 8 + 8 + 1);
    const run = trainModel(prepared, {
      optimizer: sgd({ learningRate: 0.1 }),
      initial,
      steps: 300,
      trackSharpness: 50,
    });
    expect(run.status).toBe("completed");
    expect(run.final.loss).toBeLessThan(0.5 * run.initialLoss);
    expect(run.sharpness?.step).toEqual([0, 50, 100, 150, 200, 250, 300]);
    expect(run.sharpness?.converged).toBe(true);
  });

  it("leaves the starting parameters untouched", () => {
    const initial = new Float64Array([0.5, -0.5]);
    trainModel(line(), { optimizer: sgd({ learningRate: 0.1 }), initial, steps: 5 });
    expect(Array.from(initial)).toEqual([0.5, -0.5]);
  });

  it("takes two Keras SGD steps with momentum on a 1-2-1 tanh net exactly as worked by hand", () => {
    // Two points, x = (1, −2), y = (0.5, 1); weights in get_weights() order:
    // kernel₁ (1, 2) = [[0.3, −0.6]], bias₁ = [0.1, 0], kernel₂ (2, 1) = [[0.8], [−0.4]], bias₂ = [0.2].
    const x = [1, -2];
    const y = [0.5, 1];
    const start = [0.3, -0.6, 0.1, 0, 0.8, -0.4, 0.2];
    // ŷ = k₂₁·tanh(k₁₁x + c₁) + k₂₂·tanh(k₁₂x + c₂) + d;  L = ½·Σ(ŷ − y)²  (the mean of two squares: no ½ in MSE,
    // the ½ is 1/N);  with g_i = 2(ŷ_i − y_i)/2:  ∂L/∂d = Σg,  ∂L/∂k₂ⱼ = Σg·hⱼ,
    // ∂L/∂c_j = Σg·k₂ⱼ(1 − hⱼ²),  ∂L/∂k₁ⱼ = Σg·k₂ⱼ(1 − hⱼ²)·x.
    const gradientAt = ([k11, k12, c1, c2, k21, k22, d]: number[]) => {
      const grad: number[] = [0, 0, 0, 0, 0, 0, 0];
      for (let i = 0; i < 2; i++) {
        const h1 = Math.tanh((k11 as number) * (x[i] as number) + (c1 as number));
        const h2 = Math.tanh((k12 as number) * (x[i] as number) + (c2 as number));
        const g = (2 * ((k21 as number) * h1 + (k22 as number) * h2 + (d as number) - (y[i] as number))) / 2;
        grad[0] = (grad[0] as number) + g * (k21 as number) * (1 - h1 * h1) * (x[i] as number);
        grad[1] = (grad[1] as number) + g * (k22 as number) * (1 - h2 * h2) * (x[i] as number);
        grad[2] = (grad[2] as number) + g * (k21 as number) * (1 - h1 * h1);
        grad[3] = (grad[3] as number) + g * (k22 as number) * (1 - h2 * h2);
        grad[4] = (grad[4] as number) + g * h1;
        grad[5] = (grad[5] as number) + g * h2;
        grad[6] = (grad[6] as number) + g;
      }
      return grad;
    };
    // Keras SGD(momentum=0.9): v ← 0.9·v − 0.1·g;  w ← w + v.
    let weights = [...start];
    let velocity = [0, 0, 0, 0, 0, 0, 0];
    for (let step = 0; step < 2; step++) {
      const grad = gradientAt(weights);
      velocity = velocity.map((v, j) => 0.9 * v - 0.1 * (grad[j] as number));
      weights = weights.map((w, j) => w + (velocity[j] as number));
    }
    const prepared = prepareModel(
      { name: "mlp", hidden: [2], activation: "tanh" },
      [Float64Array.from(x)],
      Float64Array.from(y),
      {
        loss: "mse",
        columnNames: ["x"],
      },
    );
    const run = trainModel(prepared, {
      optimizer: sgd({ learningRate: 0.1, momentum: 0.9 }),
      initial: Float64Array.from(start),
      steps: 2,
    });
    weights.forEach((w, j) => {
      expect(run.final.params[j]).toBeCloseTo(w, 14);
    });
  });
});

describe("the range test on a model", () => {
  it("ramps the rate on an mlp, smooths the batch losses and stops once they blow up", async () => {
    const { rangeTest } = await import("../choosing/range-test.js");
    const x = Float64Array.from({ length: 256 }, (_, i) => -2 + (4 * i) / 255);
    const y = x.map((value) => Math.sin(2 * value));
    const prepared = prepareModel({ name: "mlp", hidden: [8] }, [x], y, { loss: "mse", columnNames: ["x"] });
    const initial = initialParameters(prepared, 0);
    const before = Float64Array.from(initial);
    const result = rangeTest(
      { x, y, xName: "x", yName: "y", source: "test" },
      {
        model: { prepared, initial },
        numIterations: 200,
        endLearningRate: 100,
      },
    );
    expect(result.stop).toBe("diverged");
    expect(result.iterations).toBeLessThan(200);
    // The ramp is fastai's: start·(end/start)^(i/numIt).
    expect(result.learningRates[10]).toBeCloseTo(1e-7 * (100 / 1e-7) ** (10 / 200), 15);
    expect(result.suggested).not.toBeNull();
    expect(Array.from(initial)).toEqual(Array.from(before));
  });
});
