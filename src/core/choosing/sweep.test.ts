import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { nonFiniteNumbers, parseStrictJson } from "../../test-support/finite.js";
import { builtinData } from "../data/data.js";
import { linearStats } from "../data/stats.js";
import { isLrlabError } from "../errors.js";
import { adam } from "../optimizers/adam.js";
import { sgd } from "../optimizers/sgd.js";
import { exponentialDecay } from "../schedules/exponential-decay.js";
import { type RegimeBounds, regimeAt, regimeBoundsOf } from "../theory/regime.js";
import { linearMseTheory, stepsToTolerance } from "../theory/theory.js";
import { train } from "../training/train.js";
import { logSpacedRates, prepareSweep, type SweepRun, sweep, sweepRun } from "./sweep.js";

const dataOf = (xs: readonly number[], ys: readonly number[]) => ({
  x: Float64Array.from(xs),
  y: Float64Array.from(ys),
  xName: "x",
  yName: "y",
  source: "test",
});

/**
 * x = 0, 0, 2, 2 and y = 0, 2, 4, 6: mean x = 1, mean x² = 2, so H = 2·[[2, 1], [1, 1]] with eigenvalues
 * 3 ± √5; the critical rate is 2/(3 + √5) = 0.381966…, the optimal 2/6 = 1/3. The fit y = 2x + 1 leaves
 * residuals ±1, so L* = 1.
 */
const known = dataOf([0, 0, 2, 2], [0, 2, 4, 6]);
const KNOWN_CRITICAL = 2 / (3 + Math.sqrt(5));

const builtin = builtinData();
const builtinTheory = linearMseTheory(linearStats(builtin));

/** Rates c·r^(k + ½): the critical rate c sits halfway (in log) between two of them. */
const around = (critical: number, ratio: number, below: number, above: number) =>
  Array.from({ length: below + above }, (_, i) => critical * ratio ** (i - below + 0.5));

const byRate = (runs: readonly SweepRun[], rate: number) =>
  runs.find((run) => run.learningRate === rate) as SweepRun;

const throwsUserError = (run: () => unknown, pattern: RegExp) => {
  try {
    run();
  } catch (error) {
    expect(isLrlabError(error)).toBe(true);
    expect((error as Error).message).toMatch(pattern);
    return;
  }
  throw new Error("expected an LrlabError");
};

describe("logSpacedRates", () => {
  it("spaces rates evenly on a log scale, both ends exactly included", () => {
    // 0.01·(1/0.01)^(i/4): 0.01, 0.0316…, 0.1, 0.316…, 1
    const rates = logSpacedRates(0.01, 1, 5);
    expect(rates[0]).toBe(0.01);
    expect(rates[4]).toBe(1);
    expect(rates[2]).toBeCloseTo(0.1, 15);
    for (let i = 1; i < rates.length; i++)
      expect((rates[i] as number) / (rates[i - 1] as number)).toBeCloseTo(Math.sqrt(10), 12);
    expect(logSpacedRates(0.3, 0.3, 1)).toEqual([0.3]);
  });

  it("refuses a reversed range, a zero count, and one rate for a range", () => {
    throwsUserError(() => logSpacedRates(1, 0.1, 3), /from ≤ to/);
    throwsUserError(() => logSpacedRates(0, 1, 3), /0 < from/);
    throwsUserError(() => logSpacedRates(0.1, 1, 0), /count/);
    throwsUserError(() => logSpacedRates(0.1, 1, 1), /count: expected an integer ≥ 2/);
  });
});

describe("sweep: the divergence boundary of full-batch gradient descent on MSE", () => {
  it("brackets 2/λmax = 2/(3 + √5) on data whose Hessian is known", () => {
    const learningRates = logSpacedRates(0.2, 0.6, 41); // neighbours 1.1% apart
    const result = sweep(known, { learningRates, steps: 200 });
    const { boundary } = result;
    expect(boundary.criticalLearningRate).toBeCloseTo(KNOWN_CRITICAL, 14);
    expect(boundary.rule).toBe("2/λmax");
    expect(boundary.agrees).toBe(true);
    expect(boundary.monotone).toBe(true);
    // The bracket is the grid's own resolution: the neighbours of the critical rate.
    const below = learningRates.filter((rate) => rate < KNOWN_CRITICAL);
    const above = learningRates.filter((rate) => rate > KNOWN_CRITICAL);
    expect(boundary.largestNonDiverged).toBe(below.at(-1));
    expect(boundary.smallestDiverged).toBe(above[0]);
    expect(result.theory?.criticalLearningRate).toBeCloseTo(KNOWN_CRITICAL, 14);
    expect(result.theory?.optimalLearningRate).toBeCloseTo(1 / 3, 14);
  });

  it("brackets 2/λmax on any data with spread, to the grid's resolution", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(fc.double({ min: -5, max: 5, noNaN: true }), fc.double({ min: -5, max: 5, noNaN: true })),
          {
            minLength: 3,
            maxLength: 12,
          },
        ),
        (points) => {
          const data = dataOf(
            points.map(([x]) => x),
            points.map(([, y]) => y),
          );
          const stats = linearStats(data);
          fc.pre(stats.sxx > 1e-2 * stats.n);
          const theory = linearMseTheory(stats);
          const [vw, vb] = theory.eigenvectors[0];
          // The start must have a component along the sharpest direction, or nothing there can diverge.
          fc.pre(Math.abs(vw * stats.optimum.w + vb * stats.optimum.b) > 1e-3);
          const learningRates = around(theory.criticalLearningRate, 1.25, 6, 6);
          const { boundary } = sweep(data, { learningRates, steps: 200, stats });
          expect(boundary.agrees).toBe(true);
          expect(boundary.largestNonDiverged).toBeLessThan(theory.criticalLearningRate);
          expect(boundary.smallestDiverged).toBeGreaterThan(theory.criticalLearningRate);
        },
      ),
      { numRuns: 50 },
    );
  });

  it("brackets the heavy-ball bound 2(1 + m)/λmax for SGD with momentum m", () => {
    // m = 0.5: 2·1.5/λmax = 3/(3 + √5) = 0.5729…
    const critical = (2 * 1.5) / (3 + Math.sqrt(5));
    const learningRates = around(critical, 1.1, 5, 5);
    const { boundary } = sweep(known, { learningRates, steps: 400, optimizer: sgd({ momentum: 0.5 }) });
    expect(boundary.criticalLearningRate).toBeCloseTo(critical, 14);
    expect(boundary.rule).toBe("2(1 + β)/λmax");
    expect(boundary.agrees).toBe(true);
    expect(boundary.largestNonDiverged).toBe(learningRates[4]);
    expect(boundary.smallestDiverged).toBe(learningRates[5]);
  });

  it("calls a rate above 2/λmax diverging, exactly, even before the 1e6× threshold stops it", () => {
    // 1.03 × critical on the built-in data: each step multiplies the sharpest error by 1 − 2.06 = −1.06,
    // the loss grows ×1.12 a step, ~1e5× in 100 steps: not stopped, but on its way out.
    const rate = 1.03 * builtinTheory.criticalLearningRate;
    const { runs, boundary } = sweep(builtin, { learningRates: [rate], steps: 100 });
    expect(runs[0]?.status).toBe("completed");
    expect(runs[0]).toMatchObject({
      regime: "diverging",
      regimeBasis: "theory",
      outcome: "jumps-out",
      reached: false,
    });
    expect(boundary.smallestDiverged).toBe(rate);
  });

  it("gives no exact boundary for Adam, a schedule or mini-batches, but keeps the theory", () => {
    const learningRates = [0.01, 0.1];
    for (const options of [
      { optimizer: adam() },
      {
        schedule: (rate: number) =>
          exponentialDecay({ initialLearningRate: rate, decaySteps: 10, decayRate: 0.5 }),
      },
      { batchSize: 10 },
    ]) {
      const result = sweep(builtin, { learningRates, steps: 20, ...options });
      expect(result.boundary.criticalLearningRate).toBeNull();
      expect(result.boundary.agrees).toBeNull();
      expect(result.theory?.criticalLearningRate).toBeCloseTo(builtinTheory.criticalLearningRate, 14);
    }
  });
});

describe("sweep: regimes", () => {
  it("tells the lesson's regimes and outcomes apart on the built-in data in 50 steps", () => {
    const critical = builtinTheory.criticalLearningRate;
    const optimal = builtinTheory.optimalLearningRate;
    const learningRates = [0.01, 0.1, optimal, 0.98 * critical, 1.1 * critical];
    const { runs } = sweep(builtin, { learningRates, steps: 50 });
    // 0.01 needs 278 steps to get within 0.1%: converging, too small for 50.
    expect(byRate(runs, 0.01)).toMatchObject({ regime: "converging", reached: false, outcome: "too-small" });
    expect(byRate(runs, 0.01).flipFraction).toBe(0);
    // 0.1 < 1/λmax = 0.1535: no overshoot, and within 0.1% after 27 steps.
    expect(byRate(runs, 0.1)).toMatchObject({
      regime: "converging",
      reached: true,
      outcome: "good",
      stepsToTolerance: 27,
    });
    // The best worst-case rate 0.2755 > 1/λmax overshoots the sharpest direction every step, and gets there.
    expect(byRate(runs, optimal)).toMatchObject({
      regime: "oscillating",
      reached: true,
      outcome: "good",
      stepsToTolerance: 22,
    });
    expect(byRate(runs, optimal).flipFraction).toBe(1);
    // 0.98 × critical: factor 1 − 1.96 = −0.96 per step, flipping and shrinking slowly: still jumping.
    expect(byRate(runs, 0.98 * critical)).toMatchObject({
      regime: "oscillating",
      reached: false,
      outcome: "jumps-around",
      stepsToTolerance: null,
    });
    // 1.1 × critical: factor −1.2, the loss ×1.44 a step, past 1e6× its start at step 39.
    const diverging = byRate(runs, 1.1 * critical);
    expect(diverging).toMatchObject({
      regime: "diverging",
      outcome: "jumps-out",
      status: "diverged",
      divergedAtStep: 39,
    });
  });

  it("gives every run the exact regime, and its measured flips agree wherever they were seen", () => {
    const bounds = regimeBoundsOf(builtinTheory, sgd()) as RegimeBounds;
    const learningRates = logSpacedRates(0.01, 0.4, 60);
    const { runs } = sweep(builtin, { learningRates, steps: 300 });
    for (const run of runs) {
      expect(run.regime, `lr ${run.learningRate}`).toBe(regimeAt(bounds, run.learningRate));
      expect(run.regimeBasis).toBe("theory");
      if (run.flipFraction !== null && run.regime !== "diverging")
        expect(run.flipFraction > 0.5, `lr ${run.learningRate}`).toBe(run.regime === "oscillating");
    }
    // Both kinds were seen: flips measured above and below 1/λmax.
    expect(runs.some((run) => run.regime === "oscillating" && run.flipFraction === 1)).toBe(true);
    expect(runs.some((run) => run.regime === "converging" && run.flipFraction === 0)).toBe(true);
  });

  it("counts the steps to the tolerance exactly as the closed form does", () => {
    const stats = linearStats(builtin);
    const learningRates = logSpacedRates(0.005, 0.3, 40);
    const result = sweep(builtin, { learningRates, steps: 500, stats });
    const tolerance = result.tolerance as number;
    for (const run of result.runs) {
      const exact = stepsToTolerance(stats, builtinTheory, {
        learningRate: run.learningRate,
        initialW: 0,
        initialB: 0,
        tolerance,
      });
      expect(run.stepsToTolerance, `lr ${run.learningRate}`).toBe(
        exact !== null && exact <= 500 ? exact : null,
      );
    }
  });

  it("measures MAE and Huber without an optimum: no steps, closeness to the sweep's best, flips of the updates", () => {
    const result = sweep(builtin, { learningRates: [0.001, 0.1, 3], steps: 300, loss: "mae" });
    expect(result.theory).toBeNull();
    expect(result.tolerance).toBeNull();
    expect(result.boundary.criticalLearningRate).toBeNull();
    expect(result.reference?.source).toBe("sweep-best");
    // The reference is known only once every run is done, so no run can say when it first got within it.
    for (const run of result.runs) expect(run.stepsToTolerance).toBeNull();
    expect(byRate(result.runs, 0.1)).toMatchObject({ reached: true, outcome: "good" });
    // MAE's gradient does not shrink near the minimum: a large rate keeps jumping across it.
    expect(byRate(result.runs, 3)).toMatchObject({
      regime: "oscillating",
      regimeBasis: "trajectory",
      outcome: "jumps-around",
    });
    expect(byRate(result.runs, 0.001)).toMatchObject({
      regime: "converging",
      outcome: "too-small",
      reached: false,
    });
    expect(result.reference?.loss).toBe(Math.min(...result.runs.map((run) => run.bestLoss)));
    throwsUserError(
      () => sweep(builtin, { learningRates: [0.1], loss: "huber", tolerance: 0.01 }),
      /only MSE/,
    );
  });
});

describe("sweep: tolerance and best rate", () => {
  it("defaults the tolerance to 0.1% of the optimum loss, and reports the one used", () => {
    const optimum = builtinTheory.optimum.loss; // 0.9692…
    const byDefault = sweep(builtin, { learningRates: [0.1], steps: 100 });
    expect(byDefault.tolerance).toBeCloseTo(1e-3 * optimum, 11);
    expect(byDefault.reference).toEqual({ loss: optimum, source: "optimum" });
    // A looser gap is reached sooner: 0.1 gets within 0.1 of L* in fewer steps than within 0.00097.
    const loose = sweep(builtin, { learningRates: [0.1], steps: 100, tolerance: 0.1 });
    expect(loose.tolerance).toBe(0.1);
    expect(loose.runs[0]?.stepsToTolerance).toBeLessThan(byDefault.runs[0]?.stepsToTolerance as number);
  });

  it("names the good rate that settles within the tolerance soonest", () => {
    const result = sweep(builtin, { learningRates: logSpacedRates(0.01, 1, 13), steps: 100 });
    const reached = result.runs.filter((run) => run.stepsToTolerance !== null);
    const fewest = Math.min(...reached.map((run) => run.stepsToTolerance as number));
    expect(result.best?.reason).toBe("soonest-settled");
    expect(result.best?.stepsToTolerance).toBe(fewest);
    // 0.2154 gets there in 12 steps; 0.1468 in 18; 0.3162 diverges.
    expect(result.best?.learningRate).toBeCloseTo(0.2154, 4);
  });

  it("names a good mini-batch run best, not a noisy one that touched the gap sooner and left it", () => {
    // Batches of 10 for 40 epochs (400 steps): 0.1 first comes within 0.1% of L* at step 13 and ends 0.74%
    // above it (noisy); 0.02 ends within it (good). All four rates are below 1/λmax = 0.1535: their average
    // step never overshoots, whatever the noise does near the minimum.
    const result = sweep(builtin, {
      learningRates: [0.02, 0.03, 0.05, 0.1],
      batchSize: 10,
      epochs: 40,
      seed: 1,
    });
    expect(result.runs.map((run) => run.outcome)).toEqual(["good", "noisy", "noisy", "noisy"]);
    expect(result.best?.learningRate).toBe(0.02);
    expect(result.best?.reason).toBe("soonest-settled");
    // The steps count where a run stays: the noisy runs never do.
    expect(result.runs.slice(1).map((run) => run.stepsToTolerance)).toEqual([null, null, null]);
    expect(result.best?.stepsToTolerance).toBe(399);
    for (const run of result.runs) expect(run.regime, `lr ${run.learningRate}`).toBe("converging");
    // Above 1/λmax the average step overshoots: oscillating, with or without noise.
    const above = sweep(builtin, { learningRates: [0.2], batchSize: 10, epochs: 40, seed: 1 });
    expect(above.runs[0]?.regime).toBe("oscillating");
  });

  it("falls back to the lowest final loss when no rate gets within the tolerance", () => {
    const result = sweep(builtin, { learningRates: [0.01, 0.1, 0.2, 1], steps: 5 });
    expect(result.runs.every((run) => run.stepsToTolerance === null)).toBe(true);
    const stable = result.runs.filter((run) => run.regime !== "diverging");
    const lowest = Math.min(...stable.map((run) => run.finalLoss));
    expect(result.best?.reason).toBe("lowest-final-loss");
    expect(result.best?.finalLoss).toBe(lowest);
  });

  it("names no best rate when every rate diverged", () => {
    const result = sweep(builtin, { learningRates: [1, 2, 3], steps: 50 });
    expect(result.best).toBeNull();
    expect(result.boundary.largestNonDiverged).toBeNull();
    expect(result.boundary.smallestDiverged).toBe(1);
    expect(result.boundary.agrees).toBe(true); // 0.3069 is below every rate swept
  });
});

describe("sweep: runs and output", () => {
  it("runs each rate exactly as a lone train would: same start, same batches, the rate as the schedule's argument", () => {
    const schedule = (rate: number) =>
      exponentialDecay({ initialLearningRate: rate, decaySteps: 7, decayRate: 0.5 });
    const options = { batchSize: 16, epochs: 4, seed: 3, initialW: 1, initialB: -2, optimizer: adam() };
    const result = sweep(builtin, { learningRates: [0.01, 0.3], schedule, ...options });
    for (const run of result.runs) {
      const alone = train(builtin, { ...options, learningRate: schedule(run.learningRate) });
      expect(run.finalLoss).toBe(alone.final.loss);
      expect(run.status).toBe(alone.status);
    }
  });

  it("computes the statistics once and hands them to every run", () => {
    const stats = linearStats(builtin);
    expect(prepareSweep(builtin, { learningRates: [0.1], stats }).runOptions.stats).toBe(stats);
    const computed = prepareSweep(builtin, { learningRates: [0.1] }).runOptions.stats;
    expect(computed).toEqual(stats);
    // sweepRun with shared statistics gives the same numbers as without.
    expect(sweepRun(builtin, 0.2, { stats })).toEqual(sweepRun(builtin, 0.2));
  });

  it("is plain JSON: a blown-up run's non-finite loss becomes null, every other number stays finite", () => {
    const result = sweep(builtin, { learningRates: [0.1, 1e200], steps: 20, divergeFactor: 1e308 });
    // In memory the blown-up run's loss is the number it became; everything else is finite.
    expect(nonFiniteNumbers(result.runs)).toEqual(["$[1].finalLoss"]);
    expect(result.runs[1]?.finalLoss).toBe(Number.POSITIVE_INFINITY);
    // As JSON text it is null, and the text is strict JSON (no bare NaN, Infinity or 1e999).
    const parsed = parseStrictJson(JSON.stringify(result)).value;
    expect(parsed.runs[1].regime).toBe("diverging");
    expect(parsed.runs[1].finalLoss).toBeNull();
    expect(parsed.runs[1].bestLoss).toBe(result.runs[1]?.bestLoss);
    expect(parsed.runs[0].finalLoss).toBe(result.runs[0]?.finalLoss);
  });

  it("keeps the runs in the order of the rates given", () => {
    const learningRates = [0.2, 0.01, 0.1];
    expect(sweep(builtin, { learningRates, steps: 10 }).runs.map((run) => run.learningRate)).toEqual(
      learningRates,
    );
  });

  it("refuses no rates, and rates that are not finite and positive", () => {
    throwsUserError(() => sweep(builtin, { learningRates: [] }), /at least one rate/);
    for (const bad of [0, -0.1, Number.NaN, Number.POSITIVE_INFINITY])
      throwsUserError(() => sweep(builtin, { learningRates: [0.1, bad] }), /finite numbers > 0/);
  });
});
