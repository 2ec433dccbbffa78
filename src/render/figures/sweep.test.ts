import { describe, expect, it } from "vitest";
import { logSpacedRates, type SweepResult, sweep } from "../../core/choosing/sweep.js";
import { builtinData } from "../../core/data/data.js";
import { axisOf, markElements, parseSvg } from "../../test-support/svg.js";
import { figureToPng, nodeEnvironment, pngSize } from "../node.js";
import { THEME } from "../theme.js";
import { sweepFigure } from "./sweep.js";

const data = builtinData();
const environment = nodeEnvironment();
// `lrlab sweep --from 0.01 --to 1 --count 13`: 0.01 … 0.2154 do not diverge, 0.3162 … 1 do; 2/λmax = 0.3069.
// In 100 steps 0.01 … 0.02154 are too small, 0.03162 … 0.2154 good (87 … 12 steps), 0.3162 … 1 jump out.
const result = sweep(data, { learningRates: logSpacedRates(0.01, 1, 13), steps: 100 });
const OUTCOMES_OF_RESULT = [
  ...Array(3).fill("too-small"),
  ...Array(6).fill("good"),
  ...Array(4).fill("jumps-out"),
];

/** The chart panels with axes (the legend panel has none), top to bottom. */
const chartsOf = (svg: Document) =>
  [...svg.querySelectorAll("svg svg")].filter((panel) => panel.querySelector(".regime-band"));

describe("sweepFigure", () => {
  it("labels every tick of its log axes (d3 blanked 0.005, 0.05 and 0.5 on the rate axis)", () => {
    // Rates 0.003 … 1 (about what `lrlab sweep` picks by default): d3's log tickFormat left 0.005, 0.05, 0.5 blank.
    const wide = sweep(data, { learningRates: logSpacedRates(0.003, 1, 13), steps: 100 });
    const svg = parseSvg(sweepFigure(environment, { result: wide, lossName: "MSE" }).svg);
    const main = chartsOf(svg)[1] as Element;
    const labelsOf = (axis: string) =>
      [...main.querySelectorAll(`g[aria-label="${axis}-axis tick label"] text`)].map(
        (text) => text.textContent,
      );
    for (const axis of ["x", "y"]) {
      const ticks = main.querySelectorAll(`g[aria-label="${axis}-axis tick"] path`);
      expect(labelsOf(axis).length).toBeGreaterThanOrEqual(3);
      expect(labelsOf(axis)).toHaveLength(ticks.length);
      expect(labelsOf(axis).filter((label) => !label)).toEqual([]);
    }
    expect(labelsOf("x")).toEqual(["0.005", "0.01", "0.02", "0.05", "0.1", "0.2", "0.5", "1"]);
  });

  it("draws one point per rate, coloured by its outcome, the diverging ones in the band above the break", () => {
    expect(result.runs.map((run) => run.outcome)).toEqual(OUTCOMES_OF_RESULT);
    const svg = parseSvg(sweepFigure(environment, { result, lossName: "MSE" }).svg);
    const [band, main] = chartsOf(svg) as [Element, Element];
    const points = (panel: Element) => markElements(panel as unknown as Document, "sweep-point", "path");
    expect(points(main)).toHaveLength(9);
    expect(points(band)).toHaveLength(4);
    const fills = [...points(main), ...points(band)].map((point) => point.getAttribute("fill"));
    const { outcomes } = THEME;
    expect(fills).toEqual([
      ...Array(3).fill(outcomes["too-small"]),
      ...Array(6).fill(outcomes.good),
      ...Array(4).fill(outcomes["jumps-out"]),
    ]);
  });

  it("shades each stretch of one regime and names the regimes present in an SVG legend", () => {
    const svg = parseSvg(sweepFigure(environment, { result, lossName: "MSE" }).svg);
    const main = chartsOf(svg)[1] as Element;
    // too small (3 rates), good (6), jumps out (4): three stretches.
    const bands = markElements(main as unknown as Document, "regime-band", "rect");
    const { outcomes } = THEME;
    expect(bands.map((band) => band.getAttribute("fill"))).toEqual([
      outcomes["too-small"],
      outcomes.good,
      outcomes["jumps-out"],
    ]);
    const legend = [...svg.querySelectorAll("g.legend-label text")].map((text) => text.textContent);
    expect(legend.slice(0, 3)).toEqual(["too small", "good", "jumps out"]);
    expect(legend[3]).toBe("best rate (ringed)");
  });

  it("starts the jumps-out shading at 2/λmax, which lies between the last rate that converged and the first that diverged", () => {
    // 0.2154 converges and 0.3162 diverges; the half-way point in log rate, 0.261, would shade rates up
    // to 0.3069 (which converge) as jumping out.
    const svg = parseSvg(sweepFigure(environment, { result, lossName: "MSE" }).svg);
    const main = chartsOf(svg)[1] as Element;
    const x = axisOf(main, "x", true);
    const jumpsOut = [...main.querySelectorAll("g.regime-band rect")].find(
      (rect) => rect.getAttribute("fill") === THEME.outcomes["jumps-out"],
    );
    expect(Number(jumpsOut?.getAttribute("x"))).toBeCloseTo(
      x(result.boundary.criticalLearningRate as number),
      0,
    );
    expect([...svg.querySelectorAll("g.legend-label text")].at(-1)?.textContent).toBe(
      "shading: each rate's outcome, to half way (log) to the next; jumps out from 2/λmax",
    );
  });

  it("starts it half way between the two rates, and says only that, when the critical rate is not between them", () => {
    const elsewhere = { ...result, boundary: { ...result.boundary, criticalLearningRate: 0.5 } };
    const svg = parseSvg(sweepFigure(environment, { result: elsewhere, lossName: "MSE" }).svg);
    const main = chartsOf(svg)[1] as Element;
    const x = axisOf(main, "x", true);
    const jumpsOut = [...main.querySelectorAll("g.regime-band rect")].find(
      (rect) => rect.getAttribute("fill") === THEME.outcomes["jumps-out"],
    );
    // √(0.2154 · 0.3162) = 0.261
    expect(Number(jumpsOut?.getAttribute("x"))).toBeCloseTo(
      x(Math.sqrt(0.21544346900318834 * 0.31622776601683794)),
      0,
    );
    expect([...svg.querySelectorAll("g.legend-label text")].at(-1)?.textContent).toBe(
      "shading: each rate's outcome, to half way (log) to the next",
    );
  });

  it("puts the critical-rate rule at 2/λmax and the best-rate rule at the best rate, both labelled", () => {
    const svg = parseSvg(sweepFigure(environment, { result, lossName: "MSE" }).svg);
    const main = chartsOf(svg)[1] as Element;
    const x = axisOf(main, "x", true);
    const critical = result.boundary.criticalLearningRate as number;
    const best = result.best?.learningRate as number;
    expect(critical).toBeCloseTo(0.3069, 4);
    expect(best).toBeCloseTo(0.2154, 4);
    expect(Number(main.querySelector("g.critical-rule line")?.getAttribute("x1"))).toBeCloseTo(
      x(critical),
      1,
    );
    expect(Number(main.querySelector("g.best-rule line")?.getAttribute("x1"))).toBeCloseTo(x(best), 1);
    expect(svg.querySelector("g.critical-rule-label text")?.textContent).toBe("2/λmax = 0.3069");
    expect(svg.querySelector("g.best-rule-label text")?.textContent).toBe("best 0.2154");
  });

  it("draws the optimum loss as a rule at its height", () => {
    const svg = parseSvg(sweepFigure(environment, { result, lossName: "MSE" }).svg);
    const main = chartsOf(svg)[1] as Element;
    const optimum = result.theory?.optimum.loss as number;
    const rule = main.querySelector("g.optimum-rule line");
    expect(Number(rule?.getAttribute("y1"))).toBeCloseTo(axisOf(main, "y", true)(optimum), 0);
  });

  it("has no critical rule where the theory does not apply, and no band when nothing diverged", () => {
    const calm: Pick<SweepResult, "runs" | "best" | "boundary" | "theory"> = sweep(data, {
      learningRates: [0.01, 0.1],
      loss: "mae",
      steps: 50,
    });
    const svg = parseSvg(sweepFigure(environment, { result: calm, lossName: "MAE" }).svg);
    expect(chartsOf(svg)).toHaveLength(1);
    expect(svg.querySelector("g.critical-rule")).toBeNull();
    expect(svg.querySelector("g.optimum-rule")).toBeNull();
    expect(svg.querySelector("g.best-rule")).not.toBeNull();
  });

  it("draws user strings as text, never as markup", () => {
    const figure = sweepFigure(environment, {
      result,
      lossName: "MSE",
      title: "<b>sweep</b>",
      bestReason: "<img src=x onerror=alert(1)>",
    });
    expect(figure.svg).not.toMatch(/<img|<b>/);
    expect(figure.svg).toContain("&lt;img src=x onerror=alert(1)&gt;");
  });

  it("renders to a PNG of twice its size", () => {
    const figure = sweepFigure(environment, { result, lossName: "MSE" });
    expect(pngSize(figureToPng(figure))).toEqual({ width: 2 * figure.width, height: 2 * figure.height });
  });
});
