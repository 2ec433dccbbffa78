/**
 * Figures of long runs: a report on raw data with x in the thousands runs its lesson for 100,000 steps,
 * and its loss figure overflowed the call stack (Math.max over every step) and its landscape wrote
 * 9.7 MB of dots. These check the thinning that draws them, and that it keeps what the picture shows.
 */
import { describe, expect, it } from "vitest";
import { parseSvg, pathPoints } from "../../test-support/svg.js";
import { nodeEnvironment } from "../node.js";
import { drawnSteps } from "./landscape-map.js";
import { envelope, lossFigure } from "./loss.js";
import { largest, smallest } from "./shared.js";

describe("largest and smallest", () => {
  it("take 10⁶ values without overflowing the stack, with Math.max's floor and NaN", () => {
    const many = Float64Array.from({ length: 1_000_000 }, (_, i) => i);
    many[123_456] = 2e6;
    many[654_321] = -5;
    expect(() => Math.max(...many)).toThrow(RangeError); // why they exist
    expect(largest(many)).toBe(2e6);
    expect(smallest(many)).toBe(-5);
    expect(smallest([3, 1, 2])).toBe(1);
    expect(largest([], 7)).toBe(7);
    expect(smallest([], 7)).toBe(7);
    expect(largest([1, Number.NaN, 2])).toBeNaN();
  });
});

describe("envelope", () => {
  it("keeps each bucket's lowest and highest point in step order, and the first and last", () => {
    // A loss that jumps between 1 and 3 on alternate steps, 10,001 points: every bucket holds both.
    const points = Array.from({ length: 10_001 }, (_, x) => ({ x, y: x % 2 === 0 ? 3 : 1 }));
    const kept = envelope(points, 100);
    expect(kept.length).toBeLessThanOrEqual(2 * 100 + 2);
    expect(kept[0]).toEqual(points[0]);
    expect(kept.at(-1)).toEqual(points.at(-1));
    for (let k = 1; k < kept.length; k++)
      expect((kept[k] as { x: number }).x).toBeGreaterThan((kept[k - 1] as { x: number }).x);
    // The band between 1 and 3 is still drawn: an even sample of every 50th step would be all 3s.
    expect(new Set(kept.map((p) => p.y))).toEqual(new Set([1, 3]));
    // Short lines are drawn as they are.
    expect(envelope(points.slice(0, 50), 100)).toEqual(points.slice(0, 50));
  });

  it("lets the loss figure draw 100,000 steps, in about 1,600 points", () => {
    const steps = Float64Array.from({ length: 100_001 }, (_, i) => i);
    const losses = Float64Array.from(steps, (i) => 1 + 10 * Math.exp(-i / 20_000) * (1 + 0.5 * (i % 2)));
    const figure = lossFigure(nodeEnvironment(), {
      curves: [{ label: "jumps around", steps, losses, divergedAtStep: null }],
      optimumLoss: 1,
      lossName: "MSE",
    });
    const line = parseSvg(figure.svg).querySelector('[aria-label="line"] path');
    const drawn = pathPoints(line?.getAttribute("d") ?? "");
    expect(drawn.length).toBeGreaterThan(1000);
    expect(drawn.length).toBeLessThanOrEqual(1602);
    expect(figure.svg.length).toBeLessThan(200_000);
  });
});

describe("drawnSteps", () => {
  const zigzag = (n: number) =>
    Array.from({ length: n }, (_, k) => ({ x: k * 0.01, y: k % 2 === 0 ? 0 : 50 }));

  it("draws every step of a path short enough", () => {
    expect(drawnSteps(zigzag(100), 3000)).toEqual(Array.from({ length: 100 }, (_, k) => k));
  });

  it("leaves out steps within a pixel of the last one kept, and keeps the last", () => {
    const creeping = Array.from({ length: 5000 }, (_, k) => ({ x: k * 0.1, y: 0 }));
    const kept = drawnSteps(creeping, 3000);
    expect(kept[0]).toBe(0);
    expect(kept.at(-1)).toBe(4999);
    for (let i = 1; i < kept.length - 1; i++) expect((kept[i] as number) - (kept[i - 1] as number)).toBe(10);
  });

  it("keeps a long zigzag alternating across the valley, within about the limit", () => {
    const kept = drawnSteps(zigzag(100_000), 3000);
    expect(kept.length).toBeLessThanOrEqual(3002);
    expect(kept.slice(0, 1500)).toEqual(Array.from({ length: 1500 }, (_, k) => k));
    // Past the first half, an odd stride: the kept steps still alternate between y = 0 and y = 50.
    const tail = kept.slice(1500, -1).map((k) => k % 2);
    for (let i = 1; i < tail.length; i++) expect(tail[i]).not.toBe(tail[i - 1]);
  });
});
