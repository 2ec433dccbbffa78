/**
 * `sweep --model`, `plot sweep --model` and report's sweep through the real binary: where the loss has no
 * finite minimum no rate is named best; each face says what the runs show instead, in the same words.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { lrlab, lrlabJson, plotSvg, scratchDirectory } from "../test-support/cli.js";
import { slantedFlags, writeSlantedCsv } from "../test-support/slanted-data.js";
import { textsOf } from "../test-support/svg.js";

let work: string;
beforeAll(() => {
  work = scratchDirectory("no-best-rate");
  // Separated only by the slanted line 2a + 3b = 6.5 (test-support/slanted-data.ts).
  writeSlantedCsv(work);
  // Overlapping classes: a finite minimum, and a best rate as before.
  writeFileSync(join(work, "mixed.csv"), "x,y\n1,0\n2,1\n3,0\n4,1\n5,1\n");
});

const slanted = () => slantedFlags(join(work, "slanted.csv"));
const NO_BEST = "none: with no finite minimum there is no best rate to reach one. The lowest final loss";

describe("no best rate where there is no finite minimum", () => {
  it("sweep --model: the Best line says none and what the runs show; the JSON has no best", () => {
    const document = lrlabJson(["sweep", ...slanted()]);
    expect(document.best).toBeNull();
    const runs = document.runs as {
      learningRate: number;
      status: string;
      regime: string;
      finalLoss: number;
    }[];
    const kept = runs.filter((run) => run.status !== "diverged" && run.regime !== "diverging");
    const lowest = kept.reduce((a, b) => (b.finalLoss < a.finalLoss ? b : a));
    // On this slope the larger the stable rate, the lower the loss: the lowest is at the largest kept rate.
    expect(lowest.learningRate).toBe(Math.max(...kept.map((run) => run.learningRate)));
    expect(document.lowestWithoutMinimum).toMatchObject({
      learningRate: lowest.learningRate,
      largestKept: true,
    });
    const text = lrlab(["sweep", ...slanted()]).stdout;
    expect(text).not.toContain("← best");
    expect(text).toContain("← lowest loss (no best rate)");
    expect(text.replace(/\s+/g, " ")).toContain(
      `Best none: with no finite minimum there is no best rate to reach one. The lowest final loss (${lowest.finalLoss.toPrecision(5).replace(/0+$/, "")}) is at lr `,
    );
    expect(text.replace(/\s+/g, " ")).toContain(
      "the largest rate that did not diverge: it only pushed the weights outward fastest, down a slope that never ends.",
    );
  });

  it("plot sweep --model rings the lowest loss as such, never as best, and labels it with its loss and its rate", () => {
    const { lowestWithoutMinimum: lowest } = lrlabJson(["sweep", ...slanted()]);
    const svg = plotSvg("sweep", slanted(), work);
    expect(svg.querySelector(".best-rule, .best-ring")).toBeNull();
    expect(svg.querySelector(".lowest-ring")).not.toBeNull();
    const [label] = textsOf(svg, "lowest-rule-label");
    // The loss to 3 digits, then the rate to 4 ("lowest loss 2.874" once gave only the rate, read as a loss).
    const figure = (value: number, digits: number) =>
      String(Number(value.toPrecision(digits))).replace("-", "−");
    expect(label).toBe(`lowest loss ${figure(lowest.finalLoss, 3)} at lr ${figure(lowest.learningRate, 4)}`);
    const legend = [...svg.querySelectorAll("text")].map((text) => text.textContent ?? "");
    expect(legend).toContain(
      "lowest loss (ringed), not a best rate: no finite minimum, the largest stable rate slides furthest",
    );
  });

  it("report's sweep section says the same Best line", () => {
    const out = join(work, "report.html");
    expect(lrlab(["report", ...slanted(), "--steps", "40", "--out", out]).status).toBe(0);
    const page = readFileSync(out, "utf8").replace(/\s+/g, " ");
    expect(page).toContain(`Best: ${NO_BEST}`);
    expect(page).not.toContain("← best");
  });

  it("where a minimum exists the best rate is named as before", () => {
    const data = ["--data", join(work, "mixed.csv"), "--model", "logistic"];
    const document = lrlabJson(["sweep", ...data]);
    expect(document.best.learningRate).toBeGreaterThan(0);
    expect(document.lowestWithoutMinimum).toBeNull();
    expect(lrlab(["sweep", ...data]).stdout).toContain("← best");
  });
});
