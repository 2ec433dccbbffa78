import { describe, expect, it } from "vitest";
import { builtinData } from "../../core/data/data.js";
import { linearStats } from "../../core/data/stats.js";
import { linearMseTheory } from "../../core/theory/theory.js";
import { train } from "../../core/training/train.js";
import { markElements, parseSvg, pathPoints } from "../../test-support/svg.js";
import { figureToPng, nodeEnvironment, pngSize } from "../node.js";
import { THEME } from "../theme.js";
import { animationFigure, animationFromHistory, frameCaption } from "./animation.js";
import { stepTicks } from "./animation-curves.js";
import { visibleSegment } from "./shared.js";

const data = builtinData();
const stats = linearStats(data);
const theory = linearMseTheory(stats);
const environment = nodeEnvironment();
// lr 0.29 is 0.94 × the critical rate 0.3069: each step jumps across the minimum.
const run = train(data, { learningRate: 0.29, steps: 200, historyEvery: 1 });
const { frames, curve } = animationFromHistory(run.history, 40);
const animation = animationFigure(environment, {
  data,
  ideal: stats.optimum,
  frames,
  curve,
  criticalLearningRate: theory.criticalLearningRate,
});

describe("animationFromHistory", () => {
  it("picks log-spaced frames with the history's own numbers", () => {
    expect(frames).toHaveLength(40);
    expect(frames.slice(0, 3).map((f) => f.step)).toEqual([0, 1, 2]);
    expect(frames.at(-1)?.step).toBe(200);
    const ten = frames.find((f) => f.step === 10);
    expect(ten).toEqual({
      step: 10,
      learningRate: 0.29,
      loss: run.history.loss[10],
      w: run.history.w[10],
      b: run.history.b[10],
    });
  });

  it("stops at the last step with finite parameters", () => {
    const diverged = train(data, { learningRate: 0.5, steps: 400, divergeFactor: 1e300, historyEvery: 1 });
    const film = animationFromHistory(diverged.history, 30);
    for (const f of film.frames) expect(Number.isFinite(f.w) && Number.isFinite(f.b)).toBe(true);
  });
});

describe("frameCaption", () => {
  it("writes the step, the rate and the loss", () => {
    expect(frameCaption({ step: 1234, learningRate: 0.2512, loss: 1.03421, w: 0, b: 0 })).toBe(
      "step 1,234 · lr 0.2512 · loss 1.034",
    );
  });
});

describe("animationFigure", () => {
  it("makes one still per frame, each with one red line, its caption and its two markers", () => {
    expect(animation.frames).toHaveLength(40);
    expect(animation.delays).toHaveLength(40);
    animation.frames.forEach((still, i) => {
      const svg = parseSvg(still.svg);
      expect(markElements(svg, "current-line", "path")).toHaveLength(1);
      expect(markElements(svg, "ideal-line", "path")).toHaveLength(1);
      expect(markElements(svg, "point", "circle")).toHaveLength(100);
      expect(markElements(svg, "loss-marker", "circle")).toHaveLength(1);
      expect(markElements(svg, "rate-marker", "circle")).toHaveLength(1);
      const caption = markElements(svg, "frame-caption", "text");
      expect(caption.map((text) => text.textContent)).toEqual([
        frameCaption(frames[i] as (typeof frames)[0]),
      ]);
      expect(still.svg).not.toContain("<animate");
    });
    const first = parseSvg(animation.frames[0]?.svg as string);
    expect(markElements(first, "frame-caption", "text")[0]?.textContent).toBe(
      "step 0 · lr 0.29 · loss 15.78",
    );
  });

  it("shows the line overshooting: the red line's slope jumps across the green one's on early frames", () => {
    const sides = frames.slice(1, 6).map((f) => Math.sign(f.w - stats.optimum.w));
    expect(sides).toEqual([1, -1, 1, -1, 1]);
    // and the still's red line is where (w, b) says: its right end is higher than its left when w > 0
    const svg = parseSvg(animation.frames[1]?.svg as string);
    const d = markElements(svg, "current-line", "path")[0]?.getAttribute("d") as string;
    const [[, yLeft], [, yRight]] = pathPoints(d) as [[number, number], [number, number]];
    expect(yRight).toBeLessThan(yLeft); // SVG y grows downwards
    expect(svg.querySelector("g.current-line")?.getAttribute("stroke")).toBe(THEME.current);
    expect(svg.querySelector("g.ideal-line")?.getAttribute("stroke")).toBe(THEME.ideal);
  });

  it("animates every frame's line, caption and markers with SMIL, and rests on the last frame", () => {
    const svg = parseSvg(animation.figure.svg);
    expect(svg.querySelectorAll("script")).toHaveLength(0);
    for (const mark of ["current-line", "frame-caption", "loss-marker", "rate-marker"]) {
      const elements = [...svg.querySelectorAll(`g.${mark} > *`)];
      expect(elements).toHaveLength(40);
      elements.forEach((element, i) => {
        const animate = element.querySelector("animate");
        expect(animate?.getAttribute("attributeName")).toBe("visibility");
        expect(animate?.getAttribute("calcMode")).toBe("discrete");
        expect(animate?.getAttribute("repeatCount")).toBe("indefinite");
        expect(element.getAttribute("visibility")).toBe(i === 39 ? "visible" : "hidden");
      });
    }
    expect(svg.querySelectorAll("animate")).toHaveLength(4 * 40);
    expect(animation.figure.svg).toContain("prefers-reduced-motion: reduce");
    expect(svg.querySelectorAll(".lrlab-final")).toHaveLength(4);
  });

  it("draws a column name as text, never as markup, in the film and in every still", () => {
    const hostile = { ...data, xName: "<img src=x onerror=alert(1)>", yName: '"><script>alert(2)</script>' };
    const film = animationFigure(environment, {
      data: hostile,
      ideal: stats.optimum,
      frames: frames.slice(0, 3),
      curve,
      title: "<b>t</b>",
    });
    for (const figure of [film.figure, ...film.frames]) {
      expect(figure.svg).not.toMatch(/<img|<script|<b>/);
      expect(figure.svg).toContain("&lt;img src=x onerror=alert(1)&gt;");
    }
  });

  it("labels every tick of the small loss panel (it drew a stack of unlabelled minor ticks)", () => {
    const svg = parseSvg(animation.figure.svg);
    // The strip under the line: the loss plot, then the rate plot.
    const lossPlot = svg.querySelector("svg > svg:last-of-type > svg") as Element;
    expect(lossPlot.querySelector('g[aria-label="y-axis label"]')?.textContent).toMatch(/loss/);
    const ticks = lossPlot.querySelectorAll('g[aria-label="y-axis tick"] path');
    const labels = [...lossPlot.querySelectorAll('g[aria-label="y-axis tick label"] text')];
    expect(labels.length).toBeGreaterThanOrEqual(2);
    expect(ticks).toHaveLength(labels.length);
    for (const label of labels) expect(label.textContent).not.toBe("");
  });

  it.each([
    // The built-in run above ends at the optimum loss.
    ["ends at the optimum", frames, "The red line moves onto the green line"],
    // The cars with the default decay: from 613.9 to 179.6 against an optimum of 18.78, 74% of the way.
    [
      "closes most of the gap",
      [
        { step: 0, learningRate: 1e-7, loss: 613.9, w: 0, b: 0 },
        { step: 10_000, learningRate: 6.25e-9, loss: 179.6, w: 0.0067, b: 0 },
      ],
      "The red line moves toward the green line",
    ],
    // Closing less than half the gap, or climbing: only where it is, no claim.
    [
      "closes little of it",
      [
        // 613.9 → 400 is 36% of the way to 18.78.
        { step: 0, learningRate: 1e-8, loss: 613.9, w: 0, b: 0 },
        { step: 20, learningRate: 1e-8, loss: 400, w: 0.002, b: 0 },
      ],
      "The red line after 20 steps",
    ],
  ])("titles the film by what the run did: %s", (_, filmFrames, title) => {
    const film = animationFigure(environment, {
      data,
      ideal: { ...stats.optimum, loss: filmFrames === frames ? stats.optimum.loss : 18.78 },
      frames: filmFrames,
      curve,
    });
    expect(parseSvg(film.figure.svg).querySelector(".figure-title")?.textContent).toBe(title);
  });

  it("renders the last frame when shown still, at the stated size", () => {
    const png = figureToPng(animation.figure, 1);
    expect(pngSize(png)).toEqual({ width: 640, height: animation.figure.height });
    expect(animation.figure.width).toBe(640);
  });
});

describe("visibleSegment", () => {
  it("keeps a line that crosses the box whole", () => {
    expect(visibleSegment(1, 0, [0, 2], [0, 2])).toEqual([
      [0, 0],
      [2, 2],
    ]);
  });

  it("cuts a steep line where it leaves the box, keeping its slope", () => {
    // y = 1000x over [−1, 1], box heights [0, 2]: from x = 0 to x = 0.002
    expect(visibleSegment(1000, 0, [-1, 1], [0, 2])).toEqual([
      [0, 0],
      [0.002, 2],
    ]);
  });

  it("turns a line that misses the box into a point on its edge", () => {
    expect(visibleSegment(0, 1e300, [0, 1], [0, 1])).toEqual([
      [0, 1],
      [0, 1],
    ]);
    expect(visibleSegment(1e300, 0, [1, 2], [0, 1])).toEqual([
      [1, 1],
      [1, 1],
    ]);
  });
});

describe("stepTicks", () => {
  it("marks 1, 2, 5 per decade on short runs and powers of ten on long ones", () => {
    expect(stepTicks(108)).toEqual([0, 1, 2, 5, 10, 20, 50, 100]);
    expect(stepTicks(10_000)).toEqual([0, 1, 10, 100, 1000, 10_000]);
  });
});
