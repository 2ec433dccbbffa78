import { describe, expect, it } from "vitest";
import { builtinData } from "../data/data.js";
import { sgd } from "../optimizers/sgd.js";
import { rangeTest } from "./range-test.js";
import { checkRangeTestSuggestion, rangeTestOverSeeds } from "./range-test-checks.js";
import { suggestionSpreads } from "./range-test-seeds.js";
import { checkSuggestion, suggestionTrials, summarizeSuggestionCheck } from "./suggestion-check.js";

describe("suggestionTrials", () => {
  it("plans every multiple at every seed, from the first seed on", () => {
    const trials = suggestionTrials(0.01, { multipliers: [0.5, 1], seeds: 2, seed: 7 });
    expect(trials).toEqual([
      { multiplier: 0.5, learningRate: 0.005, seed: 7 },
      { multiplier: 0.5, learningRate: 0.005, seed: 8 },
      { multiplier: 1, learningRate: 0.01, seed: 7 },
      { multiplier: 1, learningRate: 0.01, seed: 8 },
    ]);
    expect(suggestionTrials(1)).toHaveLength(15);
  });
});

describe("summarizeSuggestionCheck", () => {
  it("ranks the multiples by their median loss, a diverged seed counting as the worst and a diverged median unranked", () => {
    // Losses by multiple (3 seeds): ¼ [5, 6, 7] median 6; ½ [3, 4, 8] median 4; 1 [2, 3, 4] median 3;
    // 2 [1, 9, diverged] median 9; 4 all diverged, median ∞.
    const trials = suggestionTrials(0.1);
    const losses: Record<number, number[]> = {
      0.25: [5, 6, 7],
      0.5: [8, 3, 4],
      1: [2, 4, 3],
      2: [1, Number.NaN, 9],
      4: [Number.NaN, Number.NaN, Number.NaN],
    };
    const outcomes = trials.map((trial, i) => {
      const loss = (losses[trial.multiplier] as number[])[i % 3] as number;
      return { loss, diverged: Number.isNaN(loss) };
    });
    const check = summarizeSuggestionCheck(0.1, trials, outcomes);
    expect(check.multiples.map((m) => m.median)).toEqual([6, 4, 3, 9, Number.POSITIVE_INFINITY]);
    expect(check.multiples.map((m) => m.rank)).toEqual([3, 2, 1, 4, null]); // 4× diverged: no place
    expect(check.multiples.map((m) => m.diverged)).toEqual([0, 0, 0, 1, 3]);
    expect(check.rankOfSuggestion).toBe(1);
    expect(check.bestMultiplier).toBe(1);
    expect(check.bestIsLargest).toBe(false);
    expect(check.seeds).toEqual([0, 1, 2]);
    // Seed spread at 1×: (4 − 2)/3.
    expect(check.multiples[2]?.seedSpread).toBeCloseTo(2 / 3, 15);
    expect(check.multiples[2]?.losses).toEqual([2, 4, 3]);
  });

  it("gives ties the same rank and names the smaller multiple best", () => {
    const check = checkSuggestion(
      1,
      ({ multiplier }) => ({ loss: multiplier >= 1 ? 1 : 2, diverged: false }),
      {
        seeds: 1,
      },
    );
    expect(check.multiples.map((m) => m.rank)).toEqual([4, 4, 1, 1, 1]);
    expect(check.bestMultiplier).toBe(1);
  });
});

/** The check of suggestion 0.1 whose trials end on `losses[multiplier][seed]` (NaN: diverged). */
function checkOf(losses: Readonly<Record<number, readonly number[]>>) {
  const multipliers = Object.keys(losses)
    .map(Number)
    .sort((a, b) => a - b);
  const seeds = (losses[multipliers[0] as number] as readonly number[]).length;
  const trials = suggestionTrials(0.1, { multipliers, seeds });
  const outcomes = trials.map((trial) => {
    const loss = (losses[trial.multiplier] as readonly number[])[trial.seed] as number;
    return { loss, diverged: Number.isNaN(loss) };
  });
  return summarizeSuggestionCheck(0.1, trials, outcomes);
}

describe("the check's verdict", () => {
  const NaN3 = [Number.NaN, Number.NaN, Number.NaN];

  it("says every rate diverged when every multiple did, ranks none and names no best", () => {
    const check = checkOf({ 0.25: NaN3, 0.5: NaN3, 1: NaN3, 2: NaN3, 4: NaN3 });
    expect(check.verdict).toBe("all-diverged");
    expect(check.multiples.map((m) => m.rank)).toEqual([null, null, null, null, null]);
    expect(check.rankOfSuggestion).toBeNull();
    expect(check.bestMultiplier).toBeNull();
    expect(check.bestIsLargest).toBe(false);
    expect(check.indistinguishableFromBest).toEqual([]);
  });

  it("names a diverged suggestion as diverged: no rank, never above a finite multiple", () => {
    // ¼× [2, 2.1, 2.2] median 2.1; ½× [1, 1.1, NaN] median 1.1 (one diverged seed, still finite);
    // 1× [NaN, NaN, 0.5] median ∞ (two of three diverged) however low its one finite seed ends.
    const check = checkOf({
      0.25: [2, 2.1, 2.2],
      0.5: [1, 1.1, Number.NaN],
      1: [Number.NaN, Number.NaN, 0.5],
    });
    expect(check.verdict).toBe("suggestion-diverged");
    expect(check.multiples.map((m) => m.rank)).toEqual([2, 1, null]);
    expect(check.rankOfSuggestion).toBeNull();
    expect(check.bestMultiplier).toBe(0.5);
  });

  it("holds when 1× ends lowest by more than either seed range", () => {
    // 1× median 1 (range 0.2); ½× median 1.5 (range 0.2): 0.5 apart > 0.2.
    const check = checkOf({ 0.5: [1.4, 1.5, 1.6], 1: [0.9, 1, 1.1], 2: [3, 3, 3] });
    expect(check.verdict).toBe("holds");
    expect(check.indistinguishableFromBest).toEqual([1]);
  });

  it("calls medians closer than the seed range indistinguishable, not a win, whichever is lowest", () => {
    // ½× median 1.00 (range 0.3), 1× median 1.05 (range 0.1): 0.05 apart ≤ max(0.3, 0.1). 2× is 1 apart.
    const lower = checkOf({ 0.5: [0.8, 1, 1.1], 1: [1, 1.05, 1.1], 2: [2, 2, 2] });
    expect(lower.bestMultiplier).toBe(0.5);
    expect(lower.rankOfSuggestion).toBe(2);
    expect(lower.indistinguishableFromBest).toEqual([0.5, 1]);
    expect(lower.verdict).toBe("indistinguishable");
    // The same with 1× lowest: it ends lowest but cannot be told from ½×.
    const lowest = checkOf({ 0.5: [1, 1.05, 1.1], 1: [0.8, 1, 1.1], 2: [2, 2, 2] });
    expect(lowest.bestMultiplier).toBe(1);
    expect(lowest.verdict).toBe("indistinguishable");
    // Just outside the range: ½× median 1.00 (range 0.02), 1× median 1.05 (range 0.02): 0.05 > 0.02.
    const apart = checkOf({ 0.5: [0.99, 1, 1.01], 1: [1.04, 1.05, 1.06], 2: [2, 2, 2] });
    expect(apart.verdict).toBe("beaten");
    expect(apart.indistinguishableFromBest).toEqual([0.5]);
  });

  it("with one seed there is no spread to hide behind: the lower median wins", () => {
    const check = checkOf({ 0.5: [1], 1: [1.001], 2: [2] });
    expect(check.verdict).toBe("beaten");
    expect(check.bestMultiplier).toBe(0.5);
  });
});

describe("suggestionSpreads", () => {
  it("takes the median, the range and max/min of each suggestion over runs, geometric in the middle", () => {
    const at = (rate: number) => ({ learningRate: rate, point: { learningRate: rate, loss: 1 } });
    const runs = [1e-3, 4e-3, 2e-3, 1e-2].map((rate) => ({
      valley: at(rate),
      steep: null,
      minimum: at(0.1),
      slide: at(rate * 10),
      window: { start: 0, end: 1 },
      fellBack: false,
      notes: [],
      nothingBecause: null,
    }));
    const [valley, steep, minimum] = suggestionSpreads(runs);
    expect(valley?.median).toBeCloseTo(Math.sqrt(2e-3 * 4e-3), 15);
    expect(valley?.min).toBe(1e-3);
    expect(valley?.max).toBe(1e-2);
    expect(valley?.ratio).toBeCloseTo(10, 12);
    expect(steep).toEqual({
      name: "steep",
      values: [null, null, null, null],
      median: null,
      min: null,
      max: null,
      ratio: null,
    });
    expect(minimum?.ratio).toBe(1);
  });
});

describe("the range test checked against itself on the built-in data", () => {
  const data = builtinData();

  it("over seeds: the first run is the range test at the first seed, and the valley moves with the seed", () => {
    const { seeds, runs, spreads } = rangeTestOverSeeds(
      data,
      { seed: 3, batchSize: 32, optimizer: sgd() },
      4,
    );
    expect(seeds).toEqual([3, 4, 5, 6]);
    expect(runs[0]?.suggested).toBe(rangeTest(data, { seed: 3, batchSize: 32, optimizer: sgd() }).suggested);
    const valley = spreads.find((spread) => spread.name === "valley");
    expect(valley?.values).toEqual(runs.map((run) => run.suggestions.valley?.learningRate ?? null));
    expect(valley?.ratio).toBeGreaterThanOrEqual(1);
  });

  it("tries ¼× to 4× the suggestion: full-batch gradient descent below the critical rate ranks higher rates better", () => {
    // Full batch (100 points): every seed gives the same run; 20 steps. The critical rate is 0.3069, so at
    // 0.01 … 0.16 a larger rate ends lower, and 4× = 0.16 is best; 1× ranks 3rd.
    const check = checkRangeTestSuggestion(data, { batchSize: 100, optimizer: sgd() }, 0.04, { steps: 20 });
    expect(check.steps).toBe(20);
    expect(check.multiples.map((m) => m.learningRate)).toEqual([0.01, 0.02, 0.04, 0.08, 0.16]);
    expect(check.multiples.map((m) => m.rank)).toEqual([5, 4, 3, 2, 1]);
    expect(check.rankOfSuggestion).toBe(3);
    expect(check.bestMultiplier).toBe(4);
    expect(check.bestIsLargest).toBe(true);
    for (const m of check.multiples) expect(m.seedSpread).toBe(0);
    // Above the critical rate the run diverges and gets no rank: 0.1 × 4 = 0.4 > 0.3069 (2× = 0.2 is below).
    const high = checkRangeTestSuggestion(data, { batchSize: 100, optimizer: sgd() }, 0.1, { steps: 200 });
    expect(high.multiples.map((m) => m.diverged)).toEqual([0, 0, 0, 0, 3]);
    expect(high.multiples.at(-1)?.diverged).toBe(3);
    expect(high.multiples.at(-1)?.rank).toBeNull();
    expect(high.multiples.map((m) => m.rank).slice(0, 4)).not.toContain(null);
  });
});
