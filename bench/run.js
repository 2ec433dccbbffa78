/**
 * `npm run bench`: lrlab side by side with TensorFlow.js, a C reference loop and plain papaparse, on the
 * same data and the same update rules, in one run. Writes bench/results.json and prints a table.
 * See bench/README.md for what each workload measures and how to read the ratios.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { createRandom, syntheticLine } from "../dist/core/index.js";
import {
  BENCH_DIR,
  BINARY_FILE,
  C_BINARY,
  C_SOURCE,
  CSV_FILE,
  DATA_SEED,
  LANDSCAPE,
  MLP_BINARY_FILE,
  MODELS,
  N,
  OUT_DIR,
  REPO_DIR,
  RESULTS_FILE,
  SWEEPS,
  TRAINING,
} from "./config.js";
import { checkFloors, describeMachine, formatFloors, formatTable, withRatios } from "./report.js";
import { median, runChild } from "./timing.js";

const C_FLAGS = ["-O3", "-ffp-contract=off"];
const CHILD = join(BENCH_DIR, "child.js");
const REPORT_RSS = pathToFileURL(join(BENCH_DIR, "report-rss.js")).href;
/** The fit-memory floor is measured on the real CLI: a default full-batch fit and a batch-32 epoch. */
const CLI = join(REPO_DIR, "dist/cli/bin.js");
const MEMORY_RUNS = [
  { label: "full batch, 100 steps", args: [CLI, "fit", "--data", CSV_FILE, "--json"] },
  {
    label: "batch 32, 1 epoch",
    args: [CLI, "fit", "--data", CSV_FILE, "--batch-size", "32", "--epochs", "1", "--json"],
  },
];

const log = (message) => process.stderr.write(`${message}\n`);

/** The benchmark data: raw float64 for C (always rewritten, it is cheap) and CSV (written if absent). */
function writeData() {
  mkdirSync(OUT_DIR, { recursive: true });
  const data = syntheticLine({ n: N, seed: DATA_SEED });
  const columns = new Float64Array(2 * N);
  columns.set(data.x, 0);
  columns.set(data.y, N);
  writeFileSync(BINARY_FILE, new Uint8Array(columns.buffer));
  // The MLP's data: the first points of the same data, in the same layout.
  const points = MODELS["mlp-epoch"].points;
  const mlpColumns = new Float64Array(2 * points);
  mlpColumns.set(data.x.subarray(0, points), 0);
  mlpColumns.set(data.y.subarray(0, points), points);
  writeFileSync(MLP_BINARY_FILE, new Uint8Array(mlpColumns.buffer));
  if (!existsSync(CSV_FILE)) {
    log(`writing ${CSV_FILE}`);
    const chunks = ["x,y\n"];
    for (let start = 0; start < N; start += 100_000) {
      const lines = [];
      for (let i = start; i < Math.min(start + 100_000, N); i++) lines.push(`${data.x[i]},${data.y[i]}\n`);
      chunks.push(lines.join(""));
    }
    writeFileSync(CSV_FILE, chunks.join(""));
  }
}

/** Compiles bench/reference.c, or returns null (and says why) when there is no working `cc`. */
function compileReference() {
  try {
    execFileSync("cc", [...C_FLAGS, "-o", C_BINARY, C_SOURCE, "-lm"], {
      stdio: ["ignore", "ignore", "pipe"],
    });
    return { flags: `cc ${C_FLAGS.join(" ")}` };
  } catch (error) {
    log(`SKIPPING the C reference: could not compile it with cc (${error.message.split("\n")[0]})`);
    return null;
  }
}

/** The C port of random.ts must draw the same numbers, or the "same work" claim is void. */
function checkPrngPort() {
  const fromC = JSON.parse(execFileSync(C_BINARY, ["prng", "0"], { encoding: "utf8" }));
  const random = createRandom(0);
  const draws = Array.from({ length: 8 }, () => random.nextUint32());
  const integers = Array.from({ length: 8 }, () => random.integer(1_000_003));
  const same = JSON.stringify({ draws, integers }) === JSON.stringify(fromC);
  if (!same)
    throw new Error(`the C PRNG differs from random.ts: ${JSON.stringify({ fromC, draws, integers })}`);
}

function runC(workload) {
  const spec = TRAINING[workload];
  const args =
    workload === "full-batch-gd"
      ? [workload, BINARY_FILE, spec.cReps, spec.learningRate, spec.steps]
      : [
          workload,
          BINARY_FILE,
          spec.cReps,
          spec.cWarmup,
          spec.learningRate,
          spec.batchSize,
          spec.epochs,
          spec.seed,
        ];
  const result = JSON.parse(execFileSync(C_BINARY, args.map(String), { encoding: "utf8" }));
  const note =
    workload === "full-batch-gd"
      ? `naive: ${spec.steps} passes over all N points; median of ${spec.cReps}`
      : `same PRNG, shuffles, kernel, update, O(1) loss and history as lrlab; median of ${spec.cReps} after ${spec.cWarmup} warm-up`;
  return { workload, impl: "c", ...result, note };
}

/** The C MLP loop of `mlp-epoch` (see reference.c): the same glorot start, shuffles and backpropagation. */
function runMlpC() {
  const spec = MODELS["mlp-epoch"];
  const args = [
    "mlp-epoch",
    MLP_BINARY_FILE,
    spec.cReps,
    spec.cWarmup,
    spec.learningRate,
    spec.batchSize,
    spec.epochs,
    spec.seed,
    spec.hidden[0],
  ];
  const result = JSON.parse(execFileSync(C_BINARY, args.map(String), { encoding: "utf8" }));
  return {
    workload: "mlp-epoch",
    impl: "c",
    ...result,
    note: `same glorot start, shuffles, per-row backprop and SGD as lrlab (glibc tanh); median of ${spec.cReps} after ${spec.cWarmup} warm-up`,
  };
}

/**
 * Peak RSS in MB of `command args`, measured by the child itself at exit (bench/report-rss.js must be
 * preloaded with `--import`, as `args` here does), plus its wall time.
 */
function peakRss(command, args) {
  const file = join(OUT_DIR, `rss-${process.pid}.json`);
  rmSync(file, { force: true });
  const start = performance.now();
  const output = execFileSync(command, args, {
    encoding: "utf8",
    cwd: REPO_DIR,
    env: { ...process.env, LRLAB_BENCH_RSS_FILE: file },
    maxBuffer: 256 * 1024 * 1024,
  });
  const ms = performance.now() - start;
  const report = JSON.parse(readFileSync(file, "utf8"));
  rmSync(file, { force: true });
  return { rssMB: report.maxRSSKiB / 1024, ms, output: output.trim().slice(0, 300) };
}

/** Wall time in ms of one run of the real CLI in a fresh process, its output discarded. */
function cliWallMs(args) {
  const start = performance.now();
  execFileSync(process.execPath, [CLI, ...args], { cwd: REPO_DIR, stdio: ["ignore", "ignore", "inherit"] });
  return performance.now() - start;
}

/**
 * `sweep-full-batch`: `lrlab sweep` of 200 rates × 1000 full-batch steps against one `lrlab fit` of 1000
 * steps, both on the 1e6-row CSV as a user runs them, alternating over `rounds` fresh processes after one
 * untimed run of each (so both find the file in the page cache). Returns the two rows.
 */
function sweepFullBatchCli() {
  const spec = SWEEPS["sweep-full-batch"];
  const sweepArgs = [
    "sweep",
    "--data",
    CSV_FILE,
    "--from",
    spec.from,
    "--to",
    spec.to,
    "--count",
    spec.count,
  ];
  sweepArgs.push("--steps", spec.steps, "--json");
  const fitArgs = ["fit", "--data", CSV_FILE, "--lr", spec.fitLearningRate, "--steps", spec.steps, "--json"];
  const sweepCommand = sweepArgs.map(String);
  const fitCommand = fitArgs.map(String);
  cliWallMs(sweepCommand);
  cliWallMs(fitCommand);
  const sweepTimes = [];
  const fitTimes = [];
  for (let round = 0; round < spec.rounds; round++) {
    sweepTimes.push(cliWallMs(sweepCommand));
    fitTimes.push(cliWallMs(fitCommand));
  }
  const quoted = (args) => args.map((arg) => (arg === CSV_FILE ? "big-1e6.csv" : arg)).join(" ");
  return [
    {
      workload: "sweep-full-batch",
      impl: "lrlab",
      ms: median(sweepTimes),
      times: sweepTimes,
      note: `wall time of \`lrlab ${quoted(sweepCommand)}\` (loading the CSV included); median of ${spec.rounds}`,
    },
    {
      workload: "sweep-full-batch",
      impl: "fit",
      ms: median(fitTimes),
      times: fitTimes,
      note: `one fit: wall time of \`lrlab ${quoted(fitCommand)}\`; median of ${spec.rounds}`,
    },
  ];
}

/**
 * `landscape`: `lrlab landscape --grid 501` against `lrlab fit --steps 1` (loading the same CSV), both as
 * fresh processes of the real CLI, alternating over `rounds` after one untimed run of each; see config.js.
 * Returns the two rows; the landscape's JSON goes to bench/out and is removed afterwards.
 */
function landscapeCli() {
  const out = join(OUT_DIR, "landscape-501.json");
  const landscapeCommand = ["landscape", "--data", CSV_FILE, "--grid", String(LANDSCAPE.grid), "--out", out];
  const loadCommand = ["fit", "--data", CSV_FILE, "--steps", "1", "--json"];
  cliWallMs(landscapeCommand);
  cliWallMs(loadCommand);
  const landscapeTimes = [];
  const loadTimes = [];
  for (let round = 0; round < LANDSCAPE.rounds; round++) {
    landscapeTimes.push(cliWallMs(landscapeCommand));
    loadTimes.push(cliWallMs(loadCommand));
  }
  const grid = JSON.parse(readFileSync(out, "utf8"));
  if (grid.loss.length !== LANDSCAPE.grid || grid.loss[0].length !== LANDSCAPE.grid) {
    throw new Error(`landscape: expected a ${LANDSCAPE.grid}×${LANDSCAPE.grid} grid in ${out}`);
  }
  rmSync(out, { force: true });
  const quoted = (args) =>
    args
      .map((arg) => (arg === CSV_FILE ? "big-1e6.csv" : arg === out ? "landscape-501.json" : arg))
      .join(" ");
  return [
    {
      workload: "landscape",
      impl: "lrlab",
      ms: median(landscapeTimes),
      times: landscapeTimes,
      note: `wall time of \`lrlab ${quoted(landscapeCommand)}\` (loading the CSV included); median of ${LANDSCAPE.rounds}`,
    },
    {
      workload: "landscape",
      impl: "load",
      ms: median(loadTimes),
      times: loadTimes,
      note: `loading the data: wall time of \`lrlab ${quoted(loadCommand)}\`; median of ${LANDSCAPE.rounds}`,
    },
  ];
}

/** One row from several rounds of the same measurement: the median of all their timed runs. */
function pooled(rounds) {
  const last = rounds[rounds.length - 1];
  if (rounds.length === 1) return last;
  const times = rounds.flatMap((round) => round.times);
  const consistent = rounds.every((round) => round.w === last.w && round.b === last.b);
  if (!consistent) throw new Error(`${last.workload} ${last.impl}: rounds ended at different (w, b)`);
  return {
    ...last,
    ms: median(times),
    times,
    note: `${last.note}; ×${rounds.length} rounds, ${times.length} runs pooled`,
  };
}

function relativeDifference(a, b) {
  return Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b));
}

async function main() {
  const started = performance.now();
  writeData();
  const cCompiler = compileReference();
  if (cCompiler) checkPrngPort();

  const rows = [];
  const measure = (label, run, keep = true) => {
    log(`… ${label}`);
    const row = run();
    log(`  ${row.ms === null ? "" : `${row.ms.toFixed(2)} ms`}${row.note ? `  (${row.note})` : ""}`);
    if (keep) rows.push(row);
    return row;
  };
  const child = (workload, impl) => () => runChild(process.execPath, [CHILD, workload, impl]);

  let tfjs = null;
  const agreement = [];
  let sharpnessAccuracy = null;
  for (const [workload, spec] of Object.entries(TRAINING)) {
    // lrlab and C alternate over `rounds`, so a slow spell of the (shared, virtual) machine hits both.
    const lrlabRounds = [];
    const cRounds = [];
    for (let round = 1; round <= spec.rounds; round++) {
      const of = spec.rounds > 1 ? ` (round ${round} of ${spec.rounds})` : "";
      lrlabRounds.push(measure(`${workload} lrlab${of}`, child(workload, "lrlab"), false));
      if (cCompiler) cRounds.push(measure(`${workload} c${of}`, () => runC(workload), false));
    }
    const lrlab = pooled(lrlabRounds);
    rows.push(lrlab);
    if (cCompiler) {
      const c = pooled(cRounds);
      rows.push(c);
      agreement.push({
        workload,
        lrlab: { w: lrlab.w, b: lrlab.b },
        c: { w: c.w, b: c.b },
        relativeDifference: Math.max(relativeDifference(lrlab.w, c.w), relativeDifference(lrlab.b, c.b)),
      });
    }
    const tf = measure(`${workload} tfjs`, child(workload, "tfjs"));
    tfjs = tf.tfjs;
  }
  // mlp-epoch: lrlab and the C loop alternate over rounds, then TF.js once.
  {
    const spec = MODELS["mlp-epoch"];
    const lrlabRounds = [];
    const cRounds = [];
    for (let round = 1; round <= spec.rounds; round++) {
      const of = ` (round ${round} of ${spec.rounds})`;
      lrlabRounds.push(measure(`mlp-epoch lrlab${of}`, child("mlp-epoch", "lrlab"), false));
      if (cCompiler) cRounds.push(measure(`mlp-epoch c${of}`, runMlpC, false));
    }
    const lrlab = pooled(lrlabRounds);
    rows.push(lrlab);
    if (cCompiler) {
      const c = pooled(cRounds);
      rows.push(c);
      agreement.push({
        workload: "mlp-epoch",
        lrlab: { w: lrlab.w, b: lrlab.b },
        c: { w: c.w, b: c.b },
        relativeDifference: Math.max(relativeDifference(lrlab.w, c.w), relativeDifference(lrlab.b, c.b)),
      });
    }
    measure("mlp-epoch tfjs", child("mlp-epoch", "tfjs"));
  }
  // mlp-sharpness: the plain run and the tracked one alternate over rounds.
  {
    const { rounds } = MODELS["mlp-sharpness"];
    const byImpl = { lrlab: [], tracked: [] };
    for (let round = 1; round <= rounds; round++) {
      for (const impl of ["lrlab", "tracked"]) {
        byImpl[impl].push(
          measure(`mlp-sharpness ${impl} (round ${round} of ${rounds})`, child("mlp-sharpness", impl), false),
        );
      }
    }
    rows.push(pooled(byImpl.lrlab), pooled(byImpl.tracked));
    const last = byImpl.tracked.at(-1);
    sharpnessAccuracy = {
      ...MODELS["mlp-sharpness"].sharpness,
      every: MODELS["mlp-sharpness"].every,
      measurements: last.measurements,
      meanProducts: last.meanProducts,
      maxRelativeError: last.maxRelativeError,
      firstSharpness: last.firstSharpness,
      lastSharpness: last.lastSharpness,
    };
  }
  measure("csv-load lrlab", child("csv-load", "lrlab"));
  measure("csv-load library", child("csv-load", "library"));
  for (const { label, args } of MEMORY_RUNS) {
    measure(`fit-memory lrlab (${label})`, () => {
      const { rssMB, ms } = peakRss(process.execPath, ["--import", REPORT_RSS, ...args]);
      return {
        workload: "fit-memory",
        impl: "lrlab",
        ms,
        rssMB,
        note: `peak RSS ${rssMB.toFixed(1)} MB of \`lrlab fit --data big-1e6.csv${label.startsWith("batch") ? " --batch-size 32 --epochs 1" : ""} --json\` (${label}); ms = its wall time`,
      };
    });
  }

  log("… sweep-full-batch: lrlab sweep and lrlab fit, alternating");
  for (const row of sweepFullBatchCli()) {
    log(`  ${row.impl} ${row.ms.toFixed(0)} ms`);
    rows.push(row);
  }
  measure("sweep-full-batch-core lrlab", child("sweep-full-batch-core", "lrlab"));
  measure("sweep-full-batch-core train", child("sweep-full-batch-core", "train"));
  const parallelRounds = { lrlab: [], "one-worker": [] };
  const { rounds } = SWEEPS["sweep-parallel"];
  for (let round = 1; round <= rounds; round++) {
    for (const impl of ["lrlab", "one-worker"]) {
      const label = `sweep-parallel ${impl === "lrlab" ? "lrlab (all cores)" : impl} (round ${round} of ${rounds})`;
      parallelRounds[impl].push(measure(label, child("sweep-parallel", impl), false));
    }
  }
  const allCores = pooled(parallelRounds.lrlab);
  const oneWorker = pooled(parallelRounds["one-worker"]);
  rows.push(allCores, oneWorker);
  const digests = new Set(
    [...parallelRounds.lrlab, ...parallelRounds["one-worker"]].map((row) => row.digest),
  );
  if (digests.size !== 1) {
    throw new Error("sweep-parallel: the sweep on all cores and on one worker found different runs");
  }

  log("… landscape: lrlab landscape --grid 501 and lrlab fit --steps 1, alternating");
  for (const row of landscapeCli()) {
    log(`  ${row.impl} ${row.ms.toFixed(0)} ms`);
    rows.push(row);
  }
  measure("landscape-core lrlab", child("landscape-core", "lrlab"));

  const results = withRatios(rows).map((row) => ({
    workload: row.workload,
    impl: row.impl,
    ms: row.ms,
    ratio: row.ratio,
    ...(row.extrapolated ? { extrapolated: true, measuredMs: row.measuredMs } : {}),
    ...(row.rssMB !== undefined ? { rssMB: row.rssMB } : {}),
    ...(row.note ? { note: row.note } : {}),
  }));
  const floors = checkFloors(results);
  const machine = describeMachine(tfjs, cCompiler);
  const report = {
    machine,
    date: new Date().toISOString(),
    data: `syntheticLine({ n: ${N}, seed: ${DATA_SEED} })`,
    results,
    floors,
    sameWork: agreement,
    sharpnessTracking: sharpnessAccuracy,
    sweepParallelSameRuns: allCores.digest === oneWorker.digest,
  };
  writeFileSync(RESULTS_FILE, `${JSON.stringify(report, null, 2)}\n`);

  const out = [
    "",
    formatTable(results),
    "",
    agreement.length === 0
      ? "Final (w, b) of lrlab vs C: not compared, the C reference was skipped."
      : "Final (w, b), lrlab vs C (mini-batch: the same work, so they should agree to ~1e-12; full batch: exact\nstatistics vs naive summation of the same iteration; mlp-epoch: the first and last parameter, where V8's\nMath.tanh and glibc's tanh round differently now and then):",
    ...agreement.map(
      (entry) =>
        `  ${entry.workload.padEnd(15)} lrlab (${entry.lrlab.w}, ${entry.lrlab.b})  c (${entry.c.w}, ${entry.c.b})  max relative difference ${entry.relativeDifference.toExponential(2)}`,
    ),
    `sweep-parallel: on ${allCores.workers} workers and on one, the same ${SWEEPS["sweep-parallel"].count} runs, bit for bit.`,
    sharpnessAccuracy
      ? `mlp-sharpness: tolerance ${sharpnessAccuracy.tolerance}, ${sharpnessAccuracy.measurements} measurements of ${sharpnessAccuracy.meanProducts.toFixed(2)} products each on average; λmax within ${sharpnessAccuracy.maxRelativeError.toExponential(2)} (relative) of a tight solve (tolerance 1e-12).`
      : "mlp-sharpness: not measured.",
    "",
    "Machine:",
    ...Object.entries(machine).map(([key, value]) => `  ${key.padEnd(9)} ${value ?? "—"}`),
    "",
    "Floors:",
    formatFloors(floors),
    "",
    `Wrote ${fileURLToPath(pathToFileURL(RESULTS_FILE))} in ${((performance.now() - started) / 1000).toFixed(0)} s.`,
  ];
  process.stdout.write(`${out.join("\n")}\n`);
  if (floors.some((entry) => entry.pass === false)) process.exitCode = 1;
}

await main();
