import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  COARSE_SNAP,
  coarseDecades,
  coarseRate,
  FINE_SNAP,
  finePosition,
  fineRate,
  rateAfterKey,
  roundRate,
  snapToMarks,
  stepRate,
} from "./rate-steps.js";

/** The lesson's data: 2/λmax = 0.3069 (the red mark) and the fastest rate from its start, 0.24 (green). */
const CRITICAL = 0.30690841;
const GOOD = 0.24;
const ENDS: readonly [number, number] = [1e-5, 100];
const key = (name: string, shiftKey = false) => ({ key: name, shiftKey });

describe("stepRate", () => {
  it("moves a rate 1% or 10% of itself, to three significant digits", () => {
    expect(stepRate(0.3, 1, 0.01)).toBe(0.303); // 0.3 · 1.01
    expect(stepRate(0.3, -1, 0.01)).toBe(0.297); // 0.3 / 1.01 = 0.29703
    expect(stepRate(0.01, 1, 0.1)).toBe(0.011);
    expect(stepRate(0.283, 1, 0.01)).toBe(0.286); // 0.28583
    expect(stepRate(9.99, 1, 0.01)).toBe(10.1); // 10.0899: across a decade
  });

  it("comes back: a step up and a step down return to a three-digit rate", () => {
    expect(stepRate(stepRate(0.3, 1, 0.1), -1, 0.1)).toBe(0.3); // 0.33 → 0.3
    expect(stepRate(stepRate(0.24, 1, 0.01), -1, 0.01)).toBe(0.24); // 0.242 → 0.23960 → 0.24
  });

  it("is never stuck: a step too small for three digits goes to the next three-digit rate", () => {
    // 0.999 · 1.001 = 1.000 rounds back to 1: the next rate up is 1.01.
    expect(stepRate(1, 1, 0.001)).toBe(1.01);
    expect(stepRate(1, -1, 0.001)).toBe(0.999);
    expect(stepRate(0.5, 1, 0.001)).toBe(0.501);
  });

  it("moves every rate, up or down, by at most the fraction or one unit of the third digit (property)", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1e-6, max: 1e5, noNaN: true }),
        fc.constantFrom(0.001, 0.01, 0.1),
        fc.constantFrom(1 as const, -1 as const),
        (raw, fraction, direction) => {
          const rate = roundRate(raw);
          const next = stepRate(rate, direction, fraction);
          expect(direction > 0 ? next > rate : next < rate).toBe(true);
          expect(roundRate(next)).toBe(next);
          // Within the fraction asked for, give or take one unit of the last digit.
          const unit = 10 ** (Math.floor(Math.log10(Math.max(rate, next))) - 2);
          expect(Math.abs(next - rate)).toBeLessThanOrEqual(Math.max(rate * fraction * 1.0001, unit) + unit);
        },
      ),
    );
  });
});

describe("rateAfterKey", () => {
  it("steps 1% an arrow, 10% with Shift, PageUp or PageDown", () => {
    expect(rateAfterKey(0.3, key("ArrowRight"), ENDS)).toBe(0.303);
    expect(rateAfterKey(0.3, key("ArrowUp"), ENDS)).toBe(0.303);
    expect(rateAfterKey(0.3, key("ArrowLeft"), ENDS)).toBe(0.297);
    expect(rateAfterKey(0.3, key("ArrowDown"), ENDS)).toBe(0.297);
    expect(rateAfterKey(0.3, key("ArrowRight", true), ENDS)).toBe(0.33);
    expect(rateAfterKey(0.3, key("ArrowLeft", true), ENDS)).toBe(0.273); // 0.3 / 1.1 = 0.2727
    expect(rateAfterKey(0.3, key("PageUp"), ENDS)).toBe(0.33);
    expect(rateAfterKey(0.3, key("PageDown"), ENDS)).toBe(0.273);
  });

  it("goes to the slider's ends with Home and End, and never past them", () => {
    expect(rateAfterKey(0.3, key("Home"), ENDS)).toBe(1e-5);
    expect(rateAfterKey(0.3, key("End"), ENDS)).toBe(100);
    expect(rateAfterKey(100, key("ArrowRight", true), ENDS)).toBe(100);
    expect(rateAfterKey(1e-5, key("PageDown"), ENDS)).toBe(1e-5);
  });

  it("leaves other keys to the page", () => {
    expect(rateAfterKey(0.3, key("Tab"), ENDS)).toBeNull();
    expect(rateAfterKey(0.3, key("a"), ENDS)).toBeNull();
  });

  it("reaches the jumps-around band of the lesson's data from the default rate in 42 presses", () => {
    // From 0.01, 35 × Shift+→: 0.011, 0.0121, …, 0.257, 0.283; then 7 × →: 0.286, …, 0.301, 0.304,
    // between 1/λmax = 0.1535 and 2/λmax = 0.3069 (the e2e test presses the same keys in Chromium).
    let rate = 0.01;
    for (let i = 0; i < 35; i++) rate = rateAfterKey(rate, key("ArrowRight", true), ENDS) as number;
    expect(rate).toBe(0.283);
    for (let i = 0; i < 7; i++) rate = rateAfterKey(rate, key("ArrowRight"), ENDS) as number;
    expect(rate).toBe(0.304);
    expect(rate).toBeGreaterThan(CRITICAL / 2);
    expect(rate).toBeLessThan(CRITICAL);
  });
});

describe("snapToMarks", () => {
  it("lands on a mark within the tolerance, and leaves a rate beyond it alone", () => {
    expect(snapToMarks(0.304, [GOOD, CRITICAL], COARSE_SNAP)).toBe(CRITICAL); // 0.95% below
    expect(snapToMarks(0.311, [GOOD, CRITICAL], COARSE_SNAP)).toBe(CRITICAL); // 1.3% above
    expect(snapToMarks(0.3, [GOOD, CRITICAL], COARSE_SNAP)).toBe(0.3); // 2.3% below
    expect(snapToMarks(0.243, [GOOD, CRITICAL], COARSE_SNAP)).toBe(GOOD);
  });

  it("takes the nearer of two marks a hair apart (ill-conditioned data)", () => {
    expect(snapToMarks(1.0003, [1.0, 1.0005], COARSE_SNAP)).toBe(1.0005);
    expect(snapToMarks(1.0001, [1.0, 1.0005], COARSE_SNAP)).toBe(1.0);
  });

  it("keeps rates 1% from the critical rate reachable on the fine slider", () => {
    expect(snapToMarks(0.304, [GOOD, CRITICAL], FINE_SNAP)).toBe(0.304);
    expect(snapToMarks(0.3072, [GOOD, CRITICAL], FINE_SNAP)).toBe(CRITICAL);
  });

  it("skips marks that are missing or not positive", () => {
    expect(snapToMarks(0.3, [Number.NaN, 0, -0.3, Number.POSITIVE_INFINITY], COARSE_SNAP)).toBe(0.3);
  });
});

describe("the sliders' scales", () => {
  it("spans four decades below the critical rate's and two above it", () => {
    expect(coarseDecades(CRITICAL)).toEqual([-5, 2]); // log10 0.3069 = −0.51
    expect(coarseDecades(0.03)).toEqual([-6, 1]);
    expect(coarseDecades(undefined)).toEqual([-6, 1]);
    expect(coarseDecades(Number.POSITIVE_INFINITY)).toEqual([-6, 1]);
  });

  it("reads a coarse position as a three-digit rate", () => {
    expect(coarseRate(-2)).toBe(0.01);
    expect(coarseRate(Math.log10(0.3069))).toBe(0.307);
  });

  it("spans ±25% around the fine slider's centre, four digits a position", () => {
    expect(fineRate(0.28, 0)).toBe(0.28);
    expect(fineRate(0.28, 1)).toBe(0.35); // 0.28 · 1.25
    expect(fineRate(0.28, -1)).toBe(0.224); // 0.28 / 1.25
    expect(fineRate(0.28, 0.5)).toBe(0.313); // 0.28 · √1.25 = 0.313050
    expect(finePosition(0.28, 0.35)).toBeCloseTo(1, 12);
    expect(finePosition(0.28, 0.224)).toBeCloseTo(-1, 12);
    expect(finePosition(0.28, 100)).toBe(1);
    expect(finePosition(0.28, 1e-9)).toBe(-1);
  });

  it("reaches any rate within ±25% to 0.1% on the fine slider's positions (property)", () => {
    // The fine slider steps 0.002 over [−1, 1] (1,000 positions): neighbours are rates 1.25^0.002 − 1 = 0.045% apart.
    fc.assert(
      fc.property(fc.double({ min: -1, max: 1, noNaN: true }), (position) => {
        const target = 0.28 * 1.25 ** position;
        const nearest = Math.round(finePosition(0.28, target) / 0.002) * 0.002;
        expect(Math.abs(fineRate(0.28, nearest) / target - 1)).toBeLessThan(0.001);
      }),
    );
  });
});
