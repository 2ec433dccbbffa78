/**
 * One way to write a number in one output, and plurals that agree, through the real binary (report 12,
 * item 19).
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { textWidth } from "../../render/text.js";
import { THEME } from "../../render/theme.js";
import { lrlab, plotSvg, scratchDirectory } from "../../test-support/cli.js";
import { housesFlags } from "../../test-support/houses.js";

const work = scratchDirectory("one-format");

describe("numbers written one way", () => {
  it("suggest on houses writes its small rates in e-notation, as its bounds, never 0.0000…", () => {
    const { status, stdout } = lrlab(["suggest", ...housesFlags(), "--model", "linear"]);
    expect(status).toBe(0);
    // Within the default 100 steps the fastest rate cannot get there: the headline is the rate that ends
    // lowest within the budget, the fastest one the detail; both in e-notation.
    expect(stdout).toContain("Use --lr 3e-5  (exact theory)");
    expect(stdout).toContain("fastest rate     4.033735e-5: 393,734 steps");
    expect(stdout).toContain("critical rate    4.0338e−5 = 2/λmax");
    expect(stdout).not.toMatch(/0\.0000\d/);
  });

  it("plot sharpness measured at every step says 'every step', not 'every 1 steps'", () => {
    const svg = plotSvg("sharpness", ["--lr", "0.31", "--steps", "50", "--track-sharpness", "1"], work);
    const subtitle = svg.querySelector(".figure-subtitle")?.textContent ?? "";
    expect(subtitle).toContain("λmax every step (51 measurements)");
    expect(subtitle).not.toContain("every 1 steps");
  });
});

describe("lrlab --help", () => {
  it("describes the models beyond the line for fit, random-search and landscape", () => {
    const { status, stdout } = lrlab(["--help"]);
    expect(status).toBe(0);
    const text = stdout.replace(/\s+/g, " ");
    expect(text).toContain(
      "fit [options] train the line y = w·x + b, or --model linear|polynomial|logistic|mlp,",
    );
    expect(text).toContain("random-search [options] guess the line's (w, b), or a --model's weights,");
    expect(text).toContain(
      "landscape [options] the loss over the line's (w, b) grid, or over a slice through a --model's weights",
    );
    expect(text).not.toMatch(/fit \[options\] train y = w·x \+ b/);
  });
});

describe("figure subtitles", () => {
  it("wrap where they do not fit, at a ' · ', and keep every word (plot loss, polynomial of degree 4)", () => {
    const svg = plotSvg(
      "loss",
      ["--model", "polynomial", "--degree", "4", "--standardize", "--lr", "0.1"],
      work,
    );
    const subtitle = svg.querySelector(".figure-subtitle") as Element;
    const rows = [...subtitle.querySelectorAll("tspan")].map((row) => row.textContent ?? "");
    expect(rows).toHaveLength(2);
    expect(rows[0]?.endsWith(" · ")).toBe(true);
    expect(rows[1]).toBe("top band: losses above 20, compressed");
    expect(subtitle.textContent).toContain("2/λmax = 0.05077 · top band: losses above 20, compressed");
    // Each row fits the figure: 752 px wide, 16 px of padding either side; the whole would not.
    for (const row of rows) expect(textWidth(row.trimEnd(), THEME.subtitleSize)).toBeLessThanOrEqual(720);
    expect(textWidth(rows.join(""), THEME.subtitleSize)).toBeGreaterThan(720);
  });
});

describe("a network on unscaled inputs", () => {
  it("warns that tanh saturates and points to --standardize, and not once standardized", () => {
    // x from 1e100 to about 3.7e100: tanh(w·x) is ±1 for any glorot kernel, whatever the row.
    const rows = Array.from({ length: 20 }, (_, i) => `${(1 + i / 7) * 1e100},${Math.sin(i)}`);
    const data = join(work, "e100.csv");
    writeFileSync(data, `x,y\n${rows.join("\n")}\n`);
    const raw = lrlab(["fit", "--data", data, "--model", "mlp"]);
    expect(raw.status).toBe(0);
    expect(raw.stdout.replace(/\s+/g, " ")).toContain(
      `warning: inputs far outside tanh's range ("x" reaches 3.714e100 in size): every hidden unit saturates and the hidden weights get no gradient, so the loss stalls; use --standardize`,
    );
    const scaled = lrlab(["fit", "--data", data, "--model", "mlp", "--standardize"]);
    expect(scaled.status).toBe(0);
    expect(scaled.stdout).not.toContain("warning: inputs far outside");
    // relu does not saturate: no warning either.
    expect(lrlab(["fit", "--data", data, "--model", "mlp", "--activation", "relu"]).stdout).not.toContain(
      "warning: inputs far outside",
    );
  });
});
