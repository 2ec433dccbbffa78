/**
 * Keras 3 `RMSprop`: divide the gradient by a running root mean square of recent gradients.
 *
 * Keras puts epsilon INSIDE the square root, `lr·g / √(velocity + ε)`; PyTorch's `RMSprop` adds it outside,
 * `lr·g / (√v + ε)`. Same `ε`, different numbers while `velocity` is small. We follow Keras.
 */
import type { ParamSpec } from "../params.js";
import { resolveParams } from "../params.js";
import { epsilonParam, learningRateParam } from "./common-params.js";
import type { Optimizer, OptimizerState } from "./optimizer.js";
import { checkSizes, filledSlot, slotOf } from "./slots.js";

/** The arguments of Keras's `RMSprop`, camelCase. */
export interface RmspropConfig {
  readonly learningRate: number;
  readonly rho: number;
  readonly momentum: number;
  readonly epsilon: number;
  readonly centered: boolean;
}

/** What `rmsprop()` accepts: any subset of {@link RmspropConfig}; the rest take Keras's defaults. */
export type RmspropArgs = Partial<RmspropConfig>;

/** The arguments of `rmsprop`: one line each drives validation, CLI flags and help. */
export const rmspropParams: readonly ParamSpec[] = [
  learningRateParam(0.001),
  {
    key: "rho",
    keras: "rho",
    flag: "rho",
    kind: "number",
    description: "decay of the running mean of squared gradients",
    default: 0.9,
    min: 0,
    max: 1,
    maxExclusive: true,
  },
  {
    key: "momentum",
    keras: "momentum",
    flag: "momentum",
    kind: "number",
    description: "decay of the momentum of the increments; 0 for none",
    default: 0,
    min: 0,
    max: 1,
  },
  epsilonParam(1e-7, "added to the mean square inside the square root"),
  {
    key: "centered",
    keras: "centered",
    flag: "centered",
    kind: "boolean",
    description: "divide by the estimated variance instead of the mean square",
    default: false,
  },
];

/**
 * Keras's `RMSprop`. Slots, as Keras builds them: `velocity` always, `momentum` only when `momentum > 0`,
 * `averageGradient` only when `centered`.
 */
export function rmsprop({
  learningRate = 0.001,
  rho = 0.9,
  momentum = 0.0,
  epsilon = 1e-7,
  centered = false,
  ...rest
}: RmspropArgs = {}): Optimizer<RmspropConfig> {
  resolveParams(rmspropParams, { learningRate, rho, momentum, epsilon, centered, ...rest }, "rmsprop");
  const config: RmspropConfig = Object.freeze({ learningRate, rho, momentum, epsilon, centered });
  return {
    name: "rmsprop",
    config,
    init(size: number): OptimizerState {
      const slots: Record<string, Float64Array> = { velocity: filledSlot(size) };
      if (momentum > 0) slots.momentum = filledSlot(size);
      if (centered) slots.averageGradient = filledSlot(size);
      return { iterations: 0, slots };
    },
    apply(params: Float64Array, grad: Float64Array, state: OptimizerState, lr: number): void {
      const size = checkSizes(params, grad, "rmsprop");
      const velocity = slotOf(state, "velocity", size, "rmsprop");
      // Unused when absent from the config: reuse `velocity` as a placeholder rather than allocate.
      const momentumSlot = momentum > 0 ? slotOf(state, "momentum", size, "rmsprop") : velocity;
      const averageGradient = centered ? slotOf(state, "averageGradient", size, "rmsprop") : velocity;
      for (let i = 0; i < size; i++) {
        const g = grad[i] as number;
        // Keras RMSprop: velocity = ρ·velocity + (1 − ρ)·g²
        const v = rho * (velocity[i] as number) + (1 - rho) * (g * g);
        velocity[i] = v;
        let denominator: number;
        if (centered) {
          // Keras RMSprop(centered=True): average_grad = ρ·average_grad + (1 − ρ)·g;  denominator = velocity − average_grad² + ε
          const average = rho * (averageGradient[i] as number) + (1 - rho) * g;
          averageGradient[i] = average;
          denominator = v - average * average + epsilon;
        } else {
          // Keras RMSprop: denominator = velocity + ε  (ε inside the square root, unlike PyTorch)
          denominator = v + epsilon;
        }
        // Keras RMSprop: increment = lr·g / √denominator
        const increment = (lr * g) / Math.sqrt(denominator);
        if (momentum > 0) {
          // Keras RMSprop(momentum=μ): momentum = μ·momentum + increment;  w = w − momentum
          const step = momentum * (momentumSlot[i] as number) + increment;
          momentumSlot[i] = step;
          params[i] = (params[i] as number) - step;
        } else {
          // Keras RMSprop: w = w − increment
          params[i] = (params[i] as number) - increment;
        }
      }
      state.iterations += 1;
    },
  };
}
