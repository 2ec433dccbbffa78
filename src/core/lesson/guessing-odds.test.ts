import { describe, expect, it } from "vitest";
import { randomSearch, searchBox } from "../choosing/random-search.js";
import { builtinData } from "../data/data.js";
import { linearStats } from "../data/stats.js";
import { closeness } from "../judging/closeness.js";
import {
  gapAtLevel,
  guessesInDimensions,
  guessingFacts,
  guessOdds,
  unitBallVolume,
} from "./guessing-odds.js";

const data = builtinData();
const stats = linearStats(data);
const close = closeness(stats);
const box = searchBox(stats);

describe("guessOdds on the built-in data", () => {
  it("gives the ellipse's area over the box's: about 1,517 guesses to get within 10% of the best loss", () => {
    // σx = √1.21111 = 1.10050; the box: w within ±3σy/σx = ±6.76693, b within 3.09820 ± 15.5077, so its
    // area is 13.5339 · 31.0155 = 419.76. Within 10% of L* = 0.969209 the ellipse's area is
    // π · 0.0969209 / 1.10050 = 0.276677, a chance of 6.5914e-4 per guess: 1/P = 1,517.1 guesses.
    const odds = guessOdds(stats, close, box, 0.1);
    expect(odds.chance).toBeCloseTo(6.5914e-4, 7);
    expect(odds.expectedGuesses).toBeCloseTo(1517.1, 0);
    expect(odds.maxLoss).toBeCloseTo(1.1 * 0.969209, 5);
    expect(odds.clipped).toBe(false);
    // Ten times tighter, ten times as many guesses (two parameters: ε^(2/2)).
    expect(guessOdds(stats, close, box, 0.01).expectedGuesses / odds.expectedGuesses).toBeCloseTo(10, 9);
  });

  it("agrees with the seeded random search: the first guess within 10% comes after 1/P guesses on average", () => {
    // The count of guesses to the first success is geometric: mean 1/P, standard deviation √(1 − P)/P, so
    // the mean of 400 counts lies within 3 · (1/P)/20 = 15% of 1/P unless something is wrong.
    const odds = guessOdds(stats, close, box, 0.1);
    const seeds = 400;
    let total = 0;
    for (let seed = 0; seed < seeds; seed++) {
      const search = randomSearch(data, { trials: 30_000, seed });
      const first = search.progress.find((entry) => entry.loss <= odds.maxLoss);
      expect(first).toBeDefined();
      total += first?.evaluations ?? 0;
    }
    const mean = total / seeds;
    expect(Math.abs(mean - odds.expectedGuesses)).toBeLessThan((3 * odds.expectedGuesses) / Math.sqrt(seeds));
  });

  it("says when the ellipse reaches outside the box (then the count is a lower bound)", () => {
    const tight = { w: [stats.optimum.w - 0.01, stats.optimum.w + 0.01], b: box.b } as const;
    expect(guessOdds(stats, close, tight, 0.1).clipped).toBe(true);
  });

  it("reads a level as a share of the closeness scale: 0.1% is the closeness gap itself", () => {
    expect(gapAtLevel(close, 0.001)).toBe(close.gap);
    expect(gapAtLevel(close, 0.1)).toBeCloseTo(100 * close.gap, 12);
  });
});

describe("guessing in more dimensions", () => {
  it("uses the unit ball's volume: 2, π, 4π/3, 8π²/15, π⁵/120", () => {
    expect(unitBallVolume(1)).toBeCloseTo(2, 12);
    expect(unitBallVolume(2)).toBeCloseTo(Math.PI, 12);
    expect(unitBallVolume(3)).toBeCloseTo((4 * Math.PI) / 3, 12);
    expect(unitBallVolume(5)).toBeCloseTo((8 * Math.PI ** 2) / 15, 12);
    expect(unitBallVolume(10)).toBeCloseTo(Math.PI ** 5 / 120, 12);
  });

  it("gives back 1/P with two parameters, and multiplies the count by 10^(d/2) per tenfold tighter tolerance", () => {
    const chance = guessOdds(stats, close, box, 0.1).chance;
    expect(guessesInDimensions(chance, 2)).toBeCloseTo(1 / chance, 6);
    for (const d of [1, 2, 5, 10]) {
      const ratio = guessesInDimensions(chance / 10, d) / guessesInDimensions(chance, d);
      expect(ratio).toBeCloseTo(10 ** (d / 2), 6 - d);
    }
  });
});

describe("guessingFacts", () => {
  it("sets the guesses beside gradient descent's evaluations at its fastest rate for each tolerance", () => {
    const facts = guessingFacts(stats, close, { initialW: 0, initialB: 0 }, 10_000);
    // Gradient descent: 1 step at 0.15 for 10%, 6 at 0.2 for 1%, 11 at 0.24 for 0.1% (fastest-rate.ts), and
    // one evaluation more for the start.
    expect(facts.levels.map((level) => level.gradientDescentEvaluations)).toEqual([2, 7, 12]);
    expect(facts.levels.map((level) => level.gradientDescentRate)).toEqual([0.15, 0.2, 0.24]);
    expect(facts.levels.map((level) => Math.round(level.expectedGuesses))).toEqual([1517, 15171, 151714]);
    expect(facts.dimensions.map((row) => row.parameters)).toEqual([1, 2, 5, 10]);
    // 10% is likely within 10,000 guesses (1,517 ≤ 2,500): the task asks for it.
    expect(facts.taskLevel).toBe(0.1);
    // With at most 4,000 guesses, 10% would need 1,517 > 1,000 on average: 0.1 · 1.517 = 0.15 → 0.2.
    expect(guessingFacts(stats, close, { initialW: 0, initialB: 0 }, 4_000).taskLevel).toBe(0.2);
  });
});
