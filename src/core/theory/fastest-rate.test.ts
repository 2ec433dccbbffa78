import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { momentumRecursion } from "../../test-support/momentum-recursion.js";
import { builtinData, type Dataset } from "../data/data.js";
import { type LinearStats, linearStats } from "../data/stats.js";
import { closeness } from "../judging/closeness.js";
import { roundDownToOneDigit } from "../judging/verdict.js";
import {
  bestRateForMomentum,
  type FastestRate,
  fastestRate,
  momentumContraction,
  momentumRootModulus,
  optimalMomentumPair,
  roundDownSignificant,
  shortestRoundingDown,
} from "./fastest-rate.js";
import { regimeBounds } from "./regime.js";
import { type LinearMseTheory, linearMseTheory, stepsToTolerance } from "./theory.js";

const dataOf = (xs: readonly number[], ys: readonly number[]): Dataset => ({
  x: Float64Array.from(xs),
  y: Float64Array.from(ys),
  xName: "x",
  yName: "y",
  source: "test",
});

const builtin = builtinData();
const stats = linearStats(builtin);
const theory = linearMseTheory(stats);
const gap = closeness(stats).gap; // 0.1% of L* = 0.00096921…
const fromOrigin = { initialW: 0, initialB: 0, gap };

/** Decimals on a grid, so generated data look like data. */
const decimal = (low: number, high: number, perUnit = 100) =>
  fc.integer({ min: Math.round(low * perUnit), max: Math.round(high * perUnit) }).map((i) => i / perUnit);

const pointsArbitrary = fc
  .array(fc.tuple(decimal(-5, 5), decimal(-5, 5)), { minLength: 3, maxLength: 20 })
  .map((points) =>
    dataOf(
      points.map(([x]) => x),
      points.map(([, y]) => y),
    ),
  );

/** Steps a constant rate needs to get within `tolerance`, with "never" as Infinity. */
const stepsAt = (
  s: LinearStats,
  t: LinearMseTheory,
  learningRate: number,
  initialW: number,
  initialB: number,
  tolerance: number,
) => stepsToTolerance(s, t, { learningRate, initialW, initialB, tolerance }) ?? Number.POSITIVE_INFINITY;

describe("fastestRate on the built-in data, from (0, 0)", () => {
  const fastest = fastestRate(stats, theory, fromOrigin) as FastestRate;

  it("is 0.24, needing 11 steps, where the best worst-case rate 0.2755 needs 22", () => {
    expect(fastest.learningRate).toBe(0.24);
    expect(fastest.steps).toBe(11);
    expect(fastest.exactLearningRate).toBeCloseTo(0.2409, 4);
    expect(stepsAt(stats, theory, 0.24, 0, 0, gap)).toBe(11);
    expect(theory.optimalLearningRate).toBeCloseTo(0.275478, 6);
    expect(stepsAt(stats, theory, theory.optimalLearningRate, 0, 0, gap)).toBe(22);
  });

  it("needs the fewest steps of any rate: a brute force over every rate 0.00001, 0.00002, … below 2/λmax finds 11", () => {
    let fewest = Number.POSITIVE_INFINITY;
    const fewestAt: number[] = [];
    for (let i = 1; i * 1e-5 < theory.criticalLearningRate; i++) {
      const rate = i * 1e-5;
      const steps = stepsAt(stats, theory, rate, 0, 0, gap);
      if (steps < fewest) fewestAt.length = 0;
      if (steps <= fewest) {
        fewest = steps;
        fewestAt.push(rate);
      }
    }
    expect(fewest).toBe(11);
    // The rates that make it in 11 steps are the range the answer gives, to the grid's resolution.
    expect(fastest.range[0]).toBeCloseTo(fewestAt[0] as number, 4);
    expect(fastest.range[1]).toBeCloseTo(fewestAt.at(-1) as number, 4);
    expect(fastest.range[0]).toBeCloseTo(0.23084, 5);
    expect(fastest.range[1]).toBeCloseTo(0.24688, 5);
  });

  it("needs 0 steps when the start is already within the gap (the best worst-case rate, rounded down)", () => {
    const already = fastestRate(stats, theory, { initialW: stats.optimum.w, initialB: stats.optimum.b, gap });
    expect(already).toMatchObject({ steps: 0, learningRate: 0.2 });
    expect(already?.exactLearningRate).toBe(theory.optimalLearningRate);
  });
});

describe("fastestRate on any data (property)", () => {
  it("is below 2/λmax, rounded down, achieved by the rounded rate, and no rate on a grid needs fewer steps", () => {
    fc.assert(
      fc.property(pointsArbitrary, decimal(-5, 5), decimal(-5, 5), (data, initialW, initialB) => {
        const s = linearStats(data);
        fc.pre(s.sxx > 0.01 * s.n);
        const t = linearMseTheory(s);
        const tolerance = closeness(s).gap;
        const fastest = fastestRate(s, t, { initialW, initialB, gap: tolerance });
        if (fastest === null) {
          // Only when already there.
          expect(stepsAt(s, t, 0, initialW, initialB, tolerance)).toBe(0);
          return;
        }
        const { learningRate, exactLearningRate, steps, range } = fastest;
        expect(learningRate).toBeGreaterThan(0);
        expect(learningRate).toBeLessThan(t.criticalLearningRate);
        expect(learningRate).toBeLessThanOrEqual(exactLearningRate);
        expect(range[0]).toBeLessThanOrEqual(learningRate);
        expect(learningRate).toBeLessThanOrEqual(range[1]);
        // The range may end at 2/λmax itself: when the start's sharp component carries less than the gap,
        // even a rate that bounces it forever gets there.
        expect(range[1]).toBeLessThanOrEqual(t.criticalLearningRate);
        expect(stepsAt(s, t, learningRate, initialW, initialB, tolerance)).toBe(steps);
        expect(stepsAt(s, t, exactLearningRate, initialW, initialB, tolerance)).toBe(steps);
        for (let i = 1; i < 400; i++) {
          const rate = (i / 400) * t.criticalLearningRate;
          expect(stepsAt(s, t, rate, initialW, initialB, tolerance)).toBeGreaterThanOrEqual(steps);
        }
      }),
      { numRuns: 100 },
    );
  });

  it("reaches the best loss in one step at 1/λmax when the Hessian is singular: constant x, one row", () => {
    // x = 3, 3, 3, 3: H = 2·[[9, 3], [3, 1]], λmax = 20, λmin = 0; one row (2, 5): λmax = 2·(4 + 1) = 10.
    for (const [data, lambdaMax] of [
      [dataOf([3, 3, 3, 3], [1, 2, 5, 7]), 20],
      [dataOf([2], [5]), 10],
    ] as const) {
      const s = linearStats(data);
      const t = linearMseTheory(s);
      expect(t.hessianEigenvalues).toEqual([lambdaMax, 0]);
      const fastest = fastestRate(s, t, { initialW: 0, initialB: 0, gap: closeness(s).gap }) as FastestRate;
      expect(fastest.steps).toBe(1);
      expect(fastest.exactLearningRate).toBeCloseTo(1 / lambdaMax, 12);
      expect(fastest.learningRate).toBe(1 / lambdaMax);
      expect(t.optimalLearningRate).toBe(1 / lambdaMax);
    }
  });
});

describe("roundDownSignificant and shortestRoundingDown", () => {
  it("rounds toward zero to the digits asked for", () => {
    expect(roundDownSignificant(0.3069029941968992, 1)).toBe(0.3);
    expect(roundDownSignificant(0.3069029941968992, 3)).toBe(0.306);
    expect(roundDownSignificant(0.3069029941968992, 4)).toBe(0.3069);
    // The ill-conditioned data: 2/λmax = 9.77358e-7, once printed as 9.774e-7 (above it).
    expect(roundDownSignificant(9.77358e-7, 4)).toBe(9.773e-7);
    expect(roundDownSignificant(123, 1)).toBe(100);
    expect(roundDownSignificant(0.2755, 3)).toBe(0.275);
    expect(roundDownToOneDigit(0.055)).toBe(0.05);
    expect(roundDownToOneDigit(7)).toBe(7);
  });

  it("leaves zero, negative and non-finite values alone", () => {
    expect(roundDownSignificant(0, 2)).toBe(0);
    expect(roundDownSignificant(-0.37, 1)).toBe(-0.37);
    expect(roundDownSignificant(Number.POSITIVE_INFINITY, 1)).toBe(Number.POSITIVE_INFINITY);
  });

  it("never rounds up, keeps at most the digits asked for, and loses less than one unit of the last (property)", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1e-12, max: 1e12, noNaN: true }),
        fc.integer({ min: 1, max: 6 }),
        (value, digits) => {
          const rounded = roundDownSignificant(value, digits);
          expect(rounded).toBeLessThanOrEqual(value);
          expect(rounded).toBeGreaterThan(0);
          const mantissa = rounded.toExponential().split("e")[0] as string;
          expect(mantissa.replace(/[.-]/g, "").replace(/0+$/, "").length).toBeLessThanOrEqual(digits);
          const unit = 10 ** (Math.floor(Math.log10(rounded)) - digits + 1);
          expect(value - rounded).toBeLessThan(unit * (1 + 1e-9));
        },
      ),
    );
  });

  // Bug: the digits come from value.toExponential(20), the binary value's exact expansion, so a value that
  // IS a short decimal is cut below itself: 0.3 is 0.29999999999999998890…, kept to one digit 0.2. The
  // shortest decimal (String(value)) would keep 0.3, and its rounding down can never exceed the value.
  it("keeps a value that already has the digits asked for: 0.3 → 0.3, 0.24 → 0.24, 1e-7 → 1e-7", () => {
    expect(roundDownSignificant(0.3, 1)).toBe(0.3);
    expect(roundDownSignificant(0.24, 2)).toBe(0.24);
    expect(roundDownSignificant(1e-7, 1)).toBe(1e-7);
    expect(roundDownToOneDigit(0.3)).toBe(0.3);
  });

  it("finds the fewest digits a promise allows, or gives the value back when none does", () => {
    expect(shortestRoundingDown(0.2755, (rate) => rate <= 0.2755)).toBe(0.2);
    expect(shortestRoundingDown(0.2755, (rate) => rate >= 0.27)).toBe(0.27);
    expect(shortestRoundingDown(0.2755, (rate) => rate >= 0.2754)).toBe(0.2755);
    expect(shortestRoundingDown(0.2755, () => false)).toBe(0.2755);
  });
});

describe("momentum: root moduli, Polyak's pair and the best rate for a momentum", () => {
  it("gives the per-step factor of plain gradient descent at β = 0, and √β inside the spiral", () => {
    expect(momentumRootModulus(0.5, 0)).toBeCloseTo(0.5, 15);
    expect(momentumRootModulus(1.5, 0)).toBeCloseTo(0.5, 15);
    expect(momentumRootModulus(1, 0)).toBe(0);
    // β = 0.81, h = 1: heavy ball z² − 0.81·z + 0.81, discriminant 0.6561 − 3.24 < 0: |z| = √0.81 = 0.9.
    expect(momentumRootModulus(1, 0.81)).toBeCloseTo(0.9, 15);
    // Nesterov at h = 1 removes the direction: z² − 0·z + 0.
    expect(momentumRootModulus(1, 0.81, true)).toBe(0);
  });

  it("agrees with the growth rate of the Keras recursion (property)", () => {
    fc.assert(
      fc.property(decimal(0.001, 6, 1000), decimal(0, 0.95, 100), fc.boolean(), (h, momentum, nesterov) => {
        const steps = 3000;
        const { logSize } = momentumRecursion(1, h, momentum, nesterov, steps);
        const modulus = momentumRootModulus(h, momentum, nesterov);
        fc.pre(modulus > 1e-3); // a zero root leaves nothing to measure
        // A repeated root adds a factor k: log(3000)/3000 < 0.003 per step.
        expect(logSize / steps).toBeCloseTo(Math.log(modulus), 2);
      }),
    );
  });

  it("is Polyak's pair on the built-in data, rounded down: lr 0.342 (of 0.34299), momentum 0.245 (of 0.24508)", () => {
    // η = 4/(√6.51672 + √0.743385)² = 4/(2.552786 + 0.862198)² = 4/11.66212 = 0.342991;
    // β = ((√κ − 1)/(√κ + 1))², √κ = 2.960802: (1.960802/3.960802)² = 0.245076.
    // Rounded to 1 digit (0.3, 0.2) the flat direction (h = 0.3 · 0.743385 = 0.22302, real roots of
    // z² − 0.97698·z + 0.2) shrinks only by (0.97698 + √0.15450)/2 = 0.68502 per step, slower than 90% of
    // the optimal speed −log √0.245 = 0.703. Both are rounded down, β in its distance from 1 (0.754924 up
    // to 0.76, so β 0.24 at 2 digits, which is again too slow); at 3 digits (0.342, 0.245) the speed is
    // within 10%. (Rounded to the nearest, (0.34, 0.25) would spiral at √0.25 = 0.5, but its β is above
    // the one computed.)
    const pair = optimalMomentumPair(theory);
    expect(pair.learningRate).toBe(0.342);
    expect(pair.momentum).toBe(0.245);
    expect(pair.contraction).toBeCloseTo(0.515444, 5);
    expect(-Math.log(pair.contraction)).toBeGreaterThanOrEqual(0.9 * -Math.log(Math.sqrt(0.245076)));
    expect(momentumContraction(theory, 0.34, 0.25)).toBeCloseTo(0.5, 14);
    expect(momentumContraction(theory, 0.3, 0.2)).toBeCloseTo(0.68502, 5);
    // Below its own bound 2(1 + 0.245)/λmax = 0.3821.
    expect(pair.learningRate).toBeLessThan((2 * 1.245) / theory.hessianEigenvalues[0]);
  });

  it("gives β = 0 and 1/λmax when λmin = 0 (constant x)", () => {
    const t = linearMseTheory(linearStats(dataOf([3, 3, 3], [1, 2, 3])));
    expect(optimalMomentumPair(t)).toEqual({ learningRate: 0.05, momentum: 0, contraction: 0 });
  });

  it("keeps Polyak's pair stable, below its bound and within 10% of the optimal speed on any data (property)", () => {
    fc.assert(
      fc.property(pointsArbitrary, (data) => {
        const s = linearStats(data);
        fc.pre(s.sxx > 0.01 * s.n);
        const t = linearMseTheory(s);
        const [lambdaMax, lambdaMin] = t.hessianEigenvalues;
        const pair = optimalMomentumPair(t);
        const bound = regimeBounds(lambdaMax, { name: "sgd", config: { momentum: pair.momentum } });
        expect(pair.learningRate).toBeLessThan(bound?.critical.learningRate as number);
        expect(pair.contraction).toBeLessThan(1);
        expect(pair.contraction).toBeCloseTo(momentumContraction(t, pair.learningRate, pair.momentum), 12);
        const rootKappa = Math.sqrt(lambdaMax / lambdaMin);
        const optimalSpeed = -Math.log((rootKappa - 1) / (rootKappa + 1));
        expect(-Math.log(pair.contraction)).toBeGreaterThanOrEqual(0.9 * optimalSpeed * (1 - 1e-9));
      }),
    );
  });

  it("gives 0.04 as the best rate for momentum 0.9 on the built-in data, inside the stretch where both directions spiral at √β", () => {
    // Both roots are complex (modulus √0.9) for h from (1 − √0.9)² = 0.0026334 to (1 + √0.9)² = 3.7974 in
    // both directions: η from 0.0026334/0.743385 = 0.0035424 to 3.7974/6.51672 = 0.58272. Their geometric
    // mean 0.045434, rounded down, is 0.04.
    expect(bestRateForMomentum(theory, 0.9)).toBe(0.04);
    expect(momentumContraction(theory, 0.04, 0.9)).toBeCloseTo(Math.sqrt(0.9), 12);
    expect(bestRateForMomentum(theory, 1)).toBeNull();
    expect(bestRateForMomentum(theory, -0.1)).toBeNull();
  });

  it("keeps the best rate for any momentum below that momentum's bound, and converging (property)", () => {
    fc.assert(
      fc.property(pointsArbitrary, decimal(0, 0.99, 100), fc.boolean(), (data, momentum, nesterov) => {
        const s = linearStats(data);
        fc.pre(s.sxx > 0.01 * s.n);
        const t = linearMseTheory(s);
        const rate = bestRateForMomentum(t, momentum, nesterov);
        const bound = regimeBounds(t.hessianEigenvalues[0], { name: "sgd", config: { momentum, nesterov } });
        expect(rate).not.toBeNull();
        expect(rate as number).toBeLessThan(bound?.critical.learningRate as number);
        expect(momentumContraction(t, rate as number, momentum, nesterov)).toBeLessThan(1);
      }),
    );
  });
});
