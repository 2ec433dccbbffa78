import { describe, expect, it } from "vitest";
import { createLabHandler } from "./lab.js";
import { defaultState, type LabState } from "./lab-state.js";
import { runConfigOf } from "./protocol.js";
import { formatNumber, formatPercent, lineWords, verdictLabel, verdictSentence } from "./words.js";

async function runAt(changes: Partial<LabState>) {
  const lab = createLabHandler();
  await lab.handle({
    type: "load-data",
    id: 1,
    source: { kind: "preset", name: "lesson", points: 0, seed: 42 },
  });
  const response = await lab.handle({
    type: "run",
    id: 2,
    config: runConfigOf({ ...defaultState(), ...changes }),
  });
  if (response.type !== "run") throw new Error(JSON.stringify(response));
  return response.result;
}

describe("words", () => {
  it("formats numbers as the figures' ticks do, with a real minus sign", () => {
    expect(formatNumber(0.30685)).toBe("0.3069");
    expect(formatNumber(-2.5)).toBe("−2.5");
    expect(formatNumber(1.8e6)).toBe("1.8e6");
    expect(formatNumber(null)).toBe("—");
    expect(formatPercent(0.0123)).toBe("1.2%");
    expect(lineWords(2.0712, -0.5)).toBe("y = 2.071·x − 0.5");
  });

  it("calls 0.01 too small on the lesson's data, with the steps it and the optimal rate need", async () => {
    const run = await runAt({});
    expect(verdictLabel(run)).toBe("too small");
    expect(verdictSentence(run)).toBe(
      "After 100 steps the loss is still 1.4% above the best: this rate needs 278 steps to get within 0.1%, the optimal rate 0.2755 needs 22 steps.",
    );
  });

  it("calls 0.15 good, and 0.2 good though it jumps across the minimum (above 1/λmax = 0.153)", async () => {
    const run = await runAt({ learningRate: 0.15 });
    expect(verdictLabel(run)).toBe("good");
    expect(verdictSentence(run)).toBe("Within 0.1% of the best loss after 100 steps.");
    const faster = await runAt({ learningRate: 0.2 });
    expect(verdictLabel(faster)).toBe("good");
    expect(verdictSentence(faster)).toBe(
      "Within 0.1% of the best loss after 100 steps, jumping across the minimum on the way (the rate is above 1/λmax).",
    );
  });

  it("calls 0.305 oscillating: just under the critical rate, it jumps across the minimum", async () => {
    const run = await runAt({ learningRate: 0.305 });
    expect(verdictLabel(run)).toBe("oscillating");
    expect(verdictSentence(run)).toMatch(/^Each step jumps across the minimum and closes in slowly/);
  });

  it("calls 3 diverging, naming the critical rate and a rate to try", async () => {
    const run = await runAt({ learningRate: 3 });
    expect(verdictLabel(run)).toBe("diverging");
    expect(verdictSentence(run)).toMatch(
      /^The loss blew up at step 3: lr 3 is 9\.775× the critical rate 0\.3069 \(2\/λmax\), so each step overshoots further\. Try ≤ 0\.3\.$/,
    );
  });

  it("calls a mini-batch run that bounces around the minimum noisy", async () => {
    const run = await runAt({ learningRate: 0.2, batchSize: 10, steps: 400 });
    expect(verdictLabel(run)).toBe("noisy");
  });
});
