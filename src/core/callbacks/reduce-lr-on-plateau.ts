/**
 * Keras 3 `keras.callbacks.ReduceLROnPlateau` (keras/src/callbacks/reduce_lr_on_plateau.py): lower the
 * rate by `factor` once the monitored quantity has not improved for `patience` epochs.
 *
 * It is not a `Schedule`: the next rate depends on the losses seen so far, not on the step alone. Like an
 * optimizer, it is configuration plus a pure rule over caller-owned plain state: call `init()` once, then
 * `onEpochEnd(state, value, rate)` after every epoch and train the next epoch at the rate it returns.
 * The state is three numbers (`best` is `null` until a value has been seen), so it round-trips through JSON
 * and a resumed run continues exactly.
 */
import { LrlabError } from "../errors.js";
import { type ParamSpec, resolveParams } from "../params.js";

/** Keras `mode`: `auto` watches for a decrease unless the monitor's name contains "acc". */
export type PlateauMode = "auto" | "min" | "max";

/**
 * How `minDelta` is read. `abs` (Keras, the default): an improvement beats the best by `minDelta`.
 * `rel` (PyTorch `ReduceLROnPlateau(threshold_mode="rel")`; asked for in keras-team/keras#15863): it
 * beats the best by the fraction `minDelta` of the best, so one setting works for losses of any scale.
 */
export type MinDeltaMode = "abs" | "rel";

export interface ReduceLROnPlateauOptions {
  /** Keras `monitor`: the name of the watched quantity (Keras defaults to "val_loss"; we have "loss"). */
  readonly monitor?: string;
  /** Keras `factor`: `new_lr = lr · factor`; must be < 1. */
  readonly factor?: number;
  /** Keras `patience`: epochs without improvement before the rate is reduced. */
  readonly patience?: number;
  /** Keras `min_delta`: the smallest change that counts as an improvement. */
  readonly minDelta?: number;
  /** Keras `cooldown`: epochs after a reduction during which waiting is suspended. */
  readonly cooldown?: number;
  /** Keras `min_lr`: the rate is never reduced below this. */
  readonly minLr?: number;
  /** Keras `mode`; see {@link PlateauMode}. */
  readonly mode?: PlateauMode;
  /** Absolute (Keras) or relative (PyTorch `threshold_mode`) `minDelta`; see {@link MinDeltaMode}. */
  readonly minDeltaMode?: MinDeltaMode;
}

/** The resolved configuration, Keras's arguments in camelCase with every default filled in. */
export interface ReduceLROnPlateauConfig {
  readonly monitor: string;
  readonly factor: number;
  readonly patience: number;
  readonly minDelta: number;
  readonly cooldown: number;
  readonly minLr: number;
  readonly mode: PlateauMode;
  readonly minDeltaMode: MinDeltaMode;
}

/** Keras's counters, as plain data owned by the caller. */
export interface PlateauState {
  /** Keras `best`: the best monitored value so far; `null` before the first (Keras's ±inf). */
  best: number | null;
  /** Keras `wait`: epochs since the last improvement, not counting cooldown. */
  wait: number;
  /** Keras `cooldown_counter`: cooldown epochs left. */
  cooldownCounter: number;
}

export interface ReduceLROnPlateau {
  readonly config: ReduceLROnPlateauConfig;
  /** Whether an improvement is a decrease (`min`) or an increase (`max`), from `mode` and `monitor`. */
  readonly direction: "min" | "max";
  /** Fresh counters, as Keras's `on_train_begin`. */
  init(): PlateauState;
  /**
   * Keras's `on_epoch_end`: updates `state` in place from the epoch's monitored value and returns the rate
   * for the next epoch (`learningRate` itself unless this epoch triggers a reduction).
   */
  onEpochEnd(state: PlateauState, monitoredValue: number, learningRate: number): number;
}

/** The CLI-facing arguments of {@link reduceLROnPlateau}; `monitor` is not a flag. */
export const reduceLROnPlateauParams: readonly ParamSpec[] = [
  {
    key: "factor",
    keras: "factor",
    flag: "factor",
    kind: "number",
    default: 0.1,
    min: 0,
    max: 1,
    maxExclusive: true,
    description: "Multiply the rate by this on a plateau",
  },
  {
    key: "patience",
    keras: "patience",
    flag: "patience",
    kind: "integer",
    default: 10,
    min: 0,
    description: "Epochs without improvement before reducing",
  },
  {
    // Keras does not forbid a negative min_delta, but it would count small worsenings as improvements.
    key: "minDelta",
    keras: "min_delta",
    flag: "min-delta",
    kind: "number",
    default: 1e-4,
    min: 0,
    description: "Smallest change that counts as an improvement",
  },
  {
    key: "cooldown",
    keras: "cooldown",
    flag: "cooldown",
    kind: "integer",
    default: 0,
    min: 0,
    description: "Epochs to wait after a reduction before counting again",
  },
  {
    key: "minLr",
    keras: "min_lr",
    flag: "min-lr",
    kind: "number",
    default: 0,
    min: 0,
    description: "Lower bound on the rate",
  },
  {
    key: "mode",
    keras: "mode",
    flag: "mode",
    kind: "choice",
    choices: ["auto", "min", "max"],
    default: "auto",
    description: "min: the monitored value should fall; max: rise; auto: max if its name contains acc",
  },
  {
    key: "minDeltaMode",
    keras: "threshold_mode",
    flag: "min-delta-mode",
    kind: "choice",
    choices: ["abs", "rel"],
    default: "abs",
    description:
      "abs: improve by min-delta (Keras); rel: by min-delta times the best (PyTorch threshold_mode)",
  },
];

/**
 * Keras `ReduceLROnPlateau`. `monitor` only names the quantity (and decides `auto` mode); the caller
 * passes its value to `onEpochEnd`. `nameOf` names an argument in errors (the CLI's flags); by default
 * `reduceLROnPlateau: minDelta`.
 */
export function reduceLROnPlateau(
  {
    monitor = "loss",
    factor = 0.1,
    patience = 10,
    minDelta = 1e-4,
    cooldown = 0,
    minLr = 0,
    mode = "auto",
    minDeltaMode = "abs",
    ...rest
  }: ReduceLROnPlateauOptions = {},
  nameOf: (spec: ParamSpec) => string = (spec) => `reduceLROnPlateau: ${spec.key}`,
): ReduceLROnPlateau {
  if (typeof monitor !== "string" || monitor.length === 0) {
    throw new LrlabError(
      "E_BAD_ARGUMENT",
      `reduceLROnPlateau: monitor: expected a metric name, got ${monitor}`,
    );
  }
  resolveParams(
    reduceLROnPlateauParams,
    { ...rest, factor, patience, minDelta, cooldown, minLr, mode, minDeltaMode },
    "reduceLROnPlateau",
    nameOf,
  );
  // In rel mode an improvement must beat best·(1 − minDelta): with minDelta ≥ 1 no positive loss ever
  // does, the rate is cut every `patience` epochs whatever the loss does. (PyTorch accepts it silently.)
  if (minDeltaMode === "rel" && minDelta >= 1) {
    const spec = (key: string) =>
      reduceLROnPlateauParams.find((candidate) => candidate.key === key) as ParamSpec;
    throw new LrlabError(
      "E_BAD_ARGUMENT",
      `${nameOf(spec("minDelta"))}: expected a number below 1 with ${nameOf(spec("minDeltaMode"))} "rel" (a loss cannot improve by 100% or more of its best), got ${minDelta}`,
    );
  }
  const config: ReduceLROnPlateauConfig = {
    monitor,
    factor,
    patience,
    minDelta,
    cooldown,
    minLr,
    mode,
    minDeltaMode,
  };
  const direction = mode === "min" || (mode === "auto" && !monitor.includes("acc")) ? "min" : "max";
  // Keras monitor_op (abs): min: current < best − min_delta;  max: current > best + min_delta.
  // PyTorch is_better (rel):  min: current < best·(1 − min_delta);  max: current > best·(1 + min_delta).
  // Written as best ∓ |best|·min_delta: the same for a positive best (every loss), and for a negative best
  // it still asks for a real improvement, where PyTorch's product would accept a worse value.
  // A non-finite value never improves (NaN compares false in Keras too; ±Infinity as a new best would
  // freeze it forever and does not survive JSON), and nothing beats a first finite value (Keras best = ±inf).
  const margin = (best: number): number => (minDeltaMode === "rel" ? Math.abs(best) * minDelta : minDelta);
  const improves = (current: number, best: number | null): boolean =>
    Number.isFinite(current) &&
    (best === null || (direction === "min" ? current < best - margin(best) : current > best + margin(best)));
  return {
    config,
    direction,
    init: () => ({ best: null, wait: 0, cooldownCounter: 0 }),
    onEpochEnd(state, monitoredValue, learningRate) {
      // Keras: an epoch in cooldown uses one cooldown epoch up and resets wait.
      if (state.cooldownCounter > 0) {
        state.cooldownCounter -= 1;
        state.wait = 0;
      }
      if (improves(monitoredValue, state.best)) {
        state.best = monitoredValue;
        state.wait = 0;
        return learningRate;
      }
      // Keras re-checks cooldown after the decrement: the epoch that uses up the last cooldown epoch
      // already counts towards patience.
      if (state.cooldownCounter > 0) return learningRate;
      state.wait += 1;
      // Keras: reduce once wait ≥ patience, and only while old_lr > min_lr (otherwise wait keeps growing).
      if (state.wait < patience || !(learningRate > minLr)) return learningRate;
      state.cooldownCounter = cooldown;
      state.wait = 0;
      // Keras: new_lr = max(old_lr · factor, min_lr)
      return Math.max(learningRate * factor, minLr);
    },
  };
}
