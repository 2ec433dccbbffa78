/**
 * One section per learning rate of the lesson: what the rate did, in words a learner understands (from
 * the run's verdict and the theory), and the red line at a few of its steps.
 */
import { escapeXml } from "./escape.js";
import { fitFigure, type LineSnapshot } from "./figures/fit.js";
import { extent, formatTick } from "./figures/shared.js";
import type { RenderEnvironment } from "./frame.js";
import type { PageSection } from "./html.js";
import type { LessonRun, ReportLesson } from "./report.js";
import { count, percent } from "./report-words.js";

/** One section per rate: what it did in words, and its line at a few steps. */
export function rateSections(environment: RenderEnvironment, lesson: ReportLesson): PageSection[] {
  if (lesson.runs.length === 0) return [];
  const intro: PageSection = {
    heading: `${lesson.runs.length === 4 ? "Four" : "A few"} learning rates`,
    paragraphs: [
      `${lesson.exact ? "Chosen from the theory above" : "Chosen from the sweep below"}, each trained for ${count(lesson.steps)} steps from the same start. Each figure shows the red line at a few of its steps.`,
    ],
  };
  return [
    intro,
    ...lesson.runs.map((lessonRun) => {
      const title = `${capitalize(lessonRun.role)}: lr ${formatTick(lessonRun.learningRate)}`;
      const shown = snapshots(lessonRun, lesson.data);
      return {
        html: `<h3>${escapeXml(title)}</h3><p>${escapeXml(runStory(lessonRun, lesson))}</p>`,
        figures: [
          fitFigure(environment, {
            data: lesson.data,
            ideal: lesson.stats?.optimum ?? null,
            snapshots: shown,
            title: `lr ${formatTick(lessonRun.learningRate)}: ${lessonRun.role}`,
            subtitle: `the red line at steps ${shown.map((s) => count(s.step)).join(", ")} · final loss ${formatTick(lessonRun.run.final.loss)}`,
          }),
        ],
      };
    }),
  ];
}

/**
 * Steps 0, 1, 3 and the last with the line still near the data: a diverging line soon stands nearly
 * vertical, which says nothing more, so its last panel is the last step whose line stays within three
 * data heights of the points.
 */
function snapshots({ run }: LessonRun, data: ReportLesson["data"]): LineSnapshot[] {
  const { history } = run;
  const [xLow, xHigh] = extent(data.x);
  const [yLow, yHigh] = extent(data.y);
  const reach = 3 * (yHigh - yLow || 1);
  const near = (row: number) => {
    const w = history.w[row] as number;
    const b = history.b[row] as number;
    return [w * xLow + b, w * xHigh + b].every((y) => y >= yLow - reach && y <= yHigh + reach);
  };
  let last = history.length - 1;
  while (last > 1 && !near(last)) last--;
  return [...new Set([0, 1, 3, last])]
    .filter((row) => row <= last)
    .sort((a, b) => a - b)
    .map((row) => ({
      step: history.step[row] as number,
      w: history.w[row] as number,
      b: history.b[row] as number,
      loss: history.loss[row] as number,
    }));
}

/** What a run did, in words, from its verdict and the theory. */
export function runStory({ run, verdict, learningRate }: LessonRun, lesson: ReportLesson): string {
  const { theory } = lesson;
  const optimum = theory?.optimum.loss;
  const above = optimum !== undefined && optimum > 0 ? percent((run.final.loss - optimum) / optimum) : null;
  const steps = count(run.steps);
  const startLoss = run.history.loss[0] as number;
  if (verdict.kind === "diverged" || run.final.loss > startLoss) {
    const critical = verdict.criticalLearningRate;
    return `${critical !== null ? `It is above the critical rate ${formatTick(critical)}: e` : "E"}ach step overshoots the minimum by more than the one before, and the line flies off. The loss went from ${formatTick(startLoss)} at the start to ${formatTick(run.final.loss)} ${
      verdict.kind === "diverged"
        ? `at step ${count(run.divergedAtStep ?? run.steps)}, past a million times its start, where the run was stopped`
        : `after ${steps} steps`
    }.`;
  }
  switch (verdict.kind) {
    case "converged":
      return `It arrives: after ${steps} steps the loss is within 0.1% of the optimum.${
        verdict.overshoots && theory
          ? ` On the way each step jumped across the minimum (the rate is above 1/λmax = ${formatTick(1 / theory.hessianEigenvalues[0])}) but landed closer each time.`
          : ""
      }`;
    case "oscillating": {
      const factor = theory ? Math.abs(1 - learningRate * theory.hessianEigenvalues[0]) : Number.NaN;
      return `Each step jumps across the minimum along the steepest direction and closes in only by a factor ${formatTick(factor)}: after ${steps} steps the loss is still ${above ?? "well"} above the optimum.`;
    }
    case "too-slow":
      return `Too careful: after ${steps} steps the loss is still ${above ?? "well"} above the optimum${
        verdict.stepsNeeded !== null
          ? `; at this rate it would need ${count(verdict.stepsNeeded)} steps to get within 0.1%`
          : ""
      }.`;
    case "noisy":
      return `Mini-batch noise keeps it bouncing about the minimum, ${above ?? "somewhat"} above the optimum.`;
    default:
      return `After ${steps} steps the loss is ${formatTick(run.final.loss)}.`;
  }
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
