import { describe, expect, it } from "vitest";
import { builtinData, type Dataset, syntheticLine } from "../data/data.js";
import { trainAndJudge } from "../judging/judged-run.js";
import { DEFAULT_RUN_CONFIG } from "../training/run-config.js";
import { CHAPTER_IDS, type ChapterId, type GuideFacts, guideFacts, type Objective } from "./guide.js";
import { predictionOf } from "./guide-check.js";

const builtin = guideFacts(builtinData());

const objectiveOf = (facts: GuideFacts, id: ChapterId): Objective | null =>
  facts.chapters.find((chapter) => chapter.id === id)?.objective ?? null;

describe("guideFacts on the built-in data", () => {
  it("has the nine chapters in the story's order, numbered from 1, with a prediction from chapter 3 on", () => {
    expect(builtin.chapters.map((chapter) => [chapter.number, chapter.id])).toEqual(
      CHAPTER_IDS.map((id, index) => [index + 1, id]),
    );
    expect(CHAPTER_IDS).toEqual([
      "line",
      "guessing",
      "gradient",
      "too-small",
      "jumps-around",
      "jumps-out",
      "decay",
      "your-data",
      "in-practice",
    ]);
    expect(builtin.chapters.map((chapter) => chapter.predicts)).toEqual([
      false,
      false,
      true,
      true,
      true,
      true,
      true,
      true,
      true,
    ]);
    expect(builtin.chapters.every((chapter) => chapter.objective !== null)).toBe(true);
  });

  it("states the theory's numbers: 2/λmax = 0.3069…, 1/λmax = 0.1535, the lesson's rates and budget", () => {
    // λmax = 6.51672, so 2/λmax = 0.306903 and 1/λmax = 0.153451.
    expect(builtin.critical?.learningRate).toBeCloseTo(0.306903, 6);
    expect(builtin.critical?.formula).toBe("2/λmax");
    expect(builtin.overshoot?.learningRate).toBeCloseTo(0.153451, 6);
    expect(builtin.plan?.rates.map((rate) => rate.learningRate)).toEqual([0.008, 0.24, 0.3, 0.34]);
    expect(builtin.steps).toBe(30);
    expect(builtin.fastest).toEqual({ learningRate: 0.24, steps: 11 });
    expect(builtin.start).toEqual({ w: 0, b: 0, loss: expect.closeTo(15.7834, 4) });
    expect(builtin.optimum.loss).toBeCloseTo(0.969209, 6);
  });

  it("asks for the line dragged nine tenths of the way to the best loss: below 0.9692 + 0.1 · (15.78 − 0.9692)", () => {
    expect(objectiveOf(builtin, "line")).toEqual({ kind: "line-loss", maxLoss: expect.closeTo(2.45063, 5) });
  });

  it("asks for guesses within 10% (likely within the lab's 10,000 guesses) and for steps to within 10%", () => {
    expect(objectiveOf(builtin, "guessing")).toEqual({
      kind: "guess-within",
      level: 0.1,
      maxLoss: expect.closeTo(1.1 * 0.969209, 5),
    });
    expect(objectiveOf(builtin, "gradient")).toEqual({
      kind: "step-to",
      level: 0.1,
      maxLoss: expect.closeTo(1.1 * 0.969209, 5),
    });
    // At 0.24 the loss is within 10% after 5 steps (the guide says so in the reveal).
    expect(builtin.gradient).toEqual({ learningRate: 0.24, level: 0.1, steps: 5 });
  });

  it("puts the edges of 'good' in the 30-step budget: from 0.0896 (crawls below) to 0.2841 (jumps around above)", () => {
    expect(objectiveOf(builtin, "too-small")).toEqual({
      kind: "lowest-reaching",
      rate: expect.closeTo(0.089634, 5),
      tolerance: 0.1,
      steps: 30,
    });
    expect(objectiveOf(builtin, "jumps-around")).toEqual({
      kind: "highest-reaching",
      rate: expect.closeTo(0.284148, 5),
      tolerance: 0.02,
      steps: 30,
    });
  });

  it("asks for the smallest rate that jumps out to within 2% of 2/λmax", () => {
    expect(objectiveOf(builtin, "jumps-out")).toEqual({
      kind: "jumps-out",
      critical: expect.closeTo(0.306903, 6),
      tolerance: 0.02,
    });
  });

  it("finds the decay chapter's set-up by running it: batches of 10 at 0.24 are noisy, exponential decay settles", () => {
    expect(builtin.decay).toEqual({
      batchSize: 10,
      steps: 100,
      seed: 0,
      learningRate: 0.24,
      constantOutcome: "noisy",
      schedule: { name: "exponential", args: { decaySteps: 100, decayRate: 0.05 } },
      decayedOutcome: "good",
    });
    expect(objectiveOf(builtin, "decay")).toEqual({ kind: "settle-with-decay" });
  });

  it("compares units with the lesson's line: the built-in data has its bound, so other data is needed", () => {
    expect(builtin.reference).toEqual({
      criticalLearningRate: expect.closeTo(0.306903, 6),
      goodLearningRate: 0.24,
      sameBound: true,
    });
    expect(objectiveOf(builtin, "your-data")).toMatchObject({ kind: "highest-stable", needsOtherData: true });
  });

  it("asks to get within 0.1% in at most 17 steps: half again the fastest rate's 11", () => {
    expect(objectiveOf(builtin, "in-practice")).toEqual({
      kind: "reach",
      gap: expect.closeTo(0.000969209, 9),
      maxSteps: 17,
    });
    expect(builtin.inPractice?.reaching?.low).toBeCloseTo(0.15413, 4);
    expect(builtin.inPractice?.reaching?.high).toBeCloseTo(0.26894, 4);
  });
});

describe("the chapters' set-ups", () => {
  it("set the lab so each rate chapter's run does what its title says", () => {
    const setupOf = (id: ChapterId) => builtin.chapters.find((chapter) => chapter.id === id)?.setup;
    expect(setupOf("too-small")).toEqual({ view: "lesson", learningRate: 0.008, steps: 30 });
    expect(setupOf("jumps-around")).toEqual({ view: "lesson", learningRate: 0.3, steps: 30 });
    expect(setupOf("jumps-out")).toEqual({ view: "lesson", learningRate: 0.34, steps: 30 });
    expect(setupOf("decay")).toEqual({
      view: "lesson",
      learningRate: 0.24,
      steps: 100,
      batchSize: 10,
      seed: 0,
    });
    expect(setupOf("guessing")).toEqual({ view: "guessing", guesses: 10_000 });
    expect(setupOf("your-data")).toEqual({ view: "lesson", learningRate: 0.24, realData: true });
    expect(setupOf("in-practice")).toEqual({ view: "range-test", steps: 30 });
    const seen = (id: ChapterId) => {
      const setup = setupOf(id);
      const { verdict } = trainAndJudge(
        {
          ...DEFAULT_RUN_CONFIG,
          learningRate: setup?.learningRate ?? 0.01,
          steps: setup?.steps ?? null,
          batchSize: setup?.batchSize ?? null,
        },
        builtinData(),
      );
      return predictionOf(verdict.outcome);
    };
    expect(seen("gradient")).toBe("settle");
    expect(seen("too-small")).toBe("crawl");
    expect(seen("jumps-around")).toBe("jump-around");
    expect(seen("jumps-out")).toBe("jump-out");
    // Noisy: the mini-batches keep it bouncing until a decay is chosen.
    expect(seen("decay")).toBe("jump-around");
  });
});

describe("guideFacts on other data", () => {
  it("takes the units' bound on uncentred x, where the lesson line's rate would jump out", () => {
    // x in [8, 12): mean x² ≈ 104, λmax ≈ 212, 2/λmax ≈ 0.0094, far below the lesson line's 0.3069.
    const facts = guideFacts(syntheticLine({ intercept: 10, xMin: 8, xMax: 12 }));
    expect(facts.critical?.learningRate).toBeCloseTo(0.0094286, 6);
    expect(facts.reference.sameBound).toBe(false);
    expect(objectiveOf(facts, "your-data")).toEqual({
      kind: "highest-stable",
      critical: expect.closeTo(0.0094286, 6),
      tolerance: 0.1,
      needsOtherData: false,
    });
    // 10% takes 7,475 guesses on average here: the task asks for 0.1 · 7475/2500 = 0.299 → 30%.
    expect(facts.guessing?.taskLevel).toBe(0.3);
  });

  it("keeps the noisy preset's bound (it depends on x alone) and finds a longer decay for it", () => {
    const facts = guideFacts(syntheticLine({ noiseStandardDeviation: 4 }));
    expect(facts.critical?.learningRate).toBeCloseTo(0.306903, 6);
    expect(facts.reference.sameBound).toBe(true);
    expect(facts.decay?.constantOutcome).toBe("noisy");
    expect(facts.decay?.decayedOutcome).toBe("good");
  });

  it("says why there is no decay task on a perfect line: every batch agrees at the best line", () => {
    const perfect: Dataset = {
      x: Float64Array.from([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]),
      y: Float64Array.from([1, 3, 5, 7, 9, 11, 13, 15, 17, 19, 21, 23]),
      xName: "x",
      yName: "y",
      source: "perfect",
    };
    const facts = guideFacts(perfect);
    expect(facts.closeness.relativeTo).toBe("spread-of-y");
    const decay = facts.chapters.find((chapter) => chapter.id === "decay");
    expect(decay?.objective).toBeNull();
    expect(["no-noise", "no-reaching-rates"]).toContain(decay?.unavailable);
  });

  it("follows the optimizer: momentum's bound 2(1 + β)/λmax, and no closed-form edges", () => {
    const facts = guideFacts(builtinData(), {
      ...DEFAULT_RUN_CONFIG,
      optimizer: { name: "momentum", args: {} },
    });
    expect(facts.critical?.learningRate).toBeCloseTo(0.583116, 6);
    expect(objectiveOf(facts, "jumps-out")).toMatchObject({ critical: expect.closeTo(0.583116, 6) });
    for (const id of ["too-small", "jumps-around", "in-practice"] as const) {
      expect(facts.chapters.find((chapter) => chapter.id === id)?.unavailable).toBe("not-plain");
    }
  });

  it("asks for no edges and no step limit when the budget is shorter than the fastest rate's 11 steps", () => {
    const facts = guideFacts(builtinData(), DEFAULT_RUN_CONFIG, { steps: 8 });
    for (const id of ["too-small", "jumps-around", "in-practice"] as const) {
      expect(facts.chapters.find((chapter) => chapter.id === id)?.unavailable).toBe("no-reaching-rates");
    }
    // The bound needs no budget.
    expect(objectiveOf(facts, "jumps-out")).toMatchObject({ kind: "jumps-out" });
  });

  it("has no bound for Adam: the chapters that need one say so", () => {
    const facts = guideFacts(builtinData(), { ...DEFAULT_RUN_CONFIG, optimizer: { name: "adam", args: {} } });
    expect(facts.critical).toBeNull();
    expect(facts.chapters.find((chapter) => chapter.id === "jumps-out")?.unavailable).toBe("no-bound");
    expect(facts.chapters.find((chapter) => chapter.id === "your-data")?.unavailable).toBe("no-bound");
  });

  it("has no guessing task when all x are equal (the loss has no bowl in w)", () => {
    const flat: Dataset = {
      x: Float64Array.from([2, 2, 2, 2]),
      y: Float64Array.from([1, 2, 3, 4]),
      xName: "x",
      yName: "y",
      source: "flat",
    };
    const facts = guideFacts(flat);
    expect(facts.guessing).toBeNull();
    expect(facts.chapters.find((chapter) => chapter.id === "guessing")?.unavailable).toBe("degenerate");
  });
});
