/**
 * `lrlab plot sweep` through the real binary (dist/cli/bin.js, built before the tests run).
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { pngSize } from "../../render/node.js";
import { markElements, parseSvg } from "../../test-support/svg.js";

const root = fileURLToPath(new URL("../../..", import.meta.url));
const bin = join(root, "dist/cli/bin.js");

function lrlab(args: string[]) {
  const result = spawnSync(process.execPath, [bin, ...args], { cwd: root, encoding: "utf8" });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

let work: string;
beforeAll(() => {
  if (!existsSync(bin)) throw new Error(`${bin} is missing: run npm run build (npm test does it)`);
  work = mkdtempSync(join(tmpdir(), "lrlab-plot-sweep-"));
});

function plotSvg(args: string[]): Document {
  const out = join(work, `sweep-${Math.random().toString(36).slice(2)}.svg`);
  const { status, stdout, stderr } = lrlab(["plot", "sweep", ...args, "--out", out]);
  expect(stderr).toBe("");
  expect(status).toBe(0);
  expect(stdout).toMatch(/^Wrote .*\.svg \(svg, \d+×\d+\)\n$/);
  return parseSvg(readFileSync(out, "utf8"));
}

describe("lrlab plot sweep", () => {
  it("draws what lrlab sweep prints: every rate, the regimes, the best and the critical rate", () => {
    const args = ["--from", "0.01", "--to", "1", "--count", "13"];
    const printed = JSON.parse(lrlab(["sweep", "--json", ...args]).stdout);
    const svg = plotSvg(args);
    expect(markElements(svg, "sweep-point", "path")).toHaveLength(13);
    expect(svg.querySelector("g.best-rule-label text")?.textContent).toBe(
      `best ${printed.best.learningRate.toPrecision(4)}`,
    );
    expect(svg.querySelector("g.critical-rule-label text")?.textContent).toBe("2/λmax = 0.3069");
    expect(
      [...svg.querySelectorAll("g.legend-label text")].map((text) => text.textContent).slice(0, 4),
    ).toEqual(["too slow", "converging", "oscillating", "diverged"]);
    expect(svg.querySelector(".figure-title")?.textContent).toBe(
      "Final loss against learning rate: 13 rates, 100 steps each",
    );
    expect(svg.querySelector(".figure-subtitle")?.textContent).toMatch(
      /diverges between 0\.2154 and 0\.3162/,
    );
  });

  it("takes --lrs and the fit flags; no critical rule for mini-batches", () => {
    const svg = plotSvg(["--lrs", "0.01,0.1,0.5", "--batch-size", "20", "--epochs", "3", "--workers", "1"]);
    expect(markElements(svg, "sweep-point", "path")).toHaveLength(3);
    expect(svg.querySelector("g.critical-rule")).toBeNull();
    expect(svg.querySelector(".figure-subtitle")?.textContent).toMatch(/^SGD · batch size 20/);
  });

  it("writes a PNG of twice the stated size", () => {
    const out = join(work, "sweep.png");
    const { status, stdout } = lrlab(["plot", "sweep", "--lrs", "0.1,0.4", "--out", out]);
    expect(status).toBe(0);
    const [, width, height] = /\(png, (\d+)×(\d+)\)/.exec(stdout) ?? [];
    expect(pngSize(readFileSync(out))).toEqual({ width: 2 * Number(width), height: 2 * Number(height) });
  });

  it("draws a hostile column name as text", () => {
    const csv = join(work, "hostile.csv");
    writeFileSync(csv, "x,<img src=x onerror=alert(1)>\n0,1\n1,3\n2,5.5\n3,6.5\n");
    const out = join(work, "hostile.svg");
    const { status } = lrlab(["plot", "sweep", "--data", csv, "--lrs", "0.01,0.1", "--out", out]);
    expect(status).toBe(0);
    const text = readFileSync(out, "utf8");
    expect(text).not.toMatch(/<img/);
    expect(text).toContain("&lt;img src=x onerror=alert(1)&gt;");
  });

  it("asks for the rates in one line, as lrlab sweep does", () => {
    const { status, stdout, stderr } = lrlab(["plot", "sweep"]);
    expect(status).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toBe(
      "lrlab: error: sweep: which rates? give --from A --to B [--count K] (log-spaced) or --lrs r1,r2,…\n",
    );
  });
});
