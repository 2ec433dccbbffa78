import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatAdvisedRate, formatNumber } from "./numbers.js";

/** A printed number read back as a user copying it would: the real minus sign as ASCII. */
function reparse(text: string): number {
  return Number(text.replace(/−/g, "-"));
}

describe("formatAdvisedRate", () => {
  it("rounds the report's ill-conditioned suggestion down, where to nearest it crossed the bound", () => {
    // Tester report 12, #1: fit's 4.033735e-5 printed to nearest is 4.034e−5, above 2/λmax = 4.03380e-5.
    expect(formatNumber(4.033735e-5)).toBe("4.034e−5");
    expect(formatAdvisedRate(4.033735e-5)).toBe("4.033e−5");
    // Degree 5: 0.00024976 is not 0.0002498; degree 6: 3.4898e-5 is not 3.49e−5.
    expect(formatAdvisedRate(0.00024976)).toBe("0.0002497");
    expect(formatAdvisedRate(3.4898e-5)).toBe("3.489e−5");
  });

  it("keeps a rate that already has few digits as it is (0.3 stays 0.3, 0.059 stays 0.059)", () => {
    expect(formatAdvisedRate(0.3)).toBe("0.3");
    expect(formatAdvisedRate(0.059)).toBe("0.059");
    expect(formatAdvisedRate(0.0615, 2)).toBe("0.061");
  });

  it("never prints above the rate it advises, whatever the rate and the digits", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1e-300, max: 1e300, noNaN: true }),
        fc.integer({ min: 1, max: 8 }),
        (rate, digits) => {
          expect(reparse(formatAdvisedRate(rate, digits))).toBeLessThanOrEqual(rate);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it("never crosses a critical rate the advised rate lies below, read back from its text", () => {
    // The advised rate is anywhere in (0, critical]; its printed form must stay at or below critical,
    // and is no further below the rate than the last printed digit (not rounded down to nothing).
    fc.assert(
      fc.property(
        fc.double({ min: 1e-12, max: 1e6, noNaN: true }),
        fc.double({ min: 0.5, max: 1, noNaN: true }),
        (critical, fraction) => {
          const rate = critical * fraction;
          const back = reparse(formatAdvisedRate(rate));
          expect(back).toBeLessThanOrEqual(critical);
          expect(back).toBeGreaterThanOrEqual(rate * (1 - 1e-3));
        },
      ),
      { numRuns: 2000 },
    );
  });
});
