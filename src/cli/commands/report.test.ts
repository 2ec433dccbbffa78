import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { builtinData } from "../../core/data/data.js";
import { embeddedFontCss, nodeEnvironment } from "../../render/node.js";
import { reportPage } from "../../render/report.js";
import { carsData } from "../../test-support/cars.js";
import { expectUserError, lrlab, scratchDirectory } from "../../test-support/cli.js";
import { parseSvg } from "../../test-support/svg.js";
import { nodeIo } from "../io.js";
import { type RunSetup, runSetupFrom } from "../run-options.js";
import { computeLesson } from "./report-lesson.js";

const io = nodeIo();
let setup: RunSetup;
let page: string;
beforeAll(async () => {
  setup = await runSetupFrom({}, io);
  page = reportPage(nodeEnvironment(), computeLesson(setup, {}), { fontCss: embeddedFontCss() });
});

describe("computeLesson", () => {
  it("trains the lesson's four rates (core lesson.ts), each showing what it is named after", () => {
    const lesson = computeLesson(setup, {});
    expect(lesson.runs.map((run) => [run.role, run.learningRate, run.verdict.outcome])).toEqual([
      ["too-small", 0.008, "too-small"],
      ["good", 0.24, "good"],
      ["jumps-around", 0.3, "jumps-around"],
      ["jumps-out", 0.34, "jumps-out"],
    ]);
    const out = lesson.runs[3]?.run;
    expect(out?.final.loss).toBeGreaterThan(1e5 * (out?.history.loss[0] as number));
    // the good rate needs 11 steps to get within 0.1%: 2.5 × 11 = 27.5, at least 30 steps per run
    expect(lesson.steps).toBe(30);
    expect(lesson.sweep.runs).toHaveLength(25);
    expect(lesson.sweep.boundary.agrees).toBe(true);
    expect(lesson.decay.words).toBe("lr 0.29, halved every 27 steps (ExponentialDecay) · 108 steps");
    expect(lesson.decay.constant.requestedSteps).toBe(108);
  });

  it("refuses --lr without --schedule: the report chooses its own rates", () => {
    expect(() => computeLesson(setup, { lr: "0.1" })).toThrow(/^--lr: the report chooses its rates/);
  });

  it("reads the rates off the sweep when the theory is not exact (MAE)", async () => {
    const options = { loss: "mae" };
    const lesson = computeLesson(await runSetupFrom(options, io), options);
    expect(lesson.plan).toBeNull();
    expect(lesson.runs.map((run) => run.role)).toContain("good");
    expect(lesson.runs.find((run) => run.role === "good")?.learningRate).toBe(
      lesson.sweep.best?.learningRate,
    );
    expect(lesson.decay.words).toMatch(/halved every 25 steps \(ExponentialDecay\)/);
  });
});

describe("reportPage", () => {
  it("is self-contained: no address, no script, nothing loaded but inline data", () => {
    expect(page).not.toMatch(/https?:\/\//);
    expect(page).not.toMatch(/<script/i);
    for (const [, target] of page.matchAll(/\b(?:src|href)\s*=\s*["']?([^"'\s>]*)/gi)) {
      expect(target).toMatch(/^(data:|#)/);
    }
    for (const [, target] of page.matchAll(/url\(\s*["']?([^"')]*)/g)) expect(target).toMatch(/^(data:|#)/);
    expect(page).toMatch(
      /@font-face \{ font-family: "Inter"; font-weight: 400; src: url\(data:font\/ttf;base64,/,
    );
    expect(page).not.toMatch(/@import/);
  });

  it("holds every section's figure", () => {
    const titles = [...page.matchAll(/<svg[^>]*role="img"><title>([^<]*)<\/title>/g)].map(
      (match) => match[1],
    );
    expect(titles).toEqual([
      "Your data and the ideal line",
      "lr 0.008: too small",
      "lr 0.24: good",
      "lr 0.3: jumps around",
      "lr 0.34: jumps out",
      "Loss against step for each rate",
      "The first steps of each rate, on slices of the loss",
      "Each rate&#39;s path across the loss landscape",
      "The red line moves onto the green line",
      "The same start, with a constant rate and with a decaying one",
      "The two learning rates, step by step",
      "Final loss against learning rate",
      "The LR range test on your data",
    ]);
    for (const words of [
      "The critical rate: 0.3069 = 2/λmax",
      "The fastest rate from this start: 0.24",
      "The best worst-case rate: 0.2755 = 2/(λmin + λmax)",
    ]) {
      expect(page).toContain(words);
    }
    // the film plays by SMIL, with the reduced-motion rule beside it
    expect(page.match(/<animate /g)?.length).toBeGreaterThanOrEqual(4 * 40);
    expect(page).toContain("prefers-reduced-motion: reduce");
  });

  it("draws a hostile column or file name as text, never as markup", async () => {
    const data = builtinData();
    const hostile = {
      ...data,
      xName: "<img src=x onerror=alert(1)>",
      yName: '"><script>alert(2)</script>',
      source: "<b>data</b>.csv",
    };
    const html = reportPage(nodeEnvironment(), computeLesson({ ...setup, data: hostile }, {}));
    expect(html).not.toMatch(/<img|<script|<b>/);
    expect(html).toContain("&lt;img src=x onerror=alert(1)&gt;");
    expect(html).toContain("&lt;b&gt;data&lt;/b&gt;.csv");
    const svg = html.slice(html.indexOf("<svg"), html.indexOf("</svg>") + 6);
    expect(parseSvg(svg).querySelector("title")?.textContent).toBe("Your data and the ideal line");
  });
});

describe("the report's LR finder section", () => {
  it("words the core's reason when the finder suggests nothing: on the cars the ramp's first rate is too large", () => {
    // 2/λmax ≈ 1e-7 on the unscaled cars: from fastai's 1e-7 the loss only rises, then blows up.
    const lesson = computeLesson({ ...setup, data: carsData() }, {});
    expect(lesson.rangeTest.suggestions.nothingBecause).toBe("never-fell");
    const html = reportPage(nodeEnvironment(), lesson);
    const section = html.slice(html.indexOf("What an LR finder would say"));
    expect(section).toContain(
      "It suggests nothing here: the loss blew up before it fell at all, so every rate the ramp reached was already too large. A finder on these data must start lower.",
    );
    expect(section).not.toMatch(/undefined|finder&#39;s rate is|valley, is/);
  });

  it("names the valley and its ratio to 2/λmax on the built-in data", () => {
    const section = page.slice(page.indexOf("What an LR finder would say"));
    expect(section).toContain(
      "Its suggestion, the valley, is 0.004365. The exact theory puts the edge at 2/λmax = 0.3069: the finder&#39;s rate is 0.01422 × that.",
    );
  });
});

describe("lrlab report", () => {
  let work: string;
  beforeAll(() => {
    work = scratchDirectory("report");
    const scores = "hours studied,exam score\n1,50\n2,55\n3,59\n4,64\n5,69\n6,73\n";
    writeFileSync(join(work, "scores.csv"), scores);
    writeFileSync(join(work, "points.html"), scores); // a CSV by any other name
  });

  it("writes a page for raw data with x in the thousands, whose lesson runs 100,000 steps (retest 6 #1)", () => {
    // It ended in "RangeError: Maximum call stack size exceeded" (Math.max over every step), then, fixed,
    // wrote 34.7 MB: every step of three 100,000-step paths as a dot.
    const rows = Array.from({ length: 60 }, (_, i) => {
      const x = 1000 + ((i * 677) % 2000);
      return `${x},${(0.05 * x + 30 + ((i * 7) % 11) - 5).toFixed(2)}`;
    });
    writeFileSync(join(work, "thousands.csv"), `x,y\n${rows.join("\n")}\n`);
    const { status, stderr } = lrlab(["report", "--data", "thousands.csv", "--out", "thousands.html"], work);
    expect(stderr).toBe("");
    expect(status).toBe(0);
    const html = readFileSync(join(work, "thousands.html"), "utf8");
    expect(html.length).toBeLessThan(5_000_000);
    expect(html).toContain("What an LR finder would say");
  });

  it("writes the page atomically, with no progress for a report of a few seconds", () => {
    const { status, stdout, stderr } = lrlab(
      ["report", "--data", "scores.csv", "--x", "hours studied", "--y", "exam score", "--out", "report.html"],
      work,
    );
    expect(status).toBe(0);
    expect(stdout).toMatch(/^Wrote report\.html \([\d,]+ kB\): the lesson on scores\.csv\n$/);
    expect(stderr).toBe(""); // it used to print ten progress lines for a two-second job
    const html = readFileSync(join(work, "report.html"), "utf8");
    expect(html).toContain("hours studied");
    expect(html).not.toMatch(/https?:\/\//);
    expect(readdirSync(work).filter((name) => name.includes(".tmp"))).toEqual([]);
  });

  /** The page's words, without its figures, styles and tags. */
  const pageText = (html: string) =>
    html
      .replace(/<svg[\s\S]*?<\/svg>|<style[\s\S]*?<\/style>/g, " ")
      .replace(/<[^>]+>/g, " ")
      .replace(/&amp;/g, "&")
      .replace(/\s+/g, " ");

  // One point, and x without spread: λmin = 0, the condition number is ∞, and the flat direction adds
  // nothing to the loss, so there is nothing to rescale and nothing crawls (fit says the same).
  for (const [name, csv, closeWords] of [
    ["one-row.csv", "x,y\n2,3\n", "within 9e−9 of the best loss"],
    ["constant-x.csv", "x,y\n1,2\n1,3\n1,5\n1,4\n", "within 0.1% of the best loss"],
  ] as const) {
    it(`words ${name} by the verdict's facts: no infinite ratio, no rescaling, an interval that is one`, () => {
      writeFileSync(join(work, name), csv);
      const out = name.replace(".csv", ".html");
      expect(lrlab(["report", "--data", name, "--out", out], work).status).toBe(0);
      const text = pageText(readFileSync(join(work, out), "utf8"));
      expect(text).toContain("Here the smaller is 0: every x is the same");
      expect(text).not.toMatch(/Infinity|times steeper|Rescale x|No constant rate/);
      expect(text).not.toMatch(/budget worth watching|still crawls|needs rescaling/);
      // The fastest rate gets there in one step, from a range whose ends differ and hold the rate.
      const fastest =
        /The fastest rate from this start: ([\d.]+) Of every constant rate, it brings the loss (.*?) in the fewest steps from where the line starts: 1\. Every rate from ([\d.]+) to ([\d.]+) needs that many\./.exec(
          text,
        );
      expect(fastest).not.toBeNull();
      const [, rate, close, from, to] = fastest as unknown as [string, string, string, string, string];
      expect(close).toBe(closeWords);
      expect(Number(from)).toBeLessThan(Number(to));
      expect(Number(from)).toBeLessThanOrEqual(Number(rate));
      expect(Number(to)).toBeGreaterThanOrEqual(Number(rate));
      // The sweep's table counts the steps from which a run stays within the same gap.
      expect(text).toContain(`steps to stay ${closeWords}`);
    });
  }

  for (const [args, message] of [
    [["--data", "missing.csv"], "missing.csv: cannot read it (no such file or directory)"],
    // The core names the choice "the x column" unless the caller passes its words (run-options: --x).
    [
      ["--data", "scores.csv", "--x", "hours"],
      /^lrlab: error: scores\.csv: no column "hours" for (--x|the x column) /,
    ],
    [["--lr", "0.1"], /^lrlab: error: --lr: the report chooses its rates/],
    [["--out", "report.txt"], "--out report.txt: expected a file name ending in .html"],
    [
      ["--data", "points.html", "--out", "points.html"],
      "--out points.html: that is the input data file; choose another name",
    ],
  ] as const) {
    it(`refuses ${args.join(" ")} with one line and exit 2, writing nothing`, () => {
      const before = readdirSync(work).sort();
      expectUserError(
        ["report", ...args, ...((args as readonly string[]).includes("--out") ? [] : ["--out", "bad.html"])],
        message,
        work,
      );
      expect(readdirSync(work).sort()).toEqual(before);
    });
  }
});

describe("the report's printable handout (issue 11)", () => {
  it("tells the guide's nine chapters in order, each with a task, and keeps the answers for a last page", () => {
    const chapters = [...page.matchAll(/<h2>Chapter (\d)\. ([^<]+)<\/h2>/g)].map((match) => Number(match[1]));
    expect(chapters).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(page.match(/<p class="task">Task: /g)).toHaveLength(9);
    const handout = page.indexOf("<h2>The lesson as a handout</h2>");
    const answers = page.indexOf("<h2>Answers</h2>");
    expect(handout).toBeGreaterThan(0);
    expect(answers).toBeGreaterThan(page.lastIndexOf("<h2>Chapter 9."));
    // Each on a new page when printed.
    expect(page.slice(0, handout)).toMatch(/<section class="page-break">$/);
    expect(page.slice(0, answers)).toMatch(/<section class="page-break">$/);
    expect(page).toContain(".page-break { break-before: page; }");
    // The answers are the theory's, and only after the tasks: the critical rate's answer is not given away.
    const answerText = page.slice(answers);
    expect(answerText).toContain("2/λmax = 0.3069: every constant rate above it jumps out");
    expect(page.slice(handout, answers)).not.toContain("every constant rate above it jumps out");
    // Chapter 8's task is on the data its set-up loads (Cars): its answer is not the lesson line's bound.
    expect(answerText).not.toContain("2/λmax = 0.3069 on this data");
    expect(answerText).toContain("2/λmax of the data the set-up loads");
    // Chapter 2 carries the guessing table: guesses for 10%, 1%, 0.1% against gradient descent's evaluations.
    expect(page.slice(handout, answers)).toMatch(
      /<table class="guessing">[\s\S]*gradient descent[\s\S]*d = 10/,
    );
  });

  it("escapes the data's names in the handout too", async () => {
    const directory = scratchDirectory("handout");
    const file = join(directory, "<i>odd&amp.csv");
    writeFileSync(file, "x,y\n0,1\n1,3\n2,5.5\n3,6.5\n");
    const odd = await runSetupFrom({ data: file }, io);
    const html = reportPage(nodeEnvironment(), computeLesson(odd, {}));
    const handout = html.slice(html.indexOf("<h2>The lesson as a handout</h2>"));
    expect(handout).toContain("&lt;i&gt;odd&amp;amp.csv");
    expect(handout).not.toContain("<i>odd");
    expect(html.match(/<h2>Chapter \d\./g)).toHaveLength(9);
  });
});
