/**
 * The activations of Keras Dense layers, each with its first and second derivative: tanh, relu, sigmoid
 * and linear (Keras's default, `activation=None`). The passes work on small integer codes, so choosing
 * an activation costs one branch per layer, not a string comparison per unit.
 */

import { exp, tanh } from "../elementary.js";
import { LrlabError } from "../errors.js";
import { nearestName } from "../params.js";

export const ACTIVATION_NAMES = ["tanh", "relu", "sigmoid", "linear"] as const;
export type ActivationName = (typeof ACTIVATION_NAMES)[number];
export type OutputActivationName = "linear" | "sigmoid";

/** Validates an activation name, suggesting the nearest one. */
export function checkActivationName(name: string): ActivationName {
  if ((ACTIVATION_NAMES as readonly string[]).includes(name)) return name as ActivationName;
  const hint = nearestName(name, ACTIVATION_NAMES);
  throw new LrlabError(
    "E_BAD_ARGUMENT",
    `unknown activation "${name}"${hint ? ` (did you mean "${hint}"?)` : ""}; expected one of ${ACTIVATION_NAMES.join(", ")}`,
  );
}

export const TANH = 0;
export const RELU = 1;
export const SIGMOID = 2;
export const LINEAR = 3;

/** The code the passes use for an activation. */
export function activationCode(name: ActivationName): number {
  return name === "tanh" ? TANH : name === "relu" ? RELU : name === "sigmoid" ? SIGMOID : LINEAR;
}

/** a = act(z) and slope = act′(z) for the nodes [start, start + count): one loop per activation. */
export function activate(
  code: number,
  start: number,
  count: number,
  z: Float64Array,
  a: Float64Array,
  slope: Float64Array,
): void {
  const end = start + count;
  if (code === TANH) {
    for (let k = start; k < end; k++) {
      const t = tanh(z[k] as number);
      a[k] = t;
      slope[k] = 1 - t * t;
    }
  } else if (code === RELU) {
    // TF's relu gradient at 0 is 0; a NaN stays NaN, so a diverged run shows.
    for (let k = start; k < end; k++) {
      const value = z[k] as number;
      a[k] = Math.max(value, 0);
      slope[k] = value > 0 ? 1 : 0;
    }
  } else if (code === SIGMOID) {
    for (let k = start; k < end; k++) {
      const s = 1 / (1 + exp(-(z[k] as number)));
      a[k] = s;
      slope[k] = s * (1 - s);
    }
  } else {
    for (let k = start; k < end; k++) {
      a[k] = z[k] as number;
      slope[k] = 1;
    }
  }
}

/**
 * act″(z) at `node` from its activation and slope: tanh″ = −2·tanh·tanh′, sigmoid″ = σ′·(1 − 2σ), and 0 for
 * relu (off its kink) and linear.
 */
export function bendAt(code: number, a: Float64Array, slope: Float64Array, node: number): number {
  if (code === TANH) return -2 * (a[node] as number) * (slope[node] as number);
  if (code === SIGMOID) return (slope[node] as number) * (1 - 2 * (a[node] as number));
  return 0;
}
