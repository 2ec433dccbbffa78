/**
 * Each preset's one line of lesson must be what its own data show from the lab's default start: the words
 * under the data picker and the verdict above the figures are read side by side.
 */
import { describe, expect, it } from "vitest";
import { DATA_CATALOG } from "./catalog.js";
import { createLabHandler } from "./lab.js";
import { answer, defaultRunConfig } from "./lab-fixture.js";
import { verdictSentence } from "./words.js";

describe("the uncentred preset", () => {
  it("shows what its text promises: a rate safe for the slope crawls along the intercept", async () => {
    expect(DATA_CATALOG.uncentred.lesson).toContain("a rate safe for the slope crawls along the intercept");
    for (const seed of [42, 1, 7]) {
      const lab = createLabHandler();
      await answer(lab, {
        type: "load-data",
        id: 1,
        source: { kind: "preset", name: "uncentred", points: 0, seed },
      });
      const probe = await answer(lab, { type: "run", id: 2, config: defaultRunConfig() });
      const critical = probe.result.verdict.criticalLearningRate as number;
      // x in [8, 12]: λmax ≈ 212 (2/λmax ≈ 0.0094), κ ≈ 9,300.
      expect(critical).toBeGreaterThan(0.0085);
      expect(critical).toBeLessThan(0.0105);
      // Just below the bound, safe for the slope: after the lab's 100 steps it still crawls, and even the
      // fastest constant rate needs thousands of steps (with y = 2x + 1 it was "1 step" at seed 42).
      const safe = await answer(lab, {
        type: "run",
        id: 3,
        config: defaultRunConfig({ learningRate: Number((0.95 * critical).toPrecision(2)) }),
      });
      const { verdict } = safe.result;
      // As fast as any constant rate, so the budget is what is short; the narrow valley is why.
      expect(verdict.outcome, `seed ${seed}`).toBe("needs-more-steps");
      expect(verdict.narrowValley, `seed ${seed}`).toBe(true);
      expect(verdictSentence(safe.result), `seed ${seed}`).toContain(
        "a rate the steep direction survives crawls along the flat one",
      );
      expect(verdict.fastest?.steps, `seed ${seed}`).toBeGreaterThan(5_000);
    }
  });
});
