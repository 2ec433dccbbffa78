/**
 * `lrlab landscape` through the real binary (dist/cli/bin.js): the grid as JSON and CSV, exact for MSE,
 * the same on any number of worker threads for MAE and Huber, and one line on stderr for bad input.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { builtinData } from "../../core/data/data.js";
import { linearStats } from "../../core/data/stats.js";
import { expectUserError, lrlab, scratchDirectory } from "../../test-support/cli.js";
import { parseStrictJson } from "../../test-support/finite.js";
import { firstStepAbove } from "../../test-support/plain-descent.js";

interface LandscapeJson {
  lossFunction: { name: string };
  grid: { w: number; b: number };
  ranges: { w: [number, number]; b: [number, number]; automatic: { w: boolean; b: boolean } };
  optimum: { w: number; b: number; loss: number } | null;
  gridMinimum: { w: number; b: number; loss: number };
  path: { status: string; inside: boolean; w: number[]; b: number[]; loss: number[] };
  w: number[];
  b: number[];
  loss: number[][];
}

/** The mean of f over the points of a two-column CSV text. */
function meanOver(csv: string, f: (x: number, y: number) => number): number {
  const rows = csv
    .trim()
    .split("\n")
    .slice(1)
    .map((line) => line.split(",").map(Number));
  return rows.reduce((sum, [x, y]) => sum + f(x as number, y as number), 0) / rows.length;
}

let work: string;
const points = "hours,score\n1,52\n2,55\n3,61\n4,60\n5,68\n6,70\n7,75\n9,84\n";
beforeAll(() => {
  work = scratchDirectory("landscape");
  writeFileSync(join(work, "scores.csv"), points);
});

describe("lrlab landscape --json", () => {
  it("prints w, b and loss[j][i] = the MSE at (w[i], b[j]), exactly, with the optimum and the path", () => {
    const { status, stdout, stderr } = lrlab(["landscape", "--grid-w", "7", "--grid-b", "5", "--json"]);
    expect(status).toBe(0);
    expect(stderr).toBe("");
    const document = parseStrictJson(stdout).value as LandscapeJson;
    expect(document.w).toHaveLength(7);
    expect(document.b).toHaveLength(5);
    expect(document.loss).toHaveLength(5);
    expect(document.loss.every((row) => row.length === 7)).toBe(true);
    const data = builtinData();
    for (const [i, j] of [
      [0, 0],
      [6, 4],
      [2, 3],
    ] as const) {
      const w = document.w[i] as number;
      const b = document.b[j] as number;
      let sum = 0;
      for (let k = 0; k < data.x.length; k++)
        sum += (w * (data.x[k] as number) + b - (data.y[k] as number)) ** 2;
      expect(document.loss[j]?.[i]).toBeCloseTo(sum / data.x.length, 10);
    }
    const { optimum } = linearStats(data);
    expect(document.optimum?.w).toBeCloseTo(optimum.w, 12);
    expect(document.ranges.automatic).toEqual({ w: true, b: true });
    // The automatic box is centred on the optimum and holds the default run's path (SGD 0.01, 100 steps).
    expect((document.ranges.w[0] + document.ranges.w[1]) / 2).toBeCloseTo(optimum.w, 10);
    expect(document.path.status).toBe("completed");
    expect(document.path.inside).toBe(true);
    expect(document.path.w).toHaveLength(101);
    expect(document.gridMinimum.loss).toBeGreaterThanOrEqual(optimum.loss);
  });

  it("keeps a diverging run's first steps in the box and says the rest leaves it", () => {
    const { status, stdout } = lrlab(["landscape", "--grid", "3", "--lr", "0.4", "--steps", "50", "--json"]);
    expect(status).toBe(0);
    // Strict JSON: a bare NaN or Infinity, or a literal that overflows, fails here.
    const { value, numbers } = parseStrictJson(stdout);
    const document = value as LandscapeJson;
    expect(document.path.status).toBe("diverged");
    expect(document.path.inside).toBe(false);
    expect(document.ranges.w[1] - document.ranges.w[0]).toBeLessThan(20);
    // Every step up to the blow-up is written, each with a number for w, b and the loss (none is null).
    // The blow-up is the first step whose loss passes 1e6 × the starting loss (the default factor), as
    // plain full-batch gradient descent at lr 0.4 finds it.
    const steps = document.path.w.length;
    expect(steps - 1).toBe(firstStepAbove(builtinData(), 0.4, 1e6));
    expect(document.path.b).toHaveLength(steps);
    expect(document.path.loss).toHaveLength(steps);
    expect(document.path.loss.every((loss) => typeof loss === "number")).toBe(true);
    // 3 + 3 axis values, 9 losses, the path's 3 columns, and the ranges, optimum and minimum beside them.
    expect(numbers.length).toBeGreaterThanOrEqual(3 + 3 + 9 + 3 * steps);
  });

  it("covers the ranges it is given, with the data's own file", () => {
    const { status, stdout } = lrlab(
      ["landscape", "--data", "scores.csv", "--grid", "3", "--w-range", "0:8", "--b-range=-10:90", "--json"],
      work,
    );
    expect(status).toBe(0);
    const document = parseStrictJson(stdout).value as LandscapeJson;
    expect(document.w).toEqual([0, 4, 8]);
    expect(document.b).toEqual([-10, 40, 90]);
    expect(document.ranges.automatic).toEqual({ w: false, b: false });
    expect(document.loss[1]?.[1]).toBeCloseTo(
      meanOver(points, (x, y) => (4 * x + 40 - y) ** 2),
      10,
    );
  });
});

describe("lrlab landscape --out", () => {
  it("writes CSV with one row per grid point, b outer and w inner, and says what it wrote", () => {
    const { status, stdout } = lrlab(
      ["landscape", "--grid-w", "4", "--grid-b", "3", "--out", "grid.csv"],
      work,
    );
    expect(status).toBe(0);
    expect(stdout).toMatch(/lrlab landscape: MSE over 4 × 3 points/);
    expect(stdout).toContain("Wrote grid.csv (12 rows: w,b,loss)");
    const lines = readFileSync(join(work, "grid.csv"), "utf8").trim().split("\n");
    expect(lines[0]).toBe("w,b,loss");
    expect(lines).toHaveLength(13);
    const rows = lines.slice(1).map((line) => line.split(",").map(Number));
    expect(rows[0]?.[1]).toBe(rows[3]?.[1]); // the first four rows share b[0]
    expect(rows[4]?.[0]).toBe(rows[0]?.[0]); // the fifth starts the next b at w[0]
  });

  it("computes MAE and Huber the same on one thread and on several", () => {
    const args = ["landscape", "--data", "scores.csv", "--loss", "huber", "--delta", "2", "--grid", "9"];
    const one = lrlab([...args, "--workers", "1", "--out", "one.json"], work);
    const two = lrlab([...args, "--workers", "3", "--out", "three.json"], work);
    expect(one.status).toBe(0);
    expect(two.status).toBe(0);
    const serial = readFileSync(join(work, "one.json"), "utf8");
    expect(readFileSync(join(work, "three.json"), "utf8")).toBe(serial);
    const document = parseStrictJson(serial).value as LandscapeJson & { lossFunction: { delta: number } };
    expect(document.lossFunction).toEqual({ name: "huber", delta: 2 });
    expect(document.optimum).toBeNull();
    const w = document.w[4] as number;
    const b = document.b[2] as number;
    const huber = (e: number) => (Math.abs(e) <= 2 ? 0.5 * e * e : 2 * Math.abs(e) - 2);
    expect(document.loss[2]?.[4]).toBeCloseTo(
      meanOver(points, (x, y) => huber(w * x + b - y)),
      12,
    );
  });
});

describe("lrlab landscape on bad input", () => {
  it.each([
    [["--grid", "1"], "--grid: expected an integer ≥ 2, got 1"],
    [["--grid-w", "2.5"], /--grid-w: expected an integer/],
    [["--grid", "20000"], /--grid: 20000 × 20000 points is more than/],
    [["--w-range", "3:1"], '--w-range: expected low:high with low < high, e.g. -5:5, got "3:1"'],
    [["--b-range", "a:b"], /--b-range: expected low:high/],
    [["--out", "grid.txt"], "--out grid.txt: expected a file name ending in .csv or .json"],
    [["--loss", "msa"], /unknown loss "msa" \(did you mean "mse"\?\)/],
    [["--workers", "0"], /--workers: expected an integer ≥ 1/],
  ])("refuses %j with one line on stderr", (args, message) => {
    expectUserError(["landscape", ...args], message, work);
  });

  it("never writes over its input", () => {
    expectUserError(
      ["landscape", "--data", "scores.csv", "--out", "scores.csv"],
      "--out scores.csv: that is the input data file; choose another name",
      work,
    );
    expect(readFileSync(join(work, "scores.csv"), "utf8")).toBe(points);
  });
});
