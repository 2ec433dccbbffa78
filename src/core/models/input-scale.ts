/**
 * Inputs far outside a saturating activation's range: tanh and sigmoid are flat beyond a few units, and
 * Keras's glorot_uniform kernels of a small layer are below 1 in size, so a raw column of size 1e100 drives
 * every hidden unit to ±1 (or 0 and 1) at the first step and no gradient reaches the hidden weights. The
 * linear family refuses such columns or asks for --standardize; a network gets this warning instead.
 */
import type { PreparedModel } from "./model-spec.js";

/** Inputs larger than this in size push a tanh or sigmoid unit past its flat shoulder (tanh(5) ≈ 0.9999). */
export const SATURATING_INPUT = 100;

export interface SaturatedInput {
  /** The feature the model sees (a column, maybe standardized) with the largest value in size. */
  readonly feature: string;
  readonly largest: number;
  readonly activation: "tanh" | "sigmoid";
}

/** The widest input of a tanh or sigmoid network when it is beyond {@link SATURATING_INPUT}, else null. */
export function saturatedInput(prepared: PreparedModel): SaturatedInput | null {
  const { model, data, featureNames } = prepared;
  if (prepared.spec.name !== "mlp") return null;
  if (model.activation !== "tanh" && model.activation !== "sigmoid") return null;
  const width = data.features;
  let largest = 0;
  let feature = 0;
  for (let i = 0; i < data.inputs.length; i++) {
    const size = Math.abs(data.inputs[i] as number);
    if (size > largest) {
      largest = size;
      feature = i % width;
    }
  }
  if (!(largest > SATURATING_INPUT)) return null;
  return { feature: featureNames[feature] as string, largest, activation: model.activation };
}
