/**
 * The decision-boundary view of a classifier on two inputs, from the run's final weights and the raw
 * columns: shared by `lrlab plot fit` and the model report so both draw the same figure.
 */
import { type Box, logisticBoundary, probabilityGrid } from "../core/models/decision-boundary.js";
import type { PreparedModel } from "../core/models/model-spec.js";
import { spanOf } from "./extent.js";
import type { BoundaryView } from "./figures/decision-boundary.js";

/** Cells along each side of the shading (and the grid an mlp's contour is traced on). */
const GRID_SIZE = 120;

/** The view at `params` for the raw columns `[a, b]` and 0/1 `labels`, drawing every `stride`-th point. */
export function boundaryView(
  prepared: PreparedModel,
  params: Float64Array,
  columns: readonly [ArrayLike<number>, ArrayLike<number>],
  labels: ArrayLike<number>,
  names: readonly [string, string],
  stride: number,
): BoundaryView {
  // 5% beyond the data on each side, so no point sits on the frame.
  const widen = ([low, high]: [number, number]): [number, number] => {
    const pad = 0.05 * (high - low);
    return [low - pad, high + pad];
  };
  const box: Box = { a: widen(spanOf(columns[0])), b: widen(spanOf(columns[1])) };
  const points: { a: number; b: number; label: number }[] = [];
  for (let r = 0; r < labels.length; r += stride) {
    points.push({ a: columns[0][r] as number, b: columns[1][r] as number, label: labels[r] as number });
  }
  // One cell more on each side (see BoundaryView.grid).
  const beyond = ([low, high]: readonly [number, number]): [number, number] => {
    const cell = (high - low) / GRID_SIZE;
    return [low - cell, high + cell];
  };
  const gridBox: Box = { a: beyond(box.a), b: beyond(box.b) };
  const size = GRID_SIZE + 2;
  return {
    kind: "boundary",
    points,
    aName: names[0],
    bName: names[1],
    box,
    grid: { size, values: probabilityGrid(prepared, params, gridBox, size), box: gridBox },
    line: prepared.spec.name === "logistic" ? logisticBoundary(prepared, params, box) : null,
    exact: prepared.spec.name === "logistic",
  };
}
