/**
 * `terminateOnNaN()`: Keras's `keras.callbacks.TerminateOnNaN` (keras/src/callbacks/terminate_on_nan.py)
 * for `model.fit`. After each batch, a loss that is NaN or ±Infinity stops training gracefully
 * (`model.stopTraining = true`, which TF.js checks after every batch), so the other callbacks still see
 * the end of the epoch and of training.
 */
import * as tf from "@tensorflow/tfjs";
import { LrlabError } from "../core/errors.js";
import { type CallbackLogs, readLogs } from "./logs.js";
import { checkOptionNames } from "./validate-options.js";

export interface TerminateOnNaNOptions {
  /** Where the line "Batch 3: Invalid loss, terminating training" goes; default `console.log`. */
  log?: (line: string) => void;
}

/** The callback {@link terminateOnNaN} returns. */
export class TerminateOnNaN extends tf.Callback {
  /** The batch (within its epoch) and epoch whose loss was invalid, once it has happened. */
  stoppedAt: { epoch: number; batch: number; loss: number } | null = null;
  private epoch = 0;
  private readonly log: (line: string) => void;

  constructor(options: TerminateOnNaNOptions = {}) {
    super();
    checkOptionNames(options, ["log"], "terminateOnNaN");
    const { log = console.log } = options;
    this.log = log;
  }

  override async onTrainBegin(): Promise<void> {
    this.stoppedAt = null;
  }

  override async onEpochBegin(epoch: number): Promise<void> {
    this.epoch = epoch;
  }

  override async onBatchEnd(batch: number, logs?: CallbackLogs): Promise<void> {
    const { loss } = await readLogs(logs);
    // Keras: if loss is not None and (np.isnan(loss) or np.isinf(loss))
    if (loss !== undefined && !Number.isFinite(loss)) {
      this.log(`Batch ${batch}: Invalid loss, terminating training`);
      this.stoppedAt = { epoch: this.epoch, batch, loss };
      // TF.js types `model` as always set; it is null until fit hands it over.
      const model = this.model as tf.LayersModel | null;
      if (model == null) {
        throw new LrlabError(
          "E_USAGE",
          "terminateOnNaN: no model: pass the callback to model.fit({ callbacks: [...] })",
        );
      }
      model.stopTraining = true;
    }
  }
}

/** Keras `TerminateOnNaN`: stops `model.fit` after the first batch whose loss is NaN or infinite. */
export function terminateOnNaN(options: TerminateOnNaNOptions = {}): TerminateOnNaN {
  return new TerminateOnNaN(options);
}
