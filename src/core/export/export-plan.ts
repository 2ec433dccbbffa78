/**
 * What an exported script must reproduce, decided once: the "export plan", plain data that the TF.js and
 * Keras renderers (src/render/export/) only put into words.
 *
 * A plan is built from the same run config and prepared model that `fit` trains, so the script and lrlab
 * agree on every number that matters: the data (a file read again by the script, checked against the
 * row count and column sums lrlab read; the built-in data written in), the standardization (lrlab's means
 * and deviations written in), the features, the Keras Dense layers and their starting weights in
 * get_weights() order, the loss, the optimizer and its Keras arguments, the schedule and its arguments as
 * used (length defaults filled in from the run), the batch size, the number of updates, and the seed of
 * lrlab's per-epoch shuffle (random.ts; training/train-model.ts shuffles one visiting order in place at the
 * start of every epoch, never resetting it, and the last batch of an epoch keeps the remainder).
 */
import type { Dataset } from "../data/data.js";
import { datasetColumns, datasetFeatureNames } from "../data/data.js";
import { LrlabError } from "../errors.js";
import { type ModelVerdict, stabilityAt, trainAndJudgeModel } from "../judging/model-run.js";
import type { UnstableReason } from "../judging/unstable-run.js";
import type { ActivationName, OutputActivationName } from "../models/mlp.js";
import { type KerasWeights, type ModelLossName, toKerasWeights } from "../models/model.js";
import { initialParameters, type ModelName, type PreparedModel } from "../models/model-spec.js";
import type { OptimizerName } from "../optimizers/optimizer.js";
import { OPTIMIZERS } from "../optimizers/registry.js";
import type { ParamValue } from "../params.js";
import { type ScheduleName, scheduleEntry } from "../schedules/registry.js";
import { type ResolveOptions, type RunConfig, resolveRun } from "../training/run-config.js";
import { fullLossEvery, historyEveryOf } from "../training/train-model.js";
import { DEFAULT_DIVERGE_FACTOR } from "../training/train-options.js";

/** One argument as the script writes it: lrlab's camelCase key, the Keras (or PyTorch) name, the value. */
export interface ExportArgument {
  readonly key: string;
  readonly keras: string;
  readonly value: ParamValue;
}

/** Where the script gets its data. */
export type ExportData =
  | {
      /** Read again from the CSV file, by column name, and checked against what lrlab read. */
      readonly kind: "file";
      readonly path: string;
      readonly xNames: readonly string[];
      readonly yName: string;
      readonly rows: number;
      /** The sum of each x column, then of y, added in row order: the script stops if its own differ. */
      readonly sums: readonly number[];
    }
  | {
      /** Written into the script (the built-in data set). */
      readonly kind: "inline";
      readonly description: string;
      readonly xNames: readonly string[];
      readonly yName: string;
      /** Each x column, then y. */
      readonly columns: readonly (readonly number[])[];
      readonly y: readonly number[];
      /**
       * y as labels the run was trained on, when it was made so: 1 where the column `yName` is above
       * `threshold` (its median), else 0; null when y is written as it is.
       */
      readonly labelledAbove: number | null;
    };

/** A Keras Dense layer. */
export interface ExportLayer {
  readonly units: number;
  readonly activation: ActivationName | OutputActivationName;
}

export interface ExportPlan {
  readonly data: ExportData;
  /** Z-scores of the input columns, before any feature expansion (population σ), or null. */
  readonly standardization: {
    readonly means: readonly number[];
    readonly deviations: readonly number[];
  } | null;
  /** polynomial: the features are x, x², …, x^degree of the one column; otherwise null (the columns as they are). */
  readonly polynomialDegree: number | null;
  readonly model: {
    readonly name: ModelName;
    /** Features the first layer sees. */
    readonly inputs: number;
    readonly layers: readonly ExportLayer[];
  };
  /** The starting weights in Keras get_weights() order. */
  readonly initialWeights: KerasWeights;
  readonly loss: { readonly name: ModelLossName; readonly delta: number | null };
  readonly optimizer: {
    readonly name: OptimizerName;
    readonly kerasClass: string;
    /** Its Keras arguments other than the rate, every one (defaults included). */
    readonly args: readonly ExportArgument[];
  };
  /** The constant rate (the schedule's rate argument when there is a schedule). */
  readonly learningRate: number;
  readonly schedule: {
    readonly name: Exclude<ScheduleName, "plateau">;
    /** The Keras class, or the class of the paper / PyTorch / TF Addons for lrlab's other schedules. */
    readonly className: string;
    /** Whether `keras.optimizers.schedules` has the class. */
    readonly inKeras: boolean;
    /** Every argument as used, the rate included; cosine's absent warmup_target is null (Keras None): absent from the list. */
    readonly args: readonly ExportArgument[];
  };
  readonly run: {
    readonly rows: number;
    /** Rows per update (all of them for full batch). */
    readonly batchSize: number;
    readonly fullBatch: boolean;
    readonly stepsPerEpoch: number;
    /** Updates, as `optimizer.iterations` counts them. */
    readonly totalSteps: number;
    /** Epochs begun: the last may stop early when the steps are not whole epochs. */
    readonly epochs: number;
    readonly seed: number;
    /**
     * lrlab stops a run as diverged, before the update of a step, once the full-data loss is not finite or
     * exceeds this × the starting loss (its divergeFactor: 1e6 at a constant rate, the largest double, so
     * only a loss that is no longer a number, under a schedule).
     */
    readonly divergeFactor: number;
    /**
     * Every how many steps lrlab takes the loss on all the data and so tests for divergence (and at the last
     * step): 1 for a full batch or the linear family under MSE, else its history's spacing (training/train-model.ts).
     */
    readonly lossEvery: number;
  };
  /**
   * Why the script's loss may part from lrlab's by far more than float32's usual 1e-4, or null when it
   * should agree ({@link roundingWarningOf}): in a run past its stability bound that did not stop, every
   * step multiplies a difference, so rounding differences grow.
   */
  readonly roundingWarning: RoundingWarning | null;
}

/**
 * Why rounding grows in a run: "edge-of-stability", the verdict's edge of stability (or a rate above the
 * bound the sharpness at the end sets); else a run that did not diverge, yet went above the bound that
 * applies at the start and was diverging when its steps ran out ("above-bound"), or whose loss ended higher
 * than it started ("loss-rose"): judging/unstable-run.ts.
 */
export type RoundingWarning = "edge-of-stability" | UnstableReason;

/** What the plan takes from the core's verdict on the run (judging/model-run.ts), when it was judged. */
export type ExportVerdict = Pick<ModelVerdict, "edgeOfStability" | "aboveBoundAtEnd" | "unstableUndiverged">;

/**
 * The one rule for the warning an exported script carries (its header, and `lrlab export`'s note), from
 * the verdict on the run; without a verdict, none.
 */
export function roundingWarningOf(verdict: ExportVerdict | null | undefined): RoundingWarning | null {
  if (verdict == null) return null;
  if (verdict.edgeOfStability || verdict.aboveBoundAtEnd) return "edge-of-stability";
  return verdict.unstableUndiverged ?? null;
}

/** How the script finds its data: a CSV file by its path, or the data set written in. */
export type ExportDataSource = { readonly kind: "file"; readonly path: string } | { readonly kind: "inline" };

/** The schedules that `keras.optimizers.schedules` has (the rest are written as small classes). */
const KERAS_SCHEDULES: ReadonlySet<string> = new Set([
  "exponential",
  "piecewise",
  "polynomial",
  "inverse-time",
  "cosine",
  "cosine-restarts",
]);

export interface ExportPlanOptions extends Pick<ResolveOptions, "nameOf"> {
  /**
   * The data's y are labels made from the column `data.yName` (1 above this threshold, its median, else 0),
   * as logistic regression on a column that is not 0/1 trains in the web lab.
   */
  readonly labelledAbove?: number;
  /** The verdict on the run as lrlab trained it ({@link judgeForExport}); without one, no edge is claimed. */
  readonly verdict?: ExportVerdict | null;
  /** How the refusals name what they refuse, e.g. the CLI's flags (`--schedule plateau`, `--tolerance`). */
  readonly refusedAs?: { readonly plateau: string; readonly tolerance: string };
}

/**
 * The export plan of a run: `config` as `fit` builds it, on `prepared` (the same data), reading the data
 * from `source`. Refuses, with an `E_USAGE` error, what a script would not reproduce: the plateau callback
 * (its rate follows the loss), a tolerance that stops the run early.
 */
export function exportPlan(
  config: RunConfig,
  prepared: PreparedModel,
  data: Dataset,
  source: ExportDataSource,
  options: ExportPlanOptions = {},
): ExportPlan {
  const { refusedAs = { plateau: "the plateau schedule", tolerance: "a tolerance" } } = options;
  if (config.schedule.name === "plateau") {
    throw new LrlabError(
      "E_USAGE",
      `${refusedAs.plateau} cannot be exported yet: its rate follows the epoch's loss, which the script would have to match bit for bit; choose a per-step schedule`,
    );
  }
  if (config.tolerance !== undefined) {
    throw new LrlabError(
      "E_USAGE",
      `${refusedAs.tolerance} stops the run early, which the exported script does not do; export without it`,
    );
  }
  const rows = data.y.length;
  const resolved = resolveRun(config, { x: data.y }, options.nameOf ? { nameOf: options.nameOf } : {});
  const batchSize = Math.min(config.batchSize ?? rows, rows);
  const stepsPerEpoch = Math.ceil(rows / batchSize);
  const { model } = prepared;
  const layers: ExportLayer[] = model.layers.map(({ units }, l) => ({
    units,
    activation: l === model.layers.length - 1 ? model.output : model.activation,
  }));
  const optimizerName = resolved.optimizer.name;
  const optimizerArgs = OPTIMIZERS[optimizerName].params
    .filter((spec) => spec.key !== "learningRate")
    .map((spec) => ({
      key: spec.key,
      keras: spec.keras,
      value: (resolved.optimizer.config as unknown as Record<string, ParamValue>)[spec.key] as ParamValue,
    }));
  const scheduleName = config.schedule.name;
  const entry = scheduleEntry(scheduleName);
  const kerasNameOf = (key: string) =>
    entry.params.find((spec) => spec.key === key)?.keras ??
    key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
  const scheduleArgs: ExportArgument[] = Object.entries(resolved.schedule.args).map(([key, value]) => ({
    key,
    keras: kerasNameOf(key),
    value,
  }));
  const xNames = datasetFeatureNames(data);
  const columns = datasetColumns(data);
  const exportData: ExportData =
    source.kind === "file"
      ? {
          kind: "file",
          path: source.path,
          xNames,
          yName: data.yName,
          rows,
          sums: [...columns, data.y].map(sumInOrder),
        }
      : {
          kind: "inline",
          description: data.source,
          xNames,
          yName: data.yName,
          columns: columns.map((column) => Array.from(column)),
          y: Array.from(data.y),
          labelledAbove: options.labelledAbove ?? null,
        };
  const standardization = prepared.standardization
    ? {
        means: Array.from(prepared.standardization.means),
        deviations: Array.from(prepared.standardization.deviations),
      }
    : null;
  // The line starts at config.start unless weights were given (the CLI gives the line's start as both).
  const givenWeights =
    config.initialWeights ??
    (prepared.spec.name === "line" ? [[[config.start.w]], [config.start.b]] : undefined);
  const start = initialParameters(prepared, config.seed, givenWeights);
  return {
    data: exportData,
    standardization,
    polynomialDegree: prepared.spec.name === "polynomial" ? (prepared.spec.degree ?? 2) : null,
    model: { name: prepared.spec.name, inputs: model.layers[0]?.inputs ?? 1, layers },
    initialWeights: toKerasWeights(model, start),
    loss: { name: model.loss.name, delta: model.loss.name === "huber" ? model.loss.delta : null },
    optimizer: { name: optimizerName, kerasClass: OPTIMIZERS[optimizerName].kerasClass, args: optimizerArgs },
    learningRate: config.learningRate,
    schedule: {
      name: scheduleName,
      className: entry.className,
      inKeras: KERAS_SCHEDULES.has(scheduleName),
      args: scheduleArgs,
    },
    run: {
      rows,
      batchSize,
      fullBatch: batchSize === rows,
      stepsPerEpoch,
      totalSteps: resolved.totalSteps,
      epochs: Math.ceil(resolved.totalSteps / stepsPerEpoch),
      seed: config.seed,
      divergeFactor: resolved.trainOptions.divergeFactor ?? DEFAULT_DIVERGE_FACTOR,
      lossEvery: fullLossEvery(
        prepared,
        batchSize === rows,
        historyEveryOf(resolved.totalSteps, resolved.trainOptions.historyEvery),
      ),
    },
    roundingWarning: roundingWarningOf(options.verdict),
  };
}

/**
 * The verdict an export plan needs, by training and judging the run as `fit` does. Without training, null
 * where the exact theory already knows the answer: plain full-batch gradient descent on the linear family
 * under MSE at a constant rate within its bound descends every step (no edge, nothing unstable), so a
 * budget of 2e9 steps is exported at once. A plan refused for other reasons is refused before this is asked.
 */
export function judgeForExport(
  config: RunConfig,
  prepared: PreparedModel,
  options: Pick<ResolveOptions, "nameOf"> = {},
): ExportVerdict | null {
  const rows = prepared.data.targets.length;
  const resolved = resolveRun(
    config,
    { x: { length: rows } as Float64Array },
    options.nameOf ? { nameOf: options.nameOf } : {},
  );
  const initial = initialParameters(prepared, config.seed, config.initialWeights);
  const stability = stabilityAt(prepared, initial, resolved);
  const { momentum = 0 } = resolved.optimizer.config as { momentum?: number };
  const bound = stability.bounds?.critical.learningRate ?? null;
  const descends =
    stability.basis === "exact" &&
    resolved.optimizer.name === "sgd" &&
    momentum === 0 &&
    resolved.constantRate &&
    (config.batchSize ?? rows) >= rows &&
    bound !== null &&
    resolved.rateAt(0) <= bound;
  if (descends) return null;
  return trainAndJudgeModel(config, prepared, { ...options, stability }).verdict;
}

/** Σ values, added first to last: the script adds in the same order and gets the same double. */
function sumInOrder(values: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i] as number;
  return sum;
}
