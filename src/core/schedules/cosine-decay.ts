/**
 * Keras 3 `keras.optimizers.schedules.CosineDecay`, with its optional linear warmup
 * (keras/src/optimizers/schedules/learning_rate_schedule.py). Cosine decay: Loshchilov & Hutter, SGDR
 * (arXiv:1608.03983); linear warmup: Goyal et al. (arXiv:1706.02677).
 */

import { cos } from "../elementary.js";
import type { ParamSpec } from "../params.js";
import { checkArguments, type NameOf } from "./arguments.js";
import { alphaParam, decayStepsParam, initialLearningRateParam } from "./common-params.js";
import type { Schedule } from "./schedule.js";

export interface CosineDecayOptions {
  /** Keras `initial_learning_rate`: the rate at step 0 (where warmup starts, if any). */
  readonly initialLearningRate: number;
  /** Keras `decay_steps`: steps of the cosine decay (after warmup). */
  readonly decaySteps: number;
  /** Keras `alpha`: the final rate as a fraction of the rate the decay starts from. */
  readonly alpha?: number;
  /** Keras `warmup_target`: the rate warmup climbs to. Absent (Keras `None`): no warmup at all. */
  readonly warmupTarget?: number;
  /** Keras `warmup_steps`: steps of linear warmup; ignored without `warmupTarget`, as in Keras. */
  readonly warmupSteps?: number;
}

/**
 * The arguments of {@link cosineDecay}; the CLI's `--lr` is `initialLearningRate`. `warmupTarget` has
 * no default but is optional (see {@link cosineDecayOptional}).
 */
export const cosineDecayParams: readonly ParamSpec[] = [
  initialLearningRateParam,
  decayStepsParam("Steps of cosine decay after warmup"),
  alphaParam("Final rate as a fraction of the decay's starting rate"),
  {
    key: "warmupTarget",
    keras: "warmup_target",
    flag: "warmup-target",
    kind: "number",
    min: 0,
    description: "Rate reached by linear warmup (optional; omit for no warmup)",
  },
  {
    key: "warmupSteps",
    keras: "warmup_steps",
    flag: "warmup-steps",
    kind: "number",
    default: 0,
    min: 0,
    description: "Steps of linear warmup (needs warmupTarget)",
  },
];

/** Arguments of {@link cosineDecay} that have no default and may still be omitted. */
export const cosineDecayOptional: readonly string[] = ["warmupTarget"];

/**
 * Keras 3 `CosineDecay`: half a cosine from the starting rate down to `alpha` times it, then constant.
 * With `warmupTarget`, a linear climb from `initialLearningRate` to `warmupTarget` over `warmupSteps`
 * comes first and the decay starts from `warmupTarget`.
 */
export function cosineDecay(
  { initialLearningRate, decaySteps, alpha = 0, warmupTarget, warmupSteps = 0, ...rest }: CosineDecayOptions,
  nameOf?: NameOf,
): Schedule {
  checkArguments(
    cosineDecayParams,
    { ...rest, initialLearningRate, decaySteps, alpha, warmupTarget, warmupSteps },
    "cosineDecay",
    nameOf,
    cosineDecayOptional,
  );
  // Keras: decayed(s, from) = from · ((1 − α) · ½(1 + cos(π · s / decay_steps)) + α)
  const decayed = (step: number, from: number): number =>
    from * ((1 - alpha) * 0.5 * (1 + cos((Math.PI * step) / decaySteps)) + alpha);
  if (warmupTarget === undefined) {
    // Keras (warmup_target=None): lr = decayed(min(step, decay_steps), lr0)
    return (step) => decayed(Math.min(step, decaySteps), initialLearningRate);
  }
  return (step) => {
    // Keras: s = min(step, warmup_steps + decay_steps);
    //        lr = s < warmup_steps ? lr0 + (target − lr0) · s / warmup_steps : decayed(s − warmup_steps, target)
    const clamped = Math.min(step, warmupSteps + decaySteps);
    return clamped < warmupSteps
      ? initialLearningRate + (warmupTarget - initialLearningRate) * (clamped / warmupSteps)
      : decayed(clamped - warmupSteps, warmupTarget);
  };
}
