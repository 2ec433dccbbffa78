/**
 * Step decay, beyond Keras: PyTorch `torch.optim.lr_scheduler.StepLR` (torch/optim/lr_scheduler.py, its
 * closed form `base_lr · gamma ** (last_epoch // step_size)`), with PyTorch's `last_epoch` read as our step.
 * Keras can express the same thing as `ExponentialDecay(lr0, step_size, gamma, staircase=True)`.
 */
import type { ParamSpec } from "../params.js";
import { checkArguments, type NameOf } from "./arguments.js";
import { initialLearningRateParam } from "./common-params.js";
import type { Schedule } from "./schedule.js";

export interface StepDecayOptions {
  /** PyTorch's `lr` of the optimizer (`base_lr`): the rate at step 0. */
  readonly initialLearningRate: number;
  /** PyTorch `step_size`: steps between two decays. */
  readonly stepSize: number;
  /** PyTorch `gamma`: the factor applied at each decay. */
  readonly gamma?: number;
}

/** The arguments of {@link stepDecay}; the CLI's `--lr` is `initialLearningRate`. */
export const stepDecayParams: readonly ParamSpec[] = [
  // PyTorch's name for it is the optimizer's `lr`.
  { ...initialLearningRateParam, keras: "lr" },
  {
    key: "stepSize",
    keras: "step_size",
    flag: "step-size",
    kind: "integer",
    min: 1,
    description: "Steps between two decays",
  },
  {
    key: "gamma",
    keras: "gamma",
    flag: "gamma",
    kind: "number",
    default: 0.1,
    min: 0,
    description: "Factor applied at each decay",
  },
];

/** PyTorch `StepLR`: the rate is multiplied by `gamma` every `stepSize` steps. */
export function stepDecay(
  { initialLearningRate, stepSize, gamma = 0.1, ...rest }: StepDecayOptions,
  nameOf?: NameOf,
): Schedule {
  checkArguments(stepDecayParams, { ...rest, initialLearningRate, stepSize, gamma }, "stepDecay", nameOf);
  // PyTorch StepLR: lr = lr0 · gamma^floor(step / step_size)
  return (step) => initialLearningRate * gamma ** Math.floor(step / stepSize);
}
