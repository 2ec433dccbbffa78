import { describe, expect, it } from "vitest";
import { sharpnessHint } from "./model-settings.js";

describe("the sharpness interval's hint", () => {
  it("describes the value in the field, not the default, once one is set", () => {
    // Every step of 100: steps 0, 1, …, 100 are measured, 101 of them.
    expect(sharpnessHint(1, 100)).toBe("every 1 step: 101 measurements in 100 steps (0: about 50 a run)");
    // Every 3 of 100: 0, 3, …, 99 (34) and the last step, 100: 35.
    expect(sharpnessHint(3, 100)).toBe("every 3 steps: 35 measurements in 100 steps (0: about 50 a run)");
  });

  it("explains the automatic interval when the field holds 0", () => {
    // 300 steps / 50 = every 6: 0, 6, …, 300, 51 measurements.
    expect(sharpnessHint(0, 300)).toBe(
      "0, auto: about 50 a run, every 6 steps now (51 measurements in 300 steps)",
    );
  });
});
