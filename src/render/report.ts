/**
 * `lrlab report`: the lesson told on the user's data, as one self-contained HTML page. This module takes
 * the computed lesson (plain data: the theory, four runs, a decaying run, a sweep) and lays it out as
 * sections, each made by one small function from the figures in ./figures and a few sentences: the
 * theory here, each rate's section in report-runs.ts, the other figures' in report-figures.ts.
 *
 * Every user-provided string (file and column names) is escaped: by htmlPage for headings and paragraphs,
 * by the figures for their SVG, and here for the little HTML made by hand.
 */

import type { RangeTestResult } from "../core/choosing/range-test.js";
import type { SweepResult } from "../core/choosing/sweep.js";
import type { Dataset } from "../core/data/data.js";
import type { LinearStats } from "../core/data/stats.js";
import type { Verdict } from "../core/judging/verdict.js";
import type { GuideFacts } from "../core/lesson/guide.js";
import type { LessonPlan, LessonRateName } from "../core/lesson/lesson.js";
import { regimeBounds } from "../core/theory/regime.js";
import type { LinearMseTheory } from "../core/theory/theory.js";
import type { TrainResult } from "../core/training/train.js";
import { escapeXml } from "./escape.js";
import { formatTick } from "./figures/shared.js";
import type { RenderEnvironment } from "./frame.js";
import { htmlPage, type PageSection, withoutNamespace } from "./html.js";
import { formatConditionNumber, formatInterval } from "./numbers.js";
import {
  dataSection,
  decaySection,
  findLrSection,
  landscapeSection,
  lossSection,
  slicesSection,
  sweepSection,
} from "./report-figures.js";
import { handoutSections } from "./report-handout.js";
import { rateSections } from "./report-runs.js";
import { count, lineWords, setupWords } from "./report-words.js";
import { closenessWords } from "./verdict-words.js";

export type RateRole = LessonRateName;

/** One of the lesson's constant rates, trained. */
export interface LessonRun {
  role: RateRole;
  learningRate: number;
  /** Trained with a history of every step. */
  run: TrainResult;
  verdict: Verdict;
}

export interface ReportLesson {
  data: Dataset;
  /** "MSE", "MAE" or "Huber". */
  lossName: string;
  /** As the user wrote it: "sgd", "momentum", "adam", … */
  optimizerName: string;
  /** MSE only. */
  stats: LinearStats | null;
  theory: LinearMseTheory | null;
  /** The optimizer the runs used: its bound is the one the report tells. */
  optimizer: { readonly name: string; readonly config: object };
  /** The lesson's four rates from the core's one rule (MSE), else null (read off the sweep). */
  plan: LessonPlan | null;
  start: { w: number; b: number };
  /** Steps per run and the batch size. */
  steps: number;
  batchSize: number;
  /** The constant rates, in increasing order. */
  runs: readonly LessonRun[];
  /**
   * The decaying schedule (or the user's schedule): its run, the same start at a constant rate (its first
   * rate) for as many steps, its description and the critical rate.
   */
  decay: { run: TrainResult; constant: TrainResult; words: string; critical: number | null };
  sweep: SweepResult;
  /** The LR range test with fastai's defaults, on the same data and optimizer. */
  rangeTest: RangeTestResult;
  /** The guided lesson's chapters on these data (core/guide.ts), for the printable handout; null to leave it out. */
  guide: GuideFacts | null;
}

/** One part of the report: its sections, none when it does not apply to this lesson. */
export type ReportSection = (environment: RenderEnvironment, lesson: ReportLesson) => PageSection[];

/** The sections in the order of the lesson. */
export const REPORT_SECTIONS: readonly ReportSection[] = [
  dataSection,
  theorySection,
  rateSections,
  lossSection,
  slicesSection,
  landscapeSection,
  decaySection,
  sweepSection,
  findLrSection,
  closingSection,
  handoutSections,
];

export interface ReportOptions {
  /** `@font-face` rules with the font inlined (see node.ts's embeddedFontCss). */
  fontCss?: string;
  /** Called after each section is drawn. */
  onSection?: (done: number, total: number) => void;
}

/** The whole report as one HTML page: no script, no request to anywhere, every figure inline. */
export function reportPage(
  environment: RenderEnvironment,
  lesson: ReportLesson,
  options: ReportOptions = {},
): string {
  const sections: PageSection[] = [];
  REPORT_SECTIONS.forEach((section, i) => {
    sections.push(...section(environment, lesson).map(withoutNamespace));
    options.onSection?.(i + 1, REPORT_SECTIONS.length);
  });
  const { data } = lesson;
  return htmlPage({
    title: `Learning rates on ${data.source}`,
    subtitle: `${count(data.x.length)} point${data.x.length === 1 ? "" : "s"} · x: ${data.xName} · y: ${data.yName} · ${setupWords(lesson)}`,
    sections,
    ...(options.fontCss !== undefined ? { fontCss: options.fontCss } : {}),
  });
}

/** The theory panel: the optimum, the curvature, the critical and optimal rates, in words. */
export function theorySection(_: RenderEnvironment, lesson: ReportLesson): PageSection[] {
  const { theory } = lesson;
  if (!theory) {
    return [
      {
        heading: "What the theory says",
        paragraphs: [
          `With the ${lesson.lossName} loss there is no formula for the best line or for the rate at which gradient descent flies off: the exact theory is for the mean squared error (MSE). The rates below were read off a sweep instead.`,
        ],
      },
    ];
  }
  const [lambdaMax, lambdaMin] = theory.hessianEigenvalues;
  const { optimum, criticalLearningRate: critical, optimalLearningRate: optimal } = theory;
  const items: [string, string][] = [
    [
      `The ideal line: ${lineWords(optimum.w, optimum.b)}`,
      `The green line. No line fits these points with a lower mean squared error than its ${formatTick(optimum.loss)}: that is the bottom of the loss, the optimum, where gradient descent should arrive.`,
    ],
    [
      `The curvature: λmax ${formatTick(lambdaMax)}, λmin ${formatTick(lambdaMin)}`,
      `Over all slopes w and intercepts b the loss is a bowl. It curves most steeply in one direction and least in another; these two numbers (the eigenvalues of its Hessian) say how much. ${
        Number.isFinite(theory.conditionNumber)
          ? `Their ratio, ${formatConditionNumber(theory.conditionNumber)}, is the condition number: the larger it is, the narrower the valley and the harder a single rate fits both directions.`
          : "Here the smaller is 0: every x is the same, so every line through the mean point fits equally well, and only the steep direction matters."
      }`,
    ],
    [
      `The critical rate: ${formatTick(critical)} = 2/λmax`,
      `Each step multiplies the distance to the bottom along the steepest direction by (1 − rate × λmax). Above ${formatTick(critical)} that factor is below −1: every step overshoots the bottom by more than it was away, and the line flies off. Just below it, the line still jumps across the minimum on every step, but lands a little closer each time; from ${formatTick(1 / lambdaMax)} = 1/λmax upwards it overshoots.`,
    ],
  ];
  const bounds = regimeBounds(lambdaMax, lesson.optimizer);
  const momentum = (lesson.optimizer.config as { momentum?: number }).momentum ?? 0;
  if (lesson.optimizer.name !== "sgd") {
    items.push([
      `With ${lesson.optimizerName}: no exact critical rate`,
      `${lesson.optimizerName} divides each step by a running measure of the gradient's size, so the bound above does not carry over; whether a rate jumps out is read from the run itself.`,
    ]);
  } else if (momentum > 0 && bounds) {
    items.push([
      `With momentum ${formatTick(momentum)}: critical rate ${formatTick(bounds.critical.learningRate)} = ${bounds.critical.formula}`,
      `Momentum carries part of each step into the next, which lets the rate go higher before the line flies off; it also starts jumping across the minimum much earlier, above ${formatTick(bounds.overshoot.learningRate)} = ${bounds.overshoot.formula}.`,
    ]);
  }
  const judged = lesson.runs.find((run) => run.verdict.fastest)?.verdict ?? null;
  const fastest = judged?.fastest ?? null;
  if (judged && fastest) {
    items.push([
      `The fastest rate from this start: ${formatTick(fastest.learningRate)}`,
      `Of every constant rate, it brings the loss ${closenessWords(judged)} in the fewest steps from where the line starts: ${count(fastest.steps)}. ${rangeWords(fastest.range)}`,
    ]);
  }
  items.push([
    `The best worst-case rate: ${formatTick(optimal)} = ${theory.optimalFormula}`,
    theory.optimalFormula !== "1/λmax"
      ? `The constant rate that shrinks the slowest direction fastest, whatever the start, by balancing the two directions: along both, the distance to the bottom shrinks by ${formatTick(Math.abs(1 - optimal * lambdaMax))} per step. From a particular start another rate can be faster, as above.`
      : "With a flat direction that does not change the loss, 1/λmax removes the steep one in a single step.",
  ]);
  if (lesson.plan?.illConditioned) {
    items.push([
      "No constant rate works well here",
      `The bowl is ${formatConditionNumber(theory.conditionNumber)} times steeper one way than the other: any rate the steep direction survives leaves the flat one crawling for millions of steps. Rescale x (subtract its mean, divide by its standard deviation) and the lesson works again.`,
    ]);
  }
  const note =
    lesson.plan === null ? [`With the ${lesson.lossName} loss the rates below were read off a sweep.`] : [];
  return [
    {
      heading: "What the theory says",
      paragraphs: note,
      html:
        `<style>dl.theory dt { font-weight: 600; margin-top: .75rem; } dl.theory dd { margin: .15rem 0 0 1.25rem; max-width: 60rem; }</style>` +
        `<dl class="theory">${items.map(([term, words]) => `<dt>${escapeXml(term)}</dt><dd>${escapeXml(words)}</dd>`).join("")}</dl>`,
    },
  ];
}

/** The rates that need the fewest steps, each end rounded inwards so the words stay true. */
function rangeWords([low, high]: readonly [number, number]): string {
  if (!(low < high)) return `Only ${formatTick(low)} itself needs that few.`;
  const [from, to] = formatInterval(low, high);
  return `Every rate from ${from} to ${to} needs that many.`;
}

function closingSection(_: RenderEnvironment, lesson: ReportLesson): PageSection[] {
  return [
    {
      heading: "How this was made",
      paragraphs: [
        `lrlab trained the model y = w·x + b on ${lesson.data.source} with Keras's update rules, from w = ${formatTick(lesson.start.w)}, b = ${formatTick(lesson.start.b)}.${lesson.theory ? " The theory is exact for full-batch gradient descent on the mean squared error: it is computed from five sums over the data, not estimated." : ""} This page is one file: it needs no network and runs no script.`,
      ],
    },
  ];
}
