/**
 * The argument specs that several schedule tables share. Keras gives these arguments the same name, bounds
 * and meaning in every schedule that has them; only the one-line help differs, where the schedule gives the
 * argument a more specific role.
 */
import type { BooleanParam, NumberParam } from "../params.js";

/** Keras `initial_learning_rate`: the rate at step 0, which the CLI's `--lr` sets. */
export const initialLearningRateParam: NumberParam = {
  key: "initialLearningRate",
  keras: "initial_learning_rate",
  flag: "lr",
  kind: "number",
  min: 0,
  description: "Rate at step 0",
};

/** Keras `decay_steps`: a positive number of steps, described as the schedule uses it. */
export function decayStepsParam(description: string): NumberParam {
  return {
    key: "decaySteps",
    keras: "decay_steps",
    flag: "decay-steps",
    kind: "number",
    min: 0,
    minExclusive: true,
    description,
  };
}

/** Keras `decay_rate`: a non-negative factor, described as the schedule applies it. */
export function decayRateParam(description: string): NumberParam {
  return {
    key: "decayRate",
    keras: "decay_rate",
    flag: "decay-rate",
    kind: "number",
    min: 0,
    description,
  };
}

/** Keras `staircase`: decay in whole periods of `decaySteps` instead of continuously. */
export const staircaseParam: BooleanParam = {
  key: "staircase",
  keras: "staircase",
  flag: "staircase",
  kind: "boolean",
  default: false,
  description: "Decay in whole periods (floor of step / decaySteps)",
};

/** Keras `alpha` of the cosine schedules: the floor of the decay as a fraction of a rate, in [0, 1]. */
export function alphaParam(description: string): NumberParam {
  return {
    key: "alpha",
    keras: "alpha",
    flag: "alpha",
    kind: "number",
    default: 0,
    min: 0,
    max: 1,
    description,
  };
}
