/**
 * How the real binary reads flags: Keras and PyTorch habits, flags given twice, seeds, and the help that
 * describes them.
 */
import { describe, expect, it } from "vitest";
import { expectUserError, lrlab, lrlabJson, scratchDirectory } from "../test-support/cli.js";

describe("Keras habits", () => {
  it("takes --learning-rate and --learning_rate as --lr", () => {
    for (const flag of ["--learning-rate", "--learning_rate", "--learning-rate=0.2"]) {
      const args = flag.includes("=") ? [flag] : [flag, "0.2"];
      const document = lrlabJson(["fit", "--steps", "2", ...args]);
      expect(document.optimizer.learningRate).toBe(0.2);
      expect(document.history[0].learningRate).toBe(0.2);
    }
  });

  it("reads optimizer, schedule and loss names in any case, and as Keras classes", () => {
    const document = lrlabJson([
      "fit",
      "--steps",
      "2",
      "--optimizer",
      "Adam",
      "--schedule",
      "ExponentialDecay",
      "--decay-steps",
      "10",
      "--decay-rate",
      "0.5",
      "--loss",
      "MeanSquaredError",
    ]);
    expect(document.optimizer.name).toBe("adam");
    expect(document.schedule.name).toBe("exponential");
    expect(document.loss.name).toBe("mse");
    expect(lrlabJson(["fit", "--steps", "1", "--optimizer", "SGD"]).optimizer.name).toBe("sgd");
    expect(lrlabJson(["fit", "--steps", "1", "--optimizer", "RMSprop"]).optimizer.name).toBe("rmsprop");
    expect(lrlabJson(["fit", "--steps", "1", "--loss", "MAE"]).loss.name).toBe("mae");
    expect(lrlabJson(["fit", "--steps", "1", "--loss", "mean_absolute_error"]).loss.name).toBe("mae");
  });

  it("still refuses a name that is none of them, suggesting the nearest", () => {
    expectUserError(["fit", "--optimizer", "Adma"], /unknown optimizer "Adma" \(did you mean "adam"\?\)/);
  });

  it("says one-cycle's peak is --lr when given PyTorch's --max-lr", () => {
    expectUserError(
      ["fit", "--schedule", "one-cycle", "--total-steps", "50", "--max-lr", "0.2"],
      "--max-lr does not apply to --schedule one-cycle; one-cycle's peak is --lr (PyTorch's max_lr)",
    );
  });

  it("refuses a one-cycle run longer than its total steps, as PyTorch does", () => {
    expectUserError(
      ["fit", "--schedule", "one-cycle", "--total-steps", "50", "--steps", "100"],
      "--steps 100 runs past one-cycle's --total-steps 50 (PyTorch refuses this too); give --total-steps ≥ --steps",
    );
    expect(lrlabJson(["fit", "--schedule", "one-cycle", "--total-steps", "50", "--steps", "50"]).steps).toBe(
      50,
    );
  });
});

describe("--min-delta-mode rel", () => {
  it("refuses --min-delta ≥ 1, which no loss could beat, naming both flags, for fit and sweep", () => {
    const plateau = [
      "--schedule",
      "plateau",
      "--min-delta-mode",
      "rel",
      "--min-delta",
      "2",
      "--batch-size",
      "10",
      "--epochs",
      "3",
    ];
    const message =
      '--min-delta: expected a number below 1 with --min-delta-mode "rel" (a loss cannot improve by 100% or more of its best), got 2';
    expectUserError(["fit", ...plateau], message);
    expectUserError(["sweep", "--lrs", "0.1,0.2", ...plateau], message);
    // A relative 0.5 is a real threshold, and an absolute 2 a (large) loss difference: both run.
    expect(lrlab(["fit", ...plateau.slice(0, -5), "0.5", "--batch-size", "10", "--epochs", "3"]).status).toBe(
      0,
    );
    expect(
      lrlab(["fit", "--schedule", "plateau", "--min-delta", "2", "--batch-size", "10", "--epochs", "3"])
        .status,
    ).toBe(0);
  });
});

describe("flags given twice", () => {
  it("refuses a repeated flag instead of silently keeping the last", () => {
    expectUserError(["fit", "--lr", "0.1", "--lr", "0.2"], "--lr: given twice (0.1, then 0.2); give it once");
    expectUserError(["fit", "--steps", "5", "--steps=7"], "--steps: given twice (5, then 7); give it once");
    expectUserError(["fit", "--json", "--json"], "--json: given twice; give it once");
    expectUserError(
      ["plot", "fit", "--out", "a.svg", "--out", "b.svg"],
      "--out: given twice (a.svg, then b.svg); give it once",
      scratchDirectory("twice"), // should the refusal fail, the figure lands there, not in the package
    );
  });

  it("counts --lr and its Keras spelling as the same flag", () => {
    expectUserError(
      ["fit", "--lr", "0.1", "--learning-rate", "0.2"],
      "--lr: given twice (0.1, then 0.2); give it once",
    );
  });
});

describe("--seed", () => {
  it("refuses seeds the generator would fold onto others: negative, fractional, past 2^32 − 1", () => {
    for (const seed of ["-1", "1.5", "4294967296", "9007199254740993", "99999999999999999999", "1e400"]) {
      expectUserError(
        ["fit", "--batch-size", "10", "--seed", seed],
        `--seed: expected an integer from 0 to 4294967295, got ${JSON.stringify(seed)}`,
      );
    }
    expectUserError(
      ["random-search", "--seed", "-1"],
      '--seed: expected an integer from 0 to 4294967295, got "-1"',
    );
  });

  it("accepts the whole range, each seed its own shuffles", () => {
    const last = lrlabJson(["fit", "--batch-size", "10", "--steps", "3", "--seed", "4294967295"]);
    const first = lrlabJson(["fit", "--batch-size", "10", "--steps", "3", "--seed", "0"]);
    expect(last.seed).toBe(4294967295);
    expect(last.history.at(-1).w).not.toBe(first.history.at(-1).w);
  });
});

describe("help", () => {
  const help = lrlab(["fit", "--help"]).stdout.replace(/\s+/g, " ");

  it("names other arguments by their flags, not by camelCase keys", () => {
    expect(help).not.toMatch(/\b(warmupTarget|decaySteps|divFactor|finalDivFactor)\b/);
    expect(help).toContain("steps of linear warmup (needs --warmup-target)");
    expect(help).toContain("decay in whole periods (floor of step / --decay-steps)");
    expect(help).toContain("starting rate = peak / --div-factor");
    expect(help).toContain("final rate = starting rate / --final-div-factor");
  });

  it("says a description shared by several owners once", () => {
    expect(help).toContain(
      "--momentum <x> sgd, momentum: velocity decay; 0 is plain gradient descent; rmsprop: decay of the momentum",
    );
  });

  it("uses <x> for a flag that is an integer for one owner and a number for another", () => {
    expect(help).toContain("--step-size <x> step: steps between two decays");
    expect(help).not.toContain("<step-size>");
  });

  it("hides the --lr aliases, which would only repeat it", () => {
    expect(help).not.toContain("--learning-rate");
  });
});
