/**
 * The general passes of an MLP (mlp.ts has the layout and the derivatives): any stack of Dense layers,
 * walked layer by layer for each row through buffers allocated once, so a call allocates nothing. The
 * buffers make a passes object non-reentrant: one call at a time.
 */
import { activate, bendAt, LINEAR } from "./activations.js";
import { layerOffsets, type ModelData, type ModelLoss, pointLossOf } from "./model.js";

/** What a model's passes compute; the callers (mlp.ts) check the data and the batch first. */
export interface Passes {
  /** The prediction for one row of `data`. */
  predict(params: Float64Array, data: ModelData, row: number): number;
  /** The mean loss over `rows`, its gradient written to `gradOut` (overwritten). */
  lossAndGradient(params: Float64Array, data: ModelData, rows: Uint32Array, gradOut: Float64Array): number;
  /** H·v for the mean loss over all rows of `data`, written to `out` (overwritten). */
  hessianVectorProduct(params: Float64Array, data: ModelData, v: Float64Array, out: Float64Array): void;
}

/**
 * The passes for layers of widths `widths` (inputs first, the single output last), layer l activated by
 * `codes[l]` (activations.ts), with the loss `loss`.
 */
export function densePasses(widths: readonly number[], codes: readonly number[], loss: ModelLoss): Passes {
  const inputs = widths[0] as number;
  const layerCount = widths.length - 1;
  const kernelStart = layerOffsets(
    widths.slice(1).map((units, l) => ({ inputs: widths[l] as number, units })),
  );
  const nodeStart: number[] = [0];
  for (const width of widths) nodeStart.push((nodeStart.at(-1) as number) + width);
  const nodeCount = nodeStart.at(-1) as number;
  const outputNode = nodeCount - 1;

  // Per node: the pre-activation z, the activation a, act′(z), the backward δ = ∂L/∂z, and their
  // R-operator images. Node k of layer 0 is input feature k. act″(z) is derived from a and act′ where the
  // Hessian needs it (bendAt), so the gradient's forward pass does not pay for it.
  const z = new Float64Array(nodeCount);
  const a = new Float64Array(nodeCount);
  const slope = new Float64Array(nodeCount);
  const delta = new Float64Array(nodeCount);
  const rz = new Float64Array(nodeCount);
  const ra = new Float64Array(nodeCount);
  const rDelta = new Float64Array(nodeCount);
  const lossAt = new Float64Array(3);
  const lossAtPoint = pointLossOf(loss);
  const outputCode = codes[layerCount - 1] as number;

  /** Forward pass of one row; the loss's [L, ℓ′(z), ℓ″(z)] in `lossAt`, as derivatives in the output z. */
  function forward(params: Float64Array, data: ModelData, row: number): void {
    const rowStart = row * inputs;
    for (let i = 0; i < inputs; i++) a[i] = data.inputs[rowStart + i] as number;
    for (let l = 0; l < layerCount; l++) {
      const fanIn = widths[l] as number;
      const units = widths[l + 1] as number;
      const inStart = nodeStart[l] as number;
      const outStart = nodeStart[l + 1] as number;
      const kernel = kernelStart[l] as number;
      const bias = kernel + fanIn * units;
      // z_j = bias_j + a_0·K[0][j] + a_1·K[1][j] + …, added in that order, in a register.
      for (let j = 0; j < units; j++) {
        let sum = params[bias + j] as number;
        for (let i = 0; i < fanIn; i++) {
          sum = sum + (a[inStart + i] as number) * (params[kernel + i * units + j] as number);
        }
        z[outStart + j] = sum;
      }
      activate(codes[l] as number, outStart, units, z, a, slope);
    }
    lossAtPoint(a[outputNode] as number, data.targets[row] as number, lossAt);
    // Chain rule through the output activation: ℓ′ = L′·act′, ℓ″ = L″·act′² + L′·act″.
    const first = lossAt[1] as number;
    const outSlope = slope[outputNode] as number;
    lossAt[1] = first * outSlope;
    lossAt[2] =
      (lossAt[2] as number) * outSlope * outSlope + first * bendAt(outputCode, a, slope, outputNode);
  }

  /** Backward pass of one row after `forward`, adding weight·∂L/∂θ to `grad`. */
  function backward(params: Float64Array, weight: number, grad: Float64Array): void {
    delta[outputNode] = (lossAt[1] as number) * weight;
    for (let l = layerCount - 1; l >= 0; l--) {
      const fanIn = widths[l] as number;
      const units = widths[l + 1] as number;
      const inStart = nodeStart[l] as number;
      const outStart = nodeStart[l + 1] as number;
      const kernel = kernelStart[l] as number;
      const bias = kernel + fanIn * units;
      for (let i = 0; i < fanIn; i++) {
        const input = a[inStart + i] as number;
        const rowOffset = kernel + i * units;
        if (l > 0) {
          let back = 0;
          for (let j = 0; j < units; j++) {
            const d = delta[outStart + j] as number;
            grad[rowOffset + j] = (grad[rowOffset + j] as number) + input * d;
            back += (params[rowOffset + j] as number) * d;
          }
          delta[inStart + i] = (slope[inStart + i] as number) * back;
        } else {
          // The first layer: its inputs are data, so no δ flows further back.
          for (let j = 0; j < units; j++) {
            grad[rowOffset + j] = (grad[rowOffset + j] as number) + input * (delta[outStart + j] as number);
          }
        }
      }
      for (let j = 0; j < units; j++)
        grad[bias + j] = (grad[bias + j] as number) + (delta[outStart + j] as number);
    }
  }

  /** The R-operator passes of one row after `forward`, adding weight·(H_row·v) to `out`. */
  function hessianRow(params: Float64Array, v: Float64Array, weight: number, out: Float64Array): void {
    for (let i = 0; i < inputs; i++) ra[i] = 0;
    for (let l = 0; l < layerCount; l++) {
      const fanIn = widths[l] as number;
      const units = widths[l + 1] as number;
      const inStart = nodeStart[l] as number;
      const outStart = nodeStart[l + 1] as number;
      const kernel = kernelStart[l] as number;
      const bias = kernel + fanIn * units;
      for (let j = 0; j < units; j++) {
        let sum = v[bias + j] as number;
        for (let i = 0; i < fanIn; i++) {
          const k = kernel + i * units + j;
          sum =
            sum +
            (ra[inStart + i] as number) * (params[k] as number) +
            (a[inStart + i] as number) * (v[k] as number);
        }
        rz[outStart + j] = sum;
        ra[outStart + j] = (slope[outStart + j] as number) * sum;
      }
    }
    delta[outputNode] = (lossAt[1] as number) * weight;
    rDelta[outputNode] = (lossAt[2] as number) * (rz[outputNode] as number) * weight;
    for (let l = layerCount - 1; l >= 0; l--) {
      const fanIn = widths[l] as number;
      const units = widths[l + 1] as number;
      const inStart = nodeStart[l] as number;
      const outStart = nodeStart[l + 1] as number;
      const kernel = kernelStart[l] as number;
      const bias = kernel + fanIn * units;
      const inCode = l > 0 ? (codes[l - 1] as number) : LINEAR;
      for (let i = 0; i < fanIn; i++) {
        const input = a[inStart + i] as number;
        const rInput = ra[inStart + i] as number;
        const rowOffset = kernel + i * units;
        let back = 0;
        let rBack = 0;
        for (let j = 0; j < units; j++) {
          const d = delta[outStart + j] as number;
          const rd = rDelta[outStart + j] as number;
          const k = params[rowOffset + j] as number;
          out[rowOffset + j] = (out[rowOffset + j] as number) + rInput * d + input * rd;
          back += k * d;
          rBack += (v[rowOffset + j] as number) * d + k * rd;
        }
        if (l > 0) {
          const node = inStart + i;
          delta[node] = (slope[node] as number) * back;
          rDelta[node] =
            bendAt(inCode, a, slope, node) * (rz[node] as number) * back + (slope[node] as number) * rBack;
        }
      }
      for (let j = 0; j < units; j++)
        out[bias + j] = (out[bias + j] as number) + (rDelta[outStart + j] as number);
    }
  }

  return {
    predict(params, data, row) {
      forward(params, data, row);
      return a[outputNode] as number;
    },
    lossAndGradient(params, data, rows, gradOut) {
      gradOut.fill(0);
      const weight = 1 / rows.length;
      let total = 0;
      for (let k = 0; k < rows.length; k++) {
        forward(params, data, rows[k] as number);
        total += lossAt[0] as number;
        backward(params, weight, gradOut);
      }
      return total / rows.length;
    },
    hessianVectorProduct(params, data, v, out) {
      out.fill(0);
      const rowCount = data.targets.length;
      const weight = 1 / rowCount;
      for (let row = 0; row < rowCount; row++) {
        forward(params, data, row);
        hessianRow(params, v, weight, out);
      }
    },
  };
}
