import { describe, expect, it } from "vitest";
import { cutLine, logTicks, niceCeiling, spreadLabels, textColor, textWidth } from "./annotations.js";

describe("spreadLabels", () => {
  it("leaves labels that are far enough apart where they want to be", () => {
    expect(spreadLabels([10, 50, 90], 15, 0, 100)).toEqual([10, 50, 90]);
  });

  it("spreads crowded labels around the mean of their wishes, in their order, gap apart", () => {
    // Three labels wanting 50, 51, 52 with a gap of 15 centre on 51: 36, 51, 66.
    expect(spreadLabels([52, 50, 51], 15, 0, 100)).toEqual([66, 36, 51]);
  });

  it("keeps a crowded block inside its range", () => {
    // Wanting 98 and 99 near the bottom edge 100: the block ends at 100.
    expect(spreadLabels([98, 99], 15, 0, 100)).toEqual([85, 100]);
  });
});

describe("cutLine", () => {
  it("cuts a line where it leaves the band, on a log scale, and breaks it there", () => {
    // From (0, 1) to (1, 100) on a log axis the line crosses 10 half way: x = 0.5.
    const cut = cutLine(
      [
        { x: 0, y: 1 },
        { x: 1, y: 100 },
      ],
      0.5,
      10,
      true,
    );
    expect(cut).toHaveLength(3);
    expect(cut[0]).toEqual({ x: 0, y: 1 });
    expect(cut[1]?.x).toBeCloseTo(0.5, 12);
    expect(cut[1]?.y).toBe(10);
    expect(Number.isNaN(cut[2]?.y)).toBe(true);
  });

  it("keeps the part that enters the band from above, from the crossing on", () => {
    // Linear: from (0, 30) to (2, 10), crossing 20 at x = 1.
    const cut = cutLine(
      [
        { x: 0, y: 30 },
        { x: 2, y: 10 },
        { x: 3, y: 5 },
      ],
      0,
      20,
      false,
    );
    expect(cut).toEqual([
      { x: 1, y: 20 },
      { x: 2, y: 10 },
      { x: 3, y: 5 },
    ]);
  });
});

describe("logTicks", () => {
  it("uses powers of ten when there are enough, 1-2-5 when not, and every other power over many decades", () => {
    expect(logTicks([0.5, 2000])).toEqual([1, 10, 100, 1000]);
    expect(logTicks([0.9, 20])).toEqual([1, 2, 5, 10, 20]);
    expect(logTicks([1e-7, 10])).toEqual([1e-6, 1e-4, 0.01, 1]);
  });

  it("spaces round values evenly within a decade where the integer mantissas give too few", () => {
    // A logistic loss from 0.345 to 0.5: the mantissas give only 0.4 and 0.5; a step of 0.05 gives four
    // ticks (0.155 / 6 = 0.026 rounds up to 0.05, the first of 1, 2, 2.5, 5 × 10^k above it).
    expect(logTicks([0.345, 0.5])).toEqual([0.35, 0.4, 0.45, 0.5]);
    // 0.96 … 1.4 holds only the mantissa 1: steps of 0.1.
    expect(logTicks([0.96, 1.4])).toEqual([1, 1.1, 1.2, 1.3, 1.4]);
  });
});

describe("niceCeiling", () => {
  it("takes the next 1-2-5 number within 1.5×, else two significant digits up", () => {
    expect(niceCeiling(18.2)).toBe(20);
    expect(niceCeiling(1140)).toBe(1200);
    expect(niceCeiling(1.006)).toBe(1.1);
  });
});

describe("textColor", () => {
  it("darkens the palette's light colours for text and keeps the dark ones", () => {
    expect(textColor("#0072B2")).toBe("#0072B2");
    expect(textColor("#F0E442")).not.toBe("#F0E442");
    expect(textColor("#F0E442")).toMatch(/^#[0-9a-f]{6}$/);
  });
});

describe("textWidth", () => {
  it("estimates Inter's widths: digits wider than ones, bold wider than regular", () => {
    expect(textWidth("0000")).toBeGreaterThan(textWidth("1111"));
    expect(textWidth("rate 0.01", 12, true)).toBeGreaterThan(textWidth("rate 0.01", 12));
  });
});
