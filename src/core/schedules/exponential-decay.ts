/**
 * Keras `keras.optimizers.schedules.ExponentialDecay`
 * (keras/src/optimizers/schedules/learning_rate_schedule.py).
 */
import type { ParamSpec } from "../params.js";
import { checkArguments, type NameOf } from "./arguments.js";
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
  {
    key: "initialLearningRate",
    keras: "initial_learning_rate",
    flag: "lr",
    kind: "number",
    min: 0,
    description: "Rate at step 0",
  },
  {
    key: "decaySteps",
    keras: "decay_steps",
    flag: "decay-steps",
    kind: "number",
    min: 0,
    minExclusive: true,
    description: "Steps per decay period",
  },
  {
    key: "decayRate",
    keras: "decay_rate",
    flag: "decay-rate",
    kind: "number",
    min: 0,
    description: "Factor applied once per decay period",
  },
  {
    key: "staircase",
    keras: "staircase",
    flag: "staircase",
    kind: "boolean",
    default: false,
    description: "Decay in whole periods (floor of step / decaySteps)",
  },
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
