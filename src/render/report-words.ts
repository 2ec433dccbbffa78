/** Small pieces of the report's prose: numbers, lines and the run's setup, written for a reader. */
import { formatTick } from "./figures/shared.js";
import type { ReportLesson } from "./report.js";

/** "y = 2.071·x + 0.6353" */
export function lineWords(w: number, b: number): string {
  return `y = ${formatTick(w)}·x ${b < 0 ? "−" : "+"} ${formatTick(Math.abs(b))}`;
}

/** An integer with thousands separators: "1,052". */
export function count(value: number): string {
  return Math.round(value).toLocaleString("en-US");
}

/** "loss MSE · sgd · full batch · 38 steps per run" */
export function setupWords(lesson: ReportLesson): string {
  const batch =
    lesson.batchSize >= lesson.data.x.length ? "full batch" : `batches of ${count(lesson.batchSize)}`;
  return `loss ${lesson.lossName} · ${lesson.optimizerName} · ${batch} · ${count(lesson.steps)} steps per run`;
}

/** A percentage for prose: "19%", "0.0017%". */
export function percent(fraction: number): string {
  return `${formatTick(100 * fraction)}%`;
}
