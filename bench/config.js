/**
 * What the benchmark measures, stated once: the data, the workloads, the repetitions and the floors.
 * Every child process and the report read this table, so a workload is changed in one place.
 */
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** Points in every workload: the built-in recipe (y = 2x + 1 + noise) scaled up. */
export const N = 1_000_000;
/** `syntheticLine({ n: N, seed: DATA_SEED })`. */
export const DATA_SEED = 1;

export const BENCH_DIR = fileURLToPath(new URL(".", import.meta.url));
export const REPO_DIR = join(BENCH_DIR, "..");
export const OUT_DIR = join(BENCH_DIR, "out");
/** The synthetic data as raw little-endian float64: x[0..N) then y[0..N), for the C reference. */
export const BINARY_FILE = join(OUT_DIR, "line-1e6.f64");
/** The same data as CSV, header `x,y`, for `csv-load` and `fit-memory`. */
export const CSV_FILE = join(OUT_DIR, "big-1e6.csv");
export const C_SOURCE = join(BENCH_DIR, "reference.c");
export const C_BINARY = join(OUT_DIR, "reference");
/** The first MODELS["mlp-epoch"].points points of the data, as BINARY_FILE, for the C MLP loop. */
export const MLP_BINARY_FILE = join(OUT_DIR, "line-1e4.f64");
export const RESULTS_FILE = join(BENCH_DIR, "results.json");

/**
 * The training workloads. lrlab and C alternate over `rounds` (a fresh process each) and report the
 * median of all their timed runs: `reps`/`cReps` per round, after `warmup`/`cWarmup` untimed ones (V8
 * needs several calls of `train` before its loop is fully optimized; the naive C full-batch loop takes
 * ~0.5 s a run and needs none). TF.js runs once after a short warm-up. `tfjsPoints` is the slice
 * model.fit is timed on before extrapolating to N.
 */
export const TRAINING = {
  "full-batch-gd": {
    optimizer: "sgd",
    learningRate: 0.1,
    steps: 1000,
    rounds: 1,
    warmup: 5,
    reps: 21,
    cWarmup: 0,
    cReps: 3,
  },
  "minibatch-sgd": {
    optimizer: "sgd",
    learningRate: 0.01,
    batchSize: 32,
    epochs: 1,
    seed: 0,
    rounds: 3,
    warmup: 10,
    reps: 25,
    cWarmup: 3,
    cReps: 25,
    tfjsPoints: 32_000,
  },
  "minibatch-adam": {
    optimizer: "adam",
    learningRate: 0.001,
    batchSize: 32,
    epochs: 1,
    seed: 0,
    rounds: 3,
    warmup: 10,
    reps: 25,
    cWarmup: 3,
    cReps: 25,
    tfjsPoints: 32_000,
  },
};

/**
 * Models in the core (issue 12): a Keras MLP, Dense(16, tanh) then Dense(1), on the first `points` points
 * of the benchmark data (`syntheticLine({ n: points, seed: DATA_SEED })`, the same numbers), MSE, Keras
 * SGD, glorot_uniform weights from `seed`.
 * - `mlp-epoch`: one epoch, batch 32 (313 updates), lrlab against TF.js `model.fit` and a C loop doing
 *   the same backpropagation; lrlab and C alternate over `rounds` fresh processes, as the line's
 *   mini-batch workloads do. TF.js fits all the points once, after a warm-up fit.
 * - `mlp-sharpness`: `steps` full-batch updates, plain (`lrlab`) and with the sharpness measured every
 *   `every` steps and at the last (`tracked`), each measurement warm-started from the last eigenvector.
 *   `sharpness` holds the power iteration's budget; see its comment for how it was chosen.
 */
export const MODELS = {
  "mlp-epoch": {
    hidden: [16],
    activation: "tanh",
    points: 10_000,
    learningRate: 0.01,
    batchSize: 32,
    epochs: 1,
    seed: 0,
    rounds: 3,
    warmup: 10,
    reps: 25,
    cWarmup: 3,
    cReps: 25,
  },
  "mlp-sharpness": {
    hidden: [16],
    activation: "tanh",
    points: 1_000,
    learningRate: 0.05,
    steps: 1000,
    every: 10,
    seed: 0,
    /**
     * The power iteration's budget, chosen to keep the overhead under 50%. The cost is the products: with
     * H·v at ~1.45 gradients (1-16-1 tanh, one-hidden-layer passes) and 10 gradients between measurements,
     * 50% allows ~3.4 products a measurement. Measured here (101 measurements, warm-started):
     *   tolerance 1e-6: 3.32 products on average (48 for the cold start), λmax within 2.9e-6 of a tight solve;
     *                   overhead ≈ 0.335 × 1.45 ≈ 49%, too close to the limit on a shared machine;
     *   tolerance 1e-5: 2.79 products (39 cold), within 3.0e-5;
     *   tolerance 1e-4: 2.46 products (30 cold), within 3.1e-4 (the cold start; 6e-6 once warm), ≈ 36%.
     * So 1e-4: λmax, and 2/λmax, to about 3 parts in 10,000, for about a third more time.
     */
    sharpness: { tolerance: 1e-4, maxIterations: 500 },
    rounds: 3,
    warmup: 1,
    reps: 3,
  },
};

export const CSV_LOAD = { warmup: 1, reps: 5 };

/**
 * The sweeps (`lrlab sweep`).
 * - `sweep-full-batch`: 200 log-spaced rates × 1000 full-batch steps against one 1000-step fit, both as
 *   the real CLI on the CSV (fresh processes, alternating, `rounds` each: loading the data included, as a
 *   user runs them). `core` times the same sweep and one `train` in-process on data already built, for
 *   the record (no floor): there the sweep's 200,000 O(1) steps are set against one statistics pass.
 * - `sweep-parallel`: a mini-batch sweep on worker threads, all cores against one worker; sized to take
 *   about two seconds on one, so each worker's fixed start (thread, JIT warm-up, sharing the data, ~0.1 s)
 *   is small beside the work it shares. Rates well below the critical rate (~0.31), so every run does the
 *   same work.
 *   The two alternate over `rounds` fresh processes, so a slow spell of the machine hits both.
 */
export const SWEEPS = {
  "sweep-full-batch": {
    from: 0.001,
    to: 1,
    count: 200,
    steps: 1000,
    fitLearningRate: 0.1,
    rounds: 5,
    core: { warmup: 3, reps: 11 },
  },
  "sweep-parallel": {
    optimizer: "sgd",
    from: 0.001,
    to: 0.1,
    count: 16,
    batchSize: 32,
    epochs: 10,
    seed: 0,
    rounds: 3,
    warmup: 1,
    reps: 2,
  },
};

/**
 * `lrlab landscape` (the issue: "a 501×501 grid on 1e6 points must cost at most 1.5× loading the data").
 * Measured as a user runs it, on the CLI: `landscape --data big-1e6.csv --grid 501 --out …json` against
 * `fit --data big-1e6.csv --steps 1 --json`, the cheapest command that loads the same file (read, parse,
 * validate, one statistics pass, one O(1) step, a two-row JSON history; `--steps 0` is refused, as it
 * judges nothing): "loading the data" as the CLI does it. Both
 * pay the same start-up and CSV parse, so their ratio is what the grid adds: 251,001 O(1) MSE values
 * from the statistics, the default run's path (100 O(1) steps) and writing ~4.6 MB of JSON. Fresh
 * processes alternate over `rounds` after one untimed run of each (both find the file in the page
 * cache). `core` times the grid alone in-process, `landscape({ grid: 501 })(linearStats(data))` on data
 * already built, for the record (no floor).
 */
export const LANDSCAPE = {
  grid: 501,
  rounds: 5,
  core: { warmup: 3, reps: 11 },
};

/** A TF.js run projected past this is timed in part and extrapolated linearly… */
export const TFJS_FULL_RUN_LIMIT_MS = 20_000;
/** …after timing at least this long. */
export const TFJS_PARTIAL_BUDGET_MS = 5_000;

/** The floors the issue sets; `ratio` is impl ms / lrlab ms. */
export const FLOORS = {
  fullBatchVsTfjs: 10_000,
  minibatchVsTfjs: 200,
  /** The line's mini-batch epoch within 1.5× of the C reference doing the same work. */
  minibatchVsC: 0.67,
  /** One MLP epoch: at least 30× TF.js model.fit, and within 2× of the C loop. */
  mlpVsTfjs: 30,
  mlpVsC: 0.5,
  /** Sharpness every 10 steps adds at most 50% to a full-batch MLP run. */
  sharpnessOverhead: 1.5,
  csvVsLibrary: 1.5,
  peakRssMB: 150,
  /** `lrlab sweep` of 200 rates × 1000 full-batch steps, against one `lrlab fit` of 1000 steps. */
  sweepVsFit: 1.5,
  /** All cores over one worker on a mini-batch sweep; the issue states it for 2 cores. */
  parallelSpeedup: 1.7,
  /** `lrlab landscape --grid 501` on the 1e6-row CSV, against `lrlab fit --steps 1` loading the same file. */
  landscapeVsLoad: 1.5,
};
