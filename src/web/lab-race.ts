/**
 * The race, in the worker: several lanes on the same data from the same start, each an optimizer at a
 * rate, everything else (loss, batch size, steps, seed, schedule) as in the lesson. A lane whose rate is
 * 0 takes the theory's rate for its place: too small, good, oscillating, diverging.
 */

import { lessonRates } from "../core/theory.js";
import { type Loaded, runLab } from "./lab-run.js";
import { argDefaults, optimizerArgSpecs } from "./lab-state.js";
import type { RaceLane, RaceResult, RunConfig } from "./protocol.js";
import type { RaceLaneSetting } from "./race-lanes.js";

/** The lesson's names for the theory's four rates, in lane order. */
export const LESSON_RATE_NAMES = ["too small", "good", "oscillating", "diverging"] as const;

/** Without the exact theory (MAE, Huber), lanes at 0 take these multiples of the lesson's rate. */
export const RATE_FACTORS_WITHOUT_THEORY = [0.1, 1, 3, 10] as const;

/** Whether the exact theory speaks of this lane's rate alone: plain SGD, full batch, constant rate, MSE. */
function plainGradientDescent(config: RunConfig): boolean {
  return (
    config.loss === "mse" &&
    config.optimizer === "sgd" &&
    config.optimizerArgs.momentum === 0 &&
    config.schedule === "constant" &&
    config.batchSize === 0
  );
}

/** The rates lanes at 0 take, by lane: the theory's for MSE, else multiples of the lesson's rate. */
export function theoryRates(loaded: Loaded, config: RunConfig): { rates: number[]; fromTheory: boolean } {
  const { theory } = loaded;
  const usable =
    config.loss === "mse" &&
    Number.isFinite(theory.criticalLearningRate) &&
    theory.criticalLearningRate > 0 &&
    !loaded.stats.degenerate;
  if (usable) return { rates: lessonRates(theory), fromTheory: true };
  return {
    rates: RATE_FACTORS_WITHOUT_THEORY.map((factor) => Number((factor * config.learningRate).toPrecision(3))),
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
    const named = fromTheory && auto.fromTheory && plainGradientDescent(laneConfig);
    return {
      optimizer: lane.optimizer,
      learningRate,
      fromTheory,
      name: named ? (LESSON_RATE_NAMES[index] ?? null) : null,
      run: runLab(loaded, laneConfig, { slices: false }),
    };
  });
  return { dataVersion: loaded.version, lanes: results };
}
