/**
 * Turns the measurements into what a reader sees: ratios, the table, the floors and the machine.
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import os from "node:os";
import { FLOORS } from "./config.js";

/** Adds `ratio` = impl ms / lrlab ms of the same workload (1 for lrlab itself). */
export function withRatios(rows) {
  return rows.map((row) => {
    const lrlab = rows.find((other) => other.workload === row.workload && other.impl === "lrlab");
    const ratio = row.ms !== null && lrlab && row.rssMB === undefined ? row.ms / lrlab.ms : null;
    return { ...row, ratio };
  });
}

function ratioOf(rows, workload, impl) {
  return rows.find((row) => row.workload === workload && row.impl === impl)?.ratio ?? null;
}

function floor(name, value, limit, passes, skipped) {
  if (value === null) return { name, value: null, floor: limit, pass: null, note: skipped };
  return { name, value, floor: limit, pass: passes(value) };
}

/** The floors, each with its measured value. A floor whose measurement was skipped passes `null`. */
export function checkFloors(rows) {
  const atLeast = (limit) => (value) => value >= limit;
  const noC = "skipped: no C compiler";
  const csvLibrary = ratioOf(rows, "csv-load", "library");
  const rssRows = rows.filter((row) => row.workload === "fit-memory" && row.impl === "lrlab");
  const rss = rssRows.length === 0 ? null : Math.max(...rssRows.map((row) => row.rssMB));
  const sweepFit = ratioOf(rows, "sweep-full-batch", "fit");
  const landscapeLoad = ratioOf(rows, "landscape", "load");
  const cores = os.availableParallelism?.() ?? os.cpus().length;
  return [
    floor(
      `full-batch-gd: tfjs ms / lrlab ms ≥ ${FLOORS.fullBatchVsTfjs}`,
      ratioOf(rows, "full-batch-gd", "tfjs"),
      FLOORS.fullBatchVsTfjs,
      atLeast(FLOORS.fullBatchVsTfjs),
    ),
    ...["minibatch-sgd", "minibatch-adam"].flatMap((workload) => [
      floor(
        `${workload}: tfjs ms / lrlab ms ≥ ${FLOORS.minibatchVsTfjs}`,
        ratioOf(rows, workload, "tfjs"),
        FLOORS.minibatchVsTfjs,
        atLeast(FLOORS.minibatchVsTfjs),
      ),
      floor(
        `${workload}: c ms / lrlab ms ≥ ${FLOORS.minibatchVsC} (within 1.5× of the C loop)`,
        ratioOf(rows, workload, "c"),
        FLOORS.minibatchVsC,
        atLeast(FLOORS.minibatchVsC),
        noC,
      ),
    ]),
    floor(
      `mlp-epoch: tfjs ms / lrlab ms ≥ ${FLOORS.mlpVsTfjs}`,
      ratioOf(rows, "mlp-epoch", "tfjs"),
      FLOORS.mlpVsTfjs,
      atLeast(FLOORS.mlpVsTfjs),
    ),
    floor(
      `mlp-epoch: c ms / lrlab ms ≥ ${FLOORS.mlpVsC} (within 2× of the C loop)`,
      ratioOf(rows, "mlp-epoch", "c"),
      FLOORS.mlpVsC,
      atLeast(FLOORS.mlpVsC),
      noC,
    ),
    floor(
      `mlp-sharpness: tracked ms / lrlab ms ≤ ${FLOORS.sharpnessOverhead} (sharpness every 10 steps adds at most 50%)`,
      ratioOf(rows, "mlp-sharpness", "tracked"),
      FLOORS.sharpnessOverhead,
      (value) => value <= FLOORS.sharpnessOverhead,
    ),
    floor(
      `csv-load: lrlab ms / library ms ≤ ${FLOORS.csvVsLibrary}`,
      csvLibrary === null ? null : 1 / csvLibrary,
      FLOORS.csvVsLibrary,
      (value) => value <= FLOORS.csvVsLibrary,
    ),
    floor(
      `fit-memory: lrlab peak RSS MB < ${FLOORS.peakRssMB}`,
      rss,
      FLOORS.peakRssMB,
      (value) => value < FLOORS.peakRssMB,
    ),
    floor(
      `sweep-full-batch: lrlab sweep ms / lrlab fit ms ≤ ${FLOORS.sweepVsFit} (200 rates × 1000 steps vs one 1000-step fit)`,
      sweepFit === null ? null : 1 / sweepFit,
      FLOORS.sweepVsFit,
      (value) => value <= FLOORS.sweepVsFit,
    ),
    floor(
      `sweep-parallel: one-worker ms / all-cores ms ≥ ${FLOORS.parallelSpeedup} (speed-up on ${cores} cores)`,
      cores >= 2 ? ratioOf(rows, "sweep-parallel", "one-worker") : null,
      FLOORS.parallelSpeedup,
      atLeast(FLOORS.parallelSpeedup),
      "skipped: one core",
    ),
    floor(
      `landscape: lrlab landscape ms / loading the data ms ≤ ${FLOORS.landscapeVsLoad} (501×501 MSE grid on the 1e6-row CSV)`,
      landscapeLoad === null ? null : 1 / landscapeLoad,
      FLOORS.landscapeVsLoad,
      (value) => value <= FLOORS.landscapeVsLoad,
    ),
  ];
}

function firstLine(command, args) {
  try {
    return execFileSync(command, args, { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).split(
      "\n",
    )[0];
  } catch {
    return null;
  }
}

function cpuModel() {
  try {
    const line = readFileSync("/proc/cpuinfo", "utf8")
      .split("\n")
      .find((entry) => entry.startsWith("model name"));
    if (line) return line.split(":")[1].trim();
  } catch {
    // not Linux: os.cpus() below
  }
  return os.cpus()[0]?.model ?? "unknown";
}

/** The machine, compiler and libraries the numbers were measured with. */
export function describeMachine(tfjs, cCompiler) {
  return {
    cpu: cpuModel(),
    cores: os.availableParallelism?.() ?? os.cpus().length,
    memoryGB: Math.round(os.totalmem() / 2 ** 30),
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    node: process.version,
    cc: firstLine("cc", ["--version"]),
    cFlags: cCompiler?.flags ?? null,
    tfjs: tfjs ? `@tensorflow/tfjs ${tfjs.version}, backend ${tfjs.backend}` : null,
  };
}

function formatMs(ms) {
  if (ms === null) return "—";
  if (ms >= 10_000) return Math.round(ms).toLocaleString("en-US");
  return ms >= 100 ? ms.toFixed(0) : ms.toFixed(ms >= 10 ? 1 : 2);
}

function formatRatio(ratio) {
  if (ratio === null) return "—";
  if (ratio >= 100) return `${Math.round(ratio).toLocaleString("en-US")}×`;
  return `${ratio.toFixed(ratio >= 10 ? 1 : 2)}×`;
}

/** The results as a plain-text table. */
export function formatTable(rows) {
  const header = ["workload", "impl", "ms", "ratio", "notes"];
  const lines = rows.map((row) => [
    row.workload,
    row.impl,
    formatMs(row.ms),
    formatRatio(row.ratio),
    (row.extrapolated ? "EXTRAPOLATED: " : "") + (row.note ?? ""),
  ]);
  const widths = header.map((title, column) =>
    Math.max(title.length, ...lines.map((line) => line[column].length)),
  );
  const align = (cells) =>
    cells
      .map((cell, column) =>
        column === 2 || column === 3 ? cell.padStart(widths[column]) : cell.padEnd(widths[column]),
      )
      .join("  ")
      .trimEnd();
  return [align(header), align(widths.map((width) => "-".repeat(width))), ...lines.map(align)].join("\n");
}

/** The floors as PASS / FAIL / SKIP lines. */
export function formatFloors(floors) {
  return floors
    .map((entry) => {
      const verdict = entry.pass === null ? "SKIP" : entry.pass ? "PASS" : "FAIL";
      const value =
        entry.value === null
          ? (entry.note ?? "not measured")
          : `measured ${Number(entry.value.toPrecision(4))}`;
      return `${verdict}  ${entry.name}  (${value})`;
    })
    .join("\n");
}
