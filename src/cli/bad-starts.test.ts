/**
 * A start that decides the run by itself is worded as the start's doing, not the rate's: the real binary
 * refuses weights whose starting loss float64 cannot hold (as the line refuses its own), and calls a run
 * whose gradient vanishes at the start stalled, not "too small" or "converging".
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { expectUserError, lrlab, lrlabJson, scratchDirectory } from "../test-support/cli.js";

const directory = scratchDirectory("bad-starts");
// mlp 1-16-1 in Keras get_weights() order, every kernel weight 1e200: the output is about 1e200² = ∞.
writeFileSync(
  join(directory, "huge.json"),
  JSON.stringify([[Array(16).fill(1e200)], Array(16).fill(0), Array(16).fill([1e200]), [0]]),
);
// Logistic regression with w = 1e200: every logit on x ≥ 1 is past ±16, so Keras's clipped sigmoid is flat.
writeFileSync(join(directory, "saturated.json"), "[[[1e200]],[1.0]]");
writeFileSync(join(directory, "ones.json"), "[[[1]],[1]]");
// Labels that overlap (odd x are 1, even x 0): a finite optimum exists, so only the start can stall it.
writeFileSync(
  join(directory, "mixed.csv"),
  `x,y\n${Array.from({ length: 20 }, (_, i) => `${i + 1},${(i + 1) % 2}`).join("\n")}\n`,
);

const hugeStart =
  "--init huge.json: these weights (the largest |weight| is 1e200) put the starting loss beyond what float64 can hold on this data (loss ∞); expected weights whose starting loss is finite (the default start always gives one)";

describe("a start whose loss is not finite", () => {
  it("is refused by fit in one line naming --init, not judged as a rate that jumps out", () => {
    expectUserError(["fit", "--model", "mlp", "--init", "huge.json"], hugeStart, directory);
  });

  it("is refused alike by the commands that run many rates from it", () => {
    for (const command of ["suggest", "sweep"]) {
      expectUserError([command, "--model", "mlp", "--init", "huge.json"], hugeStart, directory);
    }
  });
});

describe("a start whose gradient vanishes", () => {
  const args = ["fit", "--model", "logistic", "--data", "mixed.csv", "--init", "saturated.json"];

  it("is called stalled by its start in the text, with no blame on the rate", () => {
    const { status, stdout } = lrlab(args, directory);
    expect(status).toBe(0);
    expect(stdout).toContain("Verdict: Stalled (no gradient)");
    expect(stdout).toContain("the start is the cause, not the rate");
    expect(stdout).not.toContain("Too small");
    expect(stdout).not.toMatch(/converging: each step moves toward a minimum/);
  });

  it("is stalled in the JSON verdict, with no outcome", () => {
    const document = lrlabJson(args, directory) as {
      verdict: { stalled: boolean; moved: boolean; outcome: string | null };
    };
    expect(document.verdict).toMatchObject({ stalled: true, moved: false, outcome: null });
  });

  it("is not claimed for a start that moves: zero weights on the same data are not stalled", () => {
    const document = lrlabJson(["fit", "--model", "logistic", "--data", "mixed.csv"], directory) as {
      verdict: { stalled: boolean; moved: boolean };
    };
    expect(document.verdict).toMatchObject({ stalled: false, moved: true });
  });

  it("makes suggest name no rate: every run ends where it began, a tie and no choice", () => {
    const suggest = ["suggest", "--model", "logistic", "--data", "mixed.csv", "--init", "saturated.json"];
    const { status, stdout } = lrlab(suggest, directory);
    expect(status).toBe(0);
    expect(stdout).toContain("\nNo learning rate is suggested.\n");
    expect(stdout.replace(/\s+/g, " ")).toContain(
      "Stalled start: the gradient at these starting weights vanishes",
    );
    expect(stdout).not.toContain("Use --lr");
    expect(lrlabJson(suggest, directory)).toMatchObject({ learningRate: null, stalledStart: true });
    // From zero weights the same data gets a rate.
    expect(lrlabJson(["suggest", "--model", "logistic", "--data", "mixed.csv"], directory)).toMatchObject({
      stalledStart: false,
      learningRate: expect.any(Number),
    });
  });

  it("makes sweep name no best rate, for the same reason", () => {
    const sweep = ["sweep", "--model", "logistic", "--data", "mixed.csv", "--init", "saturated.json"];
    const text = lrlab(sweep, directory).stdout.replace(/\s+/g, " ");
    expect(text).toContain("Best none: a stalled start.");
    expect(text).not.toContain("Best lr");
    expect(lrlabJson(sweep, directory)).toMatchObject({ best: null, stalledStart: true });
  });

  it("still blames the rate when the rate is what is too small to move the weights", () => {
    const document = lrlabJson(
      // From w = b = 1, steps of 1e-320·g round away; a rate near 1e-16 would move them.
      ["fit", "--model", "logistic", "--data", "mixed.csv", "--init", "ones.json", "--lr", "1e-320"],
      directory,
    ) as { verdict: { stalled: boolean; moved: boolean; outcome: string | null } };
    expect(document.verdict).toMatchObject({ stalled: false, moved: false, outcome: "too-small" });
  });
});
