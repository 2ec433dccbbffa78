import { describe, expect, it } from "vitest";
import type { ModelRunResult } from "../protocol.js";
import { noOutcomeWords, runOutcome } from "./model-verdict.js";

const run = (changes: Partial<ModelRunResult>) =>
  ({
    status: "completed",
    steps: 10,
    initialLoss: 2,
    finalLoss: 1,
    divergedAtStep: null,
    ...changes,
  }) as ModelRunResult;

describe("what the model did, in words", () => {
  it("says a lost loss as the CLI does, and counts one step as one", () => {
    expect(runOutcome(run({ status: "diverged", divergedAtStep: 1, finalLoss: Number.NaN }))).toBe(
      "diverged at step 1, loss not a number",
    );
    expect(runOutcome(run({ steps: 1, finalLoss: 1.5 }))).toBe("completed 1 step, loss 2 → 1.5");
    expect(runOutcome(run({ steps: 2 }))).toBe("completed 2 steps, loss 2 → 1");
  });

  it("says why a network or logistic regression gets no outcome word, and nothing for the linear family", () => {
    expect(noOutcomeWords("mlp", null)).toMatch(
      /^no Too small, Good or Jumps out here: a network has no exact optimum/,
    );
    expect(noOutcomeWords("logistic", null)).toMatch(
      /logistic regression has no exact optimum to compare the run with/,
    );
    for (const model of ["line", "linear", "polynomial"] as const)
      expect(noOutcomeWords(model, null)).toBeNull();
  });

  it("denies no outcome the core's verdict gives: a blown-up network or logistic run is Jumps out, no row says otherwise", () => {
    expect(noOutcomeWords("mlp", "jumps-out")).toBeNull();
    expect(noOutcomeWords("logistic", "jumps-out")).toBeNull();
  });
});
