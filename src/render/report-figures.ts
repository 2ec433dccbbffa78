/**
 * The report's sections that show figures: the data, the losses, the slices of the bowl, the landscape,
 * the decaying rate as a film, the sweep and the LR finder (each rate's own section is report-runs.ts's).
 * Each is one small function from the lesson to page sections, drawn by the figure modules in ./figures.
 */

import type { NothingToSuggest } from "../core/choosing/lr-suggestions.js";
import { mseAt } from "../core/data/stats.js";
import { landscapeAxes, landscapeRanges, mseGrid, pathToHold } from "../core/landscape/landscape.js";
import type { TrainResult } from "../core/training/train.js";
import { escapeXml } from "./escape.js";
import { animationFigure, animationFromHistory } from "./figures/animation.js";
import { findLrFigure } from "./figures/find-lr.js";
import { fitFigure } from "./figures/fit.js";
import { equalAspectRanges, landscapeFigure } from "./figures/landscape.js";
import { type LossCurve, lossFigure } from "./figures/loss.js";
import { scheduleFigure } from "./figures/schedule.js";
import { formatTick } from "./figures/shared.js";
import { slicesFigure } from "./figures/slices.js";
import { sweepFigure } from "./figures/sweep.js";
import type { RenderEnvironment } from "./frame.js";
import type { PageSection } from "./html.js";
import { formatConditionNumber, withRealMinus } from "./numbers.js";
import type { LessonRun, ReportLesson } from "./report.js";
import { count, lineWords } from "./report-words.js";
import { formatDistinct } from "./text.js";
import { closenessWords, neverFellWords, OUTCOME_WORDS } from "./verdict-words.js";

/**
 * Grid points per axis of the landscape: contours traced on 101² points are smooth at the report's size,
 * and four maps of them weigh a third of what 201² would.
 */
const LANDSCAPE_GRID = 101;
/** Steps of each run drawn as arrows on the slices: the early ones, where the rates differ most. */
const SLICE_STEPS = 20;

export function dataSection(environment: RenderEnvironment, lesson: ReportLesson): PageSection[] {
  const { data, stats, start } = lesson;
  const startLoss = (lesson.runs[0]?.run ?? lesson.decay.run).history.loss[0] as number;
  const ideal = stats?.optimum ?? null;
  const figure = fitFigure(environment, {
    data,
    ideal,
    snapshots: [{ step: 0, ...start, loss: startLoss }],
    title: ideal ? "Your data and the ideal line" : "Your data",
    subtitle: `red: where the line starts, ${lineWords(start.w, start.b)}${ideal ? ` · green: the least-squares line ${lineWords(ideal.w, ideal.b)}` : ""}`,
  });
  return [
    {
      heading: "The data and the ideal line",
      paragraphs: [
        `${count(data.x.length)} point${data.x.length === 1 ? "" : "s"}, x from the column “${data.xName}” and y from “${data.yName}”. A red line y = w·x + b starts at ${lineWords(start.w, start.b)}, with a loss (${lesson.lossName}) of ${formatTick(startLoss)}, and must move onto the line that fits the points best${ideal ? `, the green least-squares line ${lineWords(ideal.w, ideal.b)}` : ""}. It gets there by following the gradient of the loss downhill, one step at a time; the learning rate scales each step.`,
      ],
      figures: [figure],
    },
  ];
}

/**
 * "lr 0.24 · good": each run labelled with what it actually did, by its verdict, its rate written with the
 * digits that tell the lesson's rates apart.
 */
function runLabel({ learningRate, verdict }: LessonRun, lesson: ReportLesson): string {
  const rates = lesson.runs.map((run) => run.learningRate);
  const written = withRealMinus(
    formatDistinct(rates)[rates.indexOf(learningRate)] ?? formatTick(learningRate),
  );
  return `lr ${written} · ${OUTCOME_WORDS[verdict.outcome]}`;
}

export function lossSection(environment: RenderEnvironment, lesson: ReportLesson): PageSection[] {
  if (lesson.runs.length === 0) return [];
  const curves: LossCurve[] = lesson.runs.map((lessonRun) => ({
    rate: lessonRun.learningRate,
    label: OUTCOME_WORDS[lessonRun.verdict.outcome],
    steps: lessonRun.run.history.step,
    losses: lessonRun.run.history.loss,
    divergedAtStep: lessonRun.run.divergedAtStep,
  }));
  return [
    {
      heading: "The loss, step by step",
      paragraphs: [
        lesson.plan?.illConditioned
          ? "No constant rate gets this loss down in a budget worth watching: the curves below say why the data needs rescaling first."
          : "Too small crawls down; a good rate arrives; one that jumps around is still bouncing at the end; past the critical rate the loss climbs.",
      ],
      figures: [
        lossFigure(environment, {
          curves,
          optimumLoss: lesson.theory?.optimum.loss ?? null,
          lossName: lesson.lossName,
          title: "Loss against step for each rate",
        }),
      ],
    },
  ];
}

/** The lesson's drawing: the loss along w and along b, each rate's first steps as arrows (MSE only). */
export function slicesSection(environment: RenderEnvironment, lesson: ReportLesson): PageSection[] {
  const { stats } = lesson;
  if (!stats || lesson.runs.length === 0) return [];
  return [
    {
      heading: "Jumping across the bowl",
      paragraphs: [
        `The loss along the slope w (with b held at its best value) and along the intercept b (with w held). Each arrow is one step of the first ${SLICE_STEPS}: a small rate creeps down the side of the bowl, a good one drops to the bottom, a larger one jumps across it and back, and one past the critical rate jumps out.`,
      ],
      figures: [
        slicesFigure(environment, {
          lossAt: (w, b) => mseAt(stats, w, b),
          centre: stats.optimum,
          runs: lesson.runs.map((lessonRun) => ({
            label: runLabel(lessonRun, lesson),
            w: lessonRun.run.history.w.subarray(0, SLICE_STEPS + 1),
            b: lessonRun.run.history.b.subarray(0, SLICE_STEPS + 1),
          })),
          lossLabel: `loss (${lesson.lossName})`,
          title: "The first steps of each rate, on slices of the loss",
        }),
      ],
    },
  ];
}

/** The loss over (w, b) as contours, each rate's path across it, the sharp and flat directions (MSE only). */
export function landscapeSection(environment: RenderEnvironment, lesson: ReportLesson): PageSection[] {
  const { stats, theory } = lesson;
  if (!stats || !theory || lesson.runs.length === 0) return [];
  // As lrlab plot landscape frames it: the paths decide the view; a climbing run's first jumps (up to 3×
  // its starting loss) stay in it, so it is seen leaving the bowl.
  const automatic = landscapeRanges(stats, {
    include: lesson.runs.map(({ run }) => pathToHold(run, 3)),
    bowl: 0.02,
  });
  const ranges = equalAspectRanges(automatic);
  const axes = landscapeAxes(stats, { grid: LANDSCAPE_GRID, wRange: ranges.w, bRange: ranges.b });
  const [lambdaMax, lambdaMin] = theory.hessianEigenvalues;
  return [
    {
      heading: "The whole bowl, seen from above",
      paragraphs: [
        `The loss over every slope w and intercept b, as contour rings around the optimum, with each rate's path from the start. ${Number.isFinite(theory.conditionNumber) ? `The bowl is ${formatConditionNumber(theory.conditionNumber)} times steeper along its sharp direction than along its flat one` : "The bowl is a trough: flat along one direction, where the loss does not change"}: a rate's steps shrink by (1 − rate × ${formatTick(lambdaMax)}) along the first and by (1 − rate × ${formatTick(lambdaMin)}) along the second.`,
      ],
      figures: [
        landscapeFigure(environment, {
          surface: { ...axes, values: mseGrid(stats, axes) },
          optimum: theory.optimum,
          directions: { sharp: theory.eigenvectors[0], flat: theory.eigenvectors[1], lambdaMax, lambdaMin },
          series: lesson.runs.map((lessonRun) => ({
            label: runLabel(lessonRun, lesson),
            w: lessonRun.run.history.w,
            b: lessonRun.run.history.b,
          })),
          lossName: lesson.lossName,
          layout: "panels",
          title: "Each rate's path across the loss landscape",
        }),
      ],
    },
  ];
}

/** The decaying rate as a film (animated SVG, no script), and its loss beside a constant rate's. */
export function decaySection(environment: RenderEnvironment, lesson: ReportLesson): PageSection[] {
  const { run, constant, words, critical } = lesson.decay;
  const film = animationFromHistory(run.history);
  const animation = animationFigure(environment, {
    data: lesson.data,
    ideal: lesson.stats?.optimum ?? null,
    ...film,
    criticalLearningRate: critical,
    width: 720,
    subtitle: words,
  });
  const firstRate = formatTick(run.history.learningRate[0] as number);
  const curve = (label: string, r: TrainResult): LossCurve => ({
    label,
    steps: r.history.step,
    losses: r.history.loss,
    divergedAtStep: r.divergedAtStep,
  });
  const figures = [
    animation.figure,
    lossFigure(environment, {
      curves: [curve(`constant lr ${firstRate}`, constant), curve(`decaying from lr ${firstRate}`, run)],
      optimumLoss: lesson.theory?.optimum.loss ?? null,
      lossName: lesson.lossName,
      title: "The same start, with a constant rate and with a decaying one",
    }),
    scheduleFigure(environment, {
      curves: [
        { label: "decaying", description: words, steps: run.history.step, rates: run.history.learningRate },
        {
          label: "constant",
          description: `constant lr ${firstRate}`,
          steps: constant.history.step,
          rates: constant.history.learningRate,
        },
      ],
      title: "The two learning rates, step by step",
    }),
  ];
  return [
    {
      heading: "Decay settles into the minimum",
      paragraphs: [
        `A rate near the critical one makes big, fast steps that overshoot; lowering it as training goes on lets the line settle into the minimum instead of bouncing around it. Here: ${words}. The film loops; the step, the rate and the loss are written above the line.`,
      ],
      figures,
    },
  ];
}

/** Final loss against rate for many rates, the regimes, the best rate and the critical one; and the table. */
export function sweepSection(environment: RenderEnvironment, lesson: ReportLesson): PageSection[] {
  const { sweep } = lesson;
  const rows = sweep.runs
    .map((run) => {
      const best = sweep.best?.learningRate === run.learningRate ? " ← best" : "";
      return `<tr><td>${formatTick(run.learningRate)}${best}</td><td>${OUTCOME_WORDS[run.outcome]}</td><td>${formatTick(run.finalLoss)}</td><td>${run.stepsToTolerance === null ? "—" : count(run.stepsToTolerance)}</td></tr>`;
    })
    .join("");
  const boundary = sweep.boundary;
  // The sweep counts steps to the closeness gap every face uses (core closeness.ts), as the verdicts word it.
  const judged = lesson.runs.find((run) => run.verdict.closeness)?.verdict;
  const closeWords = judged ? closenessWords(judged) : "within 0.1% of the best loss";
  return [
    {
      heading: "A sweep of rates",
      paragraphs: [
        `${sweep.runs.length} rates, each trained for ${count(lesson.steps)} steps from the same start.${
          boundary.smallestDiverged !== null
            ? ` It diverges between lr ${formatTick(boundary.largestNonDiverged ?? 0)} and ${formatTick(boundary.smallestDiverged)}${boundary.criticalLearningRate !== null ? `; the theory's ${boundary.rule ?? "critical rate"} = ${formatTick(boundary.criticalLearningRate)}${boundary.agrees ? " lies between them" : ""}` : ""}.`
            : ""
        }${sweep.best ? ` The best rate is ${formatTick(sweep.best.learningRate)}.` : ""}`,
      ],
      figures: [
        sweepFigure(environment, {
          result: sweep,
          lossName: lesson.lossName,
          title: "Final loss against learning rate",
        }),
      ],
      html: `<table><thead><tr><th>lr</th><th>outcome</th><th>final loss</th><th>steps to stay ${escapeXml(closeWords)}</th></tr></thead><tbody>${rows}</tbody></table>`,
    },
  ];
}

/** The finder's suggestion in a sentence, or the core's reason it has none. */
function suggestionWords(
  nothingBecause: NothingToSuggest | null,
  valley: number | null,
  firstRate: number,
  critical: number | null,
  stoppedByBlowUp: boolean,
): string {
  if (nothingBecause === "never-fell") {
    const start =
      critical !== null && firstRate > critical
        ? ` Its first rate, ${formatTick(firstRate)}, is already ${formatTick(Number((firstRate / critical).toPrecision(2)))}× 2/λmax: on these data a finder must start below the edge.`
        : " A finder on these data must start lower.";
    return ` It suggests nothing here: ${neverFellWords(stoppedByBlowUp)}, so every rate the ramp reached was already too large.${start}`;
  }
  if (valley === null) return " It suggests nothing here: no finite loss was recorded.";
  return ` Its suggestion, the valley, is ${formatTick(valley)}.`;
}

/** What an LR finder (fastai's range test) suggests on the same data, beside the exact critical rate. */
export function findLrSection(environment: RenderEnvironment, lesson: ReportLesson): PageSection[] {
  const found = lesson.rangeTest;
  if (found.iterations < 2) return [];
  const critical = lesson.theory ? lesson.theory.criticalLearningRate : null;
  const valley = found.suggestions.valley?.learningRate ?? null;
  return [
    {
      heading: "What an LR finder would say",
      paragraphs: [
        `The LR range test (fastai's lr_find) ramps the rate from ${formatTick(found.learningRates[0] as number)} upwards over ${count(found.requestedIterations)} mini-batches of ${count(found.batchSize)} points and watches the loss.${suggestionWords(found.suggestions.nothingBecause, valley, found.learningRates[0] as number, critical, found.stoppedEarly)}${
          critical !== null
            ? ` The exact theory puts the edge at 2/λmax = ${formatTick(critical)}${valley !== null ? `: the finder's rate is ${formatTick(valley / critical)} × that` : ""}.`
            : ""
        }`,
      ],
      figures: [
        findLrFigure(environment, {
          learningRates: found.learningRates,
          losses: found.losses,
          smoothedLosses: found.smoothedLosses,
          suggestions: found.suggestions,
          steepLagCorrected: found.steepLagCorrected,
          critical: critical !== null ? { learningRate: critical, formula: "2/λmax (SGD)" } : null,
          lossName: lesson.lossName,
          title: "The LR range test on your data",
        }),
      ],
    },
  ];
}
