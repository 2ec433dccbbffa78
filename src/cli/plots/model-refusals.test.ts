/**
 * The plot kinds that cannot take a model answer `--model` with one line that says why and what to use
 * instead (not "unknown option"), through the real binary, and write nothing.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { expectUserError, lrlab, plotSvg, scratchDirectory } from "../../test-support/cli.js";

const work = scratchDirectory("plot-model-refusals");

describe("plot kinds that cannot take a model", () => {
  it.each([
    [
      ["slices", "--model", "mlp", "--hidden", "8"],
      "plot slices draws the line's loss along w and along b; for --model mlp use `lrlab plot landscape --model mlp` (a slice through its weights)",
    ],
    [
      ["animation", "--model", "polynomial", "--degree", "3"],
      "plot animation films the line moving onto the least-squares line; for --model polynomial use `lrlab plot fit --model polynomial` (the fitted curve) or `lrlab plot loss --model polynomial`",
    ],
    [
      ["schedule", "--model", "logistic", "--schedule", "cosine"],
      "plot schedule draws the learning rate against step, the same for every model (ReduceLROnPlateau's from a run of the line): drop --model logistic",
    ],
    [
      ["schedule", "--track-sharpness", "5"],
      "plot schedule draws the learning rate against step, the same for every model (ReduceLROnPlateau's from a run of the line): drop --track-sharpness",
    ],
    [
      ["history", "--from", "history.json", "--model", "linear"],
      "plot history draws the training history in --from, whatever model made it: drop --model linear",
    ],
    // Without --model, a flag of another model is refused as the line's commands refuse it.
    [["slices", "--hidden", "8"], "--hidden applies to --model mlp, not line"],
  ])("lrlab plot %j: exit 2, one line, nothing written", (args, message) => {
    const out = join(work, `${args[0]}-${args.length}.svg`);
    expectUserError(["plot", ...args, "--out", out], message);
    expect(existsSync(out)).toBe(false);
  });

  it("keeps the line's figures with --model line, the default", () => {
    const svg = plotSvg("slices", ["--model", "line", "--lrs", "0.1"], work);
    expect(svg.querySelector(".figure-title")?.textContent).toBeTruthy();
    const schedule = plotSvg(
      "schedule",
      ["--model", "line", "--schedule", "cosine", "--decay-steps", "50"],
      work,
    );
    expect(schedule.querySelector(".figure-title")?.textContent).toMatch(/CosineDecay/);
  });

  it("hides the refused model flags from the kinds' help", () => {
    for (const kind of ["slices", "animation", "schedule", "history"]) {
      const { status, stdout } = lrlab(["plot", kind, "--help"]);
      expect(status).toBe(0);
      expect(stdout).not.toMatch(/--model|--hidden|--track-sharpness/);
    }
  });
});
