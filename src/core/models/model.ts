/**
 * The model abstraction: what training, sharpness and the Keras weight layout need from any model.
 *
 * A model is a stack of Keras Dense layers (the line is one Dense layer of one unit) whose parameters
 * live in ONE Float64Array, in Keras `model.get_weights()` order flattened: layer by layer, the kernel
 * (inputs, units) row-major, then the bias. So `params[kernelStart + i·units + j]` is `kernel[i][j]`.
 *
 * The losses are Keras's, per point, with e = ŷ − y, averaged over the rows of a batch:
 *   MSE   (keras.losses.MeanSquaredError):  e²                            (no ½, as Keras)
 *   MAE   (keras.losses.MeanAbsoluteError): |e|                           (sign(0) = 0, as TF)
 *   Huber (keras.losses.Huber, delta δ):    |e| ≤ δ ? ½e² : δ|e| − ½δ²
 *   BCE   (keras.losses.BinaryCrossentropy, from_logits=False): with p = clip(ŷ, 1e-7, 1 − 1e-7),
 *         −(y·log p + (1 − y)·log(1 − p)); the clip passes no gradient outside [1e-7, 1 − 1e-7], as
 *         tf.clip_by_value.
 */

import { log } from "../elementary.js";
import { LrlabError } from "../errors.js";

export const MODEL_LOSS_NAMES = ["mse", "mae", "huber", "bce"] as const;
export type ModelLossName = (typeof MODEL_LOSS_NAMES)[number];

/** A loss and its argument: Keras's Huber `delta` (default 1.0) is ignored by the others. */
export interface ModelLoss {
  readonly name: ModelLossName;
  readonly delta: number;
}

/** Keras's `backend.epsilon()`, the clip of BinaryCrossentropy on probabilities. */
export const KERAS_EPSILON = 1e-7;

/** Training data for a model: row-major inputs, one target per row. */
export interface ModelData {
  /** Row r's features are `inputs[r·features … r·features + features)`. */
  readonly inputs: Float64Array;
  /** One target per row (the models have one output unit). */
  readonly targets: Float64Array;
  readonly features: number;
}

/** One Dense layer's shapes: kernel (inputs, units), bias (units). */
export interface DenseShape {
  readonly inputs: number;
  readonly units: number;
}

export interface Model {
  /** The Dense layers, input to output; the parameter layout follows from them. */
  readonly layers: readonly DenseShape[];
  /** The length of the parameter vector. */
  readonly parameterCount: number;
  readonly loss: ModelLoss;
  /**
   * The mean loss over the batch `rows` (indices into the data), with its gradient with respect to
   * `params` written to `gradOut` (overwritten, not accumulated). Allocates nothing.
   */
  lossAndGradient(params: Float64Array, data: ModelData, rows: Uint32Array, gradOut: Float64Array): number;
  /**
   * H·v, with H the Hessian of the mean loss over ALL rows of `data` at `params`, written to `out`.
   * Allocates nothing.
   */
  hessianVectorProduct(params: Float64Array, data: ModelData, v: Float64Array, out: Float64Array): void;
}

/** Checks the data's shape against a model's inputs and returns it: a length or width mismatch is a user error. */
export function checkModelData(data: ModelData, inputs: number): ModelData {
  const rows = data.targets.length;
  if (data.features !== inputs) {
    throw new LrlabError(
      "E_BAD_DATA",
      `the data has ${data.features} feature column(s); the model expects ${inputs}`,
    );
  }
  if (rows === 0) throw new LrlabError("E_BAD_DATA", "no data rows; expected at least one");
  if (data.inputs.length !== rows * data.features) {
    throw new LrlabError(
      "E_BAD_DATA",
      `the inputs hold ${data.inputs.length} values; expected ${rows} rows × ${data.features} features`,
    );
  }
  return data;
}

/** The rows 0, 1, …, n − 1: the full batch. */
export function allRows(rows: number): Uint32Array {
  const order = new Uint32Array(rows);
  for (let i = 0; i < rows; i++) order[i] = i;
  return order;
}

/** Writes [L, ∂L/∂ŷ, ∂²L/∂ŷ²] at one point to `out`; see {@link pointLoss}. */
export type PointLoss = (prediction: number, target: number, out: Float64Array) => void;

/**
 * The loss at one point and its first two derivatives with respect to the prediction, written to
 * `out` = [L, ∂L/∂ŷ, ∂²L/∂ŷ²]. At the kinks (MAE at e = 0, Huber at |e| = δ, the BCE clip) the
 * derivatives are those of the piece TF differentiates, so the Hessian is that of the smooth piece.
 */
export function pointLoss(loss: ModelLoss, prediction: number, target: number, out: Float64Array): void {
  pointLossOf(loss)(prediction, target, out);
}

/**
 * {@link pointLoss} for one loss, as a function of its own: the passes call it once per row, and a
 * function this small is inlined where the four-way one is not (a call that is not inlined boxes its two
 * numbers on every row).
 */
export function pointLossOf(loss: ModelLoss): PointLoss {
  switch (loss.name) {
    case "mse":
      return mseAtPoint;
    case "mae":
      return maeAtPoint;
    case "huber": {
      const delta = loss.delta;
      return (prediction, target, out) => {
        const error = prediction - target;
        const absolute = Math.abs(error);
        if (absolute <= delta) {
          out[0] = 0.5 * error * error;
          out[1] = error;
          out[2] = 1;
        } else {
          out[0] = delta * absolute - 0.5 * delta * delta;
          out[1] = error > 0 ? delta : -delta;
          out[2] = 0;
        }
      };
    }
    case "bce":
      return bceAtPoint;
  }
}

function mseAtPoint(prediction: number, target: number, out: Float64Array): void {
  const error = prediction - target;
  out[0] = error * error;
  out[1] = 2 * error;
  out[2] = 2;
}

function maeAtPoint(prediction: number, target: number, out: Float64Array): void {
  const error = prediction - target;
  out[0] = Math.abs(error);
  out[1] = error > 0 ? 1 : error < 0 ? -1 : 0;
  out[2] = 0;
}

function bceAtPoint(prediction: number, target: number, out: Float64Array): void {
  const inside = prediction >= KERAS_EPSILON && prediction <= 1 - KERAS_EPSILON;
  const p = inside ? prediction : prediction < KERAS_EPSILON ? KERAS_EPSILON : 1 - KERAS_EPSILON;
  const q = 1 - p;
  out[0] = -(target * log(p) + (1 - target) * log(q));
  out[1] = inside ? -target / p + (1 - target) / q : 0;
  out[2] = inside ? target / (p * p) + (1 - target) / (q * q) : 0;
}

/**
 * Weights as Keras `model.get_weights()` returns them and `model.set_weights()` takes them, as JSON
 * would carry them: per layer, the kernel as nested arrays (inputs rows of units numbers), then the bias.
 */
export type KerasWeights = (number[][] | number[])[];

/** Where each layer's kernel starts in the parameter vector (its bias follows the kernel). */
export function layerOffsets(layers: readonly DenseShape[]): number[] {
  const offsets: number[] = [];
  let offset = 0;
  for (const { inputs, units } of layers) {
    offsets.push(offset);
    offset += inputs * units + units;
  }
  return offsets;
}

/** The parameter count of a stack of Dense layers. */
export function parameterCountOf(layers: readonly DenseShape[]): number {
  return layers.reduce((count, { inputs, units }) => count + inputs * units + units, 0);
}

/** The parameters in Keras `get_weights()` order: [kernel₁, bias₁, kernel₂, bias₂, …]. */
export function toKerasWeights(model: Pick<Model, "layers">, params: Float64Array): KerasWeights {
  const weights: KerasWeights = [];
  let offset = 0;
  for (const { inputs, units } of model.layers) {
    const kernel: number[][] = [];
    for (let i = 0; i < inputs; i++) {
      kernel.push(Array.from(params.subarray(offset + i * units, offset + (i + 1) * units)));
    }
    offset += inputs * units;
    weights.push(kernel, Array.from(params.subarray(offset, offset + units)));
    offset += units;
  }
  return weights;
}

/**
 * Parses weights in Keras `get_weights()` order (as from JSON) into a parameter vector. A wrong count,
 * shape or a non-finite number is a user error whose one line names the layer and the shapes expected
 * and given, e.g. `layer 2 of 2 (Dense 16 → 1) kernel: expected shape (16, 1), got (16, 2)`.
 */
export function fromKerasWeights(model: Pick<Model, "layers">, weights: unknown): Float64Array {
  const { layers } = model;
  const expectedShapes = layers.map(({ inputs, units }) => `(${inputs}, ${units}), (${units},)`).join(", ");
  if (!Array.isArray(weights) || weights.length !== 2 * layers.length) {
    const given = Array.isArray(weights)
      ? `${weights.length} array${weights.length === 1 ? "" : "s"}${weights.length > 0 && weights.length <= 2 * layers.length + 2 ? ` shaped ${weights.map(shapeOf).join(", ")}` : ""}`
      : describeValue(weights);
    throw new LrlabError(
      "E_BAD_ARGUMENT",
      `weights: expected ${2 * layers.length} arrays (kernel, bias per layer: ${expectedShapes}), got ${given}`,
    );
  }
  const params = new Float64Array(parameterCountOf(layers));
  let offset = 0;
  layers.forEach(({ inputs, units }, l) => {
    const where = `layer ${l + 1} of ${layers.length} (Dense ${inputs} → ${units})`;
    const kernel: unknown = weights[2 * l];
    const kernelShape = shapeOf(kernel);
    if (kernelShape !== `(${inputs}, ${units})`) {
      throw new LrlabError(
        "E_BAD_ARGUMENT",
        `${where} kernel: expected shape (${inputs}, ${units}), got ${kernelShape}`,
      );
    }
    (kernel as unknown[][]).forEach((row, i) => {
      offset = copyFinite(row, params, offset, (j) => `${where} kernel[${i}][${j}]`);
    });
    const bias: unknown = weights[2 * l + 1];
    const biasShape = shapeOf(bias);
    if (biasShape !== `(${units},)`) {
      throw new LrlabError("E_BAD_ARGUMENT", `${where} bias: expected shape (${units},), got ${biasShape}`);
    }
    offset = copyFinite(bias as unknown[], params, offset, (j) => `${where} bias[${j}]`);
  });
  return params;
}

function copyFinite(
  values: unknown[],
  params: Float64Array,
  offset: number,
  name: (index: number) => string,
): number {
  values.forEach((value, j) => {
    if (typeof value !== "number" || !Number.isFinite(value)) {
      throw new LrlabError(
        "E_BAD_ARGUMENT",
        `${name(j)}: expected a finite number, got ${describeValue(value)}`,
      );
    }
    params[offset + j] = value;
  });
  return offset + values.length;
}

/**
 * A value's shape in NumPy's notation, as a Keras user reads it: `(3,)` for a list of numbers,
 * `(16, 1)` for a list of equally long lists of numbers; anything else described in words.
 */
function shapeOf(value: unknown): string {
  if (!Array.isArray(value)) return describeValue(value);
  if (value.every((item) => !Array.isArray(item))) return `(${value.length},)`;
  const first: unknown = value[0];
  const width = Array.isArray(first) ? first.length : -1;
  const rectangular = value.every(
    (row) => Array.isArray(row) && row.length === width && row.every((item) => !Array.isArray(item)),
  );
  if (!rectangular) return `an irregular nested array of ${value.length} rows`;
  return `(${value.length}, ${width})`;
}

function describeValue(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (typeof value === "string") return JSON.stringify(value.length > 20 ? `${value.slice(0, 20)}…` : value);
  if (typeof value === "object") return "an object";
  return String(value);
}
