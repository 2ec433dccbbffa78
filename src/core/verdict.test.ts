import { describe, expect, it } from "vitest";
import { builtinData } from "./data.js";
import { sgd } from "./optimizers/sgd.js";
import { linearStats } from "./stats.js";
import { linearMseTheory, stepsToTolerance } from "./theory.js";
import { train } from "./train.js";
import { judgeRun, roundDownToOneDigit } from "./verdict.js";

const data = builtinData();
const stats = linearStats(data);
const theory = linearMseTheory(stats);
const critical = theory.criticalLearningRate; // 0.3069…

function judge(learningRate: number, options: { steps?: number; batchSize?: number; epochs?: number } = {}) {
  const optimizer = sgd({ learningRate });
  const run = train(data, { optimizer, ...options });
  return judgeRun(run, { theory, optimizer, learningRate, constantRate: true, initialW: 0, initialB: 0 });
}

describe("judgeRun", () => {
  it("calls a rate above the critical one diverged, and suggests one significant digit below it", () => {
    const verdict = judge(0.9, { steps: 100 });
    expect(verdict.kind).toBe("diverged");
    expect(verdict.criticalRatio).toBeCloseTo(0.9 / critical, 12);
    expect(verdict.suggestedLearningRate).toBe(0.3); // 0.3069 rounded down to one digit
  });

  it("calls a small rate too slow and counts the steps it and the optimal rate need", () => {
    const verdict = judge(0.01, { steps: 100 });
    expect(verdict.kind).toBe("too-slow");
    const tolerance = 1e-3 * theory.optimum.loss + 1e-12 * (1 + theory.optimum.loss);
    expect(verdict.stepsNeeded).toBe(
      stepsToTolerance(stats, theory, { learningRate: 0.01, initialW: 0, initialB: 0, tolerance }),
    );
    expect(verdict.stepsNeededAtOptimalRate).toBeLessThan(verdict.stepsNeeded as number);
    expect(verdict.suggestedLearningRate).toBe(theory.optimalLearningRate);
  });

  it("calls a rate just below the critical one oscillating when it has not arrived yet", () => {
    const verdict = judge(0.98 * critical, { steps: 30 });
    expect(verdict.kind).toBe("oscillating");
    expect(verdict.overshoots).toBe(true);
  });

  it("calls a run that reached the optimum converged, noting that it overshot on the way", () => {
    const verdict = judge(theory.optimalLearningRate, { steps: 200 });
    expect(verdict.kind).toBe("converged");
    expect(verdict.overshoots).toBe(true); // the optimal rate is above 1/λmax
    expect(verdict.gap).toBeLessThan(1e-3 * theory.optimum.loss);
  });

  it("calls a constant-rate mini-batch run near the optimum noisy", () => {
    expect(judge(0.2, { batchSize: 10, epochs: 40 }).kind).toBe("noisy");
  });

  it("rounds down to one significant digit", () => {
    expect(roundDownToOneDigit(0.055)).toBe(0.05);
    expect(roundDownToOneDigit(0.3069)).toBe(0.3);
    expect(roundDownToOneDigit(7)).toBe(7);
    expect(roundDownToOneDigit(123)).toBe(100);
  });
});
