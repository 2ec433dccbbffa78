/**
 * `lrlab plot sharpness` through the real binary (dist/cli/bin.js, built before the tests run).
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  expectHostileNameDrawnAsText,
  expectPngAtTwiceStatedSize,
  expectUserError,
  plotSvg,
  scratchDirectory,
} from "../../test-support/cli.js";
import { markElements, panelsOf, textsOf } from "../../test-support/svg.js";

const work = scratchDirectory("plot-sharpness");

describe("lrlab plot sharpness", () => {
  it("shows progressive sharpening and the edge of stability on a 1-16-1 tanh net at lr 0.1", () => {
    // 2/η = 20: λmax starts at 23.95, falls to 15.7 by step 20, rises past 20 at step 80 and then saws
    // around 20 (drops at steps 200, 400, 660) while the loss spikes and falls.
    const svg = plotSvg(
      "sharpness",
      ["--model", "mlp", "--hidden", "16", "--lr", "0.1", "--steps", "1000"],
      work,
    );
    expect(svg.querySelector(".figure-title")?.textContent).toBe(
      "Progressive sharpening, then the edge of stability: λmax rises to 2/η and hovers there",
    );
    expect(svg.querySelector(".figure-subtitle")?.textContent).toBe(
      "mlp 1-16-1 (tanh) · SGD(learning_rate=0.1) · full batch · 1,000 steps · λmax every 20 steps (51 measurements)",
    );
    const [top, bottom] = panelsOf(svg) as [Element, Element];
    // Default K = 1000/50 = 20: steps 0, 20, …, 1000.
    expect(markElements(top as unknown as Document, "sharpness-dot", "circle")).toHaveLength(51);
    expect(textsOf(top, "series-label")).toEqual(["λmax (measured)", "2/η = 20"]);
    expect(textsOf(top, "sharpening-label")).toEqual(["progressive sharpening ↗"]);
    expect(textsOf(top, "edge-label")).toEqual(["edge of stability"]);
    expect(textsOf(bottom, "spike-label")).toHaveLength(1);
    expect(svg.querySelector("desc")?.textContent).toMatch(
      /Progressive sharpening: λmax rises from 15\.\d+ at step 20/,
    );
  });

  it("draws the line's constant λmax on the exact theory, with 2/η far above it", () => {
    const svg = plotSvg("sharpness", [], work);
    expect(svg.querySelector(".figure-title")?.textContent).toBe(
      "λmax is a constant of this linear model, exactly the theory's 6.517",
    );
    const top = panelsOf(svg)[0] as Element;
    expect(textsOf(top, "series-label")).toEqual(["λmax (power iteration)", "exact λmax = 6.517 (theory)"]);
    // 100 steps, K = 2: 51 measurements; 2/η = 2/0.01 = 200 = 30.7 × 6.5167.
    expect(markElements(top as unknown as Document, "sharpness-dot", "circle")).toHaveLength(51);
    expect(textsOf(top, "far-bound-note")).toEqual([
      "↑ 2/η = 200: 31 × the highest λmax, far above the chart",
    ]);
  });

  it("takes --track-sharpness as the interval, and draws momentum's own bound beside 2/η", () => {
    const svg = plotSvg(
      "sharpness",
      [
        "--model",
        "mlp",
        "--optimizer",
        "momentum",
        "--lr",
        "0.1",
        "--steps",
        "200",
        "--track-sharpness",
        "50",
      ],
      work,
    );
    const top = panelsOf(svg)[0] as Element;
    expect(markElements(top as unknown as Document, "sharpness-dot", "circle")).toHaveLength(5);
    // 2(1 + 0.9)/0.1 = 38
    expect(textsOf(top, "series-label")).toContain("2(1 + β)/η = 38, β = 0.9");
    expect(textsOf(top, "series-label")).toContain("2/η = 20, without momentum");
    expect(markElements(top as unknown as Document, "optimizer-bound-line", "path")).toHaveLength(1);
  });

  it("draws no bound for Adam and says why", () => {
    const svg = plotSvg(
      "sharpness",
      ["--model", "mlp", "--optimizer", "adam", "--lr", "0.01", "--steps", "100"],
      work,
    );
    expect(svg.querySelector("g.bound-line")).toBeNull();
    expect(textsOf(svg, "sharpness-note").join(" ")).toMatch(
      /^Adam has no 2\/η line: it divides each step .* preconditioned sharpness λmax\(P⁻¹H\)/,
    );
  });

  it("draws the bound as a curve under a schedule", () => {
    const svg = plotSvg(
      "sharpness",
      ["--model", "mlp", "--lr", "0.1", "--schedule", "cosine", "--steps", "300"],
      work,
    );
    const top = panelsOf(svg)[0] as Element;
    expect(textsOf(top, "series-label")).toContain("2/η, η from the schedule");
  });

  it("writes a PNG and draws a hostile column name as text", () => {
    expectPngAtTwiceStatedSize(["plot", "sharpness", "--model", "mlp", "--steps", "40"], join(work, "s.png"));
    expectHostileNameDrawnAsText(
      ["plot", "sharpness", "--model", "mlp", "--steps", "20"],
      "<img src=x onerror=alert(1)>,y\n1,2\n2,3\n3,5\n4,4\n",
      work,
    );
  });

  it("refuses a bad interval or model flag with one line", () => {
    expectUserError(
      ["plot", "sharpness", "--track-sharpness", "0"],
      /^lrlab: error: --track-sharpness: expected an integer ≥ 1, got 0\n$/,
    );
    expectUserError(["plot", "sharpness", "--model", "mlp", "--hidden", "0"], /^lrlab: error: --hidden: /);
  });
});
