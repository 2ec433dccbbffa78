/**
 * A prepared model's predictions on new raw inputs (a grid of x to draw its curve on, say): the columns go
 * through the same pipeline as the training data did (model-spec.ts `prepareModel`): z-scored with the
 * training data's means and deviations when standardized, then expanded into powers for a polynomial.
 */
import { LrlabError } from "../errors.js";
import { polynomialFeatures } from "./features.js";
import type { PreparedModel } from "./model-spec.js";

/** The model's prediction at each row of `columns` (raw input columns, as given to prepareModel). */
export function predictOn(
  prepared: Pick<PreparedModel, "spec" | "model" | "standardization">,
  params: Float64Array,
  columns: readonly ArrayLike<number>[],
): Float64Array {
  const rows = columns[0]?.length ?? 0;
  const { standardization, spec, model } = prepared;
  let inputs: ArrayLike<number>[] = [...columns];
  if (standardization) {
    inputs = columns.map((column, j) => {
      const mean = standardization.means[j] as number;
      const deviation = standardization.deviations[j] as number;
      return Float64Array.from(column, (value) => (value - mean) / deviation);
    });
  }
  if (spec.name === "polynomial")
    inputs = polynomialFeatures(inputs[0] as ArrayLike<number>, spec.degree ?? 2);
  const features = inputs.length;
  if (features !== (model.layers[0]?.inputs ?? 0)) {
    throw new LrlabError(
      "E_BAD_DATA",
      `predictions: ${columns.length} input column(s) make ${features} features; the model takes ${model.layers[0]?.inputs}`,
    );
  }
  const data = {
    inputs: new Float64Array(rows * features),
    targets: new Float64Array(rows),
    features,
  };
  inputs.forEach((column, j) => {
    for (let r = 0; r < rows; r++) data.inputs[r * features + j] = column[r] as number;
  });
  return Float64Array.from({ length: rows }, (_, r) => model.predict(params, data, r));
}
