/**
 * Models: the line's losses, linear and polynomial features with their exact theory, Keras Dense networks, sharpness.
 *
 * - features: Input columns as a model sees them: z-scored (`--standardize`, as scikit-learn's StandardScaler and Keras Normalization: the population standard deviation) and expanded into polynomial features x, x², …, xᵏ.
 * - glorot: Keras glorot_uniform kernels from a seed, zero biases.
 * - linear-theory: The exact theory of a linear model with several features, y ≈ X·w + b, under MSE (no ½): the generalization of stats.ts and theory.ts from one x to d columns.
 * - losses: The losses, Keras's definitions, each with its analytic gradient for the linear model y = w·x + b.
 * - mlp: A multilayer perceptron of Keras Dense layers, `y = act(x·kernel + bias)`, with exact backpropagation and an exact Hessian-vector product, in Float64.
 * - model-spec: Which model a run fits, as plain data, and the model, its inputs and its exact theory built from it.
 * - model: The model abstraction: what training, sharpness and the Keras weight layout need from any model.
 * - predictions: A prepared model's predictions on new raw inputs, through the same standardization and polynomial features as its training data.
 * - sharpness: Sharpness: the largest eigenvalue λmax of the full-data loss Hessian, and 2/λmax, the learning rate above which full-batch gradient descent diverges along the sharpest direction (Cohen et al. 2021).
 * - symmetric-eigen: Eigenvalues and eigenvectors of a small symmetric matrix by the cyclic Jacobi method (Golub & Van Loan, "Matrix Computations", §8.5): plane rotations that zero one off-diagonal entry at a time until the off-diagonal mass is negligible.
 */

export * from "./features.js";
export * from "./glorot.js";
export * from "./linear-theory.js";
export * from "./losses.js";
export * from "./mlp.js";
export * from "./model.js";
export * from "./model-spec.js";
export * from "./predictions.js";
export * from "./sharpness.js";
export * from "./symmetric-eigen.js";
