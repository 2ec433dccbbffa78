/**
 * The lesson's four rates in the worker, once for every view that offers them: the race's lanes at 0 and
 * the Lesson tab's presets. The rule is the core's (lesson.ts): each rate shows the regime it is named
 * after on the data loaded, for the config's optimizer, start and batch size, at a constant rate.
 */
import { type LessonPlan, lessonPlan } from "../core/lesson/lesson.js";
import { coreConfigOf, type Loaded } from "./lab-run.js";
import type { RunConfig } from "./protocol.js";

/**
 * The plan for `config` on the data loaded: for `steps` steps, or (without) the budget the plan chooses
 * for plain gradient descent and the config's steps for the rest. Null without an exact best loss (MAE,
 * Huber) or a bowl to descend into (all x equal).
 */
export function lessonPlanFor(loaded: Loaded, config: RunConfig, steps?: number): LessonPlan | null {
  if (config.loss !== "mse" || loaded.stats.degenerate) return null;
  return lessonPlan({ ...coreConfigOf(config), schedule: { name: "constant", args: {} } }, loaded.data, {
    stats: loaded.stats,
    theory: loaded.theory,
    ...(steps !== undefined ? { steps } : {}),
  });
}
