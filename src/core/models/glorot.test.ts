import { describe, expect, it } from "vitest";
import { glorotUniform } from "./glorot.js";
import { mlp } from "./mlp.js";

describe("glorotUniform", () => {
  const model = mlp({ inputs: 40, hidden: [60], activation: "relu" });

  it("is the same for the same seed and different for another", () => {
    expect(glorotUniform(model, 3)).toEqual(glorotUniform(model, 3));
    expect(glorotUniform(model, 3)).not.toEqual(glorotUniform(model, 4));
  });

  it("draws each kernel within ±√(6/(fan_in + fan_out)), filling that range, with zero biases", () => {
    const params = glorotUniform(model, 11);
    // layer 1: √(6/100) = 0.2449…, 2400 entries; layer 2: √(6/61) = 0.3136…, 60 entries.
    const first = params.subarray(0, 2400);
    const second = params.subarray(2460, 2520);
    for (const [kernel, limit] of [
      [first, Math.sqrt(6 / 100)],
      [second, Math.sqrt(6 / 61)],
    ] as const) {
      const largest = Math.max(...Array.from(kernel, Math.abs));
      expect(largest).toBeLessThanOrEqual(limit);
      expect(largest).toBeGreaterThan(0.9 * limit);
    }
    // Uniform on [−l, l]: variance l²/3 = 0.02 for layer 1; 2400 draws give it within a few percent.
    const variance = first.reduce((sum, k) => sum + k * k, 0) / first.length;
    expect(variance).toBeGreaterThan(0.018);
    expect(variance).toBeLessThan(0.022);
    expect(Array.from(params.subarray(2400, 2460))).toEqual(new Array(60).fill(0));
    expect(params[2520]).toBe(0);
    expect(params.length).toBe(2521);
  });
});
