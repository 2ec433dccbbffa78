/**
 * What every optimizer is: a Keras update rule over a flat vector of parameters.
 *
 * An optimizer is configuration plus a pure update rule. Everything that changes between updates lives in
 * an {@link OptimizerState} owned by the caller: plain numbers and typed arrays that round-trip through
 * JSON, so a resumed run continues exactly (see `serializeOptimizerState`). Nothing derived is cached.
 *
 * The learning rate is passed to every update rather than stored, because a schedule decides it per
 * update: the training loop calls `apply(params, grad, state, schedule(state.iterations))`, which is
 * what Keras does when `learning_rate` is a `LearningRateSchedule`.
 */

/** The registered optimizer names. `momentum` is not one of them: it is `sgd({ momentum: 0.9 })`. */
export type OptimizerName = "sgd" | "rmsprop" | "adam" | "adagrad";

/** The slots an optimizer keeps between updates (Keras names, camelCase), plus the update counter. */
export interface OptimizerState {
  /** Keras `optimizer.iterations`: the number of updates applied so far; a schedule is evaluated at it. */
  iterations: number;
  /** Named per-parameter slots, e.g. `{ velocity }` for SGD with momentum, `{ m, v }` for Adam. */
  readonly slots: Record<string, Float64Array>;
}

export interface Optimizer<Config extends { learningRate: number } = { learningRate: number }> {
  readonly name: OptimizerName;
  /** The Keras arguments in camelCase, defaults filled in. `learningRate` is the default rate. */
  readonly config: Readonly<Config>;
  /** Fresh state for `size` parameters: every slot filled with its Keras initial value. */
  init(size: number): OptimizerState;
  /**
   * One update, in place: `params ← params + Δ(grad, state, learningRate)`; increments
   * `state.iterations`. Allocates nothing, so it can sit in a hot loop.
   */
  apply(params: Float64Array, grad: Float64Array, state: OptimizerState, learningRate: number): void;
}
