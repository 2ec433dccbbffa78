/**
 * Keras 3 `SGD`: gradient descent, optionally with (Nesterov) momentum.
 *
 * Keras and PyTorch put the learning rate in different places, which only shows when the rate changes
 * between updates (a schedule). Keras keeps it inside the velocity, so each gradient is scaled by the rate
 * of the update it arrived in:
 *   Keras:   v = m·v − lr·g;  w = w + v
 *   PyTorch: v = m·v + g;     w = w − lr·v   (every past gradient is rescaled by today's rate)
 * With a constant rate the two trajectories are the same; with a schedule they differ. We follow Keras.
 */
import type { ParamSpec } from "../params.js";
import { resolveParams } from "../params.js";
import { learningRateParam } from "./common-params.js";
import type { Optimizer, OptimizerState } from "./optimizer.js";
import { checkSizes, filledSlot, slotOf } from "./slots.js";

/** The arguments of Keras's `SGD`, camelCase. */
export interface SgdConfig {
  readonly learningRate: number;
  readonly momentum: number;
  readonly nesterov: boolean;
}

/** What `sgd()` accepts: any subset of {@link SgdConfig}; the rest take Keras's defaults. */
export type SgdArgs = Partial<SgdConfig>;

/** The arguments of `sgd`: one line each drives validation, CLI flags and help. */
export const sgdParams: readonly ParamSpec[] = [
  learningRateParam(0.01),
  {
    key: "momentum",
    keras: "momentum",
    flag: "momentum",
    kind: "number",
    description: "velocity decay; 0 is plain gradient descent",
    default: 0,
    min: 0,
    max: 1,
  },
  {
    key: "nesterov",
    keras: "nesterov",
    flag: "nesterov",
    kind: "boolean",
    description: "use Nesterov momentum (ignored when momentum is 0, as in Keras)",
    default: false,
  },
];

/**
 * Keras's `SGD`. Like Keras, it keeps a `velocity` slot (Keras calls the variable `momentum`) only when
 * `momentum > 0`; with `momentum = 0` the state has no slots and `nesterov` has no effect.
 */
export function sgd({
  learningRate = 0.01,
  momentum = 0.0,
  nesterov = false,
  ...rest
}: SgdArgs = {}): Optimizer<SgdConfig> {
  resolveParams(sgdParams, { learningRate, momentum, nesterov, ...rest }, "sgd");
  const config: SgdConfig = Object.freeze({ learningRate, momentum, nesterov });
  return {
    name: "sgd",
    config,
    init(size: number): OptimizerState {
      return { iterations: 0, slots: momentum > 0 ? { velocity: filledSlot(size) } : {} };
    },
    apply(params: Float64Array, grad: Float64Array, state: OptimizerState, lr: number): void {
      const size = checkSizes(params, grad, "sgd");
      if (momentum > 0) {
        const velocity = slotOf(state, "velocity", size, "sgd");
        for (let i = 0; i < size; i++) {
          const g = grad[i] as number;
          // Keras SGD(momentum=m): v = m·v − lr·g
          const v = (velocity[i] as number) * momentum - g * lr;
          velocity[i] = v;
          params[i] = nesterov
            ? // Keras SGD(nesterov=True): w = w + m·v − lr·g  (with the v just updated)
              (params[i] as number) + (v * momentum - g * lr)
            : // Keras SGD(momentum=m): w = w + v
              (params[i] as number) + v;
        }
      } else {
        for (let i = 0; i < size; i++) {
          // Keras SGD(momentum=0): w = w − lr·g
          params[i] = (params[i] as number) - (grad[i] as number) * lr;
        }
      }
      state.iterations += 1;
    },
  };
}
