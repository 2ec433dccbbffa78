/**
 * What the worker answers (protocol.ts has the messages that carry them): the data's description, a run
 * judged beside the exact theory with its loss slices, a race of several runs, random guesses beside
 * gradient descent, a landscape, an export. Plain data; typed arrays travel as transferred buffers.
 */
import type {
  GuideFacts,
  History,
  LessonPlan,
  LessonRateName,
  Outcome,
  Regime,
  StabilityBound,
  TrainStatus,
  UnstableReason,
  Verdict,
} from "../core/index.js";
import type { OffSlice } from "../core/landscape/slice.js";
import type { BestWorstCaseFormula } from "../core/theory/best-worst-case.js";
import type { BoundaryView } from "../render/figures/decision-boundary.js";
import type { SliceSet } from "./lab-slices.js";
import type { ModelSettings } from "./model-settings.js";
import type { RunConfig } from "./protocol.js";

/** What the page learns about the data: names, size, and a sample small enough to draw. */
export interface DataInfo {
  /** Increases with every successful load; runs say which data they were computed on. */
  readonly version: number;
  readonly source: string;
  readonly n: number;
  readonly xName: string;
  readonly yName: string;
  /** Columns that can be picked (bundled: the numeric ones; CSV: the header), else []. */
  readonly columns: readonly string[];
  /** Every point when there are few, else an even sample; see SAMPLE_LIMIT. */
  readonly sampleX: Float64Array;
  readonly sampleY: Float64Array;
  /** Of all the points, not just the sample. */
  readonly extentX: readonly [number, number];
  readonly extentY: readonly [number, number];
}

/** The exact theory of full-batch gradient descent on MSE, for the data. */
export interface TheorySummary {
  readonly optimum: { readonly w: number; readonly b: number; readonly loss: number };
  readonly lambdaMax: number;
  readonly lambdaMin: number;
  readonly conditionNumber: number;
  readonly criticalLearningRate: number;
  readonly optimalLearningRate: number;
  /** The core's formula for that rate ("1/λmax" when all x are equal): the web writes it as the CLI does. */
  readonly optimalFormula: BestWorstCaseFormula;
  /** All x equal: every line through the mean point fits equally well. */
  readonly degenerate: boolean;
}

/** A run's recorded rows as the core's training keeps them: typed-array columns, transferred as they are. */
export type RunHistory = History;

export interface RunResult {
  readonly dataVersion: number;
  readonly config: RunConfig;
  readonly status: TrainStatus;
  readonly divergedAtStep: number | null;
  readonly steps: number;
  readonly requestedSteps: number;
  readonly batchSize: number;
  readonly stepsPerEpoch: number;
  readonly historyEvery: number;
  readonly final: { readonly w: number; readonly b: number; readonly loss: number };
  readonly history: RunHistory;
  /** Null unless the loss is MSE. */
  readonly theory: TheorySummary | null;
  /** The bound of this optimizer on this data (the verdict's), plain or momentum SGD on MSE, else null. */
  readonly stability: StabilityBound | null;
  readonly verdict: Verdict;
  /** The loss slices through the optimum with the run's steps on them (see lab-slices.ts), or null … */
  readonly slices: SliceSet | null;
  /** … and why not, in words. */
  readonly slicesUnavailable: string | null;
}

/** One lane of a race: what it ran, and the run. */
export interface RaceLane {
  readonly optimizer: string;
  /** The rate it ran at: the lane's own, or the theory's when the lane's setting was 0. */
  readonly learningRate: number;
  readonly fromTheory: boolean;
  /** The lesson's name for the rate (core lesson.ts: "too-small", "good", …) when the lesson's rule chose it. */
  readonly name: LessonRateName | null;
  readonly run: RunResult;
}

export interface RaceResult {
  readonly dataVersion: number;
  readonly lanes: readonly RaceLane[];
}

/** Random guessing beside gradient descent (see lab-guesses.ts). */
export interface GuessResult {
  readonly dataVersion: number;
  readonly trials: number;
  readonly seed: number;
  /** Where the guesses are drawn from, uniformly. */
  readonly box: { readonly w: readonly [number, number]; readonly b: readonly [number, number] };
  /** Every guess, in order, and its loss (NaN where that would cost a pass over the data: MAE, Huber). */
  readonly w: Float64Array;
  readonly b: Float64Array;
  readonly loss: Float64Array;
  readonly best: {
    readonly w: number;
    readonly b: number;
    readonly loss: number;
    readonly evaluations: number;
  };
  /**
   * Every guess that beat the best so far (after `evaluations` guesses), and the loss evaluations gradient
   * descent needs to do as well (null: not within its step limit).
   */
  readonly progress: readonly {
    readonly evaluations: number;
    readonly loss: number;
    readonly w: number;
    readonly b: number;
    readonly gradientDescent: number | null;
  }[];
  readonly gradientDescent: {
    readonly learningRate: number;
    /** The rate is the optimal rate of the exact theory (MSE), not the lesson's. */
    readonly optimal: boolean;
    /** Its loss at evaluation e (the start is evaluation 1) at index e − 1. */
    readonly losses: Float64Array;
    /** Evaluations it needs to do as well as the best guess, or null. */
    readonly evaluationsToBest: number | null;
  };
  readonly optimum: { readonly w: number; readonly b: number; readonly loss: number } | null;
}

/**
 * The MSE loss over a grid of (w, b) around the optimum, holding the run's start: `values[j * w.length + i]`
 * is the loss at (w[i], b[j]). With the Hessian's eigen-directions, for the landscape's axes.
 */
export interface LandscapeResult {
  readonly dataVersion: number;
  readonly w: Float64Array;
  readonly b: Float64Array;
  readonly values: Float64Array;
  readonly optimum: { readonly w: number; readonly b: number; readonly loss: number };
  readonly sharp: readonly [number, number];
  readonly flat: readonly [number, number];
  readonly lambdaMax: number;
  readonly lambdaMin: number;
}

export interface ExportResult {
  readonly text: string;
  readonly fileName: string;
  readonly mime: string;
}

/** The run on screen as a TF.js or Keras script (`lrlab export`), or why it cannot be exported. */
export interface ExportCodeResult {
  /** The script; null when only the check was asked for, or when refused. */
  readonly script: string | null;
  /** The core's one-line reason when the plan refuses the run (e.g. the plateau schedule); else null. */
  readonly refused: string | null;
}

/** The guided lesson's facts for the data loaded (core guide.ts): every chapter's numbers and task. */
export interface GuideResult {
  readonly dataVersion: number;
  readonly facts: GuideFacts;
}

/** The lesson's four rates for the data loaded and a run's settings (the presets'; core lesson.ts). */
export interface PlanResult {
  readonly dataVersion: number;
  readonly plan: LessonPlan | null;
}

/**
 * A run of a model beyond the line (lab-model.ts): its loss and sharpness over the steps, the bounds the
 * rate sets on the sharpness, the stability and verdict of core/judging/model-run.ts in model-words, and
 * the fitted curve on a grid of x for the scene.
 */
/**
 * The loss on a plane through a model's final weights (α = β = 0), computed in the worker
 * (lab-model-landscape.ts): `values[j·alpha.length + i]` is the loss at (alpha[i], beta[j]).
 */
export interface ModelLandscapeResult {
  readonly kind: "random" | "hessian";
  /** Seeds the random directions. */
  readonly seed: number;
  readonly alpha: Float64Array;
  readonly beta: Float64Array;
  readonly values: Float64Array;
  /** The run's path projected onto the plane, at its kept steps. */
  readonly path: { readonly alpha: Float64Array; readonly beta: Float64Array; readonly step: Float64Array };
  readonly centreLoss: number;
  /** Hessian directions only: their eigenvalues, largest first. */
  readonly eigenvalues: readonly [number, number] | null;
  /** Hessian directions were the default, but the Hessian is zero at the final weights: random ones instead. */
  readonly zeroHessian: boolean;
  /** How far off the plane the path goes at most (in weight units), since the projection hides it. */
  readonly off: OffSlice;
  readonly pathInside: boolean;
}

export interface ModelRunResult {
  readonly dataVersion: number;
  readonly config: RunConfig;
  readonly settings: ModelSettings;
  /** render/model-words.ts `modelTitle`: "mlp 1-16-1 (tanh)". */
  readonly title: string;
  readonly parameterCount: number;
  /** The loss fitted: the lab's, or bce for logistic regression. */
  readonly lossName: string;
  /**
   * Logistic regression's labels: y as given when every y is 0 or 1 (`threshold` null), else 1 where y is
   * above `threshold` (the median of y) and 0 elsewhere.
   */
  readonly labels: { readonly threshold: number | null; readonly ones: number; readonly n: number } | null;
  /** The mean and population deviation x was standardized with, or null. */
  readonly standardization: { readonly mean: number; readonly deviation: number } | null;
  /** Every standardized column (several for linear regression on several), in the model's order. */
  readonly standardizedColumns: readonly {
    readonly name: string;
    readonly mean: number;
    readonly deviation: number;
  }[];
  readonly status: TrainStatus;
  readonly steps: number;
  readonly requestedSteps: number;
  readonly divergedAtStep: number | null;
  /** The rate at step 0 (the schedule's first). */
  readonly learningRate: number;
  readonly initialLoss: number;
  readonly finalLoss: number;
  /** The least-squares loss (the linear family under MSE), else null. */
  readonly bestLoss: number | null;
  readonly history: {
    readonly length: number;
    readonly step: Float64Array;
    readonly learningRate: Float64Array;
    readonly loss: Float64Array;
  };
  /** λmax of the full-data Hessian at the measured steps. */
  readonly sharpness: {
    readonly every: number;
    readonly step: Float64Array;
    readonly value: Float64Array;
    readonly converged: boolean;
  };
  /**
   * The sharpness above which each recorded step's rate is unstable: `plain` = 2/η (gradient descent's),
   * `optimizer` = the optimizer's own (momentum: 2(1 + β)/η), null where it is the plain one or where the
   * optimizer has none (`adaptive`: Adam, RMSprop, Adagrad rescale their steps).
   */
  readonly thresholds: {
    readonly plain: Float64Array;
    readonly optimizer: Float64Array | null;
    /** The optimizer's bound in η, e.g. "2(1 + β)/η", with β's value in `detail`. */
    readonly formula: string | null;
    readonly detail: string | null;
    readonly adaptive: boolean;
    /** Keras's class: "SGD", "Adam". */
    readonly optimizerClass: string;
  };
  readonly stability: {
    readonly basis: "exact" | "measured";
    readonly sharpness: number;
    readonly criticalLearningRate: number;
    /** The optimizer's divergence bound at the start, where it has one. */
    readonly bound: StabilityBound | null;
    readonly converged: boolean;
  };
  readonly verdict: {
    readonly regime: Regime;
    readonly regimeBasis: "exact" | "sharpness" | "run";
    readonly criticalAtEnd: number | null;
    readonly edgeOfStability: boolean;
    /** The rate is above the bound the sharpness at the end sets, in a run that did not blow up. */
    readonly aboveBoundAtEnd: boolean;
    /** The run did not diverge, yet went above the bound at the start or ended higher (core: unstable-run.ts). */
    readonly unstableUndiverged: UnstableReason | null;
    readonly reached: boolean | null;
    /** The core's outcome word (Too small … Jumps out), or null where it gives none (model-run.ts). */
    readonly outcome: Outcome | null;
  };
  /** render/model-words.ts's sentences. */
  readonly words: {
    readonly stability: readonly string[];
    readonly verdict: readonly string[];
    readonly standardize: string | null;
  };
  /** The model's predictions (logistic: the probability of 1) on an even grid of x around the data. */
  readonly curve: { readonly x: Float64Array; readonly y: Float64Array };
  /** Logistic regression: the x where the probability is 0.5, null when the weight is 0. */
  readonly boundary: number | null;
  /** The x columns the model was fitted on (one, or several picked for linear, logistic or mlp). */
  readonly featureNames: readonly string[];
  /**
   * Several x columns: each point's y (`actual`; logistic: its 0/1 label) and the model's prediction
   * (logistic: the probability of 1), for predicted against actual; null when `plane` is drawn instead.
   */
  readonly predictions: { readonly actual: Float64Array; readonly predicted: Float64Array } | null;
  /**
   * A classifier on exactly two x columns (logistic regression, or an mlp under BCE) with finite weights:
   * the a–b plane with its p = 0.5 boundary, the view `lrlab plot fit` draws; else null.
   */
  readonly plane: BoundaryView | null;
  /** The slice through the final weights for a model of more than two parameters, else null… */
  readonly landscape: ModelLandscapeResult | null;
  /** …and then why not, in a sentence. */
  readonly landscapeNote: string | null;
}
