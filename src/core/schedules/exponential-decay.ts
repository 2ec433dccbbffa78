/**
 * Keras `keras.optimizers.schedules.ExponentialDecay`
 * (keras/src/optimizers/schedules/learning_rate_schedule.py).
 */
import type { ParamSpec } from "../params.js";
import { checkArguments, type NameOf } from "./arguments.js";
import {
  decayRateParam,
  decayStepsParam,
  initialLearningRateParam,
  staircaseParam,
} from "./common-params.js";
import type { Schedule } from "./schedule.js";

export interface ExponentialDecayOptions {
  /** Keras `initial_learning_rate`: the rate at step 0. */
  readonly initialLearningRate: number;
  /** Keras `decay_steps`: the rate is multiplied by `decayRate` once every `decaySteps` steps. */
  readonly decaySteps: number;
  /** Keras `decay_rate`. */
  readonly decayRate: number;
  /** Keras `staircase`: decay in whole periods (integer division) instead of continuously. */
  readonly staircase?: boolean;
}

/** The arguments of {@link exponentialDecay}; the CLI's `--lr` is `initialLearningRate`. */
export const exponentialDecayParams: readonly ParamSpec[] = [
  initialLearningRateParam,
  decayStepsParam("Steps per decay period"),
  decayRateParam("Factor applied once per decay period"),
  staircaseParam,
];

/** Keras `ExponentialDecay`: the rate shrinks by `decayRate` every `decaySteps` steps. */
export function exponentialDecay(
  { initialLearningRate, decaySteps, decayRate, staircase = false, ...rest }: ExponentialDecayOptions,
  nameOf?: NameOf,
): Schedule {
  checkArguments(
    exponentialDecayParams,
    { ...rest, initialLearningRate, decaySteps, decayRate, staircase },
    "exponentialDecay",
    nameOf,
  );
  return (step) => {
    // Keras: lr = lr0 · decay_rate^p,  p = step / decay_steps  (p = floor(p) with staircase)
    const p = step / decaySteps;
    return initialLearningRate * decayRate ** (staircase ? Math.floor(p) : p);
  };
}
