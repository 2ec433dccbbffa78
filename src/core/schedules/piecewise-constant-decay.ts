/**
 * Keras `keras.optimizers.schedules.PiecewiseConstantDecay`
 * (keras/src/optimizers/schedules/learning_rate_schedule.py).
 */
import type { ParamSpec } from "../params.js";
import { argumentError, checkArguments, type NameOf } from "./arguments.js";
import type { Schedule } from "./schedule.js";

export interface PiecewiseConstantDecayOptions {
  /** Keras `boundaries`: strictly increasing steps where the rate changes. */
  readonly boundaries: readonly number[];
  /** Keras `values`: the rate on each interval, one more than `boundaries`. */
  readonly values: readonly number[];
}

/** The arguments of {@link piecewiseConstantDecay}. It has no single initial rate, so it ignores `--lr`. */
export const piecewiseConstantDecayParams: readonly ParamSpec[] = [
  {
    key: "boundaries",
    keras: "boundaries",
    flag: "boundaries",
    kind: "numbers",
    description: "Strictly increasing steps where the rate changes",
  },
  {
    key: "values",
    keras: "values",
    flag: "values",
    kind: "numbers",
    min: 0,
    description: "Rate on each interval, one more than the boundaries",
  },
];

/**
 * Keras `PiecewiseConstantDecay`: `values[0]` while `step ≤ boundaries[0]`, `values[i]` while
 * `boundaries[i-1] < step ≤ boundaries[i]`, and the last value once `step > boundaries[last]`.
 * A boundary step still gets the rate of the interval it closes (Keras compares with `<=`).
 */
export function piecewiseConstantDecay(
  { boundaries, values, ...rest }: PiecewiseConstantDecayOptions,
  nameOf?: NameOf,
): Schedule {
  const specs = piecewiseConstantDecayParams;
  const name = checkArguments(specs, { ...rest, boundaries, values }, "piecewiseConstantDecay", nameOf);
  if (values.length !== boundaries.length + 1) {
    throw argumentError(
      specs,
      "values",
      name,
      `expected ${boundaries.length + 1} values (one more than the ${boundaries.length} boundaries), got ${values.length}`,
    );
  }
  for (let i = 1; i < boundaries.length; i++) {
    if (!((boundaries[i] as number) > (boundaries[i - 1] as number))) {
      throw argumentError(
        specs,
        "boundaries",
        name,
        `expected strictly increasing steps, got ${boundaries[i - 1]} then ${boundaries[i]}`,
      );
    }
  }
  // Copies, so a caller mutating its arrays later cannot change the schedule.
  const steps = [...boundaries];
  const rates = [...values];
  return (step) => {
    // Keras: Σ values[i]·[boundaries[i-1] < step ≤ boundaries[i]], with boundaries[-1] = −∞, boundaries[n] = +∞
    let interval = 0;
    while (interval < steps.length && step > (steps[interval] as number)) interval++;
    return rates[interval] as number;
  };
}
