/**
 * The lesson's first idea for a model beyond the line: guess every weight at random, keep the best guess,
 * and count how many loss evaluations full-batch gradient descent (trainModel) needs to do as well. With
 * more weights the box grows in more directions and guessing falls further behind: the lesson, louder.
 *
 * Each guess draws the weights one after another in Keras get_weights() order, uniform in a box, from a
 * seeded generator; for the line that is w then b, so a line's guesses are random-search.ts's own.
 *
 * The default box extends the line's (random-search.ts `searchBox`: slopes within ±3σy/σx, intercepts that
 * keep the line within 3σy of the data's middle) to every Dense layer: a layer whose inputs spread by σᵢ
 * about means mᵢ and whose outputs should spread by s about a centre c gets
 *   kernel[i][j] within ±3s/(σᵢ·√fan_in),   bias[j] within c ± (3s + Σᵢ |mᵢ|·3s/(σᵢ·√fan_in)).
 * The first layer's inputs are the features as the model sees them (standardized and expanded); a hidden
 * layer's are its activations, taken as σ = 1 about 0. The output layer's s and c are σy and the mean of y
 * for a linear output, and 1 and 0 for a sigmoid's logits (probabilities from about 5% to 95%); a hidden
 * layer's are 1 and 0. For one input and a linear output (the line), this is the line's box exactly.
 */
import { LrlabError } from "../errors.js";
import { designMseAndGradient } from "../models/linear-theory.js";
import { allRows, layerOffsets } from "../models/model.js";
import type { PreparedModel } from "../models/model-spec.js";
import { sgd } from "../optimizers/sgd.js";
import { createRandom } from "../random.js";
import { trainModel } from "../training/train-model.js";

/** One interval per weight, in the parameter vector's order (Keras get_weights(), flattened). */
export interface ModelSearchBox {
  readonly low: Float64Array;
  readonly high: Float64Array;
}

/** Every kernel entry in `kernel`, every bias in `bias`, where given (`--w-range`, `--b-range`). */
export interface ModelSearchRanges {
  readonly kernel?: readonly [number, number];
  readonly bias?: readonly [number, number];
}

export interface ModelRandomSearchOptions {
  /** How many guesses (default 1000). */
  readonly trials?: number;
  readonly seed?: number;
  /** Default: {@link modelSearchBox}. */
  readonly box?: ModelSearchBox;
}

export interface ModelRandomSearchResult {
  readonly trials: number;
  readonly box: ModelSearchBox;
  /** The best guess, its full-data loss, and after how many guesses it was found (1-based). */
  readonly best: { readonly params: Float64Array; readonly loss: number; readonly evaluations: number };
  /** Every improvement: the loss of the best guess so far, after that many guesses. */
  readonly progress: readonly { readonly evaluations: number; readonly loss: number }[];
}

/** The default box of the module comment, with `ranges` in place of the kernels' or biases' intervals. */
export function modelSearchBox(prepared: PreparedModel, ranges: ModelSearchRanges = {}): ModelSearchBox {
  const { model, data } = prepared;
  for (const [name, range] of [
    ["kernel range", ranges.kernel],
    ["bias range", ranges.bias],
  ] as const) {
    if (range && !(Number.isFinite(range[0]) && Number.isFinite(range[1]) && range[0] < range[1])) {
      throw new LrlabError(
        "E_BAD_ARGUMENT",
        `${name}: expected two finite numbers low < high, got ${range[0]}:${range[1]}`,
      );
    }
  }
  const low = new Float64Array(model.parameterCount);
  const high = new Float64Array(model.parameterCount);
  const offsets = layerOffsets(model.layers);
  const features = columnMoments(data.inputs, data.features);
  const targets = columnMoments(data.targets, 1);
  model.layers.forEach(({ inputs, units }, l) => {
    const first = l === 0;
    const last = l === model.layers.length - 1;
    const linearOutput = last && model.output === "linear";
    // The target's spread, as the line takes it: σy, or the size of y when it does not vary.
    const targetMean = targets.means[0] as number;
    const targetDeviation = targets.deviations[0] as number;
    const spread = linearOutput
      ? targetDeviation > 0
        ? targetDeviation
        : Math.max(1, Math.abs(targetMean))
      : 1;
    const centre = linearOutput ? targetMean : 0;
    const slopes = Array.from({ length: inputs }, (_, i) => {
      const deviation = first ? (features.deviations[i] as number) : 1;
      return (3 * spread) / ((deviation > 0 ? deviation : 1) * Math.sqrt(inputs));
    });
    let reach = 3 * spread;
    if (first) {
      slopes.forEach((slope, i) => {
        reach += Math.abs(features.means[i] as number) * slope;
      });
    }
    const kernelStart = offsets[l] as number;
    for (let i = 0; i < inputs; i++) {
      for (let j = 0; j < units; j++) {
        const k = kernelStart + i * units + j;
        low[k] = ranges.kernel ? ranges.kernel[0] : -(slopes[i] as number);
        high[k] = ranges.kernel ? ranges.kernel[1] : (slopes[i] as number);
      }
    }
    const biasStart = kernelStart + inputs * units;
    for (let j = 0; j < units; j++) {
      low[biasStart + j] = ranges.bias ? ranges.bias[0] : centre - reach;
      high[biasStart + j] = ranges.bias ? ranges.bias[1] : centre + reach;
    }
  });
  return { low, high };
}

/** Guesses `trials` weight vectors uniformly in the box and keeps the best. Pure: same seed, same guesses. */
export function randomSearchModel(
  prepared: PreparedModel,
  options: ModelRandomSearchOptions = {},
): ModelRandomSearchResult {
  const { trials = 1000, seed = 0 } = options;
  if (!Number.isInteger(trials) || trials < 1) {
    throw new LrlabError("E_BAD_ARGUMENT", `trials: expected an integer ≥ 1, got ${trials}`);
  }
  const box = options.box ?? modelSearchBox(prepared);
  const count = prepared.model.parameterCount;
  if (box.low.length !== count || box.high.length !== count) {
    throw new LrlabError("E_BAD_ARGUMENT", `box: expected ${count} intervals, one per weight`);
  }
  const lossAt = fullDataLoss(prepared);
  const random = createRandom(seed);
  const guess = new Float64Array(count);
  const best = { params: new Float64Array(count), loss: Number.POSITIVE_INFINITY, evaluations: 0 };
  const progress: { evaluations: number; loss: number }[] = [];
  for (let trial = 1; trial <= trials; trial++) {
    for (let k = 0; k < count; k++) {
      const low = box.low[k] as number;
      guess[k] = low + ((box.high[k] as number) - low) * random.uniform();
    }
    const value = lossAt(guess);
    if (value < best.loss) {
      best.params.set(guess);
      best.loss = value;
      best.evaluations = trial;
      progress.push({ evaluations: trial, loss: value });
    }
  }
  return { trials, box, best, progress };
}

/**
 * The full-data loss at any weights, computed as trainModel computes it (from the statistics for the
 * linear family under MSE, by a pass over the rows otherwise), so a guess and a gradient step that reach
 * the same weights are compared on the same number.
 */
export function fullDataLoss(prepared: PreparedModel): (params: Float64Array) => number {
  const { model, data, designStats, theory } = prepared;
  const grad = new Float64Array(model.parameterCount);
  if (designStats && theory) return (params) => designMseAndGradient(designStats, theory, params, grad);
  const rows = allRows(data.targets.length);
  return (params) => model.lossAndGradient(params, data, rows, grad);
}

/**
 * How many loss evaluations full-batch gradient descent (Keras SGD at `learningRate`, trained by
 * trainModel from `initial`) needs to reach `target`: one per step, counting the start (so a start already
 * at the target needs 1); null if it does not within `maxSteps` or blows up first.
 */
export function modelGradientDescentEvaluationsToReach(
  prepared: PreparedModel,
  target: number,
  {
    learningRate,
    initial,
    maxSteps = 100_000,
  }: { learningRate: number; initial: Float64Array; maxSteps?: number },
): number | null {
  let reachedAt: number | null = null;
  const run = trainModel(prepared, {
    optimizer: sgd({ learningRate }),
    initial,
    steps: maxSteps,
    historyEvery: maxSteps + 1,
    // The batch is all the data, so each batch loss is the loss at the step's start.
    onBatchEnd: (step, batchLoss) => {
      if (batchLoss <= target) reachedAt = step + 1;
      return reachedAt !== null;
    },
  });
  if (reachedAt === null && run.status !== "diverged" && run.final.loss <= target) reachedAt = run.steps + 1;
  return reachedAt;
}

/** Each column's mean and population standard deviation, from row-major values with `width` columns. */
function columnMoments(values: Float64Array, width: number) {
  const rows = values.length / width;
  const means = new Float64Array(width);
  const deviations = new Float64Array(width);
  for (let j = 0; j < width; j++) {
    let sum = 0;
    for (let r = 0; r < rows; r++) sum += values[r * width + j] as number;
    const mean = rows > 0 ? sum / rows : 0;
    let squares = 0;
    for (let r = 0; r < rows; r++) squares += ((values[r * width + j] as number) - mean) ** 2;
    means[j] = mean;
    deviations[j] = rows > 0 ? Math.sqrt(squares / rows) : 0;
  }
  return { means, deviations };
}
