/**
 * Keras optimizers, one per file, with their update rule beside the code.
 *
 * - adagrad: Keras 3 `Adagrad`: divide each step by the root of the sum of all past squared gradients.
 * - adam: Keras 3 `Adam`, optionally with AMSGrad.
 * - common-params: The argument specs that several optimizer tables share.
 * - optimizer: What every optimizer is: a Keras update rule over a flat vector of parameters.
 * - registry: The one table of optimizers, and everything generated from it: creation by name (for the CLI, URL state and JSON config), the argument tables, the config round trip and the state round trip.
 * - rmsprop: Keras 3 `RMSprop`: divide the gradient by a running root mean square of recent gradients.
 * - sgd: Keras 3 `SGD`: gradient descent, optionally with (Nesterov) momentum.
 * - slots: Helpers shared by the update rules: make slots, find them again, and check sizes, all without allocating on the path that succeeds, so `apply` can sit in a hot loop.
 */

export * from "./adagrad.js";
export * from "./adam.js";
export * from "./common-params.js";
export * from "./optimizer.js";
export * from "./registry.js";
export * from "./rmsprop.js";
export * from "./sgd.js";
export * from "./slots.js";
