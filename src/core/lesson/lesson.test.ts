import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { builtinData, type Dataset, syntheticLine } from "../data/data.js";
import { linearStats, mseAt } from "../data/stats.js";
import { closeness } from "../judging/closeness.js";
import { trainAndJudge } from "../judging/judged-run.js";
import { fastestRate } from "../theory/fastest-rate.js";
import { gradientDescentIterate, linearMseTheory } from "../theory/theory.js";
import { DEFAULT_RUN_CONFIG, type RunConfig } from "../training/run-config.js";
import { LESSON_RATE_NAMES, type LessonPlan, lessonPlan } from "./lesson.js";

const builtin = builtinData();

const rateOf = (plan: LessonPlan, name: string) =>
  plan.rates.find((rate) => rate.name === name)?.learningRate;

/** Decimals on a grid, so generated data look like data. */
const decimal = (low: number, high: number, perUnit = 100) =>
  fc.integer({ min: Math.round(low * perUnit), max: Math.round(high * perUnit) }).map((i) => i / perUnit);

describe("lessonPlan on the built-in data", () => {
  it("picks 0.008 / 0.24 / 0.3 / 0.34 for a 30-step budget, the same as it chooses by itself", () => {
    // The fastest rate 0.24 needs 11 steps; the budget is the nice ceiling of 2.5 · 11 = 27.5, i.e. 30.
    // Too small: 0.24/30 = 0.008. Jumps out: 1.1 · 0.3069 = 0.3376, rounded up to two digits, 0.34.
    const chosen = lessonPlan(DEFAULT_RUN_CONFIG, builtin) as LessonPlan;
    const at30 = lessonPlan(DEFAULT_RUN_CONFIG, builtin, { steps: 30 }) as LessonPlan;
    for (const plan of [chosen, at30]) {
      expect(plan.steps).toBe(30);
      expect(plan.rates.map((rate) => [rate.name, rate.learningRate])).toEqual([
        ["too-small", 0.008],
        ["good", 0.24],
        ["jumps-around", 0.3],
        ["jumps-out", 0.34],
      ]);
      expect(plan.missing).toEqual([]);
      expect(plan.faithful).toBe(true);
      expect(plan.illConditioned).toBe(false);
      expect(plan.fastestSteps).toBe(11);
      expect(plan.criticalLearningRate).toBeCloseTo(0.306903, 6);
      expect(plan.conditionNumber).toBeCloseTo(8.7663, 4);
    }
  });

  it("shows each rate's regime when each is run on its own for 30 steps", () => {
    const judged = (learningRate: number) =>
      trainAndJudge({ ...DEFAULT_RUN_CONFIG, learningRate, steps: 30 }, builtin);
    const tooSmall = judged(0.008);
    expect(tooSmall.verdict).toMatchObject({ regime: "converging", reached: false, outcome: "too-small" });
    // Still far: 65.7% above the best loss at the end, as the closed-form iterate says, 657× the gap.
    const stats = linearStats(builtin);
    const last = gradientDescentIterate(stats, linearMseTheory(stats), 0.008, 0, 0, 30);
    expect(tooSmall.verdict.relativeGap).toBeCloseTo(
      (last.loss - stats.optimum.loss) / stats.optimum.loss,
      10,
    );
    expect(tooSmall.verdict.relativeGap).toBeGreaterThan(0.65);
    const good = judged(0.24);
    expect(good.verdict).toMatchObject({ regime: "oscillating", reached: true, outcome: "good" });
    expect(good.run.dynamics.reachedAt).toBe(11);
    const jumpsAround = judged(0.3);
    expect(jumpsAround.verdict).toMatchObject({
      regime: "oscillating",
      reached: false,
      outcome: "jumps-around",
    });
    // Every late step crosses the minimum: factor 1 − 0.3 · 6.5167 = −0.955.
    expect(jumpsAround.run.dynamics.flips).toBe(15);
    expect(jumpsAround.run.dynamics.flipPairs).toBe(15);
    const jumpsOut = judged(0.34);
    expect(jumpsOut.verdict).toMatchObject({ regime: "diverging", reached: false, outcome: "jumps-out" });
    // Visibly out: the loss ends at least tenfold its start (factor −1.216 a step along the sharp direction).
    expect(jumpsOut.run.final.loss).toBeGreaterThan(10 * (jumpsOut.run.history.loss[0] as number));
  });

  it("finds the four for SGD with momentum, below and above its own bound 2(1 + β)/λmax = 0.5831", () => {
    const plan = lessonPlan(
      { ...DEFAULT_RUN_CONFIG, optimizer: { name: "momentum", args: {} } },
      builtin,
    ) as LessonPlan;
    expect(plan.criticalLearningRate).toBeCloseTo(0.583116, 6);
    expect(plan.faithful).toBe(true);
    expect(rateOf(plan, "jumps-around") as number).toBeLessThan(plan.criticalLearningRate as number);
    expect(rateOf(plan, "jumps-out") as number).toBeGreaterThan(plan.criticalLearningRate as number);
  });

  it("has no plan for MAE and Huber, which have no exact best loss to reach", () => {
    expect(lessonPlan({ ...DEFAULT_RUN_CONFIG, loss: { name: "mae" } }, builtin)).toBeNull();
    expect(lessonPlan({ ...DEFAULT_RUN_CONFIG, loss: { name: "huber", delta: 1 } }, builtin)).toBeNull();
  });
});

describe("lessonPlan on random data", () => {
  it("shows every regime on well-conditioned data (condition number < 1e4), for its own budget or one given (property)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 60 }),
        decimal(-10, 10),
        decimal(0.1, 20),
        decimal(-5, 5),
        decimal(-5, 5),
        decimal(0, 3),
        fc.integer({ min: 0, max: 1000 }),
        fc.record({ w: decimal(-5, 5), b: decimal(-5, 5) }),
        fc.option(decimal(0.2, 5, 10), { nil: undefined }),
        (n, center, width, slope, intercept, noise, seed, start, budgetFactor) => {
          const data = syntheticLine({
            n,
            xMin: center - width / 2,
            xMax: center + width / 2,
            slope,
            intercept,
            noiseStandardDeviation: noise,
            seed,
          });
          const stats = linearStats(data);
          const theory = linearMseTheory(stats);
          fc.pre(theory.conditionNumber < 1e4);
          // A lesson needs somewhere to go: the start well outside the gap, and enough of it along the
          // sharp direction that overshooting it shows in the loss.
          const { gap } = closeness(stats);
          fc.pre(gap > 0); // y ≡ 0 takes its gap from the start (closeness.test.ts)
          const [vw, vb] = theory.eigenvectors[0];
          const sharp = vw * (start.w - stats.optimum.w) + vb * (start.b - stats.optimum.b);
          fc.pre(0.5 * theory.hessianEigenvalues[0] * sharp * sharp > 10 * gap);
          fc.pre(mseAt(stats, start.w, start.b) - stats.optimum.loss > 100 * gap);
          const fastest = fastestRate(stats, theory, { initialW: start.w, initialB: start.b, gap });
          // Within the budget the plan may choose (100,000 steps), and
          // short enough to keep the test quick.
          fc.pre(fastest !== null && fastest.steps <= 2000);
          const steps =
            budgetFactor === undefined ? undefined : Math.ceil((fastest?.steps ?? 0) * (1 + budgetFactor));
          const config: RunConfig = { ...DEFAULT_RUN_CONFIG, start };
          const plan = lessonPlan(config, data, steps === undefined ? {} : { steps }) as LessonPlan;
          expect(plan.rates.map((rate) => rate.name)).toEqual(LESSON_RATE_NAMES);
          expect(plan.faithful).toBe(true);
          expect(plan.illConditioned).toBe(false);
          // The plan's own word for each rate is the verdict's, run on its own.
          for (const rate of plan.rates) {
            const { verdict } = trainAndJudge(
              { ...config, learningRate: rate.learningRate, steps: plan.steps },
              data,
            );
            expect(verdict.outcome).toBe(rate.name);
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it("is not faithful, and says ill-conditioned and budget too short, when no constant rate gets there within the 100,000-step budget (property)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 3, max: 40 }),
        decimal(50, 1000, 1),
        decimal(0.5, 2),
        decimal(-5, 5),
        decimal(-2, 2),
        decimal(0, 0.5),
        fc.integer({ min: 0, max: 1000 }),
        (n, center, width, slope, level, noise, seed) => {
          // x far from 0 with little spread: the textbook case for standardising x.
          const data = syntheticLine({
            n,
            xMin: center - width / 2,
            xMax: center + width / 2,
            slope,
            intercept: level - slope * center,
            noiseStandardDeviation: noise,
            seed,
          });
          const stats = linearStats(data);
          const theory = linearMseTheory(stats);
          fc.pre(theory.conditionNumber > 1e4);
          const fastest = fastestRate(stats, theory, { initialW: 0, initialB: 0, gap: closeness(stats).gap });
          fc.pre(fastest !== null && fastest.steps > 100_000);
          const plan = lessonPlan(DEFAULT_RUN_CONFIG, data) as LessonPlan;
          expect(plan.illConditioned).toBe(true);
          expect(plan.conditionNumber).toBeGreaterThan(1e4);
          expect(plan.steps).toBe(100_000);
          expect(plan.faithful).toBe(false);
          expect(plan.budgetTooShort).toBe(true);
        },
      ),
      { numRuns: 20 },
    );
  });

  it("says ill-conditioned exactly when the condition number is above 1e4", () => {
    // x in [100, 101]: mean x² ≈ 1e4, Var x ≈ 1/12, κ ≈ 4·1e4/(4/12)… ≈ 1.2e5.
    const steep = syntheticLine({
      n: 20,
      xMin: 100,
      xMax: 101,
      slope: 2,
      intercept: -200,
      noiseStandardDeviation: 0.01,
      seed: 1,
    });
    const plan = lessonPlan(DEFAULT_RUN_CONFIG, steep) as LessonPlan;
    expect(plan.conditionNumber).toBeGreaterThan(1e4);
    expect(plan.illConditioned).toBe(true);
    expect(plan.faithful).toBe(false);
    // The "good" rate does not get there in the budget: the words must not call its flat curve good.
    const good = plan.rates.find((rate) => rate.name === "good");
    expect(good?.outcome).not.toBe("good");
    const mild = syntheticLine({ n: 20, xMin: 2, xMax: 6, seed: 1 });
    const mildPlan = lessonPlan(DEFAULT_RUN_CONFIG, mild) as LessonPlan;
    expect(mildPlan.conditionNumber).toBeLessThan(1e4);
    expect(mildPlan.illConditioned).toBe(false);
  });

  it("is not ill-conditioned when every x is equal: κ is ∞, but the flat direction adds nothing to the loss", () => {
    // x = 1 four times: H = 2·[[1, 1], [1, 1]], λ = 4 and 0. The fastest rate 1/λmax = 0.25 gets there in one
    // step, and the verdict of every run says ill-conditioned is false; so must the plan.
    const constant: Dataset = {
      x: Float64Array.of(1, 1, 1, 1),
      y: Float64Array.of(2, 3, 5, 4),
      xName: "x",
      yName: "y",
      source: "constant x",
    };
    const plan = lessonPlan(DEFAULT_RUN_CONFIG, constant) as LessonPlan;
    expect(plan.conditionNumber).toBe(Number.POSITIVE_INFINITY);
    expect(plan.fastestSteps).toBe(1);
    expect(plan.illConditioned).toBe(false);
    const good = trainAndJudge({ ...DEFAULT_RUN_CONFIG, learningRate: 0.25, steps: plan.steps }, constant);
    expect(good.verdict.illConditioned).toBe(false);
  });

  // Two nearly exact points near x = 0 (κ = 5,385, L* = 0, so the gap is a millionth of mean y²) need
  // 15,910 steps at the fastest rate: the plan's budget stretches to hold them (up to 100,000), and when a
  // budget is too short for the good rate the plan says so.
  it("is faithful or says why when the condition number is below 1e4", () => {
    const twoPoints = syntheticLine({
      n: 2,
      xMin: -0.05,
      xMax: 0.05,
      slope: -0.01,
      intercept: 0,
      noiseStandardDeviation: 0,
      seed: 58,
    });
    const plan = lessonPlan(DEFAULT_RUN_CONFIG, twoPoints) as LessonPlan;
    expect(plan.conditionNumber).toBeLessThan(1e4);
    // Exact data: the gap is a billionth of Var y (closeness.ts), and the fastest rate needs 27,899 steps.
    expect(plan.fastestSteps).toBe(27_899);
    expect(plan.steps).toBeGreaterThanOrEqual(27_899);
    expect(plan.faithful).toBe(true);
    const short = lessonPlan(DEFAULT_RUN_CONFIG, twoPoints, { steps: 10_000 }) as LessonPlan;
    expect(short.faithful).toBe(false);
    expect(short.budgetTooShort).toBe(true);
  });

  // "Jumps around" is searched for where a visible part of the starting excess is left: 3% of it, or
  // thirty times the closeness gap when the start is already close (y unrelated to x, here pure noise with
  // L* = 6.6 and a start only 0.12 above it, where 3% of the excess is inside the gap).
  it("finds a jumps-around rate when the start is close to the best loss (y unrelated to x)", () => {
    const noise: Dataset = syntheticLine({
      n: 34,
      xMin: -6.25,
      xMax: 6.25,
      slope: 0,
      intercept: 0,
      noiseStandardDeviation: 3,
      seed: 3,
    });
    const plan = lessonPlan(DEFAULT_RUN_CONFIG, noise) as LessonPlan;
    const critical = plan.criticalLearningRate as number;
    const nearCritical = trainAndJudge(
      { ...DEFAULT_RUN_CONFIG, learningRate: 0.99 * critical, steps: plan.steps },
      noise,
    );
    expect(nearCritical.verdict.outcome).toBe("jumps-around");
    expect(plan.missing).toEqual([]);
    expect(plan.faithful).toBe(true);
  });
});
