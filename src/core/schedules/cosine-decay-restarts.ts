/**
 * Keras `keras.optimizers.schedules.CosineDecayRestarts`
 * (keras/src/optimizers/schedules/learning_rate_schedule.py); SGDR, Loshchilov & Hutter (arXiv:1608.03983).
 */

import { cos } from "../elementary.js";
import type { ParamSpec } from "../params.js";
import { checkArguments, type NameOf } from "./arguments.js";
import { alphaParam, initialLearningRateParam } from "./common-params.js";
import type { Schedule } from "./schedule.js";

export interface CosineDecayRestartsOptions {
  /** Keras `initial_learning_rate`: the rate at step 0 and the peak of the first period. */
  readonly initialLearningRate: number;
  /** Keras `first_decay_steps`: length of the first period. */
  readonly firstDecaySteps: number;
  /** Keras `t_mul`: each period is `tMul` times longer than the one before. */
  readonly tMul?: number;
  /** Keras `m_mul`: each period starts `mMul` times lower than the one before. */
  readonly mMul?: number;
  /** Keras `alpha`: the floor of every period as a fraction of `initialLearningRate` (not scaled by mMul). */
  readonly alpha?: number;
}

/** The arguments of {@link cosineDecayRestarts}; the CLI's `--lr` is `initialLearningRate`. */
export const cosineDecayRestartsParams: readonly ParamSpec[] = [
  initialLearningRateParam,
  {
    key: "firstDecaySteps",
    keras: "first_decay_steps",
    flag: "first-decay-steps",
    kind: "number",
    min: 0,
    minExclusive: true,
    description: "Length of the first period",
  },
  {
    // Keras accepts t_mul < 1, but then the periods sum to first_decay_steps / (1 − t_mul) and every
    // later step takes the log of a negative number (NaN); we require t_mul ≥ 1.
    key: "tMul",
    keras: "t_mul",
    flag: "t-mul",
    kind: "number",
    default: 2.0,
    min: 1,
    description: "Each period is this many times longer than the last",
  },
  {
    key: "mMul",
    keras: "m_mul",
    flag: "m-mul",
    kind: "number",
    default: 1.0,
    min: 0,
    description: "Each period starts this many times lower than the last",
  },
  alphaParam("Minimum rate as a fraction of the initial rate"),
];

/**
 * Keras `CosineDecayRestarts` (SGDR): a cosine decay over `firstDecaySteps`, then a warm restart into a
 * period `tMul` times longer starting `mMul` times lower, and so on.
 */
export function cosineDecayRestarts(
  {
    initialLearningRate,
    firstDecaySteps,
    tMul = 2.0,
    mMul = 1.0,
    alpha = 0,
    ...rest
  }: CosineDecayRestartsOptions,
  nameOf?: NameOf,
): Schedule {
  checkArguments(
    cosineDecayRestartsParams,
    { ...rest, initialLearningRate, firstDecaySteps, tMul, mMul, alpha },
    "cosineDecayRestarts",
    nameOf,
  );
  // Periods before restart i, in units of first_decay_steps: Σ_{j<i} t_mul^j = (1 − t_mul^i) / (1 − t_mul).
  const periodsBefore = (restart: number): number => (1 - tMul ** restart) / (1 - tMul);
  return (step) => {
    const fraction = step / firstDecaySteps;
    let restart: number;
    let progress: number;
    if (tMul === 1) {
      // Keras: i = floor(f);  f = f − i
      restart = Math.floor(fraction);
      progress = fraction - restart;
    } else {
      // Keras: i = floor(log(1 − f · (1 − t_mul)) / log(t_mul));  f = (f − (1 − t_mul^i) / (1 − t_mul)) / t_mul^i
      restart = Math.floor(Math.log(1 - fraction * (1 - tMul)) / Math.log(tMul));
      // The log ratio can land a hair below an integer exactly at a restart step (log(1.5^k) / log(1.5)),
      // which would put that step at the bottom of the old period instead of the top of the new one.
      // These two lines make i the exact floor that Keras's formula means.
      while (periodsBefore(restart + 1) <= fraction) restart++;
      while (restart > 0 && periodsBefore(restart) > fraction) restart--;
      progress = (fraction - periodsBefore(restart)) / tMul ** restart;
    }
    // Keras: lr = lr0 · ((1 − α) · ½ · m_mul^i · (1 + cos(π · f)) + α)
    return (
      initialLearningRate * ((1 - alpha) * 0.5 * mMul ** restart * (1 + cos(Math.PI * progress)) + alpha)
    );
  };
}
