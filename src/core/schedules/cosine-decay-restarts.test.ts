import { describe, expect, it } from "vitest";
import { cosineDecayRestarts } from "./cosine-decay-restarts.js";

describe("cosineDecayRestarts", () => {
  // Periods of 10, 20, 40 steps (t_mul = 2) starting at 1, 0.5, 0.25 (m_mul = 0.5): restarts at 10, 30, 70.
  const schedule = cosineDecayRestarts({ initialLearningRate: 1, firstDecaySteps: 10, tMul: 2, mMul: 0.5 });

  it("decays over the first period as ½(1 + cos(π · step / firstDecaySteps))", () => {
    expect(schedule(0)).toBeCloseTo(1, 12); // i = floor(log2(1 + 0)) = 0 → ½(1 + cos 0)
    expect(schedule(5)).toBeCloseTo(0.5, 12); // ½(1 + cos(π/2))
    expect(schedule(9)).toBeCloseTo(0.024471741852423234, 12); // ½(1 + cos(0.9π)), the step before the restart
  });

  it("restarts at step 10 into a period twice as long that starts at mMul", () => {
    // f = 10/10 = 1; i = floor(log(1 + 1) / log 2) = 1; f = (1 − 1) / 2 = 0; ½ · 0.5^1 · (1 + cos 0) = 0.5
    expect(schedule(10)).toBeCloseTo(0.5, 12);
    // f = 2; i = floor(log 3 / log 2) = 1; f = (2 − 1) / 2 = 0.5; ½ · 0.5 · (1 + cos(π/2)) = 0.25
    expect(schedule(20)).toBeCloseTo(0.25, 12);
    // f = 2.9; i = 1; f = (2.9 − 1) / 2 = 0.95; ½ · 0.5 · (1 + cos(0.95π))
    expect(schedule(29)).toBeCloseTo(0.003077914851215585, 12);
  });

  it("restarts again at steps 30 and 70, each time mMul lower", () => {
    // f = 3; i = floor(log 4 / log 2) = 2; Σ = (1 − 2²)/(1 − 2) = 3; f = 0; ½ · 0.25 · 2 = 0.25
    expect(schedule(30)).toBeCloseTo(0.25, 12);
    // f = 6.9; i = floor(log 7.9 / log 2) = 2; f = (6.9 − 3) / 4 = 0.975; ½ · 0.25 · (1 + cos(0.975π))
    expect(schedule(69)).toBeCloseTo(0.0003853332833590045, 12);
    // f = 7; i = floor(log 8 / log 2) = 3; Σ = 7; f = 0; ½ · 0.125 · 2 = 0.125
    expect(schedule(70)).toBeCloseTo(0.125, 12);
  });

  it("with tMul = 1 restarts every firstDecaySteps, with alpha as a floor not scaled by mMul", () => {
    const equal = cosineDecayRestarts({
      initialLearningRate: 1,
      firstDecaySteps: 10,
      tMul: 1,
      mMul: 0.5,
      alpha: 0.1,
    });
    expect(equal(5)).toBeCloseTo(0.55, 12); // i = floor(0.5) = 0: 0.9 · ½ · 1 · (1 + cos(π/2)) + 0.1
    expect(equal(9)).toBeCloseTo(0.12202456766718092, 12); // 0.9 · ½(1 + cos(0.9π)) + 0.1
    expect(equal(10)).toBeCloseTo(0.55, 12); // i = 1, f = 0: 0.9 · ½ · 0.5 · 2 + 0.1
    expect(equal(15)).toBeCloseTo(0.325, 12); // i = 1, f = 0.5: 0.9 · ½ · 0.5 · 1 + 0.1
    expect(equal(20)).toBeCloseTo(0.325, 12); // i = 2, f = 0: 0.9 · ½ · 0.25 · 2 + 0.1
  });

  it("restarts exactly on time where log(1.5^5) / log(1.5) rounds below 5", () => {
    // t_mul = 1.5, first = 16: the 5th restart is at 16 · (1 − 1.5^5)/(1 − 1.5) = 16 · 13.1875 = 211.
    // Keras's formula in floating point gives log(7.59375)/log(1.5) = 4.999999999999999 → i = 4, f = 1,
    // the bottom of the old period; the exact floor is i = 5, f = 0: ½ · 0.5^5 · 2 = 0.03125.
    const fine = cosineDecayRestarts({ initialLearningRate: 1, firstDecaySteps: 16, tMul: 1.5, mMul: 0.5 });
    expect(fine(211)).toBeCloseTo(0.03125, 12);
    // step 210: f = 13.125; i = 4; Σ = 8.125; f = 5/1.5^4 = 0.98765…; ½ · 0.5^4 · (1 + cos(0.98765π))
    expect(fine(210)).toBeCloseTo(2.3501484242811205e-5, 12);
  });

  it("rejects a tMul below 1, where Keras's log turns NaN after finitely many steps", () => {
    expect(() => cosineDecayRestarts({ initialLearningRate: 1, firstDecaySteps: 10, tMul: 0.5 })).toThrow(
      /^cosineDecayRestarts: tMul: expected a number ≥ 1, got 0.5$/,
    );
  });
});
