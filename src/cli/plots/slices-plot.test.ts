/**
 * `lrlab plot slices` through the real binary (dist/cli/bin.js): the default rates from the theory, the
 * figure's structure, the PNG's size, and one line on stderr for bad input.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { pngSize } from "../../render/node.js";
import { parseSvg } from "../../test-support/svg.js";

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

describe("lrlab plot slices", () => {
  it("draws four rates chosen from the theory, a row each: too small, good, oscillating, diverging", () => {
    const svg = drawn(["plot", "slices"], "slices.svg");
    expect(panelsOf(svg)).toHaveLength(8);
    expect(labelsOf(svg).filter((label) => label.startsWith("lr "))).toEqual([
      "lr 0.05 · too small",
      "lr 0.28 · good",
      "lr 0.3 · oscillating",
      "lr 0.33 · diverging · leaves the frame",
    ]);
    expect(svg.querySelector(".figure-subtitle")?.textContent).toBe(
      "SGD, 20 full-batch steps from (0, 0) · critical rate 0.3069 · curves through the optimum (w*, b*)",
    );
    // 20 arrows in each panel of the three rows that stay in the bowl.
    for (const panel of panelsOf(svg).slice(0, 6))
      expect(panel.querySelectorAll("g.step-arrow path")).toHaveLength(20);
  });

  it("writes a PNG that decodes to twice the stated size", () => {
    const { status, stdout } = lrlab([
      "plot",
      "slices",
      "--lrs",
      "0.1,0.2",
      "--steps",
      "5",
      "--out",
      "s.png",
    ]);
    expect(status).toBe(0);
    const [, width, height] = /\(png, (\d+)×(\d+)\)/.exec(stdout) ?? [];
    expect(pngSize(new Uint8Array(readFileSync(join(work, "s.png"))))).toEqual({
      width: 2 * Number(width),
      height: 2 * Number(height),
    });
  });

  it("states the momentum bound, not plain gradient descent's, for momentum", () => {
    const svg = drawn(["plot", "slices", "--optimizer", "momentum", "--lrs", "0.1"], "momentum.svg");
    expect(svg.querySelector(".figure-subtitle")?.textContent).toContain(
      "stable below lr 0.5831 = 2(1 + m)/λmax",
    );
  });

  it.each([
    [["--lrs", "0,1"], '--lrs: expected numbers > 0 separated by commas, got "0" in "0,1"'],
    [
      ["--lr", "0.1", "--lrs", "0.2"],
      "--lr and --lrs: give one rate with --lr or several with --lrs, not both",
    ],
    [["--steps", "500"], /--steps: at most 400 steps can be drawn as arrows, got 500/],
    [["--optimizer", "adam"], /--lrs: no default rates for adam/],
    [["--lrs", "1,2,3,4,5,6,7,8,9"], "--lrs: at most 8 runs fit in one figure (one colour each), got 9"],
  ])("refuses %j with one line on stderr", (args, message) => {
    expectUserError(["plot", "slices", ...args], message);
  });
});
