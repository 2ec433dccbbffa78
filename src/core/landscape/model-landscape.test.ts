/**
 * Web #11 and #12 (report tester12-web-3): a slice through weights where the Hessian is zero, and a plane
 * through a model of two parameters, decided here once for the CLI and the web lab.
 */
import { describe, expect, it } from "vitest";
import { prepareModel } from "../models/model-spec.js";
import { curvatureVanishes } from "../models/sharpness.js";
import { modelLandscape, ZERO_HESSIAN_REASON } from "./model-landscape.js";
import { offSlice } from "./slice.js";

// Two columns, labels split between rows 2 and 3: logistic regression a·w1 + b·w2 + c.
const a = Float64Array.from([1, 2, 3, 4]);
const b = Float64Array.from([2, 1, 4, 3]);
const labels = Float64Array.from([0, 0, 1, 1]);
const logistic = prepareModel({ name: "logistic" }, [a, b], labels, { loss: "bce", columnNames: ["a", "b"] });

function sliceThrough(final: Float64Array, model = logistic) {
  const initial = new Float64Array(final.length);
  return modelLandscape(
    model.model,
    model.data,
    { initial, final, path: { step: [0, 1], params: [initial, final], loss: [Math.LN2, Number.NaN] } },
    { kind: "hessian", seed: 1, grid: 5 },
  );
}

describe("a Hessian slice where the Hessian is zero", () => {
  it("takes random directions and says why, not the 'sharpest direction (λ1 = 0)'", () => {
    // w = (50, 0), c = −125: logits −75, −25, 25, 75, every one past Keras's clip (±16.1), where BCE has
    // no gradient and so no curvature: H = 0 exactly.
    const slice = sliceThrough(Float64Array.from([50, 0, -125]));
    expect(slice.kind).toBe("random");
    if (slice.kind === "interpolate") throw new Error("a plane was asked for");
    expect(slice.zeroHessian).toBe(true);
    expect(slice.eigenvalues).toBeNull();
    // Random directions' own range: a unit step per unit's size.
    expect(slice.beta[0]).toBe(-1);
    expect(ZERO_HESSIAN_REASON).toMatch(/^the Hessian is zero at the final weights/);
  });

  it("keeps the Hessian's directions where the loss curves (small weights: p = ½, H = ¼·XᵀX/n > 0)", () => {
    const slice = sliceThrough(Float64Array.from([0.1, 0, -0.25]));
    if (slice.kind === "interpolate") throw new Error("a plane was asked for");
    expect(slice.kind).toBe("hessian");
    expect(slice.zeroHessian).toBe(false);
    expect(slice.eigenvalues?.[0]).toBeGreaterThan(0);
  });

  it("calls λmax ≤ 0 (and NaN) a vanishing curvature, any positive λmax not", () => {
    expect([0, -1e-300, Number.NaN].map(curvatureVanishes)).toEqual([true, true, true]);
    expect([1e-300, 2.411e6].map(curvatureVanishes)).toEqual([false, false]);
  });
});

describe("a plane through two parameters", () => {
  it("is the whole space: the path is on it, whatever rounding puts in its distances", () => {
    // A path 1e−3 long has a tolerance of 1e−9 × 1e−3 = 1e−12; a distance of 1e−6 is beyond it, yet with
    // 2 parameters it can only be rounding (the tester's "up to 5.722e−17 off the plane").
    const points = [Float64Array.from([0, 0]), Float64Array.from([1e-3, 0])];
    const off = offSlice(points, Float64Array.from([0, 1e-6]), Float64Array.from([1e-3, 0]));
    expect(off.wholeSpace).toBe(true);
    expect(off.onSlice).toBe(true);
    expect(off.farthest).toBe(0);
    // The same distance in 3 parameters is measured as it is (on the slice only within the tolerance).
    const three = [Float64Array.from([0, 0, 0]), Float64Array.from([1e-3, 0, 0])];
    const off3 = offSlice(three, Float64Array.from([0, 1e-6]), Float64Array.from([1e-3, 0, 0]));
    expect(off3.wholeSpace).toBe(false);
    expect(off3.onSlice).toBe(false);
    expect(off3.farthest).toBe(1e-6);
  });
});
