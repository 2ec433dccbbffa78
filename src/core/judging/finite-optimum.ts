/**
 * Whether binary cross-entropy has a finite minimum at all: on some data it does not, and a run that
 * "converges" is only sliding down a slope that never ends.
 *
 * - One class (every label 0, or every label 1; one row is always so): the bias alone drives every
 *   prediction toward that label, and the loss falls toward 0 as the bias grows without bound. Exact, for
 *   any model with a sigmoid output (logistic regression or a network).
 * - Logistic regression: no finite minimum exactly when the classes are completely or quasi-completely
 *   separated by a hyperplane in the model's inputs (Albert & Anderson 1984, "On the existence of maximum
 *   likelihood estimates in logistic regression models"), decided by linear programs
 *   (linear-separation.ts). One column that separates on its own is named as such (the simplest reason a
 *   learner can check); otherwise the boundary the LP found is given.
 * - A network (mlp, sigmoid output): complete linear separation is sufficient. A first hidden unit
 *   sharpened along the boundary passes the two sides apart through any of the activations (tanh, relu,
 *   sigmoid, linear), so the loss's infimum is 0, and no finite weights reach it. It is not necessary:
 *   a network can also separate data no line separates (XOR), which is not checked. Quasi-complete
 *   separation is not claimed for a network: the rows on the boundary may be fitted better at finite
 *   weights by a curved boundary, so whether a minimum exists is not known from the line alone.
 *
 * Standardizing is an affine map of each column, which changes no separation; the check runs on the
 * features the model sees, so a boundary is named on them. It is one LP per prepared model, however many
 * runs (a sweep's) ask: the answer is remembered for that PreparedModel object.
 */
import type { PreparedModel } from "../models/model-spec.js";
import { linearSeparation } from "./linear-separation.js";

/** Which model the claim is about: a separation means a little less for a network (see above). */
export type SeparatedModel = "logistic" | "mlp";

export type NoFiniteOptimum =
  | {
      readonly reason: "one-class";
      /** The one label every row has. */
      readonly label: 0 | 1;
      readonly rows: number;
    }
  | {
      readonly reason: "separable";
      readonly model: SeparatedModel;
      /** The feature (as the model sees it) that separates the classes. */
      readonly feature: string;
      /** The label of the rows at the feature's low end, and the two classes' facing edges. */
      readonly lowLabel: 0 | 1;
      /** The largest value of the low class and the smallest of the high class: lowEdge < highEdge. */
      readonly lowEdge: number;
      readonly highEdge: number;
    }
  | {
      readonly reason: "linearly-separable";
      readonly model: SeparatedModel;
      /** Complete: every row strictly on its side. Quasi-complete: some rows on the boundary itself. */
      readonly separation: "complete" | "quasi-complete";
      /** The features (as the model sees them) the weights go with. */
      readonly features: readonly string[];
      /**
       * A separating boundary weights·x + bias = 0 on those features (the largest |weight| is 1): every
       * label 1 at > 0 (≥ 0 for quasi-complete), every label 0 at < 0 (≤ 0).
       */
      readonly weights: readonly number[];
      readonly bias: number;
      /** The rows on the boundary: 0 for complete separation. */
      readonly onBoundary: number;
    };

const remembered = new WeakMap<PreparedModel, NoFiniteOptimum | null>();

/** Why BCE has no finite minimum on this model's data, or null when it may have one (or the loss is not BCE). */
export function noFiniteOptimum(prepared: PreparedModel): NoFiniteOptimum | null {
  if (!remembered.has(prepared)) remembered.set(prepared, decide(prepared));
  return remembered.get(prepared) ?? null;
}

function decide(prepared: PreparedModel): NoFiniteOptimum | null {
  if (prepared.model.loss.name !== "bce") return null;
  const { inputs, targets, features } = prepared.data;
  const rows = targets.length;
  if (rows === 0) return null;
  const first = targets[0] as number;
  if (targets.every((label) => label === first)) {
    return { reason: "one-class", label: first === 1 ? 1 : 0, rows };
  }
  const model: SeparatedModel | null =
    prepared.spec.name === "logistic" ? "logistic" : prepared.spec.name === "mlp" ? "mlp" : null;
  if (model === null) return null;
  const byColumn = separatingColumn(prepared, model);
  if (byColumn) return byColumn;
  const separation = linearSeparation(inputs, targets, features);
  if (separation.kind === "overlap" || separation.kind === "unknown") return null;
  if (model === "mlp" && separation.kind !== "complete") return null;
  return {
    reason: "linearly-separable",
    model,
    separation: separation.kind,
    features: prepared.featureNames.slice(0, features),
    weights: separation.weights,
    bias: separation.bias,
    onBoundary: separation.onBoundary,
  };
}

/** The first column whose two classes' ranges do not overlap: the simplest complete separation. */
function separatingColumn(prepared: PreparedModel, model: SeparatedModel): NoFiniteOptimum | null {
  const { inputs, targets, features } = prepared.data;
  const rows = targets.length;
  for (let j = 0; j < features; j++) {
    // The range of the feature within each class.
    const low = [Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY];
    const high = [Number.NEGATIVE_INFINITY, Number.NEGATIVE_INFINITY];
    for (let r = 0; r < rows; r++) {
      const value = inputs[r * features + j] as number;
      const label = targets[r] === 1 ? 1 : 0;
      low[label] = Math.min(low[label] as number, value);
      high[label] = Math.max(high[label] as number, value);
    }
    const [low0, low1] = low as [number, number];
    const [high0, high1] = high as [number, number];
    const feature = prepared.featureNames[j] ?? `feature ${j + 1}`;
    if (high0 < low1)
      return { reason: "separable", model, feature, lowLabel: 0, lowEdge: high0, highEdge: low1 };
    if (high1 < low0)
      return { reason: "separable", model, feature, lowLabel: 1, lowEdge: high1, highEdge: low0 };
  }
  return null;
}
