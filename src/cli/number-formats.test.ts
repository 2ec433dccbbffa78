/**
 * One number, one format, on every face of the real binary: the condition number, a distance from the best
 * loss, a sweep's losses, the closeness words. Each case is a pair that once printed the same number two
 * ways (the verify round of issue 10).
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { syntheticLine } from "../core/data/data.js";
import { lrlab, scratchDirectory } from "../test-support/cli.js";

let work: string;
beforeAll(() => {
  work = scratchDirectory("formats");
  // The lab's "Uncentred x" preset: x in [8, 12], y = 2x + 10 + noise, a narrow valley (κ ≈ 9288).
  const data = syntheticLine({ intercept: 10, xMin: 8, xMax: 12 });
  const rows = Array.from(data.x, (x, i) => `${x},${data.y[i]}`);
  writeFileSync(join(work, "uncentred.csv"), `x,y\n${rows.join("\n")}\n`);
});

const oneLine = (text: string) => text.replace(/\s+/g, " ");

describe("numbers printed one way", () => {
  it("writes the condition number the same in the theory and in the verdict", () => {
    // Once "condition number 9288" above and "curves 9290× more steeply" below.
    const { status, stdout } = lrlab(["fit", "--data", join(work, "uncentred.csv"), "--lr", "0.009"]);
    expect(status).toBe(0);
    const text = oneLine(stdout);
    const theory = /\(condition number ([\d.e−]+)\)/.exec(text)?.[1];
    const verdict = /the loss curves ([\d.e−]+)× more steeply/.exec(text)?.[1];
    expect(theory).toBe("9288");
    expect(verdict).toBe(theory);
  });

  it("writes a loss far above the best one as a multiple, whatever the face", () => {
    // Once "376% above the best loss" here and "15× the best loss" there: from twice the best loss on, a
    // multiple (Huber at lr 2 ends at 2.02713 against 0.425593, 4.76× it).
    const text = oneLine(lrlab(["fit", "--loss", "huber", "--lr", "2"]).stdout);
    expect(text).toContain("after 100 steps the loss is still 4.8× the best loss");
    expect(text).not.toMatch(/\d{3}% above/);
  });

  it("quotes the sweep's lowest final loss as its table prints it", () => {
    // Once "the lowest final loss (0.162785)" under a table that printed 0.16278.
    const { stdout } = lrlab(["sweep", "--lrs", "0.001,0.01", "--steps", "5"]);
    const cell = /^ +0\.01 {2}too small +converging +([\d.]+) /m.exec(stdout)?.[1];
    expect(cell).toBeDefined();
    expect(oneLine(stdout)).toContain(`the lowest final loss (${cell})`);
  });

  it("calls the reference line of a figure the best loss, as every sentence does", () => {
    const out = join(work, "loss.svg");
    expect(lrlab(["plot", "loss", "--lrs", "0.1", "--out", out]).status).toBe(0);
    const svg = readFileSync(out, "utf8");
    expect(svg).toContain("best loss 0.9692");
    expect(svg).not.toContain("optimum loss");
  });
});
