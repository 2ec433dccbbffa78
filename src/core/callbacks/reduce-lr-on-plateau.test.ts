import { describe, expect, it } from "vitest";
import { type PlateauState, reduceLROnPlateau, reduceLROnPlateauParams } from "./reduce-lr-on-plateau.js";

/** Runs the callback over a sequence of monitored values; returns the rate for the epoch after each one. */
function rates(
  callback: ReturnType<typeof reduceLROnPlateau>,
  values: readonly number[],
  learningRate: number,
  state: PlateauState = callback.init(),
): number[] {
  const out: number[] = [];
  let rate = learningRate;
  for (const value of values) {
    rate = callback.onEpochEnd(state, value, rate);
    out.push(rate);
  }
  return out;
}

describe("reduceLROnPlateau", () => {
  it("reduces exactly when Keras would, with patience, minDelta, cooldown and minLr", () => {
    const callback = reduceLROnPlateau({ factor: 0.5, patience: 2, minDelta: 0.1, cooldown: 2, minLr: 0.02 });
    const state = callback.init();
    const losses = [
      1.0,
      0.95,
      0.92,
      0.91,
      0.9,
      0.7,
      0.65,
      0.64,
      Number.NaN,
      0.64,
      0.64,
      0.64,
      0.64,
      0.64,
      0.64,
    ];
    // e0  1.00: first value beats best = +inf → best 1.0, wait 0
    // e1  0.95: not < 1.0 − 0.1 = 0.9 → wait 1
    // e2  0.92: not < 0.9 → wait 2 ≥ patience → 0.1 · 0.5 = 0.05; cooldown 2, wait 0       (reduction 1)
    // e3  0.91: cooldown 2 → 1, wait 0; no improvement; still in cooldown → no counting
    // e4  0.90: cooldown 1 → 0, wait 0; 0.90 < 0.9 is false; cooldown over → wait 1
    // e5  0.70: 0.70 < 0.9 → best 0.7, wait 0
    // e6  0.65: not < 0.7 − 0.1 = 0.6 → wait 1
    // e7  0.64: wait 2 → 0.05 · 0.5 = 0.025; cooldown 2, wait 0                               (reduction 2)
    // e8  NaN : cooldown 2 → 1; NaN never improves; in cooldown
    // e9  0.64: cooldown 1 → 0; wait 1
    // e10 0.64: wait 2; 0.025 > 0.02 → max(0.025 · 0.5, 0.02) = 0.02; cooldown 2, wait 0       (reduction 3)
    // e11 0.64: cooldown 2 → 1
    // e12 0.64: cooldown 1 → 0; wait 1
    // e13 0.64: wait 2 ≥ patience but 0.02 > min_lr 0.02 is false → no reduction, wait stays
    // e14 0.64: wait 3
    expect(rates(callback, losses, 0.1, state)).toEqual([
      0.1, 0.1, 0.05, 0.05, 0.05, 0.05, 0.05, 0.025, 0.025, 0.025, 0.02, 0.02, 0.02, 0.02, 0.02,
    ]);
    expect(state).toEqual({ best: 0.7, wait: 3, cooldownCounter: 0 });
  });

  it("counts the epoch that ends the cooldown towards patience, so cooldown 1 delays nothing (as Keras)", () => {
    const flat = [1, 1, 1, 1, 1, 1];
    // patience 1: e0 sets best; every later epoch is a plateau epoch.
    // cooldown 0 or 1: reduce at e1, e2, e3, e4, e5 — with cooldown 1, e2 decrements the counter to 0 and
    //   then (Keras re-checks in_cooldown after the decrement) counts wait = 1 ≥ patience at once.
    // cooldown 2: e2 is in cooldown (2 → 1), e3 ends it (1 → 0) and reduces; so e1, e3, e5.
    const run = (cooldown: number) =>
      rates(reduceLROnPlateau({ factor: 0.5, patience: 1, cooldown }), flat, 1);
    expect(run(0)).toEqual([1, 0.5, 0.25, 0.125, 0.0625, 0.03125]);
    expect(run(1)).toEqual([1, 0.5, 0.25, 0.125, 0.0625, 0.03125]);
    expect(run(2)).toEqual([1, 0.5, 0.5, 0.25, 0.25, 0.125]);
  });

  it("reads minDelta as a fraction of the best with minDeltaMode rel (PyTorch threshold_mode='rel')", () => {
    // min_delta 0.1, patience 1, factor 0.5.
    // abs: e0 best 100; e1 95 < 100 − 0.1 → best 95; e2 94 < 94.9 → best 94; e3 93.9 not < 93.9 → reduce.
    // rel: e0 best 100; e1 95 not < 100·0.9 = 90 → reduce to 0.5; e2 (cooldown 0) 94 not < 90 → 0.25;
    //      e3 80 < 90 → best 80, no reduction.
    const losses = [100, 95, 94, 93.9];
    const absolute = reduceLROnPlateau({ factor: 0.5, patience: 1, minDelta: 0.1 });
    expect(rates(absolute, losses, 1)).toEqual([1, 1, 1, 0.5]);
    const relative = reduceLROnPlateau({ factor: 0.5, patience: 1, minDelta: 0.1, minDeltaMode: "rel" });
    expect(rates(relative, [100, 95, 94, 80], 1)).toEqual([1, 0.5, 0.25, 0.25]);
    expect(relative.config.minDeltaMode).toBe("rel");
    expect(absolute.config.minDeltaMode).toBe("abs");
  });

  it("keeps the same relative margin whatever the loss's scale, and asks a negative best to improve too", () => {
    // A 5% fall beats min_delta 0.01 rel at any scale; absolute 0.01 would count it at 1e-3 scale only as a plateau.
    for (const scale of [1e-6, 1, 1e6]) {
      const rule = reduceLROnPlateau({ factor: 0.5, patience: 1, minDelta: 0.01, minDeltaMode: "rel" });
      expect(rates(rule, [scale, 0.95 * scale, 0.945 * scale], 1)).toEqual([1, 1, 0.5]);
    }
    // max mode with best −10: +|best|·0.1 → must exceed −9; −9.5 is no improvement.
    const rule = reduceLROnPlateau({
      mode: "max",
      factor: 0.5,
      patience: 1,
      minDelta: 0.1,
      minDeltaMode: "rel",
    });
    expect(rates(rule, [-10, -9.5, -8], 1)).toEqual([1, 0.5, 0.5]);
  });

  it("refuses a minDeltaMode other than abs or rel", () => {
    expect(() => reduceLROnPlateau({ minDeltaMode: "relative" as never })).toThrow(
      /minDeltaMode|min-delta-mode/,
    );
  });

  it("refuses minDelta ≥ 1 in rel mode, which no positive loss could ever beat, and allows it in abs mode", () => {
    // rel: improve means current < best·(1 − minDelta); minDelta = 1 asks for a loss below 0.
    expect(() => reduceLROnPlateau({ minDeltaMode: "rel", minDelta: 1 })).toThrow(
      'reduceLROnPlateau: minDelta: expected a number below 1 with reduceLROnPlateau: minDeltaMode "rel" (a loss cannot improve by 100% or more of its best), got 1',
    );
    expect(() => reduceLROnPlateau({ minDeltaMode: "rel", minDelta: 2 })).toThrow(/minDelta: .*got 2$/);
    expect(reduceLROnPlateau({ minDeltaMode: "rel", minDelta: 0.999 }).config.minDelta).toBe(0.999);
    expect(reduceLROnPlateau({ minDeltaMode: "abs", minDelta: 2 }).config.minDelta).toBe(2);
  });

  it("lets an improvement during cooldown reset the best value", () => {
    const callback = reduceLROnPlateau({ factor: 0.5, patience: 1, cooldown: 3, minDelta: 0 });
    const state = callback.init();
    // e0 best 5; e1 no improvement → reduce to 0.5, cooldown 3; e2 improves to 4 in cooldown → best 4.
    expect(rates(callback, [5, 5, 4], 1, state)).toEqual([1, 0.5, 0.5]);
    expect(state).toEqual({ best: 4, wait: 0, cooldownCounter: 2 });
  });

  it("watches for a rise when the monitor's name contains acc, or in max mode", () => {
    const accuracy = reduceLROnPlateau({ monitor: "val_accuracy", patience: 2, minDelta: 0 });
    expect(accuracy.direction).toBe("max");
    // e0 0.5 best; e1 0.6 > 0.5 best; e2 0.6 wait 1; e3 0.55 wait 2 → 0.1 · 0.1 = 0.01
    const out = rates(accuracy, [0.5, 0.6, 0.6, 0.55], 0.1);
    expect(out.slice(0, 3)).toEqual([0.1, 0.1, 0.1]);
    expect(out[3]).toBeCloseTo(0.01, 12);
    expect(reduceLROnPlateau({ monitor: "loss", mode: "max" }).direction).toBe("max");
    expect(reduceLROnPlateau({ monitor: "val_acc", mode: "min" }).direction).toBe("min");
    expect(reduceLROnPlateau().direction).toBe("min");
  });

  it("treats NaN and infinite values as no improvement, even as the first value", () => {
    const callback = reduceLROnPlateau({ patience: 2 });
    const state = callback.init();
    // e0 NaN wait 1; e1 Infinity wait 2 → 0.1 · 0.1; e2 2 improves on nothing yet → best 2
    const out = rates(callback, [Number.NaN, Number.POSITIVE_INFINITY, 2], 0.1, state);
    expect(out[0]).toBe(0.1);
    expect(out[1]).toBeCloseTo(0.01, 12);
    expect(state.best).toBe(2);
  });

  it("resumes exactly from its state after a JSON round trip", () => {
    const callback = reduceLROnPlateau({ factor: 0.5, patience: 2, cooldown: 2 });
    const losses = [3, 2, 2, 2, 2, 1.5, 1.5, 1.5, 1.5, 1.5];
    const whole = rates(callback, losses, 0.1);
    const state = callback.init();
    const first = rates(callback, losses.slice(0, 4), 0.1, state);
    const resumed = JSON.parse(JSON.stringify(state)) as PlateauState;
    const second = rates(callback, losses.slice(4), first[3] as number, resumed);
    expect([...first, ...second]).toEqual(whole);
    expect(JSON.parse(JSON.stringify(callback.init()))).toEqual({ best: null, wait: 0, cooldownCounter: 0 });
  });

  it("fills Keras's defaults, with loss as the monitor, matching its param table", () => {
    const { config } = reduceLROnPlateau();
    expect(config).toEqual({
      monitor: "loss",
      factor: 0.1,
      patience: 10,
      minDelta: 1e-4,
      cooldown: 0,
      minLr: 0,
      mode: "auto",
      minDeltaMode: "abs",
    });
    for (const spec of reduceLROnPlateauParams) {
      expect(config[spec.key as keyof typeof config], spec.key).toBe(spec.default);
    }
  });

  it("rejects a factor of 1 or more, as Keras", () => {
    expect(() => reduceLROnPlateau({ factor: 1 })).toThrow(
      /^reduceLROnPlateau: factor: expected a number ≥ 0 and < 1, got 1$/,
    );
  });

  it("rejects bad counts, modes, monitors and unknown arguments", () => {
    expect(() => reduceLROnPlateau({ patience: 1.5 })).toThrow(/patience: expected an integer ≥ 0, got 1.5/);
    expect(() => reduceLROnPlateau({ cooldown: -1 })).toThrow(/cooldown: expected an integer ≥ 0, got -1/);
    const badMode = { mode: "minimum" } as unknown as Parameters<typeof reduceLROnPlateau>[0];
    expect(() => reduceLROnPlateau(badMode)).toThrow(/mode: expected one of auto, min, max, got "minimum"/);
    expect(() => reduceLROnPlateau({ monitor: "" })).toThrow(/monitor: expected a metric name/);
    const typo = { paitence: 3 } as unknown as Parameters<typeof reduceLROnPlateau>[0];
    expect(() => reduceLROnPlateau(typo)).toThrow(
      /unknown argument "paitence" \(did you mean "patience"\?\)/,
    );
  });
});
