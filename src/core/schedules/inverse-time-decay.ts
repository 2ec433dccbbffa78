/**
 * Keras `keras.optimizers.schedules.InverseTimeDecay`
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

export interface InverseTimeDecayOptions {
  /** Keras `initial_learning_rate`: the rate at step 0. */
  readonly initialLearningRate: number;
  /** Keras `decay_steps`: the time unit of the decay. */
  readonly decaySteps: number;
  /** Keras `decay_rate`: how fast 1/t decays per `decaySteps`. */
  readonly decayRate: number;
  /** Keras `staircase`: count whole periods (floor of step / decaySteps). */
  readonly staircase?: boolean;
}

/** The arguments of {@link inverseTimeDecay}; the CLI's `--lr` is `initialLearningRate`. */
export const inverseTimeDecayParams: readonly ParamSpec[] = [
  initialLearningRateParam,
  decayStepsParam("Steps per unit of time in the decay"),
  decayRateParam("Decay rate of 1/t per decay period"),
  staircaseParam,
];

/** Keras `InverseTimeDecay`: the rate falls like 1/t. */
export function inverseTimeDecay(
  { initialLearningRate, decaySteps, decayRate, staircase = false, ...rest }: InverseTimeDecayOptions,
  nameOf?: NameOf,
): Schedule {
  checkArguments(
    inverseTimeDecayParams,
    { ...rest, initialLearningRate, decaySteps, decayRate, staircase },
    "inverseTimeDecay",
    nameOf,
  );
  return (step) => {
    // Keras: lr = lr0 / (1 + decay_rate · p),  p = step / decay_steps  (p = floor(p) with staircase)
    const p = step / decaySteps;
    return initialLearningRate / (1 + decayRate * (staircase ? Math.floor(p) : p));
  };
}
