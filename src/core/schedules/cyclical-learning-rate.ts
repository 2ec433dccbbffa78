/**
 * Cyclical learning rates, beyond Keras core: Smith, "Cyclical Learning Rates for Training Neural
 * Networks", WACV 2017 (arXiv:1506.01186), as implemented by TensorFlow Addons
 * `tfa.optimizers.CyclicalLearningRate` and its Triangular, Triangular2 and ExponentialCyclical subclasses
 * (tensorflow_addons/optimizers/cyclical_learning_rate.py). The mode names are the paper's.
 */
import type { ParamSpec } from "../params.js";
import { checkArguments, type NameOf } from "./arguments.js";
import { initialLearningRateParam } from "./common-params.js";
import type { Schedule } from "./schedule.js";

/** Smith's policies: a fixed triangle, a triangle halved every cycle, or one shrinking by gamma^step. */
export type CyclicalMode = "triangular" | "triangular2" | "exp_range";

export interface CyclicalLearningRateOptions {
  /** TF Addons `initial_learning_rate` (Smith's `base_lr`): the bottom of each cycle. */
  readonly initialLearningRate: number;
  /** TF Addons `maximal_learning_rate` (Smith's `max_lr`): the top of the first cycle. */
  readonly maximalLearningRate: number;
  /** TF Addons `step_size`: steps of half a cycle, from bottom to top. */
  readonly stepSize?: number;
  /** Smith's policy; see {@link CyclicalMode}. */
  readonly mode?: CyclicalMode;
  /** TF Addons `gamma` of `ExponentialCyclicalLearningRate`; only `exp_range` uses it. */
  readonly gamma?: number;
}

/** The arguments of {@link cyclicalLearningRate}; the CLI's `--lr` is `initialLearningRate`. */
export const cyclicalLearningRateParams: readonly ParamSpec[] = [
  { ...initialLearningRateParam, description: "Bottom of each cycle (Smith's base_lr)" },
  {
    key: "maximalLearningRate",
    keras: "maximal_learning_rate",
    flag: "max-lr",
    kind: "number",
    min: 0,
    description: "Top of the first cycle (Smith's max_lr)",
  },
  {
    // TF Addons has no default; 2000 is PyTorch CyclicLR's `step_size_up` default and that of the widely
    // copied Keras CyclicLR callback.
    key: "stepSize",
    keras: "step_size",
    flag: "step-size",
    kind: "number",
    default: 2000,
    min: 0,
    minExclusive: true,
    description: "Steps of half a cycle",
  },
  {
    key: "mode",
    keras: "mode",
    flag: "mode",
    kind: "choice",
    choices: ["triangular", "triangular2", "exp_range"],
    default: "triangular",
    description: "triangular, triangular2 (halve each cycle) or exp_range (gamma^step)",
  },
  {
    key: "gamma",
    keras: "gamma",
    flag: "gamma",
    kind: "number",
    default: 1,
    min: 0,
    max: 1,
    description: "exp_range only: amplitude factor per step",
  },
];

/**
 * Smith's cyclical learning rate: a triangle wave between `initialLearningRate` and
 * `maximalLearningRate` with half-period `stepSize`, its amplitude scaled per `mode`.
 */
export function cyclicalLearningRate(
  {
    initialLearningRate,
    maximalLearningRate,
    stepSize = 2000,
    mode = "triangular",
    gamma = 1,
    ...rest
  }: CyclicalLearningRateOptions,
  nameOf?: NameOf,
): Schedule {
  checkArguments(
    cyclicalLearningRateParams,
    { ...rest, initialLearningRate, maximalLearningRate, stepSize, mode, gamma },
    "cyclicalLearningRate",
    nameOf,
  );
  // TF Addons scale_fn with its scale_mode: 1 and 1/2^(cycle − 1) per cycle; gamma^step per iteration.
  const scale = (cycle: number, step: number): number =>
    mode === "triangular" ? 1 : mode === "triangular2" ? 1 / 2 ** (cycle - 1) : gamma ** step;
  return (step) => {
    // Smith: cycle = floor(1 + step / (2·step_size));  x = |step / step_size − 2·cycle + 1|
    const cycle = Math.floor(1 + step / (2 * stepSize));
    const x = Math.abs(step / stepSize - 2 * cycle + 1);
    // Smith: lr = base + (max − base) · max(0, 1 − x) · scale
    return (
      initialLearningRate +
      (maximalLearningRate - initialLearningRate) * Math.max(0, 1 - x) * scale(cycle, step)
    );
  };
}
