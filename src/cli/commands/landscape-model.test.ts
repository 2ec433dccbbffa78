/**
 * `lrlab landscape --directions …` and `lrlab plot landscape --directions …` with a model, through the
 * real binary (dist/cli/bin.js): slices through a model's weights as JSON and CSV, and as figures.
 */
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { expectUserError, lrlab, lrlabJson, plotSvg, scratchDirectory } from "../../test-support/cli.js";
import { parseStrictJson } from "../../test-support/finite.js";

interface PlaneJson {
  directions: { kind: string; seed: number; eigenvalues?: [number, number] };
  grid: { alpha: number; beta?: number };
  ranges: { alpha: [number, number]; beta?: [number, number] };
  centre: { loss: number; weights: unknown[] };
  initial: { loss: number; weights: unknown[] };
  path: { status: string; step: number[]; alpha: number[]; beta?: number[]; distanceFromPlane: number[] };
  alpha: number[];
  beta?: number[];
  loss: number[][] | number[];
}

const mlpRun = ["--model", "mlp", "--hidden", "8", "--lr", "0.05", "--steps", "200"];
let work: string;
beforeAll(() => {
  work = scratchDirectory("landscape-model");
});

/** Every value of a grid is a number: JSON would write a NaN or an Infinity as null. */
function allNumbers(values: unknown): boolean {
  return (values as unknown[]).flat().every((value) => typeof value === "number" && Number.isFinite(value));
}

describe("lrlab landscape --directions random", () => {
  it("slices a plane through the fit's final weights: the centre's loss is the fit's final loss", () => {
    const document = lrlabJson([
      "landscape",
      ...mlpRun,
      "--grid",
      "11",
      "--alpha-range",
      "-1:1",
      "--beta-range",
      "-1:1",
    ]) as PlaneJson;
    const fit = lrlabJson(["fit", ...mlpRun]) as { final: { loss: number; weights: unknown[] } };
    expect(document.directions).toMatchObject({ kind: "random", seed: 0 });
    expect(document.grid).toEqual({ alpha: 11, beta: 11 });
    expect(document.loss).toHaveLength(11);
    expect(allNumbers(document.loss)).toBe(true);
    // α = β = 0 is the grid's middle (−1 + 5·0.2 = 0 exactly): the final weights themselves.
    expect([document.alpha[5], document.beta?.[5]]).toEqual([0, 0]);
    expect((document.loss as number[][])[5]?.[5]).toBeCloseTo(fit.final.loss, 12);
    expect(document.centre.loss).toBeCloseTo(fit.final.loss, 12);
    expect(document.centre.weights).toEqual(fit.final.weights);
    // The path ends at the centre, and its first point is the initial weights' projection.
    expect(document.path.step.at(-1)).toBe(200);
    expect(document.path.alpha.at(-1)).toBeCloseTo(0, 12);
    expect(document.path.distanceFromPlane.at(-1)).toBeCloseTo(0, 12);
    expect(document.path.distanceFromPlane[0]).toBeGreaterThan(0);
  });

  it("draws other directions for another --seed, the same for the same seed", () => {
    const at = (seed: string) =>
      lrlabJson(["landscape", ...mlpRun, "--grid", "5", "--seed", seed]) as PlaneJson;
    // The seed also starts the network (glorot): compare the same run's slices, not the runs.
    const [a, b] = [at("3"), at("3")];
    expect(b.loss).toEqual(a.loss);
    const other = lrlabJson([
      "landscape",
      ...mlpRun,
      "--grid",
      "5",
      "--seed",
      "3",
      "--init",
      writeInit(a.initial.weights),
    ]) as PlaneJson;
    expect(other.loss).toEqual(a.loss);
    expect((at("4").loss as number[][])[0]).not.toEqual((a.loss as number[][])[0]);
  });

  it("refuses the line (its one weight per filter spans no random plane), with one line", () => {
    expectUserError(
      ["landscape", "--model", "line", "--directions", "random"],
      "--directions random: every filter of this model has one weight, so its filter-normalized directions are all parallel and span no plane; with two parameters the Hessian's two eigenvectors span the whole plane: use --directions hessian (the default for such a model)",
    );
  });
});

/** Writes starting weights for --init and returns the path. */
function writeInit(weights: unknown): string {
  const path = join(work, `init-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(path, JSON.stringify(weights));
  return path;
}

describe("lrlab landscape --directions hessian", () => {
  it("spans the top two eigenvectors: λ1 is the sharpness a tracked fit measures at its end", () => {
    const document = lrlabJson([
      "landscape",
      ...mlpRun,
      "--directions",
      "hessian",
      "--grid",
      "5",
    ]) as PlaneJson;
    const fit = lrlabJson(["fit", ...mlpRun, "--track-sharpness", "200"]) as {
      sharpness: { step: number[]; sharpness: number[] };
    };
    const [lambda1, lambda2] = document.directions.eigenvalues as [number, number];
    expect(fit.sharpness.step).toEqual([0, 200]);
    expect(lambda1).toBeCloseTo(fit.sharpness.sharpness[1] as number, 5);
    expect(lambda2).toBeLessThan(lambda1);
    expect(lambda2).toBeGreaterThan(0);
    expect(allNumbers(document.loss)).toBe(true);
  });

  it("slices the line through its start at --steps 0, to the exact λmax and λmin", () => {
    // The line on the built-in data: λmax = 6.5167, λmin = 0.7434 (2/λmax = 0.3069).
    const document = lrlabJson([
      "landscape",
      "--directions",
      "hessian",
      "--steps",
      "0",
      "--grid",
      "3",
    ]) as PlaneJson;
    expect(document.directions.eigenvalues?.[0]).toBeCloseTo(6.5167, 4);
    expect(document.directions.eigenvalues?.[1]).toBeCloseTo(0.7434, 4);
    expect(document.centre.weights).toEqual([[[0]], [0]]);
    expect(document.centre.loss).toBeCloseTo(document.initial.loss, 14);
  });
});

describe("lrlab landscape --directions interpolate", () => {
  it("runs from the initial loss at α = 0 to the final loss at α = 1, on α from −0.5 to 1.5", () => {
    const document = lrlabJson([
      "landscape",
      ...mlpRun,
      "--directions",
      "interpolate",
      "--grid",
      "9",
    ]) as PlaneJson;
    expect(document.alpha).toEqual([-0.5, -0.25, 0, 0.25, 0.5, 0.75, 1, 1.25, 1.5]);
    expect(document.beta).toBeUndefined();
    const loss = document.loss as number[];
    expect(loss).toHaveLength(9);
    expect(allNumbers(loss)).toBe(true);
    expect(loss[2]).toBeCloseTo(document.initial.loss, 12);
    expect(loss[6]).toBeCloseTo(document.centre.loss, 12);
    expect(document.initial.loss).toBeGreaterThan(document.centre.loss);
    expect(document.path.alpha[0]).toBe(0);
    expect(document.path.alpha.at(-1)).toBeCloseTo(1, 12);
  });

  it("refuses a run of no steps, which has no line, with one line", () => {
    expectUserError(
      ["landscape", "--model", "mlp", "--directions", "interpolate", "--steps", "0"],
      "--directions interpolate: the final weights are the initial ones (no steps were taken); give the run steps to draw the line between them",
    );
  });
});

describe("lrlab landscape with a model: files and bad input", () => {
  it("writes the slice atomically as CSV (alpha,beta,loss) or JSON (the --json document)", () => {
    const csv = join(work, "slice.csv");
    const json = join(work, "slice.json");
    expect(lrlab(["landscape", ...mlpRun, "--grid", "4", "--out", csv]).status).toBe(0);
    expect(lrlab(["landscape", ...mlpRun, "--grid", "4", "--out", json]).status).toBe(0);
    const lines = readFileSync(csv, "utf8").trim().split("\n");
    expect(lines[0]).toBe("alpha,beta,loss");
    expect(lines).toHaveLength(1 + 16);
    expect(lines.slice(1).every((line) => /^[-\d.e]+,[-\d.e]+,[\d.e+-]+$/.test(line))).toBe(true);
    const document = parseStrictJson(readFileSync(json, "utf8")).value as PlaneJson;
    expect(document).toEqual(lrlabJson(["landscape", ...mlpRun, "--grid", "4"]));
    expect(readdirSync(work).filter((name) => name.endsWith(".tmp"))).toEqual([]);
  });

  it("refuses an unknown --directions with one line naming the kinds", () => {
    expectUserError(
      ["landscape", "--model", "mlp", "--directions", "hesian"],
      '--directions: unknown kind "hesian" (did you mean "hessian"?); expected one of random, hessian, interpolate',
    );
  });

  it("refuses the (w, b) grid's flags and --alpha-range without --directions, each with one line", () => {
    expectUserError(
      ["landscape", "--model", "mlp", "--w-range", "0:1"],
      "--w-range does not apply to a slice through a model's weights (--directions random); it takes --grid, --alpha-range and --beta-range",
    );
    expectUserError(
      ["landscape", "--alpha-range", "0:1"],
      "--alpha-range ranges a slice through a model's weights: give --directions too",
    );
    expectUserError(
      ["landscape", "--model", "mlp", "--directions", "interpolate", "--beta-range", "0:1"],
      "--beta-range: --directions interpolate is a line, with --alpha-range only",
    );
  });

  it("reports a run that diverged as a result: sliced through the last weights before it blew up", () => {
    // lr 100: the loss is 22.77 at the start, 8.4e6 after one step (below the 1e6 × 22.77 limit), then past it.
    const flags = ["landscape", "--model", "mlp", "--lr", "100", "--grid", "11"];
    const document = lrlabJson(flags);
    expect(document.status).toBe("diverged");
    expect(document.divergedAtStep).toBe(2);
    expect(document.path.status).toBe("diverged");
    // The centre is the weights at step 1, the last the run accepted: its loss is the one recorded there.
    expect(document.centre.step).toBe(1);
    const fit = lrlabJson(["fit", "--model", "mlp", "--lr", "100"]);
    expect(fit.status).toBe("diverged");
    expect(fit.history[1].step).toBe(1);
    expect(document.centre.loss).toBeCloseTo(fit.history[1].loss, 6);
    expect(document.initial.loss).toBeCloseTo(fit.history[0].loss, 10);
    // The path is drawn while finite: steps 0, 1 and the step that blew up (its weights still finite).
    expect(document.path.step).toEqual([0, 1, 2]);
    expect(document.layout).toContain("θ the weights at step 1, the last before the run diverged at step 2");
    expect(document.loss).toHaveLength(11);
    const { status, stdout, stderr } = lrlab(flags);
    expect(status).toBe(0);
    expect(stderr).toBe("");
    expect(stdout).toContain("on a plane through the weights at step 1, the last before the run diverged");
    expect(stdout).toContain(
      "2 steps: diverged at step 2 (the path is drawn while its weights and loss are finite numbers, to step 2)",
    );
  });

  it("ends the line at the weights a run blew up to when it diverged at its first step", () => {
    // lr 1e6: the first step takes the loss from 22.77 past the 1e6× limit, to finite weights (loss ~1e14).
    const document = lrlabJson(["landscape", "--model", "mlp", "--lr", "1e6", "--directions", "interpolate"]);
    expect(document.status).toBe("diverged");
    expect(document.divergedAtStep).toBe(1);
    expect(document.centre.step).toBe(1);
    expect(document.centre.loss).toBeGreaterThan(1e6 * document.initial.loss);
    expect(document.layout).toContain("θ1 the weights at step 1, where the run diverged");
    // A plane needs no second end: it is centred on the start, the last weights the run accepted.
    const plane = lrlabJson(["landscape", "--model", "mlp", "--lr", "1e6", "--grid", "5"]);
    expect(plane.centre.step).toBe(0);
    expect(plane.centre.loss).toBe(plane.initial.loss);
  });

  it("draws the line from the initial weights to the last before a divergence, and says so", () => {
    const document = lrlabJson(["landscape", "--model", "mlp", "--lr", "100", "--directions", "interpolate"]);
    expect(document.status).toBe("diverged");
    expect(document.path.alpha.slice(0, 2)).toEqual([0, 1]);
    const svg = plotSvg("landscape", ["--model", "mlp", "--lr", "100", "--directions", "interpolate"], work);
    expect(svg.querySelector(".figure-title")?.textContent).toBe(
      "The loss on the straight line from the initial to the weights at step 1",
    );
    expect(svg.querySelector(".figure-subtitle")?.textContent).toContain("diverged at step 2");
    expect([...svg.querySelectorAll("g.end-label text")].map((text) => text.textContent)).toEqual([
      "initial weights (α = 0)",
      "weights at step 1 (α = 1)",
    ]);
  });
});

describe("lrlab plot landscape with a model", () => {
  it("draws the plane on α and β axes, the path projected, the centre starred", () => {
    const svg = plotSvg("landscape", [...mlpRun, "--directions", "hessian", "--grid", "21"], work);
    expect(svg.querySelector(".figure-title")?.textContent).toBe(
      "The loss on a plane through the final weights, along the two sharpest directions of the Hessian",
    );
    const labels = [
      ...svg.querySelectorAll('g[aria-label="x-axis label"] text, g[aria-label="y-axis label"] text'),
    ].map((text) => text.textContent);
    expect(labels.some((label) => /^α along the sharpest direction \(λ1 = [\d.]+\)/.test(label ?? ""))).toBe(
      true,
    );
    expect(labels.some((label) => /^β along the next \(λ2 = [\d.]+\)/.test(label ?? ""))).toBe(true);
    expect(svg.querySelectorAll("g.trajectory path")).toHaveLength(1);
    const legend = [...svg.querySelectorAll("g.legend-label text")].map((text) => text.textContent);
    expect(legend).toContain("final weights (the centre)");
    expect(legend).toContain("initial weights, projected");
  });

  it("draws the interpolation as the loss along α from the initial to the final weights", () => {
    const svg = plotSvg("landscape", [...mlpRun, "--directions", "interpolate"], work);
    expect(svg.querySelector('g[aria-label="x-axis label"] text')?.textContent).toMatch(
      /^α: initial weights \(0\) → final weights \(1\)/,
    );
    expect(svg.querySelectorAll("g.interpolation-line path")).toHaveLength(1);
    expect([...svg.querySelectorAll("g.end-label text")].map((text) => text.textContent)).toEqual([
      "initial weights (α = 0)",
      "final weights (α = 1)",
    ]);
  });

  it("keeps the line's (w, b) figure when no model flag is given", () => {
    const svg = plotSvg("landscape", ["--grid", "21"], work);
    expect(svg.querySelector('g[aria-label="x-axis label"] text')?.textContent).toMatch(/^w \(slope\)/);
  });
});

describe("lrlab landscape: a path on the plane or off it", () => {
  it("says a 2-parameter path is on the plane: its distance off it is rounding, below 1e-9 × the path's length", () => {
    // The plane of a 2-parameter model is the whole space: the projection leaves ~1e-16 of arithmetic.
    const document = lrlabJson(["landscape", "--model", "linear", "--grid", "11"]);
    expect(document.path.off.onSlice).toBe(true);
    expect(document.path.off.farthest).toBe(0);
    expect(document.path.off.tolerance).toBeGreaterThan(0);
    for (const distance of document.path.distanceFromPlane)
      expect(distance).toBeLessThan(document.path.off.tolerance);
    const { stdout } = lrlab(["landscape", "--model", "linear", "--grid", "11"]);
    expect(document.path.off.wholeSpace).toBe(true);
    expect(stdout).toContain(
      "inside the ranges; on the plane, which is the whole space here (path.distanceFromPlane in --json)",
    );
    expect(stdout).not.toMatch(/e−1\d off the plane/);
    // A network's path does leave a random plane, and the words give how far.
    const mlp = lrlabJson(["landscape", ...mlpRun, "--grid", "11"]);
    expect(mlp.path.off.onSlice).toBe(false);
    expect(mlp.path.off.farthest).toBe(Math.max(...mlp.path.distanceFromPlane));
    const text = lrlab(["landscape", ...mlpRun, "--grid", "11"]).stdout;
    expect(text).toMatch(/; up to [\d.]+ off the plane \(path\.distanceFromPlane in --json\)/);
  });
});

describe("lrlab landscape --model linear (fresh-eyes round)", () => {
  it("defaults to the Hessian's directions, since a single unit on one column has no filter to normalize", () => {
    const document = lrlabJson(["landscape", "--model", "linear", "--grid", "11"]);
    expect(document.directions.kind).toBe("hessian");
  });

  it("caps a model slice's grid at 401 points per axis, each a pass over the data", () => {
    expectUserError(
      ["landscape", "--model", "mlp", "--grid", "1001"],
      "--grid: at most 401 points per axis for a slice through a model (each is a pass over the data), got 1001",
    );
  });
});
