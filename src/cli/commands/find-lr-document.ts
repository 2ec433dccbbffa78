/**
 * The parts of `find-lr`'s JSON document that the line's and a model's range tests share: the settings as
 * used, the ramp and where it stopped, fastai's suggestions and the curve.
 */

import {
  RANGE_TEST_DEFAULTS,
  type RangeTestOptions,
  type RangeTestResult,
} from "../../core/choosing/range-test.js";
import { suggestionMarks } from "../../core/choosing/range-test-marks.js";
import type { RangeTestSettings } from "./find-lr.js";

/** The settings a range test ran with: the given options over fastai's defaults. */
export function settingsOf(rangeOptions: RangeTestOptions, run: RangeTestResult): RangeTestSettings {
  return {
    mode: rangeOptions.mode ?? "exponential",
    startLearningRate: rangeOptions.startLearningRate ?? RANGE_TEST_DEFAULTS.startLearningRate,
    endLearningRate: rangeOptions.endLearningRate ?? RANGE_TEST_DEFAULTS.endLearningRate,
    numIterations: run.requestedIterations,
    smoothing: rangeOptions.smoothing ?? RANGE_TEST_DEFAULTS.smoothing,
    divergeThreshold: rangeOptions.divergeThreshold ?? RANGE_TEST_DEFAULTS.divergeThreshold,
  };
}

/** The range test's settings and outcome in the documents: the ramp, where it stopped, the suggestions. */
export function rangeTestFields(settings: RangeTestSettings, run: RangeTestResult) {
  const rateOf = (name: "valley" | "steep" | "minimum" | "slide") =>
    run.suggestions[name]?.learningRate ?? null;
  // Where the figure marks each suggestion: its own rate, and the smoothed loss there.
  const points = suggestionMarks(run, run.suggestions);
  return {
    ramp: {
      mode: settings.mode,
      startLearningRate: settings.startLearningRate,
      endLearningRate: settings.endLearningRate,
      numIterations: settings.numIterations,
    },
    smoothing: settings.smoothing,
    divergeThreshold: settings.divergeThreshold,
    iterations: run.iterations,
    stoppedEarly: run.stoppedEarly,
    stop: run.stop,
    best:
      run.bestIteration < 0
        ? null
        : {
            iteration: run.bestIteration,
            learningRate: run.learningRates[run.bestIteration],
            smoothedLoss: run.bestSmoothedLoss,
          },
    suggestions: {
      valley: rateOf("valley"),
      steep: rateOf("steep"),
      minimum: rateOf("minimum"),
      slide: rateOf("slide"),
    },
    suggested: run.suggested,
    // Why `suggested` is null: "no-finite-loss" or "never-fell" (the ramp blew up before the loss fell).
    nothingBecause: run.suggestions.nothingBecause,
    steepLagCorrected: run.steepLagCorrected,
    suggestionPoints: points,
    window: run.suggestions.window,
    fellBack: run.suggestions.fellBack,
    notes: run.suggestions.notes,
  };
}

/** Every iteration's rate, batch loss and smoothed loss. */
export function rangeTestCurve(run: RangeTestResult) {
  return Array.from({ length: run.iterations }, (_, i) => ({
    learningRate: run.learningRates[i],
    loss: run.losses[i],
    smoothedLoss: run.smoothedLosses[i],
  }));
}
