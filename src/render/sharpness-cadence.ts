/**
 * When a run's sharpness was measured, in the words every face uses (the web lab's caption, `lrlab fit`,
 * the model report). The core measures every K steps and always at the first and the last step
 * (train-model.ts); an interval as long as the run or longer leaves only those two, and "every 1,000,000
 * steps" on a 100-step run would read as a cadence the run never had.
 */
import { formatCount, formatSteps } from "./numbers.js";

/** The measured steps, as the core's sharpness series records them, and the interval asked for. */
export interface SharpnessCadence {
  readonly every: number;
  readonly step: ArrayLike<number>;
}

/** Whether only the run's ends were measured: the interval spans the run (or it ended first). */
export function measuredAtEndsOnly({ every, step }: SharpnessCadence): boolean {
  if (step.length <= 1) return true;
  const span = (step[step.length - 1] as number) - (step[0] as number);
  return step.length === 2 && span <= every;
}

/**
 * "every 6 steps and at the last (51 measurements)", or "at the first and last step only (steps 0 and 100:
 * the interval, 1,000,000 steps, is at least the run's length)"; the words after "measured".
 */
export function sharpnessCadenceWords(series: SharpnessCadence): string {
  const { every, step } = series;
  if (step.length === 0) return "at no step";
  if (step.length === 1) return `at step ${formatCount(step[0] as number)} only`;
  if (measuredAtEndsOnly(series)) {
    const [first, last] = [step[0] as number, step[1] as number];
    return `at the first and last step only (steps ${formatCount(first)} and ${formatCount(last)}: the interval, ${formatSteps(every)}, is at least the run's length)`;
  }
  return `every ${formatSteps(every)} and at the last (${formatCount(step.length)} measurements)`;
}
