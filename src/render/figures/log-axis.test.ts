import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decadesBetween, drawableOnLog, logDomain, logTicks, niceCeiling, shiftDecades } from "./log-axis.js";

/** Any double, with the ones that broke log axes before made likely: 0, negatives, ±∞, NaN, subnormals. */
const anyNumber = fc.oneof(
  fc.double(),
  fc.constantFrom(0, -0, -1, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, Number.NaN),
  fc.constantFrom(1e-320, 5e-324, Number.MIN_VALUE, 1e-300, 1e300, Number.MAX_VALUE),
);

describe("logDomain", () => {
  it("is finite, positive and increasing for any two numbers and any padding, its ticks too", () => {
    fc.assert(
      fc.property(
        anyNumber,
        anyNumber,
        fc.double({ min: 0, max: 10, noNaN: true }),
        (low, high, fraction) => {
          const [a, b] = logDomain(low, high, (decades) => fraction * Math.max(decades, 0.5));
          expect(drawableOnLog(a)).toBe(true);
          expect(drawableOnLog(b)).toBe(true);
          expect(b).toBeGreaterThan(a);
          for (const tick of logTicks([a, b]) ?? []) {
            expect(tick).toBeGreaterThanOrEqual(a * (1 - 1e-9));
            expect(tick).toBeLessThanOrEqual(b * (1 + 1e-9));
          }
        },
      ),
    );
  });

  it("pads in decades, so values 600 decades apart do not overflow", () => {
    // 1e-300 … 1e300 spans 600 decades; 4% of them each side is 24, which the limits cut to 1e-300 … 1e308.
    expect(logDomain(1e-300, 1e300, (decades) => 0.04 * decades)).toEqual([1e-300, 1e308]);
    // 1 … 100 padded by 5% of its 2 decades: 10^-0.1 … 10^2.1.
    const [low, high] = logDomain(1, 100, (decades) => 0.05 * decades);
    expect(low).toBeCloseTo(10 ** -0.1, 12);
    expect(high).toBeCloseTo(10 ** 2.1, 10);
    // Unpadded, the values themselves, to the last bit.
    expect(logDomain(0.3069, 7.2)).toEqual([0.3069, 7.2]);
  });

  it("replaces ends a log axis cannot show by the other end, half a decade either way", () => {
    const [low, high] = logDomain(0, 10);
    expect(low).toBeCloseTo(10 ** 0.5, 12);
    expect(high).toBeCloseTo(10 ** 1.5, 12);
    expect(logDomain(Number.NaN, Number.POSITIVE_INFINITY)).toEqual([0.1, 1]);
  });
});

describe("logTicks", () => {
  it("ends on domains that are not finite and positive (it looped forever on [0, ∞])", () => {
    // Neither end is usable: the fallback domain [0.1, 1] and its 1-2-5 ticks.
    expect(logTicks([0, Number.POSITIVE_INFINITY])).toEqual([0.1, 0.2, 0.5, 1]);
    // ∞ at the top is replaced by the other end: 1, half a decade either way.
    expect(logTicks([1, Number.POSITIVE_INFINITY])).toEqual([0.5, 1, 2]);
  });

  it("takes round steps of decades over many: 1e50, 1e100, … rather than 1e54, 1e108", () => {
    expect(logTicks([1, 1e300])).toEqual([1, 1e50, 1e100, 1e150, 1e200, 1e250, 1e300]);
  });
});

describe("decadesBetween and shiftDecades", () => {
  it("count and move by decades without overflowing", () => {
    expect(decadesBetween(1e-300, 1e300)).toBe(600);
    expect(shiftDecades(1e300, 20)).toBe(1e308);
    expect(shiftDecades(1e-290, -20)).toBe(1e-300);
    expect(shiftDecades(2, 1)).toBeCloseTo(20, 12);
  });
});

describe("niceCeiling", () => {
  it("never rounds up to ∞", () => {
    expect(niceCeiling(1.7e308)).toBe(1.7e308);
  });
});
