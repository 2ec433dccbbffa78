import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { builtinData } from "../../core/data/data.js";
import { linearStats } from "../../core/data/stats.js";
import { linearMseTheory } from "../../core/theory/theory.js";
import { gifInfo } from "../../render/gif.js";
import { nodeEnvironment } from "../../render/node.js";
import { expectUserError, lrlab, scratchDirectory } from "../../test-support/cli.js";
import { parseSvg } from "../../test-support/svg.js";
import { nodeIo } from "../io.js";
import { runSetupFrom } from "../run-options.js";
import { ANIMATION_WIDTH, animationPlot, animationRun, defaultDecay } from "./animation-plot.js";

const theory = linearMseTheory(linearStats(builtinData()));

describe("defaultDecay", () => {
  it("starts just below the critical rate and halves often enough for the flat direction to settle", () => {
    // built-in data: 2/λmax = 0.3069, κ = 8.77; 0.95 × 0.3069 = 0.2916 → 0.29; 3κ = 26.3 → 27 steps
    expect(defaultDecay(theory, theory.criticalLearningRate)).toEqual({
      initialLearningRate: 0.29,
      decaySteps: 27,
      decayRate: 0.5,
      steps: 108,
    });
  });
});

describe("animationRun", () => {
  const io = nodeIo();
  it("decays from near the critical rate unless a rate or schedule is given", async () => {
    const setup = await runSetupFrom({}, io);
    const film = animationRun(setup, {});
    expect(film.trainOptions.steps).toBe(108);
    const schedule = film.trainOptions.learningRate as (step: number) => number;
    expect(schedule(0)).toBe(0.29);
    expect(schedule(27)).toBeCloseTo(0.145, 12); // ExponentialDecay: 0.29 · 0.5^(27/27)
    expect(film.rateWords).toBe("lr 0.29, halved every 27 steps (ExponentialDecay) · 108 steps");
    expect(film.critical).toBeCloseTo(theory.criticalLearningRate, 12);
  });

  it("keeps the user's rate, schedule and length", async () => {
    const options = { lr: "0.1", steps: "30" };
    const film = animationRun(await runSetupFrom(options, io), options);
    expect(film.trainOptions.learningRate).toBe(0.1);
    expect(film.trainOptions.steps).toBe(30);
    expect(film.rateWords).toBe("constant lr 0.1 · 30 steps");
  });
});

describe("animationPlot.build", () => {
  it("draws the film and encodes it as a GIF of the stated size, one image per frame", async () => {
    const built = await animationPlot.build({ frames: "12" }, nodeIo(), nodeEnvironment());
    expect(built.figure.width).toBe(ANIMATION_WIDTH);
    const svg = parseSvg(built.figure.svg);
    expect(svg.querySelectorAll("g.frame-caption text")).toHaveLength(12);
    expect(svg.querySelector(".figure-subtitle")?.textContent).toBe(
      "lr 0.29, halved every 27 steps (ExponentialDecay) · 108 steps · critical rate 0.3069",
    );
    const gif = built.encode("gif");
    expect(gifInfo(gif)).toEqual({
      version: "GIF89a",
      width: ANIMATION_WIDTH,
      height: built.figure.height,
      frames: 12,
    });
  });

  it("refuses a frame count it cannot show", async () => {
    await expect(animationPlot.build({ frames: "1" }, nodeIo(), nodeEnvironment())).rejects.toThrow(
      "--frames: expected an integer ≥ 2 and ≤ 200, got 1",
    );
  });
});

describe("lrlab plot animation", () => {
  let work: string;
  beforeAll(() => {
    work = scratchDirectory("animation");
    writeFileSync(join(work, "hostile.csv"), "<img src=x onerror=alert(1)>,y\n1,2\n2,4.1\n3,5.9\n4,8.2\n");
  });

  it("writes an animated SVG and a self-contained HTML page that plays it without script", () => {
    const svg = lrlab(
      ["plot", "animation", "--data", "hostile.csv", "--frames", "20", "--out", "run.svg"],
      work,
    );
    expect(svg.status).toBe(0);
    expect(svg.stdout).toBe("Wrote run.svg (svg, 640×606)\n");
    const text = readFileSync(join(work, "run.svg"), "utf8");
    expect(parseSvg(text).querySelectorAll("animate")).toHaveLength(4 * 20);
    expect(text).toContain("&lt;img src=x onerror=alert(1)&gt;");
    expect(text).not.toContain("<img");

    const html = lrlab(["plot", "animation", "--frames", "20", "--out", "run.html"], work);
    expect(html.status).toBe(0);
    const page = readFileSync(join(work, "run.html"), "utf8");
    expect(page).not.toMatch(/<script|https?:\/\/(?!www\.w3\.org)/);
    expect(page).toContain("<animate");
    expect(page).toContain("prefers-reduced-motion: reduce");
    expect(readdirSync(work).filter((name) => name.endsWith(".tmp"))).toEqual([]);
  });

  it("writes an animated GIF by --out's extension or --format", () => {
    const { status, stdout } = lrlab(["plot", "animation", "--frames", "10", "--out", "run.gif"], work);
    expect(status).toBe(0);
    expect(stdout).toBe("Wrote run.gif (gif, 640×606)\n");
    expect(gifInfo(readFileSync(join(work, "run.gif")))).toEqual({
      version: "GIF89a",
      width: 640,
      height: 606,
      frames: 10,
    });
    const formatted = lrlab(["plot", "animation", "--frames", "3", "--format", "gif", "--out", "film"], work);
    expect(formatted.status).toBe(0);
    expect(gifInfo(readFileSync(join(work, "film"))).frames).toBe(3);
  });

  it("refuses gif for a figure that does not move", () => {
    expectUserError(
      ["plot", "fit", "--format", "gif"],
      '--format: expected one of svg, png, html, got "gif"',
      work,
    );
  });

  it("refuses a bad --frames with one line and exit 2", () => {
    expectUserError(
      ["plot", "animation", "--frames", "many"],
      "--frames: expected an integer ≥ 2 and ≤ 200, got many",
      work,
    );
  });
});
