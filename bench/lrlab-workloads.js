/**
 * The lrlab side of each workload, through the built package's public API (dist/core/index.js), as a user
 * would call it.
 * The data is built inside the child (deterministic: the same numbers the C reference reads from disk)
 * and is not part of the timed region; `train` and `readCsv` are, whole.
 */
import { createReadStream, readFileSync } from "node:fs";
import os from "node:os";
import Papa from "papaparse";
import { adam, linearStats, readCsv, sgd, syntheticLine, train } from "../dist/core/index.js";
import { CSV_FILE, CSV_LOAD, DATA_SEED, LANDSCAPE, N, SWEEPS, TRAINING } from "./config.js";
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

/**
 * The sweep's modules, loaded only by the sweep children (the training children must not pay for them).
 * The core sweep is not yet in the public index, so it comes from its own module.
 */
async function sweepModules() {
  const [core, workers] = await Promise.all([
    import("../dist/core/choosing/sweep.js"),
    import("../dist/cli/sweep-workers.js"),
  ]);
  return { ...core, ...workers };
}

/** The rates of a sweep workload: `count` log-spaced from `from` to `to`, both included. */
export function sweepRates(workload, { logSpacedRates }) {
  const spec = SWEEPS[workload];
  return logSpacedRates(spec.from, spec.to, spec.count);
}

/** What a sweep found, to check that two ways of running it agree: every run's final loss, in order. */
function sweepDigest(result) {
  return result.runs.map((run) => `${run.learningRate}:${run.regime}:${run.finalLoss}`).join(";");
}

/**
 * `sweep-full-batch` in-process, for the record: `impl` "lrlab" is `sweep` over the 200 rates, "train"
 * one `train` of the same length; both compute the statistics (one pass over the 1e6 points) inside the
 * timed region, the sweep once for all its rates.
 */
export async function sweepFullBatchCore(impl) {
  const spec = SWEEPS["sweep-full-batch"];
  const data = benchmarkData();
  if (impl === "train") {
    const timing = timeRepeated(
      () => train(data, { optimizer: sgd({ learningRate: spec.fitLearningRate }), steps: spec.steps }),
      spec.core,
    );
    return {
      ms: timing.ms,
      times: timing.times,
      note: `one train, ${spec.steps} full-batch steps (statistics included); median of ${spec.core.reps}`,
    };
  }
  const modules = await sweepModules();
  const learningRates = sweepRates("sweep-full-batch", modules);
  const timing = timeRepeated(() => modules.sweep(data, { learningRates, steps: spec.steps }), spec.core);
  return {
    ms: timing.ms,
    times: timing.times,
    digest: sweepDigest(timing.value),
    note: `sweep(data, { ${spec.count} rates, ${spec.steps} steps }), statistics once; median of ${spec.core.reps}`,
  };
}

/**
 * `sweep-parallel`: the mini-batch sweep as `lrlab sweep` runs it on worker threads, on `workers` of them
 * ("lrlab": one per core; "one-worker": one). Timed whole: statistics, copying the data into shared
 * memory, starting the workers, every run, the summary.
 */
export async function sweepParallel(impl) {
  const spec = SWEEPS["sweep-parallel"];
  const { prepareSweep, runOptionsFromPlan, summarizeSweep, sweepInParallel, ...modules } =
    await sweepModules();
  const data = benchmarkData();
  const learningRates = sweepRates("sweep-parallel", modules);
  const workers = impl === "one-worker" ? 1 : os.availableParallelism();
  const base = {
    loss: "mse",
    optimizer: { name: spec.optimizer, learningRate: 0.01, momentum: 0, nesterov: false },
    schedule: null,
    plateau: null,
    batchSize: spec.batchSize,
    epochs: spec.epochs,
    seed: spec.seed,
  };
  const run = async () => {
    const { runOptions, context } = prepareSweep(data, { ...runOptionsFromPlan(base), learningRates });
    const plan = { ...base, stats: runOptions.stats, tolerance: runOptions.tolerance };
    return summarizeSweep(await sweepInParallel(data, learningRates, plan, { workers }), context);
  };
  const timing = await timeRepeatedAsync(run, spec);
  return {
    ms: timing.ms,
    times: timing.times,
    workers,
    digest: sweepDigest(timing.value),
    note: `${spec.count} rates × ${spec.epochs} epochs, batch ${spec.batchSize}, on ${workers} worker thread${workers === 1 ? "" : "s"}; median of ${spec.reps} after ${spec.warmup} warm-up`,
  };
}

/**
 * `landscape-core`: the 501×501 MSE grid in-process on data already built, statistics included (one pass
 * over the 1e6 points, then O(1) per grid point). The core landscape is not yet in the public index, so it
 * comes from its own module.
 */
export async function landscapeCore() {
  const { landscape } = await import("../dist/core/landscape/landscape.js");
  const data = benchmarkData();
  const grid = landscape({ grid: LANDSCAPE.grid });
  const timing = timeRepeated(() => grid(linearStats(data)), LANDSCAPE.core);
  return {
    ms: timing.ms,
    times: timing.times,
    points: timing.value.values.length,
    note: `landscape({ grid: ${LANDSCAPE.grid} })(linearStats(data)): ${timing.value.values.length.toLocaleString("en-US")} values; median of ${LANDSCAPE.core.reps} after ${LANDSCAPE.core.warmup} warm-up`,
  };
}
