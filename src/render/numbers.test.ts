import { describe, expect, it } from "vitest";
import { formatAbove, formatInterval } from "./numbers.js";

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
