/**
 * `lrlab plot loss` through the real binary (dist/cli/bin.js, built before the tests run).
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
  work = mkdtempSync(join(tmpdir(), "lrlab-plot-loss-"));
});

/** Draws the figure to an SVG file and parses it. */
function plotSvg(args: string[]): Document {
  const out = join(work, `loss-${Math.random().toString(36).slice(2)}.svg`);
  const { status, stdout, stderr } = lrlab(["plot", "loss", ...args, "--out", out]);
  expect(stderr).toBe("");
  expect(status).toBe(0);
  expect(stdout).toMatch(/^Wrote .*\.svg \(svg, \d+×\d+\)\n$/);
  return parseSvg(readFileSync(out, "utf8"));
}

describe("lrlab plot loss", () => {
  it("draws the lesson's four rates by default, the diverging one marked where it blew up", () => {
    const svg = plotSvg([]);
    expect(markElements(svg, "loss-line", "path")).toHaveLength(4);
    const labels = [...svg.querySelectorAll("g.series-label text")].map((text) => text.textContent);
    expect(labels).toEqual(["rate 0.01 · too small", "rate 0.28 · good", "rate 0.29 · oscillating"]);
    expect(markElements(svg, "diverged-marker", "path")).toHaveLength(1);
    expect(svg.querySelector("g.diverged-label text")?.textContent).toBe(
      "rate 0.34 · diverging: blew up at step 36",
    );
    expect(svg.querySelector("g.optimum-label text")?.textContent).toBe("optimum loss 0.9692");
    expect(svg.querySelector(".figure-subtitle")?.textContent).toBe(
      "SGD · full batch · 100 steps · critical rate 2/λmax = 0.3069 · top band: losses above 20, compressed",
    );
  });

  it("draws the rates of --lrs, each the rate argument of a schedule when one is given", () => {
    const svg = plotSvg([
      "--lrs",
      "0.05,0.2",
      "--schedule",
      "exponential",
      "--decay-steps",
      "10",
      "--decay-rate",
      "0.5",
      "--steps",
      "40",
    ]);
    expect(markElements(svg, "loss-line", "path")).toHaveLength(2);
    expect([...svg.querySelectorAll("g.series-label text")].map((text) => text.textContent).sort()).toEqual([
      "rate 0.05",
      "rate 0.2",
    ]);
    expect(svg.querySelector(".figure-subtitle")?.textContent).toMatch(
      /ExponentialDecay · full batch · 40 steps/,
    );
  });

  it("draws one run at --lr, with its final loss in the subtitle", () => {
    const svg = plotSvg(["--lr", "0.1", "--steps", "30", "--batch-size", "10"]);
    expect(markElements(svg, "loss-line", "path")).toHaveLength(1);
    expect(svg.querySelector(".figure-title")?.textContent).toBe("Loss per step at rate 0.1");
    expect(svg.querySelector(".figure-subtitle")?.textContent).toMatch(
      /batch size 10 · 30 steps · final loss \d/,
    );
  });

  it("writes a PNG of twice the stated size", () => {
    const out = join(work, "loss.png");
    const { status, stdout } = lrlab(["plot", "loss", "--out", out]);
    expect(status).toBe(0);
    const [, width, height] = /\(png, (\d+)×(\d+)\)/.exec(stdout) ?? [];
    expect(pngSize(readFileSync(out))).toEqual({ width: 2 * Number(width), height: 2 * Number(height) });
  });

  it("draws a hostile column name as text", () => {
    const csv = join(work, "hostile.csv");
    writeFileSync(csv, "<img src=x onerror=alert(1)>,y\n0,1\n1,3\n2,5.5\n3,6.5\n");
    const out = join(work, "hostile.svg");
    const { status } = lrlab(["plot", "loss", "--data", csv, "--lr", "0.05", "--out", out]);
    expect(status).toBe(0);
    const text = readFileSync(out, "utf8");
    expect(text).not.toMatch(/<img/);
    expect(text).toContain("&lt;img src=x onerror=alert(1)&gt;");
  });

  it("refuses --lrs with --lr in one line", () => {
    const { status, stdout, stderr } = lrlab(["plot", "loss", "--lrs", "0.1,0.2", "--lr", "0.1"]);
    expect(status).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toBe("lrlab: error: --lrs and --lr: give one or the other, not both\n");
  });
});
