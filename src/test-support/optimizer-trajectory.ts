/**
 * What the optimizer tests share: the gradients of their worked examples, a runner that records the
 * parameters and slots after every update, and the checks they make on the results.
 */
import { expect } from "vitest";
import { LrlabError } from "../core/errors.js";
import type { Optimizer } from "../core/optimizers/optimizer.js";

/** Decimal digits to which a worked example must match: all but the last couple of a double. */
export const DIGITS = 14;

/** The gradients of the worked examples in every optimizer test, one row per update. */
export const GRADIENTS: readonly (readonly number[])[] = [
  [1, 2],
  [0.5, -1],
  [-2, 4],
];

/** Applies one update per gradient and returns copies of the parameters and slots after each. */
export function trajectory(
  optimizer: Optimizer,
  w0: readonly number[],
  gradients: readonly (readonly number[])[],
  rates: number | readonly number[],
): { w: number[][]; slots: Record<string, number[]>[] } {
  const params = Float64Array.from(w0);
  const state = optimizer.init(params.length);
  const w: number[][] = [];
  const slots: Record<string, number[]>[] = [];
  gradients.forEach((g, k) => {
    optimizer.apply(
      params,
      Float64Array.from(g),
      state,
      typeof rates === "number" ? rates : (rates[k] as number),
    );
    w.push(Array.from(params));
    slots.push(
      Object.fromEntries(Object.entries(state.slots).map(([name, slot]) => [name, Array.from(slot)])),
    );
  });
  return { w, slots };
}

/** Expects `actual` to have the length of `expected` and to match it entry by entry to {@link DIGITS}. */
export function expectClose(actual: readonly number[] | undefined, expected: readonly number[]): void {
  expect(actual).toHaveLength(expected.length);
  expected.forEach((value, i) => {
    expect(actual?.[i]).toBeCloseTo(value, DIGITS);
  });
}

/** The `LrlabError` that `action` throws; any other outcome fails the test. */
export function errorOf(action: () => unknown): LrlabError {
  try {
    action();
  } catch (error) {
    if (error instanceof LrlabError) return error;
    throw error;
  }
  throw new Error("expected an LrlabError");
}
