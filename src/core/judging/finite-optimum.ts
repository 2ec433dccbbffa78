/**
 * Whether binary cross-entropy has a finite minimum at all: on some data it does not, and a run that
 * "converges" is only sliding down a slope that never ends.
 *
 * - One class (every label 0, or every label 1; one row is always so): the bias alone drives every
 *   prediction toward that label, and the loss falls toward 0 as the bias grows without bound. Exact, for
 *   any model with a sigmoid output (logistic regression or a network).
 * - Separable (logistic regression): when some w·x + b puts every 1 strictly on one side and every 0 on the
 *   other, scaling (w, b) up sends the loss toward 0, and no finite weights attain it (Albert & Anderson
 *   1984, "On the existence of maximum likelihood estimates in logistic regression models"). With one input
 *   this is exact and cheap: the two classes' ranges of x do not overlap. With several inputs the check is
 *   the same, column by column: when one column separates the classes, the data are separable (exact when
 *   it fires), but data separated only by a slanted boundary are not detected (conservative).
 *   Networks are not checked: with enough units they can separate any distinct inputs.
 */
import type { PreparedModel } from "../models/model-spec.js";

export type NoFiniteOptimum =
  | {
      readonly reason: "one-class";
      /** The one label every row has. */
      readonly label: 0 | 1;
      readonly rows: number;
    }
  | {
      readonly reason: "separable";
      /** The feature (as the model sees it) that separates the classes. */
      readonly feature: string;
      /** The label of the rows at the feature's low end, and the two classes' facing edges. */
      readonly lowLabel: 0 | 1;
      /** The largest value of the low class and the smallest of the high class: lowEdge < highEdge. */
      readonly lowEdge: number;
      readonly highEdge: number;
    };

/** Why BCE has no finite minimum on this model's data, or null when it may have one (or the loss is not BCE). */
export function noFiniteOptimum(prepared: PreparedModel): NoFiniteOptimum | null {
  if (prepared.model.loss.name !== "bce") return null;
  const { inputs, targets, features } = prepared.data;
  const rows = targets.length;
  if (rows === 0) return null;
  const first = targets[0] as number;
  if (targets.every((label) => label === first)) {
    return { reason: "one-class", label: first === 1 ? 1 : 0, rows };
  }
  if (prepared.spec.name !== "logistic") return null;
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
    if (high0 < low1) return { reason: "separable", feature, lowLabel: 0, lowEdge: high0, highEdge: low1 };
    if (high1 < low0) return { reason: "separable", feature, lowLabel: 1, lowEdge: high1, highEdge: low0 };
  }
  return null;
}
