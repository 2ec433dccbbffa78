/**
 * The decay chapter's set-up, found by running it: mini-batches whose noise keeps a constant rate bouncing
 * around the minimum (the verdict's "noisy": the same rate gets there on the full batch), and a Keras
 * exponential decay that lets the same run settle (the verdict's "good").
 */
import type { Dataset } from "../data/data.js";
import type { LinearStats } from "../data/stats.js";
import { trainAndJudge } from "../judging/judged-run.js";
import type { Outcome } from "../judging/verdict.js";
import type { LinearMseTheory } from "../theory/theory.js";
import type { RunConfig } from "../training/run-config.js";

/** The decay rate the lesson's exponential decay uses over a whole run (the lab's default for it too). */
export const EXPONENTIAL_DECAY_RATE = 0.05;

/** The decay chapter's set-up: mini-batches whose noise a constant rate keeps, and a decay that settles it. */
export interface DecayFacts {
  readonly batchSize: number;
  readonly steps: number;
  readonly seed: number;
  readonly learningRate: number;
  /** What the constant rate does ("noisy"), and a Keras schedule that gets there. */
  readonly constantOutcome: Outcome;
  readonly schedule: {
    readonly name: "exponential";
    readonly args: { readonly decaySteps: number; readonly decayRate: number };
  };
  readonly decayedOutcome: Outcome;
}

/**
 * Mini-batches of a tenth of the data (at most Keras's default 32) at the good rate: noisy at a constant
 * rate, and an exponential decay over a fifth of the run settles it. The shortest budget that shows both;
 * else why not: no noise (a constant rate gets there anyway: a perfect line, where every batch agrees at
 * the best line) or no budget here that gets there at all.
 */
export function decayFacts(
  lesson: RunConfig,
  data: Dataset,
  stats: LinearStats,
  theory: LinearMseTheory,
  learningRate: number,
): DecayFacts | "no-noise" | "no-reaching-rates" {
  const n = data.x.length;
  const batchSize = Math.min(32, Math.max(1, Math.round(n / 10)));
  if (batchSize >= n) return "no-noise";
  let quiet = false;
  for (const steps of [100, 200, 400]) {
    // Over the whole run, as `lrlab fit` and the lab fill an unset decay_steps: the rate ends at 5% of its
    // start (the lab's decay_rate for exponential decay), so choosing the schedule is all the task asks.
    const schedule = {
      name: "exponential",
      args: { decaySteps: steps, decayRate: EXPONENTIAL_DECAY_RATE },
    } as const;
    const base: RunConfig = { ...lesson, learningRate, batchSize, steps, seed: lesson.seed };
    const constant = trainAndJudge(base, data, { stats, theory }).verdict.outcome;
    quiet ||= constant === "good";
    if (constant !== "noisy") continue;
    const decayed = trainAndJudge({ ...base, schedule }, data, { stats, theory }).verdict.outcome;
    if (decayed !== "good") continue;
    return {
      batchSize,
      steps,
      seed: lesson.seed,
      learningRate,
      constantOutcome: constant,
      schedule,
      decayedOutcome: decayed,
    };
  }
  return quiet ? "no-noise" : "no-reaching-rates";
}
