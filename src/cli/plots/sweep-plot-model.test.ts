/**
 * `lrlab plot sweep --model …` through the real binary (dist/cli/bin.js): the figure draws the runs that
 * `lrlab sweep --model … --json` prints, with its best rate and its boundary.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  expectPngAtTwiceStatedSize,
  expectUserError,
  lrlabJson,
  plotSvg,
  scratchDirectory,
} from "../../test-support/cli.js";
import { markElements, textsOf } from "../../test-support/svg.js";

const work = scratchDirectory("plot-sweep-model");

interface PrintedRun {
  learningRate: number;
  regime: string;
  status: string;
  edgeOfStability: boolean;
}

/** The regime colours of the figure (Okabe–Ito blue, orange, vermillion). */
const REGIME_FILL: Record<string, string> = {
  converging: "#0072B2",
  oscillating: "#E69F00",
  diverging: "#D55E00",
};

/** The figure's rates: 4 significant digits, a real minus sign. */
const rate = (value: number) => Number(value.toPrecision(4)).toString().replace("-", "−");

describe("lrlab plot sweep --model", () => {
  it("draws the mlp sweep lrlab sweep prints: each run in its regime, the best rate, 2/λmax measured at the start", () => {
    const printed = lrlabJson(["sweep", "--model", "mlp"]);
    const svg = plotSvg("sweep", ["--model", "mlp"], work);
    const runs = printed.runs as PrintedRun[];
    const points = markElements(svg, "sweep-point", "path");
    expect(points).toHaveLength(13);
    // Each point is coloured by the regime the command's table gives its run (the top band's first).
    const fills = points.map((point) => point.getAttribute("fill"));
    expect(fills.sort()).toEqual(runs.map((run) => REGIME_FILL[run.regime]).sort());
    expect(new Set(fills).size).toBe(3);
    // The best rate: 0.09684, the lowest final loss of the runs that did not diverge.
    expect(printed.best.learningRate).toBeCloseTo(0.09684, 5);
    expect(textsOf(svg, "best-rule-label")).toEqual([`best ${rate(printed.best.learningRate)}`]);
    // The critical rate at the start, measured: 2/λmax = 0.08352, below where the runs began to diverge.
    expect(printed.boundary.criticalLearningRate).toBeCloseTo(0.08352, 5);
    expect(textsOf(svg, "critical-rule-label")).toEqual([
      `2/λmax = ${rate(printed.boundary.criticalLearningRate)} (measured at the start)`,
    ]);
    expect(textsOf(svg, "legend-label")).toContain(
      "2/λmax measured at the start lies below where the runs began to diverge (the sharpness moved)",
    );
    expect(svg.querySelector(".figure-subtitle")?.textContent).toBe(
      `13 rates, 100 steps each · SGD · full batch · diverges between ${rate(printed.boundary.largestNonDiverged)} and ${rate(printed.boundary.smallestDiverged)}`,
    );
    // The runs the table notes as the edge of stability are ringed, and only those.
    const edge = runs.filter((run) => run.edgeOfStability);
    expect(edge.length).toBeGreaterThan(0);
    expect(markElements(svg, "edge-of-stability-ring", "circle").length).toBe(edge.length);
    expect(textsOf(svg, "legend-label")).toContain(
      "edge of stability (dotted ring): above 2/λmax as measured during the run, did not blow up",
    );
    // The diverged runs leave the chart for the top band: two panels besides the legend.
    expect(runs.filter((run) => run.status === "diverged").length).toBe(2);
    expect(textsOf(svg, "legend-label").slice(0, 3)).toEqual(["converging", "oscillating", "diverging"]);
    expect(svg.querySelector(".figure-title")?.textContent).toBe(
      "Final loss against learning rate: mlp 1-16-1 (tanh)",
    );
  });

  it("labels the linear model's 2/λmax exact, between the rates where the runs began to diverge, and draws the best loss", () => {
    const args = ["--model", "linear", "--lrs", "0.1,0.2,0.3,0.32,0.5"];
    const printed = lrlabJson(["sweep", ...args]);
    const svg = plotSvg("sweep", args, work);
    // 2/λmax = 0.3069 exactly: 0.3 does not diverge, 0.32 does.
    expect(printed.boundary).toMatchObject({ largestNonDiverged: 0.3, smallestDiverged: 0.32, agrees: true });
    expect(textsOf(svg, "critical-rule-label")).toEqual(["2/λmax = 0.3069 (exact)"]);
    expect(textsOf(svg, "legend-label")).toContain(
      "2/λmax (exact) lies between the largest rate that did not diverge and the smallest that did",
    );
    expect(textsOf(svg, "best-rule-label")).toEqual([`best ${rate(printed.best.learningRate)}`]);
    expect(textsOf(svg, "optimum-label")).toEqual([`best loss ${rate(printed.theory.optimum.loss)}`]);
    expect(markElements(svg, "edge-of-stability-ring", "circle")).toHaveLength(0);
  });

  it("writes a PNG at twice its stated size", () => {
    expectPngAtTwiceStatedSize(
      [
        "plot",
        "sweep",
        "--model",
        "polynomial",
        "--degree",
        "2",
        "--count",
        "5",
        "--from",
        "0.001",
        "--to",
        "0.1",
      ],
      join(work, "polynomial.png"),
    );
  });

  it("refuses what a model sweep refuses, and the model flags on the line, with one line", () => {
    expectUserError(
      ["plot", "sweep", "--model", "mlp", "--workers", "2"],
      "--workers does not apply to a model sweep: a model sweep runs its rates one after another, in this thread",
    );
    expectUserError(["plot", "sweep", "--hidden", "8"], "--hidden applies to --model mlp, not line");
  });
});
