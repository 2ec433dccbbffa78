/**
 * lrlab's public API: the numeric core, pure TypeScript that runs unchanged in Node, a browser or a
 * Web Worker. This file only lists exports.
 */

export type {
  PlateauMode,
  PlateauState,
  ReduceLROnPlateau,
  ReduceLROnPlateauConfig,
  ReduceLROnPlateauOptions,
} from "./callbacks/reduce-lr-on-plateau.js";
export { reduceLROnPlateau, reduceLROnPlateauParams } from "./callbacks/reduce-lr-on-plateau.js";
export type {
  LrSuggestion,
  LrSuggestions,
  SlideOptions,
  SuggestionName,
  SuggestOptions,
} from "./choosing/lr-suggestions.js";
export {
  minimum as minimumSuggestion,
  slide as slideSuggestion,
  steep as steepSuggestion,
  suggestLearningRates,
  valley as valleySuggestion,
} from "./choosing/lr-suggestions.js";
export type {
  ModelRandomSearchOptions,
  ModelRandomSearchResult,
  ModelSearchBox,
  ModelSearchRanges,
} from "./choosing/model-random-search.js";
export {
  fullDataLoss,
  modelGradientDescentEvaluationsToReach,
  modelSearchBox,
  randomSearchModel,
} from "./choosing/model-random-search.js";
export type { ModelCandidate, ModelSuggestion, ModelSuggestOptions } from "./choosing/model-suggest.js";
export { suggestModelRate } from "./choosing/model-suggest.js";
export type { ModelSweepOptions, ModelSweepResult, ModelSweepRun } from "./choosing/model-sweep.js";
export { defaultModelSweepRates, modelSweepStability, sweepModel } from "./choosing/model-sweep.js";
export type { RandomSearchOptions, RandomSearchResult } from "./choosing/random-search.js";
export { gradientDescentEvaluationsToReach, randomSearch, searchBox } from "./choosing/random-search.js";
export type {
  RampMode,
  RangeTestOptions,
  RangeTestResult,
  RangeTestStop,
  RangeTestTrainOptions,
} from "./choosing/range-test.js";
export {
  MIN_RANGE_TEST_ITERATIONS,
  RANGE_TEST_DEFAULTS,
  rangeTest,
  rangeTestParams,
  rangeTestSchedule,
  smoothLosses,
} from "./choosing/range-test.js";
export type { SuggestionMark } from "./choosing/range-test-marks.js";
export { curveLossAt, suggestionMarks } from "./choosing/range-test-marks.js";
export type {
  LearningRateSuggestion,
  SuggestionMethod,
  SuggestLearningRateOptions,
} from "./choosing/suggest.js";
export { suggestLearningRate } from "./choosing/suggest.js";
export type {
  PreparedSweep,
  SweepBest,
  SweepBoundary,
  SweepContext,
  SweepOptions,
  SweepResult,
  SweepRun,
  SweepTheory,
} from "./choosing/sweep.js";
export {
  logSpacedRates,
  prepareSweep,
  summarizeSweep,
  sweep,
} from "./choosing/sweep.js";
export type { SweepMeasurement, SweepRunOptions } from "./choosing/sweep-run.js";
export { defaultSweepTolerance, sweepRun } from "./choosing/sweep-run.js";
export type { CsvColumns, CsvStream } from "./data/csv.js";
export { parseCsv, readCsv } from "./data/csv.js";
export type { CsvDelimiter } from "./data/csv-sniff.js";
export { sniffDelimiter } from "./data/csv-sniff.js";
export type { Dataset, DatasetFeatures, SyntheticLineOptions } from "./data/data.js";
export {
  BUILTIN_DATA,
  builtinData,
  checkDataset,
  datasetColumns,
  datasetFeatureNames,
  syntheticLine,
} from "./data/data.js";
export type { LinearStats } from "./data/stats.js";
export { linearStats, mseAt, mseGradientAt, mseLossAndGradientAt } from "./data/stats.js";
export type { LrlabErrorCode } from "./errors.js";
export { isLrlabError, LrlabError } from "./errors.js";
export type {
  ExportArgument,
  ExportData,
  ExportDataSource,
  ExportLayer,
  ExportPlan,
  ExportVerdict,
  RoundingWarning,
} from "./export/export-plan.js";
export { exportPlan, roundingWarningOf } from "./export/export-plan.js";
export type { Closeness } from "./judging/closeness.js";
export { CLOSE_RELATIVE_GAP, closeness, closenessFor, relativeExcess } from "./judging/closeness.js";
export type { FlipMeasure, RunDynamics } from "./judging/dynamics.js";
export type { JudgedRun, JudgedRunOptions } from "./judging/judged-run.js";
export { trainAndJudge } from "./judging/judged-run.js";
export type { UnstableReason, UnstableRunFacts } from "./judging/unstable-run.js";
export { unstableUndiverged } from "./judging/unstable-run.js";
export type { Outcome, Verdict, VerdictContext } from "./judging/verdict.js";
export { ILL_CONDITIONED, judgeRun, OUTCOMES, roundDownToOneDigit } from "./judging/verdict.js";
export type {
  Landscape,
  LandscapeAxes,
  LandscapeOptions,
  LandscapePath,
  LandscapeRangeOptions,
  LandscapeRanges,
} from "./landscape/landscape.js";
export {
  DEFAULT_LANDSCAPE_GRID,
  landscape,
  landscapeAxes,
  landscapeGridSize,
  landscapeMinimum,
  landscapeRanges,
  MAX_LANDSCAPE_POINTS,
  mseGrid,
  pathToHold,
} from "./landscape/landscape.js";
export type { DirectLossOptions } from "./landscape/landscape-direct.js";
export { directLandscape, lossGridRows } from "./landscape/landscape-direct.js";
export { EXPONENTIAL_DECAY_RATE } from "./lesson/decay-lesson.js";
export type { GuessBox, GuessOdds } from "./lesson/guessing-odds.js";
export {
  GUESS_DIMENSIONS,
  GUESS_LEVELS,
  gapAtLevel,
  guessesInDimensions,
  guessOdds,
  unitBallVolume,
} from "./lesson/guessing-odds.js";
export type {
  ChapterFacts,
  ChapterId,
  ChapterSetup,
  DecayFacts,
  GuessingFacts,
  GuideFacts,
  GuideOptions,
  Objective,
  Unavailable,
} from "./lesson/guide.js";
export { CHAPTER_IDS, guideFacts } from "./lesson/guide.js";
export type { Prediction, TaskEvidence, TaskRun } from "./lesson/guide-check.js";
export { PREDICTIONS, predictionOf, taskDone } from "./lesson/guide-check.js";
export type { LessonPlan, LessonPlanOptions, LessonRate, LessonRateName } from "./lesson/lesson.js";
export { LESSON_RATE_NAMES, lessonPlan } from "./lesson/lesson.js";
export type { ReachingRates, ReachingRatesOptions } from "./lesson/reaching-rates.js";
export { reachingRates } from "./lesson/reaching-rates.js";
export { glorotUniform } from "./models/glorot.js";
export type { LinearDesignStats, LinearDesignTheory } from "./models/linear-theory.js";
export { linearDesignStats, linearDesignTheory } from "./models/linear-theory.js";
export type { BatchKernel, LossName } from "./models/losses.js";
export { batchKernel, checkLossName, DEFAULT_HUBER_DELTA, LOSS_NAMES } from "./models/losses.js";
export type { ActivationName, Mlp, MlpOptions, OutputActivationName } from "./models/mlp.js";
export { ACTIVATION_NAMES, mlp } from "./models/mlp.js";
// Models beyond the line: the spec, the model and its inputs, the loop, sharpness.
export type { DenseShape, KerasWeights, Model, ModelData, ModelLoss, ModelLossName } from "./models/model.js";
export { allRows, fromKerasWeights, MODEL_LOSS_NAMES, toKerasWeights } from "./models/model.js";
export type { ModelName, ModelSpec, PreparedModel } from "./models/model-spec.js";
export {
  checkModelSpec,
  DEFAULT_MLP_ACTIVATION,
  defaultLossOf,
  initialParameters,
  LINE_MODEL,
  MAX_HIDDEN_LAYERS,
  MAX_HIDDEN_UNITS,
  MAX_MODEL_PARAMETERS,
  MODEL_NAMES,
  prepareModel,
} from "./models/model-spec.js";
export type { EigenEstimate, Sharpness, SharpnessOptions } from "./models/sharpness.js";
export { sharpness } from "./models/sharpness.js";
export type { AdagradArgs, AdagradConfig } from "./optimizers/adagrad.js";
export { adagrad, adagradParams } from "./optimizers/adagrad.js";
export type { AdamArgs, AdamConfig } from "./optimizers/adam.js";
export { adam, adamParams } from "./optimizers/adam.js";
export type { Optimizer, OptimizerName, OptimizerState } from "./optimizers/optimizer.js";
export type {
  OptimizerCliName,
  OptimizerConfigJson,
  OptimizerEntry,
  OptimizerStateJson,
} from "./optimizers/registry.js";
export {
  createOptimizer,
  deserializeOptimizerState,
  OPTIMIZER_NAMES,
  OPTIMIZERS,
  optimizerFromConfig,
  optimizerParams,
  optimizerToConfig,
  serializeOptimizerState,
} from "./optimizers/registry.js";
export type { RmspropArgs, RmspropConfig } from "./optimizers/rmsprop.js";
export { rmsprop, rmspropParams } from "./optimizers/rmsprop.js";
export type { SgdArgs, SgdConfig } from "./optimizers/sgd.js";
export { sgd, sgdParams } from "./optimizers/sgd.js";
export type { ParamSpec, ParamValue } from "./params.js";
export { checkParam, describeExpected, nearestName, resolveParams } from "./params.js";
export type { Random } from "./random.js";
export { createRandom, shuffleInPlace } from "./random.js";
export type { CosineDecayOptions } from "./schedules/cosine-decay.js";
export { cosineDecay, cosineDecayParams } from "./schedules/cosine-decay.js";
export type { CosineDecayRestartsOptions } from "./schedules/cosine-decay-restarts.js";
export { cosineDecayRestarts, cosineDecayRestartsParams } from "./schedules/cosine-decay-restarts.js";
export type { CyclicalLearningRateOptions, CyclicalMode } from "./schedules/cyclical-learning-rate.js";
export { cyclicalLearningRate, cyclicalLearningRateParams } from "./schedules/cyclical-learning-rate.js";
export type { ExponentialDecayOptions } from "./schedules/exponential-decay.js";
export { exponentialDecay, exponentialDecayParams } from "./schedules/exponential-decay.js";
export type { InverseTimeDecayOptions } from "./schedules/inverse-time-decay.js";
export { inverseTimeDecay, inverseTimeDecayParams } from "./schedules/inverse-time-decay.js";
export type { AnnealStrategy, OneCycleOptions } from "./schedules/one-cycle.js";
export { oneCycle, oneCycleParams } from "./schedules/one-cycle.js";
export type { PiecewiseConstantDecayOptions } from "./schedules/piecewise-constant-decay.js";
export {
  piecewiseConstantDecay,
  piecewiseConstantDecayParams,
} from "./schedules/piecewise-constant-decay.js";
export type { PolynomialDecayOptions } from "./schedules/polynomial-decay.js";
export { polynomialDecay, polynomialDecayParams } from "./schedules/polynomial-decay.js";
export type { CallbackEntry, RegistryEntry, ScheduleEntry, ScheduleName } from "./schedules/registry.js";
export {
  createSchedule,
  SCHEDULE_NAMES,
  SCHEDULES,
  scheduleEntry,
  scheduleParams,
} from "./schedules/registry.js";
export type { Schedule } from "./schedules/schedule.js";
export type { StepDecayOptions } from "./schedules/step-decay.js";
export { stepDecay, stepDecayParams } from "./schedules/step-decay.js";
export type { CurvatureEstimate, CurvatureOptions } from "./theory/curvature.js";
export { sharpestCurvature } from "./theory/curvature.js";
export type { EigenComponent, FastestRateProblem } from "./theory/fastest-from-start.js";
export { eigenComponents, fastestRateAlong, stepsAlong } from "./theory/fastest-from-start.js";
export type { FastestRate, FastestRateOptions, MomentumPair } from "./theory/fastest-rate.js";
export {
  bestRateForMomentum,
  fastestRate,
  momentumContraction,
  momentumRootModulus,
  optimalMomentumPair,
  roundDownSignificant,
  shortestRoundingDown,
} from "./theory/fastest-rate.js";
export type { LocalBound } from "./theory/local-bound.js";
export { huberLocalBound } from "./theory/local-bound.js";
export type {
  NoExactBoundReason,
  OptimizerLike,
  RateBound,
  Regime,
  RegimeBounds,
  TrajectoryFacts,
} from "./theory/regime.js";
export {
  OSCILLATING_FLIP_FRACTION,
  REGIMES,
  regimeAt,
  regimeBounds,
  regimeBoundsOf,
  trajectoryRegime,
} from "./theory/regime.js";
export type { RobustOptimum } from "./theory/robust-optimum.js";
export { robustOptimum } from "./theory/robust-optimum.js";
export type {
  LinearMseTheory,
  StabilityBound,
  StepsToToleranceOptions,
} from "./theory/theory.js";
export {
  contractionFactors,
  gradientDescentIterate,
  linearMseTheory,
  momentumCriticalLearningRate,
  optimizerStabilityBound,
  stepFactors,
  stepsToTolerance,
} from "./theory/theory.js";
export {
  checkFeatureColumns,
  checkNumericRange,
  checkStart,
  LARGEST_TRUSTED_VALUE,
} from "./theory/trust.js";
export type { RunDocumentInput } from "./training/export.js";
export { historyCsv, runDocument, toJsonText } from "./training/export.js";
export type { History, HistoryRow } from "./training/history.js";
export { historyRows } from "./training/history.js";
export type { ResolvedRun, ResolveOptions, RunConfig } from "./training/run-config.js";
export {
  DEFAULT_RUN_CONFIG,
  rateKeyOf,
  resolveRun,
  runConfigFromJson,
  runConfigToJson,
  scheduleLengthDefaults,
  totalStepsOf,
  withLearningRate,
} from "./training/run-config.js";
export type { TrainResult, TrainStatus } from "./training/train.js";
export { train } from "./training/train.js";
export type {
  ModelHistory,
  ModelTrainOptions,
  ModelTrainResult,
  SharpnessSeries,
} from "./training/train-model.js";
export { trainModel } from "./training/train-model.js";
export type {
  AnyEpochEndRateCallback,
  EpochEndRateCallback,
  TrainOptions,
} from "./training/train-options.js";
export {
  DEFAULT_DIVERGE_FACTOR,
  DEFAULT_STEPS,
  MAX_HISTORY_ROWS,
  trainParams,
} from "./training/train-options.js";
