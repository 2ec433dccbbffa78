/**
 * Progress for long runs on stderr: a bar on a terminal (cli-progress), a plain line every few seconds
 * otherwise, and for work big enough to wait for, an estimate of how long up front. Quick jobs show
 * nothing: neither bar nor line appears before the job has run for {@link SHOW_AFTER_MS}. stdout is
 * never touched, so `--json` output stays one document.
 */
import cliProgress from "cli-progress";
import { formatCount, formatDuration } from "./format.js";
import type { Io } from "./io.js";

export interface Progress {
  update(done: number, total: number): void;
  stop(): void;
}

/**
 * Nothing is shown before a job has run this long, nor later if it should end within this long: a
 * report of a few seconds needs no progress at 90%.
 */
export const SHOW_AFTER_MS = 2000;
/** Off a terminal, a line at most this often: a log stays short and a pipe still sees the job is alive. */
export const LINE_EVERY_MS = 5000;
/** An up-front estimate is printed when the work should take longer than this. */
export const ESTIMATE_AFTER_MS = 2000;
/**
 * A typical cost of one unit of work (a full-batch MSE step, or one point's gradient): measured between
 * 3 and 150 ns on a 2-core machine (Adam steps cost the most), so the up-front estimate is rough; the
 * progress lines that follow use the measured rate.
 */
export const NANOSECONDS_PER_UNIT = 30;
/**
 * One network step's cost per parameter and batch row (forward, backward, update): measured 7–8 ns on 2
 * cores for 512,512 and 1024,1024 on 100 points; and one forward pass's, for a slice's loss evaluations.
 */
export const NANOSECONDS_PER_PARAMETER_ROW = 8;
export const NANOSECONDS_PER_FORWARD_PARAMETER_ROW = 2;
/**
 * One sharpness measurement's cost per parameter and row of ALL the data (`--track-sharpness`: power
 * iteration on Hessian-vector products, warm-started from the last eigenvector): measured 22 ns on 2 cores
 * for 64,64 on 100 points, every step for 300 and 3,000 steps; about 3 full-batch steps' work.
 */
export const NANOSECONDS_PER_SHARPNESS_PARAMETER_ROW = 25;

/**
 * The work of a model run in parameter-rows (each costs {@link NANOSECONDS_PER_PARAMETER_ROW}): its steps'
 * batches through every weight, and with `--track-sharpness K` the measurements at every K-th step, the
 * first and the last, each over all `rows` (the estimate once left them out and was off 5×).
 */
export function modelRunWork(run: {
  readonly steps: number;
  readonly batch: number;
  readonly rows: number;
  readonly parameters: number;
  readonly trackSharpness?: number | undefined;
}): number {
  const { steps, batch, rows, parameters, trackSharpness } = run;
  const measurements = trackSharpness && trackSharpness > 0 ? Math.floor(steps / trackSharpness) + 2 : 0;
  const perMeasurement =
    (rows * parameters * NANOSECONDS_PER_SHARPNESS_PARAMETER_ROW) / NANOSECONDS_PER_PARAMETER_ROW;
  return steps * batch * parameters + measurements * perMeasurement;
}

const silent: Progress = { update() {}, stop() {} };

/**
 * A progress reporter when `work` (point-gradient evaluations, roughly) is at least `threshold`; `unit`
 * names what `update` counts ("steps", "rates", "rows", "parts"). `nanosecondsPerUnit` is the typical
 * cost of one unit of `work`, for the up-front estimate.
 */
export function createProgress(
  io: Io,
  label: string,
  work: number,
  threshold = 2e8,
  unit = "steps",
  nanosecondsPerUnit = NANOSECONDS_PER_UNIT,
): Progress {
  if (work < threshold) return silent;
  const start = io.now();
  const estimateMs = (work * nanosecondsPerUnit) / 1e6;
  let estimated = false;
  const sayEstimate = (total: number) => {
    if (estimated) return;
    estimated = true;
    if (estimateMs >= ESTIMATE_AFTER_MS) {
      io.stderr(
        `${label}: ${formatCount(total)} ${unit}, roughly ${formatDuration(estimateMs)} (an estimate; Ctrl-C stops it)\n`,
      );
    }
  };
  return io.stderrIsTTY
    ? terminalBar(io, label, unit, start, sayEstimate)
    : plainLines(io, label, unit, start, sayEstimate);
}

/** Whether a job `done` of `total` into its run, `elapsed` ms in, is long enough to start showing progress. */
function worthShowing(done: number, total: number, elapsed: number): boolean {
  if (elapsed < SHOW_AFTER_MS) return false;
  if (done <= 0) return true;
  return (elapsed / done) * (total - done) >= SHOW_AFTER_MS;
}

function terminalBar(
  io: Io,
  label: string,
  unit: string,
  start: number,
  sayEstimate: (total: number) => void,
): Progress {
  const bar = new cliProgress.SingleBar(
    {
      format: `${label} [{bar}] {percentage}% · {value}/{total} ${unit} · eta {eta_formatted}`,
      hideCursor: true,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update(done, total) {
      sayEstimate(total);
      if (started) bar.update(done);
      else if (worthShowing(done, total, io.now() - start)) {
        bar.start(total, done);
        started = true;
      }
    },
    stop() {
      if (started) bar.stop();
    },
  };
}

function plainLines(
  io: Io,
  label: string,
  unit: string,
  start: number,
  sayEstimate: (total: number) => void,
): Progress {
  let lastLine: number | undefined;
  return {
    update(done, total) {
      sayEstimate(total);
      const now = io.now();
      const elapsed = now - start;
      const finished = total > 0 && done >= total;
      const due =
        lastLine === undefined
          ? worthShowing(done, total, elapsed)
          : now - lastLine >= LINE_EVERY_MS || finished;
      if (!due || total <= 0) return;
      lastLine = now;
      const percent = Math.floor((100 * Math.min(done, total)) / total);
      const left = finished
        ? `done in ${formatDuration(elapsed)}`
        : done > 0
          ? `about ${formatDuration((elapsed / done) * (total - done))} left`
          : "";
      io.stderr(
        `${label}: ${percent}% (${formatCount(done)}/${formatCount(total)} ${unit})${left === "" ? "" : `, ${left}`}\n`,
      );
    },
    stop() {},
  };
}

/**
 * Progress over `runs` runs of a model, each about `workPerRun` parameter-rows of training (steps × batch
 * × weights), with the estimate printed at once, before the first run: `suggest`, `sweep` and `report`
 * on a big network take minutes, and a user who sees "45 rates, roughly 4 min" up front can wait or
 * Ctrl-C. A cost limit (random-search's) would refuse work a patient user wants done; random-search
 * refuses only sizes that could not fit in memory.
 */
export function modelRunsProgress(io: Io, label: string, runs: number, workPerRun: number): Progress {
  const progress = createProgress(
    io,
    label,
    runs * workPerRun,
    undefined,
    "rates",
    NANOSECONDS_PER_PARAMETER_ROW,
  );
  progress.update(0, runs);
  return progress;
}
