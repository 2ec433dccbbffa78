/**
 * The lrlab side of each workload, through the built package (dist/core), as a user would call it.
 * The data is built inside the child (deterministic: the same numbers the C reference reads from disk)
 * and is not part of the timed region; `train` and `parseCsv` are, whole.
 */
import { readFileSync } from "node:fs";
import Papa from "papaparse";
import { parseCsv } from "../dist/core/csv.js";
import { syntheticLine } from "../dist/core/data.js";
import { adam } from "../dist/core/optimizers/adam.js";
import { sgd } from "../dist/core/optimizers/sgd.js";
import { train } from "../dist/core/train.js";
import { CSV_FILE, CSV_LOAD, DATA_SEED, N, TRAINING } from "./config.js";
import { timeRepeated } from "./timing.js";

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

/** `csv-load`: read the file and parse it, with lrlab (`impl` "lrlab") or plain papaparse ("library"). */
export function csvLoad(impl) {
  const load =
    impl === "lrlab"
      ? () => parseCsv(readFileSync(CSV_FILE, "utf8"), { source: CSV_FILE }).x.length
      : () => Papa.parse(readFileSync(CSV_FILE, "utf8"), { skipEmptyLines: true }).data.length - 1;
  const timing = timeRepeated(load, CSV_LOAD);
  return {
    ms: timing.ms,
    times: timing.times,
    rows: timing.value,
    note:
      impl === "lrlab"
        ? `readFileSync + parseCsv → Float64Arrays; median of ${CSV_LOAD.reps}`
        : `readFileSync + Papa.parse(text, { skipEmptyLines: true }) → string arrays; median of ${CSV_LOAD.reps}`,
  };
}
