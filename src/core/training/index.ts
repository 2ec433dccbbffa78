/**
 * Training: the run's configuration, the loops (the line's and any model's), the history, and a run as JSON.
 *
 * - export: A run as plain data: the JSON document of `lrlab fit --json` and the history as CSV.
 * - history: A training history: one row per recorded step, stored as columns of typed arrays.
 * - run-config: A run's settings as plain data: the one source of truth for what a run is, and its rate.
 * - train-options: What the training loop can be asked: the options' types, their defaults, and the table that describes and validates the numeric ones (CLI flags come from it too).
 * - train: The training loop: y = w·x + b fitted by an optimizer, with divergence as a result, not a crash.
 * - train-model: The training loop for any model: train.ts's Keras semantics on a parameter vector of any length, with sharpness tracking.
 */

export * from "./export.js";
export * from "./history.js";
export * from "./run-config.js";
export * from "./train.js";
export * from "./train-model.js";
export * from "./train-options.js";
