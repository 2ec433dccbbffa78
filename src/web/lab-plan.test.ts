import { describe, expect, it } from "vitest";
import { builtinData } from "../core/data/data.js";
import { guideFacts } from "../core/lesson/guide.js";
import type { PresetName } from "./catalog.js";
import { createLabHandler } from "./lab.js";
import { answer, defaultRunConfig, lessonLab } from "./lab-fixture.js";

/** The lesson's four rates for a preset, asked of the worker, and what each does when run as the presets set it. */
async function presetsOn(name: PresetName, changes = {}) {
  const lab = createLabHandler();
  await answer(lab, { type: "load-data", id: 1, source: { kind: "preset", name, points: 0, seed: 42 } });
  const config = defaultRunConfig(changes);
  const { result } = await answer(lab, { type: "lesson-plan", id: 2, config });
  const plan = result.plan;
  if (!plan) throw new Error(`no plan on ${name}`);
  const outcomes: [string, string][] = [];
  for (const rate of plan.rates) {
    // What a preset button sets: the rate, a constant schedule and the plan's steps.
    const run = await answer(lab, {
      type: "run",
      id: 3,
      config: {
        ...config,
        learningRate: rate.learningRate,
        schedule: "constant",
        scheduleArgs: {},
        steps: plan.steps,
      },
    });
    outcomes.push([rate.name, run.result.verdict.outcome]);
  }
  return { plan, outcomes };
}

describe("the presets' rates, from the worker", () => {
  it("on the lesson's line: 0.008, 0.24, 0.3, 0.34 for 30 steps, each showing the regime it is named after", async () => {
    const { plan, outcomes } = await presetsOn("lesson");
    expect(plan.steps).toBe(30);
    expect(plan.rates.map((rate) => rate.learningRate)).toEqual([0.008, 0.24, 0.3, 0.34]);
    expect(outcomes).toEqual([
      ["too-small", "too-small"],
      ["good", "good"],
      ["jumps-around", "jumps-around"],
      ["jumps-out", "jumps-out"],
    ]);
  });

  it.each(["noisy", "outliers"] as const)(
    "on the %s preset, each shows the regime it is named after",
    async (name) => {
      const { plan, outcomes } = await presetsOn(name);
      expect(plan.faithful).toBe(true);
      expect(outcomes.map(([named, seen]) => named === seen)).toEqual([true, true, true, true]);
    },
  );

  it("follows the optimizer: momentum's rates straddle its own bound 2(1 + β)/λmax = 0.5831", async () => {
    const { plan, outcomes } = await presetsOn("lesson", {
      optimizer: "momentum",
      optimizerArgs: { momentum: 0.9, nesterov: false },
    });
    expect(plan.criticalLearningRate).toBeCloseTo(0.583116, 6);
    expect(outcomes.map(([named, seen]) => named === seen)).toEqual([true, true, true, true]);
  });

  it("has no plan for MAE (no exact best loss to reach)", async () => {
    const { lab } = await lessonLab();
    const { result } = await answer(lab, {
      type: "lesson-plan",
      id: 2,
      config: defaultRunConfig({ loss: "mae" }),
    });
    expect(result.plan).toBeNull();
  });
});

describe("the guide's facts, from the worker", () => {
  it("are the core's for the data loaded, for Keras SGD from the lesson's start", async () => {
    const { lab, info } = await lessonLab();
    const { result } = await answer(lab, { type: "guide", id: 2 });
    expect(result.dataVersion).toBe(info.version);
    const core = guideFacts(builtinData(), undefined, { maxGuesses: 10_000 });
    expect(result.facts.chapters).toEqual(core.chapters);
    expect(result.facts.critical?.learningRate).toBeCloseTo(0.306903, 6);
  });
});
