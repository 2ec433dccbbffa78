import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { nonFiniteNumbers, parseStrictJson } from "../../test-support/finite.js";
import { firstStepAbove } from "../../test-support/plain-descent.js";
import { builtinData } from "../data/data.js";
import { linearStats } from "../data/stats.js";
import { adam } from "../optimizers/adam.js";
import { sgd } from "../optimizers/sgd.js";
import { piecewiseConstantDecay } from "../schedules/piecewise-constant-decay.js";
import { linearMseTheory } from "../theory/theory.js";
import { toJsonText } from "./export.js";
import { DEFAULT_STEPS, MAX_HISTORY_ROWS, train } from "./train.js";

const data = builtinData();
const theory = linearMseTheory(linearStats(data));

/** The mean over the built-in data of f(i), with a plain loop. */
function meanOf(f: (i: number) => number): number {
  let sum = 0;
  for (let i = 0; i < data.x.length; i++) sum += f(i);
  return sum / data.x.length;
}

/** Full-batch gradient descent written the plain way: O(N) per step, for comparison. */
function naiveGradientDescent(learningRate: number, steps: number) {
  let w = 0;
  let b = 0;
  const losses: number[] = [];
  const n = data.x.length;
  for (let step = 0; step <= steps; step++) {
    let loss = 0;
    let gw = 0;
    let gb = 0;
    for (let i = 0; i < n; i++) {
      const error = w * (data.x[i] as number) + b - (data.y[i] as number);
      loss += error * error;
      gw += 2 * error * (data.x[i] as number);
      gb += 2 * error;
    }
    losses.push(loss / n);
    w -= (learningRate * gw) / n;
    b -= (learningRate * gb) / n;
  }
  return losses;
}

describe("train", () => {
  it("runs 100 full-batch SGD steps by default and records every one", () => {
    const run = train(data);
    expect(run.status).toBe("completed");
    expect(run.steps).toBe(DEFAULT_STEPS);
    expect(run.history.length).toBe(DEFAULT_STEPS + 1);
    expect([...run.history.step.slice(0, 3)]).toEqual([0, 1, 2]);
    expect(run.history.learningRate[0]).toBe(0.01); // Keras SGD's default rate
    expect(run.batchSize).toBe(100);
  });

  it("matches a plain O(N)-per-step gradient descent from the sufficient statistics", () => {
    const losses = naiveGradientDescent(0.2, 50);
    const run = train(data, { optimizer: sgd({ learningRate: 0.2 }), steps: 50 });
    for (let k = 0; k <= 50; k++) expect(run.history.loss[k]).toBeCloseTo(losses[k] as number, 11);
  });

  it("counts epochs as complete passes and turns --epochs into ceil(n/batch) updates each", () => {
    // 100 points in batches of 32: 4 updates per epoch (32, 32, 32, 4), so 3 epochs are 12 updates.
    const run = train(data, { batchSize: 32, epochs: 3, historyEvery: 1 });
    expect(run.stepsPerEpoch).toBe(4);
    expect(run.steps).toBe(12);
    expect([...run.history.epoch]).toEqual([0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3]);
  });

  it("reshuffles mini-batches every epoch from the seed, and the same seed gives identical histories", () => {
    const a = train(data, { batchSize: 10, epochs: 5, seed: 7 });
    const b = train(data, { batchSize: 10, epochs: 5, seed: 7 });
    const c = train(data, { batchSize: 10, epochs: 5, seed: 8 });
    expect([...a.history.w]).toEqual([...b.history.w]);
    expect([...a.history.loss]).toEqual([...b.history.loss]);
    expect([...a.history.w]).not.toEqual([...c.history.w]);
  });

  it("uses each point exactly once per epoch", () => {
    // With x = 0 the MSE gradient in b for point i is 2(b − y_i), so an update with lr = 0.5 sets b to y_i:
    // the b column after each of the 100 batch-1 updates names the point that update saw.
    const ones = { ...data, x: new Float64Array(100) };
    const run = train(ones, {
      optimizer: sgd({ learningRate: 0.5 }),
      batchSize: 1,
      epochs: 1,
      historyEvery: 1,
    });
    const seen = new Set([...run.history.b.slice(1)]);
    expect(seen.size).toBe(100);
    for (const value of seen) expect(data.y.includes(value)).toBe(true);
  });

  it("stops as diverged, with the step, once the loss exceeds the divergence factor", () => {
    const run = train(data, {
      optimizer: sgd({ learningRate: 1.2 * theory.criticalLearningRate }),
      steps: 10_000,
    });
    expect(run.status).toBe("diverged");
    const step = run.divergedAtStep as number;
    expect(step).toBe(firstStepAbove(data, 1.2 * theory.criticalLearningRate, 1e6));
    expect(run.history.loss[run.history.length - 1]).toBeGreaterThan(1e6 * (run.history.loss[0] as number));
    expect(run.history.loss[run.history.length - 2]).toBeLessThanOrEqual(
      1e6 * (run.history.loss[0] as number),
    );
    expect(run.steps).toBe(step);
  });

  it("treats a non-finite loss as divergence, not a crash, and its JSON says null", () => {
    const run = train(data, {
      optimizer: sgd({ learningRate: 1e300 }),
      steps: 10,
      divergeFactor: Number.MAX_VALUE,
    });
    expect(run.status).toBe("diverged");
    expect(run.steps).toBe(run.divergedAtStep);
    // The start is finite; the loss of the first update, ≈ (1e300)², is not.
    expect(run.history.loss[0]).toBeCloseTo(
      meanOf((i) => (data.y[i] as number) ** 2),
      12,
    );
    expect(run.history.loss[1]).toBe(Number.POSITIVE_INFINITY);
    expect(nonFiniteNumbers(run.final)).toContain("$.loss");
    // In JSON the non-finite loss is null, never a bare Infinity.
    expect(parseStrictJson(toJsonText(run.final)).value.loss).toBeNull();
  });

  // Bug (CLI report 2026-12-05, §6 item 6, same cause): with divergeFactor · starting loss = Infinity, the
  // test `!(loss <= threshold)` lets an infinite loss through, so the run goes on for another update
  // (until w itself overflows) instead of stopping at the first non-finite loss, as train.ts documents.
  it("stops as diverged at the first step whose loss is non-finite, whatever the divergence factor", () => {
    const run = train(data, {
      optimizer: sgd({ learningRate: 1e300 }),
      steps: 10,
      divergeFactor: Number.MAX_VALUE,
    });
    // w1 = 0 − 1e300·∂L/∂w(0, 0) = 1e300·(2/n)·Σxy ≈ 1.24e301: finite, but its loss overflows.
    const w1 = 1e300 * 2 * meanOf((i) => (data.x[i] as number) * (data.y[i] as number));
    expect(run.divergedAtStep).toBe(1);
    expect(run.final.w / w1).toBeCloseTo(1, 12);
    expect(run.final.loss).toBe(Number.POSITIVE_INFINITY);
  });

  // Bug (CLI report 2026-12-05, §6 item 6): an infinite starting loss makes the threshold infinite too,
  // and every step passes; the run ends "completed" with no finite loss anywhere.
  it("stops as diverged at step 0 when the starting loss is already infinite", () => {
    const huge = { ...data, x: Float64Array.of(1, 2, 3), y: Float64Array.of(1e300, 2e300, 3e300) };
    const run = train(huge, { steps: 5 });
    // L(0, 0) = (1e600 + 4e600 + 9e600)/3 overflows.
    expect(run.history.loss[0]).toBe(Number.POSITIVE_INFINITY);
    expect(run.status).toBe("diverged");
    expect(run.divergedAtStep).toBe(0);
  });

  it("follows a trajectory worked by hand: three full-batch SGD steps on three points", () => {
    // x = [0, 1, 2], y = [1, 3, 2]; MSE L = (1/3)·Σe², e = w·x + b − y;
    // ∂L/∂w = (2/3)·Σe·x, ∂L/∂b = (2/3)·Σe. With lr = 0.15, lr·2/3 = 0.1:
    //   w ← w − 0.1·Σe·x,  b ← b − 0.1·Σe
    const three = { ...data, x: Float64Array.of(0, 1, 2), y: Float64Array.of(1, 3, 2) };
    const run = train(three, { optimizer: sgd({ learningRate: 0.15 }), steps: 3 });
    // step 0: (0, 0);       e = [−1, −3, −2];          L = (1 + 9 + 4)/3 = 14/3
    //         Σe·x = −3 − 4 = −7, Σe = −6          →  w = 0.7, b = 0.6
    // step 1: (0.7, 0.6);   e = [−0.4, −1.7, 0];       L = (0.16 + 2.89 + 0)/3 = 3.05/3
    //         Σe·x = −1.7, Σe = −2.1               →  w = 0.87, b = 0.81
    // step 2: (0.87, 0.81); e = [−0.19, −1.32, 0.55];  L = (0.0361 + 1.7424 + 0.3025)/3 = 2.081/3
    //         Σe·x = −1.32 + 1.1 = −0.22, Σe = −0.96 →  w = 0.892, b = 0.906
    // step 3: (0.892, 0.906); e = [−0.094, −1.202, 0.69]; L = (0.008836 + 1.444804 + 0.4761)/3 = 1.92974/3
    const expected = {
      w: [0, 0.7, 0.87, 0.892],
      b: [0, 0.6, 0.81, 0.906],
      loss: [14 / 3, 3.05 / 3, 2.081 / 3, 1.92974 / 3],
    };
    expect(run.status).toBe("completed");
    expect([...run.history.step]).toEqual([0, 1, 2, 3]);
    expect([...run.history.epoch]).toEqual([0, 1, 2, 3]); // full batch: one update per epoch
    expect([...run.history.learningRate]).toEqual([0.15, 0.15, 0.15, 0.15]);
    for (const column of ["w", "b", "loss"] as const) {
      expect(run.history[column]).toHaveLength(4);
      expected[column].forEach((value, k) => {
        expect(run.history[column][k], `${column} at step ${k}`).toBeCloseTo(value, 13);
      });
    }
    expect(run.final).toEqual({ w: run.history.w[3], b: run.history.b[3], loss: run.history.loss[3] });
    // The optimum it heads for: w* = Sxy/Sxx = 1/2, b* = ȳ − w*·x̄ = 1.5, L* = (0.25 + 1 + 0.25)/3 = 0.5.
    expect(run.stats?.optimum.w).toBeCloseTo(0.5, 14);
    expect(run.stats?.optimum.b).toBeCloseTo(1.5, 14);
    expect(run.stats?.optimum.loss).toBeCloseTo(0.5, 14);
  });

  it("stops as converged at the first step whose gradient norm is within the tolerance", () => {
    const run = train(data, {
      optimizer: sgd({ learningRate: theory.optimalLearningRate }),
      steps: 10_000,
      tolerance: 1e-8,
    });
    expect(run.status).toBe("converged");
    expect(run.steps).toBeLessThan(200);
    expect(run.final.loss).toBeCloseTo(theory.optimum.loss, 14);
  });

  it("feeds update k the schedule's rate at step k: the same three points under PiecewiseConstantDecay", () => {
    // Keras PiecewiseConstantDecay([1], [0.15, 0.075]): step 0 ≤ 1 → 0.15, step 1 ≤ 1 → 0.15, step 2 > 1 → 0.075.
    const three = { ...data, x: Float64Array.of(0, 1, 2), y: Float64Array.of(1, 3, 2) };
    const schedule = piecewiseConstantDecay({ boundaries: [1], values: [0.15, 0.075] });
    const run = train(three, { learningRate: schedule, steps: 3 });
    // Updates 1 and 2 use 0.15 (lr·2/3 = 0.1), as in the test above: (0.7, 0.6), then (0.87, 0.81).
    // Update 3 uses 0.075 (lr·2/3 = 0.05): Σe·x = −0.22, Σe = −0.96 at (0.87, 0.81)
    //   → w = 0.87 + 0.05·0.22 = 0.881, b = 0.81 + 0.05·0.96 = 0.858
    //   e = [−0.142, −1.261, 0.62];  L = (0.020164 + 1.590121 + 0.3844)/3 = 1.994685/3
    expect([...run.history.learningRate]).toEqual([0.15, 0.15, 0.075, 0.075]);
    [0, 0.7, 0.87, 0.881].forEach((w, k) => {
      expect(run.history.w[k]).toBeCloseTo(w, 13);
    });
    [0, 0.6, 0.81, 0.858].forEach((b, k) => {
      expect(run.history.b[k]).toBeCloseTo(b, 13);
    });
    expect(run.history.loss[3]).toBeCloseTo(1.994685 / 3, 13);
  });

  it("thins long histories to about 10,000 rows, keeping the first and the last step", () => {
    const run = train(data, { steps: 123_457 });
    expect(run.history.length).toBeLessThanOrEqual(MAX_HISTORY_ROWS + 2);
    expect(run.history.step[0]).toBe(0);
    expect(run.history.step[run.history.length - 1]).toBe(123_457);
    const every = train(data, { steps: 25, historyEvery: 10 });
    expect([...every.history.step]).toEqual([0, 10, 20, 25]);
  });

  it("records the scheduled rate, evaluated at the update counter, for the update from each step", () => {
    const schedule = (step: number) => 0.1 / (1 + step);
    const run = train(data, { learningRate: schedule, steps: 5 });
    expect([...run.history.learningRate]).toEqual([0, 1, 2, 3, 4, 5].map(schedule));
    // The first update used 0.1: w₁ = 0 − 0.1·∂L/∂w at (0, 0).
    const check = train(data, { optimizer: sgd({ learningRate: 0.1 }), steps: 1 });
    expect(run.history.w[1]).toBe(check.history.w[1]);
  });

  it("evaluates MAE and Huber losses on all the data at recorded mini-batch steps", () => {
    for (const loss of ["mae", "huber"] as const) {
      const run = train(data, { loss, batchSize: 16, epochs: 3, historyEvery: 1 });
      const k = run.history.length - 1;
      const w = run.history.w[k] as number;
      const b = run.history.b[k] as number;
      let sum = 0;
      for (let i = 0; i < 100; i++) {
        const e = Math.abs(w * (data.x[i] as number) + b - (data.y[i] as number));
        sum += loss === "mae" ? e : e <= 1 ? 0.5 * e * e : e - 0.5;
      }
      expect(run.history.loss[k]).toBeCloseTo(sum / 100, 12);
      expect(run.stats).toBeNull();
    }
  });

  it("gives finite-difference gradients for every loss (property)", () => {
    fc.assert(
      fc.property(
        fc.constantFrom("mse", "mae", "huber" as const),
        fc.double({ min: -3, max: 3, noNaN: true }),
        fc.double({ min: -3, max: 3, noNaN: true }),
        (loss, initialW, initialB) => {
          // One full-batch step with lr = 1 moves the parameters by exactly minus the gradient.
          const run = train(data, {
            loss,
            optimizer: sgd({ learningRate: 1 }),
            steps: 1,
            initialW,
            initialB,
          });
          const gw = initialW - (run.history.w[1] as number);
          const gb = initialB - (run.history.b[1] as number);
          const h = 1e-6;
          const at = (w: number, b: number) =>
            train(data, { loss, steps: 0, initialW: w, initialB: b }).final.loss;
          const dw = (at(initialW + h, initialB) - at(initialW - h, initialB)) / (2 * h);
          const db = (at(initialW, initialB + h) - at(initialW, initialB - h)) / (2 * h);
          // MAE and Huber have kinks; a kink within h of a residual spoils the difference, so allow 2/n.
          const slack = loss === "mse" ? 1e-5 : 0.05;
          expect(Math.abs(gw - dw)).toBeLessThan(slack * (1 + Math.abs(dw)));
          expect(Math.abs(gb - db)).toBeLessThan(slack * (1 + Math.abs(db)));
        },
      ),
      { numRuns: 60 },
    );
  });

  it("lets ReduceLROnPlateau-like callbacks change the rate at the end of each epoch", () => {
    const seen: number[] = [];
    const halveEveryEpoch = {
      init: () => ({}),
      onEpochEnd: (_state: object, monitored: number, learningRate: number) => {
        seen.push(monitored);
        return learningRate / 2;
      },
    };
    const run = train(data, {
      learningRate: 0.1,
      rateCallback: halveEveryEpoch,
      batchSize: 50,
      epochs: 3,
      historyEvery: 1,
    });
    expect([...run.history.learningRate]).toEqual([0.1, 0.1, 0.05, 0.05, 0.025, 0.025, 0.0125]);
    expect(seen).toHaveLength(3);
    expect(() => train(data, { learningRate: () => 0.1, rateCallback: halveEveryEpoch })).toThrow(
      /constant learning rate/,
    );
  });

  it("accepts any optimizer, e.g. Adam, and refuses bad options with the option's name", () => {
    expect(train(data, { optimizer: adam({ learningRate: 0.1 }), steps: 300 }).final.loss).toBeLessThan(
      1.2 * theory.optimum.loss,
    );
    expect(() => train(data, { steps: -1 })).toThrow(/steps: expected an integer ≥ 0, got -1/);
    expect(() => train(data, { steps: 1, epochs: 1 })).toThrow(/not both/);
    expect(() => train(data, { batchSize: 0 })).toThrow(/batchSize/);
  });

  it("stops with status stopped when onBatchEnd says so, after that update, recording the batch losses it saw", () => {
    const seen: [number, number, number][] = [];
    const run = train(data, {
      optimizer: sgd({ learningRate: 0.05 }),
      batchSize: 10,
      steps: 50,
      onBatchEnd: (step, batchLoss, learningRate) => {
        seen.push([step, batchLoss, learningRate]);
        return step === 6;
      },
    });
    expect(run.status).toBe("stopped");
    expect(run.steps).toBe(7);
    expect(seen.map(([step]) => step)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(run.history.step[run.history.length - 1]).toBe(7);
    expect(seen.every(([, loss, rate]) => loss > 0 && rate === 0.05)).toBe(true);
  });

  it("accepts precomputed statistics and gives the same run", () => {
    const stats = linearStats(data);
    const a = train(data, { optimizer: sgd({ learningRate: 0.2 }), steps: 20 });
    const b = train(data, { optimizer: sgd({ learningRate: 0.2 }), steps: 20, stats });
    expect([...b.history.loss]).toEqual([...a.history.loss]);
    expect(b.stats).toBe(stats);
  });
});
