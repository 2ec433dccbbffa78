/**
 * suggest, sweep, find-lr and random-search through the real binary on data where BCE has no finite
 * minimum: each says so in one line of text and one JSON field, and suggest names no rate.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { lrlab, lrlabJson, plotSvg, scratchDirectory } from "../test-support/cli.js";
import { SLANTED_ROWS, slantedFlags, writeSlantedCsv } from "../test-support/slanted-data.js";

let work: string;
beforeAll(() => {
  work = scratchDirectory("no-finite-minimum");
  writeFileSync(join(work, "allzero.csv"), "x,y\n1,0\n2,0\n3,0\n4,0\n");
  writeFileSync(join(work, "sep.csv"), "x,y\n1,0\n2,0\n3,1\n4,1\n");
  // Not separable: a 1 below a 0, so a finite minimum exists.
  writeFileSync(join(work, "mixed.csv"), "x,y\n1,0\n2,1\n3,0\n4,1\n");
  // Separated only by the slanted line 2a + 3b = 6.5 (test-support/slanted-data.ts works it out).
  writeSlantedCsv(work);
  // XOR with a point in the middle of each class: no straight line separates, a finite minimum exists.
  writeFileSync(join(work, "xor.csv"), "a,b,y\n0,0,0\n1,1,0\n0,1,1\n1,0,1\n0.5,0.4,0\n0.5,0.6,1\n");
  // A 0 and a 1 at x = 2: x = 2 separates the others, with those two rows on it (quasi-complete).
  writeFileSync(join(work, "touching.csv"), "x,y\n1,0\n2,0\n2,1\n3,1\n");
});

const commands = [["suggest"], ["sweep", "--steps", "20"], ["find-lr"], ["random-search", "--trials", "50"]];

describe("no finite minimum (logistic regression on one-class or separable data)", () => {
  it.each(commands)("%s says so in one line of text and in the JSON", (...command) => {
    const data = ["--data", join(work, "sep.csv"), "--model", "logistic"];
    const text = lrlab([...command, ...data]);
    expect(text.status).toBe(0);
    expect(text.stdout.replace(/\s+/g, " ")).toContain(
      'No finite minimum. The labels are separable by "x" (every 0 at ≤ 2, every 1 at ≥ 3)',
    );
    const document = lrlabJson([...command, ...data]);
    expect(document.noFiniteMinimum.reason).toBe("separable");
    expect(document.noFiniteMinimum.words).toMatch(/^No finite minimum\. /);
    const mixed = lrlabJson([...command, "--data", join(work, "mixed.csv"), "--model", "logistic"]);
    expect(mixed.noFiniteMinimum).toBeNull();
  });

  it("suggest names no rate on one-class data instead of the largest that did not diverge", () => {
    const data = ["--data", join(work, "allzero.csv"), "--model", "logistic"];
    const document = lrlabJson(["suggest", ...data]);
    expect(document.learningRate).toBeNull();
    expect(document.noFiniteMinimum).toMatchObject({ reason: "one-class", label: 0, rows: 4 });
    const { stdout } = lrlab(["suggest", ...data]);
    expect(stdout).toContain("\nNo learning rate is suggested.\n");
    expect(stdout).not.toContain("Use --lr");
    // Where a minimum exists, a rate is suggested as before.
    expect(
      lrlabJson(["suggest", "--data", join(work, "mixed.csv"), "--model", "logistic"]).learningRate,
    ).toBeGreaterThan(0);
  });

  // CLI round 4, #11: random-search compares guesses, not rates; sweep's sentence about rates was wrong there.
  it("random-search words the missing minimum for its guesses, not for rates", () => {
    const data = ["--data", join(work, "allzero.csv"), "--model", "logistic"];
    const text = lrlab(["random-search", ...data]).stdout.replace(/\s+/g, " ");
    expect(text).not.toContain("the lowest final loss");
    expect(text).not.toContain("not a choice of rate");
    const guesses =
      "So the best guess is only the one furthest out along the slope (the largest weights the box allows in that direction): the loss has no floor to reach, and no guess, nor any descent, ends at a minimum.";
    expect(text).toContain(guesses);
    expect(lrlabJson(["random-search", ...data]).noFiniteMinimum.words).toContain(guesses);
  });

  it("find-lr words the missing minimum for the range test and ends with no suggested rate", () => {
    const data = ["--data", join(work, "allzero.csv"), "--model", "logistic"];
    const text = lrlab(["find-lr", ...data]).stdout.replace(/\s+/g, " ");
    // The range test has no final losses to rank: sweep's sentence about them does not belong here.
    expect(text).not.toContain("the lowest final loss");
    expect(text).toContain(
      "So the range test's loss falls further the larger the rate, until it blows up: its valley marks a point on an endless slope, not a choice of rate.",
    );
    expect(text).toMatch(
      /Suggested no rate: the loss has no finite minimum \(above\), so the valley at lr [\d.e−]+ marks a point on an endless slope, not a rate to use $/,
    );
    expect(text).not.toContain("Suggested --lr");
    expect(lrlabJson(["find-lr", ...data]).noFiniteMinimum.words).toContain("its valley marks a point");
    // Where a minimum exists, find-lr suggests its valley as before.
    expect(lrlab(["find-lr", "--data", join(work, "mixed.csv"), "--model", "logistic"]).stdout).toMatch(
      /\nSuggested {2}--lr [\d.e-]+ \(valley\)/,
    );
  });

  describe("on two columns separated only by a slanted line", () => {
    const slanted = () => slantedFlags(join(work, "slanted.csv"));
    const words =
      'No finite minimum. The labels are separated by a straight boundary: every 1 has 0.6667·"a" + "b" > 2.167 and every 0 has it < 2.167 (complete separation), so there is no finite optimum';

    it("fit says the run converges toward no minimum, and its JSON gives a boundary that separates", () => {
      const args = ["fit", ...slanted(), "--lr", "1", "--steps", "100"];
      const text = lrlab(args).stdout.replace(/\s+/g, " ");
      expect(text).toContain(
        `converging, but toward no minimum. ${words.replace("No finite minimum. ", "")}`,
      );
      const reason = lrlabJson(args).verdict.noFiniteOptimum;
      expect(reason).toMatchObject({
        reason: "linearly-separable",
        model: "logistic",
        separation: "complete",
        features: ["a", "b"],
        onBoundary: 0,
      });
      for (const [a, b, label] of SLANTED_ROWS) {
        const side = reason.weights[0] * a + reason.weights[1] * b + reason.bias;
        expect(Math.sign(side)).toBe(label === 1 ? 1 : -1);
      }
      // The slide: more steps, lower loss, larger weights.
      const short = lrlabJson(args);
      const long = lrlabJson(["fit", ...slanted(), "--lr", "1", "--steps", "1000"]);
      expect(long.final.loss).toBeLessThan(short.final.loss / 2);
    });

    it.each(commands)("%s says so in one line of text and in the JSON", (...command) => {
      const text = lrlab([...command, ...slanted()]);
      expect(text.status).toBe(0);
      expect(text.stdout.replace(/\s+/g, " ")).toContain(words);
      const document = lrlabJson([...command, ...slanted()]);
      expect(document.noFiniteMinimum).toMatchObject({
        reason: "linearly-separable",
        separation: "complete",
      });
      expect(document.noFiniteMinimum.words).toContain(words);
      // No straight line separates XOR: a finite minimum, nothing said.
      const xor = [
        "--data",
        join(work, "xor.csv"),
        "--model",
        "logistic",
        "--x",
        "a",
        "--x",
        "b",
        "--y",
        "y",
      ];
      expect(lrlabJson([...command, ...xor]).noFiniteMinimum).toBeNull();
    });

    it("suggest names no rate", () => {
      expect(lrlabJson(["suggest", ...slanted()]).learningRate).toBeNull();
    });

    it("report says it beside the run", () => {
      const out = join(work, "slanted-report.html");
      const { status } = lrlab(["report", ...slanted(), "--steps", "40", "--out", out]);
      expect(status).toBe(0);
      const page = readFileSync(out, "utf8")
        .replace(/&quot;/g, '"')
        .replace(/&lt;/g, "<")
        .replace(/&gt;/g, ">")
        .replace(/\s+/g, " ");
      // HTML prose quotes column names as “a”, where the terminal writes JSON's "a".
      const htmlWords = words
        .replace("No finite minimum. ", "converging, but toward no minimum. ")
        .replace(/"([^"]*)"/g, "“$1”");
      expect(page).toContain(htmlWords);
      // The loss curve's label says it too: one verdict, one label.
      expect(page).toContain("converging, toward no minimum</text>");
    });
  });

  it("plot loss labels the curve as the verdict words it: converging toward no minimum, past 2/λmax or not", () => {
    const data = ["--data", join(work, "sep.csv"), "--model", "logistic", "--steps", "200"];
    const label = (rate: string) =>
      plotSvg("loss", [...data, "--lr", rate], work).querySelector("g.series-label text")?.textContent;
    expect(label("0.1")).toBe("rate 0.1 · converging, toward no minimum");
    // 2/λmax at the start is 0.958 here: at 1 the run converges past it, still toward no minimum.
    expect(label("1")).toBe("rate 1 · converging past 2/λmax, toward no minimum");
    const mixed = plotSvg(
      "loss",
      ["--data", join(work, "mixed.csv"), "--model", "logistic", "--lr", "0.1"],
      work,
    );
    expect(mixed.querySelector("g.series-label text")?.textContent).toBe("rate 0.1 · converging");
  });

  it("touching classes are quasi-complete: no finite minimum, the loss falls toward what the rows on the boundary cost", () => {
    const args = [
      "fit",
      "--data",
      join(work, "touching.csv"),
      "--model",
      "logistic",
      "--lr",
      "1",
      "--steps",
      "50",
    ];
    expect(lrlabJson(args).verdict.noFiniteOptimum).toEqual({
      reason: "linearly-separable",
      model: "logistic",
      separation: "quasi-complete",
      features: ["x"],
      weights: [1],
      bias: -2,
      onBoundary: 2,
    });
    expect(lrlab(args).stdout.replace(/\s+/g, " ")).toContain(
      'The labels are separated by a straight boundary with 2 rows on it: every 1 has "x" ≥ 2 and every 0 has it ≤ 2 (quasi-complete separation), so there is no finite optimum: the loss keeps falling as the weights grow without bound along that boundary, toward what the rows on it cost',
    );
  });

  it("a network on slanted separable data: no finite minimum, worded as what separation proves for it", () => {
    const network = ["--data", join(work, "slanted.csv"), "--model", "mlp", "--hidden", "4", "--loss", "bce"];
    const args = ["fit", ...network, "--x", "a", "--x", "b", "--y", "y", "--lr", "0.5", "--steps", "30"];
    expect(lrlabJson(args).verdict.noFiniteOptimum).toMatchObject({
      reason: "linearly-separable",
      model: "mlp",
      separation: "complete",
    });
    const text = lrlab(args).stdout.replace(/\s+/g, " ");
    expect(text).toContain("(complete separation), so a network can sharpen that boundary without end");
    expect(text).toContain(
      "Separation by a straight boundary is enough for a network, not needed: a network may also have no finite minimum on data no straight boundary separates, which is not checked.",
    );
    // XOR: no straight boundary, so nothing is claimed for the network either way.
    const xor = ["fit", "--data", join(work, "xor.csv"), "--model", "mlp", "--hidden", "4", "--loss", "bce"];
    expect(
      lrlabJson([...xor, "--x", "a", "--x", "b", "--y", "y", "--steps", "5"]).verdict.noFiniteOptimum,
    ).toBeNull();
  });
});
