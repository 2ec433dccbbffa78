/**
 * One run in the worker, from the protocol's settings to the core's objects and back: the optimizer and
 * the schedule (or plateau callback) of a run config, the run judged beside the exact theory, the run as
 * the CLI's JSON document or CSV, and the exact MSE landscape around it.
 */
import {
  type RunConfig as CoreRunConfig,
  type Dataset,
  historyCsv,
  type JudgedRun,
  LINE_MODEL,
  type LinearMseTheory,
  type LinearStats,
  LrlabError,
  landscape,
  type Optimizer,
  type OptimizerCliName,
  optimizerToConfig,
  type ParamValue,
  resolveRun,
  runConfigToJson,
  runDocument,
  type ScheduleName,
  type TrainOptions,
  toJsonText,
  trainAndJudge,
} from "../core/index.js";
import { slicesOf } from "./lab-slices.js";
import type { ExportResult, LandscapeResult, RunConfig, RunResult, TheorySummary } from "./protocol.js";

/** The data the worker holds, with what every run on it shares. */
export interface Loaded {
  readonly data: Dataset;
  /**
   * The same source read again with the x columns `extra` beside its x (its x first), for linear
   * regression on several columns; absent where the data have one x (the presets).
   */
  readonly withFeatures?: (extra: readonly string[]) => Dataset;
  readonly stats: LinearStats;
  readonly theory: LinearMseTheory;
  readonly version: number;
  /** The uploaded CSV's file name; absent for built-in and bundled data. */
  readonly upload?: string;
}

export interface Setup {
  readonly optimizer: Optimizer;
  readonly trainOptions: TrainOptions;
  /** The schedule's arguments as used, its rate included, for the run document. */
  readonly scheduleArgs: Record<string, ParamValue>;
}

/** The lab's run settings as the core's one run configuration (core/run-config.ts). */
export function coreConfigOf(config: RunConfig): CoreRunConfig {
  return {
    model: LINE_MODEL,
    loss: config.loss === "huber" ? { name: "huber", delta: config.huberDelta } : { name: config.loss },
    optimizer: { name: config.optimizer as OptimizerCliName, args: config.optimizerArgs },
    learningRate: config.learningRate,
    schedule: { name: config.schedule as ScheduleName, args: config.scheduleArgs },
    batchSize: config.batchSize > 0 ? config.batchSize : null,
    steps: config.steps,
    epochs: null,
    seed: config.seed,
    start: { w: config.initialW, b: config.initialB },
  };
}

/** The core's objects for a run config: the optimizer, the schedule or plateau callback, the options. */
export function setUp(loaded: Loaded, config: RunConfig): Setup {
  const resolved = resolveRun(
    coreConfigOf(config),
    loaded.data,
    config.loss === "mse" ? { stats: loaded.stats } : {},
  );
  return {
    optimizer: resolved.optimizer,
    trainOptions: resolved.trainOptions,
    scheduleArgs: resolved.schedule.args,
  };
}

function summarize(theory: LinearMseTheory, stats: LinearStats): TheorySummary {
  const [lambdaMax, lambdaMin] = theory.hessianEigenvalues;
  return {
    optimum: theory.optimum,
    lambdaMax,
    lambdaMin,
    conditionNumber: theory.conditionNumber,
    criticalLearningRate: theory.criticalLearningRate,
    optimalLearningRate: theory.optimalLearningRate,
    optimalFormula: theory.optimalFormula,
    degenerate: stats.degenerate,
  };
}

/** A run of the lab, judged: the same path as every face (core trainAndJudge), on the loaded statistics. */
function judged(loaded: Loaded, config: RunConfig): JudgedRun {
  return trainAndJudge(
    coreConfigOf(config),
    loaded.data,
    config.loss === "mse" ? { stats: loaded.stats, theory: loaded.theory } : {},
  );
}

/**
 * One run, judged beside the theory, with its history copied into buffers the page can take over, and
 * (unless `slices` is false) the loss slices through the optimum with the run's steps on them.
 */
export function runLab(loaded: Loaded, config: RunConfig, { slices = true } = {}): RunResult {
  const { run, theory, verdict } = judged(loaded, config);
  const h = run.history;
  const sliceSet = slices
    ? slicesOf(loaded.data, loaded.stats, config.loss, config.huberDelta, { w: h.w, b: h.b })
    : "the slices are drawn for the lesson's run only";
  return {
    dataVersion: loaded.version,
    config,
    status: run.status,
    divergedAtStep: run.divergedAtStep,
    steps: run.steps,
    requestedSteps: run.requestedSteps,
    batchSize: run.batchSize,
    stepsPerEpoch: run.stepsPerEpoch,
    historyEvery: run.historyEvery,
    final: run.final,
    history: {
      length: h.length,
      step: h.step.slice(),
      epoch: h.epoch.slice(),
      learningRate: h.learningRate.slice(),
      loss: h.loss.slice(),
      w: h.w.slice(),
      b: h.b.slice(),
    },
    theory: theory ? summarize(theory, loaded.stats) : null,
    stability:
      verdict.criticalLearningRate !== null && verdict.criticalFormula !== null
        ? { learningRate: verdict.criticalLearningRate, formula: verdict.criticalFormula }
        : null,
    verdict,
    slices: typeof sliceSet === "string" ? null : sliceSet,
    slicesUnavailable: typeof sliceSet === "string" ? sliceSet : null,
  };
}

/** The run as the CLI's `fit --json` document or its history as CSV. */
export function exportRun(loaded: Loaded, config: RunConfig, format: "json" | "csv"): ExportResult {
  const { resolved, run, theory, verdict } = judged(loaded, config);
  if (format === "csv") {
    return { text: historyCsv(run.history), fileName: "lrlab-run.csv", mime: "text/csv" };
  }
  const document = runDocument({
    data: loaded.data,
    loss: config.loss,
    huberDelta: config.loss === "huber" ? config.huberDelta : undefined,
    optimizer: optimizerToConfig(resolved.optimizer),
    schedule: { name: config.schedule, ...resolved.schedule.args },
    seed: config.seed,
    config: runConfigToJson(resolved.config),
    run,
    theory,
    verdict,
  });
  return { text: toJsonText(document), fileName: "lrlab-run.json", mime: "application/json" };
}

/** The exact MSE landscape around the optimum, holding the run's start with room to spare. */
export function landscapeLab(
  loaded: Loaded,
  config: RunConfig,
  grid: number,
  include: { readonly w: readonly number[]; readonly b: readonly number[] } = { w: [], b: [] },
): LandscapeResult {
  if (config.loss !== "mse") {
    throw new LrlabError(
      "E_USAGE",
      `the landscape is drawn exactly for MSE; with ${config.loss.toUpperCase()} each point would cost a pass over the data`,
    );
  }
  const surface = landscape({
    grid,
    include: [{ w: [config.initialW, ...include.w], b: [config.initialB, ...include.b] }],
    margin: 0.25,
  })(loaded.stats);
  const [sharp, flat] = loaded.theory.eigenvectors;
  const [lambdaMax, lambdaMin] = loaded.theory.hessianEigenvalues;
  return {
    dataVersion: loaded.version,
    w: surface.w,
    b: surface.b,
    values: surface.values,
    optimum: loaded.stats.optimum,
    sharp: [sharp[0], sharp[1]],
    flat: [flat[0], flat[1]],
    lambdaMax,
    lambdaMin,
  };
}
