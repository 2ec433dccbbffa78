import { describe, expect, it } from "vitest";
import { builtinData } from "../core/data/data.js";
import { lessonPlan } from "../core/lesson/lesson.js";
import { DEFAULT_RUN_CONFIG } from "../core/training/run-config.js";
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
  it("takes the lesson's four rates from the core's one rule, for the lab's 100 steps", () => {
    const plan = lessonPlan(DEFAULT_RUN_CONFIG, builtinData(), { steps: 100 });
    expect(plan?.faithful).toBe(true);
    expect(plan?.rates.map((rate) => rate.name)).toEqual(["too-small", "good", "jumps-around", "jumps-out"]);
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

  it("runs every lane from the same start for the same steps: each shows what it is named after", async () => {
    const result = await race(raceLanesOf(argDefaults(raceLaneParams)));
    const plan = lessonPlan(DEFAULT_RUN_CONFIG, builtinData(), { steps: 100 });
    expect(result.lanes.map((lane) => lane.learningRate)).toEqual(
      plan?.rates.map((rate) => rate.learningRate),
    );
    // A lane's name is the verdict its own run gets: the race and the lesson cannot disagree.
    for (const lane of result.lanes) expect(lane.run.verdict.outcome).toBe(lane.name);
    expect(result.lanes.map((lane) => lane.name)).toEqual(["too-small", "good", "jumps-around", "jumps-out"]);
    for (const lane of result.lanes) {
      expect(lane.run.history.w[0]).toBe(0);
      expect(lane.run.history.b[0]).toBe(0);
      expect(lane.run.requestedSteps).toBe(100);
      expect(lane.run.slices).toBeNull();
    }
    // The lane that jumps out stops where plain gradient descent at its rate first passes 1e6 × its start.
    const out = result.lanes[3];
    expect(out?.run.divergedAtStep).toBe(firstStepAbove(builtinData(), out?.learningRate as number, 1e6));
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
    // Lane 2's rate from the lesson's rule for the lesson's optimizer (SGD, momentum 0.5), and no name:
    // the names are for the lesson's own optimizer.
    const plan = lessonPlan(
      { ...DEFAULT_RUN_CONFIG, optimizer: { name: "sgd", args: { momentum: 0.5, nesterov: false } } },
      builtinData(),
      { steps: 100 },
    );
    expect(momentum?.learningRate).toBe(plan?.rates[1]?.learningRate);
    expect(momentum?.name).toBeNull();
    expect(sgd?.run.config.optimizerArgs).toEqual({ momentum: 0.5, nesterov: false });
    expect(sgd?.fromTheory).toBe(false);
  });

  it("without the exact theory (MAE), lanes at 0 take ×0.1, ×1, ×3 and ×10 the lesson's rate", async () => {
    const result = await race(raceLanesOf(argDefaults(raceLaneParams)), { loss: "mae", learningRate: 0.05 });
    expect(result.lanes.map((lane) => lane.learningRate)).toEqual([0.005, 0.05, 0.15, 0.5]);
    expect(result.lanes.every((lane) => lane.name === null)).toBe(true);
  });
});
