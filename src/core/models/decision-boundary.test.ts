import { describe, expect, it } from "vitest";
import { clipLine, logisticBoundary } from "./decision-boundary.js";

const box = { a: [0, 4], b: [0, 4] } as const;

describe("decision boundary", () => {
  it("clips a + b − 3 = 0 to the box at (0, 3) and (3, 0)", () => {
    expect(clipLine(1, 1, -3, box)).toEqual([
      { a: 0, b: 3 },
      { a: 3, b: 0 },
    ]);
  });

  it("clips a vertical line a = 2 to the box's bottom and top", () => {
    const [p, q] = clipLine(1, 0, -2, box) ?? [];
    expect([p?.a, q?.a]).toEqual([2, 2]);
    expect([p?.b, q?.b].sort()).toEqual([0, 4]);
  });

  it("gives null for a line that misses the box, and for zero weights", () => {
    expect(clipLine(1, 1, -9, box)).toBeNull();
    expect(logisticBoundary({ standardization: null }, [0, 0, 1], box)).toBeNull();
  });

  it("maps standardized weights back: z = (x − 2)/2 on both, z_a + z_b = 0 is a + b = 4", () => {
    const standardization = {
      columns: [],
      means: Float64Array.of(2, 2),
      deviations: Float64Array.of(2, 2),
    };
    // (a − 2)/2 + (b − 2)/2 = 0  ⇔  a + b = 4: from (0, 4) to (4, 0).
    const ends = logisticBoundary({ standardization }, [1, 1, 0], box);
    expect(ends?.[0].a).toBeCloseTo(0, 12);
    expect(ends?.[0].b).toBeCloseTo(4, 12);
    expect(ends?.[1].a).toBeCloseTo(4, 12);
    expect(ends?.[1].b).toBeCloseTo(0, 12);
  });
});
