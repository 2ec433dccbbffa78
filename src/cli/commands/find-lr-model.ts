/**
 * `lrlab find-lr --model linear|polynomial|logistic|mlp`: the LR range test on a model beyond the line
 * (the core's rangeTest trains it with trainModel: the same ramp, smoothing, stopping rule and fastai
 * suggestions as the line's), with the model's critical rate beside the suggestions: exact for the linear
 * family under MSE, else 2/λmax measured at the starting weights (judging/model-run.ts `stabilityAt`), and
 * each suggestion's ratio to it. The output and the JSON keep the line's names where they mean the same.
 */
import type { SuggestionName } from "../../core/choosing/lr-suggestions.js";
import { type RangeTestOptions, type RangeTestResult, rangeTest } from "../../core/choosing/range-test.js";
import { noFiniteOptimum } from "../../core/judging/finite-optimum.js";
import { type ModelStability, stabilityAt } from "../../core/judging/model-run.js";
import { allRows, toKerasWeights } from "../../core/models/model.js";
import { optimizerToConfig } from "../../core/optimizers/registry.js";
import { toJsonText } from "../../core/training/export.js";
import { modelSummary, optimumSummary, stabilitySummary } from "../../core/training/model-document.js";
import { type ResolvedRun, resolveRun } from "../../core/training/run-config.js";
import {
  bestLossWords,
  modelTitle,
  stabilityWords,
  standardizeWords,
  startWords,
} from "../../render/model-words.js";
import { formatAdvisedRate, formatExact, formatSteps } from "../../render/numbers.js";
import { neverFellWords } from "../../render/verdict-words.js";
import { formatCount, formatNumber, formatRatio, wrap } from "../format.js";
import type { Io } from "../io.js";
import { kerasOptimizerClass } from "../keras-words.js";
import { type ModelSetup, modelSetupFrom, startingWeights } from "../model-options.js";
import { noFiniteMinimumField, withNoFiniteMinimum } from "../no-finite-minimum.js";
import { flagName } from "../run-options.js";
import type { RangeTestSettings } from "./find-lr.js";
import { findLrCheckFields, findLrCheckLines, findLrChecks, steepLagWords } from "./find-lr-checks.js";
import { rangeTestCurve, rangeTestFields, settingsOf } from "./find-lr-document.js";
import { curveLines, optimizerCall, stopWords, suggestionTable } from "./find-lr-text.js";

const WIDTH = 100;

/** A model's range test as `find-lr`'s flags describe it, with its critical rate at the start. */
export interface ModelFindLrComputation {
  readonly setup: ModelSetup;
  readonly resolved: ResolvedRun;
  readonly settings: RangeTestSettings;
  readonly run: RangeTestResult;
  readonly initial: Float64Array;
  /** The full-data loss at the starting weights. */
  readonly initialLoss: number;
  readonly stability: ModelStability;
  /** The options the range test ran with, for checks that repeat it (find-lr-checks.ts). */
  readonly rangeTestOptions: RangeTestOptions;
}

/** Runs `find-lr --model …` with its range test options (refused flags already refused) and returns the exit code. */
export async function runModelFindLr(
  options: Readonly<Record<string, unknown>>,
  rangeOptions: RangeTestOptions,
  io: Io,
): Promise<number> {
  const setup = await modelSetupFrom(options, io);
  const computation = computeModelFindLr(setup, rangeOptions);
  const checks = findLrChecks(options, setup.data, computation.rangeTestOptions, computation.run);
  const checkLines = findLrCheckLines(checks, null, noFiniteOptimum(setup.prepared) !== null);
  io.stdout(
    options.json === true
      ? toJsonText({
          ...modelFindLrDocument(computation),
          ...findLrCheckFields(checks, null),
          noFiniteMinimum: noFiniteMinimumField(setup.prepared, "range-test"),
        })
      : withNoFiniteMinimum(
          describeModelFindLr(computation) + (checkLines.length > 0 ? `${checkLines.join("\n")}\n` : ""),
          setup.prepared,
          "range-test",
        ),
  );
  return 0;
}

/** The range test on the setup's model from its starting weights, and the stability there. */
export function computeModelFindLr(
  setup: ModelSetup,
  rangeOptions: RangeTestOptions,
): ModelFindLrComputation {
  const { prepared, config } = setup;
  const n = prepared.data.targets.length;
  // resolveRun reads only the number of rows from the data; the ramp replaces the rate it resolves.
  const resolved = resolveRun(config, { x: { length: n } as Float64Array }, { nameOf: flagName });
  const initial = startingWeights(setup);
  const stability = stabilityAt(prepared, initial, resolved);
  const rangeTestOptions: RangeTestOptions = {
    ...rangeOptions,
    optimizer: resolved.optimizer,
    seed: config.seed,
    ...(config.batchSize !== null ? { batchSize: config.batchSize } : {}),
    model: { prepared, initial },
  };
  const run = rangeTest(setup.data, rangeTestOptions, flagName);
  const initialLoss = prepared.model.lossAndGradient(
    initial,
    prepared.data,
    allRows(n),
    new Float64Array(initial.length),
  );
  return {
    setup,
    resolved,
    settings: settingsOf(rangeOptions, run),
    run,
    initial,
    initialLoss,
    stability,
    rangeTestOptions,
  };
}

/** Each suggestion over 2/λmax, or null where there is no suggestion or no finite critical rate. */
function ratiosToCritical(run: RangeTestResult, stability: ModelStability) {
  const critical = stability.criticalLearningRate;
  const ratio = (name: SuggestionName) => {
    const rate = run.suggestions[name]?.learningRate;
    return rate !== undefined && Number.isFinite(critical) && critical > 0 ? rate / critical : null;
  };
  return { valley: ratio("valley"), steep: ratio("steep"), minimum: ratio("minimum"), slide: ratio("slide") };
}

/**
 * The document `lrlab find-lr --model … --json` prints: the line's find-lr names where they mean the same
 * (the ramp, the curve, the suggestions, `theory` for the exact linear family), the model as the other
 * model documents describe it, `stability` as `fit --model` reports it, and `ratioToCritical`.
 */
export function modelFindLrDocument({
  setup,
  resolved,
  settings,
  run,
  initial,
  initialLoss,
  stability,
}: ModelFindLrComputation) {
  const { prepared, data, columnNames, config } = setup;
  const { model, theory } = prepared;
  const { learningRate: _ramped, ...optimizer } = optimizerToConfig(resolved.optimizer);
  return {
    data: { source: data.source, n: prepared.data.targets.length, x: columnNames, y: data.yName },
    model: modelSummary(prepared, columnNames),
    loss: model.loss.name === "huber" ? { ...model.loss } : { name: model.loss.name },
    optimizer,
    batchSize: run.batchSize,
    stepsPerEpoch: run.stepsPerEpoch,
    seed: config.seed,
    initial: { loss: initialLoss, weights: toKerasWeights(model, initial) },
    ...rangeTestFields(settings, run),
    stability: stabilitySummary(stability),
    ratioToCritical: ratiosToCritical(run, stability),
    theory: theory
      ? {
          criticalLearningRate: theory.criticalLearningRate,
          optimalLearningRate: theory.optimalLearningRate,
          hessianEigenvalues: Array.from(theory.hessianEigenvalues),
          optimizerCriticalLearningRate: stability.bounds?.critical.learningRate ?? null,
          optimum: optimumSummary(prepared),
        }
      : null,
    curve: rangeTestCurve(run),
  };
}

/** The words for a person: the line's find-lr layout, with the model's setup and its critical rate. */
export function describeModelFindLr(computation: ModelFindLrComputation): string {
  const { setup, resolved, settings, run, stability } = computation;
  const { prepared, data, columnNames, config } = setup;
  const n = prepared.data.targets.length;
  const exact = stability.basis === "exact";
  const lines: string[] = [];
  lines.push(
    `lrlab find-lr: the LR range test (Smith 2015; fastai lr_find) on ${modelTitle(prepared)}, ${formatCount(prepared.model.parameterCount)} parameters, on ${data.source}`,
  );
  lines.push(
    `  x = ${columnNames.map((name) => JSON.stringify(name)).join(", ")}, y = ${JSON.stringify(data.yName)}, ${formatCount(n)} point${n === 1 ? "" : "s"}`,
  );
  const { standardization } = prepared;
  if (standardization) {
    const parts = columnNames.map(
      (name, j) =>
        `${JSON.stringify(name)}: mean ${formatNumber(standardization.means[j])}, σ ${formatNumber(standardization.deviations[j])}`,
    );
    lines.push(`  standardized: ${parts.join("; ")}`);
  }
  const batch =
    run.batchSize === n
      ? `full batch (${formatSteps(n, "point")})`
      : `batch size ${formatCount(run.batchSize)} (${formatCount(run.stepsPerEpoch)} steps per epoch)`;
  lines.push(
    `  loss ${lossWords(prepared.model.loss)} · ${optimizerCall({ optimizer: resolved.optimizer })} · ${batch} · seed ${config.seed} · from ${startWords(prepared, config, setup.initSource)}`,
  );
  lines.push(
    `  rate ${formatNumber(settings.startLearningRate)} → ${formatNumber(settings.endLearningRate)}, ${settings.mode}, over ${formatCount(settings.numIterations)} iterations · loss smoothed with β ${formatNumber(settings.smoothing)}, bias-corrected · stop above ${formatNumber(settings.divergeThreshold)}× its lowest so far`,
  );
  lines.push("");
  lines.push(stopWords(run, settings));
  const curve = curveLines(run, settings);
  if (curve.length > 0) lines.push("", ...curve);
  lines.push("");
  const critical = stability.criticalLearningRate;
  const hasCritical = Number.isFinite(critical) && critical > 0;
  // The paragraph on suggestions past the bound only where 2/λmax is the optimizer's own bound (plain SGD).
  const plainBound = stability.bounds?.critical.formula === "2/λmax";
  const where = exact ? "" : " measured at the starting weights";
  lines.push(
    ...suggestionTable(
      run,
      hasCritical
        ? {
            header: "× 2/λmax",
            learningRate: critical,
            aboveWords: plainBound
              ? (names, verb) =>
                  exact
                    ? `${names} ${verb} above the critical rate ${formatNumber(critical)}, where full-batch gradient descent diverges. A rate just past it diverges slowly from a point already near the optimum, so a range test's smoothed loss can stay flat well beyond it.`
                    : `${names} ${verb} above the critical rate ${formatNumber(critical)}${where}, where full-batch gradient descent is unstable along the sharpest direction. But the sharpness changes as the weights move${prepared.spec.name === "mlp" ? " (a network can keep training by moving to flatter weights: the edge of stability, Cohen et al. 2021)" : ""}: try such a rate with lrlab fit --track-sharpness before trusting it.`
              : null,
          }
        : null,
    ),
  );
  const lag = steepLagWords(run, settings.smoothing);
  if (lag) lines.push(`  ${wrap(lag, WIDTH - 2, "  ")}`);
  lines.push("");
  lines.push(
    exact
      ? "Theory (exact for full-batch gradient descent on MSE)"
      : "Critical rate (measured at the starting weights)",
  );
  for (const line of stabilityWords(
    stability,
    kerasOptimizerClass(config.optimizer.name),
    undefined,
    prepared,
  )) {
    lines.push(`  ${wrap(line, WIDTH - 2, "    ")}`);
  }
  const standardized = standardizeWords(prepared);
  if (standardized) lines.push(`  ${wrap(standardized, WIDTH - 2, "    ")}`);
  if (prepared.theory) lines.push(`  ${bestLossWords(prepared.theory)}`);
  lines.push("");
  lines.push(`Suggested  ${wrap(suggestedWords(computation), WIDTH - 11, "           ")}`);
  return `${lines.join("\n")}\n`;
}

function lossWords(loss: { readonly name: string; readonly delta: number }): string {
  if (loss.name === "huber") return `Huber(delta=${formatNumber(loss.delta)})`;
  if (loss.name === "bce") return "BinaryCrossentropy";
  return loss.name.toUpperCase();
}

/** The suggested rate as a flag to copy, beside the critical rate (the optimizer's bound where it has one). */
function suggestedWords({ run, stability, setup }: ModelFindLrComputation): string {
  if (run.suggestions.nothingBecause === "never-fell") {
    const bound = stability.bounds?.critical ?? null;
    const below = bound
      ? ` below the critical rate ${bound.formula} = ${formatAdvisedRate(bound.learningRate)}${stability.basis === "exact" ? "" : " (measured at the start)"}`
      : "";
    return `nothing: ${neverFellWords(run.stoppedEarly)}, so every rate the ramp reached was already too large. Lower --start-lr${below}.`;
  }
  if (run.suggested === null) {
    return "nothing: no finite loss was recorded. Start from other weights (--init, --seed) or lower --start-lr.";
  }
  if (noFiniteOptimum(setup.prepared)) {
    // As suggest: no rate is named where the loss has no minimum; the valley is kept as what the curve shows.
    return `no rate: the loss has no finite minimum (above), so the valley at lr ${formatNumber(run.suggested)} marks a point on an endless slope, not a rate to use`;
  }
  const how = stability.basis === "exact" ? "exact" : "measured at the start";
  // A flag to copy: four digits, as the table reads it, in ASCII ("5.754e-6", never "5.754e−6").
  const parts = [`--lr ${formatExact(Number(run.suggested.toPrecision(4)))} (valley)`];
  const bound = stability.bounds?.critical ?? null;
  if (bound) {
    const ratio = bound.learningRate / run.suggested;
    const relation =
      ratio >= 1
        ? `${formatRatio(ratio)} the suggestion`
        : `the suggestion is ${formatRatio(1 / ratio)} above it: full-batch gradient descent at that rate is unstable ${stability.basis === "exact" ? "and diverges" : "at the starting weights"}`;
    parts.push(`critical rate ${bound.formula} ${formatNumber(bound.learningRate)}, ${how} (${relation})`);
  } else if (Number.isFinite(stability.criticalLearningRate) && stability.criticalLearningRate > 0) {
    parts.push(
      `critical rate 2/λmax ${formatNumber(stability.criticalLearningRate)}, ${how}, for plain gradient descent (${kerasOptimizerClass(setup.config.optimizer.name)} rescales its steps)`,
    );
  } else {
    parts.push("no critical rate: the loss has no curvature at the start (λmax ≤ 0)");
  }
  return parts.join(" · ");
}
