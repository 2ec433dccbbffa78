/**
 * `lrlab landscape`: the loss over a grid of (w, b), as JSON (`loss[j][i]` at `(w[i], b[j])`) or CSV.
 *
 * The grid covers `--w-range`/`--b-range`, or automatically a box centred on the least-squares optimum
 * that holds the bowl and the path of the run the fit flags describe (default: `lrlab fit`'s run, SGD lr
 * 0.01 for 100 steps from w = b = 0), so the picture of a run always has the run in it. A run that
 * diverges (or ends above its starting loss) is held only while its loss is at most the starting loss;
 * the rest flies off the grid, as it should, and `path.inside` says so.
 *
 * MSE is exact from the sufficient statistics, O(1) per point; MAE and Huber cost a pass over the data per
 * point and are spread over worker threads, one per core (`--workers`).
 */
import type { Command, Option } from "commander";
import { type LinearStats, linearStats } from "../../core/data/stats.js";
import { LrlabError } from "../../core/errors.js";
import {
  type Landscape,
  landscapeAxes,
  landscapeGridSize,
  landscapeMinimum,
  mseGrid,
  pathToHold,
} from "../../core/landscape/landscape.js";
import { optimizerToConfig } from "../../core/optimizers/registry.js";
import { type TrainResult, train } from "../../core/training/train.js";
import { parseNumberFlag, parseRange } from "../flags.js";
import { formatCount, formatLine, formatLossName, formatNumber } from "../format.js";
import type { Io } from "../io.js";
import { directGridValues } from "../landscape-workers.js";
import { addModelOptions, refuseModelFlags } from "../model-options.js";
import { refuseOutputOverInput } from "../output-guard.js";
import { createProgress } from "../progress.js";
import { addRunOptions, flagName, type RunSetup, runSetupFrom } from "../run-options.js";
import { runModelLandscape } from "./landscape-model.js";
import { addDirectionOptions, slicesModel } from "./landscape-slice.js";

/** One point's loss on a worker thread, about 3.6 ns of wall time on 2 cores: for the up-front estimate. */
const LOSS_EVALUATION_NANOSECONDS = 4;

export function registerLandscape(program: Command, io: Io, setExitCode: (code: number) => void): void {
  const command = program
    .command("landscape")
    .description(
      "the loss over the line's (w, b) grid, or over a slice through a --model's weights (--directions), as JSON or CSV, with the path of the run the fit flags describe",
    );
  command
    .option("--grid <n>", "grid points along w and along b (default: 201)")
    .option("--grid-w <n>", "grid points along w (default: --grid)")
    .option("--grid-b <n>", "grid points along b (default: --grid)")
    .option(
      "--w-range <low:high>",
      "slopes to cover, e.g. -1:5 (default: centred on the optimum, holding the bowl and the run's path)",
    )
    .option("--b-range <low:high>", "intercepts to cover (default: as --w-range)");
  for (const long of ["--grid", "--grid-w", "--grid-b", "--w-range", "--b-range"]) {
    findOption(command, long).helpGroup("Grid:");
  }
  addRunOptions(command);
  addModelOptions(command);
  addDirectionOptions(command);
  command
    .option("--workers <n>", "threads for MAE and Huber (default: one per core; 1 computes on this one)")
    .option("--json", "print one JSON document: w, b, loss[j][i] at (w[i], b[j]), the optimum, the path")
    .option("--out <file>", "write the grid: .csv (w,b,loss, one row per point) or .json (the document)");
  findOption(command, "--workers").helpGroup("Run:");
  for (const long of ["--json", "--out"]) findOption(command, long).helpGroup("Output:");
  command.action(async (options: Record<string, unknown>) => {
    setExitCode(await runLandscape(options, io));
  });
}

function findOption(command: Command, long: string): Option {
  const option = command.options.find((candidate) => candidate.long === long);
  if (!option) throw new Error(`no option ${long}`);
  return option;
}

/** Runs `landscape` with parsed options and returns the exit code. */
export async function runLandscape(options: Readonly<Record<string, unknown>>, io: Io): Promise<number> {
  if (slicesModel(options)) return runModelLandscape(options, io);
  refuseModelFlags(options);
  for (const [key, flag] of [
    ["alphaRange", "--alpha-range"],
    ["betaRange", "--beta-range"],
  ] as const) {
    if (options[key] !== undefined) {
      throw new LrlabError(
        "E_USAGE",
        `${flag} ranges a slice through a model's weights: give --directions too`,
      );
    }
  }
  const grid = gridFlags(options);
  const wRange = typeof options.wRange === "string" ? parseRange("--w-range", options.wRange) : undefined;
  const bRange = typeof options.bRange === "string" ? parseRange("--b-range", options.bRange) : undefined;
  const workersGiven =
    options.workers === undefined
      ? undefined
      : parseNumberFlag("workers", options.workers, { integer: true, min: 1 });
  const out = typeof options.out === "string" ? options.out : undefined;
  const outFormat = out === undefined ? undefined : formatOf(out);

  const setup = await runSetupFrom(options, io);
  refuseOutputOverInput(io, out, setup.inputs, "the input data file");
  const { data } = setup;
  const run = train(data, setup.trainOptions, flagName);
  const stats = run.stats ?? linearStats(data);
  const held = pathToHold(run);
  const axes = landscapeAxes(stats, { ...grid, wRange, bRange, include: [held] });
  const values = await gridValues(setup, axes, stats, workersGiven, io);
  const surface: Landscape = { ...axes, values };

  const document = landscapeDocument(setup, surface, run, {
    optimum: setup.loss === "mse" ? stats.optimum : null,
    automatic: { w: wRange === undefined, b: bRange === undefined },
    pathInside: pathInside(run, surface),
  });
  if (out !== undefined) {
    io.writeFileAtomic(out, outFormat === "csv" ? landscapeCsv(surface) : landscapeJson(document));
  }
  if (options.json === true) io.stdout(landscapeJson(document));
  else io.stdout(describeLandscape(setup, document, out));
  return 0;
}

function gridFlags(options: Readonly<Record<string, unknown>>) {
  const parse = (flag: string, key: string) =>
    options[key] === undefined ? undefined : parseNumberFlag(flag, options[key], { integer: true, min: 2 });
  const flags = {
    grid: parse("grid", "grid"),
    gridW: parse("grid-w", "gridW"),
    gridB: parse("grid-b", "gridB"),
  };
  try {
    landscapeGridSize(flags);
  } catch (error) {
    if (error instanceof LrlabError) {
      throw new LrlabError(
        error.code,
        `--${error.message.replace(/^gridW/, "grid-w").replace(/^gridB/, "grid-b")}`,
      );
    }
    throw error;
  }
  return flags;
}

function pathInside(run: TrainResult, surface: Landscape): boolean {
  const [wLow, wHigh] = [surface.w[0] as number, surface.w[surface.w.length - 1] as number];
  const [bLow, bHigh] = [surface.b[0] as number, surface.b[surface.b.length - 1] as number];
  for (let k = 0; k < run.history.length; k++) {
    const w = run.history.w[k] as number;
    const b = run.history.b[k] as number;
    if (!(w >= wLow && w <= wHigh && b >= bLow && b <= bHigh)) return false;
  }
  return true;
}

async function gridValues(
  setup: RunSetup,
  axes: { w: Float64Array; b: Float64Array },
  stats: LinearStats,
  workers: number | undefined,
  io: Io,
): Promise<Float64Array> {
  if (setup.loss === "mse") return mseGrid(stats, axes);
  const { data } = setup;
  const progress = createProgress(
    io,
    "lrlab landscape",
    data.x.length * axes.w.length * axes.b.length,
    undefined,
    "rows",
    LOSS_EVALUATION_NANOSECONDS,
  );
  try {
    return await directGridValues(
      data,
      axes,
      { loss: setup.loss, huberDelta: setup.trainOptions.huberDelta },
      { workers, onRows: (done, total) => progress.update(done, total) },
    );
  } finally {
    progress.stop();
  }
}

interface DocumentExtras {
  optimum: { w: number; b: number; loss: number } | null;
  automatic: { w: boolean; b: boolean };
  pathInside: boolean;
}

/** The document `lrlab landscape --json` prints: the setup, the grid's summary, then w, b and loss. */
function landscapeDocument(setup: RunSetup, surface: Landscape, run: TrainResult, extras: DocumentExtras) {
  const { data, trainOptions } = setup;
  const nw = surface.w.length;
  const nb = surface.b.length;
  const lowest = landscapeMinimum(surface);
  const rows: Float64Array[] = [];
  for (let j = 0; j < nb; j++) rows.push(surface.values.subarray(j * nw, (j + 1) * nw));
  return {
    data: { source: data.source, n: data.x.length, x: data.xName, y: data.yName },
    model: "y = w·x + b",
    lossFunction:
      setup.loss === "huber" ? { name: setup.loss, delta: trainOptions.huberDelta } : { name: setup.loss },
    layout: "loss[j][i] is the loss at (w[i], b[j])",
    grid: { w: nw, b: nb },
    ranges: {
      w: [surface.w[0], surface.w[nw - 1]],
      b: [surface.b[0], surface.b[nb - 1]],
      automatic: extras.automatic,
    },
    optimum: extras.optimum,
    gridMinimum: lowest ? { w: lowest.w, b: lowest.b, loss: lowest.loss } : null,
    path: {
      optimizer: optimizerToConfig(setup.optimizer),
      schedule: { name: setup.schedule.name, ...setup.schedule.args },
      batchSize: run.batchSize,
      steps: run.steps,
      status: run.status,
      inside: extras.pathInside,
      historyEvery: run.historyEvery,
      step: run.history.step,
      w: run.history.w,
      b: run.history.b,
      loss: run.history.loss,
    },
    w: surface.w,
    b: surface.b,
    loss: rows,
  };
}

type LandscapeDocument = ReturnType<typeof landscapeDocument>;

/**
 * JSON text, indented, with every array of numbers on one line (a 501 × 501 grid is 501 lines of values,
 * not 251,001), non-finite numbers as `null`, and a final newline.
 */
export function landscapeJson(value: unknown): string {
  const inline: string[] = [];
  const text = JSON.stringify(
    value,
    (_key, item: unknown) => {
      if (ArrayBuffer.isView(item) && !(item instanceof DataView)) {
        inline.push(JSON.stringify(Array.from(item as Float64Array)));
        return `\u0000${inline.length - 1}`;
      }
      if (Array.isArray(item) && item.length > 0 && item.every((entry) => typeof entry === "number")) {
        inline.push(JSON.stringify(item));
        return `\u0000${inline.length - 1}`;
      }
      return item;
    },
    2,
  );
  return `${text.replace(/"\\u0000(\d+)"/g, (_match, index: string) => inline[Number(index)] as string)}\n`;
}

/** The grid as CSV: `w,b,loss`, one row per point, b outer and w inner; a non-finite loss is an empty cell. */
export function landscapeCsv(surface: Landscape): string {
  const nw = surface.w.length;
  const lines: string[] = ["w,b,loss"];
  const wText = Array.from(surface.w, String);
  for (let j = 0; j < surface.b.length; j++) {
    const bText = String(surface.b[j]);
    for (let i = 0; i < nw; i++) {
      const value = surface.values[j * nw + i] as number;
      lines.push(`${wText[i]},${bText},${Number.isFinite(value) ? String(value) : ""}`);
    }
  }
  return `${lines.join("\n")}\n`;
}

function formatOf(path: string): "csv" | "json" {
  const lower = path.toLowerCase();
  if (lower.endsWith(".csv")) return "csv";
  if (lower.endsWith(".json")) return "json";
  throw new LrlabError("E_USAGE", `--out ${path}: expected a file name ending in .csv or .json`);
}

function describeLandscape(setup: RunSetup, document: LandscapeDocument, out: string | undefined): string {
  const { grid, ranges, optimum, gridMinimum, path } = document;
  const lossName = formatLossName(setup.loss);
  const lines = [
    `lrlab landscape: ${lossName} over ${formatCount(grid.w)} × ${formatCount(grid.b)} points of (w, b) on ${setup.data.source}`,
    `  w from ${formatNumber(ranges.w[0])} to ${formatNumber(ranges.w[1])}${ranges.automatic.w ? " (automatic)" : ""}, ` +
      `b from ${formatNumber(ranges.b[0])} to ${formatNumber(ranges.b[1])}${ranges.automatic.b ? " (automatic)" : ""}`,
  ];
  if (optimum) {
    lines.push(
      `  optimum       ${formatLine(optimum.w, optimum.b)}, loss ${formatNumber(optimum.loss)} (exact)`,
    );
  }
  if (gridMinimum) {
    lines.push(
      `  lowest point  w ${formatNumber(gridMinimum.w)}, b ${formatNumber(gridMinimum.b)}, loss ${formatNumber(gridMinimum.loss)}`,
    );
  }
  const where = path.inside
    ? "inside the grid"
    : path.status === "diverged"
      ? "diverged and leaves the grid"
      : "partly outside the grid";
  lines.push(
    `  path          ${setup.optimizerName} lr ${formatNumber(setup.learningRate)}, ${path.steps} steps from (${formatNumber(path.w[0])}, ${formatNumber(path.b[0])}): ${path.status}, ${where}`,
  );
  lines.push(
    out === undefined
      ? "The values: add --json, or --out FILE.csv | FILE.json."
      : `Wrote ${out} (${out.toLowerCase().endsWith(".csv") ? `${formatCount(grid.w * grid.b)} rows: w,b,loss` : "JSON: w, b, loss[j][i]"})`,
  );
  return `${lines.join("\n")}\n`;
}
