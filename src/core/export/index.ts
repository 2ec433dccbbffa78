/**
 * Export: what a script for another framework must reproduce of a run.
 *
 * - export-plan: A run as an export plan, plain data that the TF.js and Keras renderers put into words.
 */

export * from "./export-plan.js";
