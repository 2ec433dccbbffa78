/**
 * A training history: one row per recorded step, stored as columns of typed arrays.
 *
 * Row i says: at update counter `step[i]` (after `epoch[i]` complete passes over the data) the
 * parameters were (`w[i]`, `b[i]`) with loss `loss[i]` on all the data, and the next update used
 * `learningRate[i]`.
 */
export interface History {
  readonly length: number;
  readonly step: Float64Array;
  readonly epoch: Float64Array;
  readonly learningRate: Float64Array;
  readonly loss: Float64Array;
  readonly w: Float64Array;
  readonly b: Float64Array;
}

export interface HistoryRow {
  step: number;
  epoch: number;
  learningRate: number;
  loss: number;
  w: number;
  b: number;
}

/** Preallocated columns for up to `capacity` rows, and a cursor that appends without allocating. */
export function createHistoryRecorder(capacity: number): {
  record(step: number, epoch: number, learningRate: number, loss: number, w: number, b: number): void;
  finish(): History;
} {
  const columns = {
    step: new Float64Array(capacity),
    epoch: new Float64Array(capacity),
    learningRate: new Float64Array(capacity),
    loss: new Float64Array(capacity),
    w: new Float64Array(capacity),
    b: new Float64Array(capacity),
  };
  let length = 0;
  return {
    record(step, epoch, learningRate, loss, w, b) {
      columns.step[length] = step;
      columns.epoch[length] = epoch;
      columns.learningRate[length] = learningRate;
      columns.loss[length] = loss;
      columns.w[length] = w;
      columns.b[length] = b;
      length++;
    },
    finish() {
      return {
        length,
        step: columns.step.subarray(0, length),
        epoch: columns.epoch.subarray(0, length),
        learningRate: columns.learningRate.subarray(0, length),
        loss: columns.loss.subarray(0, length),
        w: columns.w.subarray(0, length),
        b: columns.b.subarray(0, length),
      };
    },
  };
}

/** The rows of a history as plain objects, e.g. for JSON. */
export function historyRows(history: History): HistoryRow[] {
  const rows: HistoryRow[] = [];
  for (let i = 0; i < history.length; i++) {
    rows.push({
      step: history.step[i] as number,
      epoch: history.epoch[i] as number,
      learningRate: history.learningRate[i] as number,
      loss: history.loss[i] as number,
      w: history.w[i] as number,
      b: history.b[i] as number,
    });
  }
  return rows;
}
