/**
 * `reduceLROnPlateau(options)`: Keras's `keras.callbacks.ReduceLROnPlateau` for `model.fit`, with Keras's
 * arguments and defaults (`monitor: "val_loss"`, `factor: 0.1`, `patience: 10`, `minDelta: 1e-4`,
 * `cooldown: 0`, `minLr: 0`, `mode: "auto"`).
 *
 * The rule is the core's (src/core/callbacks/reduce-lr-on-plateau.ts, Keras's `on_epoch_end` line for
 * line); this file only connects it to TF.js: `on_train_begin` resets the counters, `on_epoch_end` reads
 * the monitored value from the epoch's logs and the rate from the optimizer, and sets the rate the rule
 * returns. As Keras does, it first writes the epoch's rate into the logs as `learning_rate`.
 *
 * One deviation: when the monitored quantity is not in the logs, Keras warns and does nothing; here that
 * is an error naming the quantities there are, because a plateau callback that can never fire (a typo,
 * or `val_loss` without validation data) is a bug, not a warning to scroll past.
 */
import * as tf from "@tensorflow/tfjs";
import {
  type ReduceLROnPlateauOptions as CoreOptions,
  type ReduceLROnPlateau as PlateauRule,
  type PlateauState,
  reduceLROnPlateau as plateauRule,
} from "../core/callbacks/reduce-lr-on-plateau.js";
import { LrlabError } from "../core/errors.js";
import { learningRateOf, optimizerOf, rateAccessOf, setLearningRate } from "./learning-rate.js";
import { LEARNING_RATE_LOG_KEY } from "./learning-rate-scheduler.js";
import { type CallbackLogs, readLogs } from "./logs.js";

export interface ReduceLROnPlateauOptions extends CoreOptions {
  /** Keras `verbose`: 1 prints a line on each reduction (through `log`). */
  verbose?: 0 | 1;
  /** Where verbose lines go; default `console.log`. */
  log?: (line: string) => void;
}

const WHO = "reduceLROnPlateau";

/** One reduction: the epoch (as `fit` counts it, from 0) after which the rate went from `from` to `to`. */
export interface PlateauReduction {
  readonly epoch: number;
  readonly from: number;
  readonly to: number;
}

/** The callback {@link reduceLROnPlateau} returns. */
export class ReduceLROnPlateauCallback extends tf.Callback {
  /** The core rule, with its resolved Keras configuration (`rule.config`). */
  readonly rule: PlateauRule;
  /** Keras's counters (`best`, `wait`, `cooldownCounter`), plain data. */
  state: PlateauState;
  /** Every reduction made, in order. */
  readonly reductions: PlateauReduction[] = [];
  private readonly verbose: 0 | 1;
  private readonly log: (line: string) => void;

  constructor({ verbose = 0, log = console.log, ...options }: ReduceLROnPlateauOptions = {}) {
    super();
    // Keras's default monitor is val_loss (the core's is loss: it has no validation data).
    this.rule = plateauRule({ monitor: "val_loss", ...options });
    this.state = this.rule.init();
    this.verbose = verbose;
    this.log = log;
  }

  override async onTrainBegin(): Promise<void> {
    rateAccessOf(optimizerOf(this.model, WHO));
    // Keras on_train_begin: self._reset()
    this.state = this.rule.init();
  }

  override async onEpochEnd(epoch: number, logs?: CallbackLogs): Promise<void> {
    const optimizer = optimizerOf(this.model, WHO);
    const rate = learningRateOf(optimizer);
    if (logs) logs[LEARNING_RATE_LOG_KEY] = rate;
    const values = await readLogs(logs);
    const { monitor } = this.rule.config;
    const current = values[monitor];
    if (current === undefined) {
      const available = Object.keys(values).filter((key) => key !== LEARNING_RATE_LOG_KEY);
      throw new LrlabError(
        "E_BAD_ARGUMENT",
        `${WHO}: monitor "${monitor}" is not in the epoch's logs, which have ${available.length > 0 ? available.map((key) => `"${key}"`).join(", ") : "nothing"}${monitor.startsWith("val_") ? " (val_ quantities need validationData or validationSplit in model.fit)" : ""}`,
      );
    }
    const next = this.rule.onEpochEnd(this.state, current, rate);
    if (next !== rate) {
      setLearningRate(optimizer, next, WHO);
      this.reductions.push({ epoch, from: rate, to: next });
      if (this.verbose > 0)
        this.log(`Epoch ${epoch + 1}: ReduceLROnPlateau reducing learning rate to ${next}.`);
    }
  }
}

/**
 * Keras `ReduceLROnPlateau` for `model.fit`: multiplies the rate by `factor` once `monitor` has not
 * improved by more than `minDelta` for `patience` epochs, then waits `cooldown` epochs, never going
 * below `minLr`.
 *
 *     model.fit(x, y, { epochs: 50, validationSplit: 0.2, callbacks: [reduceLROnPlateau({ patience: 5 })] })
 */
export function reduceLROnPlateau(options: ReduceLROnPlateauOptions = {}): ReduceLROnPlateauCallback {
  return new ReduceLROnPlateauCallback(options);
}
