/**
 * One section per learning rate of the lesson: what the rate did, in words a learner understands (from
 * the run's verdict and the theory), and the red line at a few of its steps.
 */
import { escapeXml } from "./escape.js";
import { fitFigure, type LineSnapshot } from "./figures/fit.js";
import { extent, formatTick } from "./figures/shared.js";
import type { RenderEnvironment } from "./frame.js";
import type { PageSection } from "./html.js";
import { formatExact } from "./numbers.js";
import type { LessonRun, ReportLesson } from "./report.js";
import { count } from "./report-words.js";
import {
  OUTCOME_TITLES,
  OUTCOME_WORDS,
  type Speaker,
  verdictFactsOf,
  verdictWords,
} from "./verdict-words.js";

/** One section per rate: what it did in words, and its line at a few steps. */
export function rateSections(environment: RenderEnvironment, lesson: ReportLesson): PageSection[] {
  if (lesson.runs.length === 0) return [];
  const intro: PageSection = {
    heading: `${lesson.runs.length === 4 ? "Four" : "A few"} learning rates`,
    paragraphs: [
      `${lesson.plan ? "Chosen by one rule so that each shows what it is named after" : "Read off the sweep below"}, each trained for ${count(lesson.steps)} steps from the same start. Each figure shows the red line at a few of its steps.${lesson.plan?.illConditioned ? " On this data no constant rate gets close in a budget worth watching: the “good” rate is the fastest there is, and it still crawls." : ""}`,
    ],
  };
  return [
    intro,
    ...lesson.runs.map((lessonRun) => {
      const outcome = OUTCOME_TITLES[lessonRun.verdict.outcome];
      const title = `${outcome}: lr ${formatTick(lessonRun.learningRate)}`;
      const shown = snapshots(lessonRun, lesson.data);
      return {
        html: `<h3>${escapeXml(title)}</h3><p>${escapeXml(runStory(lessonRun, lesson))}</p>`,
        figures: [
          fitFigure(environment, {
            data: lesson.data,
            ideal: lesson.stats?.optimum ?? null,
            snapshots: shown,
            title: `lr ${formatTick(lessonRun.learningRate)}: ${OUTCOME_WORDS[lessonRun.verdict.outcome]}`,
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

/** How the report offers a rate: as a number to try. */
const REPORT_SPEAKER: Speaker = {
  rate: (value) => `lr ${formatExact(value)}`,
  momentum: (value) => `momentum ${formatExact(value)}`,
  decay: "a decaying schedule (see below)",
  rescale: "rescale x (subtract its mean, divide by its standard deviation)",
};

/** What a run did, in the verdict's words. */
export function runStory({ run, verdict }: LessonRun, lesson: ReportLesson): string {
  return verdictWords(
    verdict,
    verdictFactsOf(run, {
      bestLoss: lesson.theory?.optimum.loss ?? null,
      optimizer: lesson.optimizer,
      loss: lesson.lossName === "MSE" ? "mse" : lesson.lossName === "MAE" ? "mae" : "huber",
    }),
    REPORT_SPEAKER,
  ).text;
}
