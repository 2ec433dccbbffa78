/**
 * CLI round 4, #12 and #13, through the real binary: the report's prose quotes each column name (a comma
 * inside a name must not read as two names) with no JSON backslash escapes, and its subtitle gives the
 * steps asked for, with where a run diverged.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { lrlab, scratchDirectory } from "../../test-support/cli.js";

const work = scratchDirectory("report-names");

/** The page's text where the page's HTML escapes it: the subtitle, the setup list, the verdict. */
const textOf = (html: string) =>
  html
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");

describe("lrlab report --model: names and steps in the prose", () => {
  it('quotes “a,b” and “q"uote” in the subtitle, the features and the separation words, without backslashes', () => {
    // The labels are separated by the straight boundary “a,b” − 0.6667·“q"uote” = 0.5: the verdict names both.
    const data = join(work, "names.csv");
    writeFileSync(data, '"a,b","q""uote","😀y"\n1,2,0\n2,1,1\n3,5,0\n4,2,1\n5,3,1\n');
    const out = join(work, "names.html");
    const args = [
      "report",
      "--model",
      "logistic",
      "--data",
      data,
      "--x",
      "a,b",
      "--x",
      'q"uote',
      "--y",
      "😀y",
    ];
    expect(lrlab([...args, "--steps", "20", "--out", out]).status).toBe(0);
    const page = textOf(readFileSync(out, "utf8"));
    expect(page).toContain('x: “a,b”, “q"uote” · y: “😀y”');
    expect(page).toContain('Features the model sees</dt><dd>“a,b”, “q"uote”</dd>');
    expect(page).toMatch(/every 1 has “a,b” − [\d.]+·“q"uote” > /);
    // Outside the figures' <desc> (screen-reader text, written as JSON strings), no \" anywhere.
    const prose = page.replace(/<desc>[\s\S]*?<\/desc>/g, "");
    expect(prose).not.toContain('\\"');
  });

  it('says "100 steps (diverged at step 3)" for a run of 100 steps that diverged at step 3', () => {
    const out = join(work, "diverged.html");
    expect(lrlab(["report", "--model", "mlp", "--lr", "5", "--out", out]).status).toBe(0);
    const page = readFileSync(out, "utf8");
    expect(page).toMatch(/class="subtitle">[^<]* · 100 steps \(diverged at step 3\)</);
    const calm = join(work, "calm.html");
    expect(lrlab(["report", "--model", "mlp", "--steps", "30", "--out", calm]).status).toBe(0);
    expect(readFileSync(calm, "utf8")).toMatch(/class="subtitle">[^<]* · 30 steps</);
  });
});
