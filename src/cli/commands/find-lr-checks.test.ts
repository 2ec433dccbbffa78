/**
 * `lrlab find-lr --seeds N` and `--validate`, and the smoothing-lag line, through the real binary: the
 * numbers agree with the plain range test at the same seed, the ranking is the one the losses give, and
 * bad flags are one line with exit status 2.
 */
import { describe, expect, it } from "vitest";
import { expectUserError, lrlab, lrlabJson, plotSvg, scratchDirectory } from "../../test-support/cli.js";
import { markElements } from "../../test-support/svg.js";

type Multiple = {
  multiplier: number;
  learningRate: number;
  medianFinalLoss: number | null;
  rank: number | null;
  seedSpread: number;
  diverged: number;
  finalLosses: (number | null)[];
};

describe("find-lr --seeds and --validate", () => {
  it("on the line: the first seed's run is the plain test, the valley's spread and its distance from the exact fastest rate", () => {
    const plain = lrlabJson(["find-lr", "--seed", "4"]);
    const checked = lrlabJson(["find-lr", "--seed", "4", "--seeds", "5"]);
    // The document of the test itself is unchanged by the checks.
    expect(checked.suggestions).toEqual(plain.suggestions);
    const valley = checked.seeds.suggestions.valley;
    expect(checked.seeds.seeds).toEqual([4, 5, 6, 7, 8]);
    expect(valley.values[0]).toBe(plain.suggestions.valley);
    const given = (valley.values as number[]).slice().sort((a, b) => a - b);
    expect(valley.min).toBe(given[0]);
    expect(valley.max).toBe(given[4]);
    expect(valley.median).toBe(given[2]);
    expect(valley.ratio).toBeCloseTo((given[4] as number) / (given[0] as number), 12);
    // The reference is the line's exact fastest rate from the start: 0.24 on the built-in data (suggest's).
    expect(checked.seeds.reference.learningRate).toBe(0.24);
    expect(valley.referenceOverMedian).toBeCloseTo(0.24 / valley.median, 12);
    expect(checked.validation).toBeNull();
  });

  it("on the line: --validate trains at ¼× … 4× the valley and ranks them by median final loss", () => {
    const document = lrlabJson(["find-lr", "--validate", "--validate-steps", "50"]);
    const { validation } = document;
    expect(validation.suggested).toBe(document.suggested);
    expect(validation.steps).toBe(50);
    expect(validation.seeds).toEqual([0, 1, 2]);
    const multiples = validation.multiples as Multiple[];
    expect(multiples.map((m) => m.multiplier)).toEqual([0.25, 0.5, 1, 2, 4]);
    for (const m of multiples) expect(m.learningRate).toBeCloseTo(document.suggested * m.multiplier, 15);
    // Ranks follow the medians: the lowest median is rank 1, and 1×'s rank is reported as such.
    const medians = multiples.map((m) => m.medianFinalLoss as number);
    for (const m of multiples) {
      expect(m.rank).toBe(1 + medians.filter((other) => other < (m.medianFinalLoss as number)).length);
    }
    expect(validation.rankOfSuggestion).toBe(multiples[2]?.rank);
    expect(multiples.find((m) => m.rank === 1)?.multiplier).toBe(validation.bestMultiplier);
    // A tiny valley on the built-in data: larger rates end lower within 50 steps, and 4× is best.
    expect(validation.bestMultiplier).toBe(4);
    expect(validation.bestIsLargest).toBe(true);
  });

  it("--validate names diverged rates as diverged: no rank, no 'holds up' when every rate diverged", () => {
    // On the line every valley now lands under 2/λmax: a ramp that starts above it blows up before its
    // loss falls and suggests nothing. The MLP's loss still falls for one step at lr 0.6, ~7× its
    // starting 2/λmax (0.0835), so 0.6 is the valley; brief runs at ¼× … 4× of it all blow up.
    const allArgs = ["find-lr", "--model", "mlp", "--start-lr", "0.6", "--end-lr", "1000", "--validate"];
    const all = lrlabJson(allArgs).validation;
    expect(all.verdict).toBe("all-diverged");
    expect((all.multiples as Multiple[]).map((m) => m.rank)).toEqual([null, null, null, null, null]);
    expect(all.rankOfSuggestion).toBeNull();
    expect(all.bestMultiplier).toBeNull();
    const allText = lrlab(allArgs).stdout;
    expect(allText).toMatch(/Every rate tried diverged, ¼× to 4× the valley: the suggestion does not\s+hold/);
    expect(allText).not.toMatch(/holds up|ranks|ends lowest/);
    // Three points and no lag worth moving steep by: not "near lr 0.6, not 0.6".
    expect(allText.replace(/\s+/g, " ")).toContain("): too little to move steep.");

    // From lr 0.5 the valley (0.5) and ½×, 2×, 4× diverge; ¼× = 0.125 does not.
    const someArgs = ["find-lr", "--model", "mlp", "--start-lr", "0.5", "--end-lr", "1000", "--validate"];
    const some = lrlabJson(someArgs).validation;
    expect(some.verdict).toBe("suggestion-diverged");
    expect((some.multiples as Multiple[]).map((m) => m.rank)).toEqual([1, null, null, null, null]);
    expect(some.bestMultiplier).toBe(0.25);
    const someText = lrlab(someArgs).stdout;
    expect(someText).toMatch(
      /The valley diverges \(3 of 3 seeds\), so it gets no rank; ¼× \(lr 0\.125\) ends\s+lowest of the rates\s+that did not diverge/,
    );
  });

  it("says which seeds suggested nothing, and that --validate had nothing to check (retest 6 #7, #8)", () => {
    // From lr 0.305, just under 2/λmax = 0.3069: seed 2's ramp blows up before its loss falls.
    const seeds = lrlabJson(["find-lr", "--start-lr", "0.305", "--seeds", "4"]).seeds;
    expect(seeds.suggestions.valley.values).toEqual([0.305, 0.305, null, expect.any(Number)]);
    const text = lrlab(["find-lr", "--start-lr", "0.305", "--seeds", "4"]).stdout.replace(/\s+/g, " ");
    expect(text).toContain("at the 3 seeds that suggested one");
    expect(text).toContain("1 of 4 seeds suggested no rate");
    expect(text).not.toContain("the same at every seed");
    const none = lrlab(["find-lr", "--start-lr", "1", "--seeds", "3"]).stdout.replace(/\s+/g, " ");
    expect(none).toContain("No seed's range test suggested a rate");
    const validate = lrlab(["find-lr", "--start-lr", "1", "--validate"]).stdout.replace(/\s+/g, " ");
    expect(validate).toContain(
      "Checked (--validate): nothing to check, the range test suggested no rate (above).",
    );
  });

  it("--validate calls final losses closer than the seed spread indistinguishable, not a winner", () => {
    // After 20,000 updates every multiple has settled near the minimum (≈ 0.9696): the medians differ
    // by less than the seeds move them, so no multiple is the best.
    const { validation } = lrlabJson(["find-lr", "--validate", "--validate-steps", "20000"]);
    const multiples = validation.multiples as Multiple[];
    expect(validation.verdict).toBe("indistinguishable");
    expect(validation.indistinguishableFromBest).toContain(1);
    const best = multiples.find((m) => m.multiplier === validation.bestMultiplier) as Multiple;
    const valley = multiples[2] as Multiple;
    const range = (m: Multiple) => m.seedSpread * (m.medianFinalLoss as number);
    expect(
      Math.abs((valley.medianFinalLoss as number) - (best.medianFinalLoss as number)),
    ).toBeLessThanOrEqual(Math.max(range(valley), range(best)));
    const { stdout } = lrlab(["find-lr", "--validate", "--validate-steps", "20000"]);
    expect(stdout).toMatch(/indistinguishable\s+within the seed\s+spread/);
    expect(stdout).not.toMatch(/the suggestion holds up over/);
  });

  it("on a full batch: refuses --seeds (no batch order to vary) and validates with one run per multiple", () => {
    // The built-in data has 100 rows: --batch-size 100 and 1000 are both the whole data.
    for (const size of ["100", "1000"]) {
      expectUserError(
        ["find-lr", "--batch-size", size, "--seeds", "5"],
        `--seeds: a full batch (--batch-size ${size} ≥ the 100 rows) has no batch order for a seed to change, so every seed gives the same test; drop --seeds or give a smaller --batch-size`,
      );
    }
    const { stdout } = lrlab(["find-lr", "--batch-size", "100", "--validate"]);
    expect(stdout).toContain("one run each (a full batch has no batch order for seeds to vary)");
    expect(stdout).not.toMatch(/mini-batches|seed spread\s+0%|median of/);
    expect(stdout).toMatch(/fewest\s+full-batch steps\./);
    expect(lrlabJson(["find-lr", "--batch-size", "100", "--validate"]).validation.seeds).toEqual([0]);
    // Mini-batches keep their words.
    expect(lrlab(["find-lr"]).stdout).toMatch(/mini-batches want a little\s+less/);
  });

  it("says so in words, with the lag-corrected steep point, and gives a model the same checks", () => {
    const { status, stdout } = lrlab(["find-lr", "--validate", "--seeds", "3"]);
    expect(status).toBe(0);
    expect(stdout).toMatch(/fastest\s+rate from this start 0\.24 \(exact; 55× the\s+suggestion\)/);
    expect(stdout).toMatch(
      /The smoothed curve runs about [\d.]+ iterations behind the batch losses at steep/,
    );
    expect(stdout).toContain("Over 3 seeds (0 to 2: the batch order; the same start)");
    expect(stdout).toMatch(/Checked \(--validate\): 100 updates from the same start/);
    expect(stdout).toMatch(
      /The valley ranks 3rd of 5; 4× \(lr [\d.]+\) ends lowest, at the top of the range tried/,
    );

    const model = lrlabJson(["find-lr", "--model", "mlp", "--hidden", "4", "--seeds", "2", "--validate"]);
    expect(model.seeds.seeds).toEqual([0, 1]);
    expect(model.seeds.suggestions.valley.values[0]).toBe(model.suggestions.valley);
    expect(model.validation.multiples).toHaveLength(5);
    expect(model.steepLagCorrected.learningRate).toBeLessThan(model.suggestions.steep);
  });

  it("plot find-lr draws steep moved back by the lag, at the rate the JSON gives, left of steep", () => {
    const document = lrlabJson(["find-lr"]);
    const svg = plotSvg("find-lr", [], scratchDirectory("find-lr-lag"));
    expect(markElements(svg, "steep-lag-rule", "line")).toHaveLength(1);
    const legend = [...svg.querySelectorAll("text")].map((text) => text.textContent ?? "");
    const lag = Math.round(document.steepLagCorrected.lag);
    expect(legend).toContain(`steep − lag (${lag} iterations)`);
    // The test ran on batches of 32: the exact bound is full-batch descent's, and the legend says so.
    expect(legend).toContain("critical rate (exact, for full-batch descent)");
    expect(document.steepLagCorrected.learningRate).toBeLessThan(document.suggestions.steep);
  });

  it("refuses bad counts and --validate-steps alone in one line", () => {
    expectUserError(["find-lr", "--seeds", "1"], '--seeds: expected a whole number from 2 to 100, got "1"');
    expectUserError(
      ["find-lr", "--seeds", "2.5"],
      '--seeds: expected a whole number from 2 to 100, got "2.5"',
    );
    expectUserError(["find-lr", "--validate-steps", "10"], "--validate-steps applies only with --validate");
    expectUserError(
      ["find-lr", "--validate", "--validate-steps", "0"],
      '--validate-steps: expected a whole number from 1 to 1,000,000, got "0"',
    );
  });
});
