import { describe, expect, it } from "vitest";
import { textWidth } from "../../render/text.js";
import { distinctTickFormat, endLabelMargin, linearTicks, logPixel, spacedTicks, tickRank } from "./ticks.js";

describe("spaced ticks", () => {
  it("rank powers of ten first, then 2 and 5, then the other mantissas", () => {
    expect([0.01, 1, 10, 1e6].map(tickRank)).toEqual([0, 0, 0, 0]);
    expect([0.2, 5, 50].map(tickRank)).toEqual([1, 1, 1]);
    expect([0.9, 3, 0.7].map(tickRank)).toEqual([2, 2, 2]);
  });

  it("drop 0.9 beside 1 on a short loss axis, and keep both when there is room", () => {
    // A loss axis from 0.85 to 3 over 150 px: 0.9 is 0.046 / 0.548 decades × 150 px ≈ 12.5 px below 1.
    const short = logPixel([0.85, 3], [150, 0]);
    expect(Math.abs(short(0.9) - short(1))).toBeLessThan(14);
    expect(spacedTicks([0.9, 1, 2, 3], short, 14)).toEqual([1, 2, 3]);
    const tall = logPixel([0.85, 3], [600, 0]);
    expect(spacedTicks([0.9, 1, 2, 3], tall, 14)).toEqual([0.9, 1, 2, 3]);
  });

  it("keep 1-2-5 over the mantissas between them", () => {
    const axis = logPixel([1, 10], [60, 0]);
    expect(spacedTicks([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], axis, 14)).toEqual([1, 2, 5, 10]);
  });
});

describe("linear ticks with labels that tell them apart", () => {
  it("picks round steps of 1, 2 or 5 times a power of ten", () => {
    expect(linearTicks(0, 1, 5)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(linearTicks(0.3, 1.3, 5)).toEqual([0.4, 0.6, 0.8, 1, 1.2]);
    expect(linearTicks(-7, 23, 3)).toEqual([0, 10, 20]);
  });

  it("gives a narrow loss axis more digits: never three labels reading 0.9692", () => {
    // A narrow loss axis (the uncentred preset's b-slice, when its best intercept was 0): the loss varies in
    // its fifth digit.
    const ticks = linearTicks(0.96918, 0.96931, 5);
    expect(ticks).toEqual([0.9692, 0.96922, 0.96924, 0.96926, 0.96928, 0.9693]);
    const labels = ticks.map(distinctTickFormat(ticks));
    expect(labels).toEqual(["0.9692", "0.96922", "0.96924", "0.96926", "0.96928", "0.9693"]);
    // The figures' four digits would have repeated labels here.
    expect(new Set(ticks.map((tick) => Number(tick.toPrecision(4)))).size).toBeLessThan(ticks.length);
  });

  it("keeps four digits and the figures' exponents where they already differ", () => {
    const format = distinctTickFormat([0, 2e-4, 4e-4]);
    expect([0, 2e-4, 4e-4, -1.5].map(format)).toEqual(["0", "2e−4", "4e−4", "−1.5"]);
  });

  it("writes every minus sign of a negative small tick as a real minus, the exponent's too", () => {
    // An intercept slice from −0.0015 to 0: "−5e−4", never "−5e-4".
    const format = distinctTickFormat([-1.5e-3, -1e-3, -5e-4, 0]);
    expect([-1.5e-3, -5e-4].map(format)).toEqual(["−0.0015", "−5e−4"]);
  });
});

describe("the room for the last step's label", () => {
  it("keeps the chart's margin where half the label and a third more fit in it", () => {
    expect(endLabelMargin("100")).toBeGreaterThanOrEqual(16);
    expect(endLabelMargin("100")).toBeGreaterThanOrEqual((textWidth("100") / 2) * 1.3);
  });

  it("widens it for a longer label: 10,000 needs more than 100", () => {
    // "10,000" at 12 px is about 40 px of Inter: half of it and a third more is more than 16.
    expect(endLabelMargin("10,000")).toBeGreaterThan(endLabelMargin("100"));
    expect(endLabelMargin("10,000")).toBeGreaterThanOrEqual((textWidth("10,000") / 2) * 1.3);
  });
});
