/**
 * The landscape of a model with more than two parameters, in the worker: the loss on a plane through the
 * weights the run ended at, along the directions `lrlab landscape` takes by default for the model (random
 * filter-normalized for a network, Li et al. 2018; the top two Hessian eigenvectors for the linear family),
 * with the run's path projected onto it (core/landscape/model-landscape.ts). A modest grid keeps it to a
 * fraction of a second on the lab's data; it is computed with the run, so a newer run supersedes both.
 */

import { LrlabError } from "../core/errors.js";
import { defaultDirectionKind } from "../core/landscape/directions.js";
import { type ModelLandscape, modelLandscape } from "../core/landscape/model-landscape.js";
import type { PreparedModel } from "../core/models/model-spec.js";
import type { ModelLandscapeResult } from "./answers.js";

/** Grid points per axis: 41 × 41 = 1,681 passes over the data. */
export const LAB_LANDSCAPE_GRID = 41;
/** The most operations a slice may take here (about 2 per parameter and point, each grid point): a second or two. */
export const LANDSCAPE_BUDGET = 2e9;
/** At most this many of the run's recorded steps are kept as its path (each a copy of the weights). */
export const LAB_PATH_POINTS = 200;

/** Keeps the weights at evenly spread recorded steps of a run, for its path (train-model.ts `onRecord`). */
export class PathRecorder {
  readonly step: number[] = [];
  readonly params: Float64Array[] = [];
  readonly #spacing: number;
  #next = 0;

  constructor(totalSteps: number) {
    this.#spacing = Math.max(1, Math.ceil(totalSteps / LAB_PATH_POINTS));
  }

  readonly record = (step: number, params: Float64Array): void => {
    if (step < this.#next) return;
    this.step.push(step);
    this.params.push(Float64Array.from(params));
    this.#next = step + this.#spacing;
  };
}

export interface FinishedRun {
  readonly status: string;
  readonly steps: number;
  readonly initial: Float64Array;
  readonly final: Float64Array;
  /** The recorded steps and their losses. */
  readonly recorded: { readonly step: Float64Array; readonly loss: Float64Array; readonly length: number };
}

/**
 * The slice through the end of `run` (for a model of two parameters, its whole landscape); for the line,
 * whose landscape the Lesson tab draws, null with where to look instead; for a run that blew up, null with why.
 */
export function modelLandscapeLab(
  prepared: PreparedModel,
  run: FinishedRun,
  path: PathRecorder,
  seed: number,
): { landscape: ModelLandscapeResult | null; landscapeNote: string | null } {
  const count = prepared.model.parameterCount;
  // The line's landscape is the Lesson tab's map over (w, b), the same surface. Logistic regression or a
  // standardized line has two parameters too, but another surface: the plane below is the whole of it.
  if (prepared.spec.name === "line") {
    return {
      landscape: null,
      landscapeNote:
        "The line has 2 parameters, so its whole landscape is a plane: the Lesson tab draws this very surface over (w, b).",
    };
  }
  const n = prepared.data.targets.length;
  if (2 * count * n * LAB_LANDSCAPE_GRID ** 2 > LANDSCAPE_BUDGET) {
    return {
      landscape: null,
      landscapeNote: `Slicing ${count.toLocaleString("en-US")} parameters on ${n.toLocaleString("en-US")} points at ${LAB_LANDSCAPE_GRID} × ${LAB_LANDSCAPE_GRID} would take far longer than the run here; \`lrlab landscape\` draws it with the same settings.`,
    };
  }
  if (run.status === "diverged" || !run.final.every(Number.isFinite)) {
    return {
      landscape: null,
      landscapeNote:
        "The run diverged, so it has no final weights to slice through: lower the rate, or stop it sooner.",
    };
  }
  const steps = [...path.step];
  const params = [...path.params];
  if (steps.at(-1) !== run.steps) {
    steps.push(run.steps);
    params.push(Float64Array.from(run.final));
  }
  const losses = new Map<number, number>();
  for (let i = 0; i < run.recorded.length; i++) {
    losses.set(run.recorded.step[i] as number, run.recorded.loss[i] as number);
  }
  const kind = defaultDirectionKind(prepared.spec.name);
  let slice: ModelLandscape;
  try {
    slice = modelLandscape(
      prepared.model,
      prepared.data,
      {
        initial: run.initial,
        final: run.final,
        path: { step: steps, params, loss: steps.map((step) => losses.get(step) ?? Number.NaN) },
      },
      { kind, seed, grid: LAB_LANDSCAPE_GRID },
    );
  } catch (failure) {
    // The core refuses a slice it cannot draw (directions that span no plane) with the reason.
    if (failure instanceof LrlabError) return { landscape: null, landscapeNote: failure.message };
    throw failure;
  }
  if (slice.kind === "interpolate") throw new Error("a plane was asked for");
  return {
    landscape: {
      kind: slice.kind,
      seed,
      alpha: slice.alpha,
      beta: slice.beta,
      values: slice.values,
      path: { alpha: slice.path.alpha, beta: slice.path.beta, step: Float64Array.from(slice.path.step) },
      centreLoss: slice.centreLoss,
      eigenvalues: slice.eigenvalues,
      zeroHessian: slice.zeroHessian,
      off: slice.off,
      pathInside: slice.pathInside,
    },
    landscapeNote: null,
  };
}
