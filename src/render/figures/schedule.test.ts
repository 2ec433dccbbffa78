import { describe, expect, it } from "vitest";
import { cosineDecay } from "../../core/schedules/cosine-decay.js";
import { exponentialDecay } from "../../core/schedules/exponential-decay.js";
import { piecewiseConstantDecay } from "../../core/schedules/piecewise-constant-decay.js";
import type { Schedule } from "../../core/schedules/schedule.js";
import { axisOf, hasPointNear, markElements, parseSvg, pathPoints } from "../../test-support/svg.js";
import { figureToPng, nodeEnvironment, pngSize } from "../node.js";
import { seriesColor } from "../theme.js";
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
