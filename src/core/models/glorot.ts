import { createRandom } from "../random.js";
import { type Model, parameterCountOf } from "./model.js";

/**
 * Keras's default initialisation from a seed: `glorot_uniform` kernels, uniform in [−limit, limit) with
 * limit = √(6/(fan_in + fan_out)), and zero biases. The draws come from core/random.ts, kernel entries
 * in row-major order layer by layer, so a seed gives the same weights everywhere (not TF's own draws).
 */
export function glorotUniform(model: Pick<Model, "layers">, seed: number): Float64Array {
  const random = createRandom(seed);
  const params = new Float64Array(parameterCountOf(model.layers));
  let offset = 0;
  for (const { inputs, units } of model.layers) {
    const limit = Math.sqrt(6 / (inputs + units));
    for (let k = 0; k < inputs * units; k++) params[offset + k] = limit * (2 * random.uniform() - 1);
    offset += inputs * units + units;
  }
  return params;
}
