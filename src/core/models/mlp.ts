/**
 * A multilayer perceptron of Keras Dense layers, `y = act(x·kernel + bias)`, with exact backpropagation
 * and an exact Hessian-vector product, in Float64.
 *
 * Hidden layers share one activation (tanh, relu, sigmoid or linear); the output is one unit, linear
 * (for MSE, MAE, Huber) or sigmoid (needed by BCE). With no hidden layer and a linear output on one
 * feature it is the line y = w·x + b.
 *
 * Each row is pushed forward and back on its own through buffers allocated once with the model, so a
 * call allocates nothing. The buffers make a model object non-reentrant: one call at a time. The passes
 * live in dense-passes.ts (any stack of layers) and one-hidden-layer.ts (the commonest shape, written out:
 * the same numbers; the gradient 1.5× and H·v 1.65× as fast on 1-16-1 tanh).
 *
 * The Hessian-vector product is Pearlmutter's R-operator (1994, "Fast Exact Multiplication by the
 * Hessian"), i.e. forward-mode differentiation of the backward pass along v: R{f} = d/dr f(θ + r·v)|₀.
 *   forward:  R{z} = R{a_in}·K + a_in·V_K + V_b,      R{a} = act′(z)·R{z}
 *   output:   δ = ℓ′(z)/n,                            R{δ} = ℓ″(z)·R{z}/n
 *   backward: ∂K += a_inᵀ·δ,  (Hv)_K += R{a_in}ᵀ·δ + a_inᵀ·R{δ},  (Hv)_b += R{δ}
 *             g = K·δ,  δ_in = act′(z_in)·g,  R{δ_in} = act″(z_in)·R{z_in}·g + act′(z_in)·(V_K·δ + K·R{δ})
 * Accuracy: it is exact calculus carried out in floating point, not a difference quotient, so H·v has
 * only the rounding error of the passes themselves, like the gradient (measured: on the line it matches
 * the closed-form Hessian 2·[[mean x², x̄], [x̄, 1]] to 12 decimals, and power iteration on it gives the
 * exact λmax to 9e-14 relative; on small nets it matches central differences of the gradient to their
 * own error, below 1e-8 of its scale). It costs about one and a half gradients (1.45× measured, 1-16-1
 * tanh on 1,000 rows: the forward pass, tanh included, is done again for each product). Where the function is not twice differentiable (relu at 0, MAE at e = 0, Huber at
 * |e| = δ, the BCE clip) it is the Hessian of the piece on which TF takes the gradient: zero curvature
 * at the kinks themselves.
 */
import { LrlabError } from "../errors.js";
import {
  type ActivationName,
  activationCode,
  checkActivationName,
  type OutputActivationName,
} from "./activations.js";
import { densePasses, type Passes } from "./dense-passes.js";
import {
  checkModelData,
  type DenseShape,
  type Model,
  type ModelData,
  type ModelLoss,
  type ModelLossName,
  parameterCountOf,
} from "./model.js";
import { oneHiddenLayerPasses } from "./one-hidden-layer.js";

export {
  ACTIVATION_NAMES,
  type ActivationName,
  checkActivationName,
  type OutputActivationName,
} from "./activations.js";

export interface MlpOptions {
  /** The number of input features. */
  inputs: number;
  /** Units per hidden layer, input side first; [] for none. */
  hidden?: readonly number[];
  /** The hidden layers' activation; Keras Dense's default is linear (`activation=None`). */
  activation?: ActivationName;
  /** The output unit's activation: sigmoid for BCE, linear otherwise. */
  output?: OutputActivationName;
  loss?: ModelLossName;
  /** Keras Huber's `delta`. */
  huberDelta?: number;
}

export interface Mlp extends Model {
  readonly activation: ActivationName;
  readonly output: OutputActivationName;
  /** The prediction for one row of `data`, with `params`. */
  predict(params: Float64Array, data: ModelData, row: number): number;
}

/** An MLP of Keras Dense layers; see the module comment for the layout and the derivatives. */
export function mlp({
  inputs,
  hidden = [],
  activation = "linear",
  output,
  loss = "mse",
  huberDelta = 1.0,
}: MlpOptions): Mlp {
  const outputActivation = output ?? (loss === "bce" ? "sigmoid" : "linear");
  checkActivationName(activation);
  if (loss === "bce" && outputActivation !== "sigmoid") {
    throw new LrlabError("E_BAD_ARGUMENT", "loss bce: expected a sigmoid output (Keras from_logits=False)");
  }
  if (!(huberDelta > 0))
    throw new LrlabError("E_BAD_ARGUMENT", `huber delta: expected > 0, got ${huberDelta}`);
  const widths = [inputs, ...hidden, 1];
  widths.forEach((width, k) => {
    if (!Number.isInteger(width) || width < 1) {
      const what = k === 0 ? "inputs" : `hidden layer ${k} units`;
      throw new LrlabError("E_BAD_ARGUMENT", `${what}: expected an integer ≥ 1, got ${width}`);
    }
  });
  const layers: DenseShape[] = widths.slice(1).map((units, l) => ({ inputs: widths[l] as number, units }));
  const codes = layers.map((_, l) => activationCode(l === layers.length - 1 ? outputActivation : activation));
  const lossSpec: ModelLoss = { name: loss, delta: huberDelta };
  const passes: Passes =
    hidden.length === 1
      ? oneHiddenLayerPasses(inputs, hidden[0] as number, codes[0] as number, codes[1] as number, lossSpec)
      : densePasses(widths, codes, lossSpec);

  return {
    layers,
    parameterCount: parameterCountOf(layers),
    loss: lossSpec,
    activation,
    output: outputActivation,
    predict: passes.predict,
    lossAndGradient(params, data, rows, gradOut) {
      checkModelData(data, inputs);
      if (rows.length === 0)
        throw new LrlabError("E_BAD_ARGUMENT", "an empty batch; expected at least one row");
      return passes.lossAndGradient(params, data, rows, gradOut);
    },
    hessianVectorProduct(params, data, v, out) {
      checkModelData(data, inputs);
      passes.hessianVectorProduct(params, data, v, out);
    },
  };
}
