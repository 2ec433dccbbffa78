/**
 * Every command pays for what `lrlab` loads at start, so the renderer (Observable Plot, linkedom, resvg)
 * must load only when a figure is drawn: a plain `lrlab fit` on a million rows stays under its memory floor.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { root } from "../test-support/cli.js";

describe("lrlab's start-up", () => {
  it("loads no renderer until a figure is drawn", () => {
    const directory = mkdtempSync(join(tmpdir(), "lrlab-startup-"));
    const hook = join(directory, "hook.mjs");
    writeFileSync(
      hook,
      [
        "export async function resolve(specifier, context, next) {",
        "  const result = await next(specifier, context);",
        '  if (/@observablehq\\/plot|linkedom|@resvg/.test(result.url)) process.stderr.write("loaded " + specifier + "\\n");',
        "  return result;",
        "}",
      ].join("\n"),
    );
    const main = pathToFileURL(join(root, "dist/cli/main.js")).href;
    const script = `import { register } from "node:module"; register(${JSON.stringify(pathToFileURL(hook).href)}); await import(${JSON.stringify(main)});`;
    const result = spawnSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8" });
    expect(result.status).toBe(0);
    expect(result.stderr).toBe("");
  });
});
