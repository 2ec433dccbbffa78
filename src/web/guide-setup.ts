/**
 * A chapter's one-click set-up as a change of the lab's settings: the core says what the chapter needs
 * (core guide.ts `ChapterSetup`); this puts it in the lab's terms. Every set-up starts from the guide's
 * lesson (Keras SGD at its defaults, MSE, a constant rate, full batches, the lesson's start, the step on
 * show back at 0), so a chapter opened after any experiment shows what its text says.
 */
import type { ChapterSetup, GuideFacts } from "../core/index.js";
import { argDefaults, type LabState, optimizerArgSpecs, scheduleArgSpecs } from "./lab-state.js";

/** Real data in units of their own, for the chapter on units: horsepower in the hundreds (guide-words says "Cars"). */
export const REAL_DATA = "cars";

/** Guesses a second for the guessing chapter: a thousand guesses in a few seconds. */
export const GUIDE_GUESS_SPEED = 300;

export function setupPatch(setup: ChapterSetup, facts: GuideFacts): Partial<LabState> {
  const patch: Partial<LabState> = {
    tab: setup.view,
    optimizer: "sgd",
    optimizerArgs: argDefaults(optimizerArgSpecs("sgd")),
    loss: "mse",
    schedule: "constant",
    scheduleArgs: argDefaults(scheduleArgSpecs("constant")),
    batchSize: setup.batchSize ?? 0,
    initialW: facts.start.w,
    initialB: facts.start.b,
    at: 0,
  };
  if (setup.learningRate !== undefined) Object.assign(patch, { learningRate: setup.learningRate });
  if (setup.steps !== undefined) Object.assign(patch, { steps: setup.steps });
  if (setup.seed !== undefined) Object.assign(patch, { seed: setup.seed });
  if (setup.guesses !== undefined) {
    Object.assign(patch, { guessTrials: setup.guesses, guessAt: 0, guessSpeed: GUIDE_GUESS_SPEED });
  }
  if (setup.realData) Object.assign(patch, { data: REAL_DATA, x: "", y: "" });
  return patch;
}
