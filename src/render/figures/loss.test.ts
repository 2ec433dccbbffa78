import { describe, expect, it } from "vitest";
import { builtinData } from "../../core/data/data.js";
import { linearStats } from "../../core/data/stats.js";
import { sgd } from "../../core/optimizers/sgd.js";
import { linearMseTheory } from "../../core/theory/theory.js";
import { train } from "../../core/training/train.js";
import {
  axisOf,
  boxesOverlap,
  markElements,
  parseSvg,
  pathPoints,
  textBoxes,
  textsOf,
} from "../../test-support/svg.js";
import { figureToPng, nodeEnvironment, pngSize } from "../node.js";
import { type LossCurve, lossFigure } from "./loss.js";

const data = builtinData();
const stats = linearStats(data);
const theory = linearMseTheory(stats);
const environment = nodeEnvironment();

/** 100 full-batch steps at `rate`, as a curve. */
function curveAt(rate: number, label = `rate ${rate}`): LossCurve {
  const run = train(data, { optimizer: sgd({ learningRate: rate }), steps: 100, stats });
  return { label, steps: run.history.step, losses: run.history.loss, divergedAtStep: run.divergedAtStep };
}

/** The chart panels (nested <svg>s) of a figure, top to bottom. */
const panelsOf = (svg: Document) => [...svg.querySelectorAll("svg svg")];

describe("lossFigure", () => {
  // The lesson's four rates on the built-in data (2/λmax = 0.3069): 0.34 diverges, the others do not.
  const curves = [curveAt(0.01), curveAt(0.28), curveAt(0.29), curveAt(0.34)];

  it("draws one line per rate and labels the end of each run that did not diverge", () => {
    const svg = parseSvg(
      lossFigure(environment, { curves, optimumLoss: theory.optimum.loss, lossName: "MSE" }).svg,
    );
    expect(markElements(svg, "loss-line", "path")).toHaveLength(4);
    const labels = [...svg.querySelectorAll("g.series-label text")].map((text) => text.textContent);
    expect(labels.sort()).toEqual(["rate 0.01", "rate 0.28", "rate 0.29"]);
  });

  it("marks the diverged run at the step it blew up, in the band above the break", () => {
    const diverged = curves[3] as LossCurve;
    expect(diverged.divergedAtStep).toBe(36);
    const figure = lossFigure(environment, { curves, optimumLoss: theory.optimum.loss, lossName: "MSE" });
    const svg = parseSvg(figure.svg);
    const [band, main] = panelsOf(svg) as [Element, Element];
    expect(band.querySelector(".overflow-band")).not.toBeNull();
    expect(main.querySelector(".overflow-band")).toBeNull();
    const markers = markElements(svg, "diverged-marker", "path");
    expect(markers).toHaveLength(1);
    const [, x] = /translate\(([-\d.e]+),/.exec(markers[0]?.getAttribute("transform") ?? "") ?? [];
    // The band has no x axis of its own; it shares the chart's.
    expect(Number(x)).toBeCloseTo(axisOf(main, "x", false)(36), 1);
    expect(svg.querySelector("g.diverged-label text")?.textContent).toBe("rate 0.34: blew up at step 36");
    // The break is said where it is: in the band's axis label and the subtitle.
    expect(svg.querySelector(".figure-subtitle")?.textContent).toMatch(/losses above 20, compressed/);
  });

  it("keeps the runs that did not diverge inside the chart, below its top", () => {
    const svg = parseSvg(
      lossFigure(environment, { curves, optimumLoss: theory.optimum.loss, lossName: "MSE" }).svg,
    );
    const main = panelsOf(svg)[1] as Element;
    const y = axisOf(main, "y", true);
    // Start 15.78 (all four runs) and the optimum 0.9692 are both on the chart's scale.
    const top = y(20);
    for (const path of markElements(main as unknown as Document, "loss-line", "path")) {
      for (const [, py] of pathPoints(path.getAttribute("d") ?? ""))
        expect(py).toBeGreaterThanOrEqual(top - 0.5);
    }
  });

  it("draws the optimum loss as a labelled rule at its height", () => {
    const svg = parseSvg(
      lossFigure(environment, { curves, optimumLoss: theory.optimum.loss, lossName: "MSE" }).svg,
    );
    const main = panelsOf(svg)[1] as Element;
    const rule = main.querySelector("g.optimum-rule line");
    expect(Number(rule?.getAttribute("y1"))).toBeCloseTo(axisOf(main, "y", true)(theory.optimum.loss), 0);
    expect(main.querySelector("g.optimum-label text")?.textContent).toBe("best loss 0.9692");
  });

  it("needs no band when no run diverged, and no optimum rule without an optimum", () => {
    const svg = parseSvg(
      lossFigure(environment, { curves: curves.slice(0, 2), optimumLoss: null, lossName: "MAE" }).svg,
    );
    expect(panelsOf(svg)).toHaveLength(1);
    expect(svg.querySelector(".overflow-band")).toBeNull();
    expect(svg.querySelector("g.optimum-rule")).toBeNull();
    expect(markElements(svg, "diverged-marker", "path")).toHaveLength(0);
    expect(svg.querySelector('g[aria-label="y-axis label"] text')?.textContent).toBe(
      "↑ loss (MAE), log scale",
    );
  });

  it("keeps the blow-up labels of twelve rates off each other and the axis title, naming each run once", () => {
    // 0.1 … 1.2: nine of them pass 2/λmax = 0.3069 and blow up within 15 steps.
    const twelve = Array.from({ length: 12 }, (_, k) => curveAt(Number(((k + 1) / 10).toFixed(1))));
    const svg = parseSvg(
      lossFigure(environment, { curves: twelve, optimumLoss: theory.optimum.loss, lossName: "MSE" }).svg,
    );
    const blownUp = twelve.filter((curve) => curve.divergedAtStep !== null);
    expect(blownUp).toHaveLength(9);
    const named = [...textsOf(svg, "diverged-label"), ...textsOf(svg, "legend-label")];
    for (const curve of blownUp) {
      expect(
        named.filter((text) => text === `${curve.label}: blew up at step ${curve.divergedAtStep}`),
      ).toHaveLength(1);
    }
    for (const panel of panelsOf(svg)) {
      const labels = textBoxes(panel, "g.diverged-label");
      const axis = [
        ...textBoxes(panel, 'g[aria-label="y-axis label"]'),
        ...textBoxes(panel, 'g[aria-label="y-axis tick label"]'),
      ];
      labels.forEach((box, k) => {
        for (const other of [...labels.slice(k + 1), ...axis]) expect(boxesOverlap(box, other)).toBe(false);
      });
    }
  });

  it("writes each rate with the digits that tell it from the others", () => {
    // On the cars, the good and the oscillating rates are 1.0476e-7 and 1.0484e-7: "1.048e-7" both, at four digits.
    const curves = [
      { ...curveAt(1.0476e-7), label: "good", rate: 1.0476e-7 },
      { ...curveAt(1.0484e-7), label: "oscillating", rate: 1.0484e-7 },
    ];
    const svg = parseSvg(lossFigure(environment, { curves, optimumLoss: null, lossName: "MSE" }).svg);
    expect(textsOf(svg, "series-label").sort()).toEqual([
      "rate 1.0476e−7 · good",
      "rate 1.0484e−7 · oscillating",
    ]);
  });

  it("draws a label as text, never as markup", () => {
    const hostile = { ...(curves[0] as LossCurve), label: "<img src=x onerror=alert(1)>" };
    const figure = lossFigure(environment, {
      curves: [hostile],
      optimumLoss: theory.optimum.loss,
      lossName: "MSE",
      description: 'Data: "><script>alert(2)</script>',
    });
    expect(figure.svg).not.toMatch(/<img|<script/);
    expect(figure.svg).toContain("&lt;img src=x onerror=alert(1)&gt;");
    expect(parseSvg(figure.svg).querySelector("desc")?.textContent).toContain("<script>alert(2)</script>");
  });

  it("renders to a PNG of twice its size", () => {
    const figure = lossFigure(environment, { curves, optimumLoss: theory.optimum.loss, lossName: "MSE" });
    expect(pngSize(figureToPng(figure))).toEqual({ width: 2 * figure.width, height: 2 * figure.height });
  });
});
