/**
 * One run in the worker, from the protocol's settings to the core's objects and back: the optimizer and
 * the schedule (or plateau callback) of a run config, the run judged beside the exact theory, the run as
 * the CLI's JSON document or CSV, and the exact MSE landscape around it.
 */
import {
  createOptimizer,
  createSchedule,
  type Dataset,
  gradientDescentRegime,
  historyCsv,
  judgeRun,
  type LinearMseTheory,
  type LinearStats,
  LrlabError,
  landscape,
  type Optimizer,
  optimizerStabilityBound,
  optimizerToConfig,
  type ParamValue,
  type ReduceLROnPlateauOptions,
  reduceLROnPlateau,
  runDocument,
  SCHEDULES,
  type ScheduleName,
  type TrainOptions,
  type TrainResult,
  toJsonText,
  train,
} from "../core/index.js";
import { slicesOf } from "./lab-slices.js";
import type { ExportResult, LandscapeResult, RunConfig, RunResult, TheorySummary } from "./protocol.js";

/** The data the worker holds, with what every run on it shares. */
export interface Loaded {
  readonly data: Dataset;
  readonly stats: LinearStats;
  readonly theory: LinearMseTheory;
  readonly version: number;
}

export interface Setup {
  readonly optimizer: Optimizer;
  readonly trainOptions: TrainOptions;
  /** The schedule's arguments as used, its rate included, for the run document. */
  readonly scheduleArgs: Record<string, ParamValue>;
}

/** The core's objects for a run config: the optimizer, the schedule or plateau callback, the options. */
export function setUp(loaded: Loaded, config: RunConfig): Setup {
  const optimizer = createOptimizer(config.optimizer, {
    ...config.optimizerArgs,
    learningRate: config.learningRate,
  });
  const entry = SCHEDULES[config.schedule as ScheduleName];
  const trainOptions: TrainOptions = {
    loss: config.loss,
    optimizer,
    steps: config.steps,
    seed: config.seed,
    initialW: config.initialW,
    initialB: config.initialB,
  };
  if (config.loss === "huber") trainOptions.huberDelta = config.huberDelta;
  if (config.loss === "mse") trainOptions.stats = loaded.stats;
  if (config.batchSize > 0) trainOptions.batchSize = config.batchSize;
  let scheduleArgs: Record<string, ParamValue> = { ...config.scheduleArgs };
  if (entry?.kind === "callback") {
    trainOptions.learningRate = config.learningRate;
    trainOptions.rateCallback = reduceLROnPlateau(config.scheduleArgs as ReduceLROnPlateauOptions);
    scheduleArgs = { learningRate: config.learningRate, ...scheduleArgs };
  } else if (config.schedule === "constant") {
    trainOptions.learningRate = config.learningRate;
    scheduleArgs = { learningRate: config.learningRate };
  } else {
    trainOptions.learningRate = createSchedule(config.schedule, config.scheduleArgs, config.learningRate);
    if (entry?.kind === "schedule" && entry.rateKey !== undefined) {
      scheduleArgs = { [entry.rateKey]: config.learningRate, ...scheduleArgs };
    }
  }
  return { optimizer, trainOptions, scheduleArgs };
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
    degenerate: stats.degenerate,
  };
}

interface Judged {
  readonly setup: Setup;
  readonly run: TrainResult;
  readonly theory: LinearMseTheory | null;
  readonly verdict: ReturnType<typeof judgeRun>;
}

function trainAndJudge(loaded: Loaded, config: RunConfig): Judged {
  const setup = setUp(loaded, config);
  const run = train(loaded.data, setup.trainOptions);
  const theory = config.loss === "mse" ? loaded.theory : null;
  const verdict = judgeRun(run, {
    theory,
    optimizer: setup.optimizer,
    learningRate: run.history.learningRate[0] as number,
    constantRate: config.schedule === "constant",
    initialW: config.initialW,
    initialB: config.initialB,
  });
  return { setup, run, theory, verdict };
}

/**
 * One run, judged beside the theory, with its history copied into buffers the page can take over, and
 * (unless `slices` is false) the loss slices through the optimum with the run's steps on them.
 */
export function runLab(loaded: Loaded, config: RunConfig, { slices = true } = {}): RunResult {
  const { setup, run, theory, verdict } = trainAndJudge(loaded, config);
  const h = run.history;
  const firstRate = h.learningRate[0] as number;
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
    regime: theory ? gradientDescentRegime(theory, firstRate) : null,
    stability: theory ? optimizerStabilityBound(theory.hessianEigenvalues[0], setup.optimizer) : null,
    verdict,
    slices: typeof sliceSet === "string" ? null : sliceSet,
    slicesUnavailable: typeof sliceSet === "string" ? sliceSet : null,
  };
}

/** The run as the CLI's `fit --json` document or its history as CSV. */
export function exportRun(loaded: Loaded, config: RunConfig, format: "json" | "csv"): ExportResult {
  const { setup, run, theory, verdict } = trainAndJudge(loaded, config);
  if (format === "csv") {
    return { text: historyCsv(run.history), fileName: "lrlab-run.csv", mime: "text/csv" };
  }
  const document = runDocument({
    data: loaded.data,
    loss: config.loss,
    huberDelta: config.loss === "huber" ? config.huberDelta : undefined,
    optimizer: optimizerToConfig(setup.optimizer),
    schedule: { name: config.schedule, ...setup.scheduleArgs },
    seed: config.seed,
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
