/**
 * The guide's plumbing in the page, on the worker's real answers: a chapter's set-up as settings, the
 * evidence a task is checked against, the status line, and the progress kept across reloads.
 */
import { describe, expect, it } from "vitest";
import type { ChapterFacts, GuideFacts } from "../core/index.js";
import { taskEvidence } from "./guide-evidence.js";
import { PROGRESS_KEY, readProgress, writeProgress } from "./guide-progress.js";
import { setupPatch } from "./guide-setup.js";
import { answer, lessonLab } from "./lab-fixture.js";
import { defaultState, type LabState } from "./lab-state.js";
import { runConfigOf } from "./protocol.js";
import type { Session } from "./store.js";
import { taskStatus } from "./views/guide-task.js";

async function guideOnLesson() {
  const { lab, info } = await lessonLab();
  const { result } = await answer(lab, { type: "guide", id: 2 });
  const chapter = (id: string) => result.facts.chapters.find((c) => c.id === id) as ChapterFacts;
  /** The run of these settings, as the session holds it once the worker answers. */
  const session = async (state: LabState): Promise<Session> => {
    const run = await answer(lab, { type: "run", id: 3, config: runConfigOf(state) });
    return { run: run.result, runPending: false, guesses: null, guessesPending: false } as unknown as Session;
  };
  return { facts: result.facts as GuideFacts, chapter, session, version: info.version };
}

describe("a chapter's set-up", () => {
  it("puts the lesson back (SGD, MSE, constant, full batch, the start) with the chapter's rate and steps", async () => {
    const { facts, chapter } = await guideOnLesson();
    const before: LabState = {
      ...defaultState(),
      optimizer: "adam",
      schedule: "cosine",
      batchSize: 8,
      initialW: 3,
      at: 40,
      loss: "huber",
    };
    const after = { ...before, ...setupPatch(chapter("too-small").setup, facts) };
    expect(after).toMatchObject({
      tab: "lesson",
      optimizer: "sgd",
      optimizerArgs: { momentum: 0, nesterov: false },
      loss: "mse",
      schedule: "constant",
      batchSize: 0,
      initialW: 0,
      initialB: 0,
      learningRate: 0.008,
      steps: 30,
      at: 0,
    });
  });

  it("shows the other tabs for guessing and the range test, and loads Cars for the chapter on units", async () => {
    const { facts, chapter } = await guideOnLesson();
    expect(setupPatch(chapter("guessing").setup, facts)).toMatchObject({
      tab: "guessing",
      guessTrials: 10_000,
      guessAt: 0,
      guessSpeed: 300,
    });
    expect(setupPatch(chapter("in-practice").setup, facts)).toMatchObject({ tab: "range-test", steps: 30 });
    expect(setupPatch(chapter("your-data").setup, facts)).toMatchObject({ data: "cars", learningRate: 0.24 });
    expect(setupPatch(chapter("decay").setup, facts)).toMatchObject({ batchSize: 10, steps: 100, seed: 0 });
  });
});

describe("a task's status on the worker's runs", () => {
  it("jumps out: waits for a prediction, then for the run to be watched; 2% below the bound is not done", async () => {
    const { facts, chapter, session, version } = await guideOnLesson();
    const jumpsOut = chapter("jumps-out");
    const lab = { ...defaultState(), ...setupPatch(jumpsOut.setup, facts) };
    const status = async (state: LabState, revealed: boolean, predicted: "jump-out" | null = "jump-out") =>
      taskStatus(jumpsOut, taskEvidence(state, await session(state), revealed, version), predicted);
    expect((await status(lab, true, null)).state).toBe("predict");
    expect((await status({ ...lab, learningRate: 0.31 }, false)).state).toBe("waiting");
    expect(await status({ ...lab, learningRate: 0.31, at: 3 }, true)).toEqual({
      state: "done",
      words: "Done ✓",
    });
    expect(await status({ ...lab, learningRate: 0.98 * 0.306903, at: 3 }, true)).toEqual({
      state: "not-yet",
      words: "Not yet: this run jumps around.",
    });
    expect((await status({ ...lab, learningRate: 0.34, at: 3 }, true)).words).toBe(
      "Not yet: this rate jumps out; is it the smallest that does?",
    );
  });

  it("ignores a run of other data: the evidence holds no run until the worker answers for the data on show", async () => {
    const { facts, chapter, session, version } = await guideOnLesson();
    const state = { ...defaultState(), ...setupPatch(chapter("jumps-out").setup, facts), learningRate: 0.31 };
    const stale = taskEvidence(state, await session(state), true, version + 1);
    expect(stale.run).toBeNull();
    expect(taskStatus(chapter("jumps-out"), stale, "jump-out").state).toBe("not-yet");
  });

  it("reads the best guess among those shown so far", async () => {
    const { lab, info } = await lessonLab();
    const { result } = await answer(lab, {
      type: "guesses",
      id: 4,
      config: runConfigOf(defaultState()),
      trials: 1000,
      seed: 0,
    });
    const session = {
      run: null,
      runPending: false,
      guesses: result,
      guessesPending: false,
    } as unknown as Session;
    const first = result.progress[0] as { evaluations: number; loss: number };
    const shown = (guessAt: number) =>
      taskEvidence({ ...defaultState(), guessAt }, session, false, info.version);
    expect(shown(0).bestGuessLoss).toBeNull();
    expect(shown(first.evaluations).bestGuessLoss).toBe(first.loss);
    expect(shown(1000).bestGuessLoss).toBe(result.best.loss);
  });
});

describe("progress across reloads", () => {
  it("keeps the chapters done in storage, and reads nothing from a storage that holds junk or refuses", () => {
    const memory = new Map<string, string>();
    const storage = {
      getItem: (key: string) => memory.get(key) ?? null,
      setItem: (key: string, value: string) => void memory.set(key, value),
    };
    expect(readProgress(storage)).toEqual(new Set());
    expect(writeProgress(storage, new Set([3, 1]))).toBe(true);
    expect(memory.get(PROGRESS_KEY)).toBe('{"done":[1,3]}');
    expect(readProgress(storage)).toEqual(new Set([1, 3]));
    memory.set(PROGRESS_KEY, '{"done":[0, 2, 12, "4", 2.5]}');
    expect(readProgress(storage)).toEqual(new Set([2]));
    memory.set(PROGRESS_KEY, "{not json");
    expect(readProgress(storage)).toEqual(new Set());
    const refusing = {
      getItem: () => {
        throw new Error("SecurityError");
      },
      setItem: () => {
        throw new Error("QuotaExceededError");
      },
    };
    expect(readProgress(refusing)).toEqual(new Set());
    expect(writeProgress(refusing, new Set([1]))).toBe(false);
    expect(readProgress(null)).toEqual(new Set());
  });
});
