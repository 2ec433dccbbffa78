/**
 * `learningRateLogger()`: records, for every update `model.fit` makes, the rate the optimizer used and
 * the batch's loss, and for every epoch the logs `fit` reports (loss, val_loss, metrics). Its `toJSON()`
 * is a plain document that `lrlab plot history --from FILE` draws:
 *
 *     const logger = learningRateLogger();
 *     await model.fit(x, y, { epochs: 20, callbacks: [learningRateScheduler(schedule), logger] });
 *     writeFileSync("log.json", JSON.stringify(logger));
 *
 * The rate is read from the optimizer after the batch, so it is the one the update used whatever the order
 * of the callbacks (a scheduler sets it before the batch; ReduceLROnPlateau changes it after the epoch's
 * last batch). The step of an update is the optimizer's counter before it (Keras `optimizer.iterations`,
 * the `step` lrlab's schedules take), so a second `fit` continues where the first stopped, and the log
 * keeps growing across `fit` calls.
 */
import * as tf from "@tensorflow/tfjs";
import { learningRateOf, optimizerOf } from "./learning-rate.js";
import { LEARNING_RATE_LOG_KEY } from "./learning-rate-scheduler.js";
import { type CallbackLogs, readLogs } from "./logs.js";

/** The `format` field that identifies a learning-rate log. */
export const LEARNING_RATE_LOG_FORMAT = "lrlab/learning-rate-log";

/** The logger's JSON document (version 1). Non-finite numbers are written as `null`. */
export interface LearningRateLog {
  readonly format: typeof LEARNING_RATE_LOG_FORMAT;
  readonly version: 1;
  /** One entry per update, in order. */
  readonly batches: {
    /** The optimizer's update counter before the update: 0 for the first update of a fresh optimizer. */
    readonly step: number[];
    /** The epoch (as `fit` counts it) and the batch within it. */
    readonly epoch: number[];
    readonly batch: number[];
    /** The rate the update used. */
    readonly learningRate: number[];
    /** The batch's loss, computed before the update (TF.js's batch logs). */
    readonly loss: (number | null)[];
  };
  /** One entry per epoch, in order. */
  readonly epochs: {
    readonly epoch: number[];
    /** Updates done when the epoch ended (the step its end is drawn at). */
    readonly step: number[];
    /** The rate of the epoch's last update. */
    readonly learningRate: number[];
    /** Everything `fit` logged for the epoch (loss, val_loss, metrics), one value per epoch. */
    readonly logs: Record<string, (number | null)[]>;
  };
}

const WHO = "learningRateLogger";

const finiteOrNull = (value: number): number | null => (Number.isFinite(value) ? value : null);

/** The callback {@link learningRateLogger} returns. */
export class LearningRateLogger extends tf.Callback {
  private readonly batches = {
    step: [] as number[],
    epoch: [] as number[],
    batch: [] as number[],
    learningRate: [] as number[],
    loss: [] as number[],
  };
  private readonly epochs = {
    epoch: [] as number[],
    step: [] as number[],
    learningRate: [] as number[],
    logs: {} as Record<string, number[]>,
  };
  private epoch = 0;

  /** How many updates have been recorded. */
  get length(): number {
    return this.batches.step.length;
  }

  override async onEpochBegin(epoch: number): Promise<void> {
    this.epoch = epoch;
  }

  override async onBatchEnd(batch: number, logs?: CallbackLogs): Promise<void> {
    const optimizer = optimizerOf(this.model, WHO);
    const { loss } = await readLogs(logs);
    // The update has been applied: the counter has moved past it.
    this.batches.step.push(optimizer.iterations - 1);
    this.batches.epoch.push(this.epoch);
    this.batches.batch.push(batch);
    this.batches.learningRate.push(learningRateOf(optimizer));
    this.batches.loss.push(loss ?? Number.NaN);
  }

  override async onEpochEnd(epoch: number, logs?: CallbackLogs): Promise<void> {
    const optimizer = optimizerOf(this.model, WHO);
    const values = await readLogs(logs);
    delete values[LEARNING_RATE_LOG_KEY];
    const recorded = this.epochs.epoch.length;
    this.epochs.epoch.push(epoch);
    this.epochs.step.push(optimizer.iterations);
    this.epochs.learningRate.push(this.batches.learningRate.at(-1) ?? learningRateOf(optimizer));
    // Keep every series one value per epoch: a quantity first seen late is missing before.
    for (const key of Object.keys(values)) {
      this.epochs.logs[key] ??= new Array<number>(recorded).fill(Number.NaN);
    }
    for (const [key, series] of Object.entries(this.epochs.logs)) series.push(values[key] ?? Number.NaN);
  }

  /** The log as plain data, non-finite numbers as `null` (what `JSON.stringify(logger)` writes). */
  toJSON(): LearningRateLog {
    const { batches, epochs } = this;
    return {
      format: LEARNING_RATE_LOG_FORMAT,
      version: 1,
      batches: {
        step: [...batches.step],
        epoch: [...batches.epoch],
        batch: [...batches.batch],
        learningRate: [...batches.learningRate],
        loss: batches.loss.map(finiteOrNull),
      },
      epochs: {
        epoch: [...epochs.epoch],
        step: [...epochs.step],
        learningRate: [...epochs.learningRate],
        logs: Object.fromEntries(
          Object.entries(epochs.logs).map(([key, series]) => [key, series.map(finiteOrNull)]),
        ),
      },
    };
  }
}

/** A callback that records the rate and loss of every update (and every epoch's logs), ready to plot. */
export function learningRateLogger(): LearningRateLogger {
  return new LearningRateLogger();
}
