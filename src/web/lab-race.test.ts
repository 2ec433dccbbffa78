import { describe, expect, it } from "vitest";
import { builtinData } from "../core/data.js";
import { lessonRates } from "../core/theory.js";
import { firstStepAbove } from "../test-support/plain-descent.js";
import { answer, defaultRunConfig, lessonLab } from "./lab-fixture.js";
import { argDefaults } from "./lab-state.js";
import { type RaceLaneSetting, raceLaneParams, raceLanesOf } from "./race-lanes.js";

async function race(lanes: readonly RaceLaneSetting[], changes = {}) {
  const { lab } = await lessonLab();
  const response = await answer(lab, { type: "race", id: 2, config: defaultRunConfig(changes), lanes });
  return response.result;
}

describe("the race", () => {
  it("takes the lesson's four rates from the theory: 0.01, 0.28, 0.29, 0.34 on the built-in data", () => {
    // c = 2/λmax = 0.3069, o = 2/(λmin + λmax) = 0.2755: c/30, o, 0.95·c, 1.1·c, as `lrlab demo` says.
    expect(lessonRates({ criticalLearningRate: 0.30689, optimalLearningRate: 0.27548 })).toEqual([
      0.01, 0.28, 0.29, 0.34,
    ]);
  });

  it("has four lanes of plain SGD at the theory's rates by default, in the URL's table", () => {
    expect(raceLanesOf(argDefaults(raceLaneParams))).toEqual([
      { optimizer: "sgd", learningRate: 0 },
      { optimizer: "sgd", learningRate: 0 },
      { optimizer: "sgd", learningRate: 0 },
      { optimizer: "sgd", learningRate: 0 },
    ]);
    expect(raceLanesOf({ ...argDefaults(raceLaneParams), lanes: 2, optimizer2: "adam", lr2: 0.1 })).toEqual([
      { optimizer: "sgd", learningRate: 0 },
      { optimizer: "adam", learningRate: 0.1 },
    ]);
  });

  it("runs every lane from the same start for the same steps: too small, good, oscillating, diverging", async () => {
    const result = await race(raceLanesOf(argDefaults(raceLaneParams)));
    expect(result.lanes.map((lane) => [lane.learningRate, lane.name, lane.run.verdict.kind])).toEqual([
      [0.01, "too small", "too-slow"],
      [0.28, "good", "converged"],
      [0.29, "oscillating", "converged"],
      [0.34, "diverging", "diverged"],
    ]);
    for (const lane of result.lanes) {
      expect(lane.run.history.w[0]).toBe(0);
      expect(lane.run.history.b[0]).toBe(0);
      expect(lane.run.requestedSteps).toBe(100);
      expect(lane.run.slices).toBeNull();
    }
    // The diverging lane stops where plain gradient descent at 0.34 first passes 1e6 × its starting loss.
    expect(result.lanes[3]?.run.divergedAtStep).toBe(firstStepAbove(builtinData(), 0.34, 1e6));
  });

  it("runs other optimizers at their Keras defaults, the lesson's optimizer with the lesson's arguments", async () => {
    const result = await race(
      [
        { optimizer: "adam", learningRate: 0.1 },
        { optimizer: "momentum", learningRate: 0 },
        { optimizer: "sgd", learningRate: 0.05 },
      ],
      { optimizer: "sgd", optimizerArgs: { momentum: 0.5, nesterov: false } },
    );
    const [adam, momentum, sgd] = result.lanes;
    expect(adam?.run.config.optimizerArgs).toMatchObject({ beta1: 0.9, beta2: 0.999 });
    expect(adam?.name).toBeNull();
    expect(momentum?.run.config.optimizerArgs).toMatchObject({ momentum: 0.9 });
    expect(momentum?.learningRate).toBe(0.28); // lane 2's rate from the theory
    expect(momentum?.name).toBeNull(); // the names are for plain gradient descent
    expect(sgd?.run.config.optimizerArgs).toEqual({ momentum: 0.5, nesterov: false });
    expect(sgd?.fromTheory).toBe(false);
  });

  it("without the exact theory (MAE), lanes at 0 take ×0.1, ×1, ×3 and ×10 the lesson's rate", async () => {
    const result = await race(raceLanesOf(argDefaults(raceLaneParams)), { loss: "mae", learningRate: 0.05 });
    expect(result.lanes.map((lane) => lane.learningRate)).toEqual([0.005, 0.05, 0.15, 0.5]);
    expect(result.lanes.every((lane) => lane.name === null)).toBe(true);
  });
});
