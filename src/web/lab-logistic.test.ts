/** Logistic regression in the worker: real 0/1 labels used as given, the median rule only for other y. */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { lrlab, lrlabJson } from "../test-support/cli.js";
import { answer, csvLab } from "./lab-fixture.js";
import { logisticLabels } from "./lab-model.js";
import { defaultState } from "./lab-state.js";
import { LABEL_RULE_WORDS, modelSettingsOf } from "./model-settings.js";
import { runConfigOf } from "./protocol.js";

/** 50 students: passed mostly from 21 hours on, with two early passes and two late fails (30 passes). */
const PASS_CSV = [
  "hours,passed",
  ...Array.from({ length: 50 }, (_, k) => {
    const hours = k + 1;
    const passed = hours === 5 || hours === 12 ? 1 : hours === 25 || hours === 33 ? 0 : hours > 20 ? 1 : 0;
    return `${hours},${passed}`;
  }),
].join("\n");

describe("logistic regression's labels", () => {
  const work = mkdtempSync(join(tmpdir(), "lrlab-logistic-"));
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it("keeps y as it is when every y is 0 or 1, and splits other y at its median", () => {
    const given = Float64Array.from([0, 1, 1, 0]);
    expect(logisticLabels(given)).toEqual({ targets: given, threshold: null });
    const split = logisticLabels(Float64Array.from([5, 1, 3, 2]));
    expect(split.threshold).toBe(2.5);
    expect(Array.from(split.targets)).toEqual([1, 0, 1, 0]);
    // Mostly 0 and 1 with a stray value: labels with a typo, given as they are (the core refuses the typo).
    const typo = Float64Array.from([0, 1, 2]);
    expect(logisticLabels(typo)).toEqual({ targets: typo, threshold: null });
    // Under half 0 or 1: regression data, split at the median.
    expect(logisticLabels(Float64Array.from([0, 5, 7])).threshold).toBe(5);
  });

  it("is worded for the model picker as it runs: at least half 0 or 1 is labels, a stray 3 refused with its row", async () => {
    expect(LABEL_RULE_WORDS).toContain("y as given when at least half of y is 0 or 1");
    expect(LABEL_RULE_WORDS).toContain("refused with its row");
    expect(LABEL_RULE_WORDS).toContain("otherwise 1 where y is above its median and 0 elsewhere");
    expect(LABEL_RULE_WORDS).not.toContain("every y is 0 or 1");
    // Exactly half 0 or 1 is labels (2 of 4); fewer (1 of 3) is regression data, split at its median.
    expect(logisticLabels(Float64Array.from([0, 1, 5, 7])).threshold).toBeNull();
    expect(logisticLabels(Float64Array.from([0, 5, 7])).threshold).toBe(5);
    // The tester's lab3.csv: 0/1 labels with one 3 in data row 7 is refused, naming the row, not split.
    const csv = ["a,label", "1,0", "2,0", "3,1", "4,1", "5,0", "6,1", "7,3", "8,0"].join("\n");
    const { lab } = await csvLab(csv, "lab3.csv", { x: "a", y: "label" });
    const state = { ...defaultState(), model: "logistic", x: "a", y: "label" } as const;
    const response = await lab.handle({
      type: "model-run",
      id: 2,
      config: runConfigOf(state),
      model: modelSettingsOf(state),
    });
    expect(response.type).toBe("error");
    expect(response.type === "error" ? response.message : "").toMatch(/row 7 has 3/);
  });

  it("fits an uploaded pass/fail file on its own labels, to the numbers of `lrlab fit --model logistic`", async () => {
    writeFileSync(join(work, "pass.csv"), PASS_CSV);
    const { lab } = await csvLab(PASS_CSV, "pass.csv", { x: "hours", y: "passed" });
    const state = {
      ...defaultState(),
      model: "logistic",
      x: "hours",
      y: "passed",
      learningRate: 0.01,
      steps: 100,
    } as const;
    const request = {
      type: "model-run",
      id: 2,
      config: runConfigOf(state),
      model: modelSettingsOf(state),
    } as const;
    const result = (await answer(lab, request)).result;
    const cli = lrlabJson(
      [
        "fit",
        "--data",
        "pass.csv",
        "--model",
        "logistic",
        "--x",
        "hours",
        "--y",
        "passed",
        "--lr",
        "0.01",
        "--steps",
        "100",
      ],
      work,
    );
    expect(result.labels).toEqual({ threshold: null, ones: 30, n: 50 });
    expect(cli.initial.loss).toBeCloseTo(Math.log(2), 12);
    expect(result.finalLoss).toBe(cli.final.loss);
    expect(result.finalLoss).toBeLessThan(Math.log(2));
  });

  it("refuses an uploaded 0/1 column with one typo, naming its row, as `lrlab fit --model logistic` does", async () => {
    // 29 zeros and 30 ones as in the pass file, and data row 3 typed "2": no median split may flip the 1s.
    const rows = PASS_CSV.split("\n");
    rows[3] = rows[3]?.replace(/,[01]$/, ",2") ?? "";
    const typoCsv = rows.join("\n");
    writeFileSync(join(work, "typo.csv"), typoCsv);
    const { lab } = await csvLab(typoCsv, "typo.csv", { x: "hours", y: "passed" });
    const state = { ...defaultState(), model: "logistic", x: "hours", y: "passed" } as const;
    const response = await lab.handle({
      type: "model-run",
      id: 2,
      config: runConfigOf(state),
      model: modelSettingsOf(state),
    });
    expect(response).toMatchObject({
      type: "error",
      message:
        'logistic regression (BCE): labels must be 0 or 1; typo.csv: column "passed", data row 3 has 2',
    });
    const cli = lrlab(
      ["fit", "--data", "typo.csv", "--x", "hours", "--y", "passed", "--model", "logistic"],
      work,
    );
    expect(cli.status).toBe(2);
    expect(cli.stderr).toContain('labels must be 0 or 1; typo.csv: column "passed", data row 3 has 2');
  });
});
