import { describe, expect, it } from "vitest";
import { rangeTestParams, trainParams } from "../core/index.js";
import { answer, lessonLab } from "./lab-fixture.js";
import { defaultState, type LabState } from "./lab-state.js";
import { runConfigOf } from "./protocol.js";
import {
  bestGuessSoFar,
  formatNumber,
  formatPercent,
  formatRates,
  guessWords,
  laneOutcome,
  lineWords,
  minusMean,
  onesOfPoints,
  pageDescription,
  verdictLabel,
  verdictSentence,
} from "./words.js";

async function runAt(changes: Partial<LabState>) {
  const { lab } = await lessonLab();
  const response = await answer(lab, {
    type: "run",
    id: 2,
    config: runConfigOf({ ...defaultState(), ...changes }),
  });
  return response.result;
}

describe("words", () => {
  it("counts the points labelled 1 in agreement, the noun with the total and the verb with a one", () => {
    expect(onesOfPoints(0, 1)).toBe("0 of 1 point is 1");
    expect(onesOfPoints(1, 1)).toBe("1 of 1 point is 1");
    expect(onesOfPoints(1, 3)).toBe("1 of 3 points is 1");
    expect(onesOfPoints(2, 3)).toBe("2 of 3 points are 1");
    expect(onesOfPoints(0, 3)).toBe("0 of 3 points are 1");
    expect(onesOfPoints(1200, 2500)).toBe("1,200 of 2,500 points are 1");
  });

  it("formats numbers as the figures' ticks do, with a real minus sign", () => {
    expect(formatNumber(0.30685)).toBe("0.3069");
    expect(formatNumber(-2.5)).toBe("−2.5");
    expect(formatNumber(1.8e6)).toBe("1.8e6");
    expect(formatNumber(null)).toBe("—");
    expect(formatPercent(0.0123)).toBe("1.23%");
    expect(lineWords(2.0712, -0.5)).toBe("y = 2.071·x − 0.5");
  });

  it("writes a number to be read as the CLI does: four digits, every minus sign a real one", () => {
    // The lab once wrote 3 digits in exponents ("4.25e−4") and 4 otherwise, and "−1.5e-5" had one of each.
    expect(formatNumber(4.2514e-5)).toBe("4.251e−5");
    expect(formatNumber(4.2514e-4)).toBe("0.0004251");
    expect(formatNumber(-1.5e-5)).toBe("−1.5e−5");
    expect(formatNumber(5.754399e-6)).toBe("5.754e−6");
  });

  it("writes rates side by side with the digits of the rate to type, and tells them apart", () => {
    // One point: the fastest rate is 1/λmax = 0.13521962…, offered rounded down as 0.135219 (the fewest
    // digits that still take one step); 1/λmax at four digits, 0.1352, would read as the same rate, below it.
    const [fastest, optimal, critical] = formatRates([0.135219, 0.1352196, 0.2704392], [0.135219]);
    expect([fastest, optimal, critical]).toEqual(["0.135219", "0.13522", "0.270439"]);
    // The built-in data: four digits do, as before.
    expect(formatRates([0.24, 0.2755, 0.3069029941968992], [0.24])).toEqual(["0.24", "0.2755", "0.3069"]);
    expect(formatRates([3.158e-156], [])).toEqual(["3.158e−156"]);
  });

  it("offers a constant rate as the schedule's values where they are the rates and the rate field is off", async () => {
    const piecewise = await runAt({
      schedule: "piecewise",
      scheduleArgs: { boundaries: [30, 60], values: [0.5, 0.4, 0.35] },
    });
    expect(verdictLabel(piecewise)).toBe("jumps out");
    expect(verdictSentence(piecewise)).toContain(
      "Try 0.24 for every value (Schedule → values: 0.24,0.24,0.24): from this start it gets within 0.1% of the best loss in 11 steps",
    );
    // The same advice with the rate field on names the rate alone.
    expect(verdictSentence(await runAt({ learningRate: 0.5 }))).toContain("Try 0.24: from this start");
  });

  it("calls 0.01 too small on the lesson's data, with the steps it and the fastest rate need", async () => {
    const run = await runAt({});
    expect(verdictLabel(run)).toBe("too small");
    // 278 steps at 0.01 (README); 0.24 is the fastest constant rate from (0, 0), 11 steps (fastest-rate.ts).
    expect(verdictSentence(run)).toBe(
      "It crawls: after 100 steps the loss is still 1.4% above the best loss. This rate needs 278 steps to get within 0.1% of the best loss; the fastest constant rate from this start, 0.24, needs 11 steps.",
    );
  });

  it("calls 0.15 good, and 0.2 good though it jumps across the minimum (above 1/λmax = 0.1535)", async () => {
    const run = await runAt({ learningRate: 0.15 });
    expect(verdictLabel(run)).toBe("good");
    expect(verdictSentence(run)).toBe(
      "Within 0.1% of the best loss after 100 steps. It took 18 steps; the fastest constant rate from this start, 0.24, needs 11 steps.",
    );
    const faster = await runAt({ learningRate: 0.2 });
    expect(verdictLabel(faster)).toBe("good");
    expect(verdictSentence(faster)).toMatch(
      /Each step jumped across the minimum on the way \(the rate is above 0\.1535\)/,
    );
  });

  it("calls 0.305 jumps around: just under the critical rate, still jumping at the end", async () => {
    const run = await runAt({ learningRate: 0.305 });
    expect(verdictLabel(run)).toBe("jumps around");
    expect(run.verdict.regime).toBe("oscillating");
    expect(verdictSentence(run)).toMatch(/^Each step jumps across the minimum along its steepest direction/);
  });

  it("calls 0.31, just above the critical rate, jumps out, though the loss is far from the 1e6× cut-off", async () => {
    const run = await runAt({ learningRate: 0.31 });
    expect(run.status).toBe("completed");
    expect(verdictLabel(run)).toBe("jumps out");
    expect(verdictSentence(run)).toMatch(/^The loss grows: from 15\.78 to 803\.5 in 100 steps/);
    expect(verdictSentence(run)).toMatch(/lr 0\.31 is 1\.01× the critical rate 0\.3069/);
  });

  it("calls 3 jumps out, naming the critical rate and a rate to try", async () => {
    const run = await runAt({ learningRate: 3 });
    expect(verdictLabel(run)).toBe("jumps out");
    expect(verdictSentence(run)).toBe(
      "The loss blew up at step 3. lr 3 is 9.8× the critical rate 0.3069 (2/λmax): each step overshoots the minimum by more than the one before. Try 0.24: from this start it gets within 0.1% of the best loss in 11 steps, the fewest of any constant rate.",
    );
  });

  it("calls a mini-batch run that bounces around the minimum noisy", async () => {
    const run = await runAt({ learningRate: 0.2, batchSize: 10, steps: 400 });
    expect(verdictLabel(run)).toBe("noisy");
  });

  it("says how a race lane ended: blown up at its step, within 0.1%, or still above the best", async () => {
    expect(laneOutcome(await runAt({ learningRate: 0.34 }))).toMatch(/^the loss blew up at step \d+$/);
    expect(laneOutcome(await runAt({ learningRate: 0.15 }))).toBe("within 0.1% of the best loss");
    expect(laneOutcome(await runAt({}))).toBe("still crawling, 1.4% above the best loss");
  });
});

describe("words for random guessing", () => {
  const result = {
    trials: 1000,
    box: { w: [-6.77, 6.77], b: [-12.4, 18.6] },
    progress: [
      { evaluations: 1, loss: 14.28, w: 0, b: 0, gradientDescent: 2 },
      { evaluations: 121, loss: 0.99447, w: 2.1, b: 0.4, gradientDescent: 15 },
    ],
    gradientDescent: { learningRate: 0.27548, optimal: true },
  } as unknown as Parameters<typeof guessWords>[0];

  it("finds the best guess among those shown", () => {
    expect(bestGuessSoFar(result, 0)).toBeNull();
    expect(bestGuessSoFar(result, 120)?.evaluations).toBe(1);
    expect(bestGuessSoFar(result, 121)?.evaluations).toBe(121);
  });

  it("counts the guesses against gradient descent's evaluations, as `lrlab random-search` does", () => {
    // README: "gets as low in 15 loss evaluations: 8.1× fewer" — 121 / 15 = 8.07.
    expect(guessWords(result, 130)).toEqual({
      guesses: "130 of 1,000",
      best: "loss 0.9945, found at guess 121",
      descent: "15",
      sentence:
        "Gradient descent (lr 0.27548, the fastest rate from this start) gets as low in 15 loss evaluations; guessing took 121: 8.1× as many.",
    });
    expect(guessWords(result, 0).best).toBe("no guess yet");
    expect(guessWords(result, 1).sentence).toMatch(/in 2 loss evaluations: guessing was lucky this time\.$/);
  });
});

describe("descriptions on the page", () => {
  const fieldsOf = (specs: readonly { key: string; flag: string; keras: string }[]) =>
    specs.map((spec) => ({ key: spec.key, flag: spec.flag, label: spec.keras }));

  it("name other fields as the form labels them, never by their CLI flag", () => {
    const fields = fieldsOf(rangeTestParams);
    for (const spec of rangeTestParams) expect(pageDescription(spec.description, fields)).not.toMatch(/--/);
    expect(pageDescription("the rate the ramp heads for (above --start-lr)", fields)).toBe(
      "the rate the ramp heads for (above start_lr)",
    );
    expect(
      pageDescription("Rate reached at decaySteps", [
        { key: "decaySteps", flag: "decay-steps", label: "decay_steps" },
      ]),
    ).toBe("Rate reached at decay_steps");
  });

  it("leave out a parenthesis about a flag the page has no field for", () => {
    const steps = trainParams.find((spec) => spec.key === "steps");
    expect(pageDescription(steps?.description ?? "", [{ key: "steps", flag: "steps", label: "steps" }])).toBe(
      "updates to run",
    );
  });
});

describe("a value less its mean, in a formula", () => {
  it("writes a negative mean as a plus, never a double minus (finding 11)", () => {
    expect(minusMean("“a”", -0.2895)).toBe("“a” + 0.2895");
    expect(minusMean("x", 3.5)).toBe("x − 3.5");
    expect(minusMean("x", 0)).toBe("x − 0");
  });
});
