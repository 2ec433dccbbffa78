/**
 * Loss landscapes over (w, b): exact for MSE, direct for MAE and Huber; and slices through the parameters
 * of any model.
 *
 * - directions: Directions through a model's parameter space: random filter-normalized (Li et al. 2018), the top two Hessian eigenvectors, the line from the initial to the final weights.
 * - landscape-direct: Landscapes of losses with no closed form (MAE, Huber;
 * - landscape: The loss over a grid of (w, b): the landscape gradient descent walks on.
 * - model-landscape: A model's loss on a plane (or line) through the weights a run ended at, with the run's path projected onto it; the automatic ranges.
 * - slice: The loss on a plane or line through parameter space, and a path projected onto it by least squares.
 */

export * from "./directions.js";
export * from "./landscape.js";
export * from "./landscape-direct.js";
export * from "./model-landscape.js";
export * from "./slice.js";
