/**
 * A slice through the weights of a model's run, for `lrlab landscape` and `lrlab plot landscape` with
 * `--directions random|hessian|interpolate` (or a `--model` other than the line): the flags, the run
 * (`lrlab fit`'s, keeping its path through parameter space), and the core's slice through its end.
 */
import type { Command, Option } from "commander";
import { LrlabError } from "../../core/errors.js";
import { type JudgedModelRun, trainAndJudgeModel } from "../../core/judging/model-run.js";
import {
  DIRECTION_KINDS,
  type DirectionKind,
  defaultDirectionKind,
} from "../../core/landscape/directions.js";
import {
  defaultSliceGrid,
  largestSliceGrid,
  type ModelLandscape,
  modelLandscape,
  type ParameterPath,
  SLICE_WORK_LIMIT,
} from "../../core/landscape/model-landscape.js";
import { nearestName } from "../../core/params.js";
import { resolveRun } from "../../core/training/run-config.js";
import { formatCount, formatSteps } from "../../render/numbers.js";
import { parseNumberFlag, parseRange } from "../flags.js";
import type { Io } from "../io.js";
import { type ModelSetup, modelNameOf, modelSetupFrom } from "../model-options.js";
import {
  createProgress,
  NANOSECONDS_PER_FORWARD_PARAMETER_ROW,
  NANOSECONDS_PER_PARAMETER_ROW,
} from "../progress.js";
import { flagName } from "../run-options.js";

/** `--directions`, `--alpha-range`, `--beta-range` under "Slice through a model's weights:". */
export function addDirectionOptions(command: Command): Command {
  command
    .option(
      "--directions <kind>",
      "random | hessian | interpolate: slice a model's loss through its final weights along two random filter-normalized directions (Li et al. 2018), the top two Hessian eigenvectors, or the line from the initial weights (default with --model other than line: random)",
    )
    .option(
      "--alpha-range <low:high>",
      "α to cover (default: random −1:1, hessian where the loss doubles, interpolate −0.5:1.5; widened to hold the path)",
    )
    .option("--beta-range <low:high>", "β to cover (default: as --alpha-range)");
  for (const long of ["--directions", "--alpha-range", "--beta-range"]) {
    const option: Option | undefined = command.options.find((candidate) => candidate.long === long);
    option?.helpGroup("Slice through a model's weights:");
  }
  return command;
}

/** At most this many points of the run's path are kept (evenly over its steps), each a copy of the weights. */
const MAX_PATH_POINTS = 1000;

/** The direction kind of `--directions`, checked. */
export function directionKindOf(raw: unknown): DirectionKind {
  const name = String(raw);
  if ((DIRECTION_KINDS as readonly string[]).includes(name)) return name as DirectionKind;
  const hint = nearestName(name, DIRECTION_KINDS);
  throw new LrlabError(
    "E_BAD_ARGUMENT",
    `--directions: unknown kind "${name}"${hint ? ` (did you mean "${hint}"?)` : ""}; expected one of ${DIRECTION_KINDS.join(", ")}`,
  );
}

/** Whether a landscape command slices a model (else it draws the line's (w, b) plane as before). */
export function slicesModel(options: Readonly<Record<string, unknown>>): boolean {
  return options.directions !== undefined || (options.model !== undefined && options.model !== "line");
}

export interface SlicedRun {
  readonly setup: ModelSetup;
  readonly judged: JudgedModelRun;
  readonly landscape: ModelLandscape;
  readonly kind: DirectionKind;
  readonly seed: number;
  /**
   * The weights the slice is centred on: the run's final weights, or, when it diverged, the last weights it
   * accepted before the step at which it blew up (`divergedAt`, null when it did not).
   */
  readonly centre: { readonly step: number; readonly params: Float64Array };
  readonly divergedAt: number | null;
}

/** Trains as `fit` does with the same flags, keeping the path, and slices the loss through the result. */
export async function sliceModelRun(
  options: Readonly<Record<string, unknown>>,
  io: Io,
  label: string,
  maxGrid: number,
): Promise<SlicedRun> {
  // Random filter-normalized directions need a filter of more than one weight (a network's); a single
  // Dense unit on one column has none, so its default is the Hessian's two top directions.
  const kind =
    options.directions !== undefined
      ? directionKindOf(options.directions)
      : defaultDirectionKind(modelNameOf(options));
  for (const [key, flag] of [
    ["gridW", "--grid-w"],
    ["gridB", "--grid-b"],
    ["wRange", "--w-range"],
    ["bRange", "--b-range"],
    ["workers", "--workers"],
    ["trackSharpness", "--track-sharpness"],
  ] as const) {
    if (options[key] !== undefined) {
      throw new LrlabError(
        "E_USAGE",
        `${flag} does not apply to a slice through a model's weights (--directions ${kind}); it takes --grid, --alpha-range${kind === "interpolate" ? "" : " and --beta-range"}`,
      );
    }
  }
  if (kind === "interpolate" && options.betaRange !== undefined) {
    throw new LrlabError(
      "E_USAGE",
      "--beta-range: --directions interpolate is a line, with --alpha-range only",
    );
  }
  const requestedGrid =
    options.grid === undefined ? undefined : parseNumberFlag("grid", options.grid, { integer: true, min: 2 });
  if (requestedGrid !== undefined && requestedGrid > maxGrid) {
    throw new LrlabError(
      "E_BAD_ARGUMENT",
      `--grid: at most ${maxGrid} points per axis for a slice through a model (each is a pass over the data), got ${requestedGrid}`,
    );
  }
  const alphaRange =
    typeof options.alphaRange === "string" ? parseRange("--alpha-range", options.alphaRange) : undefined;
  const betaRange =
    typeof options.betaRange === "string" ? parseRange("--beta-range", options.betaRange) : undefined;

  const setup = await modelSetupFrom(options, io);
  const { prepared, config } = setup;
  const n = prepared.data.targets.length;
  const grid = affordableGrid(kind, requestedGrid, n, prepared.model.parameterCount, io, label);
  const { totalSteps } = resolveRun(config, { x: { length: n } as Float64Array }, { nameOf: flagName });
  // The path: the weights at recorded steps, at most MAX_PATH_POINTS of them, evenly spread.
  const spacing = Math.max(1, Math.ceil(totalSteps / MAX_PATH_POINTS));
  const path = { step: [] as number[], params: [] as Float64Array[], loss: [] as number[] };
  let nextKept = 0;
  const batch = Math.min(config.batchSize ?? n, n);
  const parameters = prepared.model.parameterCount;
  const progress = createProgress(
    io,
    label,
    totalSteps * batch * parameters,
    undefined,
    "steps",
    NANOSECONDS_PER_PARAMETER_ROW,
  );
  progress.update(0, totalSteps);
  const judged = trainAndJudgeModel(config, prepared, {
    nameOf: flagName,
    onProgress: (done, total) => progress.update(done, total),
    onRecord: (step, params) => {
      if (step < nextKept) return;
      path.step.push(step);
      path.params.push(Float64Array.from(params));
      nextKept = step + spacing;
    },
    ...(setup.initSource ? { initialWeightsSource: `--init ${setup.initSource}` } : {}),
  });
  progress.stop();
  const { run } = judged;
  if (path.step.at(-1) !== run.steps) {
    path.step.push(run.steps);
    path.params.push(Float64Array.from(run.final.params));
  }
  const recorded = new Map<number, number>();
  for (let i = 0; i < run.history.length; i++) {
    recorded.set(run.history.step[i] as number, run.history.loss[i] as number);
  }
  const losses = path.step.map((step) => recorded.get(step) ?? Number.NaN);
  // A run that diverged is a result too: the path is kept while its weights and loss are finite numbers, and
  // the slice is centred on the last weights the run accepted before it blew up (its "final" weights).
  const finite = path.step
    .map((_, k) => k)
    .filter((k) => Number.isFinite(losses[k]) && (path.params[k] as Float64Array).every(Number.isFinite));
  const divergedAt = run.status === "diverged" ? (run.divergedAtStep ?? run.steps) : null;
  const accepted = divergedAt === null ? finite : finite.filter((k) => (path.step[k] as number) < divergedAt);
  // The line from the initial weights needs another end: a run that blew up at its first step ends it at
  // the finite weights it blew up to, or has none.
  let centreIndex = accepted.at(-1) ?? 0;
  if (kind === "interpolate" && divergedAt !== null && path.step[centreIndex] === 0) {
    const last = finite.at(-1);
    if (last === undefined || path.step[last] === 0) {
      throw new LrlabError(
        "E_BAD_ARGUMENT",
        `--directions interpolate: the run diverged at step ${divergedAt} and its weights there are not finite numbers, so there is no line from the initial weights; lower --lr, or use --directions random or hessian to slice around the start`,
      );
    }
    centreIndex = last;
  }
  const centre = { step: path.step[centreIndex] as number, params: path.params[centreIndex] as Float64Array };
  const parameterPath: ParameterPath = {
    step: finite.map((k) => path.step[k] as number),
    params: finite.map((k) => path.params[k] as Float64Array),
    loss: finite.map((k) => losses[k] as number),
  };
  const rowsOfGrid = kind === "interpolate" ? 1 : grid;
  const sliceProgress = createProgress(
    io,
    `${label}: slice`,
    (kind === "interpolate" ? grid : grid * grid) * n * parameters,
    undefined,
    "grid rows",
    NANOSECONDS_PER_FORWARD_PARAMETER_ROW,
  );
  sliceProgress.update(0, rowsOfGrid);
  const landscape = modelLandscape(
    prepared.model,
    prepared.data,
    { initial: judged.initial, final: centre.params, path: parameterPath },
    {
      kind,
      seed: config.seed,
      grid,
      ...(alphaRange ? { alphaRange } : {}),
      ...(betaRange ? { betaRange } : {}),
      onRow: (done, total) => sliceProgress.update(done, total),
    },
  );
  sliceProgress.stop();
  return { setup, judged, landscape, kind, seed: config.seed, centre, divergedAt };
}

/**
 * The grid the slice uses: the one asked for, or the default, as long as grid points × rows × parameters
 * stays within the core's limit. A `--grid` beyond it is refused, naming the largest that fits; a default
 * beyond it shrinks to that, said on stderr, so a big network still gets its slice in seconds.
 */
function affordableGrid(
  kind: DirectionKind,
  requested: number | undefined,
  rows: number,
  parameters: number,
  io: Io,
  label: string,
): number {
  const largest = largestSliceGrid(kind, rows, parameters);
  const wanted = requested ?? defaultSliceGrid(kind);
  if (wanted <= largest) return wanted;
  const cost = `${formatCount(parameters)} parameters × ${formatSteps(rows, "row")}`;
  const axis = kind === "interpolate" ? "points" : "points per axis";
  if (largest < 2) {
    throw new LrlabError(
      "E_BAD_ARGUMENT",
      `--directions ${kind}: ${cost} is too much to slice in reasonable time (at most ${formatCount(SLICE_WORK_LIMIT)} grid points × rows × parameters); use a smaller network or less data`,
    );
  }
  if (requested !== undefined) {
    throw new LrlabError(
      "E_BAD_ARGUMENT",
      `--grid ${requested}: ${cost} allows at most --grid ${largest} (${axis}) to finish in reasonable time`,
    );
  }
  io.stderr(
    `${label}: ${cost}: the grid is ${largest} ${axis} instead of ${wanted}, to finish in reasonable time\n`,
  );
  return largest;
}
