import { describe, expect, it } from "vitest";
import { builtinData, type Dataset, syntheticLine } from "../core/data/data.js";
import { trainAndJudge } from "../core/judging/judged-run.js";
import { DEFAULT_RUN_CONFIG, type RunConfig } from "../core/training/run-config.js";
import { type Speaker, verdictFactsOf, verdictWords } from "./verdict-words.js";

const data = builtinData();
const SPEAKER: Speaker = {
  rate: (value) => `lr ${value}`,
  momentum: (value) => `momentum ${value}`,
  decay: "a decaying rate",
  rescale: "rescale x",
};

/** The words any face shows for a run of the built-in data. */
const wordsFor = (overrides: Partial<RunConfig>, on: Dataset = data) => {
  const config = { ...DEFAULT_RUN_CONFIG, steps: 100, ...overrides };
  const { run, theory, verdict, resolved } = trainAndJudge(config, on);
  const facts = verdictFactsOf(run, {
    bestLoss: theory?.optimum.loss ?? null,
    optimizer: resolved.optimizer,
    loss: "mse",
  });
  return verdictWords(verdict, facts, SPEAKER);
};

describe("verdictWords: schedules around the bound", () => {
  it("tells a cyclical rate that rose above the bound again, and does not call the run 'still' far", () => {
    const words = wordsFor({
      learningRate: 0.1,
      steps: 90,
      schedule: { name: "cyclical", args: { maximalLearningRate: 0.6, stepSize: 30 } },
    });
    expect(words.title).toBe("Jumps out");
    expect(words.text).toContain("came back below the bound at step 48 and rose above it again at step 73");
    expect(words.text).toContain("where it still is");
    expect(words.text).toContain("on its way out");
  });

  it("tells a cosine restart that blew the run up again", () => {
    const words = wordsFor({
      learningRate: 0.6,
      steps: 50,
      schedule: { name: "cosine-restarts", args: { firstDecaySteps: 40 } },
    });
    expect(words.text).toContain("rose above it again at step 40");
    expect(words.text).toContain("The loss grows");
  });
});

describe("verdictWords: what holds a run back", () => {
  it("says the budget is short, not the rate, at the fastest rate", () => {
    const words = wordsFor({ learningRate: 0.24, steps: 10 });
    expect(words.title).toBe("Needs more steps");
    expect(words.text).toContain("Give it 11 steps");
    expect(words.text).not.toContain("crawls");
  });

  it("does not say the rate was above the overshoot bound when a mini-batch run's rate never was", () => {
    // Cosine from 0.05: below 1/λmax = 0.1535 throughout; the reversals are mini-batch noise.
    const words = wordsFor({
      learningRate: 0.05,
      steps: null,
      epochs: 40,
      batchSize: 10,
      schedule: { name: "cosine", args: {} },
    });
    expect(words.text).not.toContain("above 0.1535");
  });

  it("names the noise only when the full batch gets there", () => {
    const noisy = wordsFor({ learningRate: 0.1, steps: null, epochs: 50, batchSize: 1 });
    expect(noisy.title).toBe("Noisy");
    expect(noisy.text).toContain("The same rates on the full batch get within 0.1% of the best loss");
    const crawling = wordsFor({ learningRate: 0.001, steps: null, epochs: 5, batchSize: 1 });
    expect(crawling.title).toBe("Too small");
    expect(crawling.text).toContain("would not get there either");
  });

  it("gives a shrink factor near 1 the digits that keep it off ×1", () => {
    // |1 − 0.3069·λmax| = 0.99998 at λmax = 6.517.
    const words = wordsFor({ learningRate: 0.3069 });
    expect(words.title).toBe("Jumps around");
    expect(words.text).toMatch(/by ×0\.9999\d* per step/);
    expect(words.text).not.toContain("×1 per step");
  });
});

describe("verdictWords: advice that does what it promises (fresh-eyes round 2)", () => {
  // The lab's uncentred preset: x in [8, 12], y = 2x + 10, a narrow valley (κ in the thousands).
  const uncentred = syntheticLine({ xMin: 8, xMax: 12, intercept: 10 });
  const momentum = (value: number) => ({ name: "sgd" as const, args: { momentum: value } });
  const rateIn = (text: string) => Number(/lr ([0-9.e-]+)/.exec(text)?.[1]);
  const stepsIn = (text: string) => Number(/give it ([0-9,]+) steps/.exec(text)?.[1]?.replace(/,/g, ""));

  it("with momentum 0.9 names a rate and the steps it needs, and following both is good", () => {
    const first = wordsFor({ learningRate: 0.001, optimizer: momentum(0.9) }, uncentred);
    expect(first.title).toBe("Too small");
    const rate = rateIn(first.text);
    const steps = stepsIn(first.text);
    expect(rate).toBeGreaterThan(0.001);
    expect(steps).toBeGreaterThan(100);
    // At the advised rate but still 100 steps: the rate is right, the budget is short, and it says so.
    const short = wordsFor({ learningRate: rate, optimizer: momentum(0.9) }, uncentred);
    expect(short.title).toBe("Needs more steps");
    expect(short.text).toContain(`Give it ${steps.toLocaleString("en-US")} steps`);
    // Followed: good, and never the advice to use the rate already in use.
    const followed = wordsFor({ learningRate: rate, optimizer: momentum(0.9), steps }, uncentred);
    expect(followed.title).toBe("Good");
    expect(followed.text).not.toContain(`lr ${rate}`);
  });

  it("never names the best pair as advice to the run that already uses it", () => {
    const words = wordsFor({ learningRate: 0.342, optimizer: momentum(0.245), steps: 10 });
    expect(words.text).not.toContain("The best pair for this data, lr 0.342");
    expect(words.text).not.toMatch(/null|undefined|NaN/);
  });

  it("calls a cyclical run brought back below the bound 'Rescued by the schedule', not by decay", () => {
    const words = wordsFor({
      learningRate: 0.1,
      schedule: { name: "cyclical", args: { maximalLearningRate: 0.6, stepSize: 30 } },
      steps: 120,
    });
    expect(words.title).toBe("Rescued by the schedule");
    const decaying = wordsFor({
      learningRate: 0.5,
      schedule: { name: "exponential", args: { decaySteps: 100, decayRate: 0.01 } },
    });
    expect(decaying.title).toBe("Rescued by decay");
  });

  it("under a schedule, offers the fastest rate held constant, not the rate already typed", () => {
    const words = wordsFor({
      learningRate: 0.24,
      schedule: { name: "exponential", args: { decaySteps: 11, decayRate: 0.5 } },
      steps: 11,
    });
    expect(words.text).toContain("lr 0.24 held constant (no schedule)");
  });
});

describe("verdictWords: the fastest rate on ill-conditioned data (fresh-eyes round 3)", () => {
  it("says the rate is as fast as any, not 'the fastest constant rate, <this rate>, needs …'", () => {
    const far = syntheticLine({ xMin: 1000, xMax: 1004 });
    const probe = trainAndJudge({ ...DEFAULT_RUN_CONFIG, steps: 100 }, far).verdict;
    const fastest = probe.fastest;
    if (!fastest) throw new Error("no fastest rate");
    expect(probe.illConditioned).toBe(true);
    const words = wordsFor({ learningRate: fastest.learningRate }, far);
    expect(words.text).toContain("This rate is as fast as any constant rate from this start");
    expect(words.text).not.toContain(`lr ${fastest.learningRate}, needs`);
  });
});
