import { describe, expect, it } from "vitest";
import { reluUnitsDied } from "./dead-relu.js";
import { mlp } from "./mlp.js";

// One input, two relu units, one output: [w1 (1×2), b1 (2), w2 (2×1), b2 (1)].
const net = mlp({ inputs: 1, hidden: [2], activation: "relu" });
const data = { inputs: new Float64Array([1, 2, 3]), targets: new Float64Array([0, 0, 0]), features: 1 };

describe("reluUnitsDied", () => {
  it("is true when every hidden unit's pre-activation is at or below 0 on every row", () => {
    // Unit 1: −1·x − 0.5 < 0 for x in 1…3; unit 2: 0·x + 0 = 0, and relu(0) = 0.
    expect(reluUnitsDied(net, data, new Float64Array([-1, 0, -0.5, 0, 3, 4, 7]))).toBe(true);
  });

  it("is false when one unit is alive on one row only", () => {
    // Unit 1: x − 2.5 > 0 at x = 3 alone.
    expect(reluUnitsDied(net, data, new Float64Array([1, 0, -2.5, 0, 3, 4, 7]))).toBe(false);
  });

  it("reads the last hidden layer: a dead first layer feeding a live bias is alive", () => {
    // Layer 1 (1→1) dead everywhere; layer 2 (1→1) outputs relu(0·0 + 1) = 1 on every row.
    const deep = mlp({ inputs: 1, hidden: [1, 1], activation: "relu" });
    expect(reluUnitsDied(deep, data, new Float64Array([-1, -1, 1, 1, 1, 0]))).toBe(false);
    // The same with layer 2's bias −1: relu(0·1 − 1) = 0, dead too.
    expect(reluUnitsDied(deep, data, new Float64Array([-1, -1, 1, -1, 1, 0]))).toBe(true);
    // Layer 1 alive (relu(x) = x), layer 2 dead (relu(−x − 1) = 0): only the output bias learns.
    expect(reluUnitsDied(deep, data, new Float64Array([1, 0, -1, -1, 1, 0]))).toBe(true);
  });

  it("is false for other activations and for a network without hidden layers", () => {
    const tanh = mlp({ inputs: 1, hidden: [2], activation: "tanh" });
    expect(reluUnitsDied(tanh, data, new Float64Array([-1, 0, -0.5, 0, 3, 4, 7]))).toBe(false);
    expect(reluUnitsDied(mlp({ inputs: 1, activation: "relu" }), data, new Float64Array([1, 0]))).toBe(false);
  });
});
