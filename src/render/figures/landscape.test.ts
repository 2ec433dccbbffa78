import { describe, expect, it } from "vitest";
import { builtinData } from "../../core/data/data.js";
import { linearStats } from "../../core/data/stats.js";
import { landscape, landscapeRanges, pathToHold } from "../../core/landscape/landscape.js";
import { adam } from "../../core/optimizers/adam.js";
import { sgd } from "../../core/optimizers/sgd.js";
import { linearMseTheory } from "../../core/theory/theory.js";
import { train } from "../../core/training/train.js";
import { carsData } from "../../test-support/cars.js";
import { axisOf, markElements, panelsOf, parseSvg, pathPoints, translation } from "../../test-support/svg.js";
import { figureToPng, nodeEnvironment, pngSize } from "../node.js";
import { seriesColor, THEME } from "../theme.js";
import { contourLevels, equalAspectRanges, type LandscapeFigureInput, landscapeFigure } from "./landscape.js";

const data = builtinData();
const stats = linearStats(data);
const theory = linearMseTheory(stats);
const environment = nodeEnvironment();
const directions = {
  sharp: theory.eigenvectors[0],
  flat: theory.eigenvectors[1],
  lambdaMax: theory.hessianEigenvalues[0],
  lambdaMin: theory.hessianEigenvalues[1],
};
const runs = [
  train(data, { optimizer: sgd({ learningRate: 0.05 }), steps: 30 }),
  train(data, { optimizer: sgd({ learningRate: 0.3 }), steps: 30 }),
  train(data, { optimizer: adam({ learningRate: 0.2 }), steps: 30 }),
];
// As `lrlab plot landscape` frames it: around the paths, widened to equal units on both axes.
const ranges = equalAspectRanges(
  landscapeRanges(stats, { include: runs.map((run) => pathToHold(run)), bowl: 0.02 }),
);
const surface = landscape({ grid: 121, wRange: ranges.w, bRange: ranges.b })(stats);
const input: LandscapeFigureInput = {
  surface,
  optimum: stats.optimum,
  directions,
  series: runs.map((run, k) => ({ label: `run ${k}`, w: run.history.w, b: run.history.b })),
  lossName: "MSE",
  levels: 10,
};

describe("landscapeFigure (overlay)", () => {
  it("clips the bands and contour lines to the plot, under a square frame (their cut corners showed)", () => {
    const svg = parseSvg(landscapeFigure(environment, input).svg);
    const panel = panelsOf(svg)[0] as Element;
    const frame = panel.querySelector("rect.landscape-frame");
    expect(frame).not.toBeNull();
    const box = (rect: Element | null) => ["x", "y", "width", "height"].map((k) => rect?.getAttribute(k));
    for (const className of ["landscape-band", "landscape-contour"]) {
      const group = panel.querySelector(`g.${className}`);
      const clip = group?.closest("[clip-path]")?.getAttribute("clip-path") ?? "";
      const id = /url\(#(.+)\)/.exec(clip)?.[1];
      expect(id, className).toBeDefined();
      expect(box(panel.querySelector(`clipPath[id="${id}"] rect`))).toEqual(box(frame));
    }
    // The frame comes after (over) the contours, and before the paths.
    const order = [...panel.querySelectorAll("g.landscape-contour, rect.landscape-frame")].map((e) =>
      e.getAttribute("class"),
    );
    expect(order).toEqual(["landscape-contour", "landscape-frame"]);
  });

  const figure = landscapeFigure(environment, input);
  const svg = parseSvg(figure.svg);

  it("draws one contour line per level, bands beneath them, and a legend panel beside the map", () => {
    expect(markElements(svg, "landscape-contour", "path")).toHaveLength(10);
    expect(markElements(svg, "landscape-band", "path")).toHaveLength(10);
    expect(panelsOf(svg)).toHaveLength(2);
    // The legend is SVG text, not Plot's HTML legend.
    expect(figure.svg).not.toMatch(/<div|<figure|<span/);
    const labels = [...svg.querySelectorAll("g.legend-label text")].map((text) => text.textContent);
    expect(labels).toEqual(
      expect.arrayContaining(["run 0", "run 1", "run 2", "start", "optimum (least squares)"]),
    );
  });

  it("draws every path in its own Okabe–Ito colour, one point per step, with the start and the optimum", () => {
    const paths = [...svg.querySelectorAll("g.trajectory")];
    expect(paths).toHaveLength(3);
    expect(paths.map((group) => group.getAttribute("stroke")).sort()).toEqual(
      [0, 1, 2].map(seriesColor).sort(),
    );
    expect(markElements(svg, "trajectory-point", "circle")).toHaveLength(3 * 31);
    expect(markElements(svg, "start", "circle")).toHaveLength(1); // all three start at (0, 0)
    expect(svg.querySelector("g.optimum")?.getAttribute("fill")).toBe(THEME.ideal);
  });

  it("draws the sharp and flat axes through the optimum, along the Hessian's eigenvectors, at right angles", () => {
    const [starX, starY] = translation(svg.querySelector("g.optimum path"));
    const directionsInPixels: [number, number][] = [];
    for (const [name, vector] of [
      ["sharp", directions.sharp],
      ["flat", directions.flat],
    ] as const) {
      const [from, to] = pathPoints(
        svg.querySelector(`g.eigen-axis-${name} path`)?.getAttribute("d") ?? "",
      ) as [[number, number], [number, number]];
      const dx = to[0] - from[0];
      const dy = to[1] - from[1];
      const length = Math.hypot(dx, dy);
      // The optimum lies on the line: its distance from it is under half a pixel.
      const distance = Math.abs(dx * (starY - from[1]) - dy * (starX - from[0])) / length;
      expect(distance).toBeLessThan(0.5);
      // Equal units on both axes here, so the drawn direction is the eigenvector (y grows downwards).
      const along = Math.abs((dx * vector[0] - dy * vector[1]) / length);
      expect(along).toBeCloseTo(1, 3);
      directionsInPixels.push([dx / length, dy / length]);
      expect(svg.querySelector(`g.eigen-label-${name} text`)?.textContent).toMatch(
        new RegExp(`^${name} \\(λ`),
      );
    }
    const [[ax, ay], [bx, by]] = directionsInPixels as [[number, number], [number, number]];
    expect(Math.abs(ax * bx + ay * by)).toBeLessThan(1e-3);
  });

  it("draws the shorter paths over the longer ones, each on a white casing, so none hides another", () => {
    const lengths = [...svg.querySelectorAll("g.trajectory path")].map((path) => {
      const points = pathPoints(path.getAttribute("d") ?? "");
      return points.reduce((sum, [x, y], k) => {
        const [px, py] = points[k - 1] ?? [x, y];
        return sum + Math.hypot(x - px, y - py);
      }, 0);
    });
    expect(lengths).toHaveLength(3);
    expect([...lengths].sort((a, b) => b - a)).toEqual(lengths);
    // Each path's casing comes just before it, the same points in white, wider. (Plot wraps each clipped
    // mark in a group of its own.)
    for (const group of svg.querySelectorAll("g.trajectory")) {
      const casing = group.parentElement?.previousElementSibling?.firstElementChild;
      expect(casing?.getAttribute("class")).toBe("trajectory-casing");
      expect(casing?.getAttribute("stroke")).toBe(THEME.background);
      expect(Number(casing?.getAttribute("stroke-width"))).toBeGreaterThan(
        Number(group.getAttribute("stroke-width")),
      );
      expect(casing?.querySelector("path")?.getAttribute("d")).toBe(
        group.querySelector("path")?.getAttribute("d"),
      );
    }
  });

  it("renders to a PNG of twice its size", () => {
    expect(pngSize(figureToPng(figure))).toEqual({ width: 2 * figure.width, height: 2 * figure.height });
  });
});

describe("landscapeFigure on the cars (w and b not to scale)", () => {
  // Slopes of about 0.04 against intercepts of about 100: one unit of b is drawn far shorter than one of w.
  const cars = carsData();
  const carsStats = linearStats(cars);
  const carsTheory = linearMseTheory(carsStats);
  const run = train(cars, { optimizer: sgd({ learningRate: 1e-7 }), steps: 40 });
  const carsRanges = equalAspectRanges(
    landscapeRanges(carsStats, { include: [pathToHold(run)], bowl: 0.02 }),
  );
  const figure = landscapeFigure(environment, {
    surface: landscape({ grid: 81, wRange: carsRanges.w, bRange: carsRanges.b })(carsStats),
    optimum: carsStats.optimum,
    directions: {
      sharp: carsTheory.eigenvectors[0],
      flat: carsTheory.eigenvectors[1],
      lambdaMax: carsTheory.hessianEigenvalues[0],
      lambdaMin: carsTheory.hessianEigenvalues[1],
    },
    series: [{ label: "lr 1e-7", w: run.history.w, b: run.history.b }],
  });
  const map = panelsOf(parseSvg(figure.svg))[0] as Element;

  it("draws the sharp axis where the drawn rings are steepest and the flat one where they are flattest", () => {
    // Pixels per unit of w and of b, read from the axes.
    const x = axisOf(map, "x");
    const y = axisOf(map, "y");
    const perW = x(1) - x(0);
    const perB = y(0) - y(1);
    expect(perW / perB).toBeGreaterThan(10);
    // The loss's curvature along a direction of the screen: for a unit step of (px, py) pixels (y down),
    // the step in (w, b) is (px / perW, −py / perB), and the curvature dᵀ·H·d with H = 2·[[x̄², x̄], [x̄, 1]].
    const meanXX = carsStats.sxx / carsStats.n + carsStats.meanX ** 2;
    const h = { ww: 2 * meanXX, wb: 2 * carsStats.meanX, bb: 2 };
    const curvature = ([px, py]: readonly [number, number]) => {
      const length = Math.hypot(px, py);
      const dw = px / length / perW;
      const db = -py / length / perB;
      return h.ww * dw * dw + 2 * h.wb * dw * db + h.bb * db * db;
    };
    const around = Array.from({ length: 720 }, (_, k) =>
      curvature([Math.cos((k * Math.PI) / 720), Math.sin((k * Math.PI) / 720)]),
    );
    const drawn = (name: string) => {
      const [from, to] = pathPoints(
        map.querySelector(`g.eigen-axis-${name} path`)?.getAttribute("d") ?? "",
      ) as [[number, number], [number, number]];
      return [to[0] - from[0], to[1] - from[1]] as const;
    };
    const [sharp, flat] = [drawn("sharp"), drawn("flat")];
    expect(curvature(sharp)).toBeGreaterThanOrEqual(Math.max(...around) * (1 - 1e-4));
    expect(curvature(flat)).toBeLessThanOrEqual(Math.min(...around) * (1 + 1e-2));
    // At right angles on the screen.
    expect(
      Math.abs(sharp[0] * flat[0] + sharp[1] * flat[1]) / (Math.hypot(...sharp) * Math.hypot(...flat)),
    ).toBeLessThan(1e-3);
    // The labels name them without the eigenvalues, which belong to the undistorted eigenvectors.
    expect(map.querySelector("g.eigen-label-sharp text")?.textContent).toBe("sharp");
  });
});

describe("landscapeFigure (panels)", () => {
  it("draws one map per path, each with its own path, the same contours, and a legend below", () => {
    const figure = landscapeFigure(environment, { ...input, layout: "panels" });
    const svg = parseSvg(figure.svg);
    const panels = panelsOf(svg);
    expect(panels).toHaveLength(4); // three maps and the legend
    for (const map of panels.slice(0, 3)) {
      expect(map.querySelectorAll("g.trajectory path")).toHaveLength(1);
      expect(map.querySelectorAll("g.landscape-contour path")).toHaveLength(10);
      expect(map.querySelectorAll("g.optimum path")).toHaveLength(1);
    }
    expect([...svg.querySelectorAll("g.panel-label text")].map((text) => text.textContent)).toEqual([
      "run 0",
      "run 1",
      "run 2",
    ]);
    expect(pngSize(figureToPng(figure))).toEqual({ width: 2 * figure.width, height: 2 * figure.height });
  });

  it("draws a diverging path up to the step that leaves the map and marks the lowest grid point without an optimum", () => {
    const diverging = train(data, { optimizer: sgd({ learningRate: 0.4 }), steps: 60 });
    const figure = landscapeFigure(environment, {
      ...input,
      optimum: null,
      directions: null,
      series: [{ label: "lr 0.4", w: diverging.history.w, b: diverging.history.b }],
    });
    const svg = parseSvg(figure.svg);
    const drawn = markElements(svg, "trajectory-point", "circle").length;
    expect(drawn).toBeGreaterThan(1);
    expect(drawn).toBeLessThan(61);
    expect(svg.querySelectorAll("g.eigen-axis")).toHaveLength(0);
    expect(svg.querySelector("g.legend-label")?.textContent).toContain("lowest point of the grid");
    expect(pngSize(figureToPng(figure)).width).toBe(2 * figure.width);
  });
});

describe("contourLevels", () => {
  it("spaces the heights above the lowest value by a constant factor, from 0.1% to 60% of the range", () => {
    const values = [2, 3, 12]; // lowest 2, range 10
    const levels = contourLevels(values, 4);
    // 2 + 10·0.001·600^(k/3): 2.01, 2.0843, 2.6, 8
    expect(levels[0]).toBeCloseTo(2.01, 12);
    expect(levels[3]).toBeCloseTo(8, 12);
    const excess = levels.map((level) => level - 2);
    expect((excess[1] as number) / (excess[0] as number)).toBeCloseTo(
      (excess[3] as number) / (excess[2] as number),
      9,
    );
  });

  it("gives no levels for a flat or non-finite surface", () => {
    expect(contourLevels([1, 1, 1], 5)).toEqual([]);
    expect(contourLevels([Number.NaN, Number.POSITIVE_INFINITY], 5)).toEqual([]);
  });
});

describe("equalAspectRanges", () => {
  it("widens the shorter range about its middle until the map is at most 1.4 times as high as wide", () => {
    expect(equalAspectRanges({ w: [0, 1], b: [0, 2.8] })).toEqual({ w: [-0.5, 1.5], b: [0, 2.8] });
    expect(equalAspectRanges({ w: [0, 10], b: [4, 5] })).toEqual({ w: [0, 10], b: [4, 5] }); // 6× would stretch too far
    expect(equalAspectRanges({ w: [0, 1], b: [0, 1] })).toEqual({ w: [0, 1], b: [0, 1] });
  });
});
