/**
 * The guided lesson's facts, in the worker: the core's `guideFacts` for the data loaded, for the lesson's
 * own settings (Keras SGD from w = 0, b = 0, seed 0: what the chapters' set-ups put in the lab), whatever
 * the lab shows now. The guessing chapter asks only for what the lab can play (at most MAX_GUESSES).
 */
import { DEFAULT_RUN_CONFIG, guideFacts } from "../core/index.js";
import { MAX_GUESSES } from "./lab-defaults.js";
import type { Loaded } from "./lab-run.js";
import type { GuideResult } from "./protocol.js";

export function guideLab(loaded: Loaded): GuideResult {
  return {
    dataVersion: loaded.version,
    facts: guideFacts(loaded.data, DEFAULT_RUN_CONFIG, {
      stats: loaded.stats,
      theory: loaded.theory,
      maxGuesses: MAX_GUESSES,
    }),
  };
}
