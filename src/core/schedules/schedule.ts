/**
 * A learning-rate schedule is a plain function from the optimizer's update counter to a rate.
 *
 * `step` is Keras's `optimizer.iterations`: 0 for the first update. The rate `schedule(k)` is the one
 * used for the update that takes the parameters from step k to step k + 1.
 */
export type Schedule = (step: number) => number;
