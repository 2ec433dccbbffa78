/**
 * The core must run unchanged in Node, a browser and a Web Worker, and give the same numbers everywhere:
 * no Node APIs, no DOM, no hidden randomness or clock in any of its files.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const coreDirectory = fileURLToPath(new URL(".", import.meta.url));

function sourceFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith(".ts") && !entry.name.endsWith(".test.ts") ? [path] : [];
  });
}

const forbidden: [string, RegExp][] = [
  ["Node imports", /from\s+["']node:|require\(/],
  ["Node globals", /\bprocess\.|\bBuffer\b|__dirname/],
  ["DOM", /\bdocument\.|\bwindow\.|\bHTMLElement\b/],
  ["Math.random", /Math\.random\s*\(/],
  ["clock", /Date\.now|performance\.now|new Date\(/],
];

describe("src/core", () => {
  const files = sourceFiles(coreDirectory);

  it("has source files to check", () => {
    expect(files.length).toBeGreaterThan(10);
  });

  it.each(forbidden)("uses no %s", (_what, pattern) => {
    const offenders = files.filter((file) => pattern.test(readFileSync(file, "utf8")));
    expect(offenders).toEqual([]);
  });
});
