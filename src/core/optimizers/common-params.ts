/**
 * The argument specs that several optimizer tables share. Keras gives `learning_rate` and `epsilon` the
 * same name and bounds in every optimizer; each table still states its own default (and, for epsilon,
 * where the optimizer adds it), so the table reads next to the signature it must agree with.
 */
import type { NumberParam } from "../params.js";

/** Keras `learning_rate`, which the CLI's `--lr` sets: a non-negative step size. */
export function learningRateParam(defaultRate: number): NumberParam {
  return {
    key: "learningRate",
    keras: "learning_rate",
    flag: "lr",
    kind: "number",
    description: "step size (the default rate when no schedule is given)",
    default: defaultRate,
    min: 0,
  };
}

/** Keras `epsilon`: a positive constant for numerical stability, described by where the update adds it. */
export function epsilonParam(defaultEpsilon: number, description: string): NumberParam {
  return {
    key: "epsilon",
    keras: "epsilon",
    flag: "epsilon",
    kind: "number",
    description,
    default: defaultEpsilon,
    min: 0,
    minExclusive: true,
  };
}
