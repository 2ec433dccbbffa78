import { describe, expect, it } from "vitest";
import { builtinData, gradientDescentEvaluationsToReach, randomSearch } from "../core/index.js";
import { answer, defaultRunConfig, lessonLab } from "./lab-fixture.js";

async function guesses(trials: number, seed: number, changes = {}) {
  const { lab } = await lessonLab();
  const response = await answer(lab, {
    type: "guesses",
    id: 2,
    config: defaultRunConfig(changes),
    trials,
    seed,
  });
  return response.result;
}

describe("random guessing", () => {
  it("finds what `lrlab random-search` finds: the best of 1000 guesses after 121, which gradient descent matches in 7", async () => {
    // README: "Best guess y = 2.127·x + 0.4217, loss 0.99447 …, after 121 guesses. Gradient descent
    // (lr 0.24, the fastest rate from this start) gets as low in 7 loss evaluations: 17.3× fewer."
    const result = await guesses(1000, 0);
    expect(result.best.evaluations).toBe(121);
    expect(result.best.loss).toBeCloseTo(0.99447, 5);
    expect(result.gradientDescent.learningRate).toBe(0.24);
    expect(result.gradientDescent.optimal).toBe(true);
    expect(result.gradientDescent.evaluationsToBest).toBe(7);
    expect(result.progress.at(-1)).toMatchObject({ evaluations: 121, gradientDescent: 7 });
  });

  it("shows the core's guesses one by one: the running best of the guesses is the core's progress", async () => {
    for (const seed of [0, 7]) {
      const result = await guesses(500, seed);
      const core = randomSearch(builtinData(), { trials: 500, seed });
      const improvements: { evaluations: number; loss: number }[] = [];
      let best = Number.POSITIVE_INFINITY;
      result.loss.forEach((loss, index) => {
        if (loss < best) {
          best = loss;
          improvements.push({ evaluations: index + 1, loss });
        }
      });
      expect(improvements).toEqual(core.progress);
      const last = result.progress.at(-1);
      expect([last?.w, last?.b]).toEqual([core.best.w, core.best.b]);
    }
  });

  it("counts each improvement against the core's gradientDescentEvaluationsToReach, and draws the same descent", async () => {
    const result = await guesses(300, 3);
    for (const entry of result.progress) {
      const needed = gradientDescentEvaluationsToReach(builtinData(), entry.loss, {
        learningRate: result.gradientDescent.learningRate,
      });
      expect(entry.gradientDescent).toBe(needed);
      // The chart's descent first gets as low at that evaluation (the start is evaluation 1).
      const losses = result.gradientDescent.losses;
      const first = losses.findIndex((loss) => loss <= entry.loss) + 1;
      expect(first).toBe(needed);
    }
  });

  it("for MAE compares with gradient descent at the lesson's rate, and leaves each guess's own loss out", async () => {
    const result = await guesses(200, 0, { loss: "mae", learningRate: 0.1 });
    expect(result.gradientDescent).toMatchObject({ learningRate: 0.1, optimal: false });
    expect(Number.isNaN(result.loss[0])).toBe(true);
    expect(result.optimum).toBeNull();
    expect(result.progress.length).toBeGreaterThan(0);
  });

  it("refuses a number of guesses out of range", async () => {
    const { lab } = await lessonLab();
    const response = await lab.handle({
      type: "guesses",
      id: 2,
      config: defaultRunConfig(),
      trials: 0,
      seed: 0,
    });
    expect(response).toMatchObject({ type: "error", code: "E_BAD_ARGUMENT" });
  });
});
