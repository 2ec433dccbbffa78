import { describe, expect, it } from "vitest";
import { builtinData, linearStats, mseAt } from "../core/index.js";
import { answer, defaultRunConfig, lessonLab } from "./lab-fixture.js";
import { sliceDomain, slicesOf } from "./lab-slices.js";

async function lessonRun(changes = {}) {
  const { lab } = await lessonLab();
  const response = await answer(lab, { type: "run", id: 2, config: defaultRunConfig(changes) });
  return response.result;
}

describe("loss slices", () => {
  it("go through the optimum: L(w, b*) and L(w*, b) bottom out at the best loss 0.9692", async () => {
    const run = await lessonRun({ learningRate: 0.29 });
    const slices = run.slices;
    if (!slices) throw new Error(run.slicesUnavailable ?? "no slices");
    expect(slices.centre.loss).toBeCloseTo(0.9692, 4);
    for (const slice of [slices.w, slices.b]) {
      expect(Math.min(...slice.curveLoss)).toBeCloseTo(slices.centre.loss, 3);
      expect(slice.curveX[0]).toBe(slice.domain[0]);
      expect(slice.curveX.at(-1)).toBe(slice.domain[1]);
    }
    expect(slices.w.held).toBe(slices.centre.b);
    expect(slices.b.held).toBe(slices.centre.w);
  });

  it("put step k on both curves: at (w_k, L(w_k, b*)) and (b_k, L(w*, b_k))", async () => {
    const run = await lessonRun({ learningRate: 0.29 });
    const slices = run.slices;
    if (!slices) throw new Error("no slices");
    const stats = linearStats(builtinData());
    expect(slices.w.drawableRows).toBe(101);
    expect(slices.w.exit).toBe(-1);
    for (const k of [0, 1, 2, 50, 100]) {
      const w = run.history.w[k] as number;
      const b = run.history.b[k] as number;
      expect(slices.w.stepLoss[k]).toBeCloseTo(mseAt(stats, w, slices.centre.b), 12);
      expect(slices.b.stepLoss[k]).toBeCloseTo(mseAt(stats, slices.centre.w, b), 12);
    }
  });

  it("size the axes to the start and the steps, centred on the optimum", () => {
    // Start 2 from the centre; steps reach 3 (kept: within 3 × 2) and then 7 (not: the run is leaving).
    const path = Float64Array.from([0, 5, -1, 9]);
    const [low, high] = sliceDomain(path, 4, 2);
    expect((low + high) / 2).toBeCloseTo(2, 12);
    expect(high - 2).toBeCloseTo(3 * 1.08, 12); // the farthest kept step, 8% to spare
    // A start at the centre leaves only a default width: max(1, |centre| / 2).
    expect(sliceDomain(Float64Array.from([4, 4]), 2, 4)).toEqual([2, 6]);
  });

  it("give every run from the same start the same start frame, whatever its rate (predict, then check)", async () => {
    const crawl = (await lessonRun({ learningRate: 0.01 })).slices;
    const around = (await lessonRun({ learningRate: 0.304 })).slices;
    const out = (await lessonRun({ learningRate: 0.31 })).slices;
    if (!crawl || !around || !out) throw new Error("no slices");
    // The whole runs' frames differ (0.31 reaches three times the start's distance before it leaves) …
    expect(out.b.domain[1] - out.b.domain[0]).toBeGreaterThan(2 * (crawl.b.domain[1] - crawl.b.domain[0]));
    // … the frames of their start are one: centred on b* = 0.6353, 8% wider than the start b = 0 is far.
    for (const slices of [around, out]) {
      expect(slices.b.startDomain).toEqual(crawl.b.startDomain);
      expect(slices.b.startLossDomain).toEqual(crawl.b.startLossDomain);
      expect(slices.w.startDomain).toEqual(crawl.w.startDomain);
    }
    const half = 0.6353 * 1.08;
    expect(crawl.b.startDomain[0]).toBeCloseTo(0.6353 - half, 3);
    expect(crawl.b.startDomain[1]).toBeCloseTo(0.6353 + half, 3);
    // The start's loss lies within the start frame's loss axis.
    const startLoss = crawl.b.stepLoss[0] as number;
    expect(startLoss).toBeGreaterThanOrEqual(crawl.b.startLossDomain[0]);
    expect(startLoss).toBeLessThanOrEqual(crawl.b.startLossDomain[1]);
  });

  it("draw a diverging run up to the step that leaves the frame, and no further", async () => {
    const run = await lessonRun({ learningRate: 0.34 });
    const slices = run.slices;
    if (!slices) throw new Error("no slices");
    for (const slice of [slices.w, slices.b]) {
      expect(slice.exit).toBeGreaterThan(1); // a few growing jumps first
      expect(slice.drawableRows).toBe(slice.exit + 1);
      const k = slice.exit;
      const value = (slice === slices.w ? run.history.w : run.history.b)[k] as number;
      const outside =
        value < slice.domain[0] ||
        value > slice.domain[1] ||
        (slice.stepLoss[k] as number) > slice.lossDomain[1];
      expect(outside).toBe(true);
    }
  });

  it("are computed for MAE while that is cheap, and refused in words when each point costs a pass over many points", () => {
    const data = builtinData();
    const stats = linearStats(data);
    const path = { w: Float64Array.from([0, 1]), b: Float64Array.from([0, 0.5]) };
    const small = slicesOf(data, stats, "mae", 1, path);
    expect(typeof small).toBe("object");
    const many = { ...stats, n: 1_000_000 };
    expect(slicesOf(data, many, "huber", 1, path)).toMatch(/exact for MSE; with HUBER .* 1,000,000 points/);
  });
});
