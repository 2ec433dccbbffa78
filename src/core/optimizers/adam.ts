/**
 * Keras 3 `Adam`, optionally with AMSGrad.
 *
 * Keras's epsilon is the paper's "epsilon hat" (Kingma & Ba, just before §2.1): it folds both bias
 * corrections into the step size α and adds ε to the UNcorrected √v,
 *   Keras:   w = w − α·m / (√v + ε),        α = lr·√(1 − β₂ᵗ) / (1 − β₁ᵗ)
 *   PyTorch: w = w − lr·m̂ / (√v̂ + ε),      m̂ = m / (1 − β₁ᵗ),  v̂ = v / (1 − β₂ᵗ)
 * The two agree for ε = 0 but not for the same ε > 0: early on, when √v is small, Keras's ε weighs more.
 * We follow Keras.
 */
import type { ParamSpec } from "../params.js";
import { resolveParams } from "../params.js";
import { epsilonParam, learningRateParam } from "./common-params.js";
import type { Optimizer, OptimizerState } from "./optimizer.js";
import { checkSizes, filledSlot, slotOf } from "./slots.js";

/** The arguments of Keras's `Adam`, camelCase (`beta_1` → `beta1`). */
export interface AdamConfig {
  readonly learningRate: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  readonly amsgrad: boolean;
}

/** What `adam()` accepts: any subset of {@link AdamConfig}; the rest take Keras's defaults. */
export type AdamArgs = Partial<AdamConfig>;

/** The arguments of `adam`: one line each drives validation, CLI flags and help. */
export const adamParams: readonly ParamSpec[] = [
  learningRateParam(0.001),
  {
    key: "beta1",
    keras: "beta_1",
    flag: "beta1",
    kind: "number",
    description: "decay of the first-moment (mean) estimate",
    default: 0.9,
    min: 0,
    max: 1,
    maxExclusive: true,
  },
  {
    key: "beta2",
    keras: "beta_2",
    flag: "beta2",
    kind: "number",
    description: "decay of the second-moment (uncentered variance) estimate",
    default: 0.999,
    min: 0,
    max: 1,
    maxExclusive: true,
  },
  epsilonParam(1e-7, 'added to √v before bias correction (the paper\'s "epsilon hat")'),
  {
    key: "amsgrad",
    keras: "amsgrad",
    flag: "amsgrad",
    kind: "boolean",
    description: "divide by the running maximum of v (AMSGrad)",
    default: false,
  },
];

/**
 * Keras's `Adam`. Slots `m` and `v` (Keras's variables `momentum` and `velocity`), plus `vHat`
 * (`velocity_hat`) when `amsgrad`. The step counter is `state.iterations`, as in Keras: t = iterations + 1.
 */
export function adam({
  learningRate = 0.001,
  beta1 = 0.9,
  beta2 = 0.999,
  epsilon = 1e-7,
  amsgrad = false,
  ...rest
}: AdamArgs = {}): Optimizer<AdamConfig> {
  resolveParams(adamParams, { learningRate, beta1, beta2, epsilon, amsgrad, ...rest }, "adam");
  const config: AdamConfig = Object.freeze({ learningRate, beta1, beta2, epsilon, amsgrad });
  return {
    name: "adam",
    config,
    init(size: number): OptimizerState {
      const slots: Record<string, Float64Array> = { m: filledSlot(size), v: filledSlot(size) };
      if (amsgrad) slots.vHat = filledSlot(size);
      return { iterations: 0, slots };
    },
    apply(params: Float64Array, grad: Float64Array, state: OptimizerState, lr: number): void {
      const size = checkSizes(params, grad, "adam");
      const m = slotOf(state, "m", size, "adam");
      const v = slotOf(state, "v", size, "adam");
      // Unused without amsgrad: reuse `v` as a placeholder rather than allocate.
      const vHat = amsgrad ? slotOf(state, "vHat", size, "adam") : v;
      // Keras Adam: t = iterations + 1;  α = lr·√(1 − β₂ᵗ) / (1 − β₁ᵗ)
      const t = state.iterations + 1;
      const alpha = (lr * Math.sqrt(1 - beta2 ** t)) / (1 - beta1 ** t);
      const keep1 = 1 - beta1;
      const keep2 = 1 - beta2;
      for (let i = 0; i < size; i++) {
        const g = grad[i] as number;
        // Keras Adam: m = m + (g − m)·(1 − β₁)
        const mi = (m[i] as number) + (g - (m[i] as number)) * keep1;
        m[i] = mi;
        // Keras Adam: v = v + (g² − v)·(1 − β₂)
        let vi = (v[i] as number) + (g * g - (v[i] as number)) * keep2;
        v[i] = vi;
        if (amsgrad) {
          // Keras Adam(amsgrad=True): v̂ = max(v̂, v), used in place of v
          vi = Math.max(vHat[i] as number, vi);
          vHat[i] = vi;
        }
        // Keras Adam: w = w − α·m / (√v + ε)
        params[i] = (params[i] as number) - (mi * alpha) / (Math.sqrt(vi) + epsilon);
      }
      state.iterations += 1;
    },
  };
}
