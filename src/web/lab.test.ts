import { describe, expect, it } from "vitest";
import { parseStrictJson } from "../test-support/finite.js";
import { createLabHandler, csvHeader, type LabHandler } from "./lab.js";
import { answer, defaultRunConfig, lessonLab } from "./lab-fixture.js";
import { defaultState, withOptimizer, withSchedule } from "./lab-state.js";
import { runConfigOf } from "./protocol.js";
import { rowsToDataset } from "./rows.js";

const csv = (text: string) => new Blob([text], { type: "text/csv" });

async function run(lab: LabHandler, changes = {}) {
  return (await answer(lab, { type: "run", id: 2, config: defaultRunConfig(changes) })).result;
}

describe("the lab worker's handler", () => {
  it("loads the lesson's data: the built-in 100 points, all of them sampled", async () => {
    const { info } = await lessonLab();
    expect(info).toMatchObject({ version: 1, n: 100, xName: "x", yName: "y", columns: [] });
    expect(info.sampleX).toHaveLength(100);
    expect(info.extentX[0]).toBeGreaterThanOrEqual(-1);
    expect(info.extentX[1]).toBeLessThan(3);
  });

  it("runs the default lab beside the README's theory: critical rate 0.3069, too small at 0.01", async () => {
    const { lab } = await lessonLab();
    const result = await run(lab);
    expect(result.status).toBe("completed");
    expect(result.history.length).toBe(101);
    expect(result.theory?.criticalLearningRate).toBeCloseTo(0.3069, 4);
    expect(result.theory?.optimum.loss).toBeCloseTo(0.9692, 4);
    expect(result.verdict.outcome).toBe("too-small");
    expect(result.verdict.regime).toBe("converging");
    expect(result.verdict.reached).toBe(false);
    expect(result.verdict.stepsNeeded).toBe(278); // README: "lr 0.01 needs 278 steps"
  });

  it("says a rate far above the critical one diverges, and suggests one below it", async () => {
    const { lab } = await lessonLab();
    const result = await run(lab, { learningRate: 3 });
    expect(result.status).toBe("diverged");
    expect(result.verdict.outcome).toBe("jumps-out");
    expect(result.verdict.regime).toBe("diverging");
    // The fastest constant rate from (0, 0): 11 steps (core fastest-rate.ts), below 2/λmax.
    expect(result.verdict.suggestedLearningRate).toBe(0.24);
    expect(result.stability?.formula).toBe("2/λmax");
  });

  it("runs every optimizer with every schedule at the lab's defaults", async () => {
    const { lab } = await lessonLab();
    const { OPTIMIZER_NAMES, SCHEDULE_NAMES } = await import("../core/index.js");
    for (const optimizer of OPTIMIZER_NAMES) {
      for (const schedule of SCHEDULE_NAMES) {
        const state = withSchedule(withOptimizer(defaultState(), optimizer), schedule);
        const response = await lab.handle({ type: "run", id: 3, config: runConfigOf(state) });
        expect(response.type, `${optimizer} + ${schedule}: ${JSON.stringify(response)}`).toBe("run");
      }
    }
  });

  it("answers a bad CSV with the core's error and its line number, and keeps the data it had", async () => {
    const { lab } = await lessonLab();
    const response = await lab.handle({
      type: "load-data",
      id: 4,
      source: { kind: "csv", file: csv("x,y\n1,2\n3,oops\n"), fileName: "bad.csv", x: "", y: "" },
    });
    expect(response).toEqual({
      type: "error",
      id: 4,
      code: "E_BAD_CSV",
      message: 'bad.csv: line 3, column "y": expected a number, got "oops"',
    });
    const after = await run(lab);
    expect(after.dataVersion).toBe(1);
    expect(after.theory?.criticalLearningRate).toBeCloseTo(0.3069, 4);
  });

  it("loads a CSV, guessing the first two numeric columns, and lists them all", async () => {
    const lab = createLabHandler();
    const response = await answer(lab, {
      type: "load-data",
      id: 5,
      source: {
        kind: "csv",
        file: csv('name,"hours studied",exam score\nann,1,52\nbob,2,55\ncy,4,65\n'),
        fileName: "scores.csv",
        x: "",
        y: "",
      },
    });
    expect(response.info).toMatchObject({
      n: 3,
      xName: "hours studied",
      yName: "exam score",
      columns: ["name", "hours studied", "exam score"],
    });
  });

  it("guesses columns from the first rows of CSV text", () => {
    expect(csvHeader("\uFEFFa,b,c\nx,1,2\n")).toEqual({
      columns: ["a", "b", "c"],
      numeric: ["b", "c"],
      guess: ["b", "c"],
    });
    expect(csvHeader("a,b\nx,y\n")).toEqual({ columns: ["a", "b"], numeric: [], guess: ["a", "b"] });
  });

  it("loads a bundled data set through the injected loader", async () => {
    const rows = [
      { hp: 100, mpg: 30 },
      { hp: 200, mpg: 15 },
      { hp: 150, mpg: 20 },
    ];
    const lab = createLabHandler({
      bundled: (_name, x, y) => ({
        data: rowsToDataset(rows, x || "hp", y || "mpg", "cars"),
        columns: ["hp", "mpg"],
      }),
    });
    const response = await answer(lab, {
      type: "load-data",
      id: 6,
      source: { kind: "bundled", name: "cars", x: "", y: "" },
    });
    expect(response.info).toMatchObject({ n: 3, xName: "hp", yName: "mpg", columns: ["hp", "mpg"] });
  });

  it("exports the run as the CLI's JSON document and its history as CSV", async () => {
    const { lab } = await lessonLab();
    const config = runConfigOf({ ...defaultState(), learningRate: 0.2, steps: 5 });
    const json = await answer(lab, { type: "export", id: 7, config, format: "json" });
    const document = parseStrictJson(json.result.text).value;
    expect(document).toMatchObject({
      model: "y = w·x + b",
      optimizer: { name: "sgd", learningRate: 0.2 },
      schedule: { name: "constant", learningRate: 0.2 },
      steps: 5,
      status: "completed",
    });
    expect(document.history).toHaveLength(6);
    const csvAnswer = await answer(lab, { type: "export", id: 8, config, format: "csv" });
    expect(csvAnswer.result.text.split("\n")[0]).toBe("step,epoch,learningRate,loss,w,b");
    expect(csvAnswer.result.fileName).toBe("lrlab-run.csv");
  });

  it("runs the LR range test on the current data", async () => {
    const { lab } = await lessonLab();
    const response = await answer(lab, {
      type: "range-test",
      id: 9,
      config: runConfigOf(defaultState()),
      options: { numIterations: 50 },
    });
    expect(response.result.iterations).toBeGreaterThan(6);
    expect(response.result.suggested).toBeGreaterThan(0);
  });

  it("computes the exact MSE landscape on a grid that holds the start, and refuses it for MAE", async () => {
    const { lab } = await lessonLab();
    const config = runConfigOf({ ...defaultState(), initialW: -5, initialB: 9 });
    const response = await answer(lab, { type: "landscape", id: 13, config, grid: 21 });
    const { w, b, values, optimum, lambdaMax } = response.result;
    expect([w.length, b.length, values.length]).toEqual([21, 21, 441]);
    expect(w[0]).toBeLessThan(-5);
    expect(b[20]).toBeGreaterThan(9);
    expect(optimum.loss).toBeCloseTo(0.9692, 4);
    expect(lambdaMax).toBeCloseTo(6.517, 3);
    expect(Math.min(...values)).toBeGreaterThanOrEqual(optimum.loss);
    const mae = await lab.handle({ type: "landscape", id: 14, config: { ...config, loss: "mae" }, grid: 21 });
    expect(mae).toMatchObject({ type: "error", code: "E_USAGE" });
  });

  it("refuses a run before any data, and settings the core refuses, as error answers", async () => {
    const lab = createLabHandler();
    expect(await lab.handle({ type: "run", id: 10, config: runConfigOf(defaultState()) })).toMatchObject({
      type: "error",
      code: "E_INTERNAL",
    });
    const { lab: loaded } = await lessonLab();
    const state = withSchedule(defaultState(), "piecewise");
    const response = await loaded.handle({
      type: "run",
      id: 11,
      config: runConfigOf({ ...state, scheduleArgs: { boundaries: [10], values: [0.1] } }),
    });
    expect(response).toMatchObject({ type: "error", id: 11, code: "E_BAD_ARGUMENT" });
  });

  it("answers with plain data a worker can post (structured clone)", async () => {
    const { lab } = await lessonLab();
    const response = await lab.handle({ type: "run", id: 12, config: runConfigOf(defaultState()) });
    expect(structuredClone(response)).toEqual(response);
  });

  it("refuses data too large to square, saying how large, and keeps the data it had", async () => {
    const { lab } = await lessonLab();
    const response = await lab.handle({
      type: "load-data",
      id: 20,
      source: {
        kind: "csv",
        file: csv("x,y\n1e308,1e308\n-1e308,-1e308\n1,2\n"),
        fileName: "huge.csv",
        x: "",
        y: "",
      },
    });
    expect(response).toMatchObject({
      type: "error",
      code: "E_BAD_DATA",
      message:
        'huge.csv: column "x" reaches 1e308, too large to square in float64; rescale it so its values lie within ±1e150 (e.g. divide by 1e305)',
    });
    expect((await run(lab)).theory?.optimum.loss).toBeCloseTo(0.9692, 4); // still the lesson's data
  });

  it("loads a file with one column too large to square on the others, and refuses that column by name when picked", async () => {
    const { lab } = await lessonLab();
    // a reaches 2e150 (past ±1e150); b and label are fine: the guess passes over a.
    const text = "a,b,label\n2e150,1,0\n-1e150,2,0\n5e149,3,1\n1e149,4,1\n";
    const source = { kind: "csv", file: csv(text), fileName: "huge.csv" } as const;
    const { info } = await answer(lab, { type: "load-data", id: 21, source: { ...source, x: "", y: "" } });
    expect(info).toMatchObject({ n: 4, xName: "b", yName: "label", columns: ["a", "b", "label"] });
    for (const [x, y] of [
      ["a", "label"],
      ["b", "a"],
    ]) {
      const refused = await lab.handle({ type: "load-data", id: 22, source: { ...source, x, y } as never });
      expect(refused).toMatchObject({
        type: "error",
        code: "E_BAD_DATA",
        message:
          'huge.csv: column "a" reaches 2e150, too large to square in float64; rescale it so its values lie within ±1e150 (e.g. divide by 2e147)',
      });
    }
    // The file as loaded is kept: its b and label, 4 points.
    expect((await run(lab)).dataVersion).toBe(2);
  });

  it("reads a semicolon-separated file as a spreadsheet exports it", async () => {
    const lab = createLabHandler();
    const { info } = await answer(lab, {
      type: "load-data",
      id: 21,
      source: { kind: "csv", file: csv("hours;score\n1;52\n2;55\n4;65\n"), fileName: "eu.csv", x: "", y: "" },
    });
    expect(info).toMatchObject({ n: 3, xName: "hours", yName: "score", columns: ["hours", "score"] });
  });

  it("refuses a start whose loss overflows on the data, and runs from one whose loss is finite", async () => {
    const lab = createLabHandler();
    await answer(lab, {
      type: "load-data",
      id: 22,
      // x near 1e100: its squares are finite, but w = 1e100 makes w·x = 1e200, whose square is not.
      source: {
        kind: "csv",
        file: csv("x,y\n1e100,1\n2e100,2\n3e100,2\n"),
        fileName: "far.csv",
        x: "",
        y: "",
      },
    });
    const far = await lab.handle({ type: "run", id: 23, config: defaultRunConfig({ initialW: 1e100 }) });
    expect(far).toMatchObject({
      type: "error",
      code: "E_BAD_ARGUMENT",
      message: expect.stringMatching(
        /^the start w: 1e100 puts the starting loss beyond what float64 can hold on this data; expected a value within ±1e/,
      ),
    });
    expect((await run(lab, { initialW: 0 })).history.length).toBeGreaterThan(1);
  });
});
