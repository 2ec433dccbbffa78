/** `lrlab report --model …` (the page of one model run) through the real binary. */
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { expectUserError, lrlab, lrlabJson, scratchDirectory } from "../../test-support/cli.js";
import { housesFlags } from "../../test-support/houses.js";
import { parseSvg } from "../../test-support/svg.js";

let work: string;
beforeAll(() => {
  work = scratchDirectory("report-model");
  writeFileSync(
    join(work, "labels.csv"),
    "<img src=x onerror=alert(1)>,pass\n1,0\n2,0\n3,0\n4,1\n5,0\n6,1\n7,1\n8,1\n",
  );
});

/** Writes the report of `args` into the scratch directory and returns the page. */
function report(args: readonly string[], out: string): string {
  const { status, stdout, stderr } = lrlab(["report", ...args, "--out", out], work);
  expect(stderr).toBe("");
  expect(status).toBe(0);
  expect(stdout).toMatch(new RegExp(`^Wrote ${out.replace(".", "\\.")} \\([\\d,]+ kB\\): the `));
  return readFileSync(join(work, out), "utf8");
}

/** The page's words, without its figures, styles and tags, entities read back. */
const pageText = (html: string) =>
  html
    .replace(/<svg[\s\S]*?<\/svg>|<style[\s\S]*?<\/style>/g, " ")
    .replace(/<[^>]+>/g, " ")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, "&")
    .replace(/\s+/g, " ");

const figureTitles = (html: string) =>
  [...html.matchAll(/<svg[^>]*role="img"><title>([^<]*)<\/title>/g)].map((match) => match[1]);

describe("lrlab report --model mlp --track-sharpness", () => {
  const flags = ["--model", "mlp", "--lr", "0.1", "--steps", "300", "--track-sharpness", "50"];
  let html: string;
  beforeAll(() => {
    html = report(flags, "mlp.html");
  });

  it("is one self-contained page: no address, no script, only inline data", () => {
    expect(html).not.toMatch(/https?:\/\//);
    expect(html).not.toMatch(/<script/i);
    for (const [, target] of html.matchAll(/\b(?:src|href)\s*=\s*["']?([^"'\s>]*)/gi)) {
      expect(target).toMatch(/^(data:|#)/);
    }
    expect(html).toMatch(
      /@font-face \{ font-family: "Inter"; font-weight: 400; src: url\(data:font\/ttf;base64,/,
    );
    expect(readdirSync(work).filter((name) => name.includes(".tmp"))).toEqual([]);
  });

  it("trains the run lrlab fit trains with the same flags: its final weights, to the last digit", () => {
    const fit = lrlabJson(["fit", ...flags]);
    const listed = /<pre class="weights">([^<]*)<\/pre>/.exec(html);
    expect(listed).not.toBeNull();
    expect(JSON.parse(pageText((listed as RegExpExecArray)[1] as string))).toEqual(fit.final.weights);
  });

  it("says the stability and the verdict in fit's own words (render/model-words.ts)", () => {
    const { stdout } = lrlab(["fit", ...flags]);
    const lines = stdout.split("\n");
    const stability = lines.slice(lines.indexOf("Stability (measured)") + 1, lines.indexOf("Run") - 1);
    const result = lines.slice(lines.findIndex((line) => line.startsWith("Result")) + 1, -3);
    expect(stability.length).toBeGreaterThan(0);
    expect(result.length).toBeGreaterThanOrEqual(3); // the regime, the sharpness's change, the edge of stability
    const text = pageText(html);
    for (const line of [...stability, ...result]) expect(text).toContain(line.trim());
    expect(text).toContain("Stability: measured at the start");
    expect(text).toContain("the edge of stability (Cohen et al. 2021)");
  });

  it("lists the sharpness measured along the run, as fit measures it, and draws it as plot sharpness does", () => {
    const fit = lrlabJson(["fit", ...flags]);
    const rows = [...html.matchAll(/<tr><td>([\d,]+)<\/td><td>([^<]+)<\/td><td>([^<]+)<\/td>/g)];
    expect(rows.map((row) => Number(row[1]))).toEqual(fit.sharpness.step);
    rows.forEach((row, i) => {
      // Printed to four significant digits.
      const shown = Number((row[2] as string).replace("−", "-"));
      expect(Math.abs(shown - fit.sharpness.sharpness[i]) / fit.sharpness.sharpness[i]).toBeLessThan(5e-4);
    });
    expect(pageText(html)).toContain("The figure draws every measurement; the table lists some.");
    // The figure of lrlab plot sharpness, between the loss and the fitted curve.
    expect(figureTitles(html)[1]).toMatch(/edge of stability|sharpen|λmax/);
  });

  it("samples a dozen rows of a long series: the first, the last and evenly between", () => {
    const many = report(
      ["--model", "mlp", "--lr", "0.1", "--steps", "300", "--track-sharpness", "10"],
      "many.html",
    );
    const steps = [...many.matchAll(/<tr><td>([\d,]+)<\/td>/g)].map((row) => Number(row[1]));
    // 31 measurements (0, 10, …, 300): rows k·30/11 rounded, for k = 0 … 11.
    expect(steps).toEqual([0, 30, 50, 80, 110, 140, 160, 190, 220, 250, 270, 300]);
  });

  it("draws the loss per step, the sharpness, the sweep and the fitted curve over the points", () => {
    expect(figureTitles(html)).toEqual([
      "Loss per step of the mlp 1-16-1 (tanh)",
      expect.stringMatching(/λmax|edge of stability|sharpen/),
      "Final loss against learning rate: mlp 1-16-1 (tanh)",
      "What the mlp 1-16-1 (tanh) fitted",
    ]);
    const fitted = html.slice(html.lastIndexOf("<svg"), html.lastIndexOf("</svg>") + 6);
    const svg = parseSvg(fitted);
    expect(svg.querySelectorAll(".model-curve path")).toHaveLength(1);
    // The built-in data's 100 points.
    expect(svg.querySelectorAll("circle").length).toBe(100);
  });
});

describe("lrlab report --model linear on several standardized columns", () => {
  it("states the exact theory, what standardizing did, and draws predicted against actual", () => {
    const args = [
      "--model",
      "linear",
      "--standardize",
      ...housesFlags(join(process.cwd(), "examples/houses.csv")),
      "--lr",
      "0.3",
    ];
    const html = report(args, "houses.html");
    const fit = lrlabJson(["fit", ...args]);
    const text = pageText(html);
    expect(text).toContain("Stability: the exact theory");
    expect(text).toMatch(
      /standardizing changed the condition number from \S+ to \S+ and the critical rate from/,
    );
    // The sharpness of a linear model is the same at every weight: said, not tracked.
    expect(text).toContain("so the sharpness stays λmax =");
    expect(text).toContain(`best loss L* = ${Number(fit.optimum.loss.toPrecision(6))}`);
    expect(figureTitles(html)).toEqual([
      "Loss per step of the linear y = x·w + b on 3 columns",
      "Final loss against learning rate: linear y = x·w + b on 3 columns",
      "Predicted against actual: the linear y = x·w + b on 3 columns",
    ]);
  });
});

describe("lrlab report --model logistic", () => {
  it("draws a hostile column name as text, never as markup", () => {
    const html = report(
      ["--model", "logistic", "--data", "labels.csv", "--lr", "0.5", "--steps", "200"],
      "hostile.html",
    );
    expect(html).not.toMatch(/<img/);
    expect(html).toContain("&lt;img src=x onerror=alert(1)&gt;");
    expect(figureTitles(html)).toEqual([
      "Loss per step of the logistic regression on 1 column",
      "Final loss against learning rate: logistic regression on 1 column",
      "What the logistic regression on 1 column fitted",
    ]);
  });
});

describe("lrlab report --model: the sweep of rates, as the line's report has one", () => {
  it("runs the sweep lrlab sweep --model runs with the same flags, and says its Best and Boundary lines", () => {
    const flags = ["--model", "mlp", "--hidden", "8", "--steps", "60"];
    const html = report(flags, "sweep.html");
    const printed = lrlab(["sweep", ...flags]);
    expect(printed.status).toBe(0);
    const line = (label: string) =>
      (new RegExp(`^${label} +(.*(?:\n {10}.*)*)`, "m").exec(printed.stdout)?.[1] ?? "").replace(/\s+/g, " ");
    const text = pageText(html);
    expect(line("Best")).toMatch(/^lr [\d.]+: the lowest final loss/);
    expect(text).toContain(`Best: ${line("Best")}`);
    expect(text).toContain(`Boundary: ${line("Boundary")}`);
    // The figure is lrlab plot sweep --model's: the same best rate as the command's --json.
    const json = lrlabJson(["sweep", ...flags]);
    // The section's one figure: from its first <svg to its last </svg> (Plot's panels nest inside).
    const section = html.slice(html.indexOf("A sweep of rates"), html.indexOf("What the model fitted"));
    const sweep = parseSvg(section.slice(section.indexOf("<svg"), section.lastIndexOf("</svg>") + 6));
    expect(sweep.querySelectorAll("g.sweep-point path")).toHaveLength(json.runs.length);
    expect(sweep.querySelector("g.best-rule-label text")?.textContent).toBe(
      `best ${Number(json.best.learningRate.toPrecision(4))}`,
    );
  });

  it("says why there is none when the schedule's values are the rates", () => {
    const html = report(
      ["--model", "linear", "--schedule", "piecewise", "--boundaries", "10", "--values", "0.1,0.01"],
      "no-sweep.html",
    );
    expect(pageText(html)).toContain(
      "No sweep of rates: --schedule piecewise: its --values are the rates, so there is no rate argument to sweep.",
    );
    expect(figureTitles(html).some((title) => title?.startsWith("Final loss"))).toBe(false);
  });
});

describe("lrlab report --model: bad input gets exit 2 and one line, and writes nothing", () => {
  it.each([
    [
      ["--model", "mlp", "--hidden", "0"],
      '--hidden: expected 1 to 8 layer widths from 1 to 4096 separated by commas (e.g. 16 or 8,8), got "0"',
    ],
    [["--model", "mlp", "--track-sharpness", "0"], "--track-sharpness: expected an integer ≥ 1, got 0"],
    [
      ["--model", "mlp", "--steps", "0"],
      "--steps: expected an integer ≥ 1 for a report (a lesson of runs that never move shows nothing), got 0",
    ],
    [["--model", "mlp", "--out", "mlp.txt"], "--out mlp.txt: expected a file name ending in .html"],
    [["--model", "linear", "--degree", "2"], "--degree applies to --model polynomial, not linear"],
  ] as const)("report %j", (args, message) => {
    const before = readdirSync(work).sort();
    const out = (args as readonly string[]).includes("--out") ? [] : ["--out", "bad.html"];
    expectUserError(["report", ...args, ...out], message, work);
    expect(readdirSync(work).sort()).toEqual(before);
  });

  it("never overwrites its --init file", () => {
    const weights = JSON.stringify([[[0.5]], [0.25]]);
    writeFileSync(join(work, "start.html"), weights);
    expectUserError(
      ["report", "--model", "linear", "--init", "start.html", "--out", "start.html"],
      "--out start.html: that is an input file; choose another name",
      work,
    );
    expect(readFileSync(join(work, "start.html"), "utf8")).toBe(weights);
  });
});
