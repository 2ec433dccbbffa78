import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { builtinData, type Dataset, syntheticLine } from "../data/data.js";
import { linearStats } from "../data/stats.js";
import { closeness } from "../judging/closeness.js";
import { trainAndJudge } from "../judging/judged-run.js";
import { adagrad } from "../optimizers/adagrad.js";
import { adam } from "../optimizers/adam.js";
import { rmsprop } from "../optimizers/rmsprop.js";
import { sgd } from "../optimizers/sgd.js";
import { roundDownSignificant } from "../theory/fastest-rate.js";
import { huberLocalBound } from "../theory/local-bound.js";
import { type RegimeBounds, regimeAt, regimeBounds } from "../theory/regime.js";
import { linearMseTheory, stepsToTolerance } from "../theory/theory.js";
import { DEFAULT_RUN_CONFIG } from "../training/run-config.js";
import { suggestLearningRate } from "./suggest.js";

const data = builtinData();
const stats = linearStats(data);
const theory = linearMseTheory(stats);

const dataOf = (xs: readonly number[], ys: readonly number[]): Dataset => ({
  x: Float64Array.from(xs),
  y: Float64Array.from(ys),
  xName: "x",
  yName: "y",
  source: "test",
});

const decimal = (low: number, high: number, perUnit = 100) =>
  fc.integer({ min: Math.round(low * perUnit), max: Math.round(high * perUnit) }).map((i) => i / perUnit);

const pointsArbitrary = fc
  .array(fc.tuple(decimal(-5, 5), decimal(-5, 5)), { minLength: 3, maxLength: 15 })
  .map((points) =>
    dataOf(
      points.map(([x]) => x),
      points.map(([, y]) => y),
    ),
  );

describe("suggestLearningRate: exact for full-batch gradient descent on MSE", () => {
  it("gives the fastest rate from the start, 0.24 in 11 steps, beside the best worst-case rate 0.2755 (22 steps)", () => {
    const suggestion = suggestLearningRate(data);
    expect(suggestion.method).toBe("theory");
    expect(suggestion.learningRate).toBe(0.24);
    expect(suggestion.momentum).toBeNull();
    expect(suggestion.fastest).toMatchObject({ learningRate: 0.24, steps: 11 });
    expect(suggestion.steps).toEqual({ suggested: 11, optimal: 22, critical: null });
    expect(suggestion.optimalLearningRate).toBe(theory.optimalLearningRate);
    expect(suggestion.criticalLearningRate).toBe(theory.criticalLearningRate);
    expect(suggestion.criticalFormula).toBe("2/λmax");
    expect(suggestion.criticalIsExact).toBe(true);
    expect(suggestion.tolerance).toBe(closeness(stats).gap);
    expect(suggestion.rangeTest).toBeNull();
    // The reason names the two answers for what they are.
    expect(suggestion.reason).toMatch(/every rate from 0\.231 to 0\.246 needs 11/);
    expect(suggestion.reason).toMatch(/best worst-case rate 2\/\(λmin \+ λmax\)/);
  });

  it("estimates the same λmax from Hessian-vector products as the theory gives exactly", () => {
    const { curvature } = suggestLearningRate(data);
    expect(Math.abs(curvature.lambdaMax / theory.hessianEigenvalues[0] - 1)).toBeLessThan(1e-6);
  });

  it("suggests 1/λmax for constant x and one row, which gets there in one step, never the critical rate", () => {
    // The c.csv (x = 3, 3, 3, 3): λmax = 20, so 0.05; it used to say "Use --lr 0.1", where the
    // loss never moves. One row (2, 5): λmax = 10, so 0.1.
    for (const [on, rate] of [
      [dataOf([3, 3, 3, 3], [1, 2, 5, 7]), 0.05],
      [dataOf([2], [5]), 0.1],
    ] as const) {
      const suggestion = suggestLearningRate(on);
      expect(suggestion.learningRate).toBe(rate);
      expect(suggestion.steps?.suggested).toBe(1);
      expect(suggestion.criticalLearningRate).toBe(2 * rate);
    }
  });

  it("keeps the issue's ill-conditioned suggestion below 2/λmax = 9.77358e-7, so following it converges", () => {
    // x = 1002 … 1021, y = 0.5i + 3 + (i mod 3): `suggest` once printed 9.774e-7, above the critical rate,
    // and the run diverged at step 81,008.
    const xs = Array.from({ length: 20 }, (_, i) => 1002 + i);
    const ys = Array.from({ length: 20 }, (_, i) => 0.5 * (i + 1) + 3 + ((i + 1) % 3));
    const ill = dataOf(xs, ys);
    const s = linearStats(ill);
    const t = linearMseTheory(s);
    expect(t.criticalLearningRate).toBeCloseTo(9.77358e-7, 11);
    const suggestion = suggestLearningRate(ill);
    const learningRate = suggestion.learningRate as number;
    expect(learningRate).toBeLessThan(t.criticalLearningRate);
    expect(regimeAt(regimeBounds(t.hessianEigenvalues[0], sgd()) as RegimeBounds, learningRate)).not.toBe(
      "diverging",
    );
    expect(suggestion.steps?.suggested).toBe(
      stepsToTolerance(s, t, { learningRate, initialW: 0, initialB: 0, tolerance: closeness(s).gap }),
    );
    expect(suggestion.steps?.suggested).not.toBeNull();
  });

  it("suggests 1/λmax = 0.5, not 2/(λmin + λmax), which is 2/λmax = 1 to the last digit, when nothing is reachable", () => {
    // x ≈ 1e-139: λ for the intercept is 2, for the slope 2·var(x) ≈ 2.5e-278. 2/(λmin + λmax) rounds to 1,
    // the critical rate, where the intercept bounces forever; `suggest` once printed "Use --lr 1".
    const tiny = dataOf([1e-139, 2e-139, 3e-139, 4e-139], [1, 2.2, 2.9, 4.1]);
    const t = linearMseTheory(linearStats(tiny));
    expect(t.criticalLearningRate).toBe(1);
    const suggestion = suggestLearningRate(tiny);
    expect(suggestion.fastest).toBeNull();
    expect(suggestion.learningRate).toBe(0.5);
  });

  it("keeps the suggestion below 2/λmax and inside its own range on scaled and offset data (property)", () => {
    // The offset-x case once printed --lr 9.95973086876623e-7 and a range starting above it.
    fc.assert(
      fc.property(
        pointsArbitrary,
        fc.constantFrom(1e-139, 1e-6, 1, 1e6, 1e140),
        fc.constantFrom(0, 1e3, 1e8),
        (on, scale, offset) => {
          const scaled = dataOf(
            Array.from(on.x, (x) => scale * x + offset * scale),
            Array.from(on.y),
          );
          const s = linearStats(scaled);
          fc.pre(s.sxx > 0);
          const t = linearMseTheory(s);
          const suggestion = suggestLearningRate(scaled);
          const learningRate = suggestion.learningRate as number;
          expect(learningRate).toBeGreaterThan(0);
          expect(learningRate).toBeLessThan(t.criticalLearningRate);
          if (suggestion.budgetShortfall) {
            // Too few steps for the fastest rate: the rate that ends lowest within them is the suggestion.
            expect(learningRate).toBe(suggestion.budgetShortfall.lowestWithinBudget.learningRate);
          } else if (suggestion.fastest) {
            expect(learningRate).toBeGreaterThanOrEqual(suggestion.fastest.range[0]);
            expect(learningRate).toBeLessThanOrEqual(suggestion.fastest.range[1]);
            // A rate to type: at most 6 significant digits.
            expect(
              learningRate.toExponential().replace(/e.*/, "").replace(/[-.]/g, "").length,
            ).toBeLessThanOrEqual(6);
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it("never suggests a rate at or above 2/λmax, and the rate needs the steps it says (property)", () => {
    fc.assert(
      fc.property(pointsArbitrary, decimal(-5, 5), decimal(-5, 5), (on, initialW, initialB) => {
        const s = linearStats(on);
        fc.pre(s.sxx > 0.01 * s.n);
        const t = linearMseTheory(s);
        const suggestion = suggestLearningRate(on, { initialW, initialB });
        expect(suggestion.method).toBe("theory");
        const learningRate = suggestion.learningRate as number;
        expect(learningRate).toBeGreaterThan(0);
        expect(learningRate).toBeLessThan(t.criticalLearningRate);
        const tolerance = closeness(s).gap;
        expect(suggestion.steps?.suggested).toBe(
          stepsToTolerance(s, t, { learningRate, initialW, initialB, tolerance }),
        );
      }),
      { numRuns: 100 },
    );
  });
});

describe("suggestLearningRate: exact for full-batch SGD with momentum on MSE", () => {
  it("gives Polyak's pair (0.342, 0.245), rounded down, and the best rate 0.04 for the momentum 0.9 given", () => {
    const suggestion = suggestLearningRate(data, { optimizer: sgd({ momentum: 0.9 }) });
    expect(suggestion.method).toBe("theory");
    expect(suggestion.learningRate).toBe(0.342);
    expect(suggestion.momentum).toBe(0.245);
    expect(suggestion.momentumPair).toMatchObject({ learningRate: 0.342, momentum: 0.245 });
    expect(suggestion.bestRateForGivenMomentum).toBe(0.04);
    expect(suggestion.criticalLearningRate).toBeCloseTo(0.583116, 6);
    expect(suggestion.criticalFormula).toBe("2(1 + β)/λmax");
    expect(suggestion.reason).toMatch(/with momentum 0\.9 the steadiest rate is 0\.04/);
  });

  it("keeps the pair below the heavy-ball bound at its momentum, and the given momentum's rate below that momentum's bound (property)", () => {
    fc.assert(
      fc.property(pointsArbitrary, fc.constantFrom(0.3, 0.5, 0.9, 0.99), (on, momentum) => {
        const s = linearStats(on);
        fc.pre(s.sxx > 0.01 * s.n);
        const t = linearMseTheory(s);
        const lambdaMax = t.hessianEigenvalues[0];
        const suggestion = suggestLearningRate(on, { optimizer: sgd({ momentum }), stats: s });
        const pairBound = regimeBounds(lambdaMax, { name: "sgd", config: { momentum: suggestion.momentum } });
        expect(suggestion.learningRate as number).toBeLessThan(pairBound?.critical.learningRate as number);
        const givenBound = regimeBounds(lambdaMax, { name: "sgd", config: { momentum } });
        expect(suggestion.bestRateForGivenMomentum as number).toBeLessThan(
          givenBound?.critical.learningRate as number,
        );
      }),
    );
  });

  // A Nesterov optimizer once got the heavy ball's pair, lr 0.34 with momentum 0.25, and Nesterov with
  // momentum 0.25 diverges above 2(1.25)/(1.5 · 6.5167) = 0.2557: it gets its own (Lessard et al.).
  it("gives a Nesterov optimizer a pair below Nesterov's bound", () => {
    const suggestion = suggestLearningRate(data, { optimizer: sgd({ momentum: 0.9, nesterov: true }) });
    const bound = regimeBounds(theory.hessianEigenvalues[0], {
      name: "sgd",
      config: { momentum: suggestion.momentum, nesterov: true },
    });
    expect(suggestion.learningRate as number).toBeLessThan(bound?.critical.learningRate as number);
  });
});

describe("suggestLearningRate: the range test where no closed form applies", () => {
  it("runs the data for mini-batches and the adaptive optimizers on MAE, below the bound where there is one", () => {
    for (const options of [
      { batchSize: 32 },
      { batchSize: 32, optimizer: adam() },
      { optimizer: rmsprop(), loss: "mae" as const },
      { optimizer: adagrad(), loss: "huber" as const },
    ]) {
      const suggestion = suggestLearningRate(data, options);
      expect(suggestion.method).toBe("simulation");
      expect(suggestion.learningRate).toBeGreaterThan(0);
      expect(suggestion.criticalIsExact).toBe(false);
      if (suggestion.criticalLearningRate !== null) {
        expect(suggestion.learningRate as number).toBeLessThan(suggestion.criticalLearningRate);
      }
    }
    // The adaptive optimizers have no bound at all.
    expect(suggestLearningRate(data, { optimizer: adam() }).criticalLearningRate).toBeNull();
    // Mini-batch SGD keeps the mean step's bound 2/λmax, as an estimate.
    expect(suggestLearningRate(data, { batchSize: 32 }).criticalLearningRate).toBe(
      theory.criticalLearningRate,
    );
  });

  it("falls back to the range test's valley where running the grid would take too long", () => {
    const large = syntheticLine({ n: 20_000, seed: 2 });
    const suggestion = suggestLearningRate(large, { batchSize: 32 });
    expect(suggestion.method).toBe("range-test");
    expect(suggestion.learningRate).toBe(roundDownSignificant(suggestion.rangeTest?.suggested as number, 3));
  });

  it("holds a range-test suggestion at or above the bound down to half the bound", () => {
    // x in [0, 10): badly conditioned, where the range test's ramp can overshoot 2/λmax.
    const hard = syntheticLine({ n: 200, xMin: 0, xMax: 10, seed: 5 });
    const suggestion = suggestLearningRate(hard, { batchSize: 32, numIterations: 60 });
    expect(suggestion.learningRate as number).toBeLessThan(suggestion.criticalLearningRate as number);
  });

  it("keeps a mini-batch suggestion below 2/λmax on any data (property)", () => {
    fc.assert(
      fc.property(pointsArbitrary, fc.integer({ min: 1, max: 2 }), (on, batchSize) => {
        const s = linearStats(on);
        fc.pre(s.sxx > 0.01 * s.n);
        const suggestion = suggestLearningRate(on, { batchSize, stats: s, numIterations: 60 });
        fc.pre(suggestion.learningRate !== null);
        expect(suggestion.learningRate as number).toBeLessThan(linearMseTheory(s).criticalLearningRate);
      }),
      { numRuns: 40 },
    );
  });

  it("gives Huber's bound near the best line, not the start's curvature, which is ten times flatter", () => {
    const suggestion = suggestLearningRate(data, { loss: "huber" });
    expect(suggestion.theory).toBeNull();
    expect(suggestion.criticalIsExact).toBe(false);
    const local = huberLocalBound(data, sgd());
    expect(suggestion.localBound).toEqual(local);
    expect(suggestion.criticalLearningRate).toBe(local.critical?.learningRate);
    // Once it was the start's 2/λmax ≈ 10.72, where a rate of 5 jumps out; near the best line it is 1.094.
    expect(suggestion.criticalLearningRate).toBeCloseTo(1.0938, 4);
    expect(suggestion.curvature.edgeOfStability as number).toBeGreaterThan(
      5 * (suggestion.criticalLearningRate as number),
    );
  });
});

describe("suggestLearningRate: MAE, Huber and mini-batches, by running the data (fresh-eyes round 2, P2-6)", () => {
  const data = builtinData();
  for (const loss of ["mae", "huber"] as const) {
    it(`${loss}: the rate it suggests is good in fit at the same budget, and stays good past it`, () => {
      const suggestion = suggestLearningRate(data, { loss });
      expect(suggestion.method).toBe("simulation");
      const learningRate = suggestion.learningRate as number;
      for (const steps of [100, 125]) {
        const { verdict } = trainAndJudge(
          { ...DEFAULT_RUN_CONFIG, loss: { name: loss, delta: 1 }, learningRate, steps },
          data,
        );
        expect(verdict.outcome).toBe("good");
      }
      // Not the range test's valley, which fit calls too small at 100 steps.
      expect(learningRate).toBeGreaterThan(suggestion.rangeTest?.suggested as number);
    });
  }

  it("mini-batches of 10: says none gets there in 100 steps and names the cure, and fit ends where it said", () => {
    const suggestion = suggestLearningRate(data, { batchSize: 10, seed: 0 });
    expect(suggestion.method).toBe("simulation");
    expect(suggestion.reason).toContain("none gets within 0.1% of the best loss and stays within 100 steps");
    expect(suggestion.reason).toContain("let the rate decay");
    const { verdict } = trainAndJudge(
      { ...DEFAULT_RUN_CONFIG, learningRate: suggestion.learningRate as number, batchSize: 10, seed: 0 },
      data,
    );
    expect(verdict.gap).toBeCloseTo(suggestion.simulated?.finalGap as number, 12);
  });
});
