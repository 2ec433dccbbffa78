/**
 * `lrlab plot schedule` through the real binary (dist/cli/bin.js, built before the tests run).
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { pngSize } from "../../render/node.js";
import { markElements, parseSvg, pathPoints } from "../../test-support/svg.js";

const root = fileURLToPath(new URL("../../..", import.meta.url));
const bin = join(root, "dist/cli/bin.js");

function lrlab(args: string[]) {
  const result = spawnSync(process.execPath, [bin, ...args], { cwd: root, encoding: "utf8" });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

let work: string;
beforeAll(() => {
  if (!existsSync(bin)) throw new Error(`${bin} is missing: run npm run build (npm test does it)`);
  work = mkdtempSync(join(tmpdir(), "lrlab-plot-schedule-"));
});

function plotSvg(args: string[]): Document {
  const out = join(work, `schedule-${Math.random().toString(36).slice(2)}.svg`);
  const { status, stdout, stderr } = lrlab(["plot", "schedule", ...args, "--out", out]);
  expect(stderr).toBe("");
  expect(status).toBe(0);
  expect(stdout).toMatch(/^Wrote .*\.svg \(svg, \d+×\d+\)\n$/);
  return parseSvg(readFileSync(out, "utf8"));
}

/** The rate axis's value → pixel map, read back from two labelled ticks (linear). */
function yAxisOf(panel: Element): (value: number) => number {
  const ticks = [...panel.querySelectorAll('g[aria-label="y-axis tick label"] text')]
    .filter((text) => text.textContent)
    .map((text) => {
      const [, , y] = /translate\(([-\d.e]+),([-\d.e]+)\)/.exec(text.getAttribute("transform") ?? "") ?? [];
      return { value: Number(text.textContent), at: Number(y) };
    });
  const a = ticks[0] as { value: number; at: number };
  const b = ticks[ticks.length - 1] as { value: number; at: number };
  return (value) => a.at + ((value - a.value) * (b.at - a.at)) / (b.value - a.value);
}

describe("lrlab plot schedule", () => {
  it("draws a schedule with its Keras flags, over its whole length by default", () => {
    const svg = plotSvg(["--schedule", "cosine", "--lr", "0.1", "--decay-steps", "200"]);
    expect(svg.querySelector(".figure-title")?.textContent).toBe("Learning rate against step: CosineDecay");
    expect(svg.querySelector(".figure-subtitle")?.textContent).toBe(
      "initial_learning_rate=0.1, decay_steps=200 · final rate 0",
    );
    const chart = svg.querySelector("svg svg") as Element;
    const [path] = markElements(chart as unknown as Document, "schedule-line", "path");
    const points = pathPoints(path?.getAttribute("d") ?? "");
    // 220 steps (decay_steps × 1.1): the rates of updates 0 … 219, held to step 220; from 0.1 down to 0.
    expect(points).toHaveLength(221);
    const y = yAxisOf(chart);
    expect(points[0]?.[1]).toBeCloseTo(y(0.1), 0);
    expect(points[220]?.[1]).toBeCloseTo(y(0), 0);
  });

  it("compares families with arguments derived from --lr and --steps, and a key of them", () => {
    const svg = plotSvg(["--compare", "exponential,cosine,one-cycle", "--lr", "0.1", "--steps", "400"]);
    expect(svg.querySelectorAll("g.schedule-line")).toHaveLength(3);
    expect([...svg.querySelectorAll("g.legend-label text")].map((text) => text.textContent)).toEqual([
      "exponential: ExponentialDecay(initial_learning_rate=0.1, decay_steps=100, decay_rate=0.5)",
      "cosine: CosineDecay(initial_learning_rate=0.1, decay_steps=400)",
      "one-cycle: OneCycleLR(max_lr=0.1, total_steps=400)",
    ]);
  });

  it("draws ReduceLROnPlateau from a run on the data", () => {
    const svg = plotSvg([
      "--schedule",
      "plateau",
      "--lr",
      "0.3",
      "--batch-size",
      "10",
      "--epochs",
      "20",
      "--patience",
      "2",
    ]);
    expect(svg.querySelector(".figure-title")?.textContent).toBe(
      "Learning rate against step: ReduceLROnPlateau",
    );
    expect(svg.querySelector(".figure-subtitle")?.textContent).toMatch(
      /from a run on the data \(mini-batches\)/,
    );
    expect(svg.querySelector("desc")?.textContent).toMatch(/Data: built-in/);
  });

  it("writes a PNG of twice the stated size, on a log scale with --log", () => {
    const out = join(work, "schedule.png");
    const { status, stdout } = lrlab([
      "plot",
      "schedule",
      "--compare",
      "step,cyclical",
      "--log",
      "--out",
      out,
    ]);
    expect(status).toBe(0);
    const [, width, height] = /\(png, (\d+)×(\d+)\)/.exec(stdout) ?? [];
    expect(pngSize(readFileSync(out))).toEqual({ width: 2 * Number(width), height: 2 * Number(height) });
  });

  it("refuses schedule arguments with --compare, and more schedules than colours", () => {
    const refused = lrlab(["plot", "schedule", "--compare", "cosine,step", "--decay-steps", "50"]);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(/^lrlab: error: --decay-steps does not apply to --compare/);
    expect(refused.stderr.trimEnd().split("\n")).toHaveLength(1);
    const many = lrlab([
      "plot",
      "schedule",
      "--compare",
      "constant,exponential,piecewise,polynomial,inverse-time,cosine,cosine-restarts,step,cyclical",
    ]);
    expect(many.status).toBe(2);
    expect(many.stderr).toBe(
      "lrlab: error: --compare: at most 8 schedules fit in one figure (one colour each), got 9\n",
    );
    const unknown = lrlab(["plot", "schedule", "--compare", "cosin"]);
    expect(unknown.stderr).toMatch(/unknown schedule "cosin" \(did you mean "cosine"\?\)/);
  });
});
