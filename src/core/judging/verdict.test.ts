import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { builtinData, type Dataset, syntheticLine } from "../data/data.js";
import { linearStats, mseAt } from "../data/stats.js";
import { sgd } from "../optimizers/sgd.js";
import { fastestRate } from "../theory/fastest-rate.js";
import { regimeBounds } from "../theory/regime.js";
import { robustOptimum } from "../theory/robust-optimum.js";
import { gradientDescentIterate, linearMseTheory, stepsToTolerance } from "../theory/theory.js";
import { DEFAULT_RUN_CONFIG, type RunConfig } from "../training/run-config.js";
import { train } from "../training/train.js";
import { closeness } from "./closeness.js";
import { trainAndJudge } from "./judged-run.js";
import { judgeRun } from "./verdict.js";

const data = builtinData();
const stats = linearStats(data);
const theory = linearMseTheory(stats);
const critical = theory.criticalLearningRate; // 2/λmax = 0.3069…

const dataOf = (xs: readonly number[], ys: readonly number[]): Dataset => ({
  x: Float64Array.from(xs),
  y: Float64Array.from(ys),
  xName: "x",
  yName: "y",
  source: "test",
});

/** A run of the built-in data as every face makes one: a config, trained and judged. */
const judged = (overrides: Partial<RunConfig>, on: Dataset = data) =>
  trainAndJudge({ ...DEFAULT_RUN_CONFIG, steps: 100, ...overrides }, on);

const stepsNeeded = (learningRate: number) =>
  stepsToTolerance(stats, theory, {
    learningRate,
    initialW: 0,
    initialB: 0,
    tolerance: 1e-3 * theory.optimum.loss,
  });

describe("judgeRun: the lesson's moments on the built-in data", () => {
  it("calls 1.01 × 2/λmax diverging at 100 steps, exactly, though the 1e6× cut-off is never reached", () => {
    const { run, verdict } = judged({ learningRate: 1.01 * critical });
    expect(run.status).toBe("completed");
    expect(verdict).toMatchObject({
      regime: "diverging",
      regimeBasis: "theory",
      noExactBound: null,
      reached: false,
      outcome: "jumps-out",
      criticalFormula: "2/λmax",
      criticalIsExact: true,
      stepsNeeded: null,
    });
    expect(verdict.criticalRatio).toBeCloseTo(1.01, 14);
    expect(verdict.criticalLearningRate).toBe(critical);
    expect(verdict.suggestedLearningRate).toBe(0.24);
  });

  it("calls `fit --lr 0.31` jumps-out: the loss climbs from 15.8 to 803 in 100 steps, never 'too slow'", () => {
    const { run, verdict } = judged({ learningRate: 0.31 });
    // mean y² = Syy/n + ȳ² = 6.162 + 9.621 = 15.78 at (0, 0); the closed-form iterate gives the end.
    expect(run.history.loss[0]).toBeCloseTo(15.78, 2);
    expect(run.final.loss).toBeCloseTo(gradientDescentIterate(stats, theory, 0.31, 0, 0, 100).loss, 8);
    expect(run.final.loss).toBeCloseTo(803.48, 2);
    expect(run.status).toBe("completed");
    expect(verdict.regime).toBe("diverging");
    expect(verdict.outcome).toBe("jumps-out");
  });

  it("calls 0.99 × 2/λmax oscillating: jumping around at 100 steps, good at 300 (it needs 239)", () => {
    const short = judged({ learningRate: 0.99 * critical }).verdict;
    expect(short).toMatchObject({
      regime: "oscillating",
      reached: false,
      outcome: "jumps-around",
      stepsNeeded: 239,
    });
    const long = judged({ learningRate: 0.99 * critical, steps: 300 }).verdict;
    expect(long).toMatchObject({ regime: "oscillating", reached: true, outcome: "good" });
  });

  it("calls the best worst-case rate 0.2755 good: it overshoots (above 1/λmax) and gets there in 22 steps", () => {
    const { run, verdict } = judged({ learningRate: 0.2755 });
    expect(verdict).toMatchObject({ regime: "oscillating", reached: true, outcome: "good", stepsNeeded: 22 });
    expect(run.dynamics.reachedAt).toBe(22);
    expect(verdict.overshootLearningRate).toBeCloseTo(0.153451, 6);
    // The fastest constant rate is another one: 0.24 in 11.
    expect(verdict.fastest).toMatchObject({ learningRate: 0.24, steps: 11 });
  });

  it("calls 0.01 too small at 100 steps, converging, and counts the 278 steps it needs", () => {
    const { verdict } = judged({ learningRate: 0.01 });
    expect(verdict).toMatchObject({ regime: "converging", reached: false, outcome: "too-small" });
    expect(verdict.stepsNeeded).toBe(stepsNeeded(0.01));
    expect(verdict.stepsNeeded).toBe(278);
    expect(verdict.budgetTooShort).toBe(false); // 0.24 would have made it in 11
    expect(verdict.relativeGap).toBeGreaterThan(1e-3);
  });

  it("says the budget is too short when even the fastest rate needs more steps", () => {
    const verdict = judged({ learningRate: 0.24, steps: 5 }).verdict;
    expect(verdict.budgetTooShort).toBe(true);
    expect(verdict.budget).toBe(5);
  });

  it("stops a run past the 1e6× cut-off as diverged, and still suggests the fastest rate", () => {
    const { run, verdict } = judged({ learningRate: 0.9 });
    expect(run.status).toBe("diverged");
    expect(verdict.divergedAtStep).toBe(run.divergedAtStep);
    expect(verdict).toMatchObject({ regime: "diverging", outcome: "jumps-out", suggestedLearningRate: 0.24 });
  });
});

describe("judgeRun: the bound of the chosen optimizer", () => {
  it("does not tell momentum 0.9 at 0.55 to try a larger rate: its bound is 2(1 + β)/λmax = 0.5831, and 0.6 jumps out", () => {
    const momentum = { name: "sgd" as const, args: { momentum: 0.9 } };
    const verdict = judged({ learningRate: 0.55, optimizer: momentum }).verdict;
    expect(verdict.criticalLearningRate).toBeCloseTo(0.583116, 6);
    expect(verdict.criticalFormula).toBe("2(1 + β)/λmax");
    expect(verdict.regime).toBe("oscillating");
    expect(verdict.suggestedLearningRate as number).toBeLessThan(0.55);
    // The rate that gets there soonest with β = 0.9 in these 100 steps, found by running 33 rates below the
    // bound (the steadiest worst-case rate, 0.04, gets there too, but later); it does what it promises.
    expect(verdict.suggestedLearningRate).toBe(0.004);
    expect(verdict.simulated).toMatchObject({ learningRate: 0.004, steps: 87, budget: 100, tried: 33 });
    const followed = judged({ learningRate: 0.004, optimizer: momentum }).verdict;
    expect(followed).toMatchObject({ outcome: "good", stepsNeeded: 87 });
    expect(verdict.momentumPair).toMatchObject({ learningRate: 0.342, momentum: 0.245 });
    expect(verdict.fastest).toBeNull(); // the closed form is plain gradient descent's
    const over = judged({ learningRate: 0.6, optimizer: momentum }).verdict;
    expect(over).toMatchObject({ regime: "diverging", outcome: "jumps-out" });
  });

  it("gives Adam, RMSprop and Adagrad no critical rate and reads their regime from the run", () => {
    for (const name of ["adam", "rmsprop", "adagrad"] as const) {
      const verdict = judged({ learningRate: 0.1, optimizer: { name, args: {} } }).verdict;
      expect(verdict).toMatchObject({
        criticalLearningRate: null,
        criticalFormula: null,
        criticalIsExact: false,
        overshootLearningRate: null,
        criticalRatio: null,
        regimeBasis: "trajectory",
        noExactBound: "adaptive-optimizer",
      });
      // No bound, but a rate found by running the optimizer (simulated-rate.ts).
      expect(verdict.suggestedLearningRate).toBe(verdict.simulated?.learningRate);
      expect(verdict.suggestedLearningRate).toBeGreaterThan(0);
    }
    expect(judged({ learningRate: 0.1, optimizer: { name: "adam", args: {} } }).verdict.outcome).toBe("good");
  });

  it("calls a constant-rate mini-batch run near the optimum noisy, with the mean step's bound, not exact", () => {
    const verdict = judged({ learningRate: 0.2, batchSize: 10, steps: null, epochs: 40 }).verdict;
    expect(verdict).toMatchObject({
      outcome: "noisy",
      regimeBasis: "trajectory",
      noExactBound: "mini-batch",
      criticalIsExact: false,
      reached: false,
    });
    expect(verdict.criticalLearningRate).toBe(critical);
  });

  it("judges MAE against its exact best loss (robust-optimum.ts): reached, with no bound", () => {
    const verdict = judged({ learningRate: 0.05, loss: { name: "mae" }, steps: 2000 }).verdict;
    const best = robustOptimum(data, "mae");
    expect(verdict).toMatchObject({
      reached: true,
      settled: null,
      outcome: "good",
      bestLoss: best.loss,
      noExactBound: "not-mse",
      criticalLearningRate: null,
    });
    expect(verdict.closeness?.gap).toBeCloseTo(1e-3 * best.loss, 15);
    // A rate a hundred times smaller is still crawling after 100 steps.
    expect(judged({ learningRate: 0.0005, loss: { name: "mae" } }).verdict.outcome).toBe("too-small");
  });

  it("without a best loss, calls a run good once its loss stopped falling, and a crawl too small", () => {
    const mae = { ...DEFAULT_RUN_CONFIG, loss: { name: "mae" as const } };
    const at = (learningRate: number, steps: number) => {
      const { run, resolved } = trainAndJudge({ ...mae, learningRate, steps }, data);
      return judgeRun(run, {
        theory: null,
        optimizer: resolved.optimizer,
        constantRate: true,
        initialW: 0,
        initialB: 0,
      });
    };
    expect(at(0.05, 2000)).toMatchObject({ reached: null, settled: true, outcome: "good" });
    expect(at(0.0005, 100)).toMatchObject({ reached: null, settled: false, outcome: "too-small" });
  });
});

describe("judgeRun: a decaying rate", () => {
  it("calls exponential decay from 0.5 rescued by decay, crossing 2/λmax at step 11", () => {
    // decaySteps defaults to the run's 100 steps: η_k = 0.5 · 0.01^(k/100).
    // η_10 = 0.5 · 0.01^0.10 = 0.5 · 0.63096 = 0.31548 > 0.30690; η_11 = 0.5 · 0.01^0.11 = 0.5 · 0.60256 = 0.30128 ≤ 0.30690.
    for (const historyEvery of [1, 7]) {
      const { verdict } = judged({
        learningRate: 0.5,
        schedule: { name: "exponential", args: { decayRate: 0.01 } },
        historyEvery,
      });
      expect(verdict).toMatchObject({
        outcome: "rescued-by-decay",
        crossedBoundAt: 11,
        regime: "converging",
        reached: true,
        learningRate: 0.5,
      });
      expect(verdict.finalLearningRate).toBeCloseTo(0.005, 15);
    }
  });

  it("lets a decaying rate bring back a run that climbed far: no 1e6× cut-off under a schedule", () => {
    // From 1.0, η_k = 0.01^(k/100) stays above 0.3069 until step 26 (0.01^0.26 = 0.3020): the loss climbs to
    // about 3.5e22, then the decay brings it back to the best loss within the 100 steps.
    const { run, verdict } = judged({
      learningRate: 1,
      schedule: { name: "exponential", args: { decayRate: 0.01 } },
    });
    expect(run.status).toBe("completed");
    expect(Math.max(...run.history.loss)).toBeGreaterThan(1e20);
    expect(verdict).toMatchObject({
      outcome: "rescued-by-decay",
      exceededBoundAt: 0,
      crossedBoundAt: 26,
      reached: true,
    });
  });

  it("calls a decay too slow to save the run jumps-out, with no crossing", () => {
    // η_k = 0.5^(k/100) ends at 0.5 > 0.3069: above the bound for the whole run.
    const { verdict } = judged({
      learningRate: 1,
      schedule: { name: "exponential", args: { decayRate: 0.5 } },
    });
    expect(verdict).toMatchObject({ outcome: "jumps-out", regime: "diverging", crossedBoundAt: null });
  });

  it("calls a run that came below the bound too late to come back jumps-out, not rescued", () => {
    // ReduceLROnPlateau from 0.4 (full batch: an epoch is a step) halves only after 10 steps without
    // improvement: the loss is far above its start when the rate gets below 0.3069.
    const { run, verdict } = judged({ learningRate: 0.4, schedule: { name: "plateau", args: {} } });
    expect(verdict.crossedBoundAt).not.toBeNull();
    expect(run.final.loss).toBeGreaterThan(run.history.loss[0] as number);
    expect(verdict.outcome).toBe("jumps-out");
  });
});

describe("judgeRun: a schedule that rises above the bound again", () => {
  // Triangular cyclical, 0.1 to 0.6 with step size 30: η_k = 0.1 + 0.5·max(0, 1 − x), x = |k/30 − 2c + 1|,
  // c = ⌊1 + k/60⌋. Above 2/λmax = 0.30690 when x < 0.58619: k = 13…47 in the first cycle, 73…107 in the
  // second.
  const cyclical = (steps: number) =>
    judged({
      learningRate: 0.1,
      steps,
      schedule: { name: "cyclical", args: { maximalLearningRate: 0.6, stepSize: 30 } },
    }).verdict;

  it("calls a run still above the bound at the end jumps-out, even at the best loss, and names both rises", () => {
    const verdict = cyclical(90);
    expect(verdict).toMatchObject({
      exceededBoundAt: 13,
      crossedBoundAt: 48,
      boundExcursions: 2,
      lastExcursion: { from: 73, to: null },
      regime: "diverging",
      reached: true,
      outcome: "jumps-out",
    });
  });

  it("calls it rescued once the last rise has come back below, at step 108", () => {
    const verdict = cyclical(120);
    expect(verdict).toMatchObject({
      crossedBoundAt: 48,
      boundExcursions: 2,
      lastExcursion: { from: 73, to: 108 },
      outcome: "rescued-by-decay",
      reached: true,
    });
  });

  it("sees a cosine restart blow the run up again: back below at step 20, above again from step 40", () => {
    // 0.6·½(1 + cos(πk/40)) > 0.3069 for k ≤ 19; the restart at 40 starts again from 0.6.
    const { verdict } = judged({
      learningRate: 0.6,
      steps: 50,
      schedule: { name: "cosine-restarts", args: { firstDecaySteps: 40 } },
    });
    expect(verdict).toMatchObject({
      exceededBoundAt: 0,
      crossedBoundAt: 20,
      boundExcursions: 2,
      lastExcursion: { from: 40, to: null },
      outcome: "jumps-out",
    });
  });
});

describe("judgeRun: the budget, not the rate", () => {
  // From (0, 0): 0.24 needs 11 steps, the fewest of any constant rate; 0.22 needs 12; 0.2 needs 13.
  it("calls the fastest rate short of steps needs-more-steps, not too small", () => {
    expect(stepsNeeded(0.24)).toBe(11);
    const { verdict } = judged({ learningRate: 0.24, steps: 10 });
    expect(verdict).toMatchObject({
      outcome: "needs-more-steps",
      reached: false,
      budgetTooShort: true,
      stepsNeeded: 11,
      fastest: { steps: 11 },
    });
    expect(judged({ learningRate: 0.24, steps: 11 }).verdict.outcome).toBe("good");
  });

  it("keeps a rate within 10% of the fastest's steps (0.22, 12) as needing steps, and a slower one (0.2, 13) too small", () => {
    expect(judged({ learningRate: 0.22, steps: 10 }).verdict.outcome).toBe("needs-more-steps");
    expect(judged({ learningRate: 0.2, steps: 10 }).verdict.outcome).toBe("too-small");
  });
});

describe("judgeRun: mini-batch noise against crawling", () => {
  it("calls a mini-batch run too small when the same rate on the full batch is as far (the closed form)", () => {
    // Batch 1 on 100 points for 5 epochs: 500 updates at 0.001. Full batch, 500 steps at 0.001 leave
    // L − L* = 0.0502 by the closed-form iterate, 52× the closeness gap.
    const { run, verdict } = judged({ learningRate: 0.001, batchSize: 1, epochs: 5, steps: null });
    expect(run.steps).toBe(500);
    const twin = gradientDescentIterate(stats, theory, 0.001, 0, 0, 500);
    expect(verdict.fullBatchGap).toBeCloseTo(twin.loss - theory.optimum.loss, 12);
    expect(verdict).toMatchObject({ outcome: "too-small", reached: false });
  });

  it("calls it noisy when the same rate reaches the best loss on the full batch", () => {
    const { verdict } = judged({ learningRate: 0.1, batchSize: 1, epochs: 50, steps: null });
    expect(verdict.fullBatchGap).toBeLessThanOrEqual(verdict.closeness?.gap ?? 0);
    expect(verdict).toMatchObject({ outcome: "noisy", reached: false });
  });

  it("calls mini-batches on exact data crawling, not noisy: there is no noise at the optimum", () => {
    // y = 2x + 1 exactly: every batch's gradient vanishes at the optimum, so a run short of it is slow.
    const exactLine = dataOf([0, 1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 3, 5, 7, 9, 11, 13, 15, 17, 19]);
    const { verdict } = judged({ learningRate: 0.02, batchSize: 1, epochs: 50, steps: null }, exactLine);
    expect(verdict).toMatchObject({ outcome: "too-small", reached: false });
    expect(verdict.fullBatchGap).toBeGreaterThan(verdict.closeness?.gap ?? Number.POSITIVE_INFINITY);
  });

  it("calls a decaying mini-batch run that crawls too small, whatever its schedule", () => {
    const { verdict } = judged({
      learningRate: 0.01,
      batchSize: 10,
      epochs: 40,
      steps: null,
      schedule: { name: "exponential", args: { decayRate: 0.01 } },
    });
    expect(verdict).toMatchObject({ outcome: "too-small", constantRate: false });
  });
});

describe("judgeRun: degenerate data", () => {
  it("reaches the best loss of constant x in one step at 1/λmax = 0.05 and suggests it, not the critical 0.1", () => {
    // The c.csv: x = 3, 3, 3, 3, where `suggest` used to recommend 0.1 and the loss never moved.
    const constantX = dataOf([3, 3, 3, 3], [1, 2, 5, 7]);
    const { run, verdict } = judged({ learningRate: 0.05, steps: 10 }, constantX);
    expect(run.dynamics.reachedAt).toBe(1);
    expect(verdict).toMatchObject({
      reached: true,
      outcome: "good",
      stepsNeeded: 1,
      suggestedLearningRate: 0.05,
    });
    expect(verdict.criticalLearningRate).toBe(0.1);
    expect(verdict.conditionNumber).toBe(Number.POSITIVE_INFINITY);
    const atCritical = judged({ learningRate: 0.1, steps: 10 }, constantX).verdict;
    expect(atCritical).toMatchObject({ regime: "oscillating", reached: false, stepsNeeded: null });
  });

  it("reaches one row's point in one step at 1/λmax = 0.1, with no percentage", () => {
    const { verdict } = judged({ learningRate: 0.1, steps: 3 }, dataOf([2], [5]));
    expect(verdict).toMatchObject({ reached: true, outcome: "good", stepsNeeded: 1, relativeGap: null });
    expect(verdict.closeness?.relativeTo).toBe("spread-of-y");
  });

  it("flags data whose condition number passes 1e4 as ill-conditioned", () => {
    const steep = syntheticLine({ n: 20, xMin: 100, xMax: 101, seed: 1 });
    // κ ≈ 1e9. From (0, 0) part of the error lies along the flat direction: hundreds of millions of steps.
    const far = judged({ learningRate: 1e-5 }, steep).verdict;
    expect(far.fastest?.steps).toBeGreaterThan(1e8);
    expect(far.illConditioned).toBe(true);
    // From a start off the optimum along the sharp direction alone, one step fixes it: nothing to warn about.
    const steepTheory = linearMseTheory(linearStats(steep));
    const [vw, vb] = steepTheory.eigenvectors[0];
    const start = { w: steepTheory.optimum.w + 10 * vw, b: steepTheory.optimum.b + 10 * vb };
    const sharp = judged({ learningRate: 1e-5, start }, steep).verdict;
    expect(sharp.fastest?.steps).toBe(1);
    expect(sharp.illConditioned).toBe(false);
    expect(judged({ learningRate: 0.1 }).verdict.illConditioned).toBe(false);
  });
});

describe("judgeRun: every suggestion respects its bound (property)", () => {
  const decimal = (low: number, high: number, perUnit = 100) =>
    fc.integer({ min: Math.round(low * perUnit), max: Math.round(high * perUnit) }).map((i) => i / perUnit);

  it("keeps the suggested rate, the fastest rate and the momentum pair below their bounds", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(decimal(-5, 5), decimal(-5, 5)), { minLength: 3, maxLength: 15 }),
        fc.constantFrom(0, 0, 0.5, 0.9),
        fc.boolean(),
        decimal(0.05, 1.5, 100),
        (points, momentum, nesterov, fraction) => {
          const on = dataOf(
            points.map(([x]) => x),
            points.map(([, y]) => y),
          );
          const s = linearStats(on);
          fc.pre(s.sxx > 0.01 * s.n);
          const t = linearMseTheory(s);
          const optimizer = { name: "sgd" as const, args: { momentum, nesterov } };
          const bound = regimeBounds(t.hessianEigenvalues[0], {
            name: "sgd",
            config: { momentum, nesterov },
          });
          const learningRate = fraction * (bound?.critical.learningRate as number);
          const { verdict } = trainAndJudge(
            { ...DEFAULT_RUN_CONFIG, optimizer, learningRate, steps: 50 },
            on,
            {
              stats: s,
              theory: t,
            },
          );
          expect(verdict.criticalLearningRate).toBe(bound?.critical.learningRate);
          if (verdict.suggestedLearningRate !== null)
            expect(verdict.suggestedLearningRate).toBeLessThan(verdict.criticalLearningRate as number);
          if (verdict.fastest !== null)
            expect(verdict.fastest.learningRate).toBeLessThan(t.criticalLearningRate);
          if (verdict.momentumPair !== null && !nesterov) {
            const pairBound = regimeBounds(t.hessianEigenvalues[0], {
              name: "sgd",
              config: { momentum: verdict.momentumPair.momentum },
            });
            expect(verdict.momentumPair.learningRate).toBeLessThan(
              pairBound?.critical.learningRate as number,
            );
          }
        },
      ),
    );
  });

  // Bug: Polyak's pair is the heavy ball's, but it is offered to Nesterov runs too. On the built-in data
  // it is lr 0.34 with momentum 0.25, and Nesterov with momentum 0.25 diverges above
  // 2(1.25)/(1.5 · 6.5167) = 0.2557: a Nesterov user who follows it jumps out.
  it("offers a Nesterov run a momentum pair that Nesterov can run", () => {
    const optimizer = { name: "sgd" as const, args: { momentum: 0.9, nesterov: true } };
    const { verdict } = judged({ learningRate: 0.1, optimizer });
    const pair = verdict.momentumPair;
    expect(pair).not.toBeNull();
    const { learningRate, momentum } = pair as NonNullable<typeof pair>;
    const follow = sgd({ learningRate, momentum, nesterov: true });
    const run = train(data, { optimizer: follow, steps: 100 });
    const followed = judgeRun(run, {
      theory,
      optimizer: follow,
      constantRate: true,
      initialW: 0,
      initialB: 0,
    });
    expect(followed.regime).not.toBe("diverging");
  });
});

describe("judgeRun: advice that does what it promises (fresh-eyes round 2)", () => {
  // Hand-made data whose fastest rate sits above 1/λmax: x 1…5, y = 1000x + noise-free offsets.
  const steep = {
    x: Float64Array.from([1, 2, 3, 4, 5]),
    y: Float64Array.from([1001, 1998, 3003, 3997, 5002]),
    xName: "x",
    yName: "y",
    source: "steep",
  };

  it("calls the fastest rate 'needs more steps' even while it still jumps across the minimum", () => {
    const stats = linearStats(steep);
    const theory = linearMseTheory(stats);
    const close = closeness(stats, mseAt(stats, 0, 0));
    const fastest = fastestRate(stats, theory, { initialW: 0, initialB: 0, gap: close.gap });
    if (!fastest) throw new Error("no fastest rate");
    expect(fastest.learningRate).toBeGreaterThan(1 / theory.hessianEigenvalues[0]); // it overshoots
    const budget = Math.floor(fastest.steps / 2);
    const { verdict } = trainAndJudge(
      { ...DEFAULT_RUN_CONFIG, learningRate: fastest.learningRate, steps: budget },
      steep,
      { stats, theory },
    );
    expect(verdict.regime).toBe("oscillating");
    expect(verdict.outcome).toBe("needs-more-steps");
  });

  it("never credits Adam with a lucky landing: the suggested rate stays within the gap past the budget", () => {
    const { verdict } = trainAndJudge(
      { ...DEFAULT_RUN_CONFIG, optimizer: { name: "adam", args: {} }, learningRate: 0.207, steps: 50 },
      builtinData(),
    );
    // None of the rates stays within 0.1% from a step ≤ 50 and on; this rate itself does from step 89.
    expect(verdict).toMatchObject({ outcome: "needs-more-steps", stepsNeeded: 89 });
    const simulated = verdict.simulated;
    if (!simulated || simulated.steps === null) throw new Error("no simulated rate");
    expect(simulated.steps).toBeGreaterThan(50);
    // Following the advice: the rate, run for the steps it names, is good, and stays good after.
    for (const steps of [simulated.steps, simulated.steps + 20]) {
      const followed = trainAndJudge(
        {
          ...DEFAULT_RUN_CONFIG,
          optimizer: { name: "adam", args: {} },
          learningRate: simulated.learningRate,
          steps,
        },
        builtinData(),
      ).verdict;
      expect(followed.outcome).toBe("good");
    }
  });
});
