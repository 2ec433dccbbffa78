/**
 * suggest, sweep, find-lr and random-search through the real binary on data where BCE has no finite
 * minimum: each says so in one line of text and one JSON field, and suggest names no rate.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { lrlab, lrlabJson, scratchDirectory } from "../test-support/cli.js";

let work: string;
beforeAll(() => {
  work = scratchDirectory("no-finite-minimum");
  writeFileSync(join(work, "allzero.csv"), "x,y\n1,0\n2,0\n3,0\n4,0\n");
  writeFileSync(join(work, "sep.csv"), "x,y\n1,0\n2,0\n3,1\n4,1\n");
  // Not separable: a 1 below a 0, so a finite minimum exists.
  writeFileSync(join(work, "mixed.csv"), "x,y\n1,0\n2,1\n3,0\n4,1\n");
});

const commands = [["suggest"], ["sweep", "--steps", "20"], ["find-lr"], ["random-search", "--trials", "50"]];

describe("no finite minimum (logistic regression on one-class or separable data)", () => {
  it.each(commands)("%s says so in one line of text and in the JSON", (...command) => {
    const data = ["--data", join(work, "sep.csv"), "--model", "logistic"];
    const text = lrlab([...command, ...data]);
    expect(text.status).toBe(0);
    expect(text.stdout.replace(/\s+/g, " ")).toContain(
      'No finite minimum. The labels are separable by "x" (every 0 at ≤ 2, every 1 at ≥ 3)',
    );
    const document = lrlabJson([...command, ...data]);
    expect(document.noFiniteMinimum.reason).toBe("separable");
    expect(document.noFiniteMinimum.words).toMatch(/^No finite minimum\. /);
    const mixed = lrlabJson([...command, "--data", join(work, "mixed.csv"), "--model", "logistic"]);
    expect(mixed.noFiniteMinimum).toBeNull();
  });

  it("suggest names no rate on one-class data instead of the largest that did not diverge", () => {
    const data = ["--data", join(work, "allzero.csv"), "--model", "logistic"];
    const document = lrlabJson(["suggest", ...data]);
    expect(document.learningRate).toBeNull();
    expect(document.noFiniteMinimum).toMatchObject({ reason: "one-class", label: 0, rows: 4 });
    const { stdout } = lrlab(["suggest", ...data]);
    expect(stdout).toContain("\nNo learning rate is suggested.\n");
    expect(stdout).not.toContain("Use --lr");
    // Where a minimum exists, a rate is suggested as before.
    expect(
      lrlabJson(["suggest", "--data", join(work, "mixed.csv"), "--model", "logistic"]).learningRate,
    ).toBeGreaterThan(0);
  });
});
