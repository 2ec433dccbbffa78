import { describe, expect, it } from "vitest";
import { builtinData } from "../data/data.js";
import { linearStats } from "../data/stats.js";
import { closeness } from "../judging/closeness.js";
import { trainAndJudge } from "../judging/judged-run.js";
import { createOptimizer } from "../optimizers/registry.js";
import { DEFAULT_RUN_CONFIG } from "../training/run-config.js";
import { fastestRateBySimulation, trialAt } from "./simulated-rate.js";
import { suggestLearningRate } from "./suggest.js";

const data = builtinData();
const stats = linearStats(data);
const gap = closeness(stats).gap;
const optionsFor = (name: string, budget: number) => ({
  optimizer: createOptimizer(name),
  stats,
  budget,
  gap,
  initialW: 0,
  initialB: 0,
});

describe("fastestRateBySimulation", () => {
  it("finds Adam's rate for 100 steps from (0, 0): 0.3, within the gap from step 85 on", () => {
    const found = fastestRateBySimulation(data, optionsFor("adam", 100));
    expect(found).toMatchObject({ learningRate: 0.3, steps: 85, budget: 100, tried: 57 });
  });

  it("settles no later than any rate of its grid, and its rounding does as well as the best of them", () => {
    for (const name of ["adam", "rmsprop", "adagrad"]) {
      const options = optionsFor(name, 100);
      const found = fastestRateBySimulation(data, options);
      if (!found || found.steps === null) throw new Error(`${name}: nothing found`);
      const [low, high] = found.range;
      let soonest = Number.POSITIVE_INFINITY;
      for (let i = 0; i < found.tried; i++) {
        const rate = low * (high / low) ** (i / (found.tried - 1));
        const settledAt = trialAt(data, options, rate).settledAt;
        if (settledAt !== null) soonest = Math.min(soonest, settledAt);
      }
      expect(found.steps).toBeLessThanOrEqual(Math.ceil(1.1 * soonest));
      expect(trialAt(data, options, found.learningRate).settledAt).toBe(found.steps);
    }
  });

  it("returns null from the optimum, where there is nowhere to go", () => {
    const atOptimum = { ...optionsFor("adam", 100), initialW: stats.optimum.w, initialB: stats.optimum.b };
    expect(fastestRateBySimulation(data, atOptimum)).toBeNull();
  });
});

describe("suggest and fit agree for the adaptive optimizers", () => {
  // The case: suggest's Adam rate (the range test's valley, 0.0331) was "Too small" in fit.
  for (const name of ["adam", "rmsprop", "adagrad"] as const) {
    for (const budget of [100, 300]) {
      it(`${name}, ${budget} steps: the suggested rate is good in fit`, () => {
        const suggestion = suggestLearningRate(data, { optimizer: createOptimizer(name), budget });
        expect(suggestion.method).toBe("simulation");
        const learningRate = suggestion.learningRate as number;
        const { verdict } = trainAndJudge(
          { ...DEFAULT_RUN_CONFIG, optimizer: { name, args: {} }, learningRate, steps: budget },
          data,
        );
        expect(verdict.outcome).toBe("good");
        expect(verdict.suggestedLearningRate).toBe(learningRate);
      });
    }
  }

  it("calls the range test's valley too small for Adam at 100 steps, and says which rate gets there", () => {
    const { verdict } = trainAndJudge(
      { ...DEFAULT_RUN_CONFIG, optimizer: { name: "adam", args: {} }, learningRate: 0.0331, steps: 100 },
      data,
    );
    expect(verdict).toMatchObject({ outcome: "too-small", suggestedLearningRate: 0.3 });
  });
});
