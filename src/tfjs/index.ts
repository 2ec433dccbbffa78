/**
 * `lrlab/tfjs`: Keras's learning-rate callbacks and the LR range test for TensorFlow.js models, with the
 * same semantics as lrlab's core. Needs `@tensorflow/tfjs` (an optional peer dependency of lrlab); the
 * core never imports it. This file only lists exports.
 */

export type { FindLearningRateOptions, FindLearningRateResult } from "./find-learning-rate.js";
export { findLearningRate } from "./find-learning-rate.js";
export type { RateAccess } from "./learning-rate.js";
export { learningRateOf, RATE_ACCESS, rateAccessOf, setLearningRate } from "./learning-rate.js";
export type { LearningRateLog } from "./learning-rate-logger.js";
export { LEARNING_RATE_LOG_FORMAT, LearningRateLogger, learningRateLogger } from "./learning-rate-logger.js";
export type { LearningRateSchedulerOptions } from "./learning-rate-scheduler.js";
export {
  LEARNING_RATE_LOG_KEY,
  LearningRateScheduler,
  learningRateScheduler,
} from "./learning-rate-scheduler.js";
export type { CallbackLogs } from "./logs.js";
export { readLogs } from "./logs.js";
export type { PlateauReduction, ReduceLROnPlateauOptions } from "./reduce-lr-on-plateau.js";
export { ReduceLROnPlateauCallback, reduceLROnPlateau } from "./reduce-lr-on-plateau.js";
export type {
  MeasureSharpnessOptions,
  SharpnessMeasurement,
  SharpnessMonitorOptions,
} from "./sharpness-monitor.js";
export {
  CRITICAL_RATE_LOG_KEY,
  measureSharpness,
  SHARPNESS_LOG_KEY,
  SharpnessMonitor,
  sharpnessMonitor,
} from "./sharpness-monitor.js";
export type { TerminateOnNaNOptions } from "./terminate-on-nan.js";
export { TerminateOnNaN, terminateOnNaN } from "./terminate-on-nan.js";
