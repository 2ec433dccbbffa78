/**
 * examples/cars-mpg.mjs runs as a user would run it (through the built package, `lrlab` and
 * `lrlab/tfjs`), on the pure JavaScript CPU backend, in seconds; and `lrlab plot history` draws its log.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { pngSize } from "../render/node.js";
import { lrlab, plotSvg, root, scratchDirectory } from "../test-support/cli.js";
import { markElements } from "../test-support/svg.js";
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

describe("examples/edge-of-stability.mjs", () => {
  it("checks the range test's suggestion, then watches λmax rise past 2/η and come back, and plot history draws it", () => {
    const out = scratchDirectory("edge-of-stability");
    const run = spawnSync(process.execPath, [join(root, "examples/edge-of-stability.mjs"), out], {
      cwd: root,
      encoding: "utf8",
    });
    expect(run.status, run.stderr).toBe(0);
    const report = readFileSync(join(out, "report.md"), "utf8");
    expect(run.stdout).toBe(report);
    expect(report).toMatch(
      /Range test \(batch 32\): valley [\d.e-]+, steep [\d.e-]+; moved back by the smoothing's lag of \d+ iterations/,
    );
    expect(report).toMatch(
      /Checked on the validation points, 100 updates from the same start, 3 seeds each:/,
    );
    expect(report.match(/rank [1-5]/g)).toHaveLength(5);
    expect(report).toContain("Full-batch gradient descent at η = 0.13 for 300 epochs; 2/η = 15.38.");
    // Progressive sharpening past the bound, then back to it: the edge of stability, every run the same.
    const sharpness = report.match(
      /Sharpness λmax: ([\d.]+) at the start, ([\d.]+) at its peak \(past 2\/η from update (\d+)\), ([\d.]+) at the end\./,
    );
    expect(sharpness).not.toBeNull();
    const [start, peak, , end] = (sharpness as RegExpMatchArray).slice(1).map(Number);
    expect(start).toBeLessThan(15.38);
    expect(peak).toBeGreaterThan(15.38);
    expect(Math.abs((end as number) - 15.38)).toBeLessThan(0.5);
    expect(report).toMatch(/up to [\d.]+ at epoch \d+ while λmax was above 2\/η, then down to/);

    const history = JSON.parse(readFileSync(join(out, "history.json"), "utf8"));
    expect(history.history.sharpness).toHaveLength(300);
    expect(history.history.learning_rate.every((rate: number) => rate === 0.13)).toBe(true);
    const svg = plotSvg("history", ["--from", join(out, "history.json")], out);
    expect(markElements(svg, "bound-line", "path")).toHaveLength(1);
  }, 120_000);
});
