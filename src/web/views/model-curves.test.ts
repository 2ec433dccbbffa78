import { describe, expect, it } from "vitest";
import type { ModelRunResult } from "../protocol.js";
import { curvesCaption, curvesTitle, lossTicks, sharpnessAxisTop, timesWords } from "./model-curves.js";

describe("the sharpness chart's axis", () => {
  it("fits λmax alone when the bound is more than three times above it, instead of reaching towards it", () => {
    // λmax 6.5, 2/η = 40 (η = 0.05): 40 > 3·6.5 = 19.5, so the axis stops at 6.5 · 1.1 = 7.15.
    expect(sharpnessAxisTop(6.5, [40, 40])).toBeCloseTo(7.15, 12);
  });

  it("reaches a bound within three times λmax, so it is drawn", () => {
    // Within 3 · 6.5 = 19.5: 2/η = 20 is not (axis 7.15), 2/η = 19 is (axis 19 · 1.1 = 20.9).
    expect(sharpnessAxisTop(6.5, [20])).toBeCloseTo(7.15, 12);
    expect(sharpnessAxisTop(6.5, [19])).toBeCloseTo(20.9, 12);
    // A bound below λmax (the edge of stability): the axis is λmax's.
    expect(sharpnessAxisTop(24, [20])).toBeCloseTo(26.4, 12);
  });

  it("has a height when nothing was measured", () => {
    expect(sharpnessAxisTop(0, [])).toBe(1);
    expect(sharpnessAxisTop(0, [20])).toBeCloseTo(22, 12);
  });
});

describe("the curves' caption", () => {
  const run = (rate: number) =>
    ({
      stability: { basis: "exact" },
      bestLoss: 1,
      sharpness: { every: 2, step: Float64Array.of(0, 2), value: Float64Array.of(6.5, 6.5), converged: true },
      thresholds: {
        plain: Float64Array.of(2 / rate, 2 / rate),
        optimizer: null,
        formula: null,
        detail: null,
        adaptive: false,
        optimizerClass: "SGD",
      },
    }) as unknown as ModelRunResult;

  it("names the bound's value and the largest λmax when the bound is above the chart", () => {
    expect(curvesCaption(run(0.05), true)).toContain(
      "The bound (2/η = 40) is above the chart, 6.2 times the largest λmax (6.5)",
    );
    // The tester's line: 2/η = 200 over λmax 6.517 is 31 times, not "over 3".
    expect(curvesCaption(run(0.01), true)).toContain(
      "2/η = 200) is above the chart, 31 times the largest λmax",
    );
  });

  it("words a ratio with the digits a reader needs", () => {
    expect(timesWords(200 / 6.517)).toBe("31 times");
    expect(timesWords(200 / 23.95)).toBe("8.4 times");
    expect(timesWords(200 / 0.8146)).toBe("246 times");
    expect(timesWords(3.04)).toBe("3 times");
  });

  it("says the sharpness was measured at the first and last step only when the interval spans the run", () => {
    // track-sharpness=1000000 on a 100-step run: the core measured at steps 0 and 100 and nowhere between.
    const long = {
      ...run(0.01),
      sharpness: {
        every: 1_000_000,
        step: Float64Array.of(0, 100),
        value: Float64Array.of(6.5, 6.5),
        converged: true,
      },
    } as unknown as ModelRunResult;
    const caption = curvesCaption(long, false);
    expect(caption).toContain("measured at the first and last step only (steps 0 and 100");
    expect(caption).not.toContain("every 1,000,000");
  });

  it("says nothing of a bound above the chart when it is drawn", () => {
    expect(curvesCaption(run(0.2), false)).not.toContain("above the chart");
  });
});

describe("the loss axis's ticks", () => {
  it("labels a loss that moves less than a decade with evenly spaced round ticks", () => {
    // Logistic regression from ln 2 to 0.5694: no 1-2-5 tick, and one 1..9 tick (0.6), fall inside; round
    // steps of 0.05 give two.
    const [low, high] = [0.5694, Math.LN2];
    const domain: [number, number] = [low / 1.005, high * 1.005];
    expect(lossTicks(domain, 200, low, high)).toEqual([0.6, 0.65]);
  });

  it("puts at least two ticks inside a loss that moves by less than a ten-thousandth", () => {
    const [low, high] = [0.69312, 0.69318];
    const ticks = lossTicks([low, high], 200, low, high);
    expect(ticks.length).toBeGreaterThanOrEqual(2);
    for (const tick of ticks) expect(tick >= low && tick <= high).toBe(true);
  });

  it("keeps the readable log ticks of a loss that moves decades", () => {
    const ticks = lossTicks([0.001, 10], 200, 0.001, 10);
    expect(ticks).toContain(0.01);
    expect(ticks).toContain(1);
  });
});

describe("the curves' title", () => {
  const run = {
    title: "mlp 1-16-1 (tanh)",
    learningRate: 0.1,
    thresholds: {
      plain: Float64Array.of(20),
      optimizer: null,
      formula: null,
      adaptive: false,
      optimizerClass: "SGD",
    },
  } as unknown as ModelRunResult;

  it("names the model, the rate and the bound, as much as the width holds", () => {
    expect(curvesTitle(run, 1000)).toBe("Loss and sharpness: mlp 1-16-1 (tanh), η = 0.1, 2/η = 20");
    expect(curvesTitle(run, 280)).toBe("mlp 1-16-1 (tanh), η = 0.1, 2/η = 20");
    expect(curvesTitle(run, 100)).toBe("mlp 1-16-1 (tanh), η = 0.1");
  });
});
