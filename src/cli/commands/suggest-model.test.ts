/** `lrlab suggest --model …` (models beyond the line) through the real binary. */
import { describe, expect, it } from "vitest";
import { builtinData } from "../../core/data/data.js";
import { expectUserError, lrlab, lrlabJson } from "../../test-support/cli.js";

/** The eigenvalues of the MSE Hessian 2·[[mean x², mean x], [mean x, 1]] of the built-in data, in closed form. */
function builtinEigenvalues(): [number, number] {
  const { x } = builtinData();
  const n = x.length;
  const m1 = x.reduce((sum, value) => sum + value, 0) / n;
  const m2 = x.reduce((sum, value) => sum + value * value, 0) / n;
  const [a, b, d] = [2 * m2, 2 * m1, 2];
  const root = Math.sqrt(((a - d) / 2) ** 2 + b * b);
  return [(a + d) / 2 + root, (a + d) / 2 - root];
}

interface Candidate {
  learningRate: number;
  status: string;
  finalLoss: number | null;
}

describe("lrlab suggest --model linear", () => {
  it.each([[["--model", "linear"]], [["--model", "polynomial", "--degree", "1"]]])(
    "%j gives the line's answer: the exact fastest rate from this start, the best worst case beside it",
    (flags) => {
      const [lambdaMax, lambdaMin] = builtinEigenvalues();
      const line = lrlabJson(["suggest"]);
      const document = lrlabJson(["suggest", ...flags]);
      expect(document.method).toBe("theory");
      expect(document.criticalIsExact).toBe(true);
      expect(document.criticalFormula).toBe("2/λmax");
      expect(Math.abs(document.criticalLearningRate - 2 / lambdaMax) * lambdaMax).toBeLessThan(2e-12);
      const optimal = 2 / (lambdaMin + lambdaMax); // 0.27548…
      expect(Math.abs(document.optimalLearningRate - optimal) / optimal).toBeLessThan(1e-12);
      // The line's suggest: 0.24 in 11 steps (the best worst case needs 22 from (0, 0)), the same gap.
      expect(line.learningRate).toBe(0.24);
      expect(document.learningRate).toBe(line.learningRate);
      expect(document.fastest.steps).toBe(line.fastest.steps);
      expect(document.fastest.steps).toBe(11);
      // The same rule (0.1% of the best loss) from two computations of L*: equal to rounding.
      expect(Math.abs(document.tolerance - line.tolerance) / line.tolerance).toBeLessThan(1e-12);
      expect(document.optimalSteps).toBe(line.steps.optimal);
      expect(document.search).toBeNull();
      // 0.24 lies between 1/λmax and 2/λmax: fit calls it oscillating; 11 steps reach the gap, 10 do not.
      const fit = lrlabJson(["fit", ...flags, "--lr", String(document.learningRate), "--steps", "11"]);
      expect(fit.status).toBe("completed");
      expect(fit.verdict.regime).toBe("oscillating");
      expect(fit.verdict.reached).toBe(true);
      const short = lrlabJson(["fit", ...flags, "--lr", String(document.learningRate), "--steps", "10"]);
      expect(short.verdict.reached).toBe(false);
      const text = lrlab(["suggest", ...flags]).stdout;
      expect(text).toContain("\nUse --lr 0.24  (exact theory)\n");
      expect(text).toMatch(/fastest rate {5}0\.24: 11 steps to get within 0\.1% of the best loss/);
      expect(text).toMatch(
        /best worst-case {2}0\.2755 = 2\/\(λmin \+ λmax\); condition number 8\.766; from this start 22 steps/,
      );
    },
  );

  it("runs the rates below the exact bound when momentum makes the best rate depend on the start", () => {
    const [lambdaMax] = builtinEigenvalues();
    const document = lrlabJson(["suggest", "--model", "linear", "--optimizer", "momentum"]);
    expect(document.method).toBe("runs");
    expect(document.criticalFormula).toBe("2(1 + β)/λmax");
    expect(document.criticalLearningRate).toBeCloseTo((2 * 1.9) / lambdaMax, 12);
    expect(document.learningRate).toBeLessThan(document.criticalLearningRate);
    expect(document.atSuggestion.status).toBe("completed");
  });
});

describe("lrlab suggest --model mlp", () => {
  it("suggests a rate below the measured bound that does not diverge, the lowest loss of its grid", () => {
    const document = lrlabJson(["suggest", "--model", "mlp", "--hidden", "8"]);
    expect(document.method).toBe("runs");
    expect(document.criticalIsExact).toBe(false);
    expect(document.curvature.basis).toBe("measured");
    const bound = document.criticalLearningRate;
    expect(bound).toBeCloseTo(2 / document.curvature.lambdaMax, 12);
    const rate = document.learningRate;
    expect(rate).toBeGreaterThan(0);
    expect(rate).toBeLessThan(bound);
    // The grid: log-spaced, eight a decade, from a thousandth of the bound up to (not including) it.
    const rates = document.search.candidates.map((candidate: Candidate) => candidate.learningRate);
    expect(rates[0]).toBeCloseTo(bound / 1000, 15);
    expect(Math.max(...rates)).toBeLessThan(bound);
    expect(rates).toHaveLength(24);
    // The grid's best is the lowest final loss of the candidates that did not diverge.
    const kept = (document.search.candidates as Candidate[]).filter((c) => c.status !== "diverged");
    expect(document.search.best.finalLoss).toBe(Math.min(...kept.map((c) => c.finalLoss as number)));
    // Rounded down, and as good within 10%.
    expect(rate).toBeLessThanOrEqual(document.search.best.learningRate);
    expect(document.atSuggestion.finalLoss).toBeLessThanOrEqual(1.1 * document.search.best.finalLoss);
    // fit at the suggested rate does not diverge, and ends where suggest said.
    const fit = lrlabJson(["fit", "--model", "mlp", "--hidden", "8", "--lr", String(rate)]);
    expect(fit.status).toBe("completed");
    expect(fit.verdict.regime).not.toBe("diverging");
    expect(fit.final.loss).toBe(document.atSuggestion.finalLoss);
  });

  it("says what it ran and why in words", () => {
    const { status, stdout } = lrlab(["suggest", "--model", "mlp", "--hidden", "8"]);
    expect(status).toBe(0);
    expect(stdout).toMatch(/\nUse --lr [\d.]+ {2}\(run at 24 rates\)\n/);
    expect(stdout).toMatch(/below 2\/λmax = [\d.]+ \(measured at the start\)/);
    expect(stdout).toMatch(/critical rate {4}[\d.]+ = 2\/λmax, measured at the start/);
  });

  it("searches Keras-typical rates for Adam, which 2/λmax does not bound", () => {
    const document = lrlabJson(["suggest", "--model", "mlp", "--hidden", "8", "--optimizer", "adam"]);
    expect(document.criticalLearningRate).toBeNull();
    expect(document.search.range).toEqual([1e-4, 1]);
    expect(document.atSuggestion.status).toBe("completed");
  });
});

describe("lrlab suggest --model: bad input", () => {
  const cases: [string[], string][] = [
    [
      ["--model", "mlp", "--start-lr", "0.001"],
      "--start-lr does not apply to suggest --model: a model's rate is found by running candidate rates for --steps, not by the range test or a gap to the best loss",
    ],
    [
      ["--model", "mlp", "--within", "0.01"],
      "--within does not apply to suggest --model: a model's rate is found by running candidate rates for --steps, not by the range test or a gap to the best loss",
    ],
    [
      ["--model", "mlp", "--steps", "0"],
      "--steps: 0 leaves nothing to suggest a rate for; expected at least 1",
    ],
    [["--activation", "relu"], "--activation applies to --model mlp, not line"],
    [["--model", "mlp", "--lr", "0.1"], "--lr does not apply to suggest --model: it is what suggest finds"],
    [
      ["--model", "mlp", "--epochs", "3"],
      "--epochs does not apply to suggest --model: suggest finds one constant rate for --steps full or mini-batch steps; give the budget as --steps",
    ],
    [
      ["--model", "mlp", "--decay-steps", "3"],
      "--decay-steps does not apply to suggest --model: a schedule argument; suggest finds one constant rate for --steps full or mini-batch steps",
    ],
  ];
  it.each(cases)("suggest %j", (args, message) => {
    expectUserError(["suggest", ...args], message);
  });
});
