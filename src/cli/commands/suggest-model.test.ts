/** `lrlab suggest --model …` (models beyond the line) through the real binary. */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { builtinData } from "../../core/data/data.js";
import { expectUserError, lrlab, lrlabJson, scratchDirectory } from "../../test-support/cli.js";

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
  regime?: string;
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

  it.each([[[]], [["--optimizer", "momentum"]], [["--optimizer", "adam"]], [["--batch-size", "10"]]])(
    "gives the line's suggestion with %j on the line's own problem, as linear and as polynomial of degree 1",
    (flags) => {
      const line = lrlabJson(["suggest", ...flags]);
      for (const model of [
        ["--model", "linear"],
        ["--model", "polynomial", "--degree", "1"],
      ]) {
        const document = lrlabJson(["suggest", ...model, ...flags]);
        expect(document.learningRate).toBe(line.learningRate);
        expect(document.momentum ?? null).toBe(line.momentum ?? null);
      }
      // The known answers: 0.24 by the exact fastest rate; Polyak's pair 4/(√λmax + √λmin)² with
      // ((√κ − 1)/(√κ + 1))², rounded down (0.342, 0.245); Adam and mini-batches by the line's runs.
      if (flags.length === 0) expect(line.learningRate).toBe(0.24);
      if (flags[1] === "momentum") {
        const [lambdaMax, lambdaMin] = builtinEigenvalues();
        const rate = 4 / (Math.sqrt(lambdaMax) + Math.sqrt(lambdaMin)) ** 2;
        expect(line.learningRate).toBeLessThanOrEqual(rate);
        expect(line.learningRate).toBeGreaterThan(0.99 * rate);
        expect(line.momentum).toBe(0.245);
      }
    },
  );

  it.each([
    [["--model", "linear"], "linear y = x·w + b on 1 column, 2 parameters"],
    [["--model", "polynomial", "--degree", "1"], "polynomial of degree 1, 2 parameters"],
  ])(
    "names the model asked for in the header when %j gets the line's method (finding 14)",
    (model, title) => {
      for (const flags of [
        ["--optimizer", "adam"],
        ["--batch-size", "10", "--steps", "200"],
      ]) {
        const { status, stdout } = lrlab(["suggest", ...model, ...flags]);
        expect(status).toBe(0);
        const [header, note] = stdout.split("\n");
        expect(header).toBe(`lrlab suggest: ${title}, on ${builtinData().source}`);
        expect(note).toMatch(/line's own problem .*answered by the line's method/);
      }
      // Without a model the header stays the line's: the data alone.
      expect(lrlab(["suggest", "--optimizer", "adam"]).stdout.split("\n")[0]).toBe(
        `lrlab suggest: ${builtinData().source}`,
      );
    },
  );
});

describe("lrlab suggest --model mlp", () => {
  it("runs eight rates a decade up to the measured bound, on above it, and sweep's rates; the lowest kept loss wins", () => {
    const document = lrlabJson(["suggest", "--model", "mlp", "--hidden", "8"]);
    expect(document.method).toBe("runs");
    expect(document.criticalIsExact).toBe(false);
    expect(document.curvature.basis).toBe("measured");
    const bound = document.criticalLearningRate;
    expect(bound).toBeCloseTo(2 / document.curvature.lambdaMax, 12);
    const candidates = document.search.candidates as Candidate[];
    const rates = candidates.map((candidate) => candidate.learningRate);
    // From a thousandth of the bound, ascending, past the bound, and every rate sweep tries by default.
    expect(rates[0]).toBeCloseTo(bound / 1000, 15);
    expect(rates).toEqual([...rates].sort((a, b) => a - b));
    expect(Math.max(...rates)).toBeGreaterThan(bound);
    const sweep = lrlabJson(["sweep", "--model", "mlp", "--hidden", "8"]);
    for (const run of sweep.runs) expect(rates).toContain(run.learningRate);
    expect(document.search.sweepDefault.tried).toBe(sweep.runs.length);
    // The grid's best is the lowest final loss of the candidates that did not diverge.
    const kept = candidates.filter((c) => c.status !== "diverged" && c.regime !== "diverging");
    expect(kept.length).toBeLessThan(candidates.length);
    expect(document.search.best.finalLoss).toBe(Math.min(...kept.map((c) => c.finalLoss as number)));
    // Rounded down, and as good within 10%; fit at the suggested rate ends where suggest said.
    const rate = document.learningRate;
    expect(rate).toBeLessThanOrEqual(document.search.best.learningRate);
    expect(document.atSuggestion.finalLoss).toBeLessThanOrEqual(1.1 * document.search.best.finalLoss);
    const fit = lrlabJson(["fit", "--model", "mlp", "--hidden", "8", "--lr", String(rate)]);
    expect(fit.status).toBe("completed");
    expect(fit.verdict.regime).not.toBe("diverging");
    expect(fit.final.loss).toBe(document.atSuggestion.finalLoss);
  });

  it("agrees with sweep --model on the built-in data, and says the rate's λmax fell below the bound, not the edge", () => {
    const document = lrlabJson(["suggest", "--model", "mlp"]);
    const sweep = lrlabJson(["sweep", "--model", "mlp"]);
    // One rule, the same runs: sweep's best (0.09684, loss 0.97133) is suggest's best before rounding.
    expect(sweep.best.learningRate).toBeCloseTo(0.09684, 5);
    expect(document.search.best.learningRate).toBe(sweep.best.learningRate);
    expect(document.search.best.finalLoss).toBe(sweep.best.finalLoss);
    expect(document.search.sweepDefault.best.learningRate).toBe(sweep.best.learningRate);
    // Above the bound measured at the start (0.08352), with the best rate below it beside it.
    const bound = document.criticalLearningRate;
    expect(document.learningRate).toBeGreaterThan(bound);
    expect(document.aboveStartBound).toBe(true);
    expect(document.belowBound.learningRate).toBeLessThan(bound);
    expect(document.belowBound.status).toBe("completed");
    expect(document.belowBound.finalLoss).toBeGreaterThan(document.atSuggestion.finalLoss);
    // Given suggest's candidates as its rates, sweep names suggest's best: the same rule on the same runs.
    const rates = (document.search.candidates as Candidate[]).map((c) => String(c.learningRate)).join(",");
    const same = lrlabJson(["sweep", "--model", "mlp", "--lrs", rates]);
    expect(same.best.learningRate).toBe(document.search.best.learningRate);
    const { stdout } = lrlab(["suggest", "--model", "mlp"]);
    const text = stdout.replace(/\s+/g, " ");
    expect(stdout).toMatch(/\nUse --lr 0\.09 {2}\(run at \d+ rates\)\n/);
    expect(text).toContain(
      "This rate is above 2/λmax = 0.08352 measured at the start, yet its run did not diverge: λmax fell below the bound, so this is not the edge of stability (where λmax hovers at the bound). The sharpness went from 23.95 at the start to 20.78 at the end, below 2/η = 22.22",
    );
    expect(text).toContain(`Below the bound, the best is --lr ${document.belowBound.learningRate} `);
    expect(text).toContain(
      "sweep --model with the same --steps and --seed runs 13 of these rates and names the same best, lr 0.09684 (final loss 0.97133), by the same rule.",
    );
  });

  it("with momentum, judges λmax against 2(1 + β)/η, the core's bound, and names that bound", () => {
    // β = 0.1: the bound on λmax at lr 0.1 is 2·1.1/0.1 = 22, not 2/0.1 = 20. After 300 steps λmax is 21.02:
    // below 22, so it fell away from the bound (the words once compared it with 20 and called it the edge).
    const flags = ["suggest", "--model", "mlp", "--optimizer", "sgd", "--momentum", "0.1", "--steps", "300"];
    const document = lrlabJson(flags);
    expect(document.learningRate).toBe(0.1);
    expect(document.aboveStartBound).toBe(true);
    const at = document.atSuggestion;
    expect(at.sharpnessBound.formula).toBe("2(1 + β)/η");
    expect(at.sharpnessBound.value).toBeCloseTo(22, 12);
    expect(at.sharpnessAtEnd).toBeLessThan(22);
    expect(at.sharpnessAtEnd).toBeGreaterThan(20);
    expect(at.startedAboveBound).toBe(true);
    expect(at.edgeOfStability).toBe(false);
    // fit with the same flags reaches the same decision: one truth.
    const fit = lrlabJson(["fit", ...flags.slice(1), "--lr", "0.1"]);
    expect(fit.verdict.edgeOfStability).toBe(at.edgeOfStability);
    expect(fit.verdict.startedAboveBound).toBe(at.startedAboveBound);
    const text = lrlab(flags).stdout.replace(/\s+/g, " ");
    expect(text).toContain("λmax fell below the bound, so this is not the edge of stability");
    expect(text).toContain("to 21.02 at the end, below 2(1 + β)/η = 22:");
    expect(text).not.toContain("2/η");
    // At 100 steps λmax ends at 22.87, above 22: the edge of stability, said against the same bound.
    const shorter = lrlab(flags.slice(0, -2)).stdout.replace(/\s+/g, " ");
    expect(shorter).toContain("it trained at the edge of stability (Cohen et al. 2021)");
    expect(shorter).toContain("The sharpness is still at the bound 2(1 + β)/η = 22 or above it at the end");
  });

  it("says what it ran and why in words, and why its best differs from sweep's", () => {
    const { status, stdout } = lrlab(["suggest", "--model", "mlp", "--hidden", "8"]);
    expect(status).toBe(0);
    expect(stdout).toMatch(/\nUse --lr [\d.]+ {2}\(run at \d+ rates\)\n/);
    const text = stdout.replace(/\s+/g, " ");
    expect(text).toMatch(/up to 2\/λmax = [\d.]+, measured at the start, continued above it/);
    expect(stdout).toMatch(/critical rate {4}[\d.]+ = 2\/λmax, measured at the start/);
    // The finer grid beat sweep's best here, and the text says so with both numbers.
    expect(text).toMatch(
      /names lr 0\.09089 \(final loss 0\.96467\) by the same rule; the finer grid here found lr [\d.]+ lower/,
    );
  });

  it("searches Keras-typical rates for Adam, which 2/λmax does not bound", () => {
    const document = lrlabJson(["suggest", "--model", "mlp", "--hidden", "8", "--optimizer", "adam"]);
    expect(document.criticalLearningRate).toBeNull();
    // Keras-typical rates 1e-4 to 1, and sweep's default span for adaptive optimizers, up to 10.
    expect(document.search.range).toEqual([1e-4, 10]);
    expect(document.atSuggestion.status).toBe("completed");
  });
});

describe("lrlab suggest when the budget is shorter than the fastest rate needs", () => {
  it("uses the rate that ends lowest within the budget, as fit measures it, and says to give the fastest its steps", () => {
    const flags = ["suggest", "--model", "polynomial"];
    const document = lrlabJson(flags);
    // The fastest rate, 0.0608, needs 130 steps; within 100 the rate that ends lowest, rounded down to
    // the fewest digits that end as low (within 10% of its excess loss), is the headline.
    expect(document.fastest.learningRate).toBe(0.0608);
    expect(document.learningRate).toBe(0.06);
    expect(document.budgetShortfall.lowestWithinBudget.learningRate).toBe(0.06);
    expect(document.budgetShortfall.budget).toBe(100);
    expect(document.budgetShortfall.stepsNeeded).toBe(130);
    expect(document.reason).toContain(
      "No constant rate gets within the gap in 100 steps: the fastest from this start, lr 0.0608, needs 130 (give it --steps 130).",
    );
    // fit's own run at the headline ends at the loss predicted, and no rate 5% or 10% either side ends
    // more than 10% closer to the best loss (the rounding's allowance).
    const { learningRate, finalLoss } = document.budgetShortfall.lowestWithinBudget;
    const best = document.budgetShortfall.optimumLoss as number;
    const fitLoss = (rate: number) =>
      lrlabJson(["fit", "--model", "polynomial", "--lr", String(rate)]).final.loss as number;
    expect(Math.abs(fitLoss(learningRate) - finalLoss) / finalLoss).toBeLessThan(1e-9);
    for (const factor of [0.9, 0.95, 1.01, 1.03]) {
      expect(fitLoss(learningRate * factor) - best).toBeGreaterThanOrEqual((finalLoss - best) / 1.1);
    }
    // Enough steps: nothing to say.
    expect(lrlabJson([...flags, "--steps", "130"]).budgetShortfall).toBeNull();
    // The line says the same in the same situation (one truth): scores.csv needs 300 steps.
    const line = lrlabJson(["suggest", "--data", "examples/scores.csv"]);
    expect(line.budgetShortfall.stepsNeeded).toBe(300);
    expect(line.reason).toContain("give it --steps 300).");
    expect(line.learningRate).toBe(line.budgetShortfall.lowestWithinBudget.learningRate);
  });
});

describe("lrlab suggest --model linear on a singular or hopeless Hessian", () => {
  it("gives the best worst-case rate over the moving directions, and names the duplicate column to drop", () => {
    const work = scratchDirectory("suggest-singular");
    // b = a: x = 0, 2 gives H = 2·[[2, 2, 1], [2, 2, 1], [1, 1, 1]] with eigenvalues 5 ± √17 and 0.
    const data = join(work, "dup.csv");
    writeFileSync(data, "a,b,y\n0,0,1\n2,2,3\n");
    const flags = ["suggest", "--data", data, "--x", "a", "--x", "b", "--y", "y", "--model", "linear"];
    const document = lrlabJson(flags);
    expect(document.optimalFormula).toBe("2/(λ₊min + λmax)");
    expect(document.flatDirections).toBe(1);
    expect(document.optimalLearningRate).toBeCloseTo(0.2, 12); // 2/((5 + √17) + (5 − √17)), not 1/λmax
    const text = lrlab(flags).stdout.replace(/\s+/g, " ");
    expect(text).toContain(
      "best worst-case 0.2 = 2/(λ₊min + λmax) (λ₊min is the smallest positive eigenvalue; the flat direction, λ = 0, never moves, whatever the rate)",
    );
    expect(text).toContain("The columns a and b are collinear");
    expect(text).toContain("drop one of them and ask again");
    expect(text).not.toContain("Add --standardize");
    const standardized = lrlab([...flags, "--standardize"]).stdout.replace(/\s+/g, " ");
    expect(standardized).toContain("The columns z(a) and z(b) are collinear");
  });

  it("warns of a hopeless condition number after --standardize too, with the hint to lower the degree", () => {
    const flags = ["suggest", "--model", "polynomial", "--degree", "12"];
    const standardized = lrlab([...flags, "--standardize"]).stdout.replace(/\s+/g, " ");
    expect(standardized).toMatch(/But the condition number is 3\.\d+e10/);
    expect(standardized).toContain("Lower --degree and ask again");
    const raw = lrlab(flags).stdout.replace(/\s+/g, " ");
    expect(raw).toContain("add --standardize, and lower --degree");
    // The formula printed beside the rate is the one that gives it.
    const document = lrlabJson(flags);
    const eigenvalues: number[] = document.curvature.hessianEigenvalues;
    const positive = eigenvalues.filter((value) => value > 0);
    expect(document.optimalFormula).toBe("2/(λ₊min + λmax)");
    expect(document.optimalLearningRate).toBe(2 / ((positive.at(-1) as number) + (eigenvalues[0] as number)));
    // A well-conditioned problem gets no warning.
    expect(lrlabJson(["suggest", "--model", "linear"]).conditioningWarning).toBeNull();
  });
});

describe("fit and suggest give one diagnosis of a singular Hessian (finding 8)", () => {
  // a = 0…9, c = 3 (constant), b = a (duplicate), s = a·1e5 beside w = a wiggle of 1e−4 (scales only).
  const work = scratchDirectory("singular-diagnosis");
  const rows = ["a,b,c,s,w,y"];
  for (let i = 0; i < 10; i++)
    rows.push(`${i},${i},3,${i * 1e5},${(((i * 7) % 5) - 2) * 1e-4},${2 * i + 1 + (i % 3)}`);
  const data = join(work, "cols.csv");
  writeFileSync(data, `${rows.join("\n")}\n`);
  const flat = (text: string) => text.replace(/\s+/g, " ");
  const both = (columns: string[]) => {
    const flags = ["--model", "linear", "--data", data, ...columns.flatMap((c) => ["--x", c]), "--y", "y"];
    const fit = lrlab(["fit", ...flags]);
    const suggest = lrlab(["suggest", ...flags]);
    expect(fit.status).toBe(0);
    expect(suggest.status).toBe(0);
    return { fit: flat(fit.stdout), suggest: flat(suggest.stdout) };
  };

  it("names the constant column to drop in both, and never offers --standardize (which refuses it)", () => {
    for (const text of Object.values(both(["a", "c"]))) {
      expect(text).toContain("column c is constant (it moves only with the intercept): drop it");
      expect(text).toContain("--standardize cannot help");
      expect(text).not.toMatch(/--standardize (often )?cures/);
    }
    expectUserError(
      ["fit", "--model", "linear", "--data", data, "--x", "a", "--x", "c", "--y", "y", "--standardize"],
      /"c" has zero deviation/,
    );
  });

  it("names the duplicate pair in both; the null space is not called slow", () => {
    const { fit, suggest } = both(["a", "b"]);
    for (const text of [fit, suggest]) {
      expect(text).toContain("columns a and b are collinear");
      expect(text).toContain("--standardize cannot separate them");
      expect(text).not.toMatch(/--standardize (often )?cures/);
    }
    // Over the directions that move, b = a leaves the one-column problem: no verdict of hopelessness.
    expect(suggest).not.toContain("no constant rate serves every direction");
    expect(suggest).toMatch(/∞ only because of the null space; over the directions that move it is \d/);
    expect(fit).toContain("the rates are set by the directions that move");
  });

  it("offers --standardize where it cures: columns 1e5 and 1e−4 in size, independent", () => {
    const { fit, suggest } = both(["s", "w"]);
    expect(fit).toContain(
      "the columns are on wildly different scales (or far from 0): --standardize cures it",
    );
    expect(suggest).toContain("Add --standardize and ask again");
    expect(suggest).toContain("no constant rate serves every direction");
  });

  it("blames too few points, not collinear columns, when there are more weights than points (CLI round 4, #17)", () => {
    // Three rows: a degree-4 polynomial has 5 coefficients through 3 distinct x; three columns and the
    // intercept are 4 weights on 3 rows. Both were told "the powers of x are collinear" or "drop one".
    const tiny = join(work, "tiny.csv");
    writeFileSync(tiny, "a,b,c,y\n0,1,5,1\n1,3,2,3\n2,2,7,4\n");
    const polynomial = ["--model", "polynomial", "--degree", "4", "--data", tiny, "--x", "a", "--y", "y"];
    const linear = ["--model", "linear", "--data", tiny, "--x", "a", "--x", "b", "--x", "c", "--y", "y"];
    const fitPolynomial = flat(lrlab(["fit", ...polynomial]).stdout);
    expect(fitPolynomial).toContain(
      "5 coefficients through 3 distinct x values: many curves fit them equally well: lower --degree to at most 2, or add points; --standardize cannot help (the points are too few, not the scales too different)",
    );
    expect(fitPolynomial).not.toMatch(/collinear/);
    expect(flat(lrlab(["suggest", ...polynomial]).stdout)).toContain(
      "5 coefficients through 3 distinct x values: many curves fit them equally well: lower --degree to at most 2, or add points and ask again",
    );
    const fitLinear = flat(lrlab(["fit", ...linear]).stdout);
    expect(fitLinear).toContain(
      "4 weights (3 columns and the intercept) on 3 rows: many fit them equally well: use fewer columns or more rows",
    );
    expect(fitLinear).not.toMatch(/collinear|drop one/);
    // Two rows: any columns look collinear there, but dropping one of three leaves 3 weights on 2 rows.
    const two = join(work, "two.csv");
    writeFileSync(two, "a,b,c,y\n1,5,2,3\n2,3,7,4\n");
    const fitTwo = flat(
      lrlab(["fit", "--model", "linear", "--data", two, "--x", "a", "--x", "b", "--x", "c", "--y", "y"])
        .stdout,
    );
    expect(fitTwo).toContain(
      "4 weights (3 columns and the intercept) on 2 rows: many fit them equally well: use fewer columns or more rows",
    );
    // A polynomial through one distinct x can only gain points: no "lower --degree to at most 1" at degree 1.
    const one = join(work, "one-x.csv");
    writeFileSync(one, "a,y\n2,1\n2,3\n2,4\n");
    expect(
      flat(
        lrlab(["fit", "--model", "polynomial", "--degree", "1", "--data", one, "--x", "a", "--y", "y"])
          .stdout,
      ),
    ).toContain(
      "2 coefficients through 1 distinct x value: many curves fit them equally well: add points at another x (a line needs two)",
    );
  });

  it("drops two constant columns as 'them', not 'one of each group'", () => {
    const constants = join(work, "constants.csv");
    writeFileSync(constants, "a,b,y\n1,5,3\n1,5,4\n1,5,9\n1,5,2\n");
    const text = flat(
      lrlab(["fit", "--model", "linear", "--data", constants, "--x", "a", "--x", "b", "--y", "y"]).stdout,
    );
    expect(text).toContain(
      "column a is constant (it moves only with the intercept); column b is constant (it moves only with the intercept): drop them",
    );
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
    // CLI round 4, #9: it was accepted and ignored (the output was the same without it).
    [
      ["--model", "mlp", "--track-sharpness", "5"],
      "--track-sharpness does not apply to suggest: it ranks candidate rates by where their runs end and measures no sharpness along them (lrlab fit --track-sharpness K measures it along one run)",
    ],
    [
      ["--track-sharpness", "1"],
      "--track-sharpness does not apply to suggest: it ranks candidate rates by where their runs end and measures no sharpness along them (lrlab fit --track-sharpness K measures it along one run)",
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
