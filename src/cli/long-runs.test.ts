/**
 * A run of hours says so at once: the real binary, given `--steps 1e12`, prints its estimate on stderr
 * before it has done any real work, and is stopped by the test a moment later.
 */
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { bin, expectUserError, root } from "../test-support/cli.js";

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

describe("the largest networks", () => {
  it("refuses a network past the parameter cap, naming its count and the cap", () => {
    // 1-4096-4096-1: (4096 + 4096) + (4096² + 4096) + 4097 = 16,793,601 parameters.
    expectUserError(
      ["fit", "--model", "mlp", "--hidden", "4096,4096"],
      "--hidden 4096,4096: 16,793,601 parameters on 1 input; at most 1,000,000 (about 80 s per 100 steps on 100 points here), so use fewer or narrower layers",
    );
  });

  it("prints its estimate before the first step of a network just under the cap", () => {
    // 1-1000-990-1: 2,000 + 990,990 + 991 = 993,981 parameters; 100 steps × 100 rows × 993,981 × 8 ns ≈ 80 s.
    const result = spawnSync(
      process.execPath,
      [bin, "fit", "--model", "mlp", "--hidden", "1000,990", "--steps", "100"],
      { cwd: root, encoding: "utf8", timeout: 5000 },
    );
    expect(result.signal).toBe("SIGTERM");
    expect(result.stderr.split("\n")[0]).toBe(
      "lrlab fit: 100 steps, roughly 1 min 20 s (an estimate; Ctrl-C stops it)",
    );
  });

  it("refuses a landscape grid that cannot finish, naming the largest that can", () => {
    // 1-256-256-1 has 66,561 parameters; 1e10 / (100 rows · 66,561) = 1,502 points: a 38 × 38 plane.
    expectUserError(
      ["landscape", "--model", "mlp", "--hidden", "256,256", "--grid", "401", "--json"],
      "--grid 401: 66,561 parameters × 100 rows allows at most --grid 38 (points per axis) to finish in reasonable time",
    );
    expectUserError(
      ["landscape", "--model", "mlp", "--hidden", "256,256", "--grid", "39", "--json"],
      /^lrlab: error: --grid 39: .* at most --grid 38 /,
    );
  });
});
