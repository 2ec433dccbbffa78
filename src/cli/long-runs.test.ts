/**
 * A run of hours says so at once: the real binary, given `--steps 1e12`, prints its estimate on stderr
 * before it has done any real work, and is stopped by the test a moment later.
 */
import { spawn, spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { bin, expectUserError, root, scratchDirectory } from "../test-support/cli.js";

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

describe("many rates on a big network", () => {
  // 1-256-256-1 has 66,561 parameters: one rate's 2,000 steps on 100 rows at 8 ns per parameter-row take
  // about 2,000 × 100 × 66,561 × 8 ns ≈ 106 s, so an estimate seen within 30 s came before the first rate
  // ended: up front, as fit gives it, not after minutes of silence.
  const big = ["--model", "mlp", "--hidden", "256,256", "--steps", "2000"];
  // The first line on stderr, the child stopped as soon as it came (or after 30 s, when it is "").
  const firstLine = (args: readonly string[]) =>
    new Promise<string>((resolve) => {
      const child = spawn(process.execPath, [bin, ...args], { cwd: root });
      let stderr = "";
      const stop = () => {
        clearTimeout(timer);
        child.kill();
        resolve(stderr.split("\n")[0] as string);
      };
      const timer = setTimeout(stop, 30000);
      child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
        stderr += chunk;
        if (stderr.includes("\n")) stop();
      });
    });

  it("suggest says how many rates it runs and how long that takes, before the first", async () => {
    // 41 rates × 106 s ≈ 1 h 13 min.
    expect(await firstLine(["suggest", ...big])).toBe(
      "lrlab suggest: 41 rates, roughly 1 h 13 min (an estimate; Ctrl-C stops it)",
    );
  }, 40000);

  it("sweep says it before the first rate too", async () => {
    // 13 rates × 106 s ≈ 23 min.
    expect(await firstLine(["sweep", ...big])).toBe(
      "lrlab sweep: 13 rates, roughly 23 min (an estimate; Ctrl-C stops it)",
    );
  }, 40000);

  it("report says it before its first run", async () => {
    const out = join(scratchDirectory("long-report"), "report.html");
    expect(await firstLine(["report", ...big, "--out", out])).toBe(
      "lrlab report: the run: 2,000 steps, roughly 1 min 46 s (an estimate; Ctrl-C stops it)",
    );
  }, 40000);
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
