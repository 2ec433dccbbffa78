/**
 * The lrlab side of each workload, through the built package's public API (dist/core/index.js), as a user
 * would call it.
 * The data is built inside the child (deterministic: the same numbers the C reference reads from disk)
 * and is not part of the timed region; `train` and `readCsv` are, whole.
 */
import { createReadStream, readFileSync } from "node:fs";
import Papa from "papaparse";
import { adam, readCsv, sgd, syntheticLine, train } from "../dist/core/index.js";
import { CSV_FILE, CSV_LOAD, DATA_SEED, N, TRAINING } from "./config.js";
import { timeRepeated, timeRepeatedAsync } from "./timing.js";

const OPTIMIZERS = { sgd, adam };

/** The optimizer of a workload, built fresh (its state lives in `train`, but build it per run anyway). */
export function optimizerOf(workload) {
  const spec = TRAINING[workload];
  return OPTIMIZERS[spec.optimizer]({ learningRate: spec.learningRate });
}

/** The `train` options of a workload, exactly as the issue words them. */
export function trainOptionsOf(workload) {
  const spec = TRAINING[workload];
  const options = { optimizer: optimizerOf(workload) };
  if (spec.steps !== undefined) options.steps = spec.steps;
  if (spec.batchSize !== undefined) options.batchSize = spec.batchSize;
  if (spec.epochs !== undefined) options.epochs = spec.epochs;
  if (spec.seed !== undefined) options.seed = spec.seed;
  return options;
}

export function benchmarkData() {
  return syntheticLine({ n: N, seed: DATA_SEED });
}

/** lrlab's `train` on a training workload: median of `reps` after `warmup` runs. */
export function lrlabTraining(workload) {
  const spec = TRAINING[workload];
  const data = benchmarkData();
  const timing = timeRepeated(() => train(data, trainOptionsOf(workload)), spec);
  const result = timing.value;
  return {
    ms: timing.ms,
    times: timing.times,
    note: `median of ${spec.reps} after ${spec.warmup} warm-up runs; ${result.steps} updates`,
    status: result.status,
    steps: result.steps,
    historyRows: result.history.length,
    w: result.final.w,
    b: result.final.b,
    loss: result.final.loss,
  };
}

/**
 * `csv-load`: read the file into numbers, with lrlab (`impl` "lrlab": what `lrlab fit --data` does, the
 * file streamed in 64 KiB pieces through readCsv into Float64Arrays) or plain papaparse ("library": the
 * whole text parsed into string arrays, the simplest use of the library).
 */
export async function csvLoad(impl) {
  const timing =
    impl === "lrlab"
      ? await timeRepeatedAsync(async () => {
          const stream = createReadStream(CSV_FILE, { encoding: "utf8", highWaterMark: 64 * 1024 });
          return (await readCsv(stream, { source: CSV_FILE })).x.length;
        }, CSV_LOAD)
      : timeRepeated(
          () => Papa.parse(readFileSync(CSV_FILE, "utf8"), { skipEmptyLines: true }).data.length - 1,
          CSV_LOAD,
        );
  return {
    ms: timing.ms,
    times: timing.times,
    rows: timing.value,
    note:
      impl === "lrlab"
        ? `createReadStream + readCsv (64 KiB pieces) → Float64Arrays; median of ${CSV_LOAD.reps}`
        : `readFileSync + Papa.parse(text, { skipEmptyLines: true }) → string arrays; median of ${CSV_LOAD.reps}`,
  };
}
