/** The model verdict on the cases a newcomer broke it with (issue 12's fresh-eyes round). */
import { describe, expect, it } from "vitest";
import { builtinData } from "../data/data.js";
import { prepareModel } from "../models/model-spec.js";
import { DEFAULT_RUN_CONFIG, type RunConfig } from "../training/run-config.js";
import { movedBeyondResolution, trainAndJudgeModel } from "./model-run.js";

const data = builtinData();
const linear = prepareModel({ name: "linear" }, [data.x], data.y, { loss: "mse", columnNames: ["x"] });
const net = prepareModel({ name: "mlp", hidden: [16] }, [data.x], data.y, {
  loss: "mse",
  columnNames: ["x"],
});
const config = (changes: Partial<RunConfig>): RunConfig => ({ ...DEFAULT_RUN_CONFIG, ...changes });

describe("the model verdict", () => {
  it("calls a linear run just above 2/λmax (0.3069) diverging and jumps-out, never the edge of stability", () => {
    // 50 steps at 0.31: |1 − 0.31·6.517| = 1.02, the error grows ~2.7× — not enough to hit the 1e6× cut-off.
    const judged = trainAndJudgeModel(
      config({ model: linear.spec, learningRate: 0.31, steps: 50, trackSharpness: 5 }),
      linear,
    );
    expect(judged.run.status).toBe("completed");
    expect(judged.verdict.regime).toBe("diverging");
    expect(judged.verdict.edgeOfStability).toBe(false);
    expect(judged.verdict.outcome).toBe("jumps-out");
  });

  it("gives the linear family the lesson's outcomes: too small, good, jumps around", () => {
    const outcome = (learningRate: number) =>
      trainAndJudgeModel(config({ model: linear.spec, learningRate, steps: 100 }), linear).verdict.outcome;
    expect(outcome(0.01)).toBe("too-small");
    expect(outcome(0.2)).toBe("good");
    expect(outcome(0.3)).toBe("jumps-around");
  });

  it("says nothing moved at a rate of 0 or with no steps; a rate of 0 is too small, no steps is not judged", () => {
    for (const [changes, outcome] of [
      [{ learningRate: 0 }, "too-small"],
      [{ steps: 0 }, null],
    ] as const) {
      const judged = trainAndJudgeModel(config({ model: net.spec, ...changes }), net);
      expect(judged.verdict.moved).toBe(false);
      expect(judged.run.final.loss).toBe(judged.run.initialLoss);
      expect(judged.verdict.outcome).toBe(outcome);
    }
  });

  it("judges a subnormal rate (1e-320) as nothing moved and too small, not as converging", () => {
    // 1e-320 × a gradient of order 1 is far below an ulp of the glorot kernels (~1e-17): every update of a
    // nonzero weight rounds away; the zero biases move only to subnormals, below Number.EPSILON × the weights.
    const judged = trainAndJudgeModel(config({ model: net.spec, learningRate: 1e-320 }), net);
    expect(judged.run.final.loss).toBe(judged.run.initialLoss);
    expect(judged.verdict.moved).toBe(false);
    expect(judged.verdict.outcome).toBe("too-small");
    // A rate that does move the weights, however little, is not called unmoved.
    const tiny = trainAndJudgeModel(config({ model: net.spec, learningRate: 1e-10 }), net);
    expect(tiny.verdict.moved).toBe(true);
    expect(tiny.verdict.outcome).toBeNull();
  });

  it("measures movement against the weights' float resolution", () => {
    // Number.EPSILON × 2 = 4.4e-16: a change of 1e-16 is below it, 1e-15 above it; from all zeros any change counts.
    expect(movedBeyondResolution([2, 0], [2, 1e-16])).toBe(false);
    expect(movedBeyondResolution([2, 0], [2, 1e-15])).toBe(true);
    expect(movedBeyondResolution([0, 0], [0, 1e-320])).toBe(true);
    expect(movedBeyondResolution([1, 1], [1, Number.NaN])).toBe(true);
    expect(movedBeyondResolution([1, 1], [1, 1])).toBe(false);
  });

  it("keeps the edge of stability for a network past its start's bound that did not blow up", () => {
    // 2/λmax at the glorot start is 0.0835; at 0.1 the net saws around 2/η = 20 (README, docs/sharpness.png).
    const judged = trainAndJudgeModel(
      config({ model: net.spec, learningRate: 0.1, steps: 400, trackSharpness: 20 }),
      net,
    );
    expect(judged.stability.criticalLearningRate).toBeCloseTo(0.08352, 4);
    expect(judged.verdict.regime).toBe("oscillating");
    expect(judged.verdict.edgeOfStability).toBe(true);
  });
});
