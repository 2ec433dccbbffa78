import { describe, expect, it } from "vitest";
import {
  gradientOf,
  interpolate,
  minimum,
  slide,
  steep,
  suggestLearningRates,
  valley,
} from "./lr-suggestions.js";

const decades = (from: number, count: number) => Array.from({ length: count }, (_, i) => from * 10 ** i);

describe("valley (fastai: the longest valley)", () => {
  it("takes a point a third plus a sixth of the way along the longest strictly decreasing run", () => {
    // lds = [1, 1, 2, 3, 4, 5, 6, 7, 8, 1]: the valley 9 … 2 ends at index 8 with length 8, so
    // max_start = 8 − 8 = 0 (one before the valley, as in fastai); sections = 8/3 = 2.67;
    // idx = 0 + int(2.67) + int(1.33) = 3.
    const losses = [1, 9, 8, 7, 6, 5, 4, 3, 2, 10];
    const lrs = decades(1e-6, losses.length);
    const result = valley(lrs, losses);
    expect(result.learningRate).toBe(lrs[3]);
    expect(result.point).toEqual({ learningRate: lrs[3], loss: 7 });
  });

  it("counts a valley that is not contiguous (a subsequence, not a run)", () => {
    // 6 5 [9] 4 [8] 3 2: the longest decreasing subsequence 6 5 4 3 2 skips the two bumps; it ends at
    // index 6 with length 5, max_start = 1, sections = 5/3, idx = 1 + 1 + 0 = 2.
    const losses = [6, 5, 9, 4, 8, 3, 2];
    const lrs = decades(1e-5, losses.length);
    expect(valley(lrs, losses).learningRate).toBe(lrs[2]);
  });

  it("returns the first rate on a curve that never falls", () => {
    const lrs = [0.1, 0.2, 0.3];
    expect(valley(lrs, [1, 1, 2]).learningRate).toBe(0.1);
  });

  it("clamps fastai's index -1 (a valley of the first two points alone) to the first rate, not the last", () => {
    // lds = [1, 2, 1, 1, 1]: max_end = 1, max_start = 1 − 2 = −1, idx = −1 + 0 + 0 = −1, and fastai's
    // lrs[-1] is 0.5, the largest rate: a wrap-around, not a suggestion. lrlab answers 0.1.
    expect(valley([0.1, 0.2, 0.3, 0.4, 0.5], [2, 1, 3, 4, 5]).learningRate).toBe(0.1);
  });
});

describe("steep (fastai: the steepest descent against log lr)", () => {
  it("takes the left end of the segment where the loss falls fastest per unit of log(lr)", () => {
    // Slopes per ln 10: (1.9 − 2)/ln 10, (1.0 − 1.9)/ln 10, (3 − 1)/ln 10: the second is steepest, so 0.01.
    // Against plain lr (PyTorch Lightning's tuner) the slopes would be −0.1/0.009 = −11.1 and
    // −0.9/0.09 = −10, and it would answer 0.001 instead.
    const lrs = [1e-3, 1e-2, 1e-1, 1];
    const result = steep(lrs, [2, 1.9, 1.0, 3]);
    expect(result.learningRate).toBe(0.01);
    expect(result.point).toEqual({ learningRate: 0.01, loss: 1.9 });
  });

  it("needs two points", () => {
    expect(() => steep([0.1], [1])).toThrow(/at least 2 points/);
  });
});

describe("minimum (fastai: a tenth of the rate at the lowest loss)", () => {
  it("divides the rate of the first lowest loss by ten and marks the minimum itself", () => {
    const lrs = [0.001, 0.01, 0.1, 1, 10];
    const result = minimum(lrs, [3, 2, 1, 1, 4]);
    expect(result.learningRate).toBe(0.1 / 10);
    expect(result.point).toEqual({ learningRate: 0.1, loss: 1 });
  });
});

describe("slide (fastai: the interval slide rule)", () => {
  it("matches np.gradient: central differences inside, one-sided at the ends", () => {
    // [1, 4, 9, 16]: 4 − 1 = 3, (9 − 1)/2 = 4, (16 − 4)/2 = 6, 16 − 9 = 7
    expect([...gradientOf([1, 4, 9, 16])]).toEqual([3, 4, 6, 7]);
  });

  it("matches np.interp: linear inside, the end values outside", () => {
    expect(interpolate(1.5, [1, 2, 3], [10, 20, 40])).toBe(15);
    expect(interpolate(0, [1, 2, 3], [10, 20, 40])).toBe(10);
    expect(interpolate(9, [1, 2, 3], [10, 20, 40])).toBe(40);
  });

  it("walks left until the gradients lrDiff apart agree, keeping the last left rate where they differed", () => {
    // losses 5 4 3 2 1.5 1.5 1.5 have gradients −1 −1 −1 −0.75 −0.25 0 0. With lrDiff 2:
    // (6, 4): |0 + 0.25| > 0.005 → lrs[4]; (5, 3): 0.75 → lrs[3]; (4, 2): 0.75 → lrs[2];
    // (3, 1): 0.25 → lrs[1]; (2, 0): |−1 + 1| = 0, stop. The answer is lrs[1].
    const lrs = decades(1e-6, 7);
    const result = slide(lrs, [5, 4, 3, 2, 1.5, 1.5, 1.5], { lrDiff: 2 });
    expect(result.learningRate).toBe(lrs[1]);
    expect(result.point.loss).toBeCloseTo(4, 12);
  });

  it("applies adjustValue and interpolates the marked loss in log10(lr)", () => {
    const lrs = decades(1e-6, 7);
    const result = slide(lrs, [5, 4, 3, 2, 1.5, 1.5, 1.5], { lrDiff: 2, adjustValue: Math.sqrt(10) });
    expect(result.learningRate).toBeCloseTo(1e-5 * Math.sqrt(10), 18);
    // half way between 1e-5 (loss 4) and 1e-4 (loss 3) in log10
    expect(result.point.loss).toBeCloseTo(3.5, 12);
  });

  it("needs lrDiff + 1 points, as fastai's lrs[-16] does", () => {
    expect(() => slide(decades(1e-6, 15), new Array(15).fill(1))).toThrow(/at least 16 points/);
  });
});

describe("suggestLearningRates (fastai's lr_find)", () => {
  const numIt = 100;
  const lrs = Array.from({ length: numIt }, (_, i) => 1e-7 * 1e8 ** (i / numIt));

  it("ignores the first tenth and the last five iterations (fastai: lrs[num_it//10:-5])", () => {
    // A smooth bowl with a deep spike of noise at iteration 3 and a collapse at iteration 97: both are
    // outside the window [10, 95), so the minimum is the bowl's, at iteration 60.
    const losses = lrs.map((_, i) => 1 + ((i - 60) / 40) ** 2);
    losses[3] = 0.01;
    losses[97] = 0.001;
    const result = suggestLearningRates(lrs, losses, { numIt });
    expect(result.window).toEqual({ start: 10, end: 95 });
    expect(result.fellBack).toBe(false);
    expect(result.minimum?.point.learningRate).toBe(lrs[60]);
    expect(result.minimum?.learningRate).toBe((lrs[60] as number) / 10);
    expect(result.notes).toEqual([]);
  });

  it("cuts the window at the first NaN or infinite loss", () => {
    const losses = lrs.map((_, i) => 10 - i / 10);
    losses[50] = Number.NaN;
    losses[60] = Number.POSITIVE_INFINITY;
    const result = suggestLearningRates(lrs, losses, { numIt });
    expect(result.window).toEqual({ start: 10, end: 50 });
    expect(result.minimum?.point.learningRate).toBe(lrs[49]);
  });

  it("falls back to the whole curve before the blow-up when fastai's trimming leaves too little, and says so", () => {
    // Stopped after 8 of 100 iterations: fastai's lrs[10:-5] is empty (and its valley would fail).
    const losses = [5, 4.8, 4.5, 4.1, 3.5, 3.0, 3.2, 20];
    const result = suggestLearningRates(lrs.slice(0, 8), losses, { numIt, stoppedEarly: true });
    expect(result.window).toEqual({ start: 0, end: 7 });
    expect(result.fellBack).toBe(true);
    expect(result.notes[0]).toMatch(/kept 0 of the 8 recorded points; the suggestions use the 7 before/);
    expect(result.notes[1]).toMatch(/slide needs 16 points and the window has 7/);
    for (const suggestion of [result.valley, result.steep, result.minimum, result.slide]) {
      expect(Number.isFinite(suggestion?.learningRate)).toBe(true);
      expect(suggestion?.learningRate).toBeLessThan(lrs[7] as number);
    }
    expect(result.minimum?.point.learningRate).toBe(lrs[5]);
  });

  it("suggests nothing when the ramp blew up before the loss fell at all (retest: --start-lr 50 suggested 50)", () => {
    const rising = suggestLearningRates(lrs.slice(0, 3), [4, 90, Number.POSITIVE_INFINITY], {
      numIt,
      stoppedEarly: true,
    });
    expect(rising.fellBack).toBe(true);
    expect([rising.valley, rising.steep, rising.minimum, rising.slide]).toEqual([null, null, null, null]);
    expect(rising.notes.at(-1)).toMatch(/never fell before it blew up/);
    // One fall before the blow-up is something to judge by.
    const fell = suggestLearningRates(lrs.slice(0, 4), [4, 3.5, 90, Number.POSITIVE_INFINITY], {
      numIt,
      stoppedEarly: true,
    });
    expect(fell.valley).not.toBeNull();
    expect([rising.nothingBecause, fell.nothingBecause]).toEqual(["never-fell", null]);
  });

  it("suggests nothing on a long curve that only rose before it blew up, though fastai's window kept it", () => {
    // 40 points, rising by 1% a step, then a blow-up: fastai's window (from 10, less the last 5) keeps
    // 25 of them and would name one; every rate the ramp reached made the loss worse.
    const rates = lrs.slice(0, 40);
    const rising = rates.map((_, i) => (i === 39 ? Number.POSITIVE_INFINITY : 4 * 1.01 ** i));
    const result = suggestLearningRates(rates, rising, { numIt, stoppedEarly: true });
    expect(result.fellBack).toBe(false);
    expect(result.nothingBecause).toBe("never-fell");
    expect(result.valley).toBeNull();
    // The same curve, not stopped by a blow-up (the ramp ended): fastai's suggestions stand.
    const ended = suggestLearningRates(rates.slice(0, 39), rising.slice(0, 39), { numIt });
    expect(ended.nothingBecause).toBeNull();
    expect(ended.valley).not.toBeNull();
    // A dip of 10% below the first loss, anywhere before the blow-up, is a fall to judge by; one of 2.5%
    // is a lucky mini-batch (retest 6: a 2% dip from lr 0.35 let a valley 1.26× the critical rate through).
    const dippedBy = (loss: number) => rising.map((value, i) => (i === 3 ? loss : value));
    expect(suggestLearningRates(rates, dippedBy(3.6), { numIt, stoppedEarly: true }).valley).not.toBeNull();
    expect(suggestLearningRates(rates, dippedBy(3.9), { numIt, stoppedEarly: true }).nothingBecause).toBe(
      "never-fell",
    );
    // Not stopped (a threshold too high to stop it), but past fastai's 4× its first loss: blown up too.
    const soaring = rates.slice(0, 39).map((_, i) => 4 * 1.1 ** i);
    expect(suggestLearningRates(rates.slice(0, 39), soaring, { numIt }).nothingBecause).toBe("never-fell");
  });

  it("never answers NaN: one point gives its own rate, no finite point gives null", () => {
    const one = suggestLearningRates([0.1], [2], { numIt });
    expect([one.valley, one.steep, one.slide].map((s) => s?.learningRate)).toEqual([0.1, 0.1, 0.1]);
    expect(one.minimum?.learningRate).toBeCloseTo(0.01, 15);
    const none = suggestLearningRates([0.1, 0.2], [Number.NaN, Number.NaN], { numIt });
    expect([none.valley, none.steep, none.minimum, none.slide]).toEqual([null, null, null, null]);
    expect(none.notes.at(-1)).toMatch(/no finite loss/);
    expect([one.nothingBecause, none.nothingBecause]).toEqual([null, "no-finite-loss"]);
    const empty = suggestLearningRates([], [], { numIt });
    expect(empty.valley).toBeNull();
  });

  it("leaves its inputs untouched", () => {
    const losses = Float64Array.from(lrs, (_, i) => 1 + ((i - 60) / 40) ** 2);
    const rates = Float64Array.from(lrs);
    const before = [Float64Array.from(rates), Float64Array.from(losses)];
    suggestLearningRates(rates, losses, { numIt });
    expect([rates, losses]).toEqual(before);
  });
});
