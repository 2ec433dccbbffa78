import { describe, expect, it } from "vitest";
import { adam } from "../optimizers/adam.js";
import { sgd } from "../optimizers/sgd.js";
import { lossFellEveryStep, sharpnessBound, sharpnessPhases, unfinishedBlowUp } from "./edge-of-stability.js";

describe("sharpnessBound", () => {
  it("is 2/η for plain SGD, 2(1 + β)/η with momentum, 2(1 + β)/((1 + 2β)·η) with Nesterov, none for Adam", () => {
    expect(sharpnessBound(sgd({ learningRate: 0.1 }))).toEqual({ factor: 2, formula: "2/η" });
    // 2·(1 + 0.9) = 3.8
    const momentum = sharpnessBound(sgd({ learningRate: 0.1, momentum: 0.9 }));
    expect(momentum?.formula).toBe("2(1 + β)/η");
    expect(momentum?.factor).toBeCloseTo(3.8, 14);
    // 2·1.9/(1 + 1.8) = 1.357142…
    const nesterov = sharpnessBound(sgd({ learningRate: 0.1, momentum: 0.9, nesterov: true }));
    expect(nesterov?.formula).toBe("2(1 + β)/((1 + 2β)·η)");
    expect(nesterov?.factor).toBeCloseTo(3.8 / 2.8, 14);
    expect(sharpnessBound(adam())).toBeNull();
  });
});

describe("sharpnessPhases", () => {
  const constant = (bound: number) => () => bound;

  it("names the rise to the bound progressive sharpening and the rest the edge of stability", () => {
    // λ dips to 10 at step 20, rises to 20 = 2/η at step 50, then hovers at 19–21.
    const steps = [0, 10, 20, 30, 40, 50, 60, 70, 80];
    const sharpness = [15, 12, 10, 14, 18, 20, 19, 21, 19.5];
    const phases = sharpnessPhases(steps, sharpness, constant(20));
    expect(phases.sharpening).toEqual({ from: 20, to: 50, fromValue: 10, toValue: 20 });
    expect(phases.edgeFrom).toBe(50);
    expect(phases.edgeTo).toBe(80);
    expect(phases.startsAbove).toBe(false);
    // All four from step 50 on are within 10% of 20 (≥ 18) or above it.
    expect([phases.atEdge, phases.afterEdge]).toEqual([4, 4]);
  });

  it("does not call λmax at the bound the edge of stability when the loss ended above its start", () => {
    // The series of the first test (edge from step 50), with the loss ln 2 → 0.9032 (tester12-web-3 #7)
    // and, for contrast, ln 2 → 0.5: only the run whose loss fell is at the edge.
    const steps = [0, 10, 20, 30, 40, 50, 60, 70, 80];
    const sharpness = [15, 12, 10, 14, 18, 20, 19, 21, 19.5];
    const rose = sharpnessPhases(steps, sharpness, constant(20), { starting: Math.LN2, final: 0.9032 });
    expect(rose.edgeOfStability).toBe(false);
    expect(rose.hovering).toBe(false);
    expect(rose.edgeButLossRose).toBe(true);
    // The sharpness facts stay: λmax still rose to the bound at step 50.
    expect(rose.edgeFrom).toBe(50);
    expect(rose.sharpening).toEqual({ from: 20, to: 50, fromValue: 10, toValue: 20 });
    const fell = sharpnessPhases(steps, sharpness, constant(20), { starting: Math.LN2, final: 0.5 });
    expect(fell.edgeOfStability).toBe(true);
    expect(fell.edgeButLossRose).toBe(false);
    // A loss that is not finite fell nowhere either.
    const lost = sharpnessPhases(steps, sharpness, constant(20), { starting: Math.LN2, final: Number.NaN });
    expect(lost.edgeOfStability).toBe(false);
  });

  it("reads the phases after a start above the bound from the first measurement below it", () => {
    // Starts at 24 > 20, falls to 15, sharpens back to 21: the catapult, then the same story.
    const phases = sharpnessPhases([0, 20, 40, 60, 80], [24, 15, 18, 21, 20], constant(20));
    expect(phases.startsAbove).toBe(true);
    expect(phases.sharpening).toEqual({ from: 20, to: 60, fromValue: 15, toValue: 21 });
    expect(phases.edgeFrom).toBe(60);
  });

  it("calls a run that never comes below the bound at the edge from its first measurement", () => {
    const phases = sharpnessPhases([0, 10, 20], [30, 25, 22], constant(20));
    expect(phases.startsAbove).toBe(true);
    expect(phases.sharpening).toBeNull();
    expect(phases.edgeFrom).toBe(0);
  });

  it("finds no phase in a flat sharpness far below the bound (the line at a small rate)", () => {
    const phases = sharpnessPhases([0, 50, 100], [6.5167, 6.5167, 6.5167], constant(200));
    expect(phases).toEqual({
      sharpening: null,
      edgeFrom: null,
      edgeTo: null,
      startsAbove: false,
      atEdge: 0,
      afterEdge: 0,
      edgeOfStability: false,
      fellBelowFrom: null,
      edgeButLossRose: false,
      edgeRatios: null,
      hovering: false,
    });
  });

  it("hovers at the bound only when λmax stays within 10% below to 20% above it", () => {
    // fit --model mlp --lr 0.09684 --track-sharpness 10: 2/η = 20.65; λmax 20.79 and 21.32 after reaching
    // it at step 90, ratios 20.79/20.65 = 1.007 and 21.32/20.65 = 1.032: hovering.
    const hovering = sharpnessPhases([70, 80, 90, 100], [19.56, 20.21, 20.79, 21.32], constant(2 / 0.09684));
    expect(hovering.edgeOfStability).toBe(true);
    expect(hovering.hovering).toBe(true);
    expect(hovering.edgeRatios?.low).toBeCloseTo(20.79 / (2 / 0.09684), 10);
    expect(hovering.edgeRatios?.high).toBeCloseTo(21.32 / (2 / 0.09684), 10);
    // The houses network at η = 0.01 (2/η = 200): λmax 225, 268.5, 523.6, 338.6, 345.1 after starting at
    // 1164: ratios 1.125, 1.34, 2.62, 1.69, 1.73 (and 5.82): only 1.125 of 6 within 1.2, so past the edge.
    const above = sharpnessPhases(
      [0, 10, 20, 30, 40, 50],
      [1163.85, 225.05, 268.53, 523.56, 338.63, 345.13],
      constant(200),
    );
    expect(above.edgeOfStability).toBe(true);
    expect(above.hovering).toBe(false);
    expect(above.edgeRatios).toEqual({ low: 225.05 / 200, high: 1163.85 / 200 });
  });

  it("does not call a start above the bound that falls away the edge of stability (fit --model mlp --lr 0.09)", () => {
    // 2/η = 22.22 at η = 0.09; λmax 23.95 at step 0, then 13.4 rising to 20.78, never back at the bound.
    const phases = sharpnessPhases([0, 2, 50, 100], [23.95, 13.4, 17.5, 20.78], constant(2 / 0.09));
    expect(phases.edgeOfStability).toBe(false);
    expect(phases.fellBelowFrom).toBe(2);
    // 13.4 → 20.78 is a rise of 55% that held to the end: progressive sharpening, below the bound.
    expect(phases.sharpening).toEqual({ from: 2, to: 100, fromValue: 13.4, toValue: 20.78 });
  });

  it("does not call a lone spike across the bound the edge, nor the rise to it sharpening (separable logistic data)", () => {
    // 2/η = 0.714 at η = 2.8: λmax falls from 2.09 to 0.03, jumps once to 1.65, then stays near 0.4.
    const steps = [0, 2, 4, 6, 8, 10, 12, 14, 16, 18];
    const values = [2.09, 0.54, 0.28, 0.03, 1.65, 0.78, 0.52, 0.27, 0.4, 0.4];
    const phases = sharpnessPhases(steps, values, constant(2 / 2.8));
    // From step 8 on: 1.65 and 0.78 are at or above 0.643 (90% of the bound), 2 of 6 measurements.
    expect([phases.edgeFrom, phases.atEdge, phases.afterEdge]).toEqual([8, 2, 6]);
    expect(phases.edgeOfStability).toBe(false);
    // The rise 0.03 → 1.65 fell back to 0.4 by the end: not progressive sharpening.
    expect(phases.sharpening).toBeNull();
  });

  it("does not call a rise of less than 20% sharpening", () => {
    expect(sharpnessPhases([0, 1, 2], [10, 11, 11.9], constant(100)).sharpening).toBeNull();
    expect(sharpnessPhases([0, 1, 2], [10, 11, 12], constant(100)).sharpening).not.toBeNull();
  });

  it("ends the edge where a decaying rate lifts the bound away from λmax", () => {
    // 2/η holds at 20 to step 10, then doubles every 10 steps; λ meets it at step 10 and stays at 21.
    const bound = (step: number) => 20 * 2 ** (Math.max(0, step - 10) / 10);
    const phases = sharpnessPhases([0, 10, 20, 30], [15, 21, 21, 21], bound);
    expect(phases.edgeFrom).toBe(10);
    // At step 20 the bound is 40 and 21 < 0.9·40: the edge ended at step 10.
    expect(phases.edgeTo).toBe(10);
    expect([phases.atEdge, phases.afterEdge]).toEqual([1, 3]);
  });

  it("skips measurements that are not finite", () => {
    const phases = sharpnessPhases([0, 10, 20], [10, Number.NaN, 20], constant(20));
    expect(phases.edgeFrom).toBe(20);
    expect(phases.sharpening).toEqual({ from: 0, to: 20, fromValue: 10, toValue: 20 });
  });
});

describe("lossFellEveryStep", () => {
  it("is true for a loss that never rises, ties included, and false at the first rise", () => {
    expect(lossFellEveryStep([3, 2, 2, 1])).toBe(true);
    expect(lossFellEveryStep([3, 2, 2.0001, 1])).toBe(false);
  });

  it("skips values that are not finite", () => {
    expect(lossFellEveryStep([3, Number.NaN, 2])).toBe(true);
  });
});

describe("unfinishedBlowUp", () => {
  it("calls a several-fold loss rise a blow-up under way, and a rise under 4× not", () => {
    // 22.77 → 16046: ×704.7 (fit --model mlp --steps 1 --lr 5).
    expect(
      unfinishedBlowUp({ startingLoss: 22.77, finalLoss: 16046, boundRatio: null })?.lossRise,
    ).toBeCloseTo(704.7, 1);
    expect(unfinishedBlowUp({ startingLoss: 10, finalLoss: 40, boundRatio: null })).toEqual({
      lossRise: 4,
      boundRatio: null,
    });
    expect(unfinishedBlowUp({ startingLoss: 10, finalLoss: 39, boundRatio: null })).toBeNull();
  });

  it("calls λmax 10× its bound or more a blow-up even while the loss still falls, and 9× not", () => {
    // η·λmax = 5106 against plain SGD's 2: 2553× the bound.
    expect(unfinishedBlowUp({ startingLoss: 10, finalLoss: 5, boundRatio: 2553 })).toEqual({
      lossRise: null,
      boundRatio: 2553,
    });
    expect(unfinishedBlowUp({ startingLoss: 10, finalLoss: 5, boundRatio: 10 })?.boundRatio).toBe(10);
    // Past the edge but not blowing up (1.1× to 2.6× the bound): a bounce, for the other rules to word.
    expect(unfinishedBlowUp({ startingLoss: 10, finalLoss: 12, boundRatio: 9 })).toBeNull();
  });

  it("reads no rise from a start at loss 0 nor from a loss that is not finite", () => {
    expect(unfinishedBlowUp({ startingLoss: 0, finalLoss: 1, boundRatio: null })).toBeNull();
    expect(unfinishedBlowUp({ startingLoss: 1, finalLoss: Number.NaN, boundRatio: null })).toBeNull();
  });
});
