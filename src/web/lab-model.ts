/**
 * A model beyond the line in the worker: the loaded data's x column (or the x columns picked) and y as the
 * model's inputs and targets (logistic regression: y itself when at least half of y is 0 or 1, as `lrlab fit`
 * takes it; otherwise y above its median is 1, else 0, since the lab's bundled data sets are regression data),
 * the run of core/judging/model-run.ts with its sharpness tracked, its words from render/model-words.ts,
 * and what the scene draws: the model on a grid of x (one input), the a–b plane with the p = 0.5 boundary
 * (a classifier on two), or each prediction beside its target (otherwise).
 */
import { type Dataset, datasetColumns, datasetFeatureNames } from "../core/data/data.js";
import { LrlabError } from "../core/errors.js";
import {
  type RunConfig as CoreRunConfig,
  type KerasWeights,
  type ModelLossName,
  type ModelSpec,
  OPTIMIZERS,
  type PreparedModel,
  prepareModel,
  regimeBounds,
} from "../core/index.js";
import { trainAndJudgeModel } from "../core/judging/model-run.js";
import { drawsDecisionBoundary } from "../core/models/decision-boundary.js";
import { polynomialFeatures } from "../core/models/features.js";
import type { Optimizer } from "../core/optimizers/optimizer.js";
import { boundaryView } from "../render/boundary-view.js";
import { extent } from "../render/extent.js";
import { modelTitle, modelVerdictWords, stabilityWords, standardizeWords } from "../render/model-words.js";
import { formatAdvisedRate } from "../render/numbers.js";
import type { ModelRunResult } from "./answers.js";
import { modelLandscapeLab, PathRecorder } from "./lab-model-landscape.js";
import { coreConfigOf, type Loaded } from "./lab-run.js";
import { type ModelSettings, takesSeveralInputs } from "./model-settings.js";
import { type RunConfig, SAMPLE_LIMIT } from "./protocol.js";

/** Points drawn on the a–b plane at most (every k-th row beyond), as `lrlab plot fit` draws. */
const PLANE_POINTS = 2000;

/** Points on the grid of x the fitted curve is drawn through. */
export const CURVE_POINTS = 241;
/** The grid reaches this fraction of the data's x range beyond it on each side (the scene's nice axis). */
const CURVE_MARGIN = 0.25;

/** Names the core's messages use for the model's settings: the lab's fields. */
const LAB_NAMES = {
  degree: "degree",
  hidden: "hidden layers",
  activation: "activation",
  x: "x",
  loss: "loss",
};

/** The core's model spec for the lab's settings: only the arguments of the chosen model. */
export function modelSpecOf(settings: ModelSettings): ModelSpec {
  const { name } = settings;
  return {
    name,
    ...(name === "polynomial" ? { degree: settings.degree } : {}),
    ...(name === "mlp" ? { hidden: settings.hidden, activation: settings.activation } : {}),
    ...(settings.standardize && name !== "line" ? { standardize: true } : {}),
  };
}

/** The web lab's names for the controls the conditioning words tell the user to change. */
const WEB_CONTROLS = { standardize: 'the "standardize x" checkbox', degree: 'the "degree" field' } as const;

/** The middle value of `values` (the mean of the two middle ones for an even count). */
export function median(values: Float64Array): number {
  const sorted = Float64Array.from(values).sort();
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/**
 * Logistic regression's labels: y as given when it is labels, that is when at least half of it is 0 or 1
 * (real labels, used as the CLI uses them, so a stray "2" is refused by the core's check with its row,
 * not median-split into labels that flip the real ones); else 1 where y is above its median
 * (`threshold`) and 0 elsewhere, since the bundled data sets are regression data. The picker words this
 * rule as model-settings.ts's LABEL_RULE_WORDS: change the two together.
 */
export function logisticLabels(y: Float64Array): { targets: Float64Array; threshold: number | null } {
  const binary = y.reduce((count, value) => count + (value === 0 || value === 1 ? 1 : 0), 0);
  if (binary * 2 >= y.length) return { targets: y, threshold: null };
  const threshold = median(y);
  return { targets: Float64Array.from(y, (value) => (value > threshold ? 1 : 0)), threshold };
}

/**
 * Whether the model outputs a probability under BCE, on 0/1 labels: logistic regression, or a network
 * whose loss is BCE (its output a sigmoid), as `lrlab fit --model mlp --loss bce`.
 */
export function isClassifier(settings: Pick<ModelSettings, "name" | "loss">): boolean {
  return settings.name === "logistic" || (settings.name === "mlp" && settings.loss === "bce");
}

/** What a model run starts from: its data, targets, prepared model and the core's run config. */
export interface ModelSetup {
  readonly data: Dataset;
  readonly labelled: { readonly targets: Float64Array; readonly threshold: number | null } | null;
  readonly targets: Float64Array;
  readonly lossName: ModelLossName;
  readonly prepared: PreparedModel;
  readonly coreConfig: CoreRunConfig;
}

/**
 * The model of `settings` on the loaded data with the shared run settings, prepared as the run trains it
 * (and as `lrlab export` exports it, lab-export.ts).
 */
export function modelSetupOf(loaded: Loaded, config: RunConfig, settings: ModelSettings): ModelSetup {
  const data = modelDataOf(loaded, settings);
  const columns = datasetColumns(data);
  const classifier = isClassifier(settings);
  const labelled = classifier ? logisticLabels(data.y) : null;
  const targets = labelled ? labelled.targets : data.y;
  const lossName: ModelLossName = classifier ? "bce" : config.loss;
  const spec = modelSpecOf(settings);
  const prepared = prepareModel(spec, columns, targets, {
    loss: lossName,
    huberDelta: config.huberDelta,
    columnNames: datasetFeatureNames(data),
    names: LAB_NAMES,
    targetSource: { source: data.source, column: data.yName },
    bceChosenBy: settings.name === "logistic" ? "logistic regression (BCE)" : "the network's loss BCE",
  });
  // The line starts where the lesson's does; the other models at Keras's start (core initialParameters).
  const lineStart: KerasWeights = [[[config.initialW]], [config.initialB]];
  const coreConfig: CoreRunConfig = {
    ...coreConfigOf(config),
    model: spec,
    loss: classifier ? { name: "bce" } : coreConfigOf(config).loss,
    trackSharpness: settings.trackSharpness,
    ...(settings.name === "line" ? { initialWeights: lineStart } : {}),
  };
  return { data, labelled, targets, lossName, prepared, coreConfig };
}

/** Trains the model of `settings` on the loaded data with the shared run settings, and judges it. */
export function modelRunLab(loaded: Loaded, config: RunConfig, settings: ModelSettings): ModelRunResult {
  const { data, labelled, targets, lossName, prepared, coreConfig } = modelSetupOf(loaded, config, settings);
  const columns = datasetColumns(data);
  const classifier = isClassifier(settings);
  const path = new PathRecorder(config.steps);
  const judged = trainAndJudgeModel(coreConfig, prepared, { onRecord: path.record });
  const { resolved, run, stability, verdict } = judged;
  const rate = resolved.rateAt(0);
  const history = run.history;
  const series = run.sharpness;
  const optimizerClass = OPTIMIZERS[resolved.optimizer.name as keyof typeof OPTIMIZERS]?.kerasClass ?? "";
  const standardized = prepared.standardization;
  const ones = labelled ? targets.reduce((sum, label) => sum + label, 0) : 0;
  return {
    dataVersion: loaded.version,
    config,
    settings,
    title: modelTitle(prepared),
    parameterCount: prepared.model.parameterCount,
    lossName,
    labels: labelled ? { threshold: labelled.threshold, ones, n: targets.length } : null,
    standardizedColumns: standardized
      ? datasetFeatureNames(data).map((name, j) => ({
          name,
          mean: standardized.means[j] as number,
          deviation: standardized.deviations[j] as number,
        }))
      : [],
    standardization: standardized
      ? { mean: standardized.means[0] as number, deviation: standardized.deviations[0] as number }
      : null,
    status: run.status,
    steps: run.steps,
    requestedSteps: run.requestedSteps,
    divergedAtStep: run.divergedAtStep,
    learningRate: rate,
    initialLoss: run.initialLoss,
    finalLoss: run.final.loss,
    bestLoss: prepared.theory ? prepared.theory.optimum.loss : null,
    history: {
      length: history.length,
      step: history.step.slice(),
      learningRate: history.learningRate.slice(),
      loss: history.loss.slice(),
    },
    sharpness: {
      every: settings.trackSharpness,
      step: Float64Array.from(series?.step ?? []),
      value: Float64Array.from(series?.sharpness ?? []),
      converged: series?.converged ?? true,
    },
    thresholds: thresholdsOf(resolved.optimizer, history.learningRate, optimizerClass),
    stability: {
      basis: stability.basis,
      sharpness: stability.sharpness,
      criticalLearningRate: stability.criticalLearningRate,
      bound: stability.bounds ? stability.bounds.critical : null,
      converged: stability.converged,
    },
    verdict,
    words: {
      stability: stabilityWords(stability, optimizerClass, WEB_CONTROLS, prepared),
      verdict: modelVerdictWords(judged, rate, {
        // Rounded down, as the CLI advises: a fastest rate just under the bound, rounded up, jumped out.
        rate: (value) => `lr ${formatAdvisedRate(value)}`,
        rescale: 'tick "standardize x"',
        seed: 'a new "shuffle seed" in Settings, which also draws the starting weights',
      }),
      standardize: standardizeWords(prepared),
    },
    ...(columns.length === 1
      ? {
          ...curveOf(prepared, run.final.params, data.x, settings.name === "logistic"),
          predictions: null,
          plane: null,
        }
      : severalInputsOf(prepared, run.final.params, columns, targets, datasetFeatureNames(data))),
    featureNames: datasetFeatureNames(data),
    ...modelLandscapeLab(
      prepared,
      {
        status: run.status,
        steps: run.steps,
        initial: judged.initial,
        final: run.final.params,
        recorded: history,
      },
      path,
      config.seed,
    ),
  };
}

/**
 * The data the model is fitted to: the loaded data, or for a model on several columns (linear, logistic,
 * mlp) the same source read again with them (rows missing any value left out, as the CLI's `--x a --x b`
 * does).
 */
function modelDataOf(loaded: Loaded, settings: ModelSettings): Dataset {
  const { data } = loaded;
  const extra = settings.features.filter((name) => name !== data.xName && name !== data.yName);
  if (!takesSeveralInputs(settings.name) || extra.length === 0) return data;
  if (!loaded.withFeatures) {
    throw new LrlabError(
      "E_BAD_ARGUMENT",
      `more x columns: ${data.source} has one x column; pick a bundled data set or upload a CSV with several`,
    );
  }
  return loaded.withFeatures(extra);
}

/**
 * Several inputs: for a classifier on exactly two with finite weights, the a–b plane with its p = 0.5
 * boundary (the view `lrlab plot fit` draws, render/boundary-view.ts); otherwise each point's target
 * beside the model's prediction (for logistic regression, its label beside the probability of 1).
 */
function severalInputsOf(
  prepared: PreparedModel,
  params: Float64Array,
  columns: readonly Float64Array[],
  labels: Float64Array,
  names: readonly string[],
): Pick<ModelRunResult, "curve" | "boundary" | "predictions" | "plane"> {
  const none = { curve: { x: new Float64Array(0), y: new Float64Array(0) }, boundary: null };
  const [a, b] = columns as [Float64Array, Float64Array];
  if (columns.length === 2 && drawsDecisionBoundary(prepared) && params.every(Number.isFinite)) {
    const stride = Math.max(1, Math.ceil(labels.length / PLANE_POINTS));
    const plane = boundaryView(prepared, params, [a, b], labels, names as [string, string], stride);
    return { ...none, predictions: null, plane };
  }
  return { ...none, predictions: predictionsOf(prepared, params), plane: null };
}

/** Several features: each point's target beside the model's prediction (an even sample of at most SAMPLE_LIMIT). */
function predictionsOf(prepared: PreparedModel, params: Float64Array): ModelRunResult["predictions"] {
  const n = prepared.data.targets.length;
  const take = Math.min(n, SAMPLE_LIMIT);
  const actual = new Float64Array(take);
  const predicted = new Float64Array(take);
  for (let k = 0; k < take; k++) {
    const row = take === n ? k : Math.floor((k * n) / take);
    actual[k] = prepared.data.targets[row] as number;
    predicted[k] = prepared.model.predict(params, prepared.data, row);
  }
  return { actual, predicted };
}

/**
 * The sharpness each recorded rate can bear: every optimizer's bound is a number over λmax (core
 * theory/regime.ts), so its bound on λ at rate η is that number over η: 2/η for plain gradient descent,
 * 2(1 + β)/η with momentum β, none for the adaptive optimizers.
 */
function thresholdsOf(
  optimizer: Optimizer,
  rates: Float64Array,
  optimizerClass: string,
): ModelRunResult["thresholds"] {
  const plain = Float64Array.from(rates, (rate) => 2 / rate);
  const atUnitCurvature = regimeBounds(1, optimizer);
  if (!atUnitCurvature) {
    return { plain, optimizer: null, formula: null, detail: null, adaptive: true, optimizerClass };
  }
  const { learningRate: factor, formula } = atUnitCurvature.critical;
  if (formula === "2/λmax") {
    return { plain, optimizer: null, formula: null, detail: null, adaptive: false, optimizerClass };
  }
  const { momentum, nesterov } = optimizer.config as { momentum?: number; nesterov?: boolean };
  return {
    plain,
    optimizer: Float64Array.from(rates, (rate) => factor / rate),
    formula: formula.replace("λmax", "η"),
    detail: `${nesterov ? "Nesterov " : ""}momentum β = ${momentum}`,
    adaptive: false,
    optimizerClass,
  };
}

/**
 * The model's output on an even grid of x reaching past the data on both sides, x transformed exactly as
 * the model's inputs were (standardized with the data's mean and deviation, then expanded into powers);
 * for logistic regression also the x where the probability is 0.5 (σ(w·z + b) = 0.5 at z = −b/w).
 */
function curveOf(
  prepared: PreparedModel,
  params: Float64Array,
  xs: Float64Array,
  logistic: boolean,
): Pick<ModelRunResult, "curve" | "boundary"> {
  const [low, high] = extent(xs);
  const span = high > low ? high - low : 1;
  const from = low - CURVE_MARGIN * span;
  const to = high + CURVE_MARGIN * span;
  const x = Float64Array.from(
    { length: CURVE_POINTS },
    (_, i) => from + ((to - from) * i) / (CURVE_POINTS - 1),
  );
  const standardized = prepared.standardization;
  const mean = standardized ? (standardized.means[0] as number) : 0;
  const deviation = standardized ? (standardized.deviations[0] as number) : 1;
  const z = x.map((value) => (value - mean) / deviation);
  const features =
    prepared.spec.name === "polynomial" ? polynomialFeatures(z, prepared.spec.degree ?? 2) : [z];
  const width = features.length;
  const inputs = new Float64Array(CURVE_POINTS * width);
  features.forEach((feature, j) => {
    for (let r = 0; r < CURVE_POINTS; r++) inputs[r * width + j] = feature[r] as number;
  });
  const grid = { inputs, targets: new Float64Array(CURVE_POINTS), features: width };
  const y = Float64Array.from({ length: CURVE_POINTS }, (_, r) => prepared.model.predict(params, grid, r));
  let boundary: number | null = null;
  if (logistic) {
    const [w, b] = [params[0] as number, params[1] as number];
    if (w !== 0 && Number.isFinite(w) && Number.isFinite(b)) boundary = mean + deviation * (-b / w);
  }
  return { curve: { x, y }, boundary };
}
