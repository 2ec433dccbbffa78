/**
 * `lrlab plot` as a user meets it, through the real binary: help when no kind is given, a file whose
 * contents match its name, and ranges a grid can be drawn on.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { pngSize } from "../render/node.js";
import { expectUserError, lrlab, scratchDirectory } from "../test-support/cli.js";

let work: string;
beforeAll(() => {
  work = scratchDirectory("plot-output");
});

describe("lrlab plot without a kind", () => {
  it("prints the plot help with every kind on stdout and exits 0, like lrlab alone", () => {
    const bare = lrlab(["plot"]);
    expect(bare.stderr).toBe("");
    expect(bare.status).toBe(0);
    expect(bare.stdout).toMatch(/^Usage: lrlab plot \[options\] \[command\]\n/);
    for (const kind of [
      "fit",
      "loss",
      "slices",
      "landscape",
      "sweep",
      "find-lr",
      "schedule",
      "animation",
      "history",
    ]) {
      expect(bare.stdout).toMatch(new RegExp(`\\n  ${kind} \\[options\\]`));
    }
    expect(lrlab(["help", "plot"])).toEqual(bare);
    expect(lrlab(["plot", "--help"])).toEqual(bare);
  });
});

describe("the written file's format matches its name", () => {
  it("takes the format from the extension: .png is a PNG, .html a page", () => {
    expect(lrlab(["plot", "fit", "--steps", "3", "--out", "f.png"], work).stdout).toMatch(
      /^Wrote f\.png \(png, /,
    );
    expect(pngSize(readFileSync(join(work, "f.png"))).width).toBeGreaterThan(0);
    expect(lrlab(["plot", "fit", "--steps", "3", "--out", "f.HTML"], work).stdout).toMatch(/\(html, /);
    expect(readFileSync(join(work, "f.HTML"), "utf8")).toMatch(/^<!doctype html>/i);
  });

  it("refuses an extension it does not write, instead of writing SVG into a .pdf", () => {
    expectUserError(
      ["plot", "fit", "--out", "x.pdf"],
      "--out x.pdf: expected a file name ending in .svg, .png or .html",
      work,
    );
    expectUserError(
      ["plot", "animation", "--out", "x.webp"],
      "--out x.webp: expected a file name ending in .svg, .png, .html or .gif",
      work,
    );
    expect(existsSync(join(work, "x.pdf"))).toBe(false);
  });

  it("refuses a --format that contradicts --out's extension, instead of writing PNG into a .svg", () => {
    expectUserError(
      ["plot", "fit", "--format", "png", "--out", "x.svg"],
      "--format png does not match --out x.svg; drop --format or name the file .png",
      work,
    );
    expect(existsSync(join(work, "x.svg"))).toBe(false);
  });

  it("needs an extension or --format, and reads a dot in a folder name as part of the folder", () => {
    expectUserError(
      ["plot", "fit", "--out", "figure"],
      "--out figure: expected a file name ending in .svg, .png or .html, or --format",
      work,
    );
    const { status, stdout } = lrlab(
      ["plot", "fit", "--steps", "3", "--format", "svg", "--out", "./figure"],
      work,
    );
    expect(status).toBe(0);
    expect(stdout).toMatch(/\(svg, /);
    expect(readFileSync(join(work, "figure"), "utf8")).toMatch(/^<svg/);
  });

  it("refuses a PNG of the animation, which could hold only its last frame", () => {
    expectUserError(
      ["plot", "animation", "--out", "a.png"],
      "--out a.png: a PNG cannot move; write the animation as .gif, .svg or .html (lrlab plot fit draws a still)",
      work,
    );
    expectUserError(
      ["plot", "animation", "--format", "png"],
      "--format png: a PNG cannot move; write the animation as .gif, .svg or .html (lrlab plot fit draws a still)",
      work,
    );
    expect(existsSync(join(work, "a.png"))).toBe(false);
  });
});

describe("plot landscape's ranges", () => {
  it("refuses a range whose width overflows, instead of a stack trace from the renderer", () => {
    expectUserError(
      ["plot", "landscape", "--w-range=-1e308:1e308"],
      "--w-range: -1e308:1e308 is too wide (high − low overflows); expected a range narrower than about 1e308",
    );
    expectUserError(
      ["plot", "landscape", "--b-range=-1e308:1e308"],
      "--b-range: -1e308:1e308 is too wide (high − low overflows); expected a range narrower than about 1e308",
    );
  });

  it("refuses ends that overflow, are equal, reversed or too close for their size", () => {
    expectUserError(
      ["plot", "landscape", "--w-range=-1e400:1"],
      /^lrlab: error: --w-range: expected low:high/,
    );
    expectUserError(["plot", "landscape", "--w-range=2:1"], /^lrlab: error: --w-range: expected low:high/);
    expectUserError(
      ["plot", "landscape", "--w-range=1e6:1000000.000001"],
      "--w-range: 1e6:1000000.000001 is too narrow for numbers that size; expected high − low ≥ 1e-9 × their size",
    );
  });

  it("refuses a range where the loss itself overflows, which would draw an empty map", () => {
    expectUserError(
      ["plot", "landscape", "--b-range=-1e200:1e200", "--out", join(work, "huge.svg")],
      "--b-range: the MSE loss overflows to infinity in that range; choose a narrower one",
    );
    expect(existsSync(join(work, "huge.svg"))).toBe(false);
  });
});
