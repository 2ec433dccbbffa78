/**
 * Timing helpers and the one-line protocol between the benchmark and its child processes.
 *
 * A child prints its result as one stdout line `@@result {json}`; anything else it prints (TF.js greets
 * Node users on stdout) is passed through, so a chatty library cannot corrupt the measurement.
 */
import { spawnSync } from "node:child_process";

const RESULT_PREFIX = "@@result ";

/** The median of a non-empty list of numbers. */
export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/**
 * Runs `run` `warmup` times untimed (so the JIT has compiled it), then `reps` times timed with
 * `performance.now()`. Returns the median, every time, and the last run's value.
 * @template T
 * @param {() => T} run
 * @param {{ warmup: number, reps: number }} counts
 * @returns {{ ms: number, times: number[], value: T }}
 */
export function timeRepeated(run, { warmup, reps }) {
  let value;
  for (let i = 0; i < warmup; i++) value = run();
  const times = [];
  for (let i = 0; i < reps; i++) {
    const start = performance.now();
    value = run();
    times.push(performance.now() - start);
  }
  return { ms: median(times), times, value };
}

/** {@link timeRepeated} for an async `run`: each run is awaited before the next starts. */
export async function timeRepeatedAsync(run, { warmup, reps }) {
  let value;
  for (let i = 0; i < warmup; i++) value = await run();
  const times = [];
  for (let i = 0; i < reps; i++) {
    const start = performance.now();
    value = await run();
    times.push(performance.now() - start);
  }
  return { ms: median(times), times, value };
}

/** Child side: hands a result to the parent. */
export function emitResult(result) {
  process.stdout.write(`${RESULT_PREFIX}${JSON.stringify(result)}\n`);
}

/**
 * Parent side: runs `command args` to completion (stderr shown live) and returns the object it emitted.
 * Children run one at a time: the machine may have two cores, and a neighbour would skew the timings.
 */
export function runChild(command, args, options = {}) {
  const child = spawnSync(command, args, {
    stdio: ["ignore", "pipe", "inherit"],
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
    ...options,
  });
  const lines = (child.stdout ?? "").split("\n");
  const resultLine = lines.find((line) => line.startsWith(RESULT_PREFIX));
  for (const line of lines) {
    if (line !== "" && !line.startsWith(RESULT_PREFIX)) process.stderr.write(`    | ${line}\n`);
  }
  if (child.status !== 0 || resultLine === undefined) {
    const why = child.error ? child.error.message : `exit status ${child.status}, signal ${child.signal}`;
    throw new Error(`${[command, ...args].join(" ")} failed: ${why}`);
  }
  return JSON.parse(resultLine.slice(RESULT_PREFIX.length));
}
