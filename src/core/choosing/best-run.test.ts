import { describe, expect, it } from "vitest";
import { bestRunOf, type RankableRun, rateChoice } from "./best-run.js";

const run = (
  learningRate: number,
  finalLoss: number,
  regime: RankableRun["regime"] = "converging",
  status: RankableRun["status"] = "completed",
): RankableRun => ({ learningRate, finalLoss, regime, status });

describe("rateChoice (a best rate only where a minimum exists)", () => {
  // Rates 0.1, 1, 10: the last blew up. Final losses 0.5 and 0.3: the larger stable rate slid further.
  const runs = [run(0.1, 0.5), run(1, 0.3), run(10, Number.NaN, "diverging", "diverged")];

  it("names the lowest final loss as best where the loss has a finite minimum", () => {
    expect(rateChoice(runs, false)).toEqual({ kind: "best", best: runs[1] });
    expect(bestRunOf(runs)).toBe(runs[1]);
  });

  it("with no finite minimum names no best, only the lowest loss and that it is the largest stable rate", () => {
    expect(rateChoice(runs, true)).toEqual({ kind: "no-finite-minimum", lowest: runs[1], largestKept: true });
  });

  it("says when the lowest loss is not at the largest stable rate", () => {
    // An oscillating run at 2 ends higher (0.4) than the run at 1 (0.3), and is still kept.
    const bumpy = [...runs, run(2, 0.4, "oscillating")];
    expect(rateChoice(bumpy, true)).toEqual({
      kind: "no-finite-minimum",
      lowest: runs[1],
      largestKept: false,
    });
  });

  it("has nothing to name when every rate diverged, minimum or not", () => {
    const blown = [run(1, Number.POSITIVE_INFINITY, "diverging", "diverged")];
    expect(rateChoice(blown, true)).toEqual({ kind: "none" });
    expect(rateChoice(blown, false)).toEqual({ kind: "none" });
  });
});
