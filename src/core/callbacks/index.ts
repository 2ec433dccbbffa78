/**
 * Keras callbacks that change the rate between epochs.
 *
 * - reduce-lr-on-plateau: Keras 3 `keras.callbacks.ReduceLROnPlateau` (keras/src/callbacks/reduce_lr_on_plateau.py): lower the rate by `factor` once the monitored quantity has not improved for `patience` epochs.
 */

export * from "./reduce-lr-on-plateau.js";
