import { describe, expect, it } from "vitest";
import { formatAbove, formatDistinctNumbers, formatInterval } from "./numbers.js";

describe("formatInterval", () => {
  it("keeps four digits where they already tell the ends apart, rounding each end inwards", () => {
    // 0.24747… rounds up to 0.2475, 0.25252… down to 0.2525 (to nearest both would be the same here).
    expect(formatInterval(0.2474746186386195, 0.2525253813613805)).toEqual(["0.2475", "0.2525"]);
    // To nearest, 0.23147 would be 0.2315 and 0.24553 would be 0.2455; inwards they are the same, and
    // 0.23142 goes up to 0.2315, never down to 0.2314, outside the interval.
    expect(formatInterval(0.23142, 0.24558)).toEqual(["0.2315", "0.2455"]);
  });

  it("adds digits until the ends differ, never writing 'from 0.1 to 0.1'", () => {
    // One point, y = 3 at x = 2: one step gets within 9e−9 for every rate in 0.1 ± 3.16e−6.
    const [low, high] = formatInterval(0.09999683772233985, 0.10000316227766015);
    // Five digits: 0.0999968… up to 0.099997, 0.1000031… down to 0.1.
    expect([low, high]).toEqual(["0.099997", "0.1"]);
    expect(Number(low)).toBeGreaterThanOrEqual(0.09999683772233985);
    expect(Number(high)).toBeLessThanOrEqual(0.10000316227766015);
  });

  it("writes tiny ends with a real minus sign in the exponent, the low end never rounded past the high", () => {
    const [low, high] = formatInterval(9.95973e-7, 9.96e-7);
    expect(low).toBe("9.9598e−7");
    expect(high).toBe("9.96e−7");
  });

  it("writes a single point as it is", () => {
    expect(formatInterval(0.5, 0.5)).toEqual(["0.5", "0.5"]);
  });
});

describe("formatAbove at the closeness threshold", () => {
  it("never prints a gap just outside 'within 0.1%' as 0.1% itself", () => {
    expect(formatAbove(0.001004, 0.001004, 1)).toBe("0.1004% above the best loss");
    expect(formatAbove(0.00104, 0.00104, 1)).toBe("0.104% above the best loss");
    expect(formatAbove(0.0013, 0.0013, 1)).toBe("0.13% above the best loss");
    expect(formatAbove(0.001, 0.001, 1)).toBe("0.1% above the best loss");
  });
});

describe("formatAbove", () => {
  it("writes a percentage below twice the best loss and a multiple from there, one rule for all sizes", () => {
    expect(formatAbove(0.014, 0.014, 1)).toBe("1.4% above the best loss");
    expect(formatAbove(0.99, 0.99, 1)).toBe("99% above the best loss");
    // 2.02713 against 0.425593: 376% above it is 4.76× it.
    expect(formatAbove(2.02713 - 0.425593, (2.02713 - 0.425593) / 0.425593, 0.425593)).toBe(
      "4.8× the best loss",
    );
    expect(formatAbove(14, 14, 1)).toBe("15× the best loss");
    expect(formatAbove(3e-5, 3e-5, 1)).toBe("within 0.01% of the best loss");
    expect(formatAbove(0.0012, null, 0)).toBe("0.0012 above the best loss (0)");
  });
});

describe("formatDistinctNumbers", () => {
  it("adds digits until different numbers read differently, and keeps equal ones equal", () => {
    // 2/λmax = 0.30690299… between the swept 0.3069 and 0.30691.
    expect(formatDistinctNumbers([0.3069, 0.30691, 0.306902994])).toEqual(["0.3069", "0.30691", "0.306903"]);
    expect(formatDistinctNumbers([0.24, 0.3069029941968992, 0.2754782249851])).toEqual([
      "0.24",
      "0.3069",
      "0.2755",
    ]);
    expect(formatDistinctNumbers([1, 1, 0.5])).toEqual(["1", "1", "0.5"]);
    expect(formatDistinctNumbers([-1.0476e-7, -1.0484e-7])).toEqual(["−1.0476e−7", "−1.0484e−7"]);
  });
});
