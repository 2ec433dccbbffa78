/**
 * `lrlab plot find-lr` through the real binary (dist/cli/bin.js, built before the tests run).
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
  work = mkdtempSync(join(tmpdir(), "lrlab-plot-find-lr-"));
});

function plotSvg(args: string[]): Document {
  const out = join(work, `find-lr-${Math.random().toString(36).slice(2)}.svg`);
  const { status, stdout, stderr } = lrlab(["plot", "find-lr", ...args, "--out", out]);
  expect(stderr).toBe("");
  expect(status).toBe(0);
  expect(stdout).toMatch(/^Wrote .*\.svg \(svg, \d+×\d+\)\n$/);
  return parseSvg(readFileSync(out, "utf8"));
}

describe("lrlab plot find-lr", () => {
  it("draws what lrlab find-lr prints: the curve, the four suggestions and the critical rate", () => {
    const printed = JSON.parse(lrlab(["find-lr", "--json"]).stdout);
    const svg = plotSvg([]);
    expect(markElements(svg, "suggestion-marker", "circle")).toHaveLength(4);
    expect(svg.querySelector("g.suggestion-valley text")?.textContent).toBe(
      `valley: ${Number(printed.suggestions.valley.toPrecision(4))} (suggested)`,
    );
    expect(svg.querySelector("g.critical-rule-label text")?.textContent).toBe("2/λmax = 0.3069");
    expect(svg.querySelector(".figure-subtitle")?.textContent).toMatch(
      new RegExp(`iteration ${printed.iterations} of 100`),
    );
  });

  it("takes the range test's flags, and draws SGD-with-momentum's own bound", () => {
    const svg = plotSvg(["--num-it", "60", "--end-lr", "1", "--optimizer", "momentum"]);
    expect(svg.querySelector(".figure-title")?.textContent).toBe(
      "The LR range test: loss as the rate ramps from 1e-7 to 1",
    );
    expect(svg.querySelector("g.critical-rule-label text")?.textContent).toMatch(/^2\(1 \+ m\)\/λmax = /);
  });

  it("writes a PNG of twice the stated size", () => {
    const out = join(work, "find-lr.png");
    const { status, stdout } = lrlab(["plot", "find-lr", "--out", out]);
    expect(status).toBe(0);
    const [, width, height] = /\(png, (\d+)×(\d+)\)/.exec(stdout) ?? [];
    expect(pngSize(readFileSync(out))).toEqual({ width: 2 * Number(width), height: 2 * Number(height) });
  });

  it("draws a hostile column name as text", () => {
    const csv = join(work, "hostile.csv");
    const rows = Array.from({ length: 40 }, (_, i) => `${i / 10},${(2 * i) / 10 + 1 + ((i * 7) % 5) / 10}`);
    writeFileSync(csv, `<img src=x onerror=alert(1)>,y\n${rows.join("\n")}\n`);
    const out = join(work, "hostile.svg");
    const { status } = lrlab(["plot", "find-lr", "--data", csv, "--out", out]);
    expect(status).toBe(0);
    const text = readFileSync(out, "utf8");
    expect(text).not.toMatch(/<img/);
    expect(text).toContain("&lt;img src=x onerror=alert(1)&gt;");
  });

  it("refuses a schedule, as lrlab find-lr does", () => {
    const { status, stdout, stderr } = lrlab(["plot", "find-lr", "--schedule", "cosine"]);
    expect(status).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toMatch(
      /^lrlab: error: --schedule does not apply to find-lr: the range test ramps the rate itself/,
    );
  });
});
