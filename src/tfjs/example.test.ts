/**
 * examples/cars-mpg.mjs runs as a user would run it (through the built package, `lrlab` and
 * `lrlab/tfjs`), on the pure JavaScript CPU backend, in seconds; and `lrlab plot history` draws its log.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { pngSize } from "../render/node.js";
import { lrlab, root, scratchDirectory } from "../test-support/cli.js";
import type { LearningRateLog } from "./learning-rate-logger.js";

const example = join(root, "examples/cars-mpg.mjs");

beforeAll(() => {
  if (!existsSync(join(root, "dist/tfjs/index.js"))) {
    throw new Error("dist/tfjs is missing: run npm run build (npm test does it)");
  }
});

describe("examples/cars-mpg.mjs", () => {
  it("trains on vega-datasets' cars with a range test, a warm-up schedule and ReduceLROnPlateau, and writes its report", () => {
    const out = scratchDirectory("cars-mpg");
    const started = performance.now();
    const run = spawnSync(process.execPath, [example, out], { cwd: root, encoding: "utf8" });
    expect(run.status, run.stderr).toBe(0);
    expect(performance.now() - started).toBeLessThan(15_000);

    const report = readFileSync(join(out, "report.md"), "utf8");
    expect(run.stdout).toBe(report);
    expect(report).toContain("392 cars with horsepower, weight and MPG; 314 to train, 78 to validate");
    expect(report).toMatch(
      /Suggestions: valley [\d.e-]+, steep [\d.e-]+, minimum [\d.e-]+, slide [\d.e-]+\. Using the valley: [\d.e-]+\./,
    );
    expect(report).toMatch(/ReduceLROnPlateau\(monitor="val_loss", factor=0\.5, patience=3\): reduced /);
    expect(report).toMatch(/a validation RMSE of [\d.]+ mpg/);

    const log = JSON.parse(readFileSync(join(out, "history.json"), "utf8")) as LearningRateLog;
    // 314 rows in batches of 32: 10 updates an epoch, 30 epochs, steps 0 … 299 across the two fit calls.
    expect(log.batches.step).toEqual(Array.from({ length: 300 }, (_, step) => step));
    expect(log.epochs.epoch).toEqual(Array.from({ length: 30 }, (_, epoch) => epoch));
    const rates = log.batches.learningRate;
    const rangeTest = JSON.parse(readFileSync(join(out, "range-test.json"), "utf8"));
    // The warm-up climbs from a tenth of the suggested rate to it, on its 30th update.
    expect(rates[0]).toBeCloseTo(rangeTest.suggested / 10, 12);
    expect(rates[29]).toBeCloseTo(rangeTest.suggested, 12);
    // After it, the rate only falls, by halves.
    for (let step = 30; step < rates.length; step++) {
      const ratio = (rates[step] as number) / (rates[step - 1] as number);
      expect([1, 0.5]).toContain(ratio);
    }

    const png = join(out, "history.png");
    const plot = lrlab(["plot", "history", "--from", join(out, "history.json"), "--out", png]);
    expect(plot.stderr).toBe("");
    expect(plot.status).toBe(0);
    expect(pngSize(readFileSync(png)).width).toBeGreaterThan(1000);
  });
});
