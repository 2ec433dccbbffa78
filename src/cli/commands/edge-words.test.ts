/**
 * The edge of stability is said only where the numbers show it, through the real binary: fit's words,
 * plot sharpness's title and labels, and sweep's notes all follow the core's one decision (report 12, item 7).
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { lrlab, lrlabJson, plotSvg, scratchDirectory } from "../../test-support/cli.js";
import { textsOf } from "../../test-support/svg.js";

let work: string;
let sep: string;
beforeAll(() => {
  work = scratchDirectory("edge-words");
  sep = join(work, "sep.csv");
  writeFileSync(sep, "x,y\n1,0\n2,0\n3,1\n4,1\n");
});

describe("the edge of stability in words and figures", () => {
  it("fit --model mlp --lr 0.09: λmax starts above 2/η and falls below it; the loss fell at every step", () => {
    const document = lrlabJson(["fit", "--model", "mlp", "--lr", "0.09"]);
    const losses = (document.history as { loss: number }[]).map((row) => row.loss);
    expect(losses).toHaveLength(101);
    // The oracle: the recorded loss never rises.
    expect(losses.every((loss, i) => i === 0 || loss <= (losses[i - 1] as number))).toBe(true);
    expect(document.verdict).toMatchObject({
      edgeOfStability: false,
      startedAboveBound: true,
      lossFellEveryStep: true,
    });
    const text = lrlab(["fit", "--model", "mlp", "--lr", "0.09"]).stdout.replace(/\s+/g, " ");
    expect(text).toContain(
      "the rate 0.09 was above the measured bound at the start, and λmax fell below it without the run blowing up: not the edge of stability, where λmax hovers at the bound; the loss fell at every recorded step",
    );
    expect(text).not.toContain("not at every step");
  });

  // CLI round 4, #6: one step at lr 5 takes the loss ×705 and η·λmax to 5106; that was "the edge of
  // stability … yet the run did not blow up". The budget ended the run, not stability.
  it("fit --model mlp --steps 1 --lr 5: a blow-up the budget cut short is diverging, not the edge of stability", () => {
    const args = ["fit", "--model", "mlp", "--steps", "1", "--lr", "5"];
    const document = lrlabJson(args);
    expect(document.status).toBe("completed");
    const [start, end] = (document.history as { loss: number }[]).map((row) => row.loss) as [number, number];
    expect(end / start).toBeGreaterThan(4);
    expect(document.verdict).toMatchObject({
      regime: "diverging",
      outcome: "jumps-out",
      edgeOfStability: false,
      aboveBoundAtEnd: false,
      edgeButLossRose: false,
    });
    expect(document.verdict.unfinishedBlowUp.lossRise).toBeCloseTo(end / start, 10);
    // λmax at the end over plain SGD's bound 2/η: η·λmax / 2.
    expect(document.verdict.unfinishedBlowUp.boundRatio).toBeCloseTo(
      (5 * document.verdict.sharpnessAtEnd) / 2,
      8,
    );
    const text = lrlab(args).stdout.replace(/\s+/g, " ");
    expect(text).toContain("Verdict: Jumps out");
    expect(text).toMatch(
      /diverging \(the budget ended first\): the loss rose 70\d× \(22\.77 → 16050\), and λmax = [\d.]+ at the end puts lr 5 at [\d.]+× its bound \(η·λmax = [\d.]+\); the run was blowing up when its 1 step ran out/,
    );
    expect(text).not.toContain("edge of stability");
    expect(text).not.toContain("did not blow up");
  });

  it("fit --model mlp --lr 0.09684: above 2/η at the end is said with its numbers, and λmax hovers at it", () => {
    const args = ["fit", "--model", "mlp", "--lr", "0.09684", "--track-sharpness", "10"];
    const document = lrlabJson(args);
    // λmax = 21.32 at the end; 2/λmax = 0.09381 < 0.09684, η·λmax = 0.09684 × 21.32 = 2.065.
    expect(document.verdict).toMatchObject({
      regime: "oscillating",
      regimeBasis: "sharpness",
      aboveBoundAtEnd: true,
      edgeOfStability: true,
      edgeHovering: true,
    });
    const text = lrlab(args).stdout.replace(/\s+/g, " ");
    expect(text).toContain(
      "above the bound at the end (edge of stability): λmax = 21.32 at the end sets the bound lr < 0.09381, and lr 0.09684 is past it (η·λmax = 2.065), yet the run did not blow up (decided by the sharpness measured at the end of the run)",
    );
    expect(text).not.toContain("oscillating: the steps overshoot");
    expect(text).toContain("the edge of stability (Cohen et al. 2021), where λmax hovers at the bound");
  });

  it("a network whose λmax stays 1.1× to 5.8× the bound is past the edge, not hovering at it", () => {
    const args = [
      ...["fit", "--model", "mlp", "--data", "examples/houses.csv", "--x", "area_m2", "--x", "rooms"],
      ...["--y", "price_k", "--standardize", "--steps", "50", "--track-sharpness", "10"],
    ];
    const document = lrlabJson(args);
    // λmax 1164, 225.0, 268.5, 523.6, 338.6, 345.1 against 2/η = 200: the lowest ratio 1.125, the highest 5.819.
    expect(document.verdict).toMatchObject({
      aboveBoundAtEnd: true,
      edgeOfStability: true,
      edgeHovering: false,
    });
    const text = lrlab(args).stdout.replace(/\s+/g, " ");
    expect(text).toContain(
      "λmax stayed 1.125× to 5.819× the bound from then on: past the edge of stability (Cohen et al. 2021), not hovering at the bound",
    );
    expect(text).not.toContain("hovers at the bound");
    expect(text).toContain("(η·λmax = 3.451)");
  });

  it("plot sharpness at lr 0.09 is titled from the same decision: above 2/η at first, then below", () => {
    const svg = plotSvg("sharpness", ["--model", "mlp", "--lr", "0.09", "--steps", "100"], work);
    expect(svg.querySelector(".figure-title")?.textContent).toBe(
      "λmax starts above 2/η and falls below it by step 2: not the edge of stability",
    );
    expect(svg.querySelectorAll(".edge-label")).toHaveLength(0);
  });

  it("on separable logistic data a collapsing λmax is neither the edge nor progressive sharpening", () => {
    const svg = plotSvg(
      "sharpness",
      ["--data", sep, "--model", "logistic", "--lr", "2.8", "--steps", "100"],
      work,
    );
    // 2/η = 0.714: λmax 2.09 at step 0, below it from step 2, one spike above at step 8.
    expect(svg.querySelector(".figure-title")?.textContent).toBe(
      "λmax starts above 2/η and falls below it by step 2: not the edge of stability",
    );
    expect(textsOf(svg as unknown as Element, "sharpening-label")).toEqual([]);
    expect(svg.querySelectorAll(".edge-label, .spike-label, .edge-band, .edge-band-loss")).toHaveLength(0);
    const sweep = lrlabJson(["sweep", "--data", sep, "--model", "logistic"]);
    expect((sweep.runs as { edgeOfStability: boolean }[]).some((run) => run.edgeOfStability)).toBe(false);
  });
});
