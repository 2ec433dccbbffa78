import { describe, expect, it } from "vitest";
import { cosineDecay } from "../../core/schedules/cosine-decay.js";
import { exponentialDecay } from "../../core/schedules/exponential-decay.js";
import { inverseTimeDecay } from "../../core/schedules/inverse-time-decay.js";
import { oneCycle } from "../../core/schedules/one-cycle.js";
import { piecewiseConstantDecay } from "../../core/schedules/piecewise-constant-decay.js";
import { polynomialDecay } from "../../core/schedules/polynomial-decay.js";
import type { Schedule } from "../../core/schedules/schedule.js";
import {
  axisOf,
  boxesOverlap,
  distanceToPath,
  hasPointNear,
  markElements,
  parseSvg,
  pathPoints,
  textBoxes,
  textsOf,
  translation,
} from "../../test-support/svg.js";
import { figureToPng, nodeEnvironment, pngSize } from "../node.js";
import { seriesColor, THEME } from "../theme.js";
import { type ScheduleCurve, scheduleFigure } from "./schedule.js";

const environment = nodeEnvironment();

function curveOf(label: string, schedule: Schedule, steps: number): ScheduleCurve {
  const at = Array.from({ length: steps + 1 }, (_, step) => step);
  return { label, steps: at, rates: at.map(schedule) };
}

const chartOf = (svg: Document) => svg.querySelector("svg svg") as Element;

describe("scheduleFigure", () => {
  it("holds each rate for its step: PiecewiseConstantDecay drops after its boundary, as stairs", () => {
    // Keras: values[0] while step ≤ 10, values[1] while step ≤ 20, then values[2].
    const schedule = piecewiseConstantDecay({ boundaries: [10, 20], values: [0.1, 0.05, 0.01] });
    const svg = parseSvg(scheduleFigure(environment, { curves: [curveOf("piecewise", schedule, 30)] }).svg);
    const chart = chartOf(svg);
    const x = axisOf(chart, "x", false);
    const y = axisOf(chart, "y", false);
    const [path] = markElements(chart as unknown as Document, "schedule-line", "path");
    const points = pathPoints(path?.getAttribute("d") ?? "");
    // Step-after: the rate of step 10 (0.1) holds until step 11, where it drops to 0.05.
    const at = (step: number, rate: number) => hasPointNear(points, x(step), y(rate));
    expect(at(0, 0.1)).toBe(true);
    expect(at(11, 0.1)).toBe(true);
    expect(at(11, 0.05)).toBe(true);
    expect(at(21, 0.01)).toBe(true);
    expect(at(10, 0.05)).toBe(false);
  });

  it("compares several schedules: one line each in the palette's order, labelled, with a key of their arguments", () => {
    const curves = [
      {
        ...curveOf(
          "exponential",
          exponentialDecay({ initialLearningRate: 0.1, decaySteps: 250, decayRate: 0.5 }),
          1000,
        ),
        description: "ExponentialDecay(initial_learning_rate=0.1, decay_steps=250, decay_rate=0.5)",
      },
      {
        ...curveOf("cosine", cosineDecay({ initialLearningRate: 0.1, decaySteps: 1000 }), 1000),
        description: "CosineDecay(initial_learning_rate=0.1, decay_steps=1000)",
      },
    ];
    const svg = parseSvg(scheduleFigure(environment, { curves }).svg);
    const lines = svg.querySelectorAll("g.schedule-line");
    expect(lines).toHaveLength(2);
    expect([...lines].map((line) => line.getAttribute("stroke"))).toEqual([seriesColor(0), seriesColor(1)]);
    expect([...svg.querySelectorAll("g.series-label text")].map((text) => text.textContent).sort()).toEqual([
      "cosine",
      "exponential",
    ]);
    const key = [...svg.querySelectorAll("g.legend-label text")].map((text) => text.textContent);
    expect(key).toEqual([`exponential: ${curves[0]?.description}`, `cosine: ${curves[1]?.description}`]);
    // Over 1000 steps the stairs would be sub-pixel: a plain line through every rate, the last at step 1000.
    const chart = chartOf(svg);
    const points = pathPoints(
      markElements(chart as unknown as Document, "schedule-line", "path")[1]?.getAttribute("d") ?? "",
    );
    expect(points).toHaveLength(1001);
  });

  it("draws a log rate axis on request, leaving out the rates of 0 and saying so", () => {
    const cosine = curveOf("cosine", cosineDecay({ initialLearningRate: 0.1, decaySteps: 50 }), 60);
    const figure = scheduleFigure(environment, { curves: [cosine], log: true });
    const svg = parseSvg(figure.svg);
    expect(svg.querySelector('g[aria-label="y-axis label"] text')?.textContent).toBe(
      "↑ learning rate, log scale",
    );
    expect(svg.querySelector(".figure-subtitle")?.textContent).toMatch(/rates of 0 are not drawn/);
  });

  it("breaks the line where the rate overflows to ∞ and marks that step at the top, on either axis", () => {
    // Keras ExponentialDecay: 0.01 · 10^step. 10^309 overflows to ∞, so the rate of step 309 is ∞ (and
    // a log axis over it used to hang: its tick loop ran up to ∞).
    const schedule = exponentialDecay({ initialLearningRate: 0.01, decaySteps: 1, decayRate: 10 });
    expect(schedule(308)).toBeCloseTo(1e306, -300);
    expect(schedule(309)).toBe(Number.POSITIVE_INFINITY);
    for (const log of [true, false]) {
      const svg = parseSvg(
        scheduleFigure(environment, { curves: [curveOf("exponential", schedule, 400)], log }).svg,
      );
      const chart = chartOf(svg);
      const x = axisOf(chart, "x", false);
      const points = pathPoints(
        markElements(chart as unknown as Document, "schedule-line", "path")[0]?.getAttribute("d") ?? "",
      );
      expect(points.length).toBeGreaterThan(300);
      for (const [px, py] of points) {
        expect(Number.isFinite(py)).toBe(true);
        expect(px).toBeLessThanOrEqual(x(309) + 0.5);
      }
      const [marker] = markElements(chart as unknown as Document, "overflow-marker", "path");
      expect(translation(marker)[0]).toBeCloseTo(x(309), 0);
      expect(textsOf(chart, "overflow-label")).toEqual(["overflows to ∞ at step 309, not drawn"]);
    }
  });

  it("leaves rates below 1e-300 off a log axis and says so, rather than crash on them", () => {
    // 1e-310 · 0.5^step: every rate is subnormal, below what d3's log ticks can handle.
    const tiny = curveOf(
      "tiny",
      exponentialDecay({ initialLearningRate: 1e-310, decaySteps: 1, decayRate: 0.5 }),
      20,
    );
    const svg = parseSvg(scheduleFigure(environment, { curves: [tiny], log: true }).svg);
    expect(svg.querySelector(".figure-subtitle")?.textContent).toBe(
      "rates below 1e-300 are not drawn on the log scale",
    );
  });

  describe("with the seven families of `lrlab plot schedule --compare` over 100 steps", () => {
    const steps = 100;
    const curves = [
      curveOf("constant", () => 0.01, steps),
      curveOf(
        "exponential",
        exponentialDecay({ initialLearningRate: 0.01, decaySteps: 25, decayRate: 0.5 }),
        steps,
      ),
      curveOf(
        "piecewise",
        piecewiseConstantDecay({ boundaries: [33, 67], values: [0.01, 0.001, 0.0001] }),
        steps,
      ),
      curveOf("polynomial", polynomialDecay({ initialLearningRate: 0.01, decaySteps: 100 }), steps),
      curveOf(
        "inverse-time",
        inverseTimeDecay({ initialLearningRate: 0.01, decaySteps: 10, decayRate: 1 }),
        steps,
      ),
      curveOf("cosine", cosineDecay({ initialLearningRate: 0.01, decaySteps: 100 }), steps),
      curveOf("one-cycle", oneCycle({ maxLearningRate: 0.01, totalSteps: 100 }), steps),
    ];
    const svg = parseSvg(scheduleFigure(environment, { curves }).svg);
    const chart = chartOf(svg);

    it("gives each its own look: no colour and dash repeated, never the lesson's red or green, none pale", () => {
      const lines = [...chart.querySelectorAll("g.schedule-line")];
      const looks = lines.map(
        (line) => `${line.getAttribute("stroke")} ${line.getAttribute("stroke-dasharray")}`,
      );
      expect(new Set(looks).size).toBe(7);
      for (const line of lines) {
        const stroke = line.getAttribute("stroke") ?? "";
        expect([THEME.current, THEME.ideal]).not.toContain(stroke);
        // Okabe–Ito's yellow (luminance 0.78) is 1.2:1 against white; every line here at least 2:1.
        expect(relativeLuminance(stroke)).toBeLessThanOrEqual(0.45);
      }
    });

    it("writes each label beside its own line, clear of the other labels", () => {
      const paths = [...chart.querySelectorAll("g.schedule-line path")].map((path) =>
        pathPoints(path.getAttribute("d") ?? ""),
      );
      const labels = [...chart.querySelectorAll("g.series-label")];
      expect(labels.map((label) => label.textContent).sort()).toEqual(
        curves.map((curve) => curve.label).sort(),
      );
      const boxes = labels.map(
        (label) => textBoxes(label, "text")[0] as ReturnType<typeof textBoxes>[number],
      );
      labels.forEach((label, k) => {
        const own = curves.findIndex((curve) => curve.label === label.textContent);
        expect(distanceToPath(boxes[k] as (typeof boxes)[number], paths[own] ?? [])).toBeLessThan(10);
        for (const other of boxes.slice(k + 1))
          expect(boxesOverlap(boxes[k] as (typeof boxes)[number], other)).toBe(false);
      });
    });
  });

  it("draws user strings as text, never as markup", () => {
    const curve = curveOf("<img src=x onerror=alert(1)>", () => 0.1, 10);
    const figure = scheduleFigure(environment, { curves: [curve, { ...curve, description: "<script>" }] });
    expect(figure.svg).not.toMatch(/<img|<script/);
    expect(figure.svg).toContain("&lt;img src=x onerror=alert(1)&gt;");
  });

  it("renders to a PNG of twice its size", () => {
    const figure = scheduleFigure(environment, { curves: [curveOf("constant", () => 0.01, 100)] });
    expect(pngSize(figureToPng(figure))).toEqual({ width: 2 * figure.width, height: 2 * figure.height });
  });
});

/** WCAG's relative luminance of a #rrggbb colour: 0 for black, 1 for white. */
function relativeLuminance(color: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = Number.parseInt(color.slice(i, i + 2), 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}
