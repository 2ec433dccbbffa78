/**
 * CLI #13 (issue 12 tester, round 3): `--model linear` on one column is the line, so with momentum or an
 * adaptive optimizer it gets the line's advice, from the one search (choosing/run-simulation.ts).
 */
import { describe, expect, it } from "vitest";
import { builtinData } from "../data/data.js";
import { prepareModel } from "../models/model-spec.js";
import { optimalMomentumPair } from "../theory/fastest-rate.js";
import { DEFAULT_RUN_CONFIG, type RunConfig } from "../training/run-config.js";
import { trainAndJudge } from "./judged-run.js";
import { movingExtremes } from "./linear-family-verdict.js";
import { trainAndJudgeModel } from "./model-run.js";

const data = builtinData();
const linear = prepareModel({ name: "linear" }, [data.x], data.y, { loss: "mse", columnNames: ["x"] });

function both(changes: Partial<RunConfig>) {
  const config: RunConfig = { ...DEFAULT_RUN_CONFIG, ...changes };
  const line = trainAndJudge(config, data).verdict;
  const model = trainAndJudgeModel({ ...config, model: linear.spec }, linear).verdict;
  return { line, model };
}

describe("the linear family's advice with momentum and adaptive optimizers", () => {
  it.each([
    ["adam", {}, 0.001, 100],
    ["rmsprop", {}, 0.001, 100],
    ["adagrad", {}, 0.01, 100],
    ["sgd", { momentum: 0.9 }, 0.5, 50],
    ["sgd", { momentum: 0.9, nesterov: true }, 0.001, 100],
  ] as const)(
    "%s %o at lr %s for %s steps: on one column, exactly the line's outcome and rate",
    (name, args, learningRate, steps) => {
      const { line, model } = both({ optimizer: { name, args }, learningRate, steps });
      // Each case is one the search advises on (the run is not already good).
      expect(line.simulated).not.toBeNull();
      expect(model.outcome).toBe(line.outcome);
      expect(model.suggestedLearningRate).toBe(line.suggestedLearningRate);
      expect(model.simulated?.learningRate).toBe(line.simulated?.learningRate);
      expect(model.simulated?.steps).toBe(line.simulated?.steps);
      expect(model.simulated?.tried).toBe(line.simulated?.tried);
      // The pair as printed: the same digits (its contraction differs in the last bits: eigenvalues of a 2×2
      // in closed form on the line, by Jacobi sweeps for the linear family).
      expect(model.momentumPair?.learningRate).toBe(line.momentumPair?.learningRate);
      expect(model.momentumPair?.momentum).toBe(line.momentumPair?.momentum);
      if (line.momentumPair)
        expect(model.momentumPair?.contraction).toBeCloseTo(line.momentumPair.contraction, 12);
      else expect(model.momentumPair).toBeNull();
      expect(model.momentumPairSteps).toBe(line.momentumPairSteps);
    },
  );

  it("tells Adam at 0.001 to try 0.3, which gets within 0.1% from step 85 on (the tester's run)", () => {
    const { model } = both({ optimizer: { name: "adam", args: {} }, learningRate: 0.001, steps: 100 });
    expect(model.outcome).toBe("too-small");
    expect(model.suggestedLearningRate).toBe(0.3);
    expect(model.simulated?.steps).toBe(85);
  });

  it("gives momentum Polyak's pair for the quadratic: η* = 4/(√λmax + √λmin)², β* = ((√κ − 1)/(√κ + 1))²", () => {
    const { model } = both({
      optimizer: { name: "sgd", args: { momentum: 0.9 } },
      learningRate: 0.5,
      steps: 50,
    });
    // λmax 6.517, λmin 0.7434 (the line's theory): η* = 4/(2.5529 + 0.8622)² = 0.3422, κ = 8.766,
    // β* = ((2.9608 − 1)/(2.9608 + 1))² = 0.2451; rounded down as far as 90% of the speed allows.
    expect(model.momentumPair?.learningRate).toBe(0.342);
    expect(model.momentumPair?.momentum).toBe(0.245);
    // The rounded pair keeps at least 90% of the optimal speed −log((√κ − 1)/(√κ + 1)) = −log(0.4953) = 0.7026.
    const contraction = model.momentumPair?.contraction ?? Number.NaN;
    expect(-Math.log(contraction)).toBeGreaterThanOrEqual(0.9 * 0.7026);
    expect(contraction).toBeLessThan(1);
  });

  it("leaves the design's null space out of Polyak's λmin: collinear columns do not make β → 1", () => {
    // Two copies of x: the Hessian of [x x 1] has a zero eigenvalue whose direction the loss ignores; the
    // directions that move are those of the line on x with its slope shared, 2·Sxx/n doubled.
    const twice = prepareModel({ name: "linear" }, [data.x, data.x], data.y, {
      loss: "mse",
      columnNames: ["x", "x2"],
    });
    const theory = twice.theory;
    if (!theory) throw new Error("the linear family has an exact theory");
    const [lambdaMax, lambdaMin] = movingExtremes(theory).hessianEigenvalues;
    expect(lambdaMin).toBeGreaterThan(0);
    expect(lambdaMin).toBeGreaterThan(1e-6 * lambdaMax);
    const pair = optimalMomentumPair(movingExtremes(theory));
    expect(pair.momentum).toBeLessThan(0.9);
  });
});
