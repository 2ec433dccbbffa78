import { describe, expect, it } from "vitest";
import { cosineDecay } from "../../core/schedules/cosine-decay.js";
import {
  axisOf,
  boxesOverlap,
  hasPointNear,
  markElements,
  type PixelBox,
  parseSvg,
  pathPoints,
  textBoxes,
} from "../../test-support/svg.js";
import { figureToPng, nodeEnvironment, pngSize } from "../node.js";
import { type HistoryFigureInput, historyFigure } from "./history.js";

const environment = nodeEnvironment();

/** A Keras-like history of 6 epochs: ReduceLROnPlateau halves the rate after epochs 3 and 5. */
const epochs = [1, 2, 3, 4, 5, 6];
const kerasLike: HistoryFigureInput = {
  unit: "epoch",
  losses: [
    { label: "loss", x: epochs, y: [2, 1.2, 1.1, 0.8, 0.79, 0.7], kind: "epoch", role: "train" },
    { label: "val_loss", x: epochs, y: [2.1, 1.4, 1.3, 1, 1.01, 0.95], kind: "epoch", role: "validation" },
  ],
  // The rate of epoch e is held from e − 1 to e.
  learningRate: { x: [0, 1, 2, 3, 4, 5], rates: [0.1, 0.1, 0.1, 0.05, 0.05, 0.025] },
  start: 0,
  end: 6,
};

/** The panels of a figure: the loss chart, then the rate chart. */
function panelsOf(svg: Document): Element[] {
  return [...svg.querySelectorAll("svg > svg")];
}

describe("historyFigure", () => {
  it("draws the loss above and the rate below, each epoch's rate held over that epoch", () => {
    const svg = parseSvg(historyFigure(environment, kerasLike).svg);
    expect(svg.querySelector(".figure-title")?.textContent).toBe(
      "Training history: loss and learning rate by epoch",
    );
    const [lossPanel, ratePanel] = panelsOf(svg) as [Element, Element];
    expect(markElements(lossPanel as unknown as Document, "loss-line", "path")).toHaveLength(1);
    expect(markElements(lossPanel as unknown as Document, "val-loss-line", "path")).toHaveLength(1);
    expect([...lossPanel.querySelectorAll("g.series-label text")].map((text) => text.textContent)).toEqual([
      "loss",
      "val_loss",
    ]);
    const [rateLine] = markElements(ratePanel as unknown as Document, "rate-line", "path");
    const x = axisOf(ratePanel, "x");
    const y = axisOf(ratePanel, "y");
    const points = pathPoints(rateLine?.getAttribute("d") ?? "");
    const at = (epoch: number, rate: number) => hasPointNear(points, x(epoch), y(rate));
    // 0.1 through epochs 1–3 (x 0 to 3), 0.05 through 4–5, 0.025 through epoch 6, to the end of the axis.
    expect(at(0, 0.1)).toBe(true);
    expect(at(3, 0.1)).toBe(true);
    expect(at(3, 0.05)).toBe(true);
    expect(at(5, 0.025)).toBe(true);
    expect(at(6, 0.025)).toBe(true);
    expect(at(2, 0.05)).toBe(false);
  });

  it("keeps each change's factor clear of the other factors and of the line's end label", () => {
    // As examples/cars-mpg.mjs logs it: 300 updates, the rate halved every 30 from update 140, the last
    // halving at 290, ten updates before the end, where "learning rate" labels the line.
    const steps = Array.from({ length: 300 }, (_, k) => k);
    const rates = steps.map((k) => 0.011 * 0.5 ** Math.max(0, Math.floor((k - 110) / 30)));
    const svg = parseSvg(
      historyFigure(environment, {
        unit: "step",
        losses: [{ label: "loss", x: steps, y: steps.map((k) => 1 / (1 + k)), kind: "epoch", role: "train" }],
        learningRate: { x: steps, rates },
        start: 0,
        end: 300,
      }).svg,
    );
    const ratePanel = panelsOf(svg)[1] as Element;
    const factors = textBoxes(ratePanel, "g.rate-change-label");
    expect(factors).toHaveLength(6);
    const [end] = textBoxes(ratePanel, "g.series-label");
    factors.forEach((box, k) => {
      for (const other of [...factors.slice(k + 1), end as PixelBox])
        expect(boxesOverlap(box, other)).toBe(false);
    });
  });

  it("marks ReduceLROnPlateau's reductions on both panels, with their factor", () => {
    const figure = historyFigure(environment, kerasLike);
    const svg = parseSvg(figure.svg);
    expect([...svg.querySelectorAll("g.rate-change-label text")].map((text) => text.textContent)).toEqual([
      "×0.5",
      "×0.5",
    ]);
    // A rule at x = 3 and x = 5 in each panel.
    expect(markElements(svg, "rate-change-rule", "line")).toHaveLength(4);
    expect(svg.querySelector("desc")?.textContent).toContain(
      "The learning rate changes 2 times: at epoch 3 from 0.1 to 0.05; at epoch 5 from 0.05 to 0.025.",
    );
  });

  it("marks nothing on a smooth schedule, and keeps a cosine decay to 0 on a linear scale", () => {
    const schedule = cosineDecay({ initialLearningRate: 0.1, decaySteps: 100 });
    const steps = Array.from({ length: 100 }, (_, step) => step);
    const svg = parseSvg(
      historyFigure(environment, {
        unit: "step",
        losses: [
          { label: "batch loss", x: steps, y: steps.map((s) => 1 / (1 + s)), kind: "batch", role: "train" },
        ],
        learningRate: { x: steps, rates: steps.map(schedule) },
        start: 0,
        end: 100,
      }).svg,
    );
    expect(svg.querySelectorAll("g.rate-change-label text")).toHaveLength(0);
    const ratePanel = panelsOf(svg)[1] as Element;
    expect(ratePanel.querySelector('g[aria-label="y-axis label"] text')?.textContent).toBe("↑ learning rate");
    expect(markElements(svg, "batch-loss-line", "path")).toHaveLength(1);
  });

  it("puts a rate that spends most of the run decades below its start on a log scale", () => {
    const steps = Array.from({ length: 40 }, (_, step) => step);
    const svg = parseSvg(
      historyFigure(environment, {
        ...kerasLike,
        unit: "step",
        learningRate: { x: steps, rates: steps.map((step) => 0.1 * 0.5 ** (step / 4)) },
        start: 0,
        end: 40,
      }).svg,
    );
    const ratePanel = panelsOf(svg)[1] as Element;
    expect(ratePanel.querySelector('g[aria-label="y-axis label"] text')?.textContent).toBe(
      "↑ learning rate, log scale",
    );
  });

  it("breaks lines at missing values, and says when there is no rate", () => {
    const figure = historyFigure(environment, {
      ...kerasLike,
      losses: [
        { label: "loss", x: epochs, y: [2, 1, Number.NaN, 0.8, 0.7, 0.6], kind: "epoch", role: "train" },
      ],
      learningRate: null,
    });
    const svg = parseSvg(figure.svg);
    expect(panelsOf(svg)).toHaveLength(1);
    expect(svg.querySelector(".figure-subtitle")?.textContent).toBe("no learning rate in the file");
    const [line] = markElements(svg, "loss-line", "path");
    // Two pieces: epochs 1–2 and 4–6.
    expect(line?.getAttribute("d")?.match(/M/g)).toHaveLength(2);
  });

  it("renders to a PNG of twice its size", () => {
    const figure = historyFigure(environment, kerasLike);
    expect(pngSize(figureToPng(figure))).toEqual({ width: 2 * figure.width, height: 2 * figure.height });
  });
});
