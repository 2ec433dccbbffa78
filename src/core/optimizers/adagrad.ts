/**
 * Keras 3 `Adagrad`: divide each step by the root of the sum of all past squared gradients.
 *
 * Keras differs from PyTorch's `Adagrad` twice: the accumulator starts at 0.1, not 0, and epsilon sits
 * INSIDE the square root, `lr·g / √(accumulator + ε)`, where PyTorch has `lr·g / (√accumulator + ε)`.
 * We follow Keras.
 */
import type { ParamSpec } from "../params.js";
import { resolveParams } from "../params.js";
import { epsilonParam, learningRateParam } from "./common-params.js";
import type { Optimizer, OptimizerState } from "./optimizer.js";
import { checkSizes, filledSlot, slotOf } from "./slots.js";

/** The arguments of Keras's `Adagrad`, camelCase. */
export interface AdagradConfig {
  readonly learningRate: number;
  readonly initialAccumulatorValue: number;
  readonly epsilon: number;
}

/** What `adagrad()` accepts: any subset of {@link AdagradConfig}; the rest take Keras's defaults. */
export type AdagradArgs = Partial<AdagradConfig>;

/** The arguments of `adagrad`: one line each drives validation, CLI flags and help. */
export const adagradParams: readonly ParamSpec[] = [
  learningRateParam(0.001),
  {
    key: "initialAccumulatorValue",
    keras: "initial_accumulator_value",
    flag: "initial-accumulator",
    kind: "number",
    description: "starting value of the sum of squared gradients",
    default: 0.1,
    min: 0,
  },
  epsilonParam(1e-7, "added to the accumulator inside the square root"),
];

/** Keras's `Adagrad`. One slot, `accumulator`, starting at `initialAccumulatorValue`. */
export function adagrad({
  learningRate = 0.001,
  initialAccumulatorValue = 0.1,
  epsilon = 1e-7,
  ...rest
}: AdagradArgs = {}): Optimizer<AdagradConfig> {
  resolveParams(adagradParams, { learningRate, initialAccumulatorValue, epsilon, ...rest }, "adagrad");
  const config: AdagradConfig = Object.freeze({ learningRate, initialAccumulatorValue, epsilon });
  return {
    name: "adagrad",
    config,
    init(size: number): OptimizerState {
      return { iterations: 0, slots: { accumulator: filledSlot(size, initialAccumulatorValue) } };
    },
    apply(params: Float64Array, grad: Float64Array, state: OptimizerState, lr: number): void {
      const size = checkSizes(params, grad, "adagrad");
      const accumulator = slotOf(state, "accumulator", size, "adagrad");
      for (let i = 0; i < size; i++) {
        const g = grad[i] as number;
        // Keras Adagrad: accumulator = accumulator + g²
        const sum = (accumulator[i] as number) + g * g;
        accumulator[i] = sum;
        // Keras Adagrad: w = w − lr·g / √(accumulator + ε)  (ε inside the square root, unlike PyTorch)
        params[i] = (params[i] as number) - (lr * g) / Math.sqrt(sum + epsilon);
      }
      state.iterations += 1;
    },
  };
}
