/**
 * `lrlab plot animation`: the red line moving onto the green line, step by step, as an animated GIF, an
 * animated SVG or a self-contained HTML page (SMIL, no script).
 *
 * Unless told otherwise (--lr, --schedule), the rate starts near the critical rate 2/λmax and decays, so
 * the first frames overshoot, jumping across the minimum, and the later ones settle into it. Every `fit`
 * flag applies.
 */

import { linearStats } from "../../core/data/stats.js";
import { LrlabError } from "../../core/errors.js";
import { exponentialDecay } from "../../core/schedules/exponential-decay.js";
import { type LinearMseTheory, linearMseTheory, optimizerStabilityBound } from "../../core/theory/theory.js";
import { type TrainOptions, train } from "../../core/training/train.js";
import { DEFAULT_FRAME_COUNT } from "../../render/figures/animation-timing.js";
import type { Figure, RenderEnvironment } from "../../render/frame.js";
import { strictNumber } from "../flags.js";
import { formatCount, formatNumber } from "../format.js";
import type { Io } from "../io.js";
import { addRunOptions, flagName, type RunSetup, runSetupFrom } from "../run-options.js";
import { addRefusedModelOptions, refuseModels } from "./model-refusals.js";
import type { PlotKind } from "./plot-kind.js";

/** The GIF's width in pixels (the figure is drawn at this width in CSS pixels, so text stays crisp). */
export const ANIMATION_WIDTH = 640;
const MAX_FRAMES = 200;

/**
 * A plot kind that also writes a format besides svg, png and html: `lrlab plot` writes
 * `encode(format)` for a format in `extraFormats` (see the change to plot.ts this needs).
 */
export interface EncodingPlotKind extends PlotKind {
  readonly extraFormats: readonly string[];
  build(
    options: Readonly<Record<string, unknown>>,
    io: Io,
    environment: RenderEnvironment,
  ): Promise<{ figure: Figure; inputs: readonly string[]; encode: (format: string) => Uint8Array }>;
}

export const animationPlot: EncodingPlotKind = {
  name: "animation",
  description:
    "the red line moving onto the green line, with step, rate and loss on each frame: animated GIF, SVG or HTML (by default a rate decaying from near the critical one)",
  extraFormats: ["gif"],
  // A PNG would hold only the last frame: a film that does not move is not what was asked for.
  refusedFormats: {
    png: "a PNG cannot move; write the animation as .gif, .svg or .html (lrlab plot fit draws a still)",
  },
  configure(command) {
    addRunOptions(command);
    command.option(
      "--frames <n>",
      `frames in the loop, log-spaced over the steps (default: ${DEFAULT_FRAME_COUNT}, at most ${MAX_FRAMES})`,
    );
    addRefusedModelOptions(command);
  },
  async build(options, io, environment) {
    refuseModels(
      options,
      (model) =>
        `plot animation films the line moving onto the least-squares line; for --model ${model} use \`lrlab plot fit --model ${model}\` (the fitted curve) or \`lrlab plot loss --model ${model}\``,
    );
    const frameCount = framesOption(options.frames);
    const setup = await runSetupFrom(options, io);
    const film = animationRun(setup, options);
    const run = train(setup.data, film.trainOptions, flagName);
    const { animationFigure, animationFromHistory } = await import("../../render/figures/animation.js");
    const { animationToGif } = await import("../../render/gif.js");
    const { frames, curve } = animationFromHistory(run.history, frameCount);
    const stopped = run.status === "diverged" ? ` · diverged at step ${formatCount(run.steps)}` : "";
    const animation = animationFigure(environment, {
      data: setup.data,
      ideal: run.stats ? run.stats.optimum : null,
      frames,
      curve,
      criticalLearningRate: film.critical,
      width: ANIMATION_WIDTH,
      subtitle: `${film.rateWords}${film.critical !== null ? ` · critical rate ${formatNumber(film.critical)}` : ""}${stopped}`,
    });
    return {
      figure: animation.figure,
      inputs: setup.inputs,
      encode(format) {
        if (format !== "gif") throw new Error(`animation: no encoder for ${format}`);
        return animationToGif(animation, ANIMATION_WIDTH);
      },
    };
  },
};

/** The film's run: the user's flags, or by default a decaying rate from near the critical one. */
export interface AnimationRun {
  trainOptions: TrainOptions;
  /** The rate in words for the subtitle: "lr 0.29, ×0.5 every 27 steps (ExponentialDecay) · 108 steps". */
  rateWords: string;
  /** The optimizer's stability bound (2/λmax for SGD), when the theory gives one. */
  critical: number | null;
}

export function animationRun(setup: RunSetup, options: Readonly<Record<string, unknown>>): AnimationRun {
  const theory = setup.loss === "mse" ? linearMseTheory(linearStats(setup.data)) : null;
  const bound = theory ? optimizerStabilityBound(theory.hessianEigenvalues[0], setup.optimizer) : null;
  const critical = bound?.learningRate ?? null;
  if (options.lr === undefined && options.schedule === undefined && theory && critical !== null) {
    return decayingRun(setup, defaultDecay(theory, critical), critical);
  }
  const trainOptions: TrainOptions = { ...setup.trainOptions };
  const rate =
    setup.schedule.name === "constant"
      ? `constant lr ${formatNumber(setup.learningRate)}`
      : `${setup.schedule.className}, lr ${formatNumber(setup.learningRate)}`;
  return {
    trainOptions,
    rateWords: `${optimizerWords(setup)}${rate} · ${lengthWords(trainOptions)}`,
    critical,
  };
}

/** `setup`'s run with the rate decaying as `decay` says; the user's --steps or --epochs win over its length. */
export function decayingRun(setup: RunSetup, decay: DefaultDecay, critical: number | null): AnimationRun {
  const { steps, ...schedule } = decay;
  const trainOptions: TrainOptions = { ...setup.trainOptions, learningRate: exponentialDecay(schedule) };
  delete trainOptions.rateCallback;
  if (trainOptions.steps === undefined && trainOptions.epochs === undefined) trainOptions.steps = steps;
  return {
    trainOptions,
    rateWords: `${optimizerWords(setup)}lr ${formatNumber(decay.initialLearningRate)}, halved every ${formatCount(decay.decaySteps)} steps (ExponentialDecay) · ${lengthWords(trainOptions)}`,
    critical,
  };
}

function optimizerWords(setup: RunSetup): string {
  return setup.optimizerName === "sgd" ? "" : `${setup.optimizerName} · `;
}

/** The default decaying schedule of the animation (and the report): Keras ExponentialDecay arguments. */
export interface DefaultDecay {
  initialLearningRate: number;
  decaySteps: number;
  decayRate: number;
  /** Steps to run: four halvings. */
  steps: number;
}

/**
 * Start at 0.95 × the critical rate, rounded to 2 digits (always below it: rounding moves it ≤ 5%),
 * where each step overshoots along the sharpest direction, and halve the rate every `decaySteps`.
 *
 * A halving schedule sums to about lr₀·decaySteps/ln 2, and the error along the flattest direction
 * shrinks like exp(−λmin·Σ lr); with lr₀ ≈ 1.9/λmax that is exp(−2.7·decaySteps/κ), κ = λmax/λmin, so
 * decaySteps = 3κ shrinks it by e⁻⁸ before the rate has gone: the line settles rather than stalls.
 */
export function defaultDecay(theory: LinearMseTheory, critical: number): DefaultDecay {
  const initialLearningRate = Number((0.95 * critical).toPrecision(2));
  const kappa = Number.isFinite(theory.conditionNumber) ? theory.conditionNumber : 1e4;
  const decaySteps = Math.min(2500, Math.max(10, Math.ceil(3 * kappa)));
  return { initialLearningRate, decaySteps, decayRate: 0.5, steps: 4 * decaySteps };
}

function lengthWords(options: TrainOptions): string {
  if (options.epochs !== undefined) return `${formatCount(options.epochs)} epochs`;
  return `${formatCount(options.steps ?? 100)} steps`;
}

function framesOption(raw: unknown): number {
  if (raw === undefined) return DEFAULT_FRAME_COUNT;
  const value = typeof raw === "string" ? strictNumber(raw) : Number.NaN;
  if (!(Number.isInteger(value) && value >= 2 && value <= MAX_FRAMES)) {
    throw new LrlabError(
      "E_BAD_ARGUMENT",
      `--frames: expected an integer ≥ 2 and ≤ ${MAX_FRAMES}, got ${String(raw)}`,
    );
  }
  return value;
}
