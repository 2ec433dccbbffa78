import { describe, expect, it } from "vitest";
import { sharpnessPhases } from "../../core/judging/edge-of-stability.js";
import {
  axisOf,
  boxesOverlap,
  hasPointNear,
  markElements,
  panelsOf,
  parseSvg,
  pathPoints,
  textBoxes,
  textsOf,
} from "../../test-support/svg.js";
import { figureToPng, nodeEnvironment, pngSize } from "../node.js";
import { lossScale, lossSpike, type SharpnessFigureInput, sharpnessFigure } from "./sharpness.js";

const environment = nodeEnvironment();

/** A made-up edge-of-stability run at η = 0.1: λ dips to 15, rises to 2/η = 20 at step 80, then hovers. */
const steps = [0, 20, 40, 60, 80, 100, 120, 140, 160, 180, 200];
const sharpness = [24, 15, 17, 19, 20.5, 21, 18, 19.5, 20.2, 19.8, 20];
const lossSteps = Array.from({ length: 201 }, (_, i) => i);
// Falls from 20 to about 1, with a spike of 1.5 at step 120 (where λ drops back).
const losses = lossSteps.map((step) => 1 + 19 * Math.exp(-step / 5) + (step === 120 ? 0.5 : 0));
const bound = { formula: "2/η", value: 20, steps: [0, 200], values: [20, 20], kind: "plain" as const };
const edgeRun: SharpnessFigureInput = {
  measured: { steps, values: sharpness },
  bounds: [bound],
  exact: null,
  phases: sharpnessPhases(steps, sharpness, () => 20),
  loss: { steps: lossSteps, values: losses, name: "MSE" },
  totalSteps: 200,
};

describe("sharpnessFigure", () => {
  it("draws λmax over 2/η above the loss, each line labelled at its end", () => {
    const svg = parseSvg(sharpnessFigure(environment, edgeRun).svg);
    const [top, bottom] = panelsOf(svg) as [Element, Element];
    expect(textsOf(top, "series-label")).toEqual(["λmax (measured)", "2/η = 20"]);
    expect(textsOf(bottom, "series-label")).toEqual(["loss (MSE)"]);
    // The bound at 20 from step 0 to 200, on the panel's own axes.
    const x = axisOf(top, "x");
    const y = axisOf(top, "y");
    const [boundLine] = markElements(top as unknown as Document, "bound-line", "path");
    const points = pathPoints(boundLine?.getAttribute("d") ?? "");
    expect(hasPointNear(points, x(0), y(20))).toBe(true);
    expect(hasPointNear(points, x(200), y(20))).toBe(true);
    // One dot per measurement.
    expect(markElements(top as unknown as Document, "sharpness-dot", "circle")).toHaveLength(steps.length);
    // The two panels share the step axis: step 100 is at the same x in both.
    expect(axisOf(bottom, "x")(100)).toBeCloseTo(x(100), 6);
  });

  it("names the phases: progressive sharpening beside the rise, the edge of stability as a band to the end", () => {
    const svg = parseSvg(sharpnessFigure(environment, edgeRun).svg);
    const [top, bottom] = panelsOf(svg) as [Element, Element];
    expect(textsOf(top, "sharpening-label")).toEqual(["progressive sharpening ↗"]);
    expect(textsOf(top, "edge-label")).toEqual(["edge of stability"]);
    const x = axisOf(top, "x");
    for (const [panel, name] of [
      [top, "edge-band"],
      [bottom, "edge-band-loss"],
    ] as const) {
      const [band] = markElements(panel as unknown as Document, name, "rect");
      expect(Number(band?.getAttribute("x"))).toBeCloseTo(x(80), 0);
      expect(Number(band?.getAttribute("x")) + Number(band?.getAttribute("width"))).toBeCloseTo(x(200), 0);
    }
    // The loss spike at step 120 is pointed out.
    expect(textsOf(bottom, "spike-label")[0]).toMatch(/the loss jumps, then λmax falls back below the bound/);
    // No label overlaps another.
    const boxes = textBoxes(top, "g.series-label, g.sharpening-label, g.edge-label");
    boxes.forEach((a, i) => {
      boxes.slice(i + 1).forEach((b) => {
        expect(boxesOverlap(a, b)).toBe(false);
      });
    });
  });

  it("zooms the loss panel on the losses from the edge on, and says where the first loss went", () => {
    const svg = parseSvg(sharpnessFigure(environment, edgeRun).svg);
    const bottom = panelsOf(svg)[1] as Element;
    expect(textsOf(bottom, "loss-cut-note")).toEqual(["↑ 20 at step 0"]);
    const scale = lossScale({ steps: lossSteps, values: losses }, 80);
    // From step 80 on the losses run from 1 (to rounding) to the spike's 1.5: a linear scale around them.
    expect(scale.log).toBe(false);
    expect(scale.domain[0]).toBeLessThan(1);
    expect(scale.domain[1]).toBeGreaterThan(1.5);
    expect(scale.domain[1]).toBeLessThan(2);
    // Without an edge the whole fall is shown, on a log scale (20 to 1 is more than a decade).
    expect(lossScale({ steps: lossSteps, values: losses }, null)).toMatchObject({ log: true, cutFrom: null });
  });

  it("finds a spike only where the loss peaks above both neighbours by 2% of the low", () => {
    const points = [1, 1, 1.5, 1, 1].map((y, x) => ({ x, y }));
    expect(lossSpike(points, 0)).toEqual({ x: 2, y: 1.5, base: 1 });
    expect(
      lossSpike(
        [1, 1, 1.01, 1, 1].map((y, x) => ({ x, y })),
        0,
      ),
    ).toBeNull();
    // A falling loss has its peak at the start of the window: no spike.
    expect(
      lossSpike(
        [3, 2, 1].map((y, x) => ({ x, y })),
        0,
      ),
    ).toBeNull();
  });

  it("for the line, draws the exact λmax over the measurements and notes a 2/η far above the chart", () => {
    const flat = [0, 50, 100].map(() => 6.5167);
    const svg = parseSvg(
      sharpnessFigure(environment, {
        measured: { steps: [0, 50, 100], values: flat },
        measuredLabel: "λmax (power iteration)",
        bounds: [{ formula: "2/η", value: 200, steps: [0, 100], values: [200, 200], kind: "plain" }],
        exact: { value: 6.5167, label: "exact λmax = 6.517 (theory)" },
        phases: sharpnessPhases([0, 50, 100], flat, () => 200),
        loss: { steps: [0, 50, 100], values: [15, 1.2, 0.97], name: "MSE" },
        totalSteps: 100,
      }).svg,
    );
    const top = panelsOf(svg)[0] as Element;
    expect(textsOf(top, "series-label")).toEqual(["λmax (power iteration)", "exact λmax = 6.517 (theory)"]);
    expect(markElements(top as unknown as Document, "exact-line", "line")).toHaveLength(1);
    expect(markElements(top as unknown as Document, "bound-line", "path")).toHaveLength(0);
    // 200 / 6.5167 = 30.7
    expect(textsOf(top, "far-bound-note")).toEqual([
      "↑ 2/η = 200: 31 × the highest λmax, far above the chart",
    ]);
    // The y axis is about λ's scale, not the bound's.
    const ticks = [...top.querySelectorAll('g[aria-label="y-axis tick label"] text')].map((t) =>
      Number(t.textContent),
    );
    expect(Math.max(...ticks)).toBeLessThan(10);
    expect(top.querySelector("g.edge-band")).toBeNull();
  });

  it("for Adam, draws no bound and says why under the chart", () => {
    const note = "Adam has no 2/η line: it divides each step by running statistics of the gradients.";
    const figure = sharpnessFigure(environment, {
      ...edgeRun,
      bounds: [],
      phases: null,
      note,
    });
    const svg = parseSvg(figure.svg);
    expect(panelsOf(svg)).toHaveLength(3);
    expect(textsOf(svg, "sharpness-note").join(" ")).toBe(note);
    expect(svg.querySelector("g.bound-line")).toBeNull();
    expect(svg.querySelector("desc")?.textContent).toContain(note);
  });

  it("escapes what it is given in the title, subtitle and description", () => {
    const figure = sharpnessFigure(environment, {
      ...edgeRun,
      title: "<b>title</b>",
      subtitle: 'x = "<img src=x onerror=alert(1)>"',
      description: "Data: <script>alert(1)</script>",
    });
    expect(figure.svg).not.toMatch(/<img|<script|<b>/);
    expect(figure.svg).toContain("&lt;img src=x onerror=alert(1)&gt;");
    expect(figure.svg).toContain("&lt;script&gt;");
  });

  it("renders to a PNG at twice its size", () => {
    const figure = sharpnessFigure(environment, edgeRun);
    expect(pngSize(figureToPng(figure))).toEqual({ width: 2 * figure.width, height: 2 * figure.height });
  });
});
