/**
 * Loss landscapes over (w, b): exact for MSE, direct for MAE and Huber.
 *
 * - landscape-direct: Landscapes of losses with no closed form (MAE, Huber;
 * - landscape: The loss over a grid of (w, b): the landscape gradient descent walks on.
 */

export * from "./landscape.js";
export * from "./landscape-direct.js";
