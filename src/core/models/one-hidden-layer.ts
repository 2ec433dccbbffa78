/**
 * The gradient of the commonest MLP, inputs → one hidden Dense layer → one output unit, with the two
 * layers written out instead of walked as a general stack (dense-passes.ts).
 *
 * It does the general passes' floating-point operations in the same order, so every loss and gradient is
 * the same number, bit for bit (one-hidden-layer.test.ts checks it on every activation and loss). What it
 * leaves out is bookkeeping: the per-layer loop set-up and table look-ups, the inner loops of one
 * iteration that a single output unit makes of the general code, and the first layer's δ (its inputs are
 * data, so nothing flows further back). Measured on 1-16-1, 10,000 rows: 1.65× the general passes' speed
 * with a linear activation, 1.2× with tanh, whose own time is then most of what is left. H·v is the
 * general passes'.
 *
 * Layout (Keras get_weights() order): kernel₁ (inputs × hidden, row-major), bias₁, kernel₂ (hidden × 1),
 * bias₂.
 */
import { activate } from "./activations.js";
import { densePasses, type Passes } from "./dense-passes.js";
import { type ModelData, type ModelLoss, pointLossOf } from "./model.js";

/** The passes for `inputs` → `hidden` units activated by `hiddenCode` → one unit activated by `outputCode`. */
export function oneHiddenLayerPasses(
  inputs: number,
  hidden: number,
  hiddenCode: number,
  outputCode: number,
  loss: ModelLoss,
): Passes {
  const bias1 = inputs * hidden;
  const kernel2 = bias1 + hidden;
  const bias2 = kernel2 + hidden;
  const general = densePasses([inputs, hidden, 1], [hiddenCode, outputCode], loss);
  // Per hidden unit: z, a = act(z), act′(z) and δ = ∂L/∂z; the output unit's z, a and act′ in
  // one-element arrays, so activations.ts serves both layers.
  const z = new Float64Array(hidden);
  const a = new Float64Array(hidden);
  const slope = new Float64Array(hidden);
  const delta = new Float64Array(hidden);
  const outZ = new Float64Array(1);
  const outA = new Float64Array(1);
  const outSlope = new Float64Array(1);
  const lossAt = new Float64Array(3);
  const lossAtPoint = pointLossOf(loss);

  /** Forward pass of one row; the loss L and ℓ′(z), its derivative in the output z, in `lossAt`. */
  function forward(params: Float64Array, data: ModelData, row: number): void {
    const x = data.inputs;
    const rowStart = row * inputs;
    // z_j = bias₁_j + x_0·K₁[0][j] + x_1·K₁[1][j] + …, in that order.
    const x0 = x[rowStart] as number;
    for (let j = 0; j < hidden; j++) z[j] = (params[bias1 + j] as number) + x0 * (params[j] as number);
    for (let i = 1; i < inputs; i++) {
      const input = x[rowStart + i] as number;
      const kernelRow = i * hidden;
      for (let j = 0; j < hidden; j++) z[j] = (z[j] as number) + input * (params[kernelRow + j] as number);
    }
    activate(hiddenCode, 0, hidden, z, a, slope);
    let sum = params[bias2] as number;
    for (let j = 0; j < hidden; j++) sum = sum + (a[j] as number) * (params[kernel2 + j] as number);
    outZ[0] = sum;
    activate(outputCode, 0, 1, outZ, outA, outSlope);
    lossAtPoint(outA[0] as number, data.targets[row] as number, lossAt);
    // Chain rule through the output activation: ℓ′ = L′·act′.
    lossAt[1] = (lossAt[1] as number) * (outSlope[0] as number);
  }

  /**
   * Backward pass of one row after `forward`, adding weight·∂L/∂θ to `grad`, where `d` = weight·ℓ′ is the
   * output's δ (a double argument, so the caller passes it ready rather than `weight`, which a call that
   * is not inlined would box on every row).
   */
  function backward(params: Float64Array, data: ModelData, row: number, grad: Float64Array, d: number): void {
    const x = data.inputs;
    const rowStart = row * inputs;
    const x0 = x[rowStart] as number;
    for (let j = 0; j < hidden; j++) {
      grad[kernel2 + j] = (grad[kernel2 + j] as number) + (a[j] as number) * d;
      const dj = (slope[j] as number) * ((params[kernel2 + j] as number) * d);
      delta[j] = dj;
      grad[j] = (grad[j] as number) + x0 * dj;
      grad[bias1 + j] = (grad[bias1 + j] as number) + dj;
    }
    grad[bias2] = (grad[bias2] as number) + d;
    for (let i = 1; i < inputs; i++) {
      const input = x[rowStart + i] as number;
      const kernelRow = i * hidden;
      for (let j = 0; j < hidden; j++) {
        grad[kernelRow + j] = (grad[kernelRow + j] as number) + input * (delta[j] as number);
      }
    }
  }

  return {
    predict(params, data, row) {
      forward(params, data, row);
      return outA[0] as number;
    },
    lossAndGradient(params, data, rows, gradOut) {
      gradOut.fill(0);
      const weight = 1 / rows.length;
      let total = 0;
      for (let k = 0; k < rows.length; k++) {
        const row = rows[k] as number;
        forward(params, data, row);
        total += lossAt[0] as number;
        backward(params, data, row, gradOut, (lossAt[1] as number) * weight);
      }
      return total / rows.length;
    },
    // Written out, H·v measured no faster than the general passes' (the forward pass, tanh included,
    // dominates both), so it is theirs.
    hessianVectorProduct: general.hessianVectorProduct,
  };
}
