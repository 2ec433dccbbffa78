import { describe, expect, it } from "vitest";
import type { Io } from "./io.js";
import { createProgress, modelRunWork } from "./progress.js";

/** An Io whose stderr is collected and whose clock moves only when the test says (`advance`). */
function fakeIo(stderrIsTTY: boolean) {
  const errors: string[] = [];
  let time = 0;
  const io = { stderr: (text: string) => errors.push(text), stderrIsTTY, now: () => time } as unknown as Io;
  return {
    io,
    errors,
    advance: (milliseconds: number) => {
      time += milliseconds;
    },
  };
}

describe("createProgress", () => {
  it("says nothing about runs too small to wait for", () => {
    const { io, errors, advance } = fakeIo(false);
    const progress = createProgress(io, "fit", 1000);
    advance(10_000);
    progress.update(500, 1000);
    progress.stop();
    expect(errors).toEqual([]);
  });

  it("estimates a long run up front from its work: 1e12 steps at 30 ns is about 8 h 20 min", () => {
    const { io, errors } = fakeIo(false);
    createProgress(io, "lrlab fit", 1e12).update(0, 1e12);
    // 1e12 × 30 ns = 30,000 s = 8 h 20 min
    expect(errors).toEqual([
      "lrlab fit: 1,000,000,000,000 steps, roughly 8 h 20 min (an estimate; Ctrl-C stops it)\n",
    ]);
  });

  it("gives no estimate for work of under 2 seconds", () => {
    const { io, errors } = fakeIo(false);
    createProgress(io, "lrlab fit", 6e7, 0).update(0, 6e7); // 6e7 × 30 ns = 1.8 s
    expect(errors).toEqual([]);
  });

  it("gives an estimate for work of a few seconds, before the first step", () => {
    const { io, errors } = fakeIo(false);
    createProgress(io, "lrlab fit", 1e8, 0).update(0, 100); // 1e8 × 30 ns = 3 s
    expect(errors).toEqual(["lrlab fit: 100 steps, roughly 3 s (an estimate; Ctrl-C stops it)\n"]);
  });

  it("off a terminal, prints a line every 5 seconds, not every tenth, with the measured time left", () => {
    const { io, errors, advance } = fakeIo(false);
    // Work estimated under 2 s (5e7 × 30 ns = 1.5 s), so only the measured lines appear.
    const progress = createProgress(io, "lrlab fit", 5e7, 0);
    // 1,000 steps, one per 100 ms: 100 s in all, reported every 1% (10 steps = 1 s) as train does.
    for (let done = 0; done <= 1000; done += 10) {
      progress.update(done, 1000);
      advance(1000);
    }
    progress.stop();
    // The first line after 2 s, then one per 5 s up to 100 s, and the last one at the end: 1 + 19 + 1.
    expect(errors).toHaveLength(21);
    // 20 steps in 2 s: 980 steps left take 98 s
    expect(errors[0]).toBe("lrlab fit: 2% (20/1,000 steps), about 1 min 38 s left\n");
    expect(errors[1]).toBe("lrlab fit: 7% (70/1,000 steps), about 1 min 33 s left\n");
    expect(errors.at(-1)).toBe("lrlab fit: 100% (1,000/1,000 steps), done in 1 min 40 s\n");
  });

  it("shows nothing for a job that ends within about 2 seconds, even one that always tracks its parts", () => {
    const { io, errors, advance } = fakeIo(false);
    const progress = createProgress(io, "lrlab report", 1, 0, "parts");
    // 41 parts in 2.5 s: at 2 s, 33 parts are done and the rest takes 0.5 s.
    for (let done = 0; done <= 41; done++) {
      progress.update(done, 41);
      advance(2500 / 41);
    }
    progress.stop();
    expect(errors).toEqual([]);
  });
});

describe("modelRunWork", () => {
  // 64,64 on 1 input: 1·64 + 64 + 64·64 + 64 + 64 + 1 = 4,353 parameters; 100 rows, full batch.
  const run = { steps: 3000, batch: 100, rows: 100, parameters: 4353 };

  it("counts each step's batch through every weight", () => {
    expect(modelRunWork(run)).toBe(3000 * 100 * 4353);
  });

  it("adds the sharpness measurements of --track-sharpness K: every K-th step, the first and the last", () => {
    // K = 1: 3,000 + 2 measurements, each 100 rows × 4,353 parameters × 25/8 step-equivalents.
    const perMeasurement = (100 * 4353 * 25) / 8;
    expect(modelRunWork({ ...run, trackSharpness: 1 })).toBeCloseTo(
      3000 * 100 * 4353 + 3002 * perMeasurement,
      0,
    );
    // K = 100: 30 + 2 of them.
    expect(modelRunWork({ ...run, trackSharpness: 100 })).toBeCloseTo(
      3000 * 100 * 4353 + 32 * perMeasurement,
      0,
    );
    // Every step measured costs about 4× the run without it (the tester's 5.5 s became ~35 s).
    expect(modelRunWork({ ...run, trackSharpness: 1 }) / modelRunWork(run)).toBeGreaterThan(4);
  });

  it("measures over all the rows, not the batch", () => {
    const miniBatch = { ...run, batch: 10 };
    const measurements = modelRunWork({ ...miniBatch, trackSharpness: 10 }) - modelRunWork(miniBatch);
    expect(measurements).toBeCloseTo(302 * ((100 * 4353 * 25) / 8), 0);
  });
});
