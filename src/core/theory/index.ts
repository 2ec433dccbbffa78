/**
 * Exact theory of linear MSE: optimum, eigenvalues, the bounds a rate must respect, the fastest rate.
 *
 * - curvature: The sharpest curvature of the loss, estimated for any loss the core can differentiate.
 * - fastest-from-start: The fastest constant rate from a given start, in any number of eigen-directions.
 * - fastest-rate: Which rate to use, exactly, for full-batch gradient descent on linear MSE.
 * - local-bound: The stability bound of the Huber loss near its best line: the one bound it has, and only there.
 * - regime: What a learning rate does: the one vocabulary every face uses.
 * - robust-optimum: The best line, and its loss, under MAE and Huber: what "reached" is measured against when the loss is not MSE.
 * - theory: Exact theory of full-batch gradient descent on the linear model with MSE.
 * - trust: Numbers that cannot be trusted are refused, not printed.
 */

export * from "./curvature.js";
export * from "./fastest-from-start.js";
export * from "./fastest-rate.js";
export * from "./local-bound.js";
export * from "./regime.js";
export * from "./robust-optimum.js";
export * from "./theory.js";
export * from "./trust.js";
