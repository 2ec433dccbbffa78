import { describe, expect, it } from "vitest";
import { defaultState } from "./lab-state.js";
import { modelSettingsOf, networkCost, sharpnessHint } from "./model-settings.js";

describe("a model's x columns", () => {
  it("go to linear, logistic and mlp runs, and not to the line or a polynomial", () => {
    const state = { ...defaultState(), x: "a", y: "y", features: '["b","c"]' };
    for (const model of ["linear", "logistic", "mlp"] as const) {
      expect(modelSettingsOf({ ...state, model }).features).toEqual(["b", "c"]);
    }
    for (const model of ["line", "polynomial"] as const) {
      expect(modelSettingsOf({ ...state, model }).features).toEqual([]);
    }
  });
});

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

describe("a network's cost", () => {
  it("counts Keras Dense parameters: 1-16-1 has 16 + 16 + 16 + 1 = 49", () => {
    expect(networkCost([16], 1, 100, 100)).toEqual({ parameters: 49, note: null });
    // 1-8-8-1: (1·8 + 8) + (8·8 + 8) + (8 + 1) = 16 + 72 + 9 = 97.
    expect(networkCost([8, 8], 1, 100, 100).parameters).toBe(97);
  });

  it("counts a network on two x columns: 2-4-1 has 2·4 + 4 + 4 + 1 = 17", () => {
    expect(networkCost([4], 2, 48, 200).parameters).toBe(17);
  });

  it("says what a slow network costs", () => {
    // 1-512-512-1: (512 + 512) + (512² + 512) + 513 = 264,193 parameters.
    const { parameters, note } = networkCost([512, 512], 1, 100, 100);
    expect(parameters).toBe(264_193);
    // 6 · 264,193 · 100 · 100 / 1e9 ≈ 16 s.
    expect(note).toBe(
      "264,193 parameters: 100 steps on 100 points take about 16 s here. It runs apart from the page, and a newer setting stops it; fewer steps or units run sooner.",
    );
  });

  it("says a network past the core's cap of parameters does not run", () => {
    // 8 layers of 4096: 4096·2 + 7·(4096² + 4096) + 4097 = 117,481,473 parameters.
    const { parameters, note } = networkCost(Array(8).fill(4096), 1, 100, 100);
    expect(parameters).toBe(117_481_473);
    expect(note).toBe(
      "117,481,473 parameters: more than the 1,000,000 a model may have (as the CLI), so it does not run; use fewer or narrower layers.",
    );
  });
});
