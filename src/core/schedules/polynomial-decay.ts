/**
 * Keras `keras.optimizers.schedules.PolynomialDecay`
 * (keras/src/optimizers/schedules/learning_rate_schedule.py).
 */
import type { ParamSpec } from "../params.js";
import { checkArguments, type NameOf } from "./arguments.js";
import { decayStepsParam, initialLearningRateParam } from "./common-params.js";
import type { Schedule } from "./schedule.js";

export interface PolynomialDecayOptions {
  /** Keras `initial_learning_rate`: the rate at step 0. */
  readonly initialLearningRate: number;
  /** Keras `decay_steps`: steps to go from the initial to the end rate. */
  readonly decaySteps: number;
  /** Keras `end_learning_rate`: the rate reached at `decaySteps`. */
  readonly endLearningRate?: number;
  /** Keras `power`: 1 is linear, 0.5 a square root. */
  readonly power?: number;
  /** Keras `cycle`: after `decaySteps`, decay again over the next multiple of `decaySteps`. */
  readonly cycle?: boolean;
}

/** The arguments of {@link polynomialDecay}; the CLI's `--lr` is `initialLearningRate`. */
export const polynomialDecayParams: readonly ParamSpec[] = [
  initialLearningRateParam,
  decayStepsParam("Steps to reach the end rate"),
  {
    key: "endLearningRate",
    keras: "end_learning_rate",
    flag: "end-learning-rate",
    kind: "number",
    default: 0.0001,
    min: 0,
    description: "Rate reached at decaySteps",
  },
  {
    key: "power",
    keras: "power",
    flag: "power",
    kind: "number",
    default: 1.0,
    min: 0,
    description: "Power of the polynomial (1 is linear)",
  },
  {
    key: "cycle",
    keras: "cycle",
    flag: "cycle",
    kind: "boolean",
    default: false,
    description: "Restart the decay over the next multiple of decaySteps",
  },
];

/** Keras `PolynomialDecay`: from the initial to the end rate along `(1 − step/decaySteps)^power`. */
export function polynomialDecay(
  {
    initialLearningRate,
    decaySteps,
    endLearningRate = 0.0001,
    power = 1.0,
    cycle = false,
    ...rest
  }: PolynomialDecayOptions,
  nameOf?: NameOf,
): Schedule {
  checkArguments(
    polynomialDecayParams,
    { ...rest, initialLearningRate, decaySteps, endLearningRate, power, cycle },
    "polynomialDecay",
    nameOf,
  );
  return (step) => {
    // Keras cycle:  D = decay_steps · ceil(step / decay_steps), with the multiplier 1 at step 0
    // Keras else:   D = decay_steps, step = min(step, decay_steps)
    const period = cycle ? decaySteps * (step === 0 ? 1 : Math.ceil(step / decaySteps)) : decaySteps;
    const clamped = cycle ? step : Math.min(step, decaySteps);
    // Keras: lr = (lr0 − end) · (1 − step / D)^power + end
    return (initialLearningRate - endLearningRate) * (1 - clamped / period) ** power + endLearningRate;
  };
}
