/**
 * The real `lrlab` binary in tests, as a user runs it: dist/cli/bin.js (built before the tests run, by
 * `npm test` or `npx tsc -p tsconfig.build.json`) in a child process, with its exit status, stdout and
 * stderr; the checks every user error and every written figure must pass; and scratch directories.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { expect } from "vitest";
import { pngSize } from "../render/node.js";
import { parseStrictJson } from "./finite.js";
import { parseSvg } from "./svg.js";

/** The package directory, where package.json is. */
export const root = fileURLToPath(new URL("../..", import.meta.url));
/** The built executable. */
export const bin = join(root, "dist/cli/bin.js");

/** What a run of the binary did. */
export interface CliResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `lrlab …args` in `cwd` (the package directory unless given). */
export function lrlab(args: readonly string[], cwd: string = root): CliResult {
  if (!existsSync(bin)) throw new Error(`${bin} is missing: build first (npx tsc -p tsconfig.build.json)`);
  const result = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: "utf8" });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/**
 * Runs `lrlab …args` and expects a user error: exit status 2, nothing on stdout, and on stderr one line
 * and no stack trace, either `lrlab: error: <message>` exactly or a line that matches the pattern.
 */
export function expectUserError(args: readonly string[], message: string | RegExp, cwd: string = root): void {
  const { status, stdout, stderr } = lrlab(args, cwd);
  expect(status).toBe(2);
  expect(stdout).toBe("");
  expect(stderr.split("\n")).toHaveLength(2); // one line and its newline
  expect(stderr).not.toMatch(/\n\s+at /);
  if (typeof message === "string") expect(stderr).toBe(`lrlab: error: ${message}\n`);
  else expect(stderr).toMatch(message);
}

/**
 * Runs `lrlab …args --json`, expects success with nothing on stderr, and returns the document read by
 * {@link parseStrictJson}: it fails on a bare NaN or Infinity and on a number that overflows, so every
 * number in the document is finite (a non-finite result must be written as null).
 */
export function lrlabJson(args: readonly string[], cwd: string = root) {
  const { status, stdout, stderr } = lrlab([...args, "--json"], cwd);
  expect(stderr).toBe("");
  expect(status).toBe(0);
  return parseStrictJson(stdout).value;
}

/**
 * Runs `lrlab …args --out <out>`, expects it to write an SVG and say so in one line, and returns the file
 * parsed. A relative `out` is in `cwd`.
 */
export function writtenSvg(args: readonly string[], out: string, cwd: string = root): Document {
  const { status, stdout, stderr } = lrlab([...args, "--out", out], cwd);
  expect(stderr).toBe("");
  expect(status).toBe(0);
  expect(stdout).toMatch(new RegExp(`^Wrote ${escapeRegExp(out)} \\(svg, \\d+×\\d+\\)\\n$`));
  return parseSvg(readFileSync(resolve(cwd, out), "utf8"));
}

/** Runs `lrlab plot <kind> …args` into a new SVG file in `directory`, and returns it parsed ({@link writtenSvg}). */
export function plotSvg(kind: string, args: readonly string[], directory: string): Document {
  return writtenSvg(
    ["plot", kind, ...args],
    join(directory, `${kind}-${Math.random().toString(36).slice(2)}.svg`),
  );
}

/**
 * Runs `lrlab …args --out <out>` for a PNG file `out`, and expects success and a PNG of twice the size
 * it states (drawn at 2× for sharp screens). A relative `out` is in `cwd`.
 */
export function expectPngAtTwiceStatedSize(args: readonly string[], out: string, cwd: string = root): void {
  const { status, stdout } = lrlab([...args, "--out", out], cwd);
  expect(status).toBe(0);
  const [, width, height] = /\(png, (\d+)×(\d+)\)/.exec(stdout) ?? [];
  expect(pngSize(readFileSync(resolve(cwd, out)))).toEqual({
    width: 2 * Number(width),
    height: 2 * Number(height),
  });
}

/**
 * Runs `lrlab …args` on `csv`, a CSV text with the column name `<img src=x onerror=alert(1)>`, writing an
 * SVG; expects success and the name drawn as text, never as markup. The files go in `directory`.
 */
export function expectHostileNameDrawnAsText(args: readonly string[], csv: string, directory: string): void {
  const data = join(directory, "hostile.csv");
  const out = join(directory, "hostile.svg");
  writeFileSync(data, csv);
  const { status } = lrlab([...args, "--data", data, "--out", out]);
  expect(status).toBe(0);
  const text = readFileSync(out, "utf8");
  expect(text).not.toMatch(/<img/);
  expect(text).toContain("&lt;img src=x onerror=alert(1)&gt;");
}

/** A new empty directory under the system's temporary directory, named `lrlab-<name>-…`. */
export function scratchDirectory(name: string): string {
  return mkdtempSync(join(tmpdir(), `lrlab-${name}-`));
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
