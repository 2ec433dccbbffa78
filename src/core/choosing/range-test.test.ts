import { describe, expect, it } from "vitest";
import { builtinData, type Dataset, syntheticLine } from "../data/data.js";
import { linearStats } from "../data/stats.js";
import { adam } from "../optimizers/adam.js";
import { sgd } from "../optimizers/sgd.js";
import { linearMseTheory } from "../theory/theory.js";
import {
  type RangeTestOptions,
  rangeTest,
  rangeTestSchedule,
  smoothLosses,
  torchLerp,
} from "./range-test.js";

const data = builtinData();

/** Data sets whose critical rate 2/λmax spans four orders of magnitude. */
const lines: Dataset[] = [
  data,
  syntheticLine({ n: 1000, xMin: 0, xMax: 10, slope: -3, intercept: 5, noiseStandardDeviation: 2, seed: 1 }),
  syntheticLine({
    n: 50,
    xMin: -0.1,
    xMax: 0.1,
    slope: 30,
    intercept: -2,
    noiseStandardDeviation: 0.1,
    seed: 2,
  }),
  syntheticLine({
    n: 500,
    xMin: 100,
    xMax: 101,
    slope: 1,
    intercept: 0,
    noiseStandardDeviation: 0.5,
    seed: 3,
  }),
  syntheticLine({ n: 200, xMin: -5, xMax: 5, slope: 0.5, intercept: 10, noiseStandardDeviation: 5, seed: 4 }),
  syntheticLine({ n: 20, xMin: 0, xMax: 1, slope: 2, intercept: 1, noiseStandardDeviation: 0.01, seed: 5 }),
];

describe("the ramp", () => {
  it("is fastai's SchedExp at pos = i/numIt: start·(end/start)^(i/numIt), one step short of end", () => {
    const run = rangeTest(data, { numIterations: 100 });
    for (let i = 0; i < run.iterations; i++) {
      expect(run.learningRates[i]).toBe(1e-7 * (10 / 1e-7) ** (i / 100));
    }
    // 1e-7 · 1e8^(i/100) = 10^(−7 + 0.08·i): 1e-7, 1.2e-7, …, 1e-3 at i = 50
    expect(run.learningRates[50]).toBeCloseTo(1e-3, 15);
    const full = rangeTest(data, { numIterations: 20, endLearningRate: 1e-3 });
    expect(full.iterations).toBe(20);
    // the last rate is 1e-7 · 1e4^(19/20) = 10^(−3.2) = 6.31e-4, never end_lr itself
    expect(full.learningRates[19]).toBeCloseTo(10 ** -3.2, 17);
  });

  it("is fastai's SchedLin with --linear: start + (i/numIt)·(end − start)", () => {
    const schedule = rangeTestSchedule(0.01, 0.11, 10, "linear");
    // 0.01 + (3/10)·0.1 = 0.04
    expect(schedule(3)).toBeCloseTo(0.04, 15);
    const run = rangeTest(data, {
      mode: "linear",
      startLearningRate: 1e-4,
      endLearningRate: 0.1,
      numIterations: 50,
    });
    for (let i = 0; i < run.iterations; i++) {
      expect(run.learningRates[i]).toBe(1e-4 + (i / 50) * (0.1 - 1e-4));
    }
  });
});

describe("the smoothed loss (fastai AvgSmoothLoss, β = 0.98)", () => {
  it("is the bias-corrected moving average, computed as torch.lerp(loss, val, β)", () => {
    // val₁ = 0.02·1 = 0.02 → 0.02/(1 − 0.98) = 1;
    // val₂ = 0.98·0.02 + 0.02·2 = 0.0596 → 0.0596/(1 − 0.98²) = 0.0596/0.0396 = 1.50505…
    const smoothed = smoothLosses([1, 2]);
    expect(smoothed[0]).toBeCloseTo(1, 14);
    expect(smoothed[1]).toBeCloseTo(0.0596 / 0.0396, 14);
    // torch's two forms of lerp: start + w·(end − start) below w = 0.5, end − (end − start)·(1 − w) above
    expect(torchLerp(1, 3, 0.25)).toBe(1.5);
    expect(torchLerp(1, 3, 0.75)).toBe(2.5);
  });

  it("is what the range test records for its batch losses", () => {
    const run = rangeTest(data);
    expect([...run.smoothedLosses]).toEqual([...smoothLosses(run.losses)]);
  });

  it("is the batch loss itself with --smoothing 0", () => {
    const run = rangeTest(data, { smoothing: 0 });
    expect([...run.smoothedLosses]).toEqual([...run.losses]);
  });
});

describe("stopping", () => {
  it("stops at the first iteration whose smoothed loss exceeds 4× the minimum so far", () => {
    const run = rangeTest(data);
    expect(run.stoppedEarly).toBe(true);
    expect(run.stop).toBe("diverged");
    const smoothed = [...run.smoothedLosses];
    const last = smoothed.length - 1;
    let best = Number.POSITIVE_INFINITY;
    for (let i = 0; i < last; i++) {
      best = Math.min(best, smoothed[i] as number);
      expect(smoothed[i]).toBeLessThanOrEqual(4 * best);
    }
    expect(smoothed[last]).toBeGreaterThan(4 * Math.min(...smoothed.slice(0, last)));
    expect(run.bestSmoothedLoss).toBe(Math.min(...smoothed));
  });

  it("runs every iteration when the loss never blows up, and honours --diverge-threshold", () => {
    const gentle = rangeTest(data, { endLearningRate: 0.01 });
    expect(gentle).toMatchObject({ iterations: 100, stoppedEarly: false, stop: "completed" });
    const tolerant = rangeTest(data, { divergeThreshold: 100 });
    expect(tolerant.iterations).toBeGreaterThan(rangeTest(data).iterations);
  });

  it("stops as diverged when the parameters overflow, with finite suggestions from what came before", () => {
    const run = rangeTest(data, {
      startLearningRate: 1e100,
      endLearningRate: 1e300,
      divergeThreshold: 1e300,
    });
    expect(run.stop).toBe("diverged");
    expect(run.iterations).toBeLessThan(100);
  });
});

describe("suggestions", () => {
  it("match a numpy port of fastai on the recorded batch losses of the built-in data", () => {
    // Oracle: the batch losses and rates of these runs were fed to fastai's AvgSmoothLoss, LRFinder stop
    // rule and lr_find trimming and suggestion functions, ported line for line to numpy (float64).
    const cases: [RangeTestOptions, number, Record<"valley" | "steep" | "minimum" | "slide", number>][] = [
      [
        {},
        91,
        {
          valley: 0.004365158322401656,
          steep: 5.754399373371569e-6,
          minimum: 0.0630957344480193,
          slide: 0.027542287033381692,
        },
      ],
      [
        { batchSize: 1e9 },
        94,
        {
          valley: 0.0006918309709189362,
          steep: 0.03981071705534969,
          minimum: 0.1096478196143185,
          slide: 0.019054607179632484,
        },
      ],
      [
        { optimizer: sgd({ momentum: 0.9 }), numIterations: 200, seed: 3 },
        175,
        {
          valley: 0.006918309709189362,
          steep: 1.5848931924611132e-6,
          minimum: 0.05754399373371566,
          slide: 0.001737800828749376,
        },
      ],
      [
        {
          optimizer: adam(),
          startLearningRate: 1e-5,
          endLearningRate: 100,
          smoothing: 0.9,
          divergeThreshold: 3,
        },
        100,
        {
          valley: 0.7943282347242809,
          steep: 0.18620871366628672,
          minimum: 2.7542287033381685,
          slide: 0.6760829753919813,
        },
      ],
    ];
    for (const [options, iterations, expected] of cases) {
      const run = rangeTest(data, options);
      expect(run.iterations).toBe(iterations);
      for (const name of ["valley", "steep", "minimum", "slide"] as const) {
        expect((run.suggestions[name]?.learningRate as number) / expected[name]).toBeCloseTo(1, 12);
      }
      expect(run.suggested).toBe(run.suggestions.valley?.learningRate);
    }
  });

  it("stay below the critical rate 2/λmax on linear MSE, full batch or mini-batch", () => {
    for (const line of lines) {
      const critical = linearMseTheory(linearStats(line)).criticalLearningRate;
      for (const options of [{}, { batchSize: 1e9 }, { batchSize: 8 }, { seed: 7 }] as RangeTestOptions[]) {
        const { suggestions } = rangeTest(line, options);
        for (const suggestion of [
          suggestions.valley,
          suggestions.steep,
          suggestions.minimum,
          suggestions.slide,
        ]) {
          expect(suggestion?.learningRate).toBeGreaterThan(0);
          expect(suggestion?.learningRate).toBeLessThan(critical);
        }
      }
    }
  });

  it("can put steep above 2/λmax on an ill-conditioned line, where divergence starts too small to see", () => {
    // x in [0, 10): λmax/λmin ≈ 175. At small rates the sharp direction converges and the flat one barely
    // moves; past the critical rate the sharp error grows back from almost nothing, by |1 − ηλmax| a step,
    // while larger rates keep speeding up the flat direction. The loss goes on falling past 2/λmax, the
    // test stops far above it, and the steepest fall of the smoothed curve lies above it too.
    const line = syntheticLine({
      n: 40,
      xMin: 0,
      xMax: 10,
      slope: -0.5,
      intercept: 3,
      noiseStandardDeviation: 0.1,
      seed: 1,
    });
    const critical = linearMseTheory(linearStats(line)).criticalLearningRate;
    const run = rangeTest(line, { batchSize: 1e9 });
    const firstAbove = run.learningRates.findIndex((rate) => rate > critical);
    expect(run.losses[firstAbove + 5]).toBeLessThan(run.losses[firstAbove] as number);
    expect(run.learningRates[run.iterations - 1]).toBeGreaterThan(5 * critical);
    expect(run.suggestions.steep?.learningRate).toBeGreaterThan(critical);
    expect(run.suggested).toBeLessThan(critical);
  });

  it("are never NaN, however early the loss blows up", () => {
    for (const options of [
      { startLearningRate: 1, endLearningRate: 1e3 },
      { startLearningRate: 1e100, endLearningRate: 1e300, divergeThreshold: 1e300 },
      { mode: "linear" },
      { initialW: 1e150 },
      { loss: "mae", numIterations: 6 },
      { loss: "huber", huberDelta: 0.5, optimizer: adam() },
    ] as RangeTestOptions[]) {
      const run = rangeTest(data, options);
      for (const suggestion of [
        run.suggestions.valley,
        run.suggestions.steep,
        run.suggestions.minimum,
        run.suggestions.slide,
      ]) {
        if (suggestion === null) continue;
        expect(Number.isFinite(suggestion.learningRate)).toBe(true);
      }
      expect(run.suggested === null || Number.isFinite(run.suggested)).toBe(true);
    }
  });

  it("say when fastai's trimming left too little to judge by", () => {
    const run = rangeTest(data, { startLearningRate: 1, endLearningRate: 1e3 });
    expect(run.iterations).toBeLessThan(16);
    expect(run.suggestions.fellBack).toBe(true);
    expect(run.suggestions.notes[0]).toMatch(/fastai's window \(from iteration 10, less the last 5\) kept 0/);
  });
});

describe("purity", () => {
  it("leaves the data, the optimizer and the options as it found them, and repeats itself exactly", () => {
    const line = syntheticLine({ n: 64, seed: 9 });
    const x = Float64Array.from(line.x);
    const y = Float64Array.from(line.y);
    const optimizer = adam({ learningRate: 0.5 });
    const config = JSON.stringify(optimizer.config);
    const options = Object.freeze({ optimizer, initialW: 3, initialB: -1, seed: 4, batchSize: 16 });
    const first = rangeTest(line, options);
    const second = rangeTest(line, options);
    expect(line.x).toEqual(x);
    expect(line.y).toEqual(y);
    expect(JSON.stringify(optimizer.config)).toBe(config);
    expect(options).toEqual({ optimizer, initialW: 3, initialB: -1, seed: 4, batchSize: 16 });
    expect(second).toEqual(first);
    // It starts where it was told, with fresh optimizer state: the first loss is the batch loss at (3, −1).
    const fresh = rangeTest(line, { ...options, numIterations: 6 });
    expect(fresh.losses[0]).toBe(first.losses[0]);
  });
});

describe("validation", () => {
  it("refuses an end rate at or below the start, too few iterations, β = 1 and a threshold ≤ 1", () => {
    expect(() => rangeTest(data, { startLearningRate: 0.1, endLearningRate: 0.1 })).toThrow(
      "endLearningRate: expected a rate above startLearningRate (0.1), got 0.1",
    );
    expect(() => rangeTest(data, { numIterations: 5 })).toThrow(/numIterations: expected an integer ≥ 6/);
    expect(() => rangeTest(data, { smoothing: 1 })).toThrow(/smoothing: expected a number ≥ 0 and < 1/);
    expect(() => rangeTest(data, { divergeThreshold: 1 })).toThrow(/divergeThreshold: expected a number > 1/);
    expect(() => rangeTest(data, { startLearningRate: 0 })).toThrow(
      /startLearningRate: expected a number > 0/,
    );
  });
});
