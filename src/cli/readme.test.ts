/**
 * The README is a spec: its two set-up commands stay at the top, and its library example runs as written
 * against the built package (through `import … from "lrlab"`, the package's own exports).
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { root } from "../test-support/cli.js";

const readme = readFileSync(join(root, "README.md"), "utf8");

describe("README", () => {
  it("starts with exactly the two set-up commands: the web lab and the tests", () => {
    const firstBlock = readme.match(/```sh\n([\s\S]*?)```/)?.[1] ?? "";
    const commands = firstBlock
      .split("\n")
      .map((line) => line.replace(/#.*$/, "").trim())
      .filter((line) => line !== "");
    expect(commands).toEqual(["npm ci && npm start", "npm test"]);
  });

  it("has a library example that runs as written", () => {
    const example = readme.match(/```js\n([\s\S]*?)```/)?.[1];
    expect(example).toBeDefined();
    // Inside the package directory, so `import … from "lrlab"` resolves through package.json exports.
    const directory = mkdtempSync(join(root, ".readme-example-"));
    try {
      const file = join(directory, "example.mjs");
      writeFileSync(file, `${example}\nif (run.status !== "completed") process.exit(3);\n`);
      const result = spawnSync(process.execPath, [file], { encoding: "utf8" });
      expect(result.stderr).toBe("");
      expect(result.status).toBe(0);
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});
