import { describe, expect, it } from "vitest";
import { formatDistinct } from "./text.js";

describe("formatDistinct", () => {
  it("adds digits until different values read differently", () => {
    // At four digits both are 1.048e-7; at five, 1.0476e-7 and 1.0484e-7.
    expect(formatDistinct([1.0476e-7, 1.0484e-7])).toEqual(["1.0476e-7", "1.0484e-7"]);
    // 0.30690001 and 0.3069 first differ in the eighth significant digit.
    expect(formatDistinct([0.30690001, 0.3069])).toEqual(["0.30690001", "0.3069"]);
  });

  it("keeps four digits, trailing zeros dropped, when they already tell the values apart", () => {
    expect(formatDistinct([0.01, 0.28, 0.29, 0.34])).toEqual(["0.01", "0.28", "0.29", "0.34"]);
  });

  it("writes equal values alike, and does not count NaN as different from NaN", () => {
    expect(formatDistinct([0.5, 0.5, 0.25])).toEqual(["0.5", "0.5", "0.25"]);
    expect(formatDistinct([Number.NaN, Number.NaN, 1])).toEqual(["NaN", "NaN", "1"]);
  });
});
