/**
 * Dead ReLU units: a relu unit whose pre-activation is negative on every row outputs 0 there and passes
 * no gradient back (Keras's relu has derivative 0 at and below 0). When every unit of the last hidden layer
 * is dead on every row, the output is its bias alone: every weight but that bias has a zero gradient, and
 * the run can only slide the bias toward the targets' mean. The loss then crawls, and the measured
 * sharpness is the bias's own curvature (2 under MSE), so a regime read from it ("converging") is true of
 * the bias and says nothing of the network.
 */
import type { Mlp } from "./mlp.js";
import { layerOffsets, type ModelData } from "./model.js";

/**
 * Whether every unit of the last hidden layer outputs exactly 0 on every row of `data` at `params`, for a
 * relu network with at least one hidden layer; false for any other model.
 */
export function reluUnitsDied(
  model: Pick<Mlp, "layers" | "activation">,
  data: ModelData,
  params: Float64Array,
): boolean {
  const hidden = model.layers.slice(0, -1);
  if (model.activation !== "relu" || hidden.length === 0) return false;
  const offsets = layerOffsets(model.layers);
  const rows = data.targets.length;
  const widest = Math.max(data.features, ...hidden.map((layer) => layer.units));
  let input = new Float64Array(widest);
  let output = new Float64Array(widest);
  for (let r = 0; r < rows; r++) {
    input.set(data.inputs.subarray(r * data.features, (r + 1) * data.features));
    let alive = false;
    hidden.forEach(({ inputs, units }, l) => {
      // Keras Dense: kernel (inputs, units) row-major, then the bias; relu(x·W + b).
      const kernel = offsets[l] as number;
      const bias = kernel + inputs * units;
      alive = false;
      for (let u = 0; u < units; u++) {
        let z = params[bias + u] as number;
        for (let i = 0; i < inputs; i++)
          z += (input[i] as number) * (params[kernel + i * units + u] as number);
        // NaN counts as alive: a unit whose output is not a number is not known to be dead.
        const a = z > 0 || Number.isNaN(z) ? z : 0;
        output[u] = a;
        if (a !== 0) alive = true;
      }
      [input, output] = [output, input];
    });
    if (alive) return false;
  }
  return rows > 0;
}
