/**
 * The 1cycle policy, beyond Keras: Smith & Topin, "Super-Convergence" (arXiv:1708.07120), as implemented by
 * PyTorch `torch.optim.lr_scheduler.OneCycleLR` (torch/optim/lr_scheduler.py), whose phases, defaults and
 * annealing functions this follows exactly, with PyTorch's `last_epoch` read as our step.
 *
 * Only the learning-rate half: OneCycleLR also cycles momentum (or Adam's beta1) inversely between
 * `max_momentum` and `base_momentum`, but a `Schedule` is a rate only and our optimizers keep momentum in
 * their config, so momentum cycling is not part of this schedule.
 */

import { cos } from "../elementary.js";
import type { ParamSpec } from "../params.js";
import { checkArguments, type NameOf } from "./arguments.js";
import type { Schedule } from "./schedule.js";

export type AnnealStrategy = "cos" | "linear";

export interface OneCycleOptions {
  /** PyTorch `max_lr`: the peak rate. */
  readonly maxLearningRate: number;
  /** PyTorch `total_steps`: the number of updates in the cycle. */
  readonly totalSteps: number;
  /** PyTorch `pct_start`: the fraction of the cycle spent climbing to the peak. */
  readonly pctStart?: number;
  /** PyTorch `anneal_strategy`: cosine or linear interpolation within each phase. */
  readonly annealStrategy?: AnnealStrategy;
  /** PyTorch `div_factor`: the starting rate is `maxLearningRate / divFactor`. */
  readonly divFactor?: number;
  /** PyTorch `final_div_factor`: the final rate is the starting rate divided by this. */
  readonly finalDivFactor?: number;
  /** PyTorch `three_phase`: climb, descend symmetrically back to the start, then anneal to the final rate. */
  readonly threePhase?: boolean;
}

/** The arguments of {@link oneCycle}; the CLI's `--lr` is `maxLearningRate`. */
export const oneCycleParams: readonly ParamSpec[] = [
  {
    key: "maxLearningRate",
    keras: "max_lr",
    flag: "lr",
    kind: "number",
    min: 0,
    description: "Peak rate of the cycle",
  },
  {
    key: "totalSteps",
    keras: "total_steps",
    flag: "total-steps",
    kind: "integer",
    min: 1,
    description: "Updates in the cycle",
  },
  {
    key: "pctStart",
    keras: "pct_start",
    flag: "pct-start",
    kind: "number",
    default: 0.3,
    min: 0,
    max: 1,
    description: "Fraction of the cycle spent climbing to the peak",
  },
  {
    key: "annealStrategy",
    keras: "anneal_strategy",
    flag: "anneal-strategy",
    kind: "choice",
    choices: ["cos", "linear"],
    default: "cos",
    description: "Interpolation within each phase",
  },
  {
    key: "divFactor",
    keras: "div_factor",
    flag: "div-factor",
    kind: "number",
    default: 25,
    min: 0,
    minExclusive: true,
    description: "Starting rate = peak / divFactor",
  },
  {
    key: "finalDivFactor",
    keras: "final_div_factor",
    flag: "final-div-factor",
    kind: "number",
    default: 1e4,
    min: 0,
    minExclusive: true,
    description: "Final rate = starting rate / finalDivFactor",
  },
  {
    key: "threePhase",
    keras: "three_phase",
    flag: "three-phase",
    kind: "boolean",
    default: false,
    description: "Descend back to the start before the final anneal (the paper's version)",
  },
];

interface Phase {
  readonly endStep: number;
  readonly startRate: number;
  readonly endRate: number;
}

/**
 * PyTorch `OneCycleLR` (learning rate only): from `max/divFactor` up to `max` by step
 * `pctStart · totalSteps − 1`, then down to `max/divFactor/finalDivFactor` at step `totalSteps − 1`.
 *
 * Beyond the cycle the final rate holds: PyTorch raises after `total_steps` scheduler steps, and its value
 * at `total_steps` itself, never used for an update of the cycle, extrapolates the last phase (with
 * `linear`, possibly below zero). We clamp the step to `totalSteps − 1` instead.
 */
export function oneCycle(
  {
    maxLearningRate,
    totalSteps,
    pctStart = 0.3,
    annealStrategy = "cos",
    divFactor = 25,
    finalDivFactor = 1e4,
    threePhase = false,
    ...rest
  }: OneCycleOptions,
  nameOf?: NameOf,
): Schedule {
  checkArguments(
    oneCycleParams,
    { ...rest, maxLearningRate, totalSteps, pctStart, annealStrategy, divFactor, finalDivFactor, threePhase },
    "oneCycle",
    nameOf,
  );
  // PyTorch: initial_lr = max_lr / div_factor;  min_lr = initial_lr / final_div_factor
  const initialRate = maxLearningRate / divFactor;
  const minRate = initialRate / finalDivFactor;
  // PyTorch's phase end steps, floats and all (pct_start · total_steps − 1 need not be an integer).
  const phases: readonly Phase[] = threePhase
    ? [
        { endStep: pctStart * totalSteps - 1, startRate: initialRate, endRate: maxLearningRate },
        { endStep: 2 * pctStart * totalSteps - 2, startRate: maxLearningRate, endRate: initialRate },
        { endStep: totalSteps - 1, startRate: initialRate, endRate: minRate },
      ]
    : [
        { endStep: pctStart * totalSteps - 1, startRate: initialRate, endRate: maxLearningRate },
        { endStep: totalSteps - 1, startRate: maxLearningRate, endRate: minRate },
      ];
  // PyTorch _annealing_cos: end + (start − end)/2 · (cos(π·pct) + 1);  _annealing_linear: (end − start)·pct + start
  const anneal =
    annealStrategy === "cos"
      ? (start: number, end: number, pct: number) => end + ((start - end) / 2) * (cos(Math.PI * pct) + 1)
      : (start: number, end: number, pct: number) => (end - start) * pct + start;
  return (step) => {
    const clamped = Math.min(step, totalSteps - 1);
    // PyTorch get_lr: the first phase with step ≤ end_step (or the last phase);
    //                 pct = (step − start_step) / (end_step − start_step), start_step = previous end_step or 0
    let index = 0;
    let startStep = 0;
    while (index < phases.length - 1 && clamped > (phases[index] as Phase).endStep) {
      startStep = (phases[index] as Phase).endStep;
      index++;
    }
    const phase = phases[index] as Phase;
    const span = phase.endStep - startStep;
    // A phase of zero length (pct_start · total_steps = 1 puts step 0 on the first phase's end) is a
    // ZeroDivisionError in PyTorch; we give that step the phase's end rate, its limit as the span → 0.
    const pct = span === 0 ? 1 : (clamped - startStep) / span;
    return anneal(phase.startRate, phase.endRate, pct);
  };
}
