/**
 * Helpers shared by the update rules: make slots, find them again, and check sizes, all without allocating
 * on the path that succeeds, so `apply` can sit in a hot loop.
 */
import { LrlabError } from "../errors.js";
import type { OptimizerState } from "./optimizer.js";

/** A slot for `size` parameters, every entry `value` (Keras initialises most slots to zeros). */
export function filledSlot(size: number, value = 0): Float64Array {
  return new Float64Array(size).fill(value);
}

/**
 * The named slot of `state`, checked to hold one number per parameter. A missing or mis-sized slot means the
 * state was made by another optimizer or for another model (say, a resumed run with the wrong file), which
 * would otherwise read past the end as `undefined` and fill the parameters with NaN.
 */
export function slotOf(state: OptimizerState, name: string, size: number, owner: string): Float64Array {
  const slot = state.slots[name];
  if (slot === undefined || slot.length !== size) throw missingSlot(name, size, owner);
  return slot;
}

/** The number of parameters, after checking that there is one gradient per parameter. */
export function checkSizes(params: Float64Array, grad: Float64Array, owner: string): number {
  if (grad.length !== params.length) throw sizeMismatch(params, grad, owner);
  return params.length;
}

// The errors are built out of line: the checks above run on every update, inside the training loop, and
// V8 inlines a function there only while the loop's budget of inlined code lasts, which the messages'
// string building would spend.

function missingSlot(name: string, size: number, owner: string): LrlabError {
  return new LrlabError(
    "E_BAD_ARGUMENT",
    `${owner}: state has no "${name}" slot for ${size} parameters (was it made by this optimizer's init(${size})?)`,
  );
}

function sizeMismatch(params: Float64Array, grad: Float64Array, owner: string): RangeError {
  return new RangeError(`${owner}: ${grad.length} gradients for ${params.length} parameters`);
}
