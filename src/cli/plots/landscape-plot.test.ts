/**
 * `lrlab plot landscape` through the real binary (dist/cli/bin.js): one map per rate or one map for
 * several optimizers, the contours, the eigen-axes and the legend, and one line on stderr for bad input.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { markElements, parseSvg } from "../../test-support/svg.js";

const root = fileURLToPath(new URL("../../..", import.meta.url));
const bin = join(root, "dist/cli/bin.js");
let work: string;

function lrlab(args: string[]) {
  const result = spawnSync(process.execPath, [bin, ...args], { cwd: work, encoding: "utf8" });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function expectUserError(args: string[], message: string | RegExp) {
  const { status, stdout, stderr } = lrlab(args);
  expect(status).toBe(2);
  expect(stdout).toBe("");
  expect(stderr.trimEnd().split("\n")).toHaveLength(1);
  if (typeof message === "string") expect(stderr.trimEnd()).toBe(`lrlab: error: ${message}`);
  else expect(stderr).toMatch(message);
}

function drawn(args: string[], file: string): Document {
  const { status, stdout, stderr } = lrlab([...args, "--out", file]);
  expect(stderr).toBe("");
  expect(status).toBe(0);
  expect(stdout).toMatch(new RegExp(`^Wrote ${file} \\(svg, \\d+×\\d+\\)`));
  return parseSvg(readFileSync(join(work, file), "utf8"));
}

const panelsOf = (svg: Document) =>
  [...svg.documentElement.children].filter((element) => element.tagName.toLowerCase() === "svg");
const labelsOf = (svg: Document) =>
  [...svg.querySelectorAll("g.panel-label text")].map((text) => text.textContent ?? "");

beforeAll(() => {
  if (!existsSync(bin)) throw new Error(`${bin} is missing: build first (npx tsc -p tsconfig.build.json)`);
  work = mkdtempSync(join(tmpdir(), "lrlab-plots-"));
});

describe("lrlab plot landscape", () => {
  it("draws one map per rate, with the contours, the eigen-axes and a legend, for several rates", () => {
    const svg = drawn(["plot", "landscape", "--grid", "81"], "landscape.svg");
    const panels = panelsOf(svg);
    expect(panels).toHaveLength(5); // four maps and the legend
    for (const map of panels.slice(0, 4)) {
      expect(map.querySelectorAll("g.trajectory path")).toHaveLength(1);
      expect(map.querySelectorAll("g.landscape-contour path")).toHaveLength(12);
      expect(map.querySelectorAll("g.eigen-axis path")).toHaveLength(2);
    }
    expect(labelsOf(svg)).toEqual([
      "lr 0.05 · too small",
      "lr 0.28 · good",
      "lr 0.3 · oscillating",
      "lr 0.33 · diverging",
    ]);
  });

  it("compares optimizers on one map at one shared rate", () => {
    const svg = drawn(
      ["plot", "landscape", "--optimizers", "sgd,momentum,adam", "--grid", "61"],
      "optimizers.svg",
    );
    expect(panelsOf(svg)).toHaveLength(2);
    expect(markElements(svg, "trajectory", "path")).toHaveLength(3);
    const legend = [...svg.querySelectorAll("g.legend-label text")].map((text) => text.textContent);
    expect(legend.slice(0, 3)).toEqual(["SGD", "SGD with momentum", "Adam"]);
    expect(svg.querySelector(".figure-subtitle")?.textContent).toMatch(
      /^Keras defaults at lr 0\.2, 40 full-batch steps/,
    );
  });

  it("draws MAE without eigen-axes, marking the grid's lowest point", () => {
    const svg = drawn(["plot", "landscape", "--loss", "mae", "--lrs", "0.1", "--grid", "41"], "mae.svg");
    expect(svg.querySelectorAll("g.eigen-axis")).toHaveLength(0);
    expect(svg.querySelector(".figure-title")?.textContent).toBe(
      "The MAE landscape over (w, b), and the path of lr 0.1 across it",
    );
  });

  it.each([
    [
      ["--optimizers", "adam,sgd", "--beta1", "0.8"],
      /--beta1: with --optimizers each optimizer runs with its Keras defaults/,
    ],
    [
      ["--optimizer", "sgd", "--optimizers", "adam"],
      "--optimizer and --optimizers: give one or the other, not both",
    ],
    [["--optimizers", "adm"], /unknown optimizer "adm" \(did you mean "adam"\?\)/],
    [["--grid", "5000"], "--grid: at most 1001 points per axis in a figure, got 5000"],
    [
      ["--schedule", "piecewise", "--boundaries", "10", "--values", "0.1,0.01", "--lrs", "0.1"],
      /no rate to vary/,
    ],
  ])("refuses %j with one line on stderr", (args, message) => {
    expectUserError(["plot", "landscape", ...args], message);
  });
});
