import { describe, expect, it } from "vitest";
import { builtinData } from "../core/data.js";
import { trainAndJudge } from "../core/judged-run.js";
import { DEFAULT_RUN_CONFIG, type RunConfig } from "../core/run-config.js";
import { type Speaker, verdictFactsOf, verdictWords } from "./verdict-words.js";

const data = builtinData();
const SPEAKER: Speaker = {
  rate: (value) => `lr ${value}`,
  momentum: (value) => `momentum ${value}`,
  decay: "a decaying rate",
  rescale: "rescale x",
};

/** The words any face shows for a run of the built-in data. */
const wordsFor = (overrides: Partial<RunConfig>) => {
  const config = { ...DEFAULT_RUN_CONFIG, steps: 100, ...overrides };
  const { run, theory, verdict, resolved } = trainAndJudge(config, data);
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
