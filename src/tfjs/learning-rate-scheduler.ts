/**
 * `learningRateScheduler(schedule, { per })`: a `model.fit` callback that sets the optimizer's rate from
 * any lrlab schedule, with Keras's semantics.
 *
 * - `per: "batch"` (the default) is what Keras does with a `LearningRateSchedule` passed to the
 *   optimizer: before each update the rate is `schedule(optimizer.iterations)`, the number of updates
 *   done so far, across epochs and across `fit` calls (the counter lives in the optimizer, as Keras's
 *   `optimizer.iterations` does). It is the `step` every lrlab schedule and the core's `train` use.
 * - `per: "epoch"` is Keras's `keras.callbacks.LearningRateScheduler`
 *   (keras/src/callbacks/learning_rate_scheduler.py): `on_epoch_begin(epoch)` sets
 *   `optimizer.learning_rate = schedule(epoch)`, with `epoch` as `fit` counts it (from `initialEpoch`).
 *
 * Either way, as Keras's callback does in `on_epoch_end`, the epoch's logs get `learning_rate`: the rate
 * of the epoch's last update, so the `History` that `fit` returns records it (TF.js runs `History` after
 * every user callback).
 *
 * As in Keras, a per-batch schedule and ReduceLROnPlateau in the same `fit` fight: the schedule sets its
 * own rate again before the next batch, undoing every reduction. Use them in turn, in two `fit` calls
 * (examples/cars-mpg.mjs warms up with a schedule, then hands over to ReduceLROnPlateau).
 */
import * as tf from "@tensorflow/tfjs";
import { LrlabError } from "../core/errors.js";
import type { Schedule } from "../core/schedules/schedule.js";
import { learningRateOf, optimizerOf, rateAccessOf, setLearningRate } from "./learning-rate.js";
import type { CallbackLogs } from "./logs.js";
import { checkOptionNames } from "./validate-options.js";

export interface LearningRateSchedulerOptions {
  /**
   * `batch`: the schedule's step is the optimizer's update counter (Keras `LearningRateSchedule`);
   * `epoch`: it is the epoch index (Keras `LearningRateScheduler`).
   */
  per?: "batch" | "epoch";
}

/** The key Keras 3 logs the rate under (Keras 2 used `lr`). */
export const LEARNING_RATE_LOG_KEY = "learning_rate";

const WHO = "learningRateScheduler";

/** The callback {@link learningRateScheduler} returns. */
export class LearningRateScheduler extends tf.Callback {
  readonly schedule: Schedule;
  readonly per: "batch" | "epoch";

  constructor(schedule: Schedule, options: LearningRateSchedulerOptions = {}) {
    super();
    if (typeof schedule !== "function") {
      throw new LrlabError(
        "E_BAD_ARGUMENT",
        `${WHO}: expected a schedule (step) => rate, got ${String(schedule)}`,
      );
    }
    checkOptionNames(options, ["per"], WHO);
    const { per = "batch" } = options;
    if (per !== "batch" && per !== "epoch") {
      throw new LrlabError(
        "E_BAD_ARGUMENT",
        `${WHO}: per: expected "batch" or "epoch", got ${JSON.stringify(per)}`,
      );
    }
    this.schedule = schedule;
    this.per = per;
  }

  override async onTrainBegin(): Promise<void> {
    // Refuse an optimizer whose rate cannot be set before any update runs at the wrong rate.
    rateAccessOf(optimizerOf(this.model, WHO));
  }

  override async onEpochBegin(epoch: number): Promise<void> {
    if (this.per === "epoch") this.apply(epoch);
  }

  override async onBatchBegin(): Promise<void> {
    if (this.per === "batch") this.apply(optimizerOf(this.model, WHO).iterations);
  }

  override async onEpochEnd(_epoch: number, logs?: CallbackLogs): Promise<void> {
    if (logs) logs[LEARNING_RATE_LOG_KEY] = learningRateOf(optimizerOf(this.model, WHO));
  }

  /** Sets the rate `schedule(step)`, refusing anything but a finite rate ≥ 0 (Keras: "should be a float"). */
  private apply(step: number): void {
    const rate = this.schedule(step);
    if (typeof rate !== "number" || !Number.isFinite(rate) || rate < 0) {
      throw new LrlabError(
        "E_BAD_ARGUMENT",
        `${WHO}: the schedule returned ${String(rate)} at ${this.per === "epoch" ? "epoch" : "step"} ${step}; expected a finite rate ≥ 0`,
      );
    }
    setLearningRate(optimizerOf(this.model, WHO), rate, WHO);
  }
}

/**
 * A callback for `model.fit` that sets the optimizer's learning rate from an lrlab schedule before every
 * update (`per: "batch"`, at the optimizer's update counter) or every epoch (`per: "epoch"`, at the
 * epoch index, as Keras's `LearningRateScheduler`).
 *
 *     model.fit(x, y, { epochs: 20, callbacks: [learningRateScheduler(cosineDecay({ initialLearningRate: 0.1, decaySteps: 200 }))] })
 */
export function learningRateScheduler(
  schedule: Schedule,
  options: LearningRateSchedulerOptions = {},
): LearningRateScheduler {
  return new LearningRateScheduler(schedule, options);
}
