/**
 * `lrlab sweep --model linear|polynomial|logistic|mlp`: one model configuration at many learning rates,
 * each run trained by the core's trainModel from the same starting weights (seeded) and judged by the
 * model verdict; the best rate named, and the boundary where the runs start to diverge set beside the
 * critical rate at the start, exact for the linear family under MSE and measured (2/sharpness) otherwise.
 *
 * The runs go one after another in this thread, not on the worker pool: the models are small, and a
 * model run needs its prepared model (not plain data) in every worker. `--workers` is refused rather than
 * ignored.
 */
import {
  defaultModelSweepRates,
  type ModelSweepResult,
  modelSweepStability,
  sweepModel,
} from "../../core/choosing/model-sweep.js";
import { LrlabError } from "../../core/errors.js";
import { toKerasWeights } from "../../core/models/model.js";
import { optimizerToConfig } from "../../core/optimizers/registry.js";
import { SCHEDULES, type ScheduleName } from "../../core/schedules/registry.js";
import { toJsonText } from "../../core/training/export.js";
import { modelSummary, optimumSummary, stabilitySummary } from "../../core/training/model-document.js";
import {
  type ResolvedRun,
  resolveRun,
  totalStepsOf,
  withLearningRate,
} from "../../core/training/run-config.js";
import type { Io } from "../io.js";
import { type ModelSetup, modelSetupFrom } from "../model-options.js";
import { noFiniteMinimumField, withNoFiniteMinimum } from "../no-finite-minimum.js";
import { refuseOutputOverInput } from "../output-guard.js";
import { modelRunsProgress } from "../progress.js";
import { flagName } from "../run-options.js";
import { noRunsToCompare } from "./sweep.js";
import { describeModelSweep } from "./sweep-model-text.js";

/** Flags of the line's sweep that a model sweep does not take, and why. */
const REFUSED: readonly (readonly [string, string, string])[] = [
  ["lr", "--lr", "the sweep sets the rate; give --from/--to/--count or --lrs"],
  ["historyEvery", "--history-every", "the sweep keeps no history"],
  [
    "tolerance",
    "--tolerance",
    "a model sweep ranks its runs by their final loss, with no gap to a best loss",
  ],
  ["workers", "--workers", "a model sweep runs its rates one after another, in this thread"],
];

/** A computed model sweep: its setup, the rates in order, the result and a run's resolved settings. */
export interface ModelSweepComputation {
  readonly setup: ModelSetup;
  readonly learningRates: readonly number[];
  readonly result: ModelSweepResult;
  /** The first rate's run, resolved: the optimizer, schedule and length every run shares. */
  readonly resolved: ResolvedRun;
}

/** Runs `sweep --model …` and returns the exit code. */
export async function runModelSweep(
  options: Readonly<Record<string, unknown>>,
  io: Io,
  givenRates: number[] | null,
  out: string | undefined,
  outFormat: "csv" | "json" | undefined,
): Promise<number> {
  const computation = await computeModelSweep(options, io, givenRates, (setup) => {
    refuseOutputOverInput(io, out, setup.inputs);
  });
  const document = modelSweepDocument(computation);
  if (out !== undefined) {
    io.writeFileAtomic(out, outFormat === "csv" ? modelSweepCsv(computation.result) : toJsonText(document));
  }
  if (options.json === true) io.stdout(toJsonText(document));
  else
    io.stdout(
      withNoFiniteMinimum(
        describeModelSweep(computation, { listed: options.lrs !== undefined, out }),
        computation.setup.prepared,
      ),
    );
  return 0;
}

/**
 * Runs the model sweep the flags describe (`lrlab sweep --model …`, and `lrlab plot sweep --model …`,
 * which draws the same result). `checkSetup` sees the setup once the data is read, before any run starts.
 */
export async function computeModelSweep(
  options: Readonly<Record<string, unknown>>,
  io: Io,
  givenRates: number[] | null,
  checkSetup: (setup: ModelSetup) => void = () => {},
): Promise<ModelSweepComputation> {
  for (const [key, flag, reason] of REFUSED) {
    if (options[key] !== undefined)
      throw new LrlabError("E_USAGE", `${flag} does not apply to a model sweep: ${reason}`);
  }
  const setup = await modelSetupFrom(options, io);
  checkSetup(setup);
  const { prepared, config } = setup;
  sweptArgumentOf(config.schedule.name);
  const initialWeightsSource = setup.initSource ? `--init ${setup.initSource}` : undefined;
  const sourceOption = initialWeightsSource ? { initialWeightsSource } : {};
  const { stability } = modelSweepStability(config, prepared, { nameOf: flagName, ...sourceOption });
  const learningRates = givenRates ?? defaultModelSweepRates(stability);
  const n = prepared.data.targets.length;
  const rows = { x: { length: n } as Float64Array };
  // Resolve every rate before any run: a rate the schedule refuses is reported before the work starts.
  const resolvedRuns = learningRates.map((rate) =>
    resolveRun(withLearningRate(config, rate), rows, { nameOf: flagName }),
  );
  const resolved = resolvedRuns[0] as ResolvedRun;
  if (resolved.totalSteps === 0) throw noRunsToCompare(config.steps !== null ? "steps" : "epochs");

  const batch = Math.min(config.batchSize ?? n, n);
  const progress = modelRunsProgress(
    io,
    "lrlab sweep",
    learningRates.length,
    totalStepsOf(config, n) * batch * prepared.model.parameterCount,
  );
  const result = sweepModel(config, prepared, learningRates, {
    stability,
    nameOf: flagName,
    ...sourceOption,
    onRunEnd: (done, total) => progress.update(done, total),
  });
  progress.stop();
  return { setup, learningRates, result, resolved };
}

/** The schedule argument a sweep varies (`learningRate` for a constant rate); refused where there is none. */
export function sweptArgumentOf(name: ScheduleName): string {
  const entry = SCHEDULES[name];
  if (entry.kind !== "schedule" || name === "constant") return "learningRate";
  if (entry.rateKey === undefined) {
    throw new LrlabError(
      "E_USAGE",
      `--schedule ${name}: its --values are the rates, so there is no rate argument to sweep`,
    );
  }
  return entry.rateKey;
}

/** The document `lrlab sweep --model … --json` prints: the line's sweep's names where they mean the same. */
export function modelSweepDocument({ setup, result, resolved }: ModelSweepComputation) {
  const { prepared, config, data, columnNames } = setup;
  const n = prepared.data.targets.length;
  const { learningRate: _rate, ...optimizer } = optimizerToConfig(resolved.optimizer);
  const swept = sweptArgumentOf(config.schedule.name);
  const { [swept]: _scheduleRate, ...scheduleArgs } = resolved.schedule.args;
  const theory = prepared.theory;
  return {
    data: { source: data.source, n, x: columnNames, y: data.yName },
    model: modelSummary(prepared, columnNames),
    loss:
      prepared.model.loss.name === "huber" ? { ...prepared.model.loss } : { name: prepared.model.loss.name },
    optimizer,
    schedule: { name: config.schedule.name, ...scheduleArgs, sweptArgument: swept },
    batchSize: Math.min(config.batchSize ?? n, n),
    requestedSteps: resolved.totalSteps,
    seed: config.seed,
    execution: "sequential",
    initial: { loss: result.initialLoss, weights: toKerasWeights(prepared.model, result.initial) },
    runs: result.runs,
    best: result.best,
    lowestWithoutMinimum: result.lowestWithoutMinimum,
    stalledStart: result.stalledStart,
    stability: stabilitySummary(result.stability),
    theory: theory
      ? {
          criticalLearningRate: theory.criticalLearningRate,
          optimalLearningRate: theory.optimalLearningRate,
          hessianEigenvalues: Array.from(theory.hessianEigenvalues),
          optimum: optimumSummary(prepared),
        }
      : null,
    boundary: result.boundary,
    noFiniteMinimum: noFiniteMinimumField(prepared),
  };
}

const CSV_COLUMNS = [
  "learningRate",
  "status",
  "outcome",
  "regime",
  "regimeBasis",
  "reached",
  "finalLoss",
  "divergedAtStep",
  "edgeOfStability",
  "sharpnessAtEnd",
] as const;

/** One row per rate, in rate order; non-finite and missing values are empty cells. */
export function modelSweepCsv(result: ModelSweepResult): string {
  const lines: string[] = [CSV_COLUMNS.join(",")];
  for (const run of result.runs) {
    lines.push(
      CSV_COLUMNS.map((column) => {
        const value = run[column];
        if (typeof value === "number") return Number.isFinite(value) ? String(value) : "";
        if (typeof value === "boolean") return String(value);
        return value ?? "";
      }).join(","),
    );
  }
  return `${lines.join("\n")}\n`;
}
