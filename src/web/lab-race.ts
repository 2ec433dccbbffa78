/**
 * The race, in the worker: several lanes on the same data from the same start, each an optimizer at a
 * rate, everything else (loss, batch size, steps, seed, schedule) as in the lesson. A lane whose rate is
 * 0 takes the lesson's rate for its place: too small, good, jumps around, jumps out (core/lesson.ts).
 */

import type { LessonRateName } from "../core/lesson/lesson.js";
import { lessonPlanFor } from "./lab-plan.js";
import { type Loaded, runLab } from "./lab-run.js";
import { argDefaults, optimizerArgSpecs } from "./lab-state.js";
import type { RaceLane, RaceResult, RunConfig } from "./protocol.js";
import type { RaceLaneSetting } from "./race-lanes.js";

/** Without the exact theory (MAE, Huber), lanes at 0 take these multiples of the lesson's rate. */
export const RATE_FACTORS_WITHOUT_THEORY = [0.1, 1, 3, 10] as const;

/**
 * The rates lanes at 0 take, by lane: the lesson's four from the core's one rule (for the lesson's data,
 * optimizer, start and steps: each shows the regime it is named after), else multiples of the lesson's rate.
 */
export function theoryRates(
  loaded: Loaded,
  config: RunConfig,
): { rates: number[]; names: (LessonRateName | null)[]; fromTheory: boolean } {
  const plan = lessonPlanFor(loaded, config, config.steps);
  if (plan && plan.rates.length > 0) {
    return {
      rates: plan.rates.map((rate) => rate.learningRate),
      names: plan.rates.map((rate) => rate.name),
      fromTheory: true,
    };
  }
  return {
    rates: RATE_FACTORS_WITHOUT_THEORY.map((factor) => Number((factor * config.learningRate).toPrecision(3))),
    names: RATE_FACTORS_WITHOUT_THEORY.map(() => null),
    fromTheory: false,
  };
}

/**
 * Runs every lane. A lane's optimizer keeps the lesson's arguments when it is the lesson's optimizer, and
 * Keras's defaults otherwise.
 */
export function raceLab(loaded: Loaded, config: RunConfig, lanes: readonly RaceLaneSetting[]): RaceResult {
  const auto = theoryRates(loaded, config);
  const results: RaceLane[] = lanes.map((lane, index) => {
    const fromTheory = !(lane.learningRate > 0);
    const learningRate = fromTheory ? (auto.rates[index % auto.rates.length] as number) : lane.learningRate;
    const laneConfig: RunConfig = {
      ...config,
      optimizer: lane.optimizer,
      optimizerArgs:
        lane.optimizer === config.optimizer
          ? config.optimizerArgs
          : argDefaults(optimizerArgSpecs(lane.optimizer)),
      learningRate,
    };
    const named = fromTheory && auto.fromTheory && lane.optimizer === config.optimizer;
    return {
      optimizer: lane.optimizer,
      learningRate,
      fromTheory,
      name: named ? (auto.names[index % auto.names.length] ?? null) : null,
      run: runLab(loaded, laneConfig, { slices: false }),
    };
  });
  return { dataVersion: loaded.version, lanes: results };
}
