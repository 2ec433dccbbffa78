/**
 * A run of hours says so at once: the real binary, given `--steps 1e12`, prints its estimate on stderr
 * before it has done any real work, and is stopped by the test a moment later.
 */
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { bin, root } from "../test-support/cli.js";

describe("a very long run", () => {
  it("prints an estimate of its duration up front, off a terminal too", () => {
    const result = spawnSync(process.execPath, [bin, "fit", "--steps", "1e12"], {
      cwd: root,
      encoding: "utf8",
      timeout: 3000,
    });
    expect(result.signal).toBe("SIGTERM"); // still running when stopped
    expect(result.stdout).toBe("");
    // 1e12 steps at the typical 30 ns per step: 30,000 s, said first; then, once 2 s have passed, progress
    // with the measured time left (the loop reports at least every 65,536 steps).
    const [estimate, ...progress] = result.stderr.trimEnd().split("\n");
    expect(estimate).toBe(
      "lrlab fit: 1,000,000,000,000 steps, roughly 8 h 20 min (an estimate; Ctrl-C stops it)",
    );
    for (const line of progress)
      expect(line).toMatch(/^lrlab fit: 0% \([\d,]+\/1,000,000,000,000 steps\), about .+ left$/);
  });
});
