import { describe, expect, it } from "vitest";
import { standardize } from "./features.js";

describe("standardize on a column whose squares overflow float64 (finding 9)", () => {
  it("gives the z-scores of the same column at a smaller scale, and a finite mean and deviation", () => {
    // [1, 2, 3, 6]: mean 3, deviation √((4 + 1 + 0 + 9)/4) = √3.5 = 1.8708; the z-scores do not depend on scale.
    const small = standardize([[1, 2, 3, 6]]);
    const huge = standardize([[1e200, 2e200, 3e200, 6e200]]);
    expect(small.deviations[0]).toBeCloseTo(Math.sqrt(3.5), 12);
    const zSmall = [...(small.columns[0] as Float64Array)];
    const zHuge = [...(huge.columns[0] as Float64Array)];
    zHuge.forEach((z, i) => {
      expect(z).toBeCloseTo(zSmall[i] as number, 12);
    });
    expect((huge.means[0] as number) / 1e200).toBeCloseTo(3, 12);
    expect((huge.deviations[0] as number) / 1e200).toBeCloseTo(Math.sqrt(3.5), 12);
  });

  it("keeps the plain two-pass, bit for bit, for columns within range", () => {
    const { columns } = standardize([[1, 2, 3, 6]]);
    expect(columns[0]?.[3]).toBe((6 - 3) / Math.sqrt(3.5));
  });
});
